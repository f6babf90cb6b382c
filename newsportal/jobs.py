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
from django.db import DatabaseError, connection, transaction

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
    may last longer): yields True in the one process holding the lock, False elsewhere.

    On PostgreSQL the lock is the database's (an advisory lock: released with the run, or
    with the connection should its process die), whatever the cache's state: a process that
    still took Redis for down would otherwise take a lock of its own. On SQLite (one machine)
    it lives in the cache and lapses after `seconds`."""
    key = f"job-lock:{name}"
    if connection.vendor == "postgresql":
        with _advisory_lock(key) as mine:
            yield mine
        return
    token = uuid.uuid4().hex
    mine = cache.add(key, token, seconds)
    try:
        yield mine
    finally:
        if mine and cache.get(key) == token:
            cache.delete(key)


@contextmanager
def _advisory_lock(key):
    held = connection.__dict__.setdefault("job_locks", set())
    if key in held:  # this connection's run (advisory locks nest within a session)
        yield False
        return
    number = int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [number])
        mine = cursor.fetchone()[0]
    if mine:
        held.add(key)
    try:
        yield mine
    finally:
        if mine:
            held.discard(key)
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [number])
            except DatabaseError:  # the connection is gone, and the lock with it
                logger.warning("Could not release the job lock %s", key, exc_info=True)
