"""The frame: settings, addresses, the Celery application, the audit log, the API."""

from .celery import app as celery_app

__all__ = ["celery_app"]
