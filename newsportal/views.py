"""The frame's own views: the branded page for a refused form, and the health check."""

import logging

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


def csrf_failure(request, reason=""):
    """A form sent from a stale page or another site: the site's 403, saying what to do."""
    return render(request, "403_csrf.html", status=403)


@never_cache
def healthz(request):
    """For load balancers: is the database answering, is the cache? No detail beyond that."""
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
    healthy = all(state == "ok" for state in checks.values())
    return JsonResponse(checks, status=200 if healthy else 503)
