"""The permission matrix, as README.md's roles table says it: for every admin page of every
registered model, every admin action, the newsroom's own admin endpoints and the public forms,
each of anonymous, reader (an account without staff status), writer, editor, moderator and
superuser is let in or refused. A model registered later without a row here fails the test."""

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from articles import roles
from articles.models import Page
from comments.models import Blocklist
from newsportal.models import AuditEntry
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    CommentFactory,
    ImageFactory,
    SectionFactory,
    TagFactory,
    UserFactory,
)

ROLES = ["anonymous", "reader", "writer", "editor", "moderator", "superuser"]

# Admin pages each role opens: c changelist, a add, e the object's page (to change or, with
# view permission only, to read), d delete, h history. Roles not named open none of them.
# The object is someone else's: a writer's own drafts are the workflow tests' business.
PAGES = {
    "auth.group": {"superuser": "caedh"},
    "auth.user": {"superuser": "caedh"},
    "axes.accessattempt": {"editor": "cedh", "superuser": "cedh"},
    "axes.accesslog": {"superuser": "cedh"},
    "axes.accessfailurelog": {"superuser": "cedh"},
    "otp_totp.totpdevice": {"superuser": "caedh"},
    "otp_static.staticdevice": {"superuser": "caedh"},
    "articles.article": {"writer": "ca", "editor": "caedh", "superuser": "caedh"},
    "articles.image": {"writer": "caeh", "editor": "caedh", "superuser": "caedh"},
    "articles.section": {"writer": "ceh", "editor": "caedh", "superuser": "caedh"},
    "articles.page": {"editor": "caedh", "superuser": "caedh"},
    "articles.tag": {"writer": "caeh", "editor": "caedh", "superuser": "caedh"},
    "articles.author": {"writer": "ceh", "editor": "caedh", "superuser": "caedh"},
    "comments.comment": {"editor": "cedh", "moderator": "cedh", "superuser": "cedh"},
    "comments.blocklist": {"editor": "caedh", "moderator": "caedh", "superuser": "caedh"},
    # The audit log is read, never written, from the admin.
    "newsportal.auditentry": {"editor": "ceh", "superuser": "ceh"},
}
VIEWS = {"c": "changelist", "a": "add", "e": "change", "d": "delete", "h": "history"}

# The bulk actions each role is offered on a changelist it opens (none where not named).
EVERY_DELETE = {"delete_selected"}
ARTICLE_ACTIONS = {"submit_for_review_action", "publish_action", "unpublish_action"}
COMMENT_ACTIONS = {"approve", "reject", "spam", "block_email", "block_ip", "delete_selected"}
ACTIONS = {
    "auth.group": {"superuser": EVERY_DELETE},
    "auth.user": {"superuser": EVERY_DELETE},
    "axes.accessattempt": {
        role: {"delete_selected", "cleanup_expired_attempts"} for role in ("editor", "superuser")
    },
    "axes.accesslog": {"superuser": EVERY_DELETE},
    "axes.accessfailurelog": {"superuser": EVERY_DELETE},
    "otp_totp.totpdevice": {"superuser": EVERY_DELETE},
    "otp_static.staticdevice": {"superuser": EVERY_DELETE},
    "articles.article": {
        "writer": {"submit_for_review_action"},
        "editor": ARTICLE_ACTIONS | EVERY_DELETE,
        "superuser": ARTICLE_ACTIONS | EVERY_DELETE,
    },
    "comments.comment": dict.fromkeys(("editor", "moderator", "superuser"), COMMENT_ACTIONS),
    **{
        label: {"editor": EVERY_DELETE, "superuser": EVERY_DELETE}
        for label in ("articles.image", "articles.section", "articles.page", "articles.tag")
    },
    "articles.author": {"editor": EVERY_DELETE, "superuser": EVERY_DELETE},
    "comments.blocklist": dict.fromkeys(("editor", "moderator", "superuser"), EVERY_DELETE),
}


@pytest.fixture
def people(db):
    return {
        "anonymous": None,
        "reader": UserFactory(username="reader", is_staff=False),
        "writer": UserFactory(username="writer", role=roles.WRITERS),
        "editor": UserFactory(username="editor", role=roles.EDITORS),
        "moderator": UserFactory(username="moderator", role=roles.MODERATORS),
        "superuser": UserFactory(username="root", is_superuser=True),
    }


@pytest.fixture
def objects(people):
    """One object of every registered model, none of them the writer's own."""
    owner = UserFactory(username="someone_else", role=roles.WRITERS)
    story = ArticleFactory(created_by=owner)
    totp = TOTPDevice.objects.create(user=owner, name="phone")
    return {
        "auth.group": owner.groups.get(),
        "auth.user": owner,
        "axes.accessattempt": AccessAttempt.objects.create(
            username="x", ip_address="192.0.2.1", failures_since_start=1
        ),
        "axes.accesslog": AccessLog.objects.create(username="x", ip_address="192.0.2.1"),
        "axes.accessfailurelog": AccessFailureLog.objects.create(
            username="x", ip_address="192.0.2.1"
        ),
        "otp_totp.totpdevice": totp,
        "otp_static.staticdevice": StaticDevice.objects.create(user=owner, name="backup"),
        "articles.article": story,
        "articles.image": ImageFactory(),
        "articles.section": SectionFactory(),
        "articles.page": Page.objects.create(title="من نحن", slug="about"),
        "articles.tag": TagFactory(),
        "articles.author": AuthorFactory(),
        "comments.comment": CommentFactory(article=story),
        "comments.blocklist": Blocklist.objects.create(kind=Blocklist.Kind.HOLD_WORD, value="كلمة"),
        "newsportal.auditentry": AuditEntry.objects.of_event(AuditEntry.Event.BLOCKLIST).get(),
    }


def client_as(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_every_registered_model_has_a_row():
    registered = {model._meta.label_lower for model in admin.site._registry}
    assert registered == set(PAGES) and set(ACTIONS) <= registered


@pytest.mark.parametrize("role", ROLES)
def test_admin_pages(role, people, objects):
    client = client_as(people[role])
    opened, refused = {}, []
    for label, obj in objects.items():
        app_label, model = label.split(".")
        allowed = PAGES[label].get(role, "")
        marks = ""
        for letter, view in VIEWS.items():
            args = [] if letter in "ca" else [obj.pk]
            response = client.get(reverse(f"admin:{app_label}_{model}_{view}", args=args))
            if response.status_code == 200:
                marks += letter
            elif role in ("anonymous", "reader"):
                assert response.status_code == 302 and "/admin/login/" in response.url
            else:
                assert response.status_code in (302, 403), (label, view, response.status_code)
                refused.append((label, view))
        opened[label] = "".join(letter for letter in VIEWS if letter in marks)
        expected = "".join(letter for letter in VIEWS if letter in allowed)
        assert opened[label] == expected, f"{role} on {label}"


@pytest.mark.parametrize("role", ROLES)
def test_admin_actions(role, people, objects):
    client = client_as(people[role])
    for label in PAGES:
        if "c" not in PAGES[label].get(role, ""):
            continue
        app_label, model = label.split(".")
        page = client.get(reverse(f"admin:{app_label}_{model}_changelist"))
        form = page.context["action_form"]
        offered = (
            {name for name, _label in form.fields["action"].choices if name} if form else set()
        )
        assert offered == ACTIONS.get(label, {}).get(role, set()), f"{role} on {label}"


def test_a_refused_action_changes_nothing(people, objects):
    story = objects["articles.article"]
    client = client_as(people["writer"])
    client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish_action", "_selected_action": [story.pk]},
    )
    story.refresh_from_db()
    assert story.status != story.Status.PUBLISHED
    moderator = client_as(people["moderator"])
    moderator.post(
        reverse("admin:articles_article_changelist"),
        {"action": "delete_selected", "_selected_action": [story.pk], "post": "yes"},
    )
    assert type(story).objects.filter(pk=story.pk).exists()


ENDPOINTS = {
    # name: (method, allowed roles)
    "articles_article_autosave_new": ("post", {"writer", "editor", "superuser"}),
    "image_chooser": ("get", {"writer", "editor", "superuser"}),
    "image_chooser_upload": ("post", {"writer", "editor", "superuser"}),
}


@pytest.mark.parametrize("role", ROLES)
def test_the_newsrooms_own_admin_endpoints(role, people, objects):
    client = client_as(people[role])
    for name, (method, allowed) in ENDPOINTS.items():
        response = getattr(client, method)(reverse(f"admin:{name}"))
        if role in allowed:
            assert response.status_code in (200, 400), (name, response.status_code)
        else:
            assert response.status_code in (302, 403), (name, response.status_code)
    story = objects["articles.article"]
    restore = client.post(reverse("admin:articles_article_restore", args=[story.pk, 1]))
    # No such version: an editor gets "not found"; the others never reach the story at all.
    assert restore.status_code == (404 if role in ("editor", "superuser") else 302)
    codes = client.post(reverse("two_factor_codes"))
    assert codes.status_code == 302  # only from a verified session, or signed in at all


@pytest.mark.parametrize("role", ROLES)
def test_the_public_forms_are_open_to_everyone(role, people, objects):
    client = client_as(people[role])
    story = ArticleFactory(published=True)
    search = client.get("/search/", {"q": "خبر"})
    assert search.status_code == 200
    posted = client.post(
        f"/article/{story.pk}/comment/",
        {"name": "قارئ", "email": f"{role}@example.com", "text": f"تعليق من {role}"},
        HTTP_ORIGIN="http://testserver",
        REMOTE_ADDR=f"203.0.113.{ROLES.index(role) + 1}",
    )
    assert posted.status_code == 302
    assert client.get("/page/about/").status_code == 200


def test_not_even_a_superuser_reads_a_colleagues_second_factor(people, objects):
    device = objects["otp_totp.totpdevice"]
    client = client_as(people["superuser"])
    page = client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk]))
    assert page.status_code == 200 and device.key not in page.text
    qr_code = client.get(reverse("admin:otp_totp_totpdevice_config", args=[device.pk]))
    assert qr_code.status_code in (403, 404)
