"""The sitemap (django.contrib.sitemaps, /sitemap.xml): the home and every district's portal, the active
columns and every published article with its date. robots.txt names it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from kaopu.publicity import site
from kaopu.publicity.models import Article, Column


def _with_district(url: str, district_id: int) -> str:
    known = site.districts()
    if len(known) < 2:
        return url
    ref = next((d for d in known if d.pk == district_id), None)
    return f"{url}?district={ref.key}" if ref is not None else url


class HomeSitemap(Sitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self) -> list[site.DistrictRef]:
        return list(site.districts())

    def location(self, item: site.DistrictRef) -> str:
        return _with_district("/", item.pk)


class ColumnSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self) -> Any:
        return Column.objects.filter(active=True).only("id", "slug", "district_id").order_by("district_id", "position",
                                                                                               "id")

    def location(self, item: Column) -> str:
        return _with_district(reverse("site:column", args=[item.slug]), item.district_id)


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5
    limit = 50000  # the most one sitemap file may list

    def items(self) -> Any:
        return Article.objects.filter(state=Article.State.PUBLISHED).only("id", "published_at").order_by("id")

    def lastmod(self, item: Article) -> datetime | None:
        return item.published_at


SITEMAPS = {"home": HomeSitemap, "columns": ColumnSitemap, "articles": ArticleSitemap}
