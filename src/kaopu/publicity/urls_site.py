"""The public site (views_site.py), under /news/: no login needed."""

from __future__ import annotations

from django.urls import path

from kaopu.publicity import views_site as views

app_name = "site"
urlpatterns = [
    path("<int:pk>/", views.article_page, name="article"),
    path("images/<int:pk>/", views.image, name="image"),
    path("files/<int:pk>/", views.attachment, name="attachment"),
]
