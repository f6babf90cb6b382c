"""Posts from YouTube, X, Instagram and Facebook placed in a story by their address.

Only the address is stored; the player's address is derived here, with no network request, and
readers load it only when they ask (static/js/embeds.js). `FRAME_SOURCES` is what the
Content-Security-Policy's `frame-src` allows.
"""

import re
from dataclasses import dataclass
from urllib.parse import quote, urlsplit


@dataclass(frozen=True)
class Embed:
    provider: str
    name: str
    url: str
    player_url: str


def _youtube(match):
    return f"https://www.youtube-nocookie.com/embed/{match['id']}"


def _x(match):
    return f"https://platform.twitter.com/embed/Tweet.html?id={match['id']}"


def _instagram(match):
    return f"https://www.instagram.com/{match['kind']}/{match['id']}/embed/"


def _facebook(match):
    kind = "video" if "/videos/" in match[0] or "/watch" in match[0] else "post"
    return f"https://www.facebook.com/plugins/{kind}.php?href={quote(match[0], safe='')}"


PROVIDERS = [
    (
        "youtube",
        "YouTube",
        re.compile(
            r"https://(?:www\.|m\.)?(?:youtube\.com/(?:watch\?(?:[\w=&-]*&)?v=|shorts/|live/)"
            r"|youtu\.be/)(?P<id>[\w-]{11})(?:[?&#][\w=&%.-]*)?"
        ),
        _youtube,
    ),
    (
        "x",
        "X",
        re.compile(
            r"https://(?:www\.|mobile\.)?(?:x|twitter)\.com/\w{1,15}/status/(?P<id>\d{1,25})"
            r"(?:[?#][\w=&%.-]*)?"
        ),
        _x,
    ),  # fmt: skip
    (
        "instagram",
        "Instagram",
        re.compile(
            r"https://(?:www\.)?instagram\.com/(?P<kind>p|reel|tv)/(?P<id>[\w-]{5,40})/?"
            r"(?:[?#][\w=&%.-]*)?"
        ),
        _instagram,
    ),
    (
        "facebook",
        "Facebook",
        re.compile(
            r"https://(?:www\.|m\.)?facebook\.com/(?:[\w.-]{1,80}/(?:posts|videos)/[\w.-]{1,80}"
            r"|watch/?\?v=\d{1,25}|permalink\.php\?story_fbid=\w{1,40}&id=\d{1,25})/?"
        ),
        _facebook,
    ),
]

FRAME_SOURCES = [
    "https://www.youtube-nocookie.com",
    "https://platform.twitter.com",
    "https://www.instagram.com",
    "https://www.facebook.com",
]


def embed_for(url):
    """The embed for a provider's post address, or None for any other text."""
    url = (url or "").strip()
    if len(url) > 500 or urlsplit(url).scheme != "https":
        return None
    for provider, name, pattern, player in PROVIDERS:
        match = pattern.fullmatch(url)
        if match:
            return Embed(provider=provider, name=name, url=url, player_url=player(match))
    return None
