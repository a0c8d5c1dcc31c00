"""The benchmark's URL configuration: every production URL plus one bare comparison view.

Used only by kaopu.settings_bench (ROOT_URLCONF). The bare view renders
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


urlpatterns = [
    path("bench/bare-list/", bare_enterprise_list, name="bench_bare_list"),
    *production_urlpatterns,
]
