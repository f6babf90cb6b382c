"""`import_wordpress` over the real export in shared/fixtures/wordpress (never edited): the
counts its README gives, each mapping, the old addresses, idempotency and the dry run."""

import os
import re
from datetime import UTC, datetime
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from articles.models import Article, Author, Image, Page, Section, Tag
from articles.wordpress.importer import Importer
from articles.wordpress.models import ImportedItem
from comments.models import Comment

FIXTURE = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "wordpress"
pytestmark = [
    pytest.mark.django_db,
    # The project's checkout sits beside shared/; CI always has it and must not skip.
    pytest.mark.skipif(
        not FIXTURE.exists() and os.environ.get("CI") != "true",
        reason=f"the WordPress export is not at {FIXTURE}",
    ),
]
EXPORT = FIXTURE / "kuwait-news.wordpress.xml"
UPLOADS = FIXTURE / "uploads"
Status = Article.Status


def run(path=EXPORT, **options):
    options.setdefault("media_dir", UPLOADS)
    return Importer(path, **options).run()


def post(wp_id):
    record = ImportedItem.objects.get(kind="post", wp_id=wp_id)
    return Article.objects.get(pk=record.object_id)


def image(wp_id):
    return Image.objects.get(pk=ImportedItem.objects.get(kind="attachment", wp_id=wp_id).object_id)


def comment(wp_id):
    return Comment.objects.get(pk=ImportedItem.objects.get(kind="comment", wp_id=wp_id).object_id)


def test_the_summary_matches_the_exports_counts(imported):
    counts = imported.counts
    assert counts[("post", "imported")] == 13  # 14 posts less the trashed one
    assert counts[("page", "imported")] == 2
    assert counts[("attachment", "imported")] == 5
    assert counts[("category", "imported")] == 6
    assert counts[("tag", "imported")] == 8
    assert counts[("author", "imported")] == 3
    assert counts[("comment", "imported")] == 16  # 13 approved comments + 3 pending
    assert imported.skipped["في سلة المهملات"] == 1
    assert imported.skipped["عنصر قائمة تنقل"] == 5
    assert imported.skipped["pingback"] == 1
    assert imported.skipped["تعليق في سلة المهملات"] == 1
    assert imported.skipped["تعليق على خبر لم يُستورد"] == 1  # on the trashed post
    # Every comment in the file accounted for: 16 in, a pingback, a trashed one, one on the
    # trashed post.
    assert counts[("comment", "imported")] + counts[("comment", "skipped")] == 19
    assert imported.failures == []
    assert Article.objects.count() == 13 and Page.objects.count() == 2
    assert Image.objects.count() == 5 and Tag.objects.count() == 8
    assert Section.objects.count() == 6 and Author.objects.count() == 3
    assert Comment.objects.count() == 16


def test_the_planner_learns_the_archives_new_size(imported):
    """After an import the database's statistics count the stories it brought (without them
    SQLite sorts every live story of a large archive to find the newest ten)."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = 'articles_article'")
            rows = max(int(stat.split()[0]) for (stat,) in cursor.fetchall())  # a full index
        else:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'articles_article'")
            rows = cursor.fetchone()[0]
    assert rows == Article.objects.count() > 10


def test_statuses_map_and_nothing_unpublished_is_public(imported, client):
    assert post(26).status == Status.PUBLISHED and post(26).is_live
    assert post(44).status == Status.SCHEDULED and not post(44).is_live
    assert post(40).status == Status.DRAFT
    assert post(42).status == Status.REVIEW
    assert post(36).status == Status.DRAFT  # private
    assert post(29).status == Status.UNPUBLISHED  # password-protected
    assert Article.objects.published().count() == 8
    notes = dict(imported.notes)
    assert any("خاص في ووردبريس" in note for note in notes.values())
    assert any("محمي بكلمة مرور" in note for note in notes.values())
    for hidden in (29, 36, 40, 42, 44):
        assert client.get(f"/?p={hidden}").status_code == 200  # the front page, no redirect


def test_dates_come_from_the_gmt_fields(imported):
    # Published at 00:40 Kuwait time on the 28th: 21:40 UTC on the 27th.
    assert post(33).published_at == datetime(2026, 11, 27, 21, 40, tzinfo=UTC)
    assert post(44).published_at == datetime(2027, 1, 10, 5, 0, tzinfo=UTC)
    assert post(40).published_at is None  # a draft has no publication time yet


def test_sticky_excerpt_featured_image_section_tags_and_authors(imported):
    ring_road = post(23)
    assert ring_road.is_featured and not post(26).is_featured
    assert ring_road.standfirst_ar.startswith("تبدأ وزارة الأشغال العامة")
    assert post(18).lead_image == image(19)
    assert ring_road.section.slug == "local"
    assert post(18).section.name_ar == "ثقافة وفنون"
    assert {t.name_ar for t in post(26).tags.all()} >= {"النفط", "OPEC+"}
    assert [a.name_ar for a in post(26).authors.all()] == ["Sarah Collins"]


def test_arabic_slugs_are_decoded(imported):
    assert post(14).slug == "قمة-المناخ-صندوق-التكيف"
    assert Tag.objects.filter(slug="مجلس-الأمة", name_ar="مجلس الأمة").exists()
    assert Section.objects.filter(slug="ثقافة-وفنون").exists()


def test_child_and_unused_categories_stay_out_of_the_menu(imported):
    menu = set(Section.objects.for_menu().values_list("slug", flat=True))
    assert menu == {"local", "economy", "sports", "world"}


def test_captions_and_block_images_become_library_figures(imported):
    rain = image(13)
    assert rain.caption_ar == "سحب ركامية فوق مدينة الكويت (أرشيف)"
    assert rain.alt_ar == "سحب داكنة تتجمع فوق أبراج المدينة قبل هطول المطر"
    assert f'<figure data-image-id="{rain.pk}"></figure>' in post(14).body_ar
    assert f'<figure data-image-id="{image(19).pk}"></figure>' in post(18).body_ar
    assert "[caption" not in post(23).body_ar and "wp:" not in post(18).body_ar
    assert image(27).description.startswith("ناقلة نفط")
    assert image(19).renditions, "the same renditions as an upload"


def test_classic_posts_get_paragraphs(imported):
    body = post(31).body_ar
    assert body.startswith("<p>") and "\n\n" not in body
    # The words straight after the list (no blank line between) are a paragraph too.
    assert "</ul>\n<p>وقال المحلل المالي فيصل الرومي" in body


def test_pictures_without_a_credit_are_listed_and_the_story_stays_live(
    imported, client_for, editor
):
    assert post(26).is_live and not post(26).lead_image.is_publishable
    assert sum("صورته الرئيسية" in note for _label, note in imported.notes) == 5
    page = client_for(editor).get("/admin/articles/article/?pictures=unfinished").text
    assert post(26).headline_ar[:20] in page and post(31).headline_ar[:20] not in page


def test_comments_keep_their_threads_and_people_and_nobody_is_mailed(imported, mailoutbox):
    assert mailoutbox == []
    deep = comment(8)
    assert deep.depth == 3 and deep.parent == comment(7) and comment(7).parent == comment(6)
    assert deep.thread_id == comment(7).thread_id == comment(6).pk  # one conversation
    assert comment(6).thread_id is None
    assert comment(3).ip_address == "198.51.100.40"
    assert comment(3).created_at == datetime(2026, 11, 19, 10, 12, tzinfo=UTC)
    pending = Comment.objects.filter(status=Comment.Status.PENDING)
    assert pending.count() == 3
    assert not any("\u202e" in c.text or "\u202e" in c.name for c in Comment.objects.all())
    for article in Article.objects.all():
        approved = article.comments.filter(status=Comment.Status.APPROVED)
        assert article.comment_count == approved.count()
        firsts = {c.thread_id or c.pk for c in approved}
        assert article.comment_threads == len(firsts)


def test_replies_deeper_than_the_setting_attach_at_the_deepest_level(db, settings):
    settings.COMMENTS_THREAD_DEPTH = 2
    run()
    assert comment(8).depth == 2 and comment(8).parent == comment(6)


def test_authors_get_staff_accounts_only_with_the_flag(db):
    run()
    assert get_user_model().objects.count() == 0
    run(create_users=True)
    user = get_user_model().objects.get(username="fatima.alazmi")
    assert not user.has_usable_password() and user.is_staff
    assert user.groups.filter(name="writers").exists()
    assert Author.objects.get(user=user).name_ar == "فاطمة العازمي"


def test_only_public_pages_come_in(tmp_path, db, client):
    private = EXPORT.read_text().replace(
        "<wp:post_name><![CDATA[contact-us]]></wp:post_name>\n\t\t<wp:status><![CDATA[publish]]>",
        "<wp:post_name><![CDATA[contact-us]]></wp:post_name>\n\t\t<wp:status><![CDATA[private]]>",
    )
    assert private != EXPORT.read_text()
    path = tmp_path / "private.xml"
    path.write_text(private)
    summary = run(path)
    assert summary.counts[("page", "imported")] == 1
    assert not Page.objects.filter(slug="contact-us").exists()
    assert client.get("/?page_id=6").status_code == 200  # the front page: no address leaks


def test_pages_come_in(imported, client):
    about = Page.objects.get(slug="about-us")
    assert about.title_ar and about.body_ar.startswith("<")
    assert client.get(about.get_absolute_url()).status_code == 200


OLD_ADDRESSES = [
    ("/?p=23", lambda: post(23).get_absolute_url()),
    ("/?page_id=4", lambda: Page.objects.get(slug="about-us").get_absolute_url()),
    ("/?attachment_id=19", lambda: post(18).get_absolute_url()),
    ("/?attachment_id=13", lambda: image(13).file.url),
    ("/2026/11/23/sixth-ring-road-maintenance/", lambda: post(23).get_absolute_url()),
    ("/2026/11/20/baladiya-app/", lambda: post(21).get_absolute_url()),
    (
        "/2026/11/15/%d9%82%d9%85%d8%a9-%d8%a7%d9%84%d9%85%d9%86%d8%a7%d8%ae-"
        "%d8%b5%d9%86%d8%af%d9%88%d9%82-%d8%a7%d9%84%d8%aa%d9%83%d9%8a%d9%81/",
        lambda: post(14).get_absolute_url(),
    ),
    (
        "/2026/11/15/%D9%82%D9%85%D8%A9-%D8%A7%D9%84%D9%85%D9%86%D8%A7%D8%AE-"
        "%D8%B5%D9%86%D8%AF%D9%88%D9%82-%D8%A7%D9%84%D8%AA%D9%83%D9%8A%D9%81/",
        lambda: post(14).get_absolute_url(),
    ),
    ("/2026/11/15/قمة-المناخ-صندوق-التكيف/", lambda: post(14).get_absolute_url()),
    ("/2026/11/28/national-team-reaches-final/", lambda: post(33).get_absolute_url()),
    ("/2026/11/19/book-fair-opens/book-fair-visitors/", lambda: post(18).get_absolute_url()),
    ("/rain-clouds-kuwait-city/", lambda: image(13).file.url),
    ("/about-us/", lambda: Page.objects.get(slug="about-us").get_absolute_url()),
    ("/contact-us/", lambda: Page.objects.get(slug="contact-us").get_absolute_url()),
    ("/category/economy/", lambda: "/section/economy/"),
    ("/category/economy/feed/", lambda: "/section/economy/feed/"),
    (
        "/category/local/%d8%ab%d9%82%d8%a7%d9%81%d8%a9-%d9%88%d9%81%d9%86%d9%88%d9%86/",
        lambda: Section.objects.get(slug="ثقافة-وفنون").get_absolute_url(),
    ),
    (
        "/author/fatima.alazmi/",
        lambda: Author.objects.get(name_ar="فاطمة العازمي").get_absolute_url(),
    ),
]


@pytest.mark.parametrize(("old", "new"), OLD_ADDRESSES, ids=[a for a, _b in OLD_ADDRESSES])
def test_every_old_address_redirects_permanently(imported, client, old, new):
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == new()


def test_old_tag_addresses_are_already_ours_and_unknown_ones_stay_404(imported, client):
    tag = Tag.objects.get(name_ar="النفط")
    assert client.get(f"/tag/{tag.slug}/").status_code == 200
    assert client.get("/tag/%d8%a7%d9%84%d9%86%d9%81%d8%b7/").status_code == 200
    missing = client.get("/2026/11/23/no-such-story/")
    assert missing.status_code == 404 and 'dir="rtl"' in missing.text


def test_links_to_the_old_site_are_rewritten(imported):
    assert f'href="{post(21).get_absolute_url()}"' in post(23).body_ar
    assert f'href="{post(23).get_absolute_url()}"' in post(38).body_ar
    assert "alfareej.example.com" not in post(23).body_ar


def test_a_second_run_changes_nothing(imported):
    before = {m: m.objects.count() for m in (Article, Image, Comment, Tag, Section, Page)}
    again = run()
    assert {m: m.objects.count() for m in before} == before
    assert again.counts[("post", "imported")] == 0 and again.counts[("post", "updated")] == 0
    assert again.counts[("post", "unchanged")] == 13
    assert again.counts[("comment", "unchanged")] == 16
    assert again.counts[("attachment", "unchanged")] == 5


def test_a_newer_export_adds_what_is_new_and_updates_what_changed(imported, tmp_path):
    text = EXPORT.read_text()
    text = text.replace("أسعار النفط تقفز 4%", "أسعار النفط تقفز 5%")
    new_item = (
        "<item><title>خبر جديد بعد التصدير</title>"
        "<link>https://alfareej.example.com/2026/12/01/new-story/</link>"
        "<dc:creator><![CDATA[fatima.alazmi]]></dc:creator>"
        "<content:encoded><![CDATA[نص الخبر الجديد]]></content:encoded>"
        "<excerpt:encoded><![CDATA[]]></excerpt:encoded>"
        "<wp:post_id>99</wp:post_id><wp:post_date>2026-12-01 10:00:00</wp:post_date>"
        "<wp:post_date_gmt>2026-12-01 07:00:00</wp:post_date_gmt>"
        "<wp:post_name>new-story</wp:post_name><wp:status>publish</wp:status>"
        "<wp:post_type>post</wp:post_type><wp:post_password></wp:post_password>"
        "<wp:is_sticky>0</wp:is_sticky>"
        '<category domain="category" nicename="local"><![CDATA[محليات]]></category></item>'
    )
    text = text.replace("</channel>", new_item + "</channel>")
    newer = tmp_path / "newer.xml"
    newer.write_text(text)
    summary = run(newer)
    assert summary.counts[("post", "imported")] == 1
    assert summary.counts[("post", "updated")] == 1
    assert summary.counts[("post", "unchanged")] == 12
    assert post(26).headline_ar.startswith("أسعار النفط تقفز 5%")
    assert post(99).is_live and Article.objects.count() == 14


def test_a_dry_run_reports_the_same_and_writes_nothing(db, settings):
    summary = run(dry_run=True)
    assert summary.counts[("post", "imported")] == 13
    assert summary.counts[("attachment", "imported")] == 5
    assert summary.counts[("comment", "imported")] == 16
    for model in (Article, Image, Comment, Tag, Section, Page, ImportedItem):
        assert not model.objects.exists(), model
    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_the_command_prints_a_summary_table(db):
    out = StringIO()
    call_command("import_wordpress", str(EXPORT), media_dir=str(UPLOADS), stdout=out, verbosity=0)
    rows = {line.split()[0]: line.split()[1:] for line in out.getvalue().splitlines() if line}
    assert rows["مقالات"][:5] == ["13", "0", "0", "1", "0"]
    assert rows["تعليقات"][:5] == ["16", "0", "0", "3", "0"]  # the file's 19, each accounted


def test_imported_stories_render_as_the_original(imported, client):
    story = post(23)
    page = client.get(story.get_absolute_url()).text
    assert story.headline_ar in page
    assert '<time datetime="2026-11-23T09:15:00+03:00">الاثنين 23 نوفمبر 2026، 09:15</time>' in page
    assert "<h2>حارتان مغلقتان في كل اتجاه</h2>" in page
    assert 'class="lead-image"' in page and image(24).alt_ar in page
    assert image(24).caption_ar in page  # the lead picture's caption
    assert page.count('class="comment comment--depth') == 4
    # The thread as it was: a reply to a reply stands at the third level.
    assert re.findall(r"comment--depth-\d", page) == [
        "comment--depth-1", "comment--depth-2", "comment--depth-3", "comment--depth-1",
    ]  # fmt: skip
    assert "مجلس" in client.get(post(14).get_absolute_url()).text
    assert 'class="body-image"' in client.get(post(14).get_absolute_url()).text
    climate = client.get(post(14).get_absolute_url()).text
    assert "شاهد أيضاً" in climate and post(18).get_absolute_url() in climate
