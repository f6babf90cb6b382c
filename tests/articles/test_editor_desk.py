"""The editor's desk on the server: the body editor's widget, the image chooser and upload,
autosave and its restore, the list's autosave column, and the one write path."""

import io
import json
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation
from PIL import Image as PILImage
from reversion.models import Version

from articles import publishing
from articles.models import Article, Autosave, Image
from tests.factories import ArticleFactory, ImageFactory, SectionFactory

pytestmark = pytest.mark.django_db

CHOOSER = reverse("admin:image_chooser")
UPLOAD = reverse("admin:image_chooser_upload")


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def autosave_url(article=None):
    if article is None:
        return reverse("admin:articles_article_autosave_new")
    return reverse("admin:articles_article_autosave", args=[article.pk])


def jpeg(width=640, height=480):
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), (120, 30, 40)).save(buffer, "JPEG")
    buffer.seek(0)
    buffer.name = "photo.jpg"
    return buffer


def form_data(article, **changes):
    data = {
        "headline_ar": article.headline_ar,
        "headline_en": article.headline_en or "",
        "slug": article.slug,
        "standfirst_ar": article.standfirst_ar,
        "standfirst_en": "",
        "body_ar": article.body_ar,
        "body_en": "",
        "section": article.section_id,
        "allows_comments": "on",
        "loaded_version": article.version,
        "change_notes-TOTAL_FORMS": "0",
        "change_notes-INITIAL_FORMS": "0",
        "related_stories-TOTAL_FORMS": "0",
        "related_stories-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


# --- the editor in the form ------------------------------------------------------------------


def test_each_body_field_gets_the_editor_in_its_direction(client_for, writer):
    page = client_for(writer).get(reverse("admin:articles_article_add")).text
    assert 'data-django-prose-editor-newsroom="' in page
    assert 'dir="rtl" lang="ar"' in page and 'dir="ltr" lang="en"' in page
    assert "articles/editor/newsroom.js" in page and "django_prose_editor/editor.js" in page
    # Nothing from another host (a bare "cdn" could sit inside a random CSRF token).
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)


def test_the_editors_configuration_is_the_sanitisers_allowlist(client_for, writer):
    page = client_for(writer).get(reverse("admin:articles_article_add"))
    marker = 'data-django-prose-editor-newsroom="'
    start = page.text.index(marker) + len(marker)
    raw = page.text[start : page.text.index('"', start)]
    config = json.loads(raw.replace("&quot;", '"').replace("&amp;", "&"))
    assert {"LibraryImage", "Embed", "Link", "Heading"} <= set(config["extensions"])
    assert config["direction"] == "rtl" and config["imageChooserUrl"] == CHOOSER
    providers = {pattern["provider"] for pattern in config["embedPatterns"]}
    assert providers == {"youtube", "x", "instagram", "facebook"}


def test_the_toolbars_labels_are_in_the_arabic_catalogue(client_for, writer):
    catalogue = client_for(writer).get(reverse("admin:jsi18n")).text
    for arabic in ("إدراج صورة من المكتبة", "رفع وإدراج"):  # the dialogs' own words
        assert json.dumps(arabic) in catalogue  # the catalogue writes them as \u escapes


def test_each_toolbar_is_named_in_its_fields_language_whatever_the_admins():
    from articles.widgets import TOOLBAR_LABELS, BodyEditorWidget

    with translation.override("en"):
        arabic = BodyEditorWidget(language="ar").toolbar_labels()
        english = BodyEditorWidget(language="en").toolbar_labels()
    assert arabic["bold"] == "عريض" and arabic["heading2"] == "عنوان فرعي"
    assert english["bold"] == "Bold" and set(arabic) == set(english) == set(TOOLBAR_LABELS)
    untranslated = [name for name in arabic if arabic[name] == english[name]]
    assert untranslated == []


# --- the image chooser -----------------------------------------------------------------------


def test_the_chooser_lists_the_newest_first_and_searches_captions(client_for, writer):
    older = ImageFactory(caption_ar="حريق في المصفاة", alt_ar="دخان")
    newer = ImageFactory(caption_ar="مباراة الكويت", alt_ar="ملعب")
    client = client_for(writer)
    results = client.get(CHOOSER).json()["results"]
    assert [r["id"] for r in results] == [newer.pk, older.pk]
    found = client.get(CHOOSER, {"q": "المصفاة"}).json()["results"]
    assert [r["id"] for r in found] == [older.pk]
    by_alt = client.get(CHOOSER, {"q": "ملعب"}).json()["results"]
    assert [r["id"] for r in by_alt] == [newer.pk]
    card = client.get(CHOOSER, {"ids": f"{newer.pk},x"}).json()["results"][0]
    assert card["alt"] == "ملعب" and card["publishable"] is True
    assert card["thumbnail"].endswith(".jpg")


def test_the_chooser_pages_through_the_library(client_for, writer):
    ImageFactory.create_batch(25)
    client = client_for(writer)
    first = client.get(CHOOSER).json()
    assert len(first["results"]) == 24 and first["has_more"] is True
    assert client.get(CHOOSER, {"page": 2}).json()["has_more"] is False


def test_upload_from_the_editor_checks_and_stores_the_picture(
    client_for, writer, django_capture_on_commit_callbacks, monkeypatch
):
    from PIL import ImageFile

    decodes = []
    load = ImageFile.ImageFile.load

    def counted(picture):
        if picture.tile:  # pixel data still to decode
            decodes.append(picture.format)
        return load(picture)

    monkeypatch.setattr(ImageFile.ImageFile, "load", counted)
    with django_capture_on_commit_callbacks() as queued:  # what the request leaves for later
        response = client_for(writer).post(
            UPLOAD,
            {"file": jpeg(), "alt_ar": "وزير المالية", "caption_ar": "مؤتمر", "credit": "KUNA"},
        )
    assert response.status_code == 201
    assert decodes == ["JPEG"]  # checked and re-encoded in one decode
    image = Image.objects.get(pk=response.json()["id"])
    assert image.alt_ar == "وزير المالية" and image.uploaded_by == writer
    assert image.renditions == []  # the upload returned before them
    for job in queued:
        job()
    image.refresh_from_db()
    assert image.renditions, "the same renditions as any upload, from the job"


def test_upload_refuses_a_file_that_is_not_a_picture_and_needs_alt_text(client_for, writer):
    fake = io.BytesIO(b"<?php system($_GET['c']); ?>")
    fake.name = "photo.jpg"
    response = client_for(writer).post(UPLOAD, {"file": fake, "alt_ar": "", "credit": ""})
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert "file" in errors and "alt_ar" in errors
    assert not Image.objects.exists()


def test_only_staff_with_image_permissions_use_the_chooser(client_for, moderator, client):
    assert client_for(moderator).get(CHOOSER).status_code == 403
    assert client_for(moderator).post(UPLOAD, {"file": jpeg(), "alt_ar": "x"}).status_code == 403
    client.logout()
    assert client.get(CHOOSER).status_code == 302  # to the login page


# --- autosave --------------------------------------------------------------------------------


def test_autosave_keeps_the_form_without_touching_the_story(client_for, writer):
    story = ArticleFactory(created_by=writer, body_ar="<p>قديم</p>")
    revisions = Version.objects.get_for_object(story).count()
    client = client_for(writer)
    response = client.post(
        autosave_url(story),
        form_data(story, body_ar="<p>جديد لم يحفظ</p>", csrfmiddlewaretoken="x"),
    )
    assert response.status_code == 200 and "حُفظ تلقائياً" in response.json()["message"]
    autosave = Autosave.objects.get(article=story, user=writer)
    assert autosave.fields["body_ar"] == ["<p>جديد لم يحفظ</p>"]
    assert autosave.base_version == story.version
    assert "csrfmiddlewaretoken" not in autosave.fields
    assert not any("-" in name for name in autosave.fields), "inline rows are not autosaved"
    story.refresh_from_db()
    assert story.body_ar == "<p>قديم</p>"
    assert Version.objects.get_for_object(story).count() == revisions, "not a revision"


def test_reopening_offers_the_autosave_and_restores_it(client_for, writer):
    story = ArticleFactory(created_by=writer, body_ar="<p>قديم</p>")
    client = client_for(writer)
    client.post(autosave_url(story), form_data(story, body_ar="<p>جديد لم يحفظ</p>"))
    offer = client.get(change_url(story)).text
    assert "استعادة النسخة المحفوظة تلقائياً" in offer
    assert "جديد لم يحفظ" not in offer
    restored = client.get(change_url(story), {"autosave": "restore"}).text
    assert "&lt;p&gt;جديد لم يحفظ&lt;/p&gt;" in restored
    assert "يعرض النموذج نسختك المحفوظة تلقائياً" in restored
    saved = client.post(change_url(story), form_data(story, body_ar="<p>جديد لم يحفظ</p>"))
    assert saved.status_code == 302
    story.refresh_from_db()
    assert story.body_ar == "<p>جديد لم يحفظ</p>"
    assert not Autosave.objects.filter(article=story).exists(), "spent by the save"


def test_an_autosave_never_overrides_a_newer_save_by_someone_else(client_for, writer, editor):
    story = ArticleFactory(created_by=writer, body_ar="<p>قديم</p>")
    client = client_for(writer)
    client.post(autosave_url(story), form_data(story, body_ar="<p>نص الكاتب</p>"))
    publishing.save_article(
        Article.objects.get(pk=story.pk), by=editor, was_live=False
    )  # the editor saves in between
    page = client.get(change_url(story)).text
    assert "حفظ شخص آخر الخبر بعد نسختك المحفوظة تلقائياً" in page
    autosave = Autosave.objects.get(article=story, user=writer)
    refused = client.post(
        change_url(story),
        form_data(story, body_ar="<p>نص الكاتب</p>", loaded_version=autosave.base_version),
    )
    assert refused.status_code == 200
    assert "بعد أن فتحته" in refused.text
    story.refresh_from_db()
    assert story.body_ar == "<p>قديم</p>"


def test_a_new_storys_autosave_is_spent_when_it_is_first_saved(client_for, writer):
    client = client_for(writer)
    section = SectionFactory()
    client.post(autosave_url(), {"headline_ar": "خبر جديد", "section": section.pk})
    assert Autosave.objects.get(user=writer, article=None).fields["headline_ar"] == ["خبر جديد"]
    assert (
        "استعادة النسخة المحفوظة تلقائياً" in client.get(reverse("admin:articles_article_add")).text
    )
    story = Article(headline_ar="خبر جديد", section=section)
    publishing.save_edit(story, by=writer, was_live=False)
    assert not Autosave.objects.filter(user=writer).exists()


def test_a_bulk_action_never_spends_an_autosave(client_for, writer):
    story = ArticleFactory(created_by=writer)
    client = client_for(writer)
    client.post(autosave_url(story), form_data(story, body_ar="<p>نص لم يحفظ</p>"))
    publishing.submit_for_review(Article.objects.get(pk=story.pk), by=writer)
    assert Autosave.objects.filter(article=story, user=writer).exists()


def test_autosaves_are_per_user_and_follow_the_edit_permission(client_for, writer, other_writer):
    story = ArticleFactory(created_by=writer)
    # Another writer's story is not theirs to see, let alone autosave.
    assert client_for(other_writer).post(autosave_url(story), {"headline_ar": "x"}).status_code == (
        404
    )
    assert client_for(writer).get(autosave_url(story)).status_code == 405
    assert not Autosave.objects.exists()


def test_the_list_shows_stories_with_an_autosave_newer_than_their_last_save(client_for, editor):
    waiting = ArticleFactory(headline_ar="خبر فيه عمل غير محفوظ")
    ArticleFactory(headline_ar="خبر محفوظ")
    client = client_for(editor)
    client.post(autosave_url(waiting), form_data(waiting, headline_ar="عنوان أحدث"))
    page = client.get(reverse("admin:articles_article_changelist")).text
    assert page.count("np-autosaved") == 1
    row = page[page.index("خبر فيه عمل غير محفوظ") :]
    assert "محفوظ تلقائياً" in row[: row.index("</tr>")]


# --- one write path --------------------------------------------------------------------------


def test_the_admin_form_saves_through_publishing(client_for, writer, monkeypatch):
    calls = []
    real = publishing.save_article
    monkeypatch.setattr(
        publishing, "save_article", lambda article, **kw: calls.append(kw) or real(article, **kw)
    )
    story = ArticleFactory(created_by=writer)
    client_for(writer).post(
        change_url(story), form_data(story, headline_ar="عنوان معدل", _submit_for_review="1")
    )
    assert len(calls) == 1 and calls[0]["by"] == writer
    story.refresh_from_db()
    assert story.headline_ar == "عنوان معدل" and story.status == Article.Status.REVIEW


def test_only_publishing_sends_the_going_live_signals():
    root = Path(__file__).resolve().parents[2]
    senders = sorted(
        str(path.relative_to(root))
        for app in ("articles", "comments", "newsportal")
        for path in (root / app).rglob("*.py")
        if re.search(r"article_(un)?published\.send", path.read_text())
    )
    assert senders == ["articles/publishing.py"]


# Writes of article rows outside articles/publishing.py, each with its reason: the comment
# counters are the comments app's own columns, and migrations fill columns they add.
COUNTER_WRITES = {"comments/moderation.py"}
ARTICLE_WRITE = re.compile(
    r"Article\.objects\.(?:bulk_create|create|bulk_update|update|get_or_create|update_or_create)"
    r"|Article\.objects\.filter\([^)]*\)\.update\("
    r"|(?<!def )insert_objects\("  # newsportal/bulk.py's raw insert
)


def test_only_publishing_writes_articles():
    """No module saves, creates or updates stories behind publishing.py's back (seed_bulk's
    bulk insert goes through publishing.bulk_load; instance saves go through save_article)."""
    root = Path(__file__).resolve().parents[2]
    writers = sorted(
        str(path.relative_to(root))
        for app in ("articles", "comments", "newsportal")
        for path in (root / app).rglob("*.py")
        if "migrations" not in path.parts and ARTICLE_WRITE.search(path.read_text())
    )
    assert writers == ["articles/publishing.py", *sorted(COUNTER_WRITES)]


def test_a_writer_cannot_publish_through_a_forged_status(client_for, writer):
    story = ArticleFactory(created_by=writer)
    client_for(writer).post(change_url(story), form_data(story, status="published"))
    story.refresh_from_db()
    assert story.status == Article.Status.DRAFT


def test_an_editor_sees_who_created_a_story_written_by_a_writer(client_for, writer):
    client = client_for(writer)
    section = SectionFactory()
    response = client.post(
        reverse("admin:articles_article_add"),
        form_data(
            Article(
                section=section,
                headline_ar="خبر الكاتب",
                slug="",
                standfirst_ar="",
                body_ar="<p>نص</p>",
            ),
            loaded_version="",
        ),
    )
    assert response.status_code == 302
    assert Article.objects.get(headline_ar="خبر الكاتب").created_by == writer


def test_other_users_cannot_see_each_others_autosaves(client_for, writer, editor):
    story = ArticleFactory(created_by=writer)
    client_for(writer).post(autosave_url(story), form_data(story, body_ar="<p>سر</p>"))
    page = client_for(editor).get(change_url(story), {"autosave": "restore"}).text
    assert "&lt;p&gt;سر&lt;/p&gt;" not in page
    assert "استعادة النسخة المحفوظة تلقائياً" not in page


def test_standing_pages_use_the_same_editor_and_draw_pictures(client, admin_client):
    from articles.models import Page

    page = admin_client.get(reverse("admin:articles_page_add")).text
    assert 'data-django-prose-editor-newsroom="' in page
    picture = ImageFactory(credit="KUNA")
    about = Page.objects.create(
        slug="about", title_ar="من نحن", body_ar=f'<figure data-image-id="{picture.pk}"></figure>'
    )
    html = client.get(about.get_absolute_url()).text
    assert '<figure class="body-image">' in html and "KUNA" in html
