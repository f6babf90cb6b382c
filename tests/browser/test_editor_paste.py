"""Pasting into the story editor in Debian's Chromium: from Word, Google Docs and other sites
the structure is kept and the styles dropped; an old body opens with its formatting; a post's
address pasted on its own becomes an embed."""

import re

import pytest

from articles.models import Article
from articles.roles import EDITORS
from tests.browser.desk import arabic_editor, open_form
from tests.factories import ArticleFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def paste(editor, text, html=None):
    """Paste into `editor` as from the clipboard: `text` as plain text, with `html` as the
    clipboard's HTML when given."""
    editor.evaluate(
        """(element, [text, html]) => {
            const data = new DataTransfer()
            if (html !== null) data.setData("text/html", html)
            data.setData("text/plain", text)
            element.dispatchEvent(new ClipboardEvent("paste", {
                clipboardData: data, bubbles: true, cancelable: true }))
        }""",
        [text, html],
    )


def edit(arabic, live_server, story):
    """An editor's form for `story`, open in Arabic: the page and its Arabic body's editor."""
    page = arabic()
    open_form(page, live_server, UserFactory(username="editor", role=EDITORS), story)
    return page, arabic_editor(page)


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
    story = ArticleFactory(body_ar="")
    page, body = edit(arabic, live_server, story)
    body.click()
    paste(body, "عنوان من وورد", html=fragment)
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
    old = (
        "<p>قال <b>الوزير</b> <i>اليوم</i> إن H<sub>2</sub>O و10 م<sup>2</sup> "
        "<s>ملغاة</s>.</p><h3>تفاصيل</h3><blockquote><p>قول</p></blockquote>"
    )
    story = ArticleFactory(published=True, body_ar="")
    Article.objects.filter(pk=story.pk).update(body_ar=old, body=old)  # as stored long ago
    page, body = edit(arabic, live_server, story)
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
    page, body = edit(arabic, live_server, ArticleFactory(body_ar="<p>نص</p>"))
    body.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    paste(body, "https://x.com/KUNA_ar/status/1234567890")
    assert page.locator(".np-editor-embed").inner_text().startswith("X")
    html = page.locator("#id_body_ar").input_value()
    assert '<figure data-embed="https://x.com/KUNA_ar/status/1234567890"></figure>' in html
