"""RSS 2.0 and Atom feeds of the public site (django.contrib.syndication): the newest published articles of
a district (?district=<code>), or of one of its columns. Linked from every public page's <head>."""

from __future__ import annotations

from datetime import datetime

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from kaopu.publicity import site
from kaopu.publicity.models import Article, Column


class ArticleFeed(Feed):
    feed_type = Rss201rev2Feed

    def get_object(self, request: HttpRequest, slug: str | None = None) -> tuple[site.Frame, Column | None]:
        district = site.district_of(request)
        frame = site.frame(district.pk) if district is not None else None
        if frame is None:
            raise Http404
        column = None
        if slug is not None:
            column = site.column_of(district, slug)
            if column is None:
                raise Http404
        return frame, column

    def title(self, obj: tuple[site.Frame, Column | None]) -> str:
        frame, column = obj
        return f"{frame.site_name} · {column.name}" if column else frame.site_name

    def link(self, obj: tuple[site.Frame, Column | None]) -> str:
        frame, column = obj
        url = reverse("site:column", args=[column.slug]) if column else reverse("site:home")
        return f"{url}?{frame.query}" if frame.query else url

    def description(self, obj: tuple[site.Frame, Column | None]) -> str:
        frame, column = obj
        return (column.description if column and column.description
                else _("The newest articles of %(site)s.") % {"site": frame.site_name})

    def items(self, obj: tuple[site.Frame, Column | None]) -> list[Article]:
        frame, column = obj
        return site.newest(frame.district.pk, column)

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        return item.summary

    def item_pubdate(self, item: Article) -> datetime | None:
        return item.published_at

    def item_updateddate(self, item: Article) -> datetime | None:
        return item.published_at

    def item_author_name(self, item: Article) -> str:
        return item.byline or item.source

    def item_categories(self, item: Article) -> list[str]:
        return [item.column.name]

    def item_guid(self, item: Article) -> str:
        return reverse("site:article", args=[item.pk])


class AtomArticleFeed(ArticleFeed):
    feed_type = Atom1Feed
    subtitle = ArticleFeed.description
