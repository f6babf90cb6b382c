"""Two-step sign-in in Chromium, as an editor meets it: password, then the enrolment page with
its QR code drawn on the server, the key typed into an authenticator (here: computed from the
key the page shows), the backup codes, and the admin."""

from base64 import b32decode

import pytest
from django_otp.oath import TOTP

from articles.roles import EDITORS
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_editor_enrols_and_reaches_the_newsroom(live_server, page, settings):
    settings.STAFF_TWO_FACTOR = True
    UserFactory(username="editor", role=EDITORS)
    page.goto(f"{live_server.url}/admin/articles/article/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "correct horse battery")
    page.click("input[type=submit]")

    page.wait_for_url("**/admin/two-factor/setup/**")
    assert page.locator(".np-qr svg").is_visible()
    assert "دورك يتطلب التحقق بخطوتين" in page.text_content("#content-main")
    key = page.text_content(".np-qr code").replace(" ", "")
    code = f"{TOTP(b32decode(key)).token():06d}"
    page.get_by_label("الرمز").fill(code)
    page.get_by_role("button", name="تأكيد").click()

    codes = page.locator(".np-backup-codes code")
    codes.first.wait_for()
    assert codes.count() == 10
    page.get_by_role("link", name="متابعة").click()
    page.wait_for_url("**/admin/articles/article/")
    assert page.get_by_role("link", name="التحقق بخطوتين").is_visible()
