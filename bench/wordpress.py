"""`make bench-import`: import a synthetic WordPress export (BENCH_POSTS posts, default 10,000,
with five comments each) into a throw-away test database; prints time and peak memory.
DATABASE_URL chooses the database, as for the site."""

import os
import resource
import tempfile
import time
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsportal.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from articles.wordpress.importer import Importer  # noqa: E402
from tests.wordpress.synthetic import write_export  # noqa: E402

POSTS = int(os.environ.get("BENCH_POSTS", "10000"))


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main():
    setup_test_environment()
    settings.MEDIA_ROOT = settings.BASE_DIR / "bench" / ".media"
    old_name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":
        # On disk, as the site's own database is: an in-memory test database would count the
        # whole database as the import's memory.
        connection.settings_dict["TEST"]["NAME"] = str(settings.BASE_DIR / "bench" / "import.db")
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "export.xml"
            start = time.perf_counter()
            write_export(path, posts=POSTS, comments_per_post=5)
            size = path.stat().st_size / 1024 / 1024
            print(f"wrote a {size:.0f} MB export in {time.perf_counter() - start:.1f} s")
            before = peak_mb()
            start = time.perf_counter()
            summary = Importer(path).run()
            took = time.perf_counter() - start
            print(
                f"imported {summary.counts[('post', 'imported')]:,} posts and "
                f"{summary.counts[('comment', 'imported')]:,} comments in {took:.0f} s "
                f"({connection.vendor}); peak memory {peak_mb():.0f} MB "
                f"(before the import {before:.0f} MB)"
            )
            phases = ", ".join(f"{name} {took:.0f} s" for name, took in summary.seconds.items())
            print(f"  by phase: {phases}")
            start = time.perf_counter()
            again = Importer(path).run()
            print(
                f"second run: {again.counts[('post', 'unchanged')]:,} posts unchanged in "
                f"{time.perf_counter() - start:.0f} s"
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
