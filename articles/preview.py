"""Signed, expiring preview links for unpublished articles."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "articles.preview"


def preview_token(article):
    return signing.dumps({"article": article.pk, "version": article.version}, salt=SALT)


def preview_url(article):
    return reverse("articles:preview", kwargs={"token": preview_token(article)})


def article_id_from_token(token):
    """The article id in `token`, or None when it is forged or older than the allowed age."""
    try:
        data = signing.loads(token, salt=SALT, max_age=settings.PREVIEW_LINK_MAX_AGE)
    except signing.BadSignature:  # includes SignatureExpired
        return None
    return data.get("article")
