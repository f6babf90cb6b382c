"""The public API, /api/v1/: read-only JSON of what readers can see, for the portal's apps
(django-ninja). Arabic by default, English with ?lang=en (falling back to the Arabic, as the
site does); cursor pagination; each response carries the caching headers and surrogate keys
of the pages (articles/caching.py, articles/edge.py), so the edge keeps and purges it the
same way; ETag and Last-Modified answer conditional requests with 304. Requests are limited
per client address (API_RATE_LIMIT); browsers may call it only from API_CORS_ORIGINS.
The schema is /api/v1/openapi.json, its documentation /api/v1/docs/ (and /en/…)."""

import threading
from functools import wraps

from django.conf import settings
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.errors import HttpError, Throttled, ValidationError
from ninja.renderers import JSONRenderer
from ninja.throttling import SimpleRateThrottle

from articles.caching import cache_public_page
from comments.submission import client_ip

from . import comments, directory, stories

LANGUAGES = {code for code, __ in settings.LANGUAGES}
# The query parameters a shared copy may vary on, by endpoint (its url name): its own; with
# any other the answer is drawn fresh and private rather than multiplying the copies.
PAGES = {"lang", "cursor", "page_size"}
PARAMETERS = {
    "articles": PAGES | set(stories.StoryFilters.model_fields),
    "tags": PAGES,
    "authors": PAGES,
    "thread": PAGES,
}
# Search answers are not kept (any words make a new copy), as the site's search page.
NOT_SHARED = {"openapi-json", "find"}


class Window(SimpleRateThrottle):
    """One request's count: ninja's throttles keep the request's state on themselves."""

    scope = "api"

    def get_cache_key(self, request):
        return self.cache_format % {"scope": self.scope, "ident": client_ip(request)}


class PerAddress(SimpleRateThrottle):
    """API_RATE_LIMIT requests per client address, counted in the shared cache. The one
    instance ninja holds serves every thread: each request is counted by its own Window,
    and the wait it computes is kept per thread for ninja's next call, wait()."""

    def __init__(self):
        self.waits = threading.local()

    def allow_request(self, request):
        window = Window(settings.API_RATE_LIMIT)
        allowed = window.allow_request(request)
        self.waits.seconds = None if allowed else window.wait()
        return allowed

    def wait(self):
        return getattr(self.waits, "seconds", None)

    def get_cache_key(self, request):
        return self.cache_format % {"scope": self.scope, "ident": client_ip(request)}


class Utf8JSON(JSONRenderer):
    """Arabic as UTF-8, not \\u escapes: a third of the bytes."""

    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    renderer=Utf8JSON(),
    title="News portal API",
    version="1",
    description="Published stories, sections, tags, authors, search and comments.",
    urls_namespace="api-v1",
    docs_url=None,  # our own page: no CDN, no script (newsportal/api/docs.py)
    throttle=[PerAddress()],
)
api.add_router("", stories.router)
api.add_router("", directory.router)
api.add_router("", comments.router)


def _answer(request, status, message, errors=None):
    return api.create_response(request, {"message": message, "errors": errors or {}}, status=status)


@api.exception_handler(Http404)
def not_found(request, exc):
    return _answer(request, 404, _("Not found."))


@api.exception_handler(Throttled)
def throttled(request, exc):
    response = _answer(request, 429, _("Too many requests. Wait a moment and try again."))
    if exc.wait:
        response["Retry-After"] = str(max(1, int(exc.wait)))
    return response


@api.exception_handler(HttpError)
def refused(request, exc):
    message = str(exc)
    if exc.status_code == 400 and message.startswith("Cannot parse request body"):
        message = _("The body is not valid JSON.")
    return _answer(request, exc.status_code, message)


@api.exception_handler(ValidationError)
def invalid(request, exc):
    errors = {}
    for error in exc.errors:
        where = [str(part) for part in error.get("loc", ())[1:]] or ["request"]
        errors.setdefault(".".join(where), []).append(error.get("msg", ""))
    return _answer(request, 422, _("Some of what was sent is not valid; see errors."), errors)


def _in_language(view, cached=True, parameters=frozenset({"lang"})):
    """Answer in ?lang (Arabic otherwise), through the shared page cache."""
    if cached:
        view = cache_public_page(view, keys=["api"], parameters=parameters)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        language = request.GET.get("lang")
        with translation.override(language if language in LANGUAGES else settings.LANGUAGE_CODE):
            response = view(request, *args, **kwargs)
            response.setdefault("Content-Language", translation.get_language())
        return response

    return wrapper


@csrf_exempt
def unknown(request, rest=""):
    """Any other address under /api/v1/ (a story id that is not a number, a typo): a JSON 404
    like the API's own, not the site's HTML page."""
    return _answer(request, 404, _("Not found."))


def urls():
    from django.urls import re_path

    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        # The schema follows the code, not the content: never kept in the page cache.
        pattern.callback = _in_language(
            pattern.callback,
            cached=pattern.name not in NOT_SHARED,
            parameters=PARAMETERS.get(pattern.name, {"lang"}),
        )
    # docs/ is the site's page (in each language's address space, newsportal/urls.py).
    unknown_address = r"^(?!docs/$)(?P<rest>.*)$"
    patterns.append(re_path(unknown_address, _in_language(unknown, cached=False)))
    return patterns, app_name, namespace
