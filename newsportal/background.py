"""Work that must not hold up the reader's request (mail to moderators): handed to one
background thread of the process, in order, after the response's transaction committed.
A failure is logged, never raised. The work handed over touches no database: it is prepared
in the request (a rendered e-mail), so the thread only talks to the outside service.

BACKGROUND_THREAD=False runs the work at once instead (the tests, to read the outbox).
"""

import logging
import queue
import threading

from django.conf import settings

logger = logging.getLogger(__name__)

_work = queue.Queue()
_worker = None
_lock = threading.Lock()


def run_in_background(func, *args):
    if not settings.BACKGROUND_THREAD:
        _run(func, args)
        return
    global _worker
    with _lock:
        if _worker is None or not _worker.is_alive():
            _worker = threading.Thread(target=_serve, name="newsportal-background", daemon=True)
            _worker.start()
    _work.put((func, args))


def wait():
    """Block until everything handed over so far is done (tests, shutdown)."""
    _work.join()


def _serve():
    while True:
        func, args = _work.get()
        try:
            _run(func, args)
        finally:
            _work.task_done()


def _run(func, args):
    try:
        func(*args)
    except Exception:
        logger.exception("Background work %s failed", getattr(func, "__name__", func))
