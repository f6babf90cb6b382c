"""Work that must not hold up the request, when no Celery broker is configured
(newsportal/jobs.py): handed to one background thread of the process, in order, after the
request's transaction committed. A failure is logged, never raised. The thread reads what
the request committed through its own database connection, closed after each job.

A process that ends (a management command such as publish_scheduled, a gunicorn worker being
recycled) first finishes what it handed over, for at most EXIT_WAIT_SECONDS.

BACKGROUND_THREAD=False runs the work at once instead (the tests, to read the outbox).
"""

import atexit
import logging
import queue
import threading
import time

from django.conf import settings

logger = logging.getLogger(__name__)

_work = queue.Queue()
_worker = None
_lock = threading.Lock()
EXIT_WAIT_SECONDS = 30


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


def wait(timeout=None):
    """Block until everything handed over so far is done (tests, shutdown), or `timeout`
    seconds passed; True when it is all done."""
    if timeout is None:
        _work.join()
        return True
    deadline = time.monotonic() + timeout
    while _work.unfinished_tasks:
        if time.monotonic() > deadline:
            logger.error("%d background tasks were left undone", _work.unfinished_tasks)
            return False
        time.sleep(0.05)
    return True


atexit.register(wait, EXIT_WAIT_SECONDS)


def _serve():
    from django.db import connections

    while True:
        func, args = _work.get()
        try:
            _run(func, args)
            connections.close_all()  # this thread's own; never kept between jobs
        except Exception:
            logger.exception("Closing the background thread's connections failed")
        finally:
            _work.task_done()


def _run(func, args):
    try:
        func(*args)
    except Exception:
        logger.exception("Background work %s failed", getattr(func, "__name__", func))
