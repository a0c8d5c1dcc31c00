"""What the giving pages share: who reaches them, and the pager's links (a refusal reaches its form through
kaopu.core.page_actions.submit)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from kaopu.accounts.roles import Role
from kaopu.core.decorators import for_roles
from kaopu.core.pagination import page_links

# Staff and leaders read the district's; an enterprise its own; an officer their chamber's (the access rule).
readers = for_roles(Role.FIC_STAFF, Role.DISTRICT_LEADER, Role.ENTERPRISE_USER, Role.CHAMBER_OFFICER)
recorders = for_roles(Role.FIC_STAFF, Role.ENTERPRISE_USER, Role.CHAMBER_OFFICER)
enterprises_only = for_roles(Role.ENTERPRISE_USER)
officers_only = for_roles(Role.CHAMBER_OFFICER)


def tab_of(request: HttpRequest) -> str:
    """The tab bar a page shows: the enterprise's (我的捐赠), the officer's (本会捐赠), or staff's and leaders'."""
    return {Role.ENTERPRISE_USER: "mine", Role.CHAMBER_OFFICER: "chamber"}.get(request.user.role, "donations")


def pager(request: HttpRequest, page: Any) -> dict[str, Any]:
    return page_links(request.GET, page)
