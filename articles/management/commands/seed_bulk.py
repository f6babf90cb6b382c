"""`manage.py seed_bulk --articles 100000`: a newsroom of that size, for trying and measuring
(articles/seeding.py)."""

import os
import time

from django.core.management.base import BaseCommand

from articles import seeding


class Command(BaseCommand):
    help = "Add realistic Arabic stories (with tags, authors, pictures, comments) in bulk."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=1000)
        parser.add_argument("--english", type=float, default=0.2, help="share with English")
        parser.add_argument("--comments", type=float, default=1.0, help="per story, on average")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--batch", type=int, default=seeding.BATCH, help="stories per transaction"
        )
        parser.add_argument(
            "--jobs", type=int, default=min(os.cpu_count() or 1, 8),
            help="processes writing batches at once (default: one per core, at most 8)",
        )  # fmt: skip

    def handle(self, *args, articles, english, comments, seed, jobs, batch, **options):
        started = time.monotonic()
        written = seeding.seed(  # (`seed` is the option here)
            articles, english=english, comments=comments, seed_value=seed, jobs=jobs,
            batch=max(1, batch), out=self.stderr,
        )  # fmt: skip
        self.stdout.write(self.style.SUCCESS(
            f"{written['stories']} stories, {written['comments']} comments and "
            f"{written['related']} related picks written in {time.monotonic() - started:.1f} s "
            f"({written['processes']} process{'es' if written['processes'] > 1 else ''})."
        ))  # fmt: skip
