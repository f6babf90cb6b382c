from django.urls import path, register_converter

from . import feeds, views
from .caching import cache_public_page
from .search_page import SearchView

app_name = "articles"


class SlugTextConverter:
    """Any Unicode slug segment; a NUL byte (which PostgreSQL refuses) never matches."""

    regex = "[^/\x00]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class TwoDigitsConverter:
    """A month or a day: read as a number, always written with two digits (/2026/03/), the
    one address the archive pages redirect other spellings to."""

    regex = "[0-9]{1,4}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{int(value):02d}"


register_converter(SlugTextConverter, "slug_text")
register_converter(TwoDigitsConverter, "two_digits")

cached = cache_public_page

urlpatterns = [
    path("", cached(views.HomeView.as_view(), keys=["home", "latest"]), name="home"),
    path(
        "article/<int:pk>/",
        cached(views.ArticleDetailView.as_view()),
        name="detail-short",
    ),
    path(
        "article/<int:pk>/<slug_text:slug>/",
        cached(views.ArticleDetailView.as_view()),
        name="detail",
    ),
    path("hit/<int:pk>.gif", views.view_beacon, name="beacon"),
    path("preview/<str:token>/", views.ArticlePreviewView.as_view(), name="preview"),
    path("section/<slug_text:slug>/", cached(views.SectionView.as_view()), name="section"),
    path("tag/<slug_text:slug>/", cached(views.TagView.as_view()), name="tag"),
    path("author/<slug_text:slug>/", cached(views.AuthorView.as_view()), name="author"),
    path(
        "archive/<int:year>/",
        cached(views.ArticleYearArchiveView.as_view(), keys=["archive"]),
        name="archive-year",
    ),
    path(
        "archive/<int:year>/<two_digits:month>/",
        cached(views.ArticleMonthArchiveView.as_view(), keys=["archive"]),
        name="archive-month",
    ),
    path(
        "archive/<int:year>/<two_digits:month>/<two_digits:day>/",
        cached(views.ArticleDayArchiveView.as_view(), keys=["archive"]),
        name="archive-day",
    ),
    path("page/<slug_text:slug>/", cached(views.PageView.as_view()), name="page"),
    path("search/", SearchView.as_view(), name="search"),
    path("feed/", cached(feeds.LatestArticlesFeed(), keys=["latest"]), name="feed"),
    path("feed/atom/", cached(feeds.AtomLatestArticlesFeed(), keys=["latest"]), name="feed-atom"),
    path("section/<slug_text:slug>/feed/", cached(feeds.SectionFeed()), name="section-feed"),
    path(
        "section/<slug_text:slug>/feed/atom/",
        cached(feeds.AtomSectionFeed()),
        name="section-feed-atom",
    ),
    path("tag/<slug_text:slug>/feed/", cached(feeds.TagFeed()), name="tag-feed"),
    path("tag/<slug_text:slug>/feed/atom/", cached(feeds.AtomTagFeed()), name="tag-feed-atom"),
]
