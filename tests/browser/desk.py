"""The editor's desk in the browser tests: signing in, opening a story's form, the Arabic body's
editor and its toolbar (the Arabic browser context is the `arabic` fixture, conftest.py)."""

PASSWORD = "correct horse battery"
# Makes the page's navigator.sendBeacon a no-op (conftest.py's `arabic` says why).
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
