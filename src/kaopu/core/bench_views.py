"""The benchmark's URL configuration: every production URL plus one bare comparison view.

Used only by kaopu.settings_bench (ROOT_URLCONF). The public site's two bare views (bench/publicity.py)
render the public home and article templates the same way, from lists read once. The bare list view renders
directory/enterprise_list.html with the same context as the real enterprise list, from 50 rows
read once per process and then held in memory: no database query and no permission check in the
view itself, so the difference between it and /directory/enterprises/ is what the real page's
queries, scoping and pagination cost.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import path

from kaopu.core.pagination import KeysetPage, query_with
from kaopu.directory.forms import EnterpriseFilterForm
from kaopu.directory.models import Enterprise
from kaopu.urls import urlpatterns as production_urlpatterns

_rows: list[Enterprise] | None = None


def _page_rows() -> list[Enterprise]:
    """The newest 50 enterprises, read on the first request of this process only."""
    global _rows
    if _rows is None:
        _rows = list(Enterprise.objects.select_related("subdistrict", "industry").order_by("-id")[:50])
    return _rows


def bare_enterprise_list(request: HttpRequest) -> HttpResponse:
    rows = _page_rows()
    page: KeysetPage[Enterprise] = KeysetPage(items=rows, next_cursor=rows[-1].pk if rows else None,
                                              previous_cursor=None)
    query = QueryDict(mutable=True)
    context: dict[str, Any] = {
        "form": EnterpriseFilterForm(None, district_id=rows[0].district_id if rows else None),
        "page": page,
        "next_query": query_with(query, after=page.next_cursor),
        "previous_query": "",
        "can_create": True,
        "can_import": True,
        "filters_active": False,
    }
    return render(request, "directory/enterprise_list.html", context)


_public: dict[str, Any] | None = None


def _public_context() -> dict[str, Any]:
    """The public site's home lists and newest article of the first district, read on the first request of
    this process only (bench/publicity.py measures the real pages against these)."""
    global _public
    if _public is None:
        from kaopu.publicity import site
        from kaopu.publicity.models import Article

        district = site.choose(None)
        assert district is not None
        article = (Article.objects.select_related("column", "cover").filter(district_id=district.pk, state="published")
                   .order_by("-published_at", "-id").first())
        _public = {"site": site.frame(district.pk), "home": site.home(district), "article": article,
                   "attachments": list(article.attachments.all()) if article else []}
    return _public


def bare_public_home(request: HttpRequest) -> HttpResponse:
    """The public home's template from lists held in memory: no cache, no query, no cache headers."""
    public = _public_context()
    return render(request, "publicity/site/home.html", {"site": public["site"], "home": public["home"],
                                                        "active": "home"})


def bare_public_article(request: HttpRequest) -> HttpResponse:
    """The public article page's template from an article held in memory."""
    public = _public_context()
    article = public["article"]
    return render(request, "publicity/site/article.html", {
        "site": public["site"], "article": article, "attachments": public["attachments"],
        "active": f"column:{article.column.slug}"})


urlpatterns = [
    path("bench/bare-list/", bare_enterprise_list, name="bench_bare_list"),
    path("bench/bare-public-home/", bare_public_home, name="bench_bare_public_home"),
    path("bench/bare-public-article/", bare_public_article, name="bench_bare_public_article"),
    *production_urlpatterns,
]
