"""The frame's scheduled work."""

from celery import shared_task
from django.core.management import call_command


@shared_task
def prune_audit_log():
    """Daily (beat): audit entries older than AUDIT_LOG_DAYS."""
    call_command("prune_audit_log")
