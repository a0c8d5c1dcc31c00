"""Appeals in the platform search: by number (PT-2026-000302, 2026-302, or the last digits people read
out) or words of the title, with the staff list's own matching (selectors.search_condition, through
selectors.matching), newest first like every appeal list, through the access rule (an enterprise its
own appeals, a department those it leads or co-handles, staff and leaders their district's).

Each role's hits open its own page of the appeal, and "more" its own list filtered by the same query:
the staff's list, the department's inbox on its "all" tab, the enterprise's list. A district leader
has no appeal list (the overview shows the newest), so its hits come without a "more" link.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import pgettext_lazy

from kaopu.accounts.roles import Role
from kaopu.appeals import selectors
from kaopu.core.registry import SearchHit, SearchProvider, registry
from kaopu.core.searching import list_url, roles

DETAIL_PAGES = {Role.FIC_STAFF: "appeals:staff_detail", Role.DISTRICT_LEADER: "appeals:staff_detail",
                Role.DEPARTMENT_HANDLER: "appeals:inbox_detail", Role.ENTERPRISE_USER: "appeals:my_detail"}


def appeal_hits(user: Any, query: str, limit: int) -> list[SearchHit]:
    """The first page of the staff list's own read (selectors.appeal_page): for a department, the appeals
    it leads and those it co-handles are read from their own indexes and merged, not as an OR that makes
    the database walk the whole table for a rare title."""
    page = selectors.appeal_page(user, selectors.AppealFilters(q=query), size=limit)
    detail_page = DETAIL_PAGES[user.role]
    return [SearchHit(text=f"{appeal.number} {appeal.title}", url=reverse(detail_page, args=[appeal.pk]),
                      detail=appeal.get_state_display())
            for appeal in page.items]


def appeals_more(user: Any, query: str) -> str:
    if user.role == Role.FIC_STAFF:
        return list_url("appeals:staff_list", query)
    if user.role == Role.DEPARTMENT_HANDLER:
        return list_url("appeals:inbox", query, tab="all")
    if user.role == Role.ENTERPRISE_USER:
        return list_url("appeals:my_list", query)
    return ""


registry.add_search(SearchProvider(
    key="appeals.appeals", label=pgettext_lazy("search kind", "Appeals"), roles=roles(*DETAIL_PAGES),
    search=appeal_hits,
    more_url=appeals_more, order=20))
