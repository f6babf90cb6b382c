"""The editor's desk in Debian's Chromium, in Arabic: a writer writes a story with the toolbar
and the keyboard, an editor publishes it, readers see each part (with and without JavaScript);
autosave survives a closed tab; pasting from Word keeps the structure and drops the styles."""

import re

import pytest

from articles.models import Article, Autosave
from articles.roles import EDITORS, WRITERS
from tests.factories import ArticleFactory, ImageFactory, SectionFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
PASSWORD = "correct horse battery"


@pytest.fixture
def arabic(browser):
    contexts = []

    def open_page(*, javascript=True, autosave=False):
        context = browser.new_context(locale="ar", java_script_enabled=javascript)
        if not autosave:
            # A form left with changes posts an autosave as the page closes, with
            # navigator.sendBeacon, which Chromium sends past Playwright's routes: keep those
            # posts from reaching the server while the test database is being emptied.
            context.add_init_script(SILENT_BEACON)
            context.route(re.compile(r"/autosave/$"), lambda route: route.abort())
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        for page in context.pages:
            page.evaluate(SILENT_BEACON)
            # Let the page's own requests (previews, autosave) end before the test database
            # is emptied: each signed-in request writes its session.
            page.wait_for_load_state("networkidle")
        context.close()


SILENT_BEACON = "navigator.sendBeacon = () => true;"


def open_form(page, live_server, user, story=None):
    """Sign `user` in and open the story's form (a new story's without one)."""
    sign_in(page, live_server, user)
    where = f"{story.pk}/change" if story else "add"
    page.goto(f"{live_server.url}/admin/articles/article/{where}/")


def sign_in(page, live_server, user):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")


def arabic_editor(page):
    editor = page.locator('.prose-editor[dir="rtl"] .ProseMirror')
    editor.wait_for()
    return editor


def next_frames(page):
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def tool(page, label):
    """A toolbar button of the Arabic body, found by its accessible (Arabic) name."""
    return page.locator('.prose-editor[dir="rtl"]').get_by_role("button", name=label, exact=True)


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


WORD_FRAGMENT = """<html xmlns:o="urn:schemas-microsoft-com:office:office"><body>
<!--StartFragment--><h1 style="color:#2F5496;font-family:Calibri">عنوان من وورد</h1>
<p class=MsoNormal style="margin:0"><span style="font-size:14pt;color:red">نص <b>عريض</b>
و<i>مائل</i></span><o:p></o:p></p>
<p class=MsoListParagraphCxSpFirst style="mso-list:l0 level1 lfo1"><![if !supportLists]>
<span style="mso-list:Ignore">·<span>&nbsp;&nbsp;</span></span><![endif]>البند الأول</p>
<p class=MsoListParagraphCxSpLast style="mso-list:l0 level1 lfo1"><![if !supportLists]>
<span style="mso-list:Ignore">·<span>&nbsp;&nbsp;</span></span><![endif]>البند الثاني</p>
<p class=MsoListParagraph style="mso-list:l1 level1 lfo2"><span style="mso-list:Ignore">1.
</span>أولاً</p>
<script>alert(1)</script><!--EndFragment--></body></html>"""


# What Google Docs puts on the clipboard: the whole fragment inside a <b> that is not bold,
# every run in a styled span, lists as styled items.
DOCS_FRAGMENT = (
    '<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-1a2b">'
    '<h1 dir="rtl" style="line-height:1.38;margin-top:20pt">'
    '<span style="font-size:20pt;font-family:Arial">عنوان من وورد</span></h1>'
    '<p dir="rtl" style="line-height:1.38"><span style="font-size:11pt;color:#000000">نص </span>'
    '<span style="font-weight:700">عريض</span><span> و</span>'
    '<span style="font-style:italic">مائل</span><span> و</span>'
    '<a href="https://www.kuna.net.kw/" style="text-decoration:none">'
    '<span style="color:#1155cc;text-decoration:underline">رابط</span></a></p>'
    '<ul style="margin-top:0"><li dir="rtl" style="list-style-type:disc">'
    '<p dir="rtl" role="presentation"><span>البند الأول</span></p></li>'
    '<li dir="rtl"><p dir="rtl"><span>البند الثاني</span></p></li></ul>'
    '<ol><li dir="rtl"><p dir="rtl"><span>أولاً</span></p></li></ol></b>'
)

# A selection copied from another news site: classes, inline styles, a font tag, a script.
WEB_FRAGMENT = (
    '<h2 class="article-title" style="font-family:Tahoma">عنوان من وورد</h2>'
    '<p class="lead" style="color:#333"><font face="Tahoma">نص <strong class="x">عريض</strong>'
    ' و<em>مائل</em> و<a href="https://www.kuna.net.kw/" class="link" onclick="track()"'
    ' target="_blank">رابط</a></font></p>'
    '<ul class="bullets"><li>البند الأول</li><li>البند الثاني</li></ul><ol><li>أولاً</li></ol>'
    "<script>alert(1)</script><style>p{color:red}</style><!-- tracking -->"
)


@pytest.mark.parametrize(
    "fragment",
    [WORD_FRAGMENT, DOCS_FRAGMENT, WEB_FRAGMENT],
    ids=["word", "google-docs", "web-page"],
)
def test_pasting_keeps_headings_lists_and_links_and_drops_the_styles(live_server, arabic, fragment):
    editor = UserFactory(username="editor", role=EDITORS)
    story = ArticleFactory(body_ar="")
    page = arabic()
    open_form(page, live_server, editor, story)
    body = arabic_editor(page)
    body.click()
    body.evaluate(
        """(element, html) => {
            const data = new DataTransfer()
            data.setData("text/html", html)
            data.setData("text/plain", "عنوان من وورد")
            element.dispatchEvent(new ClipboardEvent("paste", {
                clipboardData: data, bubbles: true, cancelable: true }))
        }""",
        fragment,
    )
    page.locator(".ProseMirror h2").wait_for()
    page.click("input[name=_save]")
    page.wait_for_url(re.compile(r"/admin/articles/article/$"))
    story.refresh_from_db()
    html = story.body_ar
    assert "<h2>عنوان من وورد</h2>" in html
    assert "<strong>عريض</strong>" in html and "<em>مائل</em>" in html
    assert html.count("<strong>") == 1  # Google Docs' outer <b> is not bold
    assert re.search(r"<ul><li><p>البند الأول</p></li><li><p>البند الثاني</p></li></ul>", html)
    assert "<ol><li><p>أولاً</p></li></ol>" in html
    if fragment is not WORD_FRAGMENT:
        assert '<a href="https://www.kuna.net.kw/" rel="noopener">رابط</a>' in html
    for dropped in (
        "style", "class", "<span", "Mso", "Calibri", "<script", "<!--", "o:p", "<font",
        "onclick", "target", "docs-internal", "dir=", "role=",
    ):  # fmt: skip
        assert dropped not in html


def test_an_old_body_opens_in_the_editor_and_keeps_its_formatting(live_server, arabic):
    """A body stored before the editor (raw HTML with <b>, <i>, <sub>) opens in the editor
    and, saved unchanged, still reads the same on the reader's page."""
    editor = UserFactory(username="editor", role=EDITORS)
    old = (
        "<p>قال <b>الوزير</b> <i>اليوم</i> إن H<sub>2</sub>O و10 م<sup>2</sup> "
        "<s>ملغاة</s>.</p><h3>تفاصيل</h3><blockquote><p>قول</p></blockquote>"
    )
    story = ArticleFactory(published=True, body_ar="")
    Article.objects.filter(pk=story.pk).update(body_ar=old, body=old)  # as stored long ago
    page = arabic()
    open_form(page, live_server, editor, story)
    body = arabic_editor(page)
    assert body.locator("strong").inner_text() == "الوزير"
    assert body.locator("sub").inner_text() == "2"
    page.click("input[name=_save]")
    page.wait_for_url(re.compile(r"/admin/articles/article/$"))
    story.refresh_from_db()
    for kept in (
        "<strong>الوزير</strong>", "<em>اليوم</em>", "H<sub>2</sub>O", "م<sup>2</sup>",
        "<s>ملغاة</s>", "<h3>تفاصيل</h3>", "<blockquote><p>قول</p></blockquote>",
    ):  # fmt: skip
        assert kept in story.body_ar
    reader = arabic(javascript=False)
    reader.goto(live_server.url + story.get_absolute_url())
    text = reader.locator(".article-body")
    assert text.locator("strong").inner_text() == "الوزير"
    assert text.locator("em").inner_text() == "اليوم"
    assert text.locator("sub").inner_text() == "2" and text.locator("s").inner_text() == "ملغاة"


def test_pasting_a_post_address_on_its_own_makes_an_embed(live_server, arabic):
    editor = UserFactory(username="editor", role=EDITORS)
    story = ArticleFactory(body_ar="<p>نص</p>")
    page = arabic()
    open_form(page, live_server, editor, story)
    body = arabic_editor(page)
    body.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    body.evaluate(
        """(element, url) => {
            const data = new DataTransfer()
            data.setData("text/plain", url)
            element.dispatchEvent(new ClipboardEvent("paste", {
                clipboardData: data, bubbles: true, cancelable: true }))
        }""",
        "https://x.com/KUNA_ar/status/1234567890",
    )
    assert page.locator(".np-editor-embed").inner_text().startswith("X")
    html = page.locator("#id_body_ar").input_value()
    assert '<figure data-embed="https://x.com/KUNA_ar/status/1234567890"></figure>' in html


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
