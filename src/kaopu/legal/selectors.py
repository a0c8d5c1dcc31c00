"""Reads the legal pages, the API and the figures share, always narrowed to what the user may see
(kaopu.core.access). Lists are keyset-paginated by the caller (kaopu.core.pagination) on indexes of
LegalRequest; the figures read one year of a district's requests in a fixed number of queries.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from kaopu.accounts.roles import Role
from kaopu.core import access
from kaopu.core.searching import clean_query
from kaopu.core.workdays import UnknownCalendarYear, working_days_between
from kaopu.legal.models import (
    CheckResult,
    HealthCheckItem,
    LawFirm,
    Lawyer,
    LegalRequest,
    LegalSession,
    RequestAttachment,
    RequestEvent,
)

S = LegalRequest.State
OPEN_STATES = (S.ASSIGNED, S.IN_PROGRESS)
BADGES = {S.SUBMITTED: "warn", S.ASSIGNED: "info", S.IN_PROGRESS: "info", S.COMPLETED: "ok", S.RATED: "ok",
          S.CANCELLED: "", S.DECLINED: "danger"}
LIST_RELATED = ("enterprise", "service", "practice_area", "lawyer__user")


def search_condition(query: str) -> Q:
    """What a search box finds: a request by its topic or by its enterprise's name."""
    return Q(topic__contains=query) | Q(enterprise__name__contains=query)


def matching(queryset: QuerySet[LegalRequest], raw_query: str | None) -> QuerySet[LegalRequest]:
    """The requests matching a search box's text, or all of them for an empty one: the staff's and the
    enterprise's lists and the platform search (search.py) share it."""
    query = clean_query(raw_query)
    return queryset.filter(search_condition(query)) if query else queryset


def request_list(user: Any, *, state: str | None = None, service: int | None = None, area: int | None = None,
                 lawyer: int | None = None, q: str | None = None) -> QuerySet[LegalRequest]:
    """The requests ``user`` may see, filtered; each filter has an index with the district (models); the
    search text is a recheck on the rows the district index narrowed."""
    queryset = matching(access.scope(user, LegalRequest).select_related(*LIST_RELATED), q)
    if state:
        queryset = queryset.filter(state=state)
    if service:
        queryset = queryset.filter(service_id=service)
    if area:
        queryset = queryset.filter(practice_area_id=area)
    if lawyer:
        queryset = queryset.filter(lawyer_id=lawyer)
    return queryset


def badge(request: LegalRequest) -> LegalRequest:
    request.badge = BADGES.get(request.state, "")
    return request


def district_lawyers(user: Any) -> list[Lawyer]:
    """The lawyers of the service team the user may see (for the list's filter), one query."""
    return list(access.scope(user, Lawyer).select_related("user", "firm").order_by("firm__name", "id"))


def detail_queryset(*, public_only: bool) -> QuerySet[LegalRequest]:
    """A request with everything its detail page shows, in a fixed number of queries; the
    enterprise's version leaves out internal events."""
    events = RequestEvent.objects.select_related("actor__organisation").order_by("id")
    if public_only:
        events = events.filter(internal=False)
    return LegalRequest.objects.select_related(
        "enterprise", "service", "practice_area", "lawyer__user", "lawyer__firm", "submitted_by", "appeal",
    ).prefetch_related(
        Prefetch("events", queryset=events, to_attr="timeline"),
        Prefetch("attachments", queryset=RequestAttachment.objects.select_related("uploaded_by").order_by("id"),
                 to_attr="files"),
        Prefetch("sessions", queryset=LegalSession.objects.select_related("lawyer__user").order_by("held_at", "id"),
                 to_attr="session_list"),
        Prefetch("check_results", queryset=CheckResult.objects.order_by("id"), to_attr="result_list"),
    )


def shown_phone(user: Any, request: LegalRequest) -> str:
    """The contact phone whole for staff, the enterprise itself and the assigned lawyer (who must
    call); masked for district leaders, who only read."""
    from kaopu.directory.permissions import mask_phone

    return mask_phone(request.contact_phone) if user.role == Role.DISTRICT_LEADER else request.contact_phone


def record_phone_viewing(http_request: Any, user: Any, request: LegalRequest) -> None:
    """Staff and the assigned lawyer read the contact's phone whole (``shown_phone``): one VIEW_PERSONAL
    audit entry per page or API response (the enterprise reading its own request needs none, and a
    district leader sees the phone masked)."""
    from kaopu.directory.personal_data import record_viewing

    if request.contact_phone and user.role in (Role.FIC_STAFF, Role.LAWYER):
        record_viewing(http_request, user, what=f"法律服务申请「{request.topic}」联系人 {request.contact_name} 的电话",
                       enterprises=[request.enterprise], object_type="legal.legalrequest", object_id=request.pk)


def checklist(request: LegalRequest) -> list[tuple[HealthCheckItem, CheckResult | None]]:
    """The active checklist items with the request's finding on each (or None), one query."""
    results = {row.item_id: row for row in getattr(request, "result_list", [])}
    items = HealthCheckItem.objects.filter(Q(is_active=True) | Q(pk__in=list(results)))
    return [(item, results.get(item.pk)) for item in items]


def lawyer_requests(user: Any, state: str | None = None) -> QuerySet[LegalRequest]:
    """The lawyer's own open requests, or those of one open ``state`` (an unknown state: all open ones).
    The lawyer's page and start page (legal.workbench) read this one definition; served by the index
    legalreq_lawyer_state_id."""
    states = (state,) if state in OPEN_STATES else OPEN_STATES
    return access.scope(user, LegalRequest).filter(lawyer__user_id=user.pk, state__in=states)


def lawyer_open(user: Any, limit: int = 100, state: str | None = None) -> list[LegalRequest]:
    """The lawyer's open requests (assigned first, oldest first: what to do next)."""
    queryset = lawyer_requests(user, state)
    return [badge(r) for r in queryset.select_related(*LIST_RELATED).order_by("state", "id")[:limit]]


def team(user: Any) -> list[LawFirm]:
    """The district's firms with their lawyers, each lawyer with ``load`` and ``area_names``: 3 queries."""
    lawyers = (Lawyer.objects.select_related("user")
               .annotate(load=Count("requests", filter=Q(requests__state__in=OPEN_STATES)))
               .prefetch_related("practice_areas").order_by("id"))
    firms = access.scope(user, LawFirm).prefetch_related(Prefetch("lawyers", queryset=lawyers, to_attr="members"))
    return list(firms.order_by("-is_active", "name", "id"))


# --- figures --------------------------------------------------------------------------------------


def _mean(values: list[int | float]) -> Decimal | None:
    if not values:
        return None
    return (Decimal(sum(values)) / Decimal(len(values))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class LawyerFigure:
    name: str
    firm: str
    open_now: int
    handled: int = 0
    completed: int = 0
    ratings: list[int] = field(default_factory=list)

    @property
    def mean_rating(self) -> Decimal | None:
        return _mean(self.ratings)


# The ratings (1–5 stars, forms_enterprise.RATINGS) that count as a good rating: 4 good, 5 excellent.
GOOD_RATINGS = (4, 5)


@dataclass
class Totals:
    """The requests submitted in a period and what became of them up to now (the figures page's tiles
    and the cockpit, kaopu.legal.metrics): requests (every state), completed (the lawyer completed the
    service: completed or rated now), rated, the sum of the ratings and how many were 4 or 5 stars."""

    requests: int = 0
    completed: int = 0
    rated: int = 0
    rating_sum: int = 0
    rated_good: int = 0

    @property
    def mean_rating(self) -> Decimal | None:
        """The mean rating in stars, to one place."""
        if not self.rated:
            return None
        return (Decimal(self.rating_sum) / Decimal(self.rated)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def good_rate(self) -> Decimal | None:
        """Rated 4 or 5 stars, of the rated, as a fraction to four places."""
        if not self.rated:
            return None
        return (Decimal(self.rated_good) / Decimal(self.rated)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def submitted_in(requests: QuerySet[LegalRequest], first: date, last: date) -> QuerySet[LegalRequest]:
    """The requests submitted from ``first`` to ``last`` (days, both included, Asia/Shanghai)."""
    zone = timezone.get_current_timezone()
    return requests.filter(created_at__gte=datetime.combine(first, time.min, zone),
                           created_at__lt=datetime.combine(last + timedelta(days=1), time.min, zone))


def _totals_sums(by: datetime | None = None) -> dict[str, Any]:
    """With ``by`` (a figure as of a past day's end), only what was completed and rated before then: the
    completion and the rating are final and their moments kept (completed_at, rated_at)."""
    completed, rated = Q(completed_at__isnull=False), Q(rating__isnull=False)
    if by is not None:
        completed, rated = Q(completed_at__lt=by), rated & Q(rated_at__lt=by)
    return {"requests": Count("id"), "completed": Count("id", filter=completed),
            "rated": Count("id", filter=rated), "rating_sum": Sum("rating", filter=rated),
            "rated_good": Count("id", filter=rated & Q(rating__in=GOOD_RATINGS))}


def _totals(row: dict[str, Any]) -> Totals:
    return Totals(row.get("requests", 0), row.get("completed", 0), row.get("rated", 0), row.get("rating_sum") or 0,
                  row.get("rated_good", 0))


def totals(requests: QuerySet[LegalRequest], by: datetime | None = None) -> Totals:
    """:class:`Totals` of ``requests`` (already scoped and dated), in one query; ``by``: what had been
    completed and rated before that moment."""
    return _totals(requests.aggregate(**_totals_sums(by)))


def totals_by_district(requests: QuerySet[LegalRequest], by: datetime | None = None) -> dict[int, Totals]:
    """:func:`totals` per district (districts without a request are absent), in one grouped query."""
    rows = requests.order_by().values("district_id").annotate(**_totals_sums(by))
    return {row.pop("district_id"): _totals(row) for row in rows}


@dataclass
class Figures:
    year: int
    totals: Totals
    by_service: list[tuple[str, int, int, Decimal | None]]  # name, requests, completed, mean rating
    by_state: list[tuple[str, str, int]]  # state, label, requests
    by_area: list[tuple[str, int]]
    lawyers: list[LawyerFigure]
    days_to_assignment: Decimal | None
    days_to_completion: Decimal | None
    unknown_years: list[int]

    @property
    def total(self) -> int:
        return self.totals.requests

    @property
    def mean_rating(self) -> Decimal | None:
        return self.totals.mean_rating


def _working_days(first: Any, last: Any, unknown: set[int]) -> int | None:
    start, end = timezone.localdate(first), timezone.localdate(last)
    try:
        return working_days_between(start, end)
    except UnknownCalendarYear as error:
        unknown.add(error.year)
        return None


def figures(user: Any, year: int) -> Figures:
    """The year's requests of what ``user`` sees (submitted that year, local time), in 4 queries."""
    requests = submitted_in(access.scope(user, LegalRequest), date(year, 1, 1), date(year, 12, 31))
    rows = list(requests.values_list("pk", "service__name", "service__sort_order", "state", "practice_area__name",
                                     "lawyer_id", "created_at", "completed_at", "rating").order_by("pk"))
    first_assigned: dict[int, Any] = {}
    for request_id, at in (RequestEvent.objects.filter(request__in=requests, kind=RequestEvent.Kind.ASSIGNED)
                           .order_by("id").values_list("request_id", "created_at")):
        first_assigned.setdefault(request_id, at)
    lawyers = {lawyer.pk: LawyerFigure(name=lawyer.user.name or lawyer.user.username, firm=lawyer.firm.name,
                                       open_now=lawyer.load)
               for lawyer in access.scope(user, Lawyer).select_related("user", "firm")
               .annotate(load=Count("requests", filter=Q(requests__state__in=OPEN_STATES)))
               .order_by("firm__name", "id")}
    services: dict[str, list[Any]] = {}
    order: dict[str, int] = {}
    states: Counter[str] = Counter()
    areas: Counter[str] = Counter()
    unknown: set[int] = set()
    to_assign: list[int] = []
    to_complete: list[int] = []
    for pk, service, sort_order, state, area, lawyer_id, created, completed, rating in rows:
        entry = services.setdefault(service, [0, 0, []])
        order[service] = sort_order
        entry[0] += 1
        states[state] += 1
        areas[area or _("not given")] += 1
        if completed is not None:
            entry[1] += 1
            if (days := _working_days(created, completed, unknown)) is not None:
                to_complete.append(days)
        if rating is not None:
            entry[2].append(rating)
        if pk in first_assigned and (days := _working_days(created, first_assigned[pk], unknown)) is not None:
            to_assign.append(days)
        if lawyer_id in lawyers:
            figure = lawyers[lawyer_id]
            figure.handled += 1
            figure.completed += completed is not None
            if rating is not None:
                figure.ratings.append(rating)
    return Figures(
        year=year, totals=totals(requests),
        by_service=[(name, n, done, _mean(stars)) for name, (n, done, stars)
                    in sorted(services.items(), key=lambda item: (order[item[0]], item[0]))],
        by_state=[(state, str(label), states[state]) for state, label in S.choices if states[state]],
        by_area=sorted(areas.items(), key=lambda item: (-item[1], item[0])),
        lawyers=list(lawyers.values()),
        days_to_assignment=_mean(to_assign), days_to_completion=_mean(to_complete),
        unknown_years=sorted(unknown),
    )


def this_year() -> int:
    return timezone.localdate().year


def clamp_year(value: Any) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return this_year()
    return year if 2000 <= year <= 2100 else this_year()

