"""Root URLconf: Arabic at unprefixed addresses, English under /en/ (the admin too:
/admin/ in Arabic, /en/admin/ in English, or ADMIN_URL); /healthz for load balancers."""

import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _

from articles import views as article_views
from articles.caching import cache_public_page
from articles.sitemaps import SITEMAPS, sitemap_page

from . import api, twofactor
from . import views as frame_views
from .api import docs as api_docs

admin.site.site_header = _("Newsroom")
admin.site.site_title = _("Newsroom")
admin.site.index_title = _("Start page")

handler500 = "newsportal.views.server_error"
SITEMAP_KEYS = ["sitemap"]  # purged by every story going live or down

urlpatterns = [
    path("healthz", frame_views.healthz, name="healthz"),
    path("api/v1/", api.urls()),
    path("i18n/", include("django.conf.urls.i18n")),
    path("robots.txt", article_views.robots_txt, name="robots"),
    # Asked for by crawlers and old browsers that do not read the page's icon links.
    path("favicon.ico", frame_views.favicon),
    path(
        "sitemap-news.xml",
        cache_public_page(article_views.google_news_sitemap, keys=SITEMAP_KEYS),
        name="sitemap-news",
    ),
    path(
        "sitemap.xml",
        cache_public_page(sitemap_views.index, keys=SITEMAP_KEYS),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap-index",
    ),
    path(
        "sitemap-<section>.xml",
        cache_public_page(sitemap_page, keys=SITEMAP_KEYS),
        name="sitemap-section",
    ),
]
urlpatterns += i18n_patterns(
    path(f"{settings.ADMIN_URL}two-factor/", twofactor.verify, name="two_factor"),
    path(f"{settings.ADMIN_URL}two-factor/setup/", twofactor.setup, name="two_factor_setup"),
    path(f"{settings.ADMIN_URL}two-factor/codes/", twofactor.backup_codes, name="two_factor_codes"),
    path(f"{settings.ADMIN_URL}two-factor/off/", twofactor.turn_off, name="two_factor_off"),
    path(settings.ADMIN_URL, admin.site.urls),
    path("api/v1/docs/", cache_public_page(api_docs.documentation, keys=["api"]), name="api-docs"),
    path("", include("comments.urls")),
    path("", include("articles.urls")),
    prefix_default_language=False,
)
if settings.DEBUG or settings.SERVE_MEDIA:
    urlpatterns += [
        re_path(
            rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$",
            frame_views.serve_media,
        )
    ]
