"""The public site (views_site.py, feeds.py), under /news/: no login needed. The home is also "/" for anonymous
visitors (kaopu.core.views_workbench), robots.txt and sitemap.xml sit at the root (kaopu.urls)."""

from __future__ import annotations

from django.urls import path

from kaopu.core.public_pages import public_page
from kaopu.publicity import views_site as views
from kaopu.publicity.feeds import ArticleFeed, AtomArticleFeed

app_name = "site"
rss, atom = public_page(ArticleFeed()), public_page(AtomArticleFeed())
urlpatterns = [
    path("", views.home, name="home"),
    path("<int:pk>/", views.article_page, name="article"),
    path("c/<slug:slug>/", views.column_page, name="column"),
    path("search/", views.search, name="search"),
    path("language/", views.language, name="language"),
    path("feed.rss", rss, name="feed_rss"),
    path("feed.atom", atom, name="feed_atom"),
    path("c/<slug:slug>/feed.rss", rss, name="column_feed_rss"),
    path("c/<slug:slug>/feed.atom", atom, name="column_feed_atom"),
    path("images/<int:pk>/", views.image, name="image"),
    path("files/<int:pk>/", views.attachment, name="attachment"),
]
