from django.urls import path

from articles.caching import cache_public_page
from articles.urls import SlugTextConverter  # noqa: F401 - registers slug_text

from . import views

app_name = "comments"

urlpatterns = [
    path("article/<int:article_id>/comment/", views.post_comment, name="post"),
    path(
        "article/<int:pk>/<slug_text:slug>/comments/<int:number>/",
        cache_public_page(views.CommentsPageView.as_view()),
        name="page",
    ),
]
