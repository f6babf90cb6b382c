"""An attachment's file: from the uploads folder given with `--media-dir`, or downloaded from
the old site with `--fetch-media`. Never a file outside that folder; never the network unless
asked; a download is bounded in time and size and must be a picture."""

import http.client
import ipaddress
import posixpath
import socket
import time
import urllib.request
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

FETCH_TIMEOUT = 15  # seconds, for a whole download
PICTURE_TYPES = ("image/jpeg", "image/png", "image/webp", "image/gif")


class MediaError(Exception):
    """Why an attachment's file could not be had (the story still comes in)."""


class MissingFile(MediaError):
    """The uploads folder lacks the file (`--fetch-media` may still get it)."""


def relative_path(item):
    """The file's path under wp-content/uploads: `_wp_attached_file`, else from its address."""
    attached = (item.meta.get("_wp_attached_file") or [""])[0].strip()
    if not attached:
        path = unquote(urlsplit(item["wp:attachment_url"]).path)
        marker = "/wp-content/uploads/"
        attached = path.split(marker, 1)[1] if marker in path else ""
    normalised = posixpath.normpath(attached.replace("\\", "/")) if attached else ""
    if not normalised or normalised.startswith(("/", "..")) or "/../" in f"/{normalised}/":
        raise MediaError(
            _("The attachment's path «%(path)s» leads outside the uploads folder: refused.")
            % {"path": attached[:200]}
        )
    return normalised


def from_folder(item, media_dir):
    """The attachment's file from the uploads folder, as a named ContentFile."""
    relative = relative_path(item)
    try:
        root = Path(media_dir).resolve()
        path = (root / relative).resolve()
        if not path.is_relative_to(root):
            raise MediaError(_("The attachment's path leads outside the uploads folder: refused."))
        if not path.is_file():
            raise MissingFile(
                _("The file %(path)s is not in the uploads folder.") % {"path": relative[:200]}
            )
        if path.stat().st_size > settings.IMAGE_MAX_UPLOAD_BYTES:
            raise MediaError(_("The file %(path)s is too large.") % {"path": relative[:200]})
        return ContentFile(path.read_bytes(), name=path.name)
    except (OSError, ValueError) as error:  # a NUL byte in the path, an unreadable file
        raise MediaError(
            _("The file %(path)s cannot be read.") % {"path": relative[:200]}
        ) from error


def _wait_at_most(response, seconds):
    """The next read waits no longer than the download has left."""
    sock = getattr(getattr(getattr(response, "fp", None), "raw", None), "_sock", None)
    if sock is not None:
        sock.settimeout(max(seconds, 0.05))


def _same_site(url, site):
    """Whether `url` is on the old site: its host, or one of its subdomains (a media host)."""
    host, home = urlsplit(url).hostname or "", urlsplit(site).hostname or ""
    return bool(home) and (host == home or host.endswith("." + home))


class _OnTheSite(urllib.request.HTTPRedirectHandler):
    """Redirects are followed on the old site only, over the web (never to another host, nor
    to ftp://, which urllib would follow through its own connections)."""

    def __init__(self, site):
        self.site = site

    def redirect_request(self, request, fp, code, message, headers, new_url):
        if urlsplit(new_url).scheme not in ("http", "https") or not _same_site(new_url, self.site):
            raise MediaError(
                _("%(url)s redirects away from the old site: refused.") % {"url": request.full_url}
            )
        return super().redirect_request(request, fp, code, message, headers, new_url)


# IPv6 prefixes that carry an IPv4 address in their last 32 bits (NAT64, and the deprecated
# IPv4-compatible form): the IPv4 address is what is reached.
_CARRYING_IPV4 = [ipaddress.ip_network(n) for n in ("64:ff9b::/96", "64:ff9b:1::/48", "::/96")]


def _is_public(address):
    """A public address, IPv6 ones carrying an IPv4 address (mapped, 6to4, NAT64) judged by
    that address."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if ip.version == 6:
        inner = ip.ipv4_mapped or ip.sixtofour
        if inner is None and any(ip in network for network in _CARRYING_IPV4):
            inner = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if inner is not None and not inner.is_global:
            return False
    return ip.is_global


def _public(url):
    """Whether every address the host resolves to is a public one (not this machine, the
    private network or the cloud's metadata service). An export names its own site, so a
    hostile one could name any of those."""
    host = urlsplit(url).hostname or ""
    try:
        found = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except (OSError, UnicodeError):
        return False
    return bool(found) and all(_is_public(address) for address in found)


def _connect_public(address, timeout=None, source_address=None, **kwargs):
    """`socket.create_connection` to a public address only, the one checked being the one
    connected to: a name answering a public address to the check and a private one to the
    connection (DNS rebinding), or a redirect to a subdomain on the private network, is
    refused before a byte is sent."""
    host, port = address
    for family, kind, protocol, _name, where in socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM
    ):
        if not _is_public(where[0]):
            raise MediaError(
                _("%(url)s is not on a public address: refused (name the site with --site-url).")
                % {"url": host}
            )
        sock = socket.socket(family, kind, protocol)
        try:
            sock.settimeout(timeout)
            sock.connect(where)
            return sock
        except OSError:
            sock.close()
    raise OSError(f"cannot connect to {host}")


class _PublicHTTP(http.client.HTTPConnection):
    def connect(self):
        self._create_connection = _connect_public
        super().connect()


class _PublicHTTPS(http.client.HTTPSConnection):
    def connect(self):
        self._create_connection = _connect_public
        super().connect()


class _PublicHandler(urllib.request.HTTPHandler, urllib.request.HTTPSHandler):
    def http_open(self, request):
        return self.do_open(_PublicHTTP, request)

    def https_open(self, request):
        return self.do_open(_PublicHTTPS, request, context=self._context)


def fetch(item, site, *, opener=None, private=False):
    """Download the attachment from its address on the old site (`site`'s host or a subdomain,
    http or https only, on a public address unless `private`: the site was named with
    --site-url by whoever runs the import), in at most FETCH_TIMEOUT seconds in all."""
    url = item["wp:attachment_url"].strip()
    if urlsplit(url).scheme not in ("http", "https"):
        raise MediaError(_("The attachment has no web address to download it from."))
    if not _same_site(url, site):
        raise MediaError(
            _("%(url)s is not on the old site (%(site)s): copy it into the uploads folder.")
            % {"url": url, "site": site}
        )
    if not private and not _public(url):
        raise MediaError(
            _("%(url)s is not on a public address: refused (name the site with --site-url).")
            % {"url": url}
        )
    limit = settings.IMAGE_MAX_UPLOAD_BYTES
    request = urllib.request.Request(url, headers={"User-Agent": "newsportal-import/1"})
    # A proxy would be the address checked, and would resolve the name itself: none is used
    # unless the site was named by whoever runs the import.
    handlers = [_OnTheSite(site)]
    if not private:
        handlers += [_PublicHandler(), urllib.request.ProxyHandler({})]
    opener = opener or urllib.request.build_opener(*handlers).open
    deadline = time.monotonic() + FETCH_TIMEOUT
    try:
        with opener(request, timeout=FETCH_TIMEOUT) as response:
            kind = response.headers.get_content_type()
            if kind not in PICTURE_TYPES:
                raise MediaError(
                    _("%(url)s is not a picture (%(type)s).") % {"url": url, "type": kind}
                )
            data = bytearray()
            while len(data) <= limit:
                left = deadline - time.monotonic()  # a server sending a trickle runs out
                _wait_at_most(response, left)
                try:
                    chunk = response.read1(64 * 1024)  # what came, not a full 64 KiB
                except TimeoutError:
                    chunk = None
                if chunk is None or time.monotonic() > deadline:
                    raise MediaError(
                        _("%(url)s took more than %(seconds)s seconds: given up.")
                        % {"url": url, "seconds": FETCH_TIMEOUT}
                    ) from None
                if not chunk:
                    break
                data += chunk
    except MediaError:
        raise
    except Exception as error:  # timeouts, refused connections, HTTP errors alike
        raise MediaError(
            _("%(url)s could not be downloaded: %(error)s") % {"url": url, "error": error}
        ) from error
    if len(data) > limit:
        raise MediaError(_("%(url)s is larger than the upload limit.") % {"url": url})
    name = posixpath.basename(urlsplit(url).path) or "picture"
    return ContentFile(bytes(data), name=unquote(name))
