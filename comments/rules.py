"""Spam and abuse rules: what a new comment's status is, and why.

Word lists match after the same Arabic normalisation as search and related stories
(diacritics, tatweel, alef/ya/teh-marbuta forms, letter case), so «سـبـام» or a word with
harakat cannot slip past. Defaults follow WordPress: held for moderation, held with more than
two links or a moderation word, spam for a blocked word, email or IP address.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from articles.arabic import normalize

from .models import Blocklist, Comment

# Bidi embeddings, overrides and isolates, marks, and the Arabic letter mark: stripped from
# what readers type, so a name cannot reverse the line it stands in.
BIDI_CONTROLS = dict.fromkeys(
    map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"), None
)
_LINK = re.compile(r"https?://|www\.|<a\s", re.IGNORECASE)


def clean_text(value):
    """Reader text without bidi controls or other invisible format characters (zero-width
    joiners stay: Arabic and Persian spelling needs them)."""
    value = (value or "").replace("\r\n", "\n").translate(BIDI_CONTROLS)
    return "".join(ch for ch in value if _is_visible(ch)).strip()


def _is_visible(ch):
    category = unicodedata.category(ch)
    if category == "Cf":
        return ch in "\u200c\u200d"
    if category in ("Cc", "Cs", "Co", "Cn"):
        return ch in "\n\t"
    return True


@dataclass
class Verdict:
    status: str
    reason: str = ""


def _matches(entries, text):
    """The first entry found inside `text`, as WordPress matches its lists: anywhere, so
    «قمار» also catches «القمار» and «وبالقمار»; both sides normalised first."""
    folded = normalize(text)
    for entry in entries:
        value = normalize(entry).strip()
        if value and value in folded:
            return entry
    return None


def judge(*, name, email, url, text, ip_address):
    """The status a new comment gets, with the reason a moderator sees."""
    lists = {kind: [] for kind in Blocklist.Kind.values}
    for kind, value in Blocklist.objects.values_list("kind", "value"):
        lists[kind].append(value)
    everything = " ".join([name, email, url, text])
    if email.lower() in lists[Blocklist.Kind.SPAM_EMAIL]:
        return Verdict(Comment.Status.SPAM, _("blocked email address"))
    if ip_address and ip_address in lists[Blocklist.Kind.SPAM_IP]:
        return Verdict(Comment.Status.SPAM, _("blocked IP address"))
    if word := _matches(lists[Blocklist.Kind.SPAM_WORD], everything):
        return Verdict(Comment.Status.SPAM, _("blocked word: %(word)s") % {"word": word})
    if len(_LINK.findall(text)) > settings.COMMENTS_MAX_LINKS:
        return Verdict(Comment.Status.PENDING, _("more than %(n)d links") % {
            "n": settings.COMMENTS_MAX_LINKS
        })  # fmt: skip
    if word := _matches(lists[Blocklist.Kind.HOLD_WORD], everything):
        return Verdict(Comment.Status.PENDING, _("moderation word: %(word)s") % {"word": word})
    # WordPress's "comment author must have a previously approved comment": the same name
    # and the same email. Both are typed by the reader, so this trusts a pair nobody else is
    # likely to know, not an identity (which is why it is off by default).
    if (
        settings.COMMENTS_AUTO_APPROVE_KNOWN
        and Comment.objects.approved().filter(email__iexact=email, name__iexact=name).exists()
    ):
        return Verdict(Comment.Status.APPROVED, _("known commenter"))
    return Verdict(Comment.Status.PENDING)
