"""Two-step sign-in: editors and administrators must enrol an authenticator app when
STAFF_TWO_FACTOR is on; writers and moderators may; backup codes work once; the admin, its
JSON endpoints included, stays shut to a session that owes its second step."""

import re
import time
from unittest import mock

import pytest
from django.core.management import call_command
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from articles import roles
from tests.factories import ArticleFactory, UserFactory

PASSWORD = "correct horse battery"


@pytest.fixture
def required(settings, db):
    settings.STAFF_TWO_FACTOR = True


def sign_in(client, username):
    response = client.post("/admin/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302, "the password step passes"
    return client


def code_for(device):
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}"


def test_an_editor_enrols_at_first_sign_in_with_a_locally_drawn_qr_code(client, required):
    editor = UserFactory(username="editor", role=roles.EDITORS)
    sign_in(client, "editor")

    refused = client.get("/admin/articles/article/")
    assert refused.status_code == 302
    assert refused.url.startswith("/admin/two-factor/setup/?next=/admin/articles/article/")
    page = client.get(refused.url)
    assert "دورك يتطلب التحقق بخطوتين" in page.text
    assert "<svg" in page.text and "otpauth" not in page.text  # drawn here, no outside service
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    key = re.search(r"<code>([A-Z2-7 ]+)</code>", page.text).group(1)
    assert key.replace(" ", "") and len(key.replace(" ", "")) == 32

    wrong = client.post(refused.url, {"code": "000000"})
    assert "الرمز غير صحيح" in wrong.text
    device.refresh_from_db()
    assert not device.confirmed
    device.throttle_reset()  # the second after a wrong code passes
    assert client.get("/admin/").status_code == 302  # still shut

    done = client.post(refused.url, {"code": code_for(device), "next": "/admin/articles/article/"})
    assert done.status_code == 200
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", done.text)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert StaticToken.objects.filter(device__user=editor).count() == 10
    assert 'href="/admin/articles/article/"' in done.text
    assert client.get("/admin/articles/article/").status_code == 200


def test_a_secret_being_enrolled_is_never_shown_to_another_session(client, required):
    """Someone else with the password who opens the enrolment page first learns nothing that
    the real editor's phone will use."""
    from django.test import Client

    UserFactory(username="editor", role=roles.EDITORS)
    key = re.compile(r"<code>([A-Z2-7 ]+)</code>")
    intruder = key.search(sign_in(Client(), "editor").get("/admin/two-factor/setup/").text)[1]
    editor = sign_in(client, "editor")
    first = key.search(editor.get("/admin/two-factor/setup/").text)[1]
    again = key.search(editor.get("/admin/two-factor/setup/").text)[1]
    assert first != intruder
    assert again == first  # the same session keeps its key while the phone scans it
    assert TOTPDevice.objects.filter(user__username="editor").count() == 1


def test_a_returning_editor_gives_a_code_or_a_backup_code_once(client, required):
    editor = UserFactory(username="editor", role=roles.EDITORS)
    device = TOTPDevice.objects.create(user=editor, name="phone", confirmed=True)
    sign_in(client, "editor")
    story = ArticleFactory()
    autosave = f"/admin/articles/article/{story.pk}/autosave/"
    refused = client.post(autosave, {})
    assert refused.status_code == 302 and refused.url.startswith("/admin/two-factor/?next=")

    verify = client.get("/admin/two-factor/")
    assert 'autocomplete="one-time-code"' in verify.text
    assert client.post("/admin/two-factor/", {"code": code_for(device)}).status_code == 302
    assert client.get("/admin/").status_code == 200

    backup = client.post("/admin/two-factor/codes/")
    code = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", backup.text)[0]
    for attempt in range(2):
        client.logout()
        sign_in(client, "editor")
        answer = client.post("/admin/two-factor/", {"code": code.upper()})
        if attempt == 0:
            assert answer.status_code == 302 and client.get("/admin/").status_code == 200
        else:
            assert answer.status_code == 200 and "الرمز غير صحيح" in answer.text
    assert StaticToken.objects.filter(device__user=editor).count() == 9


def test_wrong_codes_are_slowed_down(client, required):
    editor = UserFactory(username="editor", role=roles.EDITORS)
    TOTPDevice.objects.create(user=editor, name="phone", confirmed=True)
    sign_in(client, "editor")
    client.post("/admin/two-factor/", {"code": "111111"})
    second = client.post("/admin/two-factor/", {"code": "222222"})
    assert "محاولات خاطئة كثيرة" in second.text


def test_the_next_address_never_leaves_the_site(client, required):
    editor = UserFactory(username="editor", role=roles.EDITORS)
    device = TOTPDevice.objects.create(user=editor, name="phone", confirmed=True)
    sign_in(client, "editor")
    answer = client.post(
        "/admin/two-factor/", {"code": code_for(device), "next": "https://evil.example/"}
    )
    assert answer.url == "/admin/"


def test_superusers_must_enrol_writers_and_moderators_may(client, required):
    UserFactory(username="chief", is_superuser=True)
    assert sign_in(client, "chief").get("/admin/").status_code == 302
    client.logout()
    for username, role in (("writer", roles.WRITERS), ("moderator", roles.MODERATORS)):
        UserFactory(username=username, role=role)
        assert sign_in(client, username).get("/admin/").status_code == 200
        page = client.get("/admin/")
        assert 'href="/admin/two-factor/setup/"' in page.text  # enrolment offered
        client.logout()


def test_a_writer_who_enrolled_is_asked_and_may_turn_it_off(client, required):
    writer = UserFactory(username="writer", role=roles.WRITERS)
    device = TOTPDevice.objects.create(user=writer, name="phone", confirmed=True)
    sign_in(client, "writer")
    assert client.get("/admin/").status_code == 302
    client.post("/admin/two-factor/", {"code": code_for(device)})
    page = client.get("/admin/two-factor/setup/")
    assert "إيقاف التحقق بخطوتين" in page.text
    client.post("/admin/two-factor/off/")
    assert not TOTPDevice.objects.filter(user=writer).exists()
    client.logout()
    assert sign_in(client, "writer").get("/admin/").status_code == 200


def test_an_editor_cannot_turn_off_what_the_role_requires(client, required):
    editor = UserFactory(username="editor", role=roles.EDITORS)
    device = TOTPDevice.objects.create(user=editor, name="phone", confirmed=True)
    sign_in(client, "editor")
    client.post("/admin/two-factor/", {"code": code_for(device)})
    assert "إيقاف" not in client.get("/admin/two-factor/setup/").text
    client.post("/admin/two-factor/off/")
    assert TOTPDevice.objects.filter(user=editor, confirmed=True).exists()


def test_off_by_default_for_the_demo_logins_and_the_console_says_so(client, settings, db):
    settings.STAFF_TWO_FACTOR = False
    UserFactory(username="editor", role=roles.EDITORS)
    assert sign_in(client, "editor").get("/admin/").status_code == 200
    from io import StringIO

    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "STAFF_TWO_FACTOR=0" in out.getvalue()


def test_a_writer_promoted_to_editor_is_asked_to_enrol_within_minutes(client, required):
    from django.contrib.auth.models import Group

    writer = UserFactory(username="writer", role=roles.WRITERS)
    sign_in(client, "writer")
    assert client.get("/admin/").status_code == 200  # writers may go without
    writer.groups.add(Group.objects.get(name=roles.EDITORS))
    assert client.get("/admin/").status_code == 200  # the session's answer is kept a while
    with mock.patch("newsportal.twofactor.time.time", return_value=time.time() + 301):
        refused = client.get("/admin/")
    assert refused.status_code == 302 and "/two-factor/setup/" in refused.url
