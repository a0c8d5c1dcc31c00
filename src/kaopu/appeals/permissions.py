"""Who sees which appeal (the rules of kaopu.core.access for appeals).

A confidential appeal is shown only to those assigned to it: its enterprise, its departments and the
FIC staff member who follows it (before anyone accepts it, to the district's staff, who must triage).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q

from kaopu.accounts.roles import Role
from kaopu.appeals.models import Appeal, CoHandler, RoutingRule
from kaopu.core.access import district_filter, grant


@grant(Appeal, "view")
def staff_see_their_district(user: Any) -> Q | None:
    if user.role != Role.FIC_STAFF:
        return None
    return district_filter(user) & (Q(is_confidential=False) | Q(assigned_staff_id=user.pk)
                              | Q(assigned_staff__isnull=True))


@grant(Appeal, "view")
def leaders_see_their_district_except_confidential(user: Any) -> Q | None:
    if user.role != Role.DISTRICT_LEADER:
        return None
    return district_filter(user) & Q(is_confidential=False)


@grant(Appeal, "view")
def enterprise_sees_its_own(user: Any) -> Q | None:
    if user.role == Role.ENTERPRISE_USER and user.enterprise_id:
        return Q(enterprise_id=user.enterprise_id)
    return None


@grant(Appeal, "view")
def department_sees_what_it_handles(user: Any) -> Q | None:
    if user.role != Role.DEPARTMENT_HANDLER or not user.department_id:
        return None
    co_handles = CoHandler.objects.filter(appeal=OuterRef("pk"), department_id=user.department_id)
    return Q(lead_department_id=user.department_id) | Q(Exists(co_handles))


@grant(RoutingRule, "view")
def staff_keep_their_districts_routing_rules(user: Any) -> Q | None:
    """A district's routing rules are its FIC staff's (a city-level organisation has no district, and
    no rules of its own to keep)."""
    if user.role != Role.FIC_STAFF or user.district_id is None:
        return None
    return Q(district_id=user.district_id)


def is_lead_handler(user: Any, appeal: Appeal) -> bool:
    return user.role == Role.DEPARTMENT_HANDLER and appeal.lead_department_id == user.department_id


def is_co_handler(user: Any, appeal: Appeal) -> bool:
    return (user.role == Role.DEPARTMENT_HANDLER and user.department_id is not None
            and appeal.co_handlers.filter(department_id=user.department_id).exists())
