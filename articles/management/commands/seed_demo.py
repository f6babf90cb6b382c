"""`manage.py seed_demo`: load the demo newsroom (idempotent) and print local logins."""

from django.conf import settings
from django.core.management.base import BaseCommand

from articles.demo import seed


class Command(BaseCommand):
    help = "Load demo sections, tags, authors, Arabic articles with pictures and one user per role."

    def handle(self, *args, **options):
        logins, created = seed()
        self.stdout.write(self.style.SUCCESS(f"Demo content ready ({created} new articles)."))
        self.stdout.write("Logins for local use only (passwords are reset on every run):")
        for role, username, password in logins:
            self.stdout.write(f"  {role:<11} {username:<10} {password}")
        if settings.STAFF_TWO_FACTOR:
            self.stdout.write(
                "Two-step sign-in is on (STAFF_TWO_FACTOR=1): the editor and the administrator "
                "enrol an authenticator app at their first sign-in."
            )
        else:
            self.stdout.write(
                "Two-step sign-in is off here (STAFF_TWO_FACTOR=0, the default with DEBUG=1): "
                "these logins need only their passwords."
            )
        self.stdout.write("Site:  http://127.0.0.1:8000/    Admin: http://127.0.0.1:8000/admin/")
