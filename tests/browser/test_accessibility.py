"""axe-core finds no WCAG 2.1 A/AA violations on the reader's main pages, in both languages."""

import os
from pathlib import Path

import pytest

from articles.related.scoring import recompute_related
from articles.related.terms import index_article
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    CommentFactory,
    ImageFactory,
    SectionFactory,
    TagFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
AXE = Path(__file__).resolve().parents[2] / ".cache" / "axe-core" / "axe.min.js"


@pytest.fixture
def axe_path():
    if not AXE.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{AXE} is missing: `make axe` should have fetched axe-core from npm")
        pytest.skip("axe-core not installed (run `make axe`; needs npm)")
    return str(AXE)


@pytest.fixture
def site(db):
    section = SectionFactory(slug="local", name_ar="محليات", name_en="Local")
    tag = TagFactory(slug="kuwait", name_ar="الكويت", name_en="Kuwait")
    author = AuthorFactory(name_ar="فاطمة العلي", name_en="Fatima Al-Ali")
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
    CommentFactory(article=stories[0], name="John Smith", text="تعليق مفيد")
    return stories[0]


PAGES = ["/", "/section/local/", "{article}", "/search/?q=الكويت"]


@pytest.mark.parametrize("language", ["", "/en"])
@pytest.mark.parametrize("path", PAGES)
def test_no_axe_violations(live_server, browser, axe_path, site, path, language):
    url = path.format(article=site.get_absolute_url())
    # The site's CSP rightly refuses injected scripts; the audit context lets axe in.
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(live_server.url + language + url)
    page.add_script_tag(path=axe_path)
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}
        })"""
    )
    context.close()
    problems = [
        f"{v['id']}: {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]
    assert problems == []
