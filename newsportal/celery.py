"""The Celery application: background jobs on workers, Redis as the broker.

`celery -A newsportal worker` runs them, `celery -A newsportal beat` the schedule
(CELERY_BEAT_SCHEDULE in the settings). Without CELERY_BROKER_URL nothing here needs to
run: the same tasks run in the web process, after the commit (newsportal/jobs.py).
"""

import logging
import os

from celery import Celery
from celery.signals import task_failure

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsportal.settings")

app = Celery("newsportal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

dead_letters = logging.getLogger("newsportal.dead_letters")


@task_failure.connect
def record_dead_letter(sender=None, task_id=None, exception=None, args=None, **kwargs):
    """A task that failed for good (its retries spent): the dead-letter log names it, its
    arguments and why, for someone to run it again (`celery -A newsportal call`)."""
    dead_letters.error(
        "task %s[%s] failed for good with %r; arguments %r",
        getattr(sender, "name", sender), task_id, exception, args,
    )  # fmt: skip
