from django.urls import path

from . import feeds, views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("article/<int:pk>/", views.ArticleDetailView.as_view(), name="detail-short"),
    path("article/<int:pk>/<str:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("preview/<str:token>/", views.ArticlePreviewView.as_view(), name="preview"),
    path("section/<str:slug>/", views.SectionView.as_view(), name="section"),
    path("tag/<str:slug>/", views.TagView.as_view(), name="tag"),
    path("author/<str:slug>/", views.AuthorView.as_view(), name="author"),
    path("archive/<int:year>/", views.ArticleYearArchiveView.as_view(), name="archive-year"),
    path(
        "archive/<int:year>/<int:month>/",
        views.ArticleMonthArchiveView.as_view(),
        name="archive-month",
    ),
    path(
        "archive/<int:year>/<int:month>/<int:day>/",
        views.ArticleDayArchiveView.as_view(),
        name="archive-day",
    ),
    path("page/<str:slug>/", views.PageView.as_view(), name="page"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("feed/", feeds.LatestArticlesFeed(), name="feed"),
    path("feed/atom/", feeds.AtomLatestArticlesFeed(), name="feed-atom"),
    path("section/<str:slug>/feed/", feeds.SectionFeed(), name="section-feed"),
    path("section/<str:slug>/feed/atom/", feeds.AtomSectionFeed(), name="section-feed-atom"),
    path("tag/<str:slug>/feed/", feeds.TagFeed(), name="tag-feed"),
    path("tag/<str:slug>/feed/atom/", feeds.AtomTagFeed(), name="tag-feed-atom"),
]
