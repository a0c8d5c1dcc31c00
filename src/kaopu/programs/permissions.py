"""Who sees and changes which activity (the rules of kaopu.core.access for programs).

FIC staff see and change every activity of their district, the FIC's and the chambers' (a city-level
FIC: every district's); district leaders read them. A chamber officer sees and changes their own
chamber's activities only (kaopu.chambers.permissions.chamber_rows), never the FIC's nor another
chamber's, even by guessing ids. A photo follows its activity. Activity types are read by everyone
who records activities and changed by staff.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from kaopu.accounts.roles import Role
from kaopu.chambers.permissions import chamber_rows
from kaopu.core.access import EVERYTHING, district_filter, grant
from kaopu.programs.models import Activity, ActivityPhoto, ActivityType, Booking, EducationSite, Lecturer

STAFF_AND_LEADERS = frozenset({Role.FIC_STAFF, Role.DISTRICT_LEADER})
RECORDERS = frozenset({Role.FIC_STAFF, Role.CHAMBER_OFFICER})


def activity_rows(user: Any, path: str, *, change: bool) -> Q | None:
    """The activities ``user`` may see (or change), for a model whose activity is at ``path``."""
    prefix = f"{path}__" if path else ""
    if user.role == Role.FIC_STAFF or (user.role == Role.DISTRICT_LEADER and not change):
        return district_filter(user, f"{prefix}district_id")
    if user.role == Role.CHAMBER_OFFICER:
        return chamber_rows(user, f"{prefix}chamber", change=change)
    return None


for _model, _path in ((Activity, ""), (ActivityPhoto, "activity")):

    def _view(user: Any, path: str = _path) -> Q | None:
        return activity_rows(user, path, change=False)

    def _change(user: Any, path: str = _path) -> Q | None:
        return activity_rows(user, path, change=True)

    grant(_model, "view")(_view)
    grant(_model, "change")(_change)


@grant(ActivityType, "view")
def recorders_and_leaders_read_the_types(user: Any) -> Q | None:
    return EVERYTHING if user.role in STAFF_AND_LEADERS | RECORDERS else None


@grant(ActivityType, "change")
def staff_edit_the_types(user: Any) -> Q | None:
    return EVERYTHING if user.role == Role.FIC_STAFF else None


# --- Education sites and lecturers (讲师团, 教育基地) ---------------------------------------------------
# Staff change their district's sites and lecturers, leaders read them. A chamber officer reads the
# district's sites (to pick one for an activity) and the active lecturers (to book one). A lecturer's
# own account reads their own row. Bookings: staff and leaders of the district; the officer of the chamber
# whose activity it is; the lecturer whose account it is (kaopu.programs.actions_lecturers checks who may
# do which step).

@grant(EducationSite, "view")
def sites_are_read_by_the_district(user: Any) -> Q | None:
    if user.role in STAFF_AND_LEADERS or user.role == Role.CHAMBER_OFFICER:
        return district_filter(user)
    return None


@grant(EducationSite, "change")
def staff_change_the_sites(user: Any) -> Q | None:
    return district_filter(user) if user.role == Role.FIC_STAFF else None


@grant(Lecturer, "view")
def the_group_is_read_by_the_district(user: Any) -> Q | None:
    if user.role in STAFF_AND_LEADERS:
        return district_filter(user)
    if user.role == Role.CHAMBER_OFFICER:
        return district_filter(user) & Q(is_active=True)
    return None


@grant(Lecturer, "view")
def a_lecturer_reads_their_own_row(user: Any) -> Q | None:
    return Q(user_id=user.pk)


@grant(Lecturer, "change")
def staff_change_the_group(user: Any) -> Q | None:
    return district_filter(user) if user.role == Role.FIC_STAFF else None


def _booking_rows(user: Any, change: bool) -> Q | None:
    rule = Q(lecturer__user_id=user.pk)
    if user.role == Role.FIC_STAFF or (user.role == Role.DISTRICT_LEADER and not change):
        district = district_filter(user)
        # (An empty Q OR-ed with a rule would vanish: a city-level user simply sees every booking.)
        return EVERYTHING if district == EVERYTHING else rule | district
    if user.role == Role.CHAMBER_OFFICER:
        return rule | Q(activity__chamber__organisation_id=user.organisation_id)
    return rule


@grant(Booking, "view")
def bookings_are_read_by_those_involved(user: Any) -> Q | None:
    return _booking_rows(user, change=False)


@grant(Booking, "change")
def bookings_are_changed_by_those_involved(user: Any) -> Q | None:
    return _booking_rows(user, change=True)


import kaopu.programs.permissions_training  # noqa: E402,F401  (the training's rules register themselves)
