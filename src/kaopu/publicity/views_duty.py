"""The staff's duty pages: columns not updated within their interval (kaopu.publicity.duty) and the dead
links of published articles (kaopu.publicity.links), both of the user's district (kaopu.core.access).

FIC staff and district leaders read them; every other role gets 404. Each page runs a fixed number of
queries whatever the number of columns or links: the columns page one (plus the session's), the links
page one keyset page of link rows with their articles.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext_lazy

from kaopu.accounts.roles import Role
from kaopu.core import access, workdays
from kaopu.core.decorators import for_roles
from kaopu.core.pagination import page_from_query, query_with
from kaopu.core.tabs import Tab
from kaopu.publicity import duty
from kaopu.publicity.models import LinkCheck

staff_and_leaders = for_roles(Role.FIC_STAFF, Role.DISTRICT_LEADER)
LINKS_PAGE = 100
EDIT_PATH = "/publicity/articles/{pk}/"  # the staff's article page, when the editorial pages are installed


@staff_and_leaders
def columns(request: HttpRequest) -> HttpResponse:
    """The columns and their duty; ?overdue=1 keeps the overdue ones (the start page's to-do)."""
    today = workdays.local_today()
    rows = duty.column_duties(request.user)
    only_overdue = request.GET.get("overdue") == "1"
    shown = [row for row in rows if row.is_overdue] if only_overdue else rows
    overdue_count = sum(1 for row in rows if row.is_overdue)
    url = reverse("publicity_duty:columns")
    tabs = [Tab(gettext_lazy("Overdue"), f"{url}?overdue=1", only_overdue, overdue_count, "tab-overdue"),
            Tab(gettext_lazy("All columns"), url, not only_overdue, len(rows), "tab-all")]
    return render(request, "publicity/duty/columns.html", {
        "rows": shown, "today": today, "only_overdue": only_overdue, "tabs": tabs,
        "many_districts": len({row.column.district_id for row in rows}) > 1,
    })


def edit_url_of(article_id: int) -> str | None:
    """The staff's page of an article if the editorial pages are installed (None otherwise)."""
    url = EDIT_PATH.format(pk=article_id)
    try:
        resolve(url)
    except Resolver404:
        return None
    return url


TABS = {"dead": {"status": LinkCheck.Status.DEAD}, "outside": {"kind__in": [LinkCheck.Kind.OUTSIDE,
                                                                             LinkCheck.Kind.ALLOWED]}}


def link_rows(user: Any, tab: str) -> Any:
    """The user's link rows of one tab: dead links, or outside links to review."""
    return access.scope(user, LinkCheck).filter(**TABS[tab])


@staff_and_leaders
def links(request: HttpRequest) -> HttpResponse:
    """Dead links by article (?show=dead, the default and the to-do's list) or outside links to review
    (?show=outside); keyset pages of link rows, grouped by article within the page."""
    tab = request.GET.get("show") if request.GET.get("show") in TABS else "dead"
    queryset = link_rows(request.user, tab).select_related("article").only(
        "id", "article_id", "url", "place", "text", "kind", "status", "http_status", "reason", "dead_since",
        "checked_at", "article__id", "article__title", "article__state")
    page = page_from_query(queryset, request.GET, size=LINKS_PAGE)
    groups: dict[int, dict[str, Any]] = {}
    editable = edit_url_of(0) is not None if page.items else False
    for row in page.items:
        group = groups.setdefault(row.article_id, {
            "article": row.article, "rows": [],
            "url": EDIT_PATH.format(pk=row.article_id) if editable else row.article.get_absolute_url()})
        group["rows"].append(row)
    url = reverse("publicity_duty:links")
    tabs = [Tab(gettext_lazy("Dead links"), url, tab == "dead", None, "tab-dead"),
            Tab(gettext_lazy("Outside links to review"), f"{url}?show=outside", tab == "outside", None, "tab-outside")]
    return render(request, "publicity/duty/links.html", {
        "tab": tab, "tabs": tabs, "groups": list(groups.values()), "page": page, "editable": editable,
        "next_query": query_with(request.GET, after=page.next_cursor, before=None),
        "previous_query": query_with(request.GET, before=page.previous_cursor, after=None),
    })
