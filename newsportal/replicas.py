"""Read replicas (DATABASE_REPLICA_URLS): the public pages' reads go to a replica, everything
else to the primary.

A request may read from a replica when it is a reader's: GET or HEAD, no staff session, not
the admin, a preview, the view-count beacon or the health check, and not just after this
browser wrote something (a comment: the `read_primary` cookie, for REPLICA_PIN_SECONDS, so
the page it comes back to is not older than its own post). Within such a request, the first
write sends the rest of it to the primary too. Management commands, scheduled jobs and
background work have no request and use the primary. With no replica configured, every
query goes to the one database, as before.
"""

import random
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

PIN_COOKIE = "read_primary"
ALWAYS_PRIMARY = ("preview/", "hit/", "healthz", "two-factor/")
# None: not a reader's request (or no request at all); a dict: this request's choice.
_request = ContextVar("replica_request", default=None)


def _may_read_from_replica(request):
    if request.method not in ("GET", "HEAD") or PIN_COOKIE in request.COOKIES:
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False  # staff: they see what they just saved
    path = request.path_info.lstrip("/")
    if path.startswith("en/"):
        path = path[3:]
    return not path.startswith((settings.ADMIN_URL, *ALWAYS_PRIMARY))


class ReplicaMiddleware:
    """Marks a reader's request for the replicas; after a write, pins the browser briefly."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        state = {"replica": None} if _may_read_from_replica(request) else None
        token = _request.set(state)
        try:
            response = self.get_response(request)
        finally:
            _request.reset(token)
        if request.method not in ("GET", "HEAD", "OPTIONS") and settings.DATABASE_REPLICAS:
            response.set_cookie(PIN_COOKIE, "1", max_age=settings.REPLICA_PIN_SECONDS,
                                httponly=True, samesite="Lax")  # fmt: skip
        return response


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        state = _request.get()
        if state is None or not settings.DATABASE_REPLICAS:
            return DEFAULT_DB_ALIAS
        if state["replica"] is None:  # one replica for the whole request: one snapshot
            state["replica"] = random.choice(settings.DATABASE_REPLICAS)
        return state["replica"]

    def db_for_write(self, model, **hints):
        state = _request.get()
        if state is not None:
            state["replica"] = DEFAULT_DB_ALIAS  # the request that wrote reads what it wrote
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replicas hold the same rows

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


def reading_alias():
    """The alias this moment's reads use (for raw SQL such as search)."""
    return ReplicaRouter().db_for_read(None)
