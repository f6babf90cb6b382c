from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("article/<int:pk>/", views.ArticleDetailView.as_view(), name="detail-short"),
    path("article/<int:pk>/<str:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("preview/<str:token>/", views.ArticlePreviewView.as_view(), name="preview"),
    path("section/<str:slug>/", views.SectionView.as_view(), name="section"),
    path("tag/<str:slug>/", views.TagView.as_view(), name="tag"),
    path("author/<str:slug>/", views.AuthorView.as_view(), name="author"),
]
