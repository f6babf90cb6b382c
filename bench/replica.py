"""`make replica-check`: the site against a real PostgreSQL streaming replica (`make replica`).

A database is made anew on the primary (REPLICA_CHECK_DATABASE, by default newsportal_replica
on 127.0.0.1:5432) and reaches the standby (127.0.0.1:5433) by streaming replication. Then,
through the site's own requests:

- readers' pages (home, a story, the API) are read from the replica, with no query on the
  primary, and show a story published on the primary once it has streamed over;
- the admin, a comment's post and the page right after it use the primary;
- the replica refuses writes (it is a real standby, not a second primary).

Prints the replication delay seen; exits non-zero when any check fails.
"""

import os
import sys
import time

from bench import fresh_database

NAME = os.environ.get("REPLICA_CHECK_DATABASE", "newsportal_replica")
PRIMARY = os.environ.get("REPLICA_PRIMARY_URL", f"postgres://postgres@127.0.0.1:5432/{NAME}")
REPLICA = os.environ.get("REPLICA_URL", f"postgres://postgres@127.0.0.1:5433/{NAME}")
os.environ.update(
    DJANGO_SETTINGS_MODULE="newsportal.settings",
    DATABASE_URL=PRIMARY,
    DATABASE_REPLICA_URLS=REPLICA,
    CACHE_URL="locmemcache://replica-check",
    PAGE_CACHE_SECONDS="0",
    COMMENTS_FLOOD_SECONDS="0",
    EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
    LOG_LEVEL="ERROR",
    ALLOWED_HOSTS="testserver",
)
FAILURES = []


def check(condition, what):
    print(("ok    " if condition else "FAIL  ") + what)
    if not condition:
        FAILURES.append(what)


def ms(seconds):
    return "never" if seconds is None else f"{seconds * 1000:.0f} ms"


def wait_for(condition, seconds=30):
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        try:
            if condition():
                return time.monotonic() - start
        except Exception:  # the database may not have streamed over yet
            pass
        time.sleep(0.02)
    return None


def main():
    fresh_database(PRIMARY)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from articles.models import Article, Section
    from articles.roles import EDITORS
    from tests.factories import UserFactory

    call_command("migrate", verbosity=0)
    replica = connections["replica1"]
    section = Section.objects.create(name="محليات", slug="local")
    story = Article.objects.create(
        headline_ar="خبر من الأساسي", section=section, status="published",
        published_at=timezone.now() - timezone.timedelta(minutes=1), body_ar="<p>نص</p>",
    )  # fmt: skip
    on_replica = Article.objects.using("replica1").filter(pk=story.pk).exists
    delay = wait_for(on_replica)
    check(delay is not None, f"a story written on the primary reached the replica in {ms(delay)}")

    reader = Client()
    for address in ("/", story.get_absolute_url(), f"/api/v1/articles/{story.pk}"):
        with (
            CaptureQueriesContext(connections["default"]) as primary,
            CaptureQueriesContext(replica) as standby,
        ):
            response = reader.get(address)
        check(
            response.status_code == 200 and not primary.captured_queries
            and len(standby.captured_queries) > 0 and "خبر من الأساسي" in response.text,
            f"{address}: {len(standby)} queries on the replica, {len(primary)} on the primary",
        )  # fmt: skip

    editor = UserFactory(username="replica-editor", role=EDITORS)
    staff = Client()
    staff.force_login(editor)
    with CaptureQueriesContext(replica) as standby:
        response = staff.get("/admin/articles/article/")
    check(response.status_code == 200 and not standby.captured_queries,
          "the admin reads from the primary")  # fmt: skip

    data = {"name": "سارة", "email": "sara@example.com", "text": "تعليق عبر النسخة"}
    with CaptureQueriesContext(replica) as standby:
        posted = reader.post(f"/article/{story.pk}/comment/", data)
        after = reader.get(story.get_absolute_url())
    check(posted.status_code == 302 and after.status_code == 200
          and not standby.captured_queries,
          "a comment's post and the page after it use the primary")  # fmt: skip

    try:
        with replica.cursor() as cursor:
            cursor.execute("CREATE TABLE replica_write_probe (id int)")
        refused = False
    except Exception as error:
        refused = "read-only" in str(error)
    check(refused, "the replica refuses writes (a hot standby)")

    second = Article.objects.create(
        headline_ar="خبر ثانٍ", section=section, status="published",
        published_at=timezone.now() - timezone.timedelta(seconds=5), body_ar="<p>نص</p>",
    )  # fmt: skip
    delay = wait_for(lambda: "خبر ثانٍ" in Client().get("/").text)
    check(delay is not None, f"a new story shows on the readers' home page after {ms(delay)}")
    second.delete()
    connections.close_all()
    fresh_database(PRIMARY)  # leaves an empty database behind
    if FAILURES:
        print(f"{len(FAILURES)} replica checks failed")
        sys.exit(1)
    print("replica: every check passed")


if __name__ == "__main__":
    main()
