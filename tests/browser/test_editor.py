"""The editor's desk in Debian's Chromium, in Arabic: a writer writes a story with the toolbar
and the keyboard, an editor publishes it, readers see each part (with and without JavaScript);
autosave survives a closed tab. Pasting: test_editor_paste.py."""

import re

import pytest

from articles.models import Article, Autosave
from articles.roles import EDITORS, WRITERS
from tests.browser.desk import arabic_editor, next_frames, open_form, tool
from tests.factories import ArticleFactory, ImageFactory, SectionFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


def test_a_story_written_with_the_toolbar_reaches_readers_as_written(live_server, arabic):
    section = SectionFactory(name_ar="محليات")
    picture = ImageFactory(alt_ar="مبنى مجلس الأمة", caption_ar="مجلس الأمة", credit="KUNA")
    writer = UserFactory(username="writer", role=WRITERS)
    editor = UserFactory(username="editor", role=EDITORS)

    page = arabic()
    open_form(page, live_server, writer)
    page.fill("#id_headline_ar", "جلسة برلمانية طارئة")
    page.select_option("#id_section", str(section.pk))
    body = arabic_editor(page)
    assert tool(page, "عريض").get_attribute("title") == "عريض"
    body.click()
    page.keyboard.type("افتتح المجلس جلسته صباح اليوم.")
    page.keyboard.press("Enter")
    tool(page, "عنوان فرعي").click()
    page.keyboard.type("تفاصيل الجلسة")
    page.keyboard.press("Enter")
    page.keyboard.type("قال النائب ")
    tool(page, "عريض").click()
    page.keyboard.type("كلاماً مهماً")
    tool(page, "عريض").click()
    page.keyboard.type(" في الجلسة")
    page.keyboard.press("Enter")
    tool(page, "قائمة نقطية").click()
    page.keyboard.type("البند الأول")
    page.keyboard.press("Enter")
    page.keyboard.type("البند الثاني")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # out of the list
    tool(page, "إدراج صورة من المكتبة").click()
    chooser = page.locator("dialog.np-chooser")
    chooser.get_by_role("button", name=re.compile("مبنى مجلس الأمة")).click()
    page.locator(".np-editor-figure img").wait_for()
    tool(page, "تضمين منشور (يوتيوب، إكس، إنستغرام، فيسبوك)").click()
    page.locator("dialog[open] input[name=url]").fill(YOUTUBE)
    page.locator("dialog[open] button[type=submit]").click()
    page.locator(".np-editor-embed").wait_for()
    page.locator("dialog[open]").wait_for(state="hidden")  # the keys go to the text, not to it
    # The link comes last: nothing is typed over its selection while the dialog closes.
    page.keyboard.type("المصدر: كونا")
    for _ in range(4):
        page.keyboard.press("Shift+ArrowRight")  # backwards, in right-to-left text
    page.wait_for_function("() => document.getSelection().toString() === 'كونا'")
    next_frames(page)
    tool(page, "رابط").click()
    dialog = page.locator("dialog[open]")
    dialog.locator("input[name=href]").fill("https://www.kuna.net.kw/")
    dialog.locator("input[name=nofollow]").check()
    dialog.locator("button[type=submit]").click()
    body.locator("a").wait_for()
    page.wait_for_function("() => document.querySelector('#id_body_ar').value.includes('كونا</a>')")
    page.click("input[name=_save]")
    page.wait_for_url(re.compile(r"/admin/articles/article/$"))

    story = Article.objects.get(headline_ar="جلسة برلمانية طارئة")
    assert story.created_by == writer and story.status == Article.Status.DRAFT
    stored = story.body_ar
    assert "<h2>تفاصيل الجلسة</h2>" in stored
    assert "<strong>كلاماً مهماً</strong>" in stored
    link = re.search(r"<a ([^>]*)>كونا</a>", stored)[1]
    assert 'href="https://www.kuna.net.kw/"' in link and 'rel="nofollow noopener"' in link
    assert "<ul><li><p>البند الأول</p></li><li><p>البند الثاني</p></li></ul>" in stored
    assert f'<figure data-image-id="{picture.pk}"></figure>' in stored
    assert f'<figure data-embed="{YOUTUBE}"></figure>' in stored

    page = arabic()
    open_form(page, live_server, editor, story)
    page.select_option("#id_status", "published")
    page.click("input[name=_save]")
    page.wait_for_url(re.compile(r"/admin/articles/article/$"))
    story.refresh_from_db()
    assert story.is_live

    reader = arabic()
    third_party = []
    reader.on(
        "request",
        lambda request: (
            not request.url.startswith(live_server.url) and third_party.append(request.url)
        ),
    )
    reader.route(re.compile(r"^https://"), lambda route: route.abort())
    reader.goto(live_server.url + story.get_absolute_url())
    text = reader.locator(".article-body")
    assert text.locator("h2").inner_text() == "تفاصيل الجلسة"
    assert text.locator("strong").inner_text() == "كلاماً مهماً"
    assert text.locator("a[rel='nofollow noopener']").get_attribute("href") == (
        "https://www.kuna.net.kw/"
    )
    assert text.locator("ul > li").count() == 2
    figure = text.locator("figure.body-image")
    assert figure.locator("img").get_attribute("alt") == "مبنى مجلس الأمة"
    assert figure.locator("source[type='image/webp']").get_attribute("srcset")
    assert figure.locator("figcaption bdi").last.inner_text() == "KUNA"
    reader.wait_for_load_state("networkidle")
    assert third_party == [], "nothing third-party before the reader asks"
    assert text.locator("iframe").count() == 0
    show = text.get_by_role("button", name="عرض المحتوى")
    show.click()
    player = text.locator("iframe.embed__player")
    assert player.get_attribute("src") == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    reader.wait_for_timeout(300)
    assert any(url.startswith("https://www.youtube-nocookie.com/") for url in third_party)

    no_script = arabic(javascript=False)
    no_script.goto(live_server.url + story.get_absolute_url())
    text = no_script.locator(".article-body")
    assert "افتتح المجلس جلسته صباح اليوم." in text.inner_text()
    assert text.locator("figure.body-image img").is_visible()
    assert text.locator(f"figure.embed a[href='{YOUTUBE}']").is_visible()
    assert not text.locator(".embed__show").is_visible()


def test_autosave_survives_a_closed_tab_and_is_restored(live_server, arabic, settings):
    writer = UserFactory(username="writer", role=WRITERS)
    story = ArticleFactory(created_by=writer, headline_ar="خبر قيد الكتابة", body_ar="<p>بداية</p>")
    page = arabic(autosave=True)
    open_form(page, live_server, writer, story)
    body = arabic_editor(page)
    body.click()
    page.keyboard.press("Control+End")
    page.keyboard.type(" وتتمة لم تُحفظ بعد")
    page.close(run_before_unload=True)  # the tab is closed: the page sends its fields

    autosave = None
    for _ in range(50):
        autosave = Autosave.objects.filter(article=story, user=writer).first()
        if autosave:
            break
        arabic().wait_for_timeout(100)
    assert autosave is not None, "closing the tab saved the work"
    story.refresh_from_db()
    assert "تتمة" not in story.body_ar, "an autosave never touches the story"

    page = arabic(autosave=True)
    open_form(page, live_server, writer, story)
    offer = page.locator(".np-autosave-offer")
    assert "استعادة النسخة المحفوظة تلقائياً" in offer.inner_text()
    offer.get_by_role("link", name="استعادة النسخة المحفوظة تلقائياً").click()
    assert "وتتمة لم تُحفظ بعد" in arabic_editor(page).inner_text()
    page.click("input[name=_save]")
    page.wait_for_url(re.compile(r"/admin/articles/article/$"))
    story.refresh_from_db()
    assert "وتتمة لم تُحفظ بعد" in story.body_ar
    assert not Autosave.objects.filter(article=story).exists()


def test_every_toolbar_button_is_labelled_in_arabic_and_reached_by_tab(live_server, arabic):
    writer = UserFactory(username="writer", role=WRITERS)
    page = arabic()
    open_form(page, live_server, writer)
    arabic_editor(page)
    toolbar = page.locator('.prose-editor[dir="rtl"] [role="toolbar"]')
    assert toolbar.get_attribute("aria-label") == "تنسيق النص"
    buttons = toolbar.locator("button:not(.hidden)")
    labels = buttons.evaluate_all("buttons => buttons.map(b => b.getAttribute('aria-label'))")
    assert len(labels) >= 15
    for label in labels:
        assert re.search(r"[\u0600-\u06FF]", label), f"{label!r} is not in Arabic"
    page.focus("#id_standfirst_en")  # the field just before the Arabic body
    reached = set()
    for _ in range(len(labels) + 5):
        page.keyboard.press("Tab")
        reached.add(page.evaluate("document.activeElement.getAttribute('aria-label')"))
    assert set(labels) <= reached
    # Each toolbar speaks its field's language, whatever the admin's: in the English admin the
    # Arabic body's toolbar is still Arabic, and the English body's is English.
    page.goto(f"{live_server.url}/en/admin/articles/article/add/")
    arabic_editor(page)
    assert tool(page, "عريض").is_visible()
    english = page.locator('.prose-editor[dir="ltr"] [role="toolbar"]')
    assert english.get_attribute("aria-label") == "Text formatting"
    assert english.get_by_role("button", name="Bold", exact=True).is_visible()


def test_counters_and_previews_follow_the_writing(live_server, arabic):
    editor = UserFactory(username="editor", role=EDITORS)
    picture = ImageFactory(alt_ar="صورة الخبر")
    story = ArticleFactory(
        headline_ar="عنوان قصير",
        standfirst_ar="مقدمة الخبر",
        body_ar="<p>كلمة واحدة</p>",
        lead_image=picture,
    )
    page = arabic()
    open_form(page, live_server, editor, story)
    arabic_editor(page)
    card = page.locator(".np-social-preview")
    assert card.locator(".np-social-preview__title").inner_text() == "عنوان قصير"
    card_picture = card.locator(".np-social-preview__image")
    page.wait_for_function(
        "() => document.querySelector('.np-social-preview__image').src.includes('/media/')"
    )
    assert card_picture.is_visible()
    standfirst = page.locator(".form-row.field-standfirst_ar .np-counter")
    assert standfirst.inner_text().startswith("11 ")
    page.locator("#id_standfirst_ar").fill("م" * 170)
    assert standfirst.inner_text().startswith("170 ")
    assert "np-counter--warn" in standfirst.get_attribute("class")
    page.locator("#id_standfirst_ar").fill("مقدمة الخبر")
    headline = page.locator("#id_headline_ar")
    counter = page.locator(".form-row.field-headline_ar .np-counter")
    assert counter.inner_text().startswith("10 ")
    headline.fill("ع" * 70)
    assert counter.inner_text().startswith("70 ")
    assert "np-counter--warn" in counter.get_attribute("class")
    assert "…" in page.locator(".np-search-preview__title").inner_text()
    assert card.locator(".np-social-preview__title").inner_text() == "ع" * 70
    words = page.locator(".form-row.field-body_ar .np-counter")
    assert words.inner_text().startswith("2 ")
    arabic_editor(page).click()
    page.keyboard.press("Control+End")
    page.keyboard.type(" وثلاث كلمات أخرى")
    assert words.inner_text().startswith("5 ")
    assert "دقيقة قراءة" in words.inner_text()
    assert page.locator(".np-search-preview__text").inner_text() == "مقدمة الخبر"
    assert page.locator(".np-social-preview__text").inner_text() == "مقدمة الخبر"


def test_a_picture_uploaded_from_the_editor_goes_into_the_library_and_the_text(
    live_server, arabic, tmp_path
):
    from articles.demo import draw_picture
    from articles.models import Image

    writer = UserFactory(username="writer", role=WRITERS)
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(draw_picture(3, width=900, height=600))
    page = arabic()
    open_form(page, live_server, writer)
    arabic_editor(page).click()
    tool(page, "إدراج صورة من المكتبة").click()
    chooser = page.locator("dialog.np-chooser")
    chooser.get_by_label("ملف الصورة").set_input_files(str(photo))
    chooser.get_by_label("النص البديل (ما تُظهره الصورة)").fill("ميناء الشويخ")
    chooser.get_by_label("المصدر (المصوّر أو الوكالة)").fill("KUNA")
    chooser.get_by_role("button", name="رفع وإدراج").click()
    page.locator(".np-editor-figure img").wait_for()
    image = Image.objects.get(alt_ar="ميناء الشويخ")
    assert image.uploaded_by == writer and image.renditions
    assert (
        f'<figure data-image-id="{image.pk}"></figure>' in page.locator("#id_body_ar").input_value()
    )
