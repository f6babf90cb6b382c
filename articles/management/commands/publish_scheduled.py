"""`manage.py publish_scheduled`: run the going-live effects of stories whose time has come.

Readers see a scheduled story at its time even if this never runs; call it every minute from
cron or a systemd timer so caches and related stories catch up.
"""

from django.core.management.base import BaseCommand

from articles.publishing import publish_due_articles


class Command(BaseCommand):
    help = "Mark scheduled articles whose publication time has passed as published."

    def handle(self, *args, **options):
        published = publish_due_articles()
        for article in published:
            self.stdout.write(f"published #{article.pk}: {article.headline}")
        self.stdout.write(self.style.SUCCESS(f"{len(published)} scheduled article(s) published."))
