"""Tracking tags in addresses: a reader arriving from a social network, a newsletter or an ad
carries `?utm_source=…`, `?fbclid=…` (a new one on every click) and the like. The page is the
same without them, so the app drops them before anything reads the address: such a reader gets
the page's one shared copy instead of a page drawn for them alone (during a breaking story most
readers arrive this way), and no link drawn in the page repeats them. Varnish drops the same
names before it looks up its copy (deploy/varnish/default.vcl); analytics running in the
browser still read them from its address bar.
"""

import re

# Names only, as they arrive: also in deploy/varnish/default.vcl (tests/test_frame.py checks).
TRACKING_PARAMETERS = (
    r"utm_[a-z0-9_]+|fbclid|gclid|gclsrc|dclid|gbraid|wbraid|msclkid|twclid|ttclid|igshid|igsh"
    r"|yclid|mc_cid|mc_eid|_ga|_gl|ref_src"
)
_TRACKING = re.compile(TRACKING_PARAMETERS)


def without_tracking(query_string):
    """`query_string` without its tracking tags (`name=value`, as Varnish reads them), the
    other parameters as they came."""
    return "&".join(
        part
        for part in query_string.split("&")
        if not ("=" in part and _TRACKING.fullmatch(part.split("=", 1)[0]))
    )


class TrackingParametersMiddleware:
    """Reads and heads see their address without tracking tags (posts keep theirs)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query_string = request.META.get("QUERY_STRING", "")
        if query_string and request.method in ("GET", "HEAD"):
            kept = without_tracking(query_string)
            if kept != query_string:
                request.META["QUERY_STRING"] = kept
                # Django reads request.GET from META once (a cached property): read it anew,
                # as Django does, in the request's encoding.
                request.__dict__.pop("GET", None)
        return self.get_response(request)
