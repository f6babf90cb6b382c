"""Tracking tags in addresses: a reader arriving from a social network, a newsletter or an ad
carries `?utm_source=…`, `?fbclid=…` (a new one on every click) and the like. The page is the
same without them, so the app drops them before anything reads the address: such a reader gets
the page's one shared copy instead of a page drawn for them alone (during a breaking story most
readers arrive this way), and no link drawn in the page repeats them. A redirect (a missing
slug or slash, an old WordPress address) carries them on, so analytics running in the browser
still read them from its address bar. Varnish does the same (deploy/varnish/default.vcl).
"""

import re

# Names only, as they arrive: also in deploy/varnish/default.vcl (tests/test_frame.py checks).
TRACKING_PARAMETERS = (
    r"utm_[a-z0-9_]+|fbclid|gclid|gclsrc|dclid|gbraid|wbraid|msclkid|twclid|ttclid|igshid|igsh"
    r"|yclid|mc_cid|mc_eid|_ga|_gl|ref_src"
)
_TRACKING = re.compile(TRACKING_PARAMETERS)
REDIRECTS = {301, 302, 303, 307, 308}


def split_tracking(query_string):
    """(`query_string` without its tracking tags, the tags), each part as it came. A tag is
    `name=value`, as Varnish reads them."""
    kept, tags = [], []
    for part in query_string.split("&"):
        tagged = "=" in part and _TRACKING.fullmatch(part.split("=", 1)[0])
        (tags if tagged else kept).append(part)
    return "&".join(kept), "&".join(tags)


def with_tags(location, tags):
    """A redirect's `location` on this site with the request's tracking tags put back: the
    browser lands where analytics read them. Another site's address is left alone."""
    if not tags or not location.startswith("/") or location.startswith(("//", "/\\")):
        return location
    address, hash_mark, fragment = location.partition("#")
    return f"{address}{'&' if '?' in address else '?'}{tags}{hash_mark}{fragment}"


class TrackingParametersMiddleware:
    """Reads and heads see their address without tracking tags (posts keep theirs); a redirect
    in answer carries them on."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query_string = request.META.get("QUERY_STRING", "")
        tags = ""
        if query_string and request.method in ("GET", "HEAD"):
            kept, tags = split_tracking(query_string)
            if tags:
                request.META["QUERY_STRING"] = kept
                # Django reads request.GET from META once (a cached property): read it anew,
                # as Django does, in the request's encoding.
                request.__dict__.pop("GET", None)
        response = self.get_response(request)
        if tags and response.status_code in REDIRECTS and response.has_header("Location"):
            response["Location"] = with_tags(response["Location"], tags)
        return response
