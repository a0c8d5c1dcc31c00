"""What the programs pages share: who reaches them, and the pager's links (a refusal reaches its form through
kaopu.core.page_actions.submit)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from kaopu.accounts.roles import Role
from kaopu.core.decorators import for_roles
from kaopu.core.pagination import page_links

# Staff and leaders read every activity of the district; an officer their chamber's (the access rule).
readers = for_roles(Role.FIC_STAFF, Role.DISTRICT_LEADER, Role.CHAMBER_OFFICER)
recorders = for_roles(Role.FIC_STAFF, Role.CHAMBER_OFFICER)
officers = for_roles(Role.CHAMBER_OFFICER)


def tab_of(request: HttpRequest) -> str:
    """The tab bar a page shows: the officer's own (本会活动) or the staff's and leaders' (活动, 统计, 类型)."""
    return "chamber" if request.user.role == Role.CHAMBER_OFFICER else "activities"


def may_record(request: HttpRequest) -> bool:
    return request.user.role in (Role.FIC_STAFF, Role.CHAMBER_OFFICER)


def pager(request: HttpRequest, page: Any) -> dict[str, Any]:
    return page_links(request.GET, page)
