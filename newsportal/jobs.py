"""Handing work to the background: `enqueue(task, *args)` runs a Celery task after the
current transaction commits (never before: a worker must find what the request saved).

With CELERY_BROKER_URL the task goes to the workers (retried, acknowledged only when done,
so a worker killed mid-task loses nothing); without one (the embedded default, `make run`,
the tests) the same task runs in this process, in its background thread
(newsportal/background.py), so the request that queued it never waits for it.

Tasks are written to be run twice harmlessly: a killed worker's task runs again elsewhere.
"""

import hashlib
import logging
import threading
import uuid
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction

from . import cache as shared_cache
from .background import run_in_background

logger = logging.getLogger(__name__)


def enqueue(task, *args):
    transaction.on_commit(lambda: send(task, *args))


def send_later(seconds, task, *args):
    """Queue `task` to run `seconds` from now (outside a transaction)."""
    if settings.CELERY_BROKER_URL:
        try:
            task.apply_async(args, countdown=seconds)
            return
        except Exception:
            logger.exception("The broker refused %s; running it in this process", task.name)
    timer = threading.Timer(seconds, _fire, (task, *args))
    timer.daemon = True
    _timers.add(timer)
    timer.start()


_timers = set()  # the in-process delayed jobs not run yet


def _fire(task, *args):
    _timers.discard(threading.current_thread())
    run_in_background(task, *args)


def cancel_delayed():
    """Forget the delayed jobs not run yet (the tests: a re-purge queued by one test must not
    fire into the next one's Varnish)."""
    for timer in list(_timers):
        timer.cancel()
    _timers.clear()


def send(task, *args):
    """Queue `task` now (outside a transaction, or from a callback after its commit)."""
    if not settings.CELERY_BROKER_URL:
        run_in_background(task, *args)
        return
    try:
        task.apply_async(args)
    except Exception:  # the broker is away: do it here rather than lose it
        logger.exception("The broker refused %s; running it in this process", task.name)
        run_in_background(task, *args)


@contextmanager
def alone(name, seconds):
    """For scheduled work that must not overlap itself (beat fires every minute, a slow run
    may last longer): yields True in the one process holding the lock, False elsewhere. The
    lock lives in the shared cache and lapses after `seconds`, should its holder die; while
    the cache is unreachable (its `add` then says yes to everyone), the database holds it."""
    key, token = f"job-lock:{name}", uuid.uuid4().hex
    mine = cache.add(key, token, seconds)
    if shared_cache.unreachable():
        with _database_lock(key) as mine:
            yield mine
        return
    try:
        yield mine
    finally:
        if mine and cache.get(key) == token:
            cache.delete(key)


@contextmanager
def _database_lock(key):
    """PostgreSQL's advisory lock on `key`, held by this connection until released (or the
    connection closes, should its process die). SQLite: one machine, whose writers take turns
    anyway, so the work goes ahead."""
    if connection.vendor != "postgresql":
        yield True
        return
    number = int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [number])
        mine = cursor.fetchone()[0]
    try:
        yield mine
    finally:
        if mine:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [number])
