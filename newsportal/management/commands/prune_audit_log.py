"""Remove audit entries older than AUDIT_LOG_DAYS (run daily by the scheduler)."""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from newsportal.models import AuditEntry


class Command(BaseCommand):
    help = "Remove audit log entries older than AUDIT_LOG_DAYS days."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="instead of AUDIT_LOG_DAYS")

    def handle(self, *args, days=None, **options):
        days = settings.AUDIT_LOG_DAYS if days is None else days
        before = timezone.now() - timedelta(days=days)
        removed, __ = AuditEntry.objects.filter(timestamp__lt=before).delete()
        kept = AuditEntry.objects.count()
        self.stdout.write(f"Removed {removed} audit entries older than {days} days; {kept} kept.")
