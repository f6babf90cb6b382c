"""`manage.py flush_view_counts`: move page-view counters from the cache into the database.

Run it every few minutes (cron or a systemd timer); page views never write to the database.
"""

from django.core.management.base import BaseCommand

from articles.most_read import flush_view_counts


class Command(BaseCommand):
    help = "Flush the cached page-view counters into hourly rows for the most-read box."

    def handle(self, *args, **options):
        moved = flush_view_counts()
        self.stdout.write(self.style.SUCCESS(f"{moved} view(s) flushed."))
