"""The frame's own views: the branded pages for a refused form and for a failure (503 while
the database is unreachable), and the health check."""

import logging
import sys

from django.conf import settings
from django.core.cache import cache
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.static import serve

logger = logging.getLogger(__name__)


def csrf_failure(request, reason=""):
    """A form sent from a stale page or another site: the site's 403, saying what to do."""
    return render(request, "403_csrf.html", status=403)


@never_cache
def healthz(request):
    """For load balancers: is the database answering, is the cache? No detail beyond that.

    `?for=edge` (Varnish's probe) fails only without the database: pages are still drawn,
    uncached, while Redis is away, so the edge must keep asking the app for fresh ones."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception:
        logger.exception("Health check: the database is unreachable")
        checks["database"] = "unreachable"
    try:
        cache.set("healthz", "ok", 10)
        checks["cache"] = "ok" if cache.get("healthz") == "ok" else "unreachable"
    except Exception:
        logger.exception("Health check: the cache is unreachable")
        checks["cache"] = "unreachable"
    needed = ("database",) if request.GET.get("for") == "edge" else tuple(checks)
    healthy = all(checks[name] == "ok" for name in needed)
    return JsonResponse(checks, status=200 if healthy else 503)


def serve_media(request, path):
    """Uploaded pictures, when the app serves them itself (DEBUG, or SERVE_MEDIA on one
    machine): browsers and the edge keep them a month (a new upload gets a new name)."""
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["Cache-Control"] = "public, max-age=2592000"
    return response


def favicon(request):
    """/favicon.ico, for crawlers and browsers that do not read the page's icon links."""
    return redirect(static("icons/favicon.ico"), permanent=True)


# Seconds a reader (or a crawler, or the edge cache) is asked to wait when the database is away.
RETRY_AFTER_SECONDS = 30


def server_error(request):
    """The 500 handler. A database that cannot be reached is an outage, not a bug: 503 with
    Retry-After, so crawlers come back and the edge cache keeps serving what it holds; the
    admin says plainly what is wrong. The pages are drawn without the database."""
    error = sys.exc_info()[1]
    if not isinstance(error, OperationalError | InterfaceError):
        return HttpResponseServerError(loader.get_template("500.html").render())
    admin = request.path.startswith((f"/{settings.ADMIN_URL}", f"/en/{settings.ADMIN_URL}"))
    page = loader.get_template("503.html").render({"admin": admin})
    response = HttpResponseServerError(page, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
