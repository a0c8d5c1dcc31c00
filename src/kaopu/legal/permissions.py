"""Who sees which law firm, lawyer and request (the rules of kaopu.core.access for legal).

- FIC staff see and change their district's service team and requests; district leaders read them.
- An enterprise user sees its own enterprise's requests only.
- A lawyer sees only the requests assigned to them (not their firm's colleagues').
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from kaopu.accounts.roles import Role
from kaopu.core.access import district_filter, grant
from kaopu.legal.models import LawFirm, Lawyer, LegalRequest, RequestEvent

STAFF_AND_LEADERS = (Role.FIC_STAFF, Role.DISTRICT_LEADER)


@grant(LawFirm, "view")
def staff_and_leaders_see_their_team(user: Any) -> Q | None:
    return district_filter(user) if user.role in STAFF_AND_LEADERS else None


@grant(LawFirm, "change")
def staff_manage_their_team(user: Any) -> Q | None:
    return district_filter(user) if user.role == Role.FIC_STAFF else None


@grant(Lawyer, "view")
def staff_and_leaders_see_their_lawyers(user: Any) -> Q | None:
    return district_filter(user, "firm__district_id") if user.role in STAFF_AND_LEADERS else None


@grant(Lawyer, "change")
def staff_manage_their_lawyers(user: Any) -> Q | None:
    return district_filter(user, "firm__district_id") if user.role == Role.FIC_STAFF else None


@grant(Lawyer, "view")
def lawyer_sees_own_profile(user: Any) -> Q | None:
    return Q(user_id=user.pk) if user.role == Role.LAWYER else None


@grant(LegalRequest, "view")
def staff_and_leaders_see_their_districts_requests(user: Any) -> Q | None:
    return district_filter(user) if user.role in STAFF_AND_LEADERS else None


@grant(LegalRequest, "change")
def staff_change_their_districts_requests(user: Any) -> Q | None:
    return district_filter(user) if user.role == Role.FIC_STAFF else None


@grant(LegalRequest, "view")
def enterprise_sees_its_own_requests(user: Any) -> Q | None:
    if user.role == Role.ENTERPRISE_USER and user.enterprise_id:
        return Q(enterprise_id=user.enterprise_id)
    return None


@grant(LegalRequest, "change")
def enterprise_changes_its_own_requests(user: Any) -> Q | None:
    if user.role == Role.ENTERPRISE_USER and user.enterprise_id:
        return Q(enterprise_id=user.enterprise_id)
    return None


@grant(LegalRequest, "view")
def lawyer_sees_assigned_requests(user: Any) -> Q | None:
    return Q(lawyer__user_id=user.pk) if user.role == Role.LAWYER else None


@grant(LegalRequest, "change")
def lawyer_changes_assigned_requests(user: Any) -> Q | None:
    return Q(lawyer__user_id=user.pk) if user.role == Role.LAWYER else None


@grant(RequestEvent, "view")
def staff_and_leaders_see_events(user: Any) -> Q | None:
    return district_filter(user, "request__district_id") if user.role in STAFF_AND_LEADERS else None


@grant(RequestEvent, "view")
def enterprise_sees_public_events(user: Any) -> Q | None:
    if user.role == Role.ENTERPRISE_USER and user.enterprise_id:
        return Q(request__enterprise_id=user.enterprise_id, internal=False)
    return None


@grant(RequestEvent, "view")
def lawyer_sees_events_of_assigned_requests(user: Any) -> Q | None:
    return Q(request__lawyer__user_id=user.pk) if user.role == Role.LAWYER else None
