"""Content model rules: sanitised bodies, Arabic slugs and stable URLs, translations marked
outdated, updates and corrections moving the modified time."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.arabic import normalize
from articles.html import sanitize_html
from articles.models import Article, ChangeNote
from articles.text import slugify_headline
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("<p>نص<script>alert(1)</script></p>", "<p>نص</p>"),
        ('<img src="x" onerror="alert(1)">', ""),
        ('<a href="javascript:alert(1)">رابط</a>', '<a rel="noopener">رابط</a>'),
        ('<p style="color:red" onclick="x()">فقرة</p>', "<p>فقرة</p>"),
        ("<style>p{}</style><p>أ</p>", "<p>أ</p>"),
        ('<iframe src="https://evil.example"></iframe><p>ب</p>', "<p>ب</p>"),
    ],
)
def test_dangerous_markup_is_removed(dirty, clean):
    assert sanitize_html(dirty) == clean


def test_allowed_markup_is_kept():
    html = (
        "<h2>عنوان فرعي</h2><p>فقرة <strong>مهمة</strong> و<em>مائلة</em> "
        '<a href="https://kuna.net.kw/">KUNA</a></p>'
        "<blockquote><p>اقتباس</p></blockquote><ul><li>أ</li></ul><ol><li>ب</li></ol>"
    )
    cleaned = sanitize_html(html)
    for fragment in ("<h2>", "<strong>", "<em>", "<blockquote>", "<ul>", "<ol>", "<li>"):
        assert fragment in cleaned
    assert 'href="https://kuna.net.kw/"' in cleaned


def test_body_is_sanitised_on_save_in_both_languages():
    article = ArticleFactory(
        body_ar="<p>عربي</p><script>x()</script>", body_en='<p onmouseover="x()">English</p>'
    )
    article.refresh_from_db()
    assert article.body_ar == "<p>عربي</p>"
    assert article.body_en == "<p>English</p>"


def test_arabic_slug_counts_characters_not_bytes():
    headline = "وزارة " * 40
    slug = slugify_headline(headline, max_length=100)
    assert len(slug) <= 100
    assert len(slug.encode()) > 100  # Arabic letters are two bytes each in UTF-8
    assert not slug.endswith("-")
    article = ArticleFactory(headline_ar=headline.strip())
    article.refresh_from_db()
    assert article.slug.startswith("وزارة-وزارة")


def test_slug_drops_diacritics_and_tatweel():
    assert slugify_headline("الكُوَيْتـــ اليوم") == "الكويت-اليوم"


def test_article_url_survives_a_headline_edit(client):
    article = ArticleFactory(published=True, headline_ar="العنوان الأول")
    old_url = article.get_absolute_url()
    article.headline_ar = "العنوان الجديد"
    article.slug = slugify_headline(article.headline_ar)
    article.save()
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()
    assert client.get(response["Location"]).status_code == 200
    short = client.get(reverse("articles:detail-short", kwargs={"pk": article.pk}))
    assert short["Location"] == article.get_absolute_url()


def test_changing_arabic_marks_english_outdated_until_updated():
    article = ArticleFactory(headline_ar="عنوان", headline_en="Headline")
    article = Article.objects.get(pk=article.pk)
    article.headline_ar = "عنوان معدل"
    article.save()
    assert article.outdated_translations == ["headline"]
    article = Article.objects.get(pk=article.pk)
    article.body_ar = "<p>نص جديد</p>"  # body has no English: nothing to mark
    article.save()
    assert article.outdated_translations == ["headline"]
    article = Article.objects.get(pk=article.pk)
    article.headline_en = "Revised headline"
    article.save()
    assert Article.objects.get(pk=article.pk).outdated_translations == []


def test_editing_both_languages_together_is_not_outdated():
    article = Article.objects.get(pk=ArticleFactory(headline_en="A").pk)
    article.headline_ar = "جديد"
    article.headline_en = "New"
    article.save()
    assert article.outdated_translations == []


def test_change_note_moves_the_public_modified_time():
    article = ArticleFactory(published=True)
    assert article.updated_at is None
    later = timezone.now() + timedelta(minutes=1)
    ChangeNote.objects.create(
        article=article, kind=ChangeNote.Kind.CORRECTION, note_ar="تصحيح الاسم", created_at=later
    )
    article.refresh_from_db()
    assert article.updated_at == later


def test_normalize_arabic_folds_spelling_variants():
    assert normalize("الإسلامية") == normalize("الاسلاميه")
    assert normalize("سورية") == normalize("سوريه")
    assert normalize("مُسْتَشْفَى") == normalize("مستشفي")
    assert normalize("سـبـام") == "سبام"


def test_live_article_must_have_a_publication_time():
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(status=Article.Status.PUBLISHED, published_at=None)
