"""`make bench`: speed figures, printed (not asserted), on a throw-away test database.

- the admin article list with BENCH_ARTICLES articles (default 100,000): time and queries;
- an image upload: validation, re-encoding and renditions for a 12-megapixel JPEG.

DATABASE_URL chooses the database, as for the site.
"""

import os
import statistics
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsportal.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.files.base import ContentFile  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

ARTICLES = int(os.environ.get("BENCH_ARTICLES", "100000"))


def _timed(function, repeat=5):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


class _QueryTimer:
    def __init__(self, log):
        self.log = log

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.log.append((time.perf_counter() - start, sql))


def fill_articles(count):
    from articles.models import Article, Section

    section = Section.objects.create(name_ar="قسم", slug="bench")
    now = timezone.now()
    batch = []
    for index in range(count):
        batch.append(
            Article(
                headline_ar=f"خبر تجريبي رقم {index} عن الاقتصاد والنفط",
                headline=f"خبر تجريبي رقم {index} عن الاقتصاد والنفط",
                slug=f"khabar-{index}",
                section=section,
                status=Article.Status.PUBLISHED,
                published_at=now - timezone.timedelta(minutes=index),
            )
        )
        if len(batch) == 5000:
            Article.objects.bulk_create(batch)
            batch = []
    Article.objects.bulk_create(batch)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE articles_article")


def bench_admin_list():
    from django.contrib.auth.models import Group

    from articles import roles

    start = time.perf_counter()
    fill_articles(ARTICLES)
    print(
        f"filled {ARTICLES:,} articles in {time.perf_counter() - start:.1f} s ({connection.vendor})"
    )
    editor = get_user_model().objects.create_user("bench-editor", is_staff=True)
    editor.groups.add(Group.objects.get(name=roles.EDITORS))
    client = Client()
    client.force_login(editor)
    for label, params in [
        ("list, first page", {}),
        ("list, page 500", {"p": "500"}),
        ("list, filtered by status", {"status__exact": "published"}),
        ("list, search «النفط»", {"q": "النفط"}),
    ]:
        client.get("/admin/articles/article/", params)  # warm-up
        queries = []
        with connection.execute_wrapper(_QueryTimer(queries)):
            client.get("/admin/articles/article/", params)
        median, response = _timed(lambda p=params: client.get("/admin/articles/article/", p))
        assert response.status_code == 200, response.status_code
        slowest = max(queries, key=lambda q: q[0])
        print(
            f"admin {label:<28} {median * 1000:7.1f} ms  {len(queries)} queries, slowest "
            f"{slowest[0] * 1000:.1f} ms: {slowest[1][:90]}"
        )


def bench_image_upload():
    from articles.demo import draw_picture
    from articles.models import Image

    data = draw_picture(7, width=4000, height=3000)

    def upload():
        image = Image(alt_ar="صورة", credit="AFP")
        image.file = ContentFile(data, name="big.jpg")
        image.save()
        return image

    median, image = _timed(upload, repeat=3)
    print(
        f"image upload 4000×3000 JPEG ({len(data) // 1024} KB): {median * 1000:.0f} ms "
        f"(stored {image.width}×{image.height}, {len(image.renditions)} widths × WebP + JPEG)"
    )


def main():
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.MEDIA_ROOT = settings.BASE_DIR / "bench" / ".media"
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        bench_image_upload()
        bench_admin_list()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
