from django.urls import path

from . import views

app_name = "comments"

urlpatterns = [
    path("article/<int:article_id>/comment/", views.post_comment, name="post"),
]
