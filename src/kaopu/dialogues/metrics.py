"""The dialogue figures the cockpit (领导驾驶舱) shows, registered in kaopu.core.registry: the meetings
held in the period, the appeals raised at them, how many are closed, and their satisfaction.

The appeals are counted by :func:`selectors.appeal_sums` and their satisfaction read from
:class:`selectors.MeetingReport`, as on the meetings' follow-up reports, so that the cockpit and the
reports (and the appeal measures they follow) share one definition.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, F, QuerySet
from django.utils.translation import gettext_lazy as _

from kaopu.appeals.models import Appeal
from kaopu.core.registry import Metric, MetricSource, Number, Scope, registry
from kaopu.core.workdays import local_day_end
from kaopu.dialogues import selectors
from kaopu.dialogues.models import Meeting

METRICS = (
    Metric("dialogues.meetings", _("Meetings held"), _(
        "Meetings (breakfast meetings, roundtables and the other kinds) marked as held whose start falls in "
        "the period (the Asia/Shanghai date of the start); drafts, cancelled meetings and meetings not yet "
        "marked as held are not counted."), order=10),
    Metric("dialogues.appeals", _("Issues raised at meetings"), _(
        "Appeals raised at the meetings held in the period (appeals whose source meeting is one of them), "
        "whatever the date and the state of the appeal."), order=11),
    Metric("dialogues.appeals_closed", _("Issues from meetings resolved"), _(
        "Of the appeals raised at the meetings held in the period, those closed by now (on the cockpit) or by "
        "the end of the report's as-of day (a past period's report)."), order=12),
    Metric("dialogues.satisfaction_rate", _("Satisfaction with issues from meetings"), _(
        "Of the appeals raised at the meetings held in the period and closed with a rating by now (by the end "
        "of the as-of day for a past period's report), the share rated very satisfied, satisfied or basically "
        "satisfied (the satisfaction rate of the appeal measures)."), unit="percent", order=13),
)


def _held(scope: Scope) -> QuerySet[Meeting]:
    return selectors.held_in(Meeting.objects.filter(district_id__in=scope.district_ids), scope.start, scope.end)


def _values(meetings: int, sums: dict[str, Any]) -> dict[str, Number]:
    report = selectors.MeetingReport()
    selectors.add_appeal_sums(report, sums)
    return {"dialogues.meetings": meetings, "dialogues.appeals": report.appeals,
            "dialogues.appeals_closed": report.closed, "dialogues.satisfaction_rate": report.satisfaction_rate}


def _appeals(held: QuerySet[Meeting]) -> QuerySet[Appeal]:
    # The subquery keeps it one query, on the index of Appeal.source_meeting.
    return Appeal.objects.filter(source_meeting__in=held.values("pk")).order_by()


def _sums(scope: Scope) -> dict[str, Any]:
    """The appeals' sums, counting as closed only what was closed by the end of the scope's as-of day."""
    return selectors.appeal_sums(closed_before=local_day_end(scope.as_of))


def compute(scope: Scope) -> dict[str, Number]:
    """Two queries: the meetings, and the appeals raised at them."""
    held = _held(scope)
    return _values(held.count(), _appeals(held).aggregate(**_sums(scope)))


def by_district(scope: Scope) -> dict[int, dict[str, Number]]:
    """Two grouped queries; a district without a meeting held has zeros."""
    held = _held(scope)
    meetings = dict(held.order_by().values("district_id").annotate(n=Count("id")).values_list("district_id", "n"))
    grouped = _appeals(held).values(meeting_district=F("source_meeting__district_id"))
    sums = {row.pop("meeting_district"): row for row in grouped.annotate(**_sums(scope))}
    return {district: _values(meetings.get(district, 0), sums.get(district, {})) for district in scope.district_ids}


registry.add_source(MetricSource(module=_("Government–enterprise dialogues"), metrics=METRICS, compute=compute,
                                 by_district=by_district, order=30))
