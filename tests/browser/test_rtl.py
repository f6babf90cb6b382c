"""What only a browser shows: the computed direction of pages and isolated Latin credits."""

import pytest

from tests.factories import ArticleFactory, ImageFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_article_page_is_right_to_left_with_the_latin_credit_isolated(live_server, page):
    image = ImageFactory(caption_ar="لاجئون سوريون عند الحدود", credit="TOPSHOTS-SYRIA-CONFLICT")
    article = ArticleFactory(published=True, headline_ar="عنوان الخبر", lead_image=image)
    page.goto(live_server.url + article.get_absolute_url())
    assert page.evaluate("getComputedStyle(document.documentElement).direction") == "rtl"
    assert page.locator("h1").inner_text() == "عنوان الخبر"
    credit = page.locator(".credit bdi")
    assert credit.inner_text() == "TOPSHOTS-SYRIA-CONFLICT"
    # dir=auto resolves to LTR for the Latin slug inside the RTL caption line.
    assert credit.evaluate("el => getComputedStyle(el).direction") == "ltr"
    assert credit.evaluate("el => getComputedStyle(el).unicodeBidi") == "isolate"


def test_english_page_is_left_to_right(live_server, page):
    ArticleFactory(published=True, headline_ar="خبر", headline_en="A story")
    page.goto(live_server.url + "/en/")
    assert page.evaluate("getComputedStyle(document.documentElement).direction") == "ltr"
    assert page.evaluate("document.documentElement.lang") == "en"


def test_admin_in_arabic_is_right_to_left(live_server, page, editor):
    editor.set_password("correct horse battery")
    editor.save()
    page.goto(live_server.url + "/admin/login/")
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    page.fill("#id_username", "editor")
    page.fill("#id_password", "correct horse battery")
    page.click("input[type=submit]")
    page.wait_for_selector(".np-start-page")
    assert "بانتظار المراجعة" in page.content()


def test_navigation_works_without_javascript(live_server, browser):
    from tests.factories import SectionFactory

    section = SectionFactory(name_ar="رياضة", slug="sports")
    story = ArticleFactory(published=True, section=section, headline_ar="هدف في الدقيقة الأخيرة")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.click(".section-nav >> text=رياضة")
    page.wait_for_url("**/section/sports/")
    page.click(f"text={story.headline_ar}")
    page.wait_for_url(f"**{story.get_absolute_url()}")
    assert page.locator("h1").inner_text() == story.headline_ar
    context.close()


def test_the_strict_content_security_policy_blocks_nothing_the_page_needs(live_server, page):
    story = ArticleFactory(published=True, lead_image=ImageFactory())
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    page.goto(live_server.url + story.get_absolute_url())
    page.wait_for_load_state("networkidle")
    assert not [m for m in messages if "Content Security Policy" in m]
    fonts = page.evaluate("document.fonts.check('16px \"Noto Naskh Arabic\"', 'ب')")
    assert fonts is True


@pytest.mark.parametrize("width", [320, 375, 768, 1280, 1440])
def test_pages_fit_the_screen_from_320_to_1440_pixels(live_server, browser, width):
    story = ArticleFactory(
        published=True,
        lead_image=ImageFactory(),
        headline_ar="عنوان طويل نسبياً لخبر عن الأمطار الرعدية المتوقعة على البلاد",
        body_ar="<p>" + "نص الخبر " * 200 + "https://example.com/" + "a" * 80 + "</p>",
    )
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    for url in ("/", story.get_absolute_url()):
        page.goto(live_server.url + url)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{url} scrolls sideways by {overflow}px at {width}px"
    line = page.evaluate(
        "(() => { const p = document.querySelector('.article-body p');"
        " return p.getBoundingClientRect().width / parseFloat(getComputedStyle(p).fontSize); })()"
    )
    assert line <= 45  # about 70–90 Arabic characters a line at most
    context.close()
