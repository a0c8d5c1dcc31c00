"""What the dialogue pages, exports and the API read: meeting lists through the access rules, and
the follow-up reports (参会、问题、诉求办理) of a meeting, a series and a year.

A report counts the appeals whose ``source_meeting`` is the meeting, from the appeal's own facts
(state, replied_late, rating: the same definitions as kaopu.appeals.kpi), in a fixed number of
queries whatever the number of meetings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, NamedTuple

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from kaopu.appeals.kpi import SATISFIED_RATINGS, OutcomeRates
from kaopu.appeals.lookups import meeting_search_filter
from kaopu.appeals.models import Appeal
from kaopu.core import access
from kaopu.core.searching import clean_query
from kaopu.dialogues.models import Meeting, RaisedIssue, Registration

R = Registration.State
# Meetings that count in a series or a year: announced and not cancelled.
REPORTED_STATES = (Meeting.State.OPEN, Meeting.State.CLOSED, Meeting.State.HELD)
# Meetings whose registrations staff still decide on: announced, not held yet (the (district, state,
# starts_at) index finds them; each one's pending registrations, the (meeting, state, id) index).
DECIDING_STATES = (Meeting.State.OPEN, Meeting.State.CLOSED)


def issue_numbers(meeting: Meeting) -> dict[int, int]:
    """Issue id → its number in the meeting (1 = the first recorded), as the minutes page lists them;
    refusals name an issue by it (RaisedIssue.named), never by its id."""
    ids = meeting.issues.order_by("id").values_list("pk", flat=True)
    return {pk: number for number, pk in enumerate(ids, start=1)}


def year_range(year: int) -> tuple[datetime, datetime]:
    """[1 January, next 1 January) of ``year`` in the site's time zone."""
    zone = timezone.get_current_timezone()
    return datetime(year, 1, 1, tzinfo=zone), datetime(year + 1, 1, 1, tzinfo=zone)


def matching(meetings: QuerySet[Meeting], raw_query: str | None) -> QuerySet[Meeting]:
    """The meetings a search box's text finds (a day, a month, a number in the series, words of the theme
    or the kind: the appeal form's meeting picker's rule), or all of them for an empty text."""
    query = clean_query(raw_query)
    return meetings.filter(meeting_search_filter(query)) if query else meetings


def meeting_list(user: Any, *, kind: Any = None, state: str | None = None,
                 year: int | None = None, q: str | None = None, pending: bool = False) -> QuerySet[Meeting]:
    """The meetings ``user`` may see, newest first (by id, for keyset pages), optionally of one kind,
    state and year (of the start, local time), matching a search text, or only those with registrations
    to approve (``pending``)."""
    meetings = matching(access.scope(user, Meeting.objects.select_related("kind")).order_by("-id"), q)
    if pending:
        waiting = Registration.objects.filter(meeting=OuterRef("pk"), state=R.PENDING)
        meetings = meetings.filter(Exists(waiting), state__in=DECIDING_STATES)
    if kind:
        meetings = meetings.filter(kind_id=getattr(kind, "pk", kind))
    if state:
        meetings = meetings.filter(state=state)
    if year:
        first, after = year_range(int(year))
        meetings = meetings.filter(starts_at__gte=first, starts_at__lt=after)
    return meetings


def with_waitlist_place(queryset: QuerySet[Registration]) -> QuerySet[Registration]:
    """Each registration with its place on its meeting's waitlist (1 = next to move up), in the same query."""
    ahead = (Registration.objects.filter(meeting=OuterRef("meeting_id"), state=Registration.State.WAITLISTED,
                                         pk__lte=OuterRef("pk"))
             .order_by().values("meeting").annotate(n=Count("id")).values("n"))
    return queryset.annotate(waitlist_place=Subquery(ahead, output_field=IntegerField()))


def my_registrations(user: Any, when: str, state: str | None) -> QuerySet[Registration]:
    """The enterprise's registrations (我的报名) for meetings not over yet (``when`` "upcoming") or over
    ("past"), optionally of one state, with their meetings and their places on the waitlists."""
    queryset = access.scope(user, Registration).filter(enterprise_id=user.enterprise_id)
    now = timezone.now()
    queryset = queryset.filter(meeting__ends_at__gte=now) if when == "upcoming" else queryset.filter(
        meeting__ends_at__lt=now)
    if state:
        queryset = queryset.filter(state=state)
    return with_waitlist_place(queryset.select_related("meeting__kind"))


@dataclass
class MeetingReport(OutcomeRates):
    """The follow-up figures of one meeting (or of a sum of meetings, ``meeting`` None).

    registered: registrations not withdrawn (cancelled ones are left out); approved: seats given
    (registrations approved); attended: approved and checked in; issues: issues raised; appeals:
    appeals raised at the meeting; closed / closed_on_time / rated / satisfied as in kaopu.appeals.kpi.
    """

    meeting: Meeting | None = None
    registered: int = 0
    approved: int = 0
    attended: int = 0
    issues: int = 0
    appeals: int = 0
    by_state: dict[str, int] = field(default_factory=dict)
    closed: int = 0
    closed_on_time: int = 0
    rated: int = 0
    satisfied: int = 0

    @property
    def attendance_rate(self) -> float | None:
        return self._ratio(self.attended, self.approved)

    @property
    def completion_rate(self) -> float | None:
        return self._ratio(self.closed, self.appeals)

    @property
    def by_state_labelled(self) -> list[tuple[str, str, int]]:
        """(state, its label, count) in the workflow's order, states with appeals only."""
        return [(state, str(label), self.by_state[state]) for state, label in Appeal.State.choices
                if self.by_state.get(state)]

    def add(self, other: MeetingReport) -> None:
        for name in ("registered", "approved", "attended", "issues", "appeals", "closed", "closed_on_time",
                     "rated", "satisfied"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for state, n in other.by_state.items():
            self.by_state[state] = self.by_state.get(state, 0) + n


class Series(NamedTuple):
    rows: list[MeetingReport]
    total: MeetingReport


def appeal_sums(closed_before: datetime | None = None) -> dict[str, Any]:
    """What a report counts of the appeals raised at meetings, from the appeals' own facts (the
    definitions of kaopu.appeals.kpi): the meeting reports group it by meeting, the cockpit
    (kaopu.dialogues.metrics) by district. ``closed_before`` (a figure read as of a past day) counts as
    closed only the appeals closed before that moment: closing is final and its moment kept
    (Appeal.closed_at), and the rating is given at the close, so the count is what it was then."""
    closed = Q(state=Appeal.State.CLOSED)
    if closed_before is not None:
        closed &= Q(closed_at__lt=closed_before)
    rated = closed & ~Q(rating="")
    return {"appeals": Count("id"), "closed": Count("id", filter=closed),
            "closed_on_time": Count("id", filter=closed & Q(replied_late=False)), "rated": Count("id", filter=rated),
            "satisfied": Count("id", filter=rated & Q(rating__in=SATISFIED_RATINGS))}


def add_appeal_sums(report: MeetingReport, row: dict[str, Any]) -> None:
    for name in appeal_sums():
        setattr(report, name, getattr(report, name) + (row.get(name) or 0))


def held_in(meetings: QuerySet[Meeting], first: date, last: date) -> QuerySet[Meeting]:
    """The meetings marked as held whose start falls from ``first`` to ``last`` (days, both included,
    Asia/Shanghai); the index (district, state, starts_at) serves it."""
    zone = timezone.get_current_timezone()
    return meetings.filter(state=Meeting.State.HELD, starts_at__gte=datetime.combine(first, time.min, zone),
                           starts_at__lt=datetime.combine(last + timedelta(days=1), time.min, zone))


def _reports(meetings: list[Meeting]) -> list[MeetingReport]:
    """One report per meeting, in three queries whatever their number."""
    reports = {m.pk: MeetingReport(meeting=m) for m in meetings}
    if not reports:
        return []
    ids = list(reports)
    registrations = (Registration.objects.filter(meeting_id__in=ids).order_by().values("meeting_id").annotate(
        registered=Count("id", filter=~Q(state=R.CANCELLED)),
        approved=Count("id", filter=Q(state=R.APPROVED)),
        attended=Count("id", filter=Q(state=R.APPROVED, checked_in_at__isnull=False))))
    for row in registrations:
        report = reports[row["meeting_id"]]
        report.registered, report.approved, report.attended = row["registered"], row["approved"], row["attended"]
    issues = RaisedIssue.objects.filter(meeting_id__in=ids).order_by().values("meeting_id").annotate(n=Count("id"))
    for row in issues:
        reports[row["meeting_id"]].issues = row["n"]
    appeals = (Appeal.objects.filter(source_meeting_id__in=ids).order_by().values("source_meeting_id", "state")
               .annotate(**appeal_sums()))
    for row in appeals:
        report = reports[row["source_meeting_id"]]
        report.by_state[row["state"]] = row["appeals"]
        add_appeal_sums(report, row)
    return [reports[m.pk] for m in meetings]


def followup_report(meeting: Meeting) -> MeetingReport:
    """The follow-up report of one meeting (three queries)."""
    return _reports([meeting])[0]


def _total(rows: list[MeetingReport]) -> MeetingReport:
    total = MeetingReport()
    for row in rows:
        total.add(row)
    return total


def series_report(user: Any, *, kind: Any, year: int | None = None) -> Series:
    """Every meeting of one kind (series) the user may see, in order of their number, and the total."""
    meetings = list(meeting_list(user, kind=kind, year=year).filter(state__in=REPORTED_STATES)
                    .order_by("district_id", "number"))
    rows = _reports(meetings)
    return Series(rows, _total(rows))


def year_report(user: Any, *, year: int) -> Series:
    """Every meeting of a year the user may see, by start time, and the total."""
    meetings = list(meeting_list(user, year=year).filter(state__in=REPORTED_STATES).order_by("starts_at", "id"))
    rows = _reports(meetings)
    return Series(rows, _total(rows))


# --- Public meeting pages (kaopu.dialogues.views_public) and the public site's home -------------

def with_seats_taken(queryset: QuerySet[Meeting]) -> QuerySet[Meeting]:
    """Each meeting with ``seats_taken`` (the seats of its approved registrations), in the same query."""
    taken = (Registration.objects.filter(meeting=OuterRef("pk"), state=Registration.State.APPROVED)
             .order_by().values("meeting").annotate(total=Sum("seats")).values("total"))
    return queryset.annotate(seats_taken=Coalesce(Subquery(taken, output_field=IntegerField()), Value(0)))


def published(queryset: QuerySet[Meeting] | None = None) -> QuerySet[Meeting]:
    """Meetings the public may see: every state but draft."""
    queryset = Meeting.objects.all() if queryset is None else queryset
    return queryset.exclude(state=Meeting.State.DRAFT).select_related("kind")


def seats_left(meeting: Meeting) -> int:
    return max(meeting.capacity - getattr(meeting, "seats_taken", 0), 0)


def registration_is_open(meeting: Meeting) -> bool:
    """Open, and before registration closes (at the start without a closing time): as actions.register checks."""
    closes = meeting.registration_closes_at or meeting.starts_at
    return meeting.state == Meeting.State.OPEN and timezone.now() < closes


def upcoming_public(district: Any, limit: int, *, industries: bool = True) -> list[Meeting]:
    """The district's published meetings that have not ended, soonest first (not cancelled, never drafts),
    each with ``left`` (seats) and ``registering`` (registration open): one query, and one more for their
    industries when asked."""
    queryset = (published().filter(district=district, ends_at__gte=timezone.now())
                .exclude(state=Meeting.State.CANCELLED))
    if industries:
        queryset = queryset.prefetch_related("industries")
    meetings = list(with_seats_taken(queryset).order_by("starts_at", "id")[:limit])
    for meeting in meetings:
        meeting.left = seats_left(meeting)
        meeting.registering = registration_is_open(meeting)
    return meetings
