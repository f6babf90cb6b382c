"""A small site with every kind of content a public page can show (a lead picture, an inline
figure and an embed, related stories, a breaking story, corrections, comments over two pages,
an about page), for the checks that read every page: markup (vnu) and accessibility (axe)."""

from django.utils import timezone

from articles.models import Page
from articles.related.scoring import recompute_related
from articles.related.terms import index_article
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ChangeNoteFactory,
    CommentFactory,
    ImageFactory,
    SectionFactory,
    TagFactory,
)


def build_showcase(settings):
    """The main story; its site around it. Comments come five conversations to a page."""
    settings.COMMENTS_PER_PAGE = 5
    Page.objects.create(
        slug="about", title_ar="من نحن", title_en="About us", body_ar="<p>صحيفة يومية.</p>"
    )
    section = SectionFactory(slug="local", name_ar="محليات", name_en="Local")
    tag = TagFactory(slug="kuwait", name_ar="الكويت", name_en="Kuwait")
    author = AuthorFactory(
        slug="fatima", name_ar="فاطمة العلي", name_en="Fatima Al-Ali", bio_ar="محررة"
    )
    stories = []
    for n in range(4):
        story = ArticleFactory(
            published=True,
            section=section,
            tags=[tag],
            authors=[author],
            lead_image=ImageFactory(),
            headline_ar=f"أمطار رعدية على الكويت {n}",
            headline_en=f"Thunderstorms over Kuwait {n}",
            standfirst_ar="توقعت إدارة الأرصاد أمطاراً رعدية.",
            standfirst_en="The met office expects thunderstorms.",
            body_ar="<p>أمطار رعدية على الكويت مع رياح نشطة.</p><h2>تفاصيل</h2><p>نص.</p>"
            # A picture and an embed from the editor's toolbar.
            f'<figure data-image-id="{ImageFactory().pk}"></figure>'
            '<figure data-embed="https://www.youtube.com/watch?v=dQw4w9WgXcQ"></figure>',
            body_en="<p>Thunderstorms over Kuwait.</p>",
            is_featured=n == 0,
            is_breaking=n == 1,
        )
        index_article(story)
        stories.append(story)
    for story in stories:
        recompute_related(story)
    main = stories[0]
    ChangeNoteFactory(article=main)
    for n in range(7):  # two pages of conversations
        first = CommentFactory(article=main, name="John Smith", text=f"تعليق مفيد {n}")
        CommentFactory(article=main, parent=first, depth=2, text="رد على التعليق")
    return main


PAGE_NAMES = (
    "home", "article", "comments page 2", "section", "tag", "author", "year archive",
    "day archive", "search", "search, filters refused", "search, nothing found", "about page",
    "api documentation", "not found",
)  # fmt: skip


def public_pages(main):
    """Every kind of public HTML page, by name: (address, expected status)."""
    day = timezone.localtime(main.published_at)
    return {
        "home": ("/", 200),
        "article": (main.get_absolute_url(), 200),
        "comments page 2": (f"{main.get_absolute_url()}comments/2/", 200),
        "section": ("/section/local/", 200),
        "tag": ("/tag/kuwait/", 200),
        "author": ("/author/fatima/", 200),
        "year archive": (f"/archive/{day:%Y}/", 200),
        "day archive": (f"/archive/{day:%Y/%m/%d}/", 200),
        "search": ("/search/?q=%D8%A7%D9%84%D9%83%D9%88%D9%8A%D8%AA", 200),
        "search, filters refused": (
            "/search/?q=%D8%A7%D9%84%D9%83%D9%88%D9%8A%D8%AA&since=2026-13-45&section=nope"
            "&until=2020-01-01&sort=newest",
            200,
        ),
        "search, nothing found": ("/search/?q=zzzz", 200),
        "about page": ("/page/about/", 200),
        "api documentation": ("/api/v1/docs/", 200),
        "not found": ("/no-such-page/", 404),
    }
