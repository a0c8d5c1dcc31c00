"""Legal service requests in the platform search: by topic or enterprise name, with the request lists' own
matching (selectors.matching), newest first, through the access rule: staff and leaders their district's
requests, an enterprise its own, a lawyer those assigned to them.

"More" opens the staff's list or the enterprise's list filtered by the same text; a lawyer's page splits
open and finished requests and has no search of its own, so a lawyer's hits come without a "more" link.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import pgettext_lazy

from kaopu.accounts.roles import Role
from kaopu.core import access
from kaopu.core.registry import SearchHit, SearchProvider, registry
from kaopu.core.searching import list_url, roles
from kaopu.legal import selectors
from kaopu.legal.models import LegalRequest

DETAIL_PAGES = {Role.FIC_STAFF: "legal:request_detail", Role.DISTRICT_LEADER: "legal:request_detail",
                Role.ENTERPRISE_USER: "legal:my_detail", Role.LAWYER: "legal:lawyer_detail"}


def request_hits(user: Any, query: str, limit: int) -> list[SearchHit]:
    rows = selectors.matching(access.scope(user, LegalRequest.objects.select_related("enterprise", "service").only(
        "id", "topic", "state", "created_at", "enterprise__name", "service__name")), query)
    page = DETAIL_PAGES[user.role]
    return [SearchHit(text=row.topic, url=reverse(page, args=[row.pk]),
                      detail=" · ".join([row.enterprise.name, row.service.name, row.get_state_display()]))
            for row in rows.order_by("-id")[:limit]]


def requests_more(user: Any, query: str) -> str:
    if user.role in (Role.FIC_STAFF, Role.DISTRICT_LEADER):
        return list_url("legal:request_list", query)
    if user.role == Role.ENTERPRISE_USER:
        return list_url("legal:my_list", query)
    return ""


registry.add_search(SearchProvider(
    key="legal.requests", label=pgettext_lazy("search kind", "Legal service requests"), roles=roles(*DETAIL_PAGES),
    search=request_hits,
    more_url=requests_more, order=40))
