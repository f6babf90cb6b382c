"""The newsroom's background jobs (Celery tasks; newsportal/jobs.py queues them). Each one
may run twice harmlessly: a worker killed mid-task hands it to another."""

from datetime import timedelta
from http.client import HTTPException

from celery import shared_task
from django.conf import settings
from django.db import OperationalError
from django.utils import timezone


@shared_task
def publish_due():
    """Every minute (beat): the going-live effects of scheduled stories whose time came."""
    from .publishing import publish_due_articles

    return len(publish_due_articles())


@shared_task
def flush_views():
    """Every minute (beat): the batched view counts into the database."""
    from .most_read import flush_view_counts

    return flush_view_counts()


@shared_task(autoretry_for=(OperationalError,), retry_backoff=2, max_retries=5)
def make_renditions(image_id):
    """After an upload's commit: the picture's responsive renditions, then the pages showing it
    (they showed the original until now). Run twice, it writes them anew and drops the first."""
    from . import edge
    from .images import refresh_renditions
    from .models import Image

    image = Image.objects.filter(pk=image_id).first()
    if image is None or not image.file:
        return 0  # deleted since
    renditions = refresh_renditions(image)
    edge.purge({edge.key_of(image)})
    return len(renditions)


@shared_task
def clear_old_autosaves():
    """Hourly (beat): autosaves nobody came back to within AUTOSAVE_KEEP_DAYS."""
    from .models import Autosave

    since = timezone.now() - timedelta(days=settings.AUTOSAVE_KEEP_DAYS)
    return Autosave.objects.filter(saved_at__lt=since).delete()[0]


@shared_task(autoretry_for=(OSError, HTTPException), retry_backoff=2, max_retries=5)
def purge_edge(node, keys):
    """Drop the pages carrying `keys` from one Varnish node (articles/edge.py); a failure is
    retried with a growing pause, then goes to the dead-letter log."""
    from .edge import purge_once

    return purge_once(node, keys)


@shared_task
def purge_again(keys):
    """The second purge of `keys`, once the read replicas have caught up."""
    from .edge import purge

    purge(keys, again=False)
