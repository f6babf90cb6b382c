"""The hostile payloads every form and parameter is tried with (the comments' property test,
the public and admin sweeps): markup, SQL, path traversal, header injection, template and
format strings, bidi spoofing, odd Unicode and sheer length."""

import re
from html.parser import HTMLParser

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "<svg/onload=alert(1)>",
    "javascript:alert(1)",
    "' OR 1=1 --",
    "1; DROP TABLE articles_article; --",
    "../../../../etc/passwd",
    "..%2f..%2f..%2fetc%2fpasswd",
    "x\r\nSet-Cookie: hacked=1",
    "x%0d%0aLocation: https://evil.example",
    "{{ request }}{% debug %}",
    "%s%s%n%x",
    "\u202e\u2066evil\u2069",
    "\x00\x08",
    "ﷺ" * 50,
    "ـــــ",
    "\ufffd\U0001f600\u200b",
    "أ" * 5000,
    "http://a.example " * 5,
    "-1",
    "99999999999999999999",
]

# Markup the payloads would inject, in a stretch of readers' text that has none of its own.
RAW_MARKUP = re.compile(r"<(script|img|iframe|svg|object)[\s/>]|href=\"javascript:")

# Bidi controls, which the comments strip from what readers wrote.
RAW_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")


def url_safe(payload):
    """Payloads a URL can carry (no NUL, which the test client refuses to send)."""
    return "\x00" not in payload


class _Injected(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []
        self.in_script = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}>")  # the site has no inline handlers at all
            if name in ("href", "src", "action", "formaction") and (
                (value or "").strip().lower().startswith("javascript:")
            ):
                self.found.append(f"<{tag} {name}=javascript:>")
        if tag in ("iframe", "object", "embed") or (tag == "img" and dict(attrs).get("src") == "x"):
            self.found.append(f"<{tag}>")
        self.in_script = tag == "script"

    def handle_endtag(self, tag):
        self.in_script = False

    def handle_data(self, data):
        if self.in_script and "alert(" in data:
            self.found.append("<script>alert(")


def injected_markup(page):
    """What in a whole page only an injection would have put there (event handlers,
    javascript: addresses, frames, a script calling alert); [] when the page is clean."""
    parser = _Injected()
    parser.feed(page)
    return parser.found
