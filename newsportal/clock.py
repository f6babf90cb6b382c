"""The schedule in the web process, when no Celery beat runs it (no CELERY_BROKER_URL: the
embedded default, `make run`).

Beat runs CELERY_BEAT_SCHEDULE's tasks on a production host: scheduled stories' going-live
effects (the purges that put them on the home page and their listings), the batched view
counts behind «الأكثر قراءة», old autosaves and audit entries. Without a broker the same tasks,
at the same intervals, are handed from here to the process's background thread
(newsportal/background.py). The clock starts with the process's first request (the app
servers: runserver, gunicorn; never a management command or the tests), so a server started
with --preload starts it in each worker, not in the parent that forks them. Several processes
may each run one: the tasks are written to run twice harmlessly, and the scheduled publishing
never overlaps itself (newsportal/jobs.alone).
"""

import logging
import threading
import time

from django.conf import settings
from django.core.signals import request_started
from django.utils.module_loading import import_string

from .background import run_in_background

logger = logging.getLogger(__name__)

TICK_SECONDS = 1.0
_thread = None
_lock = threading.Lock()


def start_with_the_first_request():
    """Called by the WSGI and ASGI entry points."""
    request_started.connect(_first_request, dispatch_uid="newsportal-clock")


def _first_request(**kwargs):
    request_started.disconnect(dispatch_uid="newsportal-clock")
    start()


def start():
    """Start the clock in this process unless a broker (and so beat) is configured; True
    when it runs."""
    global _thread
    if settings.CELERY_BROKER_URL:
        return False
    with _lock:
        if _thread is None or not _thread.is_alive():
            _thread = threading.Thread(target=_run, name="newsportal-clock", daemon=True)
            _thread.start()
    return True


def _run():
    next_runs = {}
    while True:
        try:
            next_runs = tick(time.monotonic(), next_runs)
        except Exception:
            logger.exception("The in-process schedule failed; it goes on")
        time.sleep(TICK_SECONDS)


def tick(now, next_runs):
    """Hand the tasks whose time has come to the background thread; returns each entry's next
    time. A new entry's first run is one interval after the clock started, as beat's."""
    schedule = settings.CELERY_BEAT_SCHEDULE
    upcoming = {}
    for name, entry in schedule.items():
        seconds = float(entry["schedule"])
        due = next_runs.get(name, now + seconds)
        if due <= now:
            run_in_background(import_string(entry["task"]))
            due = now + seconds
        upcoming[name] = due
    return upcoming
