"""The appeal measures (DESIGN.md section 4) and the rollup that keeps them cheap to read.

Every appeal contributes a small vector of counts (:func:`contribution`), decided by its current row
alone: whether it was accepted, dispatched, signed for in time, replied (and in how many working
days), closed, closed on time, rated and rated satisfied. The rollup table KpiCell holds, for each
district, submission month and value of one dimension (department, type, category, subdistrict,
industry section, source, or "all"), the sum of these vectors. Each action adds the difference
between an appeal's vector after and before it (:func:`tracking`), in the action's transaction, so
the measures page reads a few hundred rows whatever the number of appeals; :func:`rebuild`
recomputes the table from the appeals (after seeding, or to repair).

Appeals are counted in the month they were submitted (a cohort): "of the appeals raised in March,
how many were closed on time". The measures:

- 响应率 response rate = signed for in time / dispatched
- 办结率 completion rate = closed / accepted (withdrawn and merged appeals are not counted)
- 按时办结率 on-time completion = closed with every reply by its deadline / closed
- 满意率 satisfaction = rated 非常满意, 满意 or 基本满意 / rated (of closed appeals)
- 回访率 follow-up rate = rated / closed
- mean working days from submission to the first reply
- reopened: appeals reopened at least once by an unsatisfied rating
- escalated: appeals escalated (督办) at least once, for a missed deadline or to FIC arbitration
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection, transaction
from django.db.models import Case, Count, DateField, F, IntegerField, Q, Sum, Value, When
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kaopu.appeals.models import Appeal, Category, KpiCell
from kaopu.core import workdays
from kaopu.directory.models import Department, Enterprise, IndustrySection, Subdistrict

S = Appeal.State
COUNTERS = ("submitted", "accepted", "dispatched", "signed_on_time", "replied", "reply_days", "closed",
            "closed_on_time", "rated", "satisfied", "reopened", "escalated")
ACCEPTED_STATES = frozenset({S.ACCEPTED, S.DISPATCHED, S.IN_PROGRESS, S.REVIEWING, S.REPLIED, S.CLOSED})
DISPATCHED_STATES = frozenset({S.DISPATCHED, S.IN_PROGRESS, S.REVIEWING, S.REPLIED, S.CLOSED})
SATISFIED_RATINGS = frozenset({Appeal.Rating.VERY_SATISFIED, Appeal.Rating.SATISFIED,
                               Appeal.Rating.BASICALLY_SATISFIED})

# The dimensions of the measures page, in its order; "all" is the district's total.
DIMENSIONS: dict[str, Any] = {
    "all": _("total"),
    "month": _("month"),
    "department": _("lead department"),
    "kind": _("type"),
    "category": _("category"),
    "subdistrict": _("subdistrict"),
    "industry": _("industry"),
    "source": _("source"),
}
# "month" is not stored: it is the "all" rows grouped by month.
STORED_DIMENSIONS = tuple(d for d in DIMENSIONS if d != "month")


def contribution(appeal: Appeal) -> dict[str, int]:
    """What one appeal adds to its cells, from its row alone (so rebuild and the actions agree)."""
    closed = appeal.state == S.CLOSED
    rated = closed and bool(appeal.rating)
    return {
        "submitted": 1,
        "accepted": int(appeal.state in ACCEPTED_STATES),
        "dispatched": int(appeal.state in DISPATCHED_STATES),
        "signed_on_time": int(appeal.state in DISPATCHED_STATES and appeal.signed_on_time is True),
        "replied": int(appeal.first_reply_days is not None),
        "reply_days": appeal.first_reply_days or 0,
        "closed": int(closed),
        "closed_on_time": int(closed and not appeal.replied_late),
        "rated": int(rated),
        "satisfied": int(rated and appeal.rating in SATISFIED_RATINGS),
        "reopened": int(appeal.reopen_count > 0),
        "escalated": int(appeal.escalated),
    }


def submission_month(appeal: Appeal) -> date:
    return workdays.to_local_date(appeal.created_at).replace(day=1)


def _enterprise_keys(appeal: Appeal) -> tuple[str, str]:
    """The enterprise's subdistrict and industry section, read once per appeal object."""
    cached = getattr(appeal, "_kpi_enterprise_keys", None)
    if cached is None:
        subdistrict, section, only_section = (Enterprise.objects.filter(pk=appeal.enterprise_id)
                                .values_list("subdistrict_id", "industry__section_id", "industry_section_id").get())
        cached = (str(subdistrict or ""), section or only_section or "")
        appeal._kpi_enterprise_keys = cached  # type: ignore[attr-defined]
    return cached


def cell_keys(appeal: Appeal) -> list[tuple[str, str]]:
    subdistrict, industry = _enterprise_keys(appeal)
    return [
        ("all", ""),
        ("department", str(appeal.lead_department_id or "")),
        ("kind", appeal.kind),
        ("category", str(appeal.category_id)),
        ("subdistrict", subdistrict),
        ("industry", industry),
        ("source", appeal.source),
    ]


Cell = tuple[int, date, str, str]  # district, month, dimension, key


def _vectors(appeal: Appeal) -> dict[Cell, dict[str, int]]:
    vector, month = contribution(appeal), submission_month(appeal)
    return {(appeal.district_id, month, dimension, key): vector for dimension, key in cell_keys(appeal)}


class Tracker:
    """The appeal being changed; a new appeal is handed over by the caller (``tracker.appeal = …``)."""

    def __init__(self, appeal: Appeal | None) -> None:
        self.appeal = appeal


@contextmanager
def tracking(appeal: Appeal | None = None) -> Iterator[Tracker]:
    """Around a change of ``appeal`` inside the caller's transaction: adds the change of the
    appeal's contribution to the rollup when the block ends without an error."""
    before = _vectors(appeal) if appeal is not None else {}
    tracker = Tracker(appeal)
    yield tracker
    add(_difference(before, _vectors(tracker.appeal) if tracker.appeal is not None else {}))


def _difference(before: dict[Cell, dict[str, int]], after: dict[Cell, dict[str, int]]) -> dict[Cell, dict[str, int]]:
    delta: dict[Cell, dict[str, int]] = defaultdict(lambda: dict.fromkeys(COUNTERS, 0))
    for sign, vectors in ((-1, before), (1, after)):
        for cell, vector in vectors.items():
            for name, value in vector.items():
                delta[cell][name] += sign * value
    return {cell: vector for cell, vector in delta.items() if any(vector.values())}


def add(delta: dict[Cell, dict[str, int]]) -> None:
    """Add counts to cells in one statement (insert or increment). Cells are written in a fixed
    order so that two transactions touching the same cells never wait on each other in a circle."""
    if not delta:
        return
    table = connection.ops.quote_name(KpiCell._meta.db_table)
    columns = ["district_id", "month", "dimension", "key", *COUNTERS]
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    row = "(" + ", ".join(["%s"] * len(columns)) + ")"
    params: list[Any] = []
    for cell in sorted(delta):
        params.extend([*cell, *(delta[cell][name] for name in COUNTERS)])
    updates = ", ".join(f"{(q := connection.ops.quote_name(name))} = {table}.{q} + excluded.{q}"
                        for name in COUNTERS)
    sql = (f"INSERT INTO {table} ({quoted}) VALUES {', '.join([row] * len(delta))} "
           f"ON CONFLICT (district_id, month, dimension, {connection.ops.quote_name('key')}) "
           f"DO UPDATE SET {updates}")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


# --- Recomputing the rollup from the appeals ---------------------------------------------------

def _flag(condition: Q) -> Sum:
    return Sum(Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField()))


_REBUILD_KEYS: dict[str, Any] = {
    "all": Value(""),
    "department": F("lead_department_id"),
    "kind": F("kind"),
    "category": F("category_id"),
    "subdistrict": F("enterprise__subdistrict_id"),
    "industry": Coalesce(F("enterprise__industry__section_id"), F("enterprise__industry_section_id")),
    "source": F("source"),
}


def _aggregates() -> dict[str, Any]:
    closed = Q(state=S.CLOSED)
    rated = closed & ~Q(rating="")
    dispatched = Q(state__in=DISPATCHED_STATES)
    return {
        "n_submitted": Count("id"),
        "n_accepted": _flag(Q(state__in=ACCEPTED_STATES)),
        "n_dispatched": _flag(dispatched),
        "n_signed_on_time": _flag(dispatched & Q(signed_on_time=True)),
        "n_replied": _flag(Q(first_reply_days__isnull=False)),
        "n_reply_days": Coalesce(Sum("first_reply_days"), 0),
        "n_closed": _flag(closed),
        "n_closed_on_time": _flag(closed & Q(replied_late=False)),
        "n_rated": _flag(rated),
        "n_satisfied": _flag(rated & Q(rating__in=SATISFIED_RATINGS)),
        "n_reopened": _flag(Q(reopen_count__gt=0)),
        "n_escalated": _flag(Q(escalated=True)),
    }


def rebuild(district_ids: Iterable[int] | None = None) -> int:
    """Recompute the rollup of the given districts (all when None) from their appeals, in one
    transaction (readers see the old rows until it commits). Returns the number of cells written."""
    appeals = Appeal.objects.all()
    cells = KpiCell.objects.all()
    if district_ids is not None:
        district_ids = list(district_ids)
        appeals, cells = appeals.filter(district_id__in=district_ids), cells.filter(district_id__in=district_ids)
    month = TruncMonth("created_at", output_field=DateField(), tzinfo=timezone.get_current_timezone())
    rows: list[KpiCell] = []
    for dimension, key in _REBUILD_KEYS.items():
        grouped = (appeals.order_by().annotate(kpi_month=month, kpi_key=key)
                   .values("district_id", "kpi_month", "kpi_key").annotate(**_aggregates()))
        for group in grouped.iterator():
            rows.append(KpiCell(district_id=group["district_id"], month=group["kpi_month"], dimension=dimension,
                                key="" if group["kpi_key"] is None else str(group["kpi_key"]),
                                **{name: group[f"n_{name}"] for name in COUNTERS}))
    with transaction.atomic():
        cells.delete()
        KpiCell.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


# --- Reading the measures -----------------------------------------------------------------------

class OutcomeRates:
    """The rates of closed appeals that several reports share (the measures, a meeting's follow-up):
    the class provides ``closed``, ``closed_on_time``, ``rated`` and ``satisfied``."""

    closed: int
    closed_on_time: int
    rated: int
    satisfied: int

    @staticmethod
    def _ratio(part: int, whole: int) -> float | None:
        return part / whole if whole else None

    @property
    def on_time_rate(self) -> float | None:
        return self._ratio(self.closed_on_time, self.closed)

    @property
    def satisfaction_rate(self) -> float | None:
        return self._ratio(self.satisfied, self.rated)


@dataclass
class Measures(OutcomeRates):
    """The sums of one group of cells and the measures computed from them (None: nothing to divide)."""

    key: str
    submitted: int = 0
    accepted: int = 0
    dispatched: int = 0
    signed_on_time: int = 0
    replied: int = 0
    reply_days: int = 0
    closed: int = 0
    closed_on_time: int = 0
    rated: int = 0
    satisfied: int = 0
    reopened: int = 0
    escalated: int = 0
    label: str = ""

    @property
    def response_rate(self) -> float | None:
        return self._ratio(self.signed_on_time, self.dispatched)

    @property
    def completion_rate(self) -> float | None:
        return self._ratio(self.closed, self.accepted)

    @property
    def follow_up_rate(self) -> float | None:
        return self._ratio(self.rated, self.closed)

    @property
    def mean_reply_days(self) -> float | None:
        return self._ratio(self.reply_days, self.replied)


def measures(district_ids: Iterable[int], dimension: str, first_month: date | None = None,
             last_month: date | None = None) -> list[Measures]:
    """The measures of the districts' appeals submitted in [first_month, last_month], one per key of
    ``dimension`` ("month": one per month; "district": one per district, its id as the key), summed in
    the database over the rollup only."""
    stored = "all" if dimension in ("month", "district") else dimension
    cells = KpiCell.objects.filter(district_id__in=list(district_ids), dimension=stored)
    if first_month is not None:
        cells = cells.filter(month__gte=first_month)
    if last_month is not None:
        cells = cells.filter(month__lte=last_month)
    group = {"month": "month", "district": "district_id"}.get(dimension, "key")
    sums = cells.order_by().values(group).annotate(**{name: Sum(name) for name in COUNTERS}).order_by(group)
    return [Measures(key=row[group].strftime("%Y-%m") if group == "month" else str(row[group]),
                     **{name: row[name] or 0 for name in COUNTERS}) for row in sums]


def labels(dimension: str, keys: list[str]) -> dict[str, str]:
    """Names for a dimension's keys: one query for the kinds of keys that are rows elsewhere."""
    models = {"department": (Department, "name"), "category": (Category, "name"),
              "subdistrict": (Subdistrict, "name"), "industry": (IndustrySection, "name")}
    if dimension in models:
        model, field = models[dimension]
        ids = [key for key in keys if key]
        names = {str(pk): name for pk, name in model.objects.filter(pk__in=ids).values_list("pk", field)}
    elif dimension == "kind":
        names = dict(Appeal.Kind.choices)
    elif dimension == "source":
        names = dict(Appeal.Source.choices)
    else:
        names = {}
    blank = _("not dispatched yet") if dimension == "department" else _("not recorded")
    if dimension == "industry":
        names = {key: f"{key} {name}" for key, name in names.items()}
    return {key: (str(names.get(key, key)) if key else str(blank)) for key in keys}
