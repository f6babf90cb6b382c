"""`manage.py import_wordpress EXPORT.xml`: move a WordPress site in (see README, "Moving from
WordPress")."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from tqdm import tqdm

from articles.wordpress.importer import Importer
from articles.wordpress.wxr import ExportError

OUTCOMES = {
    "imported": gettext_lazy("imported"),
    "updated": gettext_lazy("updated"),
    "unchanged": gettext_lazy("unchanged"),
    "skipped": gettext_lazy("skipped"),
    "failed": gettext_lazy("failed"),
}
KINDS = {
    "category": gettext_lazy("categories"),
    "tag": gettext_lazy("tags"),
    "author": gettext_lazy("authors"),
    "attachment": gettext_lazy("pictures"),
    "post": gettext_lazy("posts"),
    "page": gettext_lazy("pages"),
    "comment": gettext_lazy("comments"),
    "menu": gettext_lazy("menu items"),
}


class Command(BaseCommand):
    help = "Import a WordPress export (Tools → Export → All content): stories, pictures, comments."

    def add_arguments(self, parser):
        parser.add_argument("export", help="the WXR file WordPress wrote")
        parser.add_argument("--media-dir", help="the old site's wp-content/uploads folder")
        parser.add_argument(
            "--fetch-media",
            action="store_true",
            help="download pictures missing from --media-dir from the old site",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="report what would happen; write nothing"
        )
        parser.add_argument("--site-url", help="the old site's address, if not the export's")
        parser.add_argument(
            "--create-users",
            action="store_true",
            help="give each WordPress author a staff account (writers, no usable password)",
        )

    def handle(self, *args, **options):
        def progress(total):
            return tqdm(total=total, desc=_("items"), unit="", disable=options["verbosity"] < 1)

        importer = Importer(
            options["export"],
            media_dir=options["media_dir"],
            fetch_media=options["fetch_media"],
            dry_run=options["dry_run"],
            site_url=options["site_url"],
            create_users=options["create_users"],
            progress=progress,
        )
        try:
            summary = importer.run()
        except ExportError as error:
            raise CommandError(str(error)) from error
        self.report(summary, dry_run=options["dry_run"])

    def report(self, summary, *, dry_run):
        write = self.stdout.write
        if dry_run:
            write(self.style.WARNING(_("Dry run: nothing was written.")))
        write(f"{'':<12}" + "".join(f"{str(label):>11}" for label in OUTCOMES.values()))
        for kind, label in KINDS.items():
            row = [summary.counts[(kind, outcome)] for outcome in OUTCOMES]
            if any(row):
                write(f"{str(label):<12}" + "".join(f"{n:>11}" for n in row))
        if summary.skipped:
            write(_("Skipped:"))
            for reason, n in summary.skipped.most_common():
                write(f"  {n:>5}  {reason}")
        if summary.removed_shortcodes:
            write(_("Shortcodes removed:"))
            for name, n in summary.removed_shortcodes.most_common():
                write(f"  {n:>5}  [{name}]")
        if summary.notes:
            write(_("For the editors:"))
            for label, note in summary.notes:
                write(f"  {label}: {note}")
        if summary.failures:
            write(self.style.ERROR(_("Failed:")))
            for label, reason in summary.failures:
                write(f"  {label}: {reason}")
