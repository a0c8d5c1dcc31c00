"""Reads of the lecturers' group (讲师团) and their bookings, through the access rule
(kaopu.programs.permissions): the group's list with its search, a lecturer's history, a lecturer's own
invitations, the events a user may book a lecturer for.

The group of a district counts tens of lecturers: the list shows at most ``LIST_LIMIT`` matching the
search, in one query. Histories and invitations are keyset pages on the booking's id (index
booking_lecturer_state), one query each whatever the number of bookings.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from kaopu.accounts.roles import Role
from kaopu.core import access
from kaopu.core.pagination import KeysetPage, page_from_query
from kaopu.programs.models import Activity, Booking, Lecturer, TrainingSession

LIST_LIMIT = 200
HISTORY_PAGE = 30
EVENTS_OFFERED = 200

BOOKING_ROW = ("lecturer", "activity__chamber", "activity__type", "training_session__cohort", "requested_by",
               "answered_by", "cancelled_by")


def lecturers(user: Any) -> QuerySet[Lecturer]:
    """The lecturers ``user`` may see (an officer: the active group)."""
    return access.scope(user, Lecturer).select_related("enterprise", "user")


def search(queryset: QuerySet[Lecturer], *, text: str = "", kind: str = "", active: str = "") -> QuerySet[Lecturer]:
    """By name or topic (a part of either), kind, and in the group or retired."""
    text = text.strip()
    if text:
        queryset = queryset.filter(Q(name__icontains=text) | Q(topics__icontains=text))
    if kind:
        queryset = queryset.filter(kind=kind)
    if active == "yes":
        queryset = queryset.filter(is_active=True)
    elif active == "no":
        queryset = queryset.filter(is_active=False)
    return queryset


def group_list(user: Any, **filters: Any) -> list[Lecturer]:
    """At most LIST_LIMIT + 1 lecturers by name, each with their accepted bookings counted (one query)."""
    rows = search(lecturers(user), **filters).annotate(
        talks=Count("bookings", filter=Q(bookings__state=Booking.State.ACCEPTED)))
    return list(rows.order_by("name", "id")[:LIST_LIMIT + 1])


def bookings(user: Any) -> QuerySet[Booking]:
    return access.scope(user, Booking).select_related(*BOOKING_ROW)


def history(user: Any, lecturer: Lecturer, query: Any) -> KeysetPage[Booking]:
    """The lecturer's bookings that ``user`` may see, newest first (an officer: their chamber's)."""
    return page_from_query(bookings(user).filter(lecturer=lecturer), query, size=HISTORY_PAGE)


def of_activity(user: Any, activity: Activity, limit: int = 50) -> list[Booking]:
    """The bookings of an activity (its page's lecturers), bounded."""
    return list(bookings(user).filter(activity=activity).order_by("-id")[:limit])


def own_lecturer(user: Any) -> Lecturer | None:
    """The lecturer whose account ``user`` is, or None (one query)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Lecturer.objects.filter(user_id=user.pk).first()


def invitations(user: Any, *, waiting: bool) -> QuerySet[Booking]:
    """The bookings of the lecturer whose account ``user`` is: those waiting for an answer, or the rest."""
    rows = Booking.objects.filter(lecturer__user_id=user.pk).select_related(*BOOKING_ROW)
    state = Q(state=Booking.State.REQUESTED)
    return rows.filter(state) if waiting else rows.exclude(state)


def bookable_activities(user: Any) -> list[Activity]:
    """The activities to come that ``user`` may book a lecturer for (staff: the district's; an officer:
    their chamber's), soonest first, bounded."""
    rows = access.scope(user, Activity, "change").filter(starts_at__gt=timezone.now()).select_related("chamber")
    return list(rows.order_by("starts_at", "id")[:EVENTS_OFFERED])


def bookable_sessions(user: Any) -> list[TrainingSession]:
    """The training sessions to come of the staff member's district (staff only), soonest first, bounded."""
    if user.role != Role.FIC_STAFF:
        return []
    rows = TrainingSession.objects.filter(starts_at__gt=timezone.now()).select_related("cohort")
    if user.district_id:
        rows = rows.filter(cohort__district_id=user.district_id)
    return list(rows.order_by("starts_at", "id")[:EVENTS_OFFERED])


def waiting_count(user: Any) -> int:
    """Invitations of ``user``'s own lecturer profile waiting for their answer (one query)."""
    return Booking.objects.filter(lecturer__user_id=user.pk, state=Booking.State.REQUESTED).count()
