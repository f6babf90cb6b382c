"""Browser tests: pytest-playwright driving Debian's Chromium against Django's live server.

Without /usr/bin/chromium they are skipped with the reason; under CI=true they fail instead,
so a CI machine without a browser cannot pass by skipping.
"""

import os
import re
import shutil

import pytest

from tests.browser.desk import SILENT_BEACON

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Playwright's sync API keeps an event loop running in this thread; the tests still talk to the
# database synchronously, which is safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    if os.path.exists(CHROMIUM):
        return
    if os.environ.get("CI") == "true":
        return  # launching fails loudly below
    skip = pytest.mark.skip(reason=f"Chromium not found at {CHROMIUM}: apt-get install chromium")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture
def arabic(browser):
    """Pages in Chromium in Arabic: `arabic()` opens one (javascript=False without scripts;
    autosave=True lets the form's autosave posts through)."""
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
