"""The frame's doors: the health check, the branded page for a refused form, the admin's
address and the staff's idle time."""

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from unittest import mock

from django.db import OperationalError
from django.test import Client, RequestFactory
from django.utils import timezone

ROOT = Path(__file__).resolve().parent.parent


def test_health_check_says_ok_and_is_never_cached(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"] and "max-age=0" in response["Cache-Control"]


def test_health_check_answers_503_without_the_database(client, db):
    with mock.patch("newsportal.views.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "unreachable", "cache": "ok"}
    assert "down" not in response.text  # no detail for whoever asks


def test_the_edge_probe_fails_only_without_the_database(client, db):
    """Without Redis pages are still drawn (uncached): Varnish must keep asking for them."""
    with mock.patch("newsportal.views.cache.set", side_effect=ConnectionError("redis down")):
        assert client.get("/healthz").status_code == 503  # the load balancer hears of it
        edge = client.get("/healthz", {"for": "edge"})
    assert edge.status_code == 200
    assert edge.json() == {"database": "ok", "cache": "unreachable"}
    with mock.patch("newsportal.views.connection.cursor", side_effect=OperationalError("down")):
        assert client.get("/healthz", {"for": "edge"}).status_code == 503


def test_a_form_refused_for_csrf_gets_the_sites_own_page(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/admin/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "انتهت صلاحية النموذج" in response.text
    assert 'dir="rtl"' in response.text and "CSRF" not in response.text


def test_the_admin_address_comes_from_the_environment():
    environment = {**os.environ, "ADMIN_URL": "/desk-7f3a/"}
    result = subprocess.run(
        [sys.executable, "-c", "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE',"
         " 'newsportal.settings'); django.setup(); from django.urls import reverse;"
         " from django.conf import settings; print(reverse('admin:index'),"
         " settings.CONTENT_SECURITY_POLICY['EXCLUDE_URL_PREFIXES'])"],
        cwd=ROOT, env=environment, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "/desk-7f3a/"
    assert "'/desk-7f3a/', '/en/desk-7f3a/'" in result.stdout


def test_a_staff_session_expires_after_its_idle_time(client_for, editor, settings):
    assert settings.SESSION_COOKIE_AGE == 60 * 60
    client = client_for(editor)
    response = client.get("/admin/")
    assert response.cookies["sessionid"]["max-age"] == 3600  # moved on every request


def test_readers_still_get_no_session_cookie(client, db):
    assert "sessionid" not in client.get("/").cookies


def _sign_in(client, password):
    return client.post("/admin/login/", {"username": "writer", "password": password})


def test_five_failed_sign_ins_lock_the_name_at_that_address_until_an_editor_unlocks(
    client, writer, editor, client_for
):
    from axes.models import AccessAttempt
    from django.test import Client

    for _ in range(4):
        assert _sign_in(client, "wrong").status_code == 200  # the form again, with its error
    locked = _sign_in(client, "wrong")
    assert locked.status_code == 429
    assert "قفل تسجيل الدخول" in locked.text and "15 دقيقة" in locked.text
    assert _sign_in(client, "correct horse battery").status_code == 429  # even the right one
    other_address = Client(REMOTE_ADDR="198.51.100.9")
    assert _sign_in(other_address, "correct horse battery").status_code == 302

    unlocker = client_for(editor)
    attempt = AccessAttempt.objects.get(username="writer")
    response = unlocker.post(
        "/admin/axes/accessattempt/",
        {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"},
    )
    assert response.status_code == 302 and not AccessAttempt.objects.exists()
    unlocker.logout()
    assert _sign_in(client, "correct horse battery").status_code == 302


def test_a_lockout_without_a_time_limit_lasts_until_an_editor_lifts_it(client, writer, settings):
    from axes.models import AccessAttempt

    settings.AXES_COOLOFF_TIME = None  # LOGIN_LOCKOUT_MINUTES=0
    for _ in range(5):
        locked = _sign_in(client, "wrong")
    assert locked.status_code == 429
    assert "قفل تسجيل الدخول" in locked.text and "دقيقة" not in locked.text
    assert "اطلب من محرر" in locked.text
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(days=30))
    assert _sign_in(client, "correct horse battery").status_code == 429  # still locked


def test_pictures_served_by_the_app_are_kept_by_browsers_and_the_edge(client, db):
    from newsportal.views import serve_media
    from tests.factories import ImageFactory

    image = ImageFactory()
    # The route exists with DEBUG or SERVE_MEDIA (decided when the addresses load).
    response = serve_media(RequestFactory().get(image.file.url), image.file.name)
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=2592000"


def test_a_forged_host_gets_the_bad_request_page_in_full(client, db):
    """A Host header outside ALLOWED_HOSTS: Django answers 400, and the page drawn for it
    gives no alternate-language addresses (they would name the forged host)."""
    response = client.get("/", HTTP_HOST="forged.example")
    assert response.status_code == 400
    assert "<h1>" in response.text and 'rel="alternate" hreflang' not in response.text


def test_varnish_drops_the_same_tracking_tags_as_the_app():
    from newsportal.tracking import TRACKING_PARAMETERS, split_tracking, with_tags

    vcl = (ROOT / "deploy" / "varnish" / "default.vcl").read_text()
    assert f'"&({TRACKING_PARAMETERS})=[^&]*"' in vcl  # dropped
    assert f'"&(?!(?:{TRACKING_PARAMETERS})=)[^&]*"' in vcl  # kept for a redirect
    assert split_tracking("utm_source=x&page=2&fbclid=1&gclid=&q=%D8%A7") == (
        "page=2&q=%D8%A7",
        "utm_source=x&fbclid=1&gclid=",
    )
    assert split_tracking("xfbclid=1&utm_source") == ("xfbclid=1&utm_source", "")  # as Varnish
    assert with_tags("/a/?page=2#c5", "utm_source=x") == "/a/?page=2&utm_source=x#c5"
    assert with_tags("https://elsewhere.example/", "utm_source=x") == "https://elsewhere.example/"
    assert with_tags("//elsewhere.example/", "utm_source=x") == "//elsewhere.example/"
    assert with_tags("/\\elsewhere.example/", "utm_source=x") == "/\\elsewhere.example/"
    assert with_tags("/", "utm_source=x") == "/?utm_source=x"  # as Varnish


def test_an_address_read_without_its_tags_keeps_its_arabic(client, db):
    """A query sent unencoded (some apps and bots do) is read as Django reads any other."""
    page = client.get("/search/?q=خبر&utm_source=x")
    assert page.wsgi_request.GET["q"] == "خبر" and "utm_source" not in page.wsgi_request.GET
    assert 'value="خبر"' in page.text


def test_a_redirect_carries_the_tracking_tags_on(client, db):
    """Analytics in the browser read the tags where it lands: a link without its slash or with
    an old slug still counts for the newsletter it came from."""
    from articles.wordpress.addresses import save_address
    from articles.wordpress.models import LegacyAddress
    from tests.factories import ArticleFactory

    story = ArticleFactory(published=True)
    address = story.get_absolute_url()
    no_slash = client.get(f"{address.rstrip('/')}?utm_source=newsletter&page=1")
    assert no_slash.status_code == 301
    assert no_slash["Location"] == f"{address}?page=1&utm_source=newsletter"
    old_slug = client.get(f"/article/{story.pk}/old-headline/?fbclid=IwAR0abc")
    assert old_slug["Location"] == f"{address}?fbclid=IwAR0abc"
    save_address("/?p=23", LegacyAddress.Target.ARTICLE, story.pk)  # a WordPress post's
    wordpress = client.get("/?p=23&utm_medium=social")
    assert wordpress["Location"] == f"{address}?utm_medium=social"
    assert "fbclid" not in client.get(f"{address}?fbclid=IwAR0abc").text
