"""Who sees which meeting and registration (the rules of kaopu.core.access for dialogues).

FIC staff and leaders see their district's meetings; an enterprise user sees meetings open for
registration (and those it registered for) and only its own registrations; the public pages show
open, held and closed meetings' public facts only (kaopu.dialogues.views_public).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, Subquery

from kaopu.accounts.roles import Role
from kaopu.core.access import district_filter, grant
from kaopu.dialogues.models import Meeting, RaisedIssue, Registration
from kaopu.directory.models import Enterprise

VISIBLE_TO_ENTERPRISES = (Meeting.State.OPEN, Meeting.State.CLOSED, Meeting.State.HELD, Meeting.State.CANCELLED)


@grant(Meeting, "view")
def staff_and_leaders_see_their_district(user: Any) -> Q | None:
    if user.role not in (Role.FIC_STAFF, Role.DISTRICT_LEADER):
        return None
    return district_filter(user)


@grant(Meeting, "change")
def staff_change_their_districts_meetings(user: Any) -> Q | None:
    return district_filter(user) if user.role == Role.FIC_STAFF else None


@grant(Meeting, "view")
def enterprises_see_published_meetings_of_their_district(user: Any) -> Q | None:
    if user.role != Role.ENTERPRISE_USER or not user.enterprise_id:
        return None
    registered = Registration.objects.filter(meeting=OuterRef("pk"), enterprise_id=user.enterprise_id)
    district = user.district_id or Subquery(Enterprise.objects.filter(pk=user.enterprise_id).values("district_id")[:1])
    return Q(state__in=VISIBLE_TO_ENTERPRISES, district_id=district) | Q(Exists(registered))


@grant(Registration, "view")
def staff_and_leaders_see_registrations_of_their_district(user: Any) -> Q | None:
    if user.role not in (Role.FIC_STAFF, Role.DISTRICT_LEADER):
        return None
    return district_filter(user, "meeting__district_id")


@grant(Registration, "change")
def staff_change_registrations_of_their_district(user: Any) -> Q | None:
    return district_filter(user, "meeting__district_id") if user.role == Role.FIC_STAFF else None


@grant(Registration, "view")
def enterprise_sees_its_own_registrations(user: Any) -> Q | None:
    if user.role == Role.ENTERPRISE_USER and user.enterprise_id:
        return Q(enterprise_id=user.enterprise_id)
    return None


@grant(RaisedIssue, "view")
def staff_and_leaders_see_issues_of_their_district(user: Any) -> Q | None:
    if user.role not in (Role.FIC_STAFF, Role.DISTRICT_LEADER):
        return None
    return district_filter(user, "meeting__district_id")
