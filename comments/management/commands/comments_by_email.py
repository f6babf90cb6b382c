"""`manage.py comments_by_email EMAIL [--erase]`: a reader's comments, for a privacy request.

Without --erase, prints every comment by EMAIL as JSON (export). With --erase, deletes them;
replies by other readers stay and move up a level.
"""

import json

from django.core.management.base import BaseCommand

from comments.moderation import comments_by_email, erase_comments_by_email


class Command(BaseCommand):
    help = "Export (as JSON) or erase all comments by an email address."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--erase", action="store_true", help="delete them instead")

    def handle(self, *args, email, erase, **options):
        if erase:
            deleted = erase_comments_by_email(email)
            self.stdout.write(self.style.SUCCESS(f"{deleted} comment(s) by {email} erased."))
            return
        export = [
            {
                "article": comment.article.headline,
                "article_url": comment.article.get_absolute_url(),
                "name": comment.name,
                "email": comment.email,
                "website": comment.url,
                "text": comment.text,
                "status": comment.status,
                "ip_address": comment.ip_address,
                "posted_at": comment.created_at.isoformat(),
            }
            for comment in comments_by_email(email)
        ]
        self.stdout.write(json.dumps(export, ensure_ascii=False, indent=2))
