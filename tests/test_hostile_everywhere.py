"""Hostile input everywhere, beyond the comment form (tests/comments/test_hostile_input.py):
every public page's query parameters and address, the language switch, every admin list's
search, ordering, paging and filters, every admin add form, and picture uploads that are two
files at once. Never a 500, never unescaped markup, never a header written by the visitor,
never half a record."""

import io
import zipfile

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from PIL import Image as PILImage

from articles.models import Article, Image, Page, Section, Tag
from comments.models import Blocklist
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, TagFactory, UserFactory
from tests.hostile import PAYLOADS, injected_markup, url_safe

pytestmark = pytest.mark.django_db

URL_PAYLOADS = [payload for payload in PAYLOADS if url_safe(payload)]
PARAMETERS = ["q", "page", "section", "sort", "from", "to", "comment", "reply", "p", "lang"]
FINE = {200, 301, 302, 400, 404, 405}


@pytest.fixture
def site(db):
    Page.objects.create(slug="about", title_ar="من نحن")
    return ArticleFactory(
        published=True,
        section=SectionFactory(slug="local"),
        tags=[TagFactory(slug="kuwait")],
        authors=[AuthorFactory(slug="fatima")],
    )


def public_paths(story):
    published = story.published_at.astimezone()
    return [
        "/",
        "/en/",
        "/section/local/",
        "/tag/kuwait/",
        "/author/fatima/",
        f"/{published:%Y/%m/%d}/",
        "/search/",
        "/en/search/",
        "/page/about/",
        story.get_absolute_url(),
        "/feed/",
        "/section/local/feed/atom/",
        "/sitemap.xml",
        "/sitemap-news.xml",
    ]


def assert_safe(response, where):
    assert response.status_code in FINE, (where, response.status_code)
    if response.get("Content-Type", "").startswith("text/html"):
        assert injected_markup(response.content.decode()) == [], where
    for name, value in response.items():
        assert "\n" not in value and "\r" not in value, (where, name)
    assert "hacked" not in response.cookies


def test_every_public_parameter_and_address(client, site):
    tried = 0
    for path in public_paths(site):
        for payload in URL_PAYLOADS:
            for parameter in PARAMETERS:
                assert_safe(client.get(path, {parameter: payload}), (path, parameter, payload))
                tried += 1
    for payload in URL_PAYLOADS:
        for template in ("/section/{}/", "/tag/{}/", "/author/{}/", "/page/{}/", "/{}"):
            assert_safe(client.get(template.format(payload)), (template, payload))
            tried += 1
    assert tried == len(public_paths(site)) * len(URL_PAYLOADS) * len(PARAMETERS) + 5 * len(
        URL_PAYLOADS
    )


def test_the_language_switch_never_writes_the_visitors_header(client, db):
    for payload in URL_PAYLOADS:
        response = client.post("/i18n/setlang/", {"language": payload, "next": payload})
        assert_safe(response, payload)
        location = response.get("Location", "/")
        assert url_has_allowed_host_and_scheme(location, {"testserver"}), location


@pytest.fixture
def superuser(client, db):
    client.force_login(UserFactory(username="root", is_superuser=True))
    return client


def test_every_admin_list_survives_its_parameters(superuser, site):
    ArticleFactory()
    for model in admin.site._registry:
        changelist = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for payload in URL_PAYLOADS:
            for parameter in ("q", "o", "p", "e", "status__exact", "_to_field", "pictures"):
                response = superuser.get(changelist, {parameter: payload})
                assert_safe(response, (changelist, parameter, payload))


SIMPLE_FORMS = {
    # model: (the text fields tried, the fields any valid record needs)
    Section: (["name_ar", "name_en", "slug"], {"name_ar": "محليات", "slug": "local-2"}),
    Tag: (["name_ar", "name_en", "slug"], {"name_ar": "الكويت", "slug": "kuwait-2"}),
    Page: (["title_ar", "title_en", "slug", "body_ar"], {"title_ar": "اتصل", "slug": "contact"}),
    Blocklist: (["value"], {"kind": "hold_word", "value": "كلمة"}),
}


@pytest.mark.parametrize("model", SIMPLE_FORMS, ids=lambda model: model.__name__)
def test_every_admin_form_takes_hostile_text_escaped_or_refuses_it_whole(superuser, model):
    fields, valid = SIMPLE_FORMS[model]
    add = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
    for payload in PAYLOADS:
        for field in fields:
            before = model.objects.count()
            data = {**valid, "position": 0, field: payload}
            response = superuser.post(add, data)
            assert_safe(response, (model.__name__, field, payload))
            after = model.objects.count()
            if response.status_code == 200:
                assert after == before, "a refused form stored nothing"
            else:
                assert after == before + 1
                stored = model.objects.latest("pk")
                assert "\x00" not in str(getattr(stored, field))
                listing = superuser.get(add.replace("add/", ""))
                assert_safe(listing, (model.__name__, "list after", payload))
                stored.delete()


def test_an_article_form_with_hostile_text_saves_it_inert_or_refuses_it(superuser, site):
    from tests.articles.test_editor_desk import form_data

    story = ArticleFactory(published=True, section=site.section)
    change = reverse("admin:articles_article_change", args=[story.pk])
    for payload in PAYLOADS:
        story.refresh_from_db()
        data = form_data(
            story, headline_ar=payload, standfirst_ar=payload, body_ar=f"<p>{payload}</p>"
        )
        response = superuser.post(change, data)
        assert_safe(response, payload)
        if response.status_code == 302:
            page = superuser.get(Article.objects.get(pk=story.pk).get_absolute_url())
            assert_safe(page, ("story page", payload))


def jpeg(text=b""):
    buffer = io.BytesIO()
    PILImage.new("RGB", (400, 300), (20, 90, 160)).save(buffer, "JPEG", comment=text)
    return buffer.getvalue()


def zip_file():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("evil.html", "<script>alert(1)</script>")
    return buffer.getvalue()


POLYGLOTS = {
    "a JPEG with HTML in its comment": jpeg(b"<html><script>alert(1)</script></html>"),
    "a JPEG with HTML after its end": jpeg() + b"<html><script>alert(1)</script></html>",
    "a JPEG that is also a ZIP": jpeg() + zip_file(),
}


@pytest.mark.parametrize("kind", POLYGLOTS)
def test_a_picture_that_is_two_files_at_once_is_stored_as_a_picture_only(superuser, kind, settings):
    name = "photo.jpg"
    response = superuser.post(
        reverse("admin:articles_image_add"),
        {
            "file": SimpleUploadedFile(name, POLYGLOTS[kind], content_type="text/html"),
            "alt_ar": "صورة",
            "credit": "AFP",
        },
    )
    assert response.status_code == 302, kind
    image = Image.objects.get()
    assert image.file.name.endswith(".jpg")
    stored = [image.file.path] + [
        str(path) for path in (settings.MEDIA_ROOT).rglob("*") if path.is_file()
    ]
    for path in stored:
        content = open(path, "rb").read()
        assert b"<script" not in content and b"PK\x03\x04" not in content, path
        assert content.startswith((b"\xff\xd8\xff", b"RIFF", b"\x89PNG")), path


def test_every_registered_admin_model_was_swept():
    swept = {model._meta.label_lower for model in admin.site._registry}
    assert swept <= {model._meta.label_lower for model in apps.get_models()}


@pytest.mark.parametrize("name", ["photo.html", "photo.php", "photo.svg", "photo.jpg.exe"])
def test_a_picture_under_a_name_that_is_not_a_pictures_is_refused_clearly(superuser, name):
    response = superuser.post(
        reverse("admin:articles_image_add"),
        {"file": SimpleUploadedFile(name, jpeg()), "alt_ar": "صورة", "credit": "AFP"},
    )
    assert response.status_code == 200
    assert "امتداد الملف" in response.text
    assert not Image.objects.exists()
