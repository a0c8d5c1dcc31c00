"""The numbers of a work report, read from the registry (kaopu.core.registry) and nothing else — the same
MetricSources and Charts as the cockpit — and kept with the report as plain JSON, so that the document can
be written again (after staff edit the summary) without computing anything again.

The report has customary sections in a fixed order (:data:`SECTIONS`); each takes the registry's entries
whose key starts with one of its prefixes. A section of an app that is not installed says so; one whose
figures are all zero or empty says it has no data. A registry entry no section claims (a module added
later) gets a section of its own after the others, titled by its module: a new module appears in the
report by registering, as on the cockpit.

Figures that describe the moment (``MetricSource.as_of_now``: overdue now, sites active now) are read
when the report is computed; :func:`compute` gives them the day they were read, which the document prints.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from kaopu.core.registry import Chart, Metric, MetricSource, Number, Scope, registry
from kaopu.reports.periods import ReportPeriod

VERSION = 1


@dataclass(frozen=True)
class SectionSpec:
    key: str
    title: Any  # a lazy translation
    app: str  # the app label whose absence the section states
    prefixes: tuple[str, ...]

    def claims(self, key: str) -> bool:
        return key.startswith(self.prefixes)


SECTIONS = (
    SectionSpec("economy", pgettext_lazy("work report", "The private economy"), "insights", ("insights.",)),
    SectionSpec("appeals", pgettext_lazy("work report", "Enterprise appeals and their handling"), "appeals",
                ("appeals.",)),
    SectionSpec("meetings", pgettext_lazy("work report", "Government–enterprise meetings"), "dialogues",
                ("dialogues.",)),
    SectionSpec("finance", pgettext_lazy("work report", "Financing services"), "finance", ("finance.",)),
    SectionSpec("legal", pgettext_lazy("work report", "Legal services"), "legal", ("legal.",)),
    SectionSpec("investment", pgettext_lazy("work report", "Investment attraction"), "investment", ("investment.",)),
    SectionSpec("chambers", pgettext_lazy("work report", "Chambers of commerce and the Four-Good evaluation"),
                "chambers", ("chambers.",)),
    SectionSpec("activities", pgettext_lazy("work report", "Activities"), "programs",
                ("programs.activities", "programs.chamber_activities", "programs.education_sites")),
    SectionSpec("training", pgettext_lazy("work report", "Youth-entrepreneur training"), "programs",
                ("programs.trainees", "programs.training")),
    SectionSpec("giving", pgettext_lazy("work report", "Giving and honours"), "giving", ("giving.",)),
    SectionSpec("publicity", pgettext_lazy("work report", "Publicity"), "publicity", ("publicity.",)),
)


# --- Numbers in JSON: Decimal as a string, the rest as they are ----------------------------------

def encode(value: Number) -> Any:
    return str(value) if isinstance(value, Decimal) else value


def decode(value: Any) -> Number:
    return Decimal(value) if isinstance(value, str) else value


def _has_value(value: Any) -> bool:
    return value is not None and decode(value) != 0


# --- Computing ------------------------------------------------------------------------------------

def as_of_day(period: ReportPeriod, today: date) -> date:
    """A past period is read as of its last day; one not over yet, as of today."""
    return min(period.end, today)


def _scope(district_ids: tuple[int, ...], period: ReportPeriod, today: date) -> Scope:
    return Scope(district_ids=district_ids, start=period.start, end=period.end, as_of=as_of_day(period, today))


def _section_for(key: str) -> SectionSpec | None:
    return next((spec for spec in SECTIONS if spec.claims(key)), None)


def _metric(metric: Metric, source: MetricSource, values: dict[str, dict[str, Number]],
            read_on: date) -> dict[str, Any]:
    """A metric as the report keeps it. A figure of a moment gives the day it describes: the report's as-of
    day when its source can read a past day, otherwise the day it was read."""
    moment = metric.key in source.as_of_now
    return {"key": metric.key, "label": str(metric.label), "definition": str(metric.definition),
            "unit": metric.unit, "better": metric.better,
            "value": encode(values["now"].get(metric.key)),
            "previous": None if moment else encode(values["previous"].get(metric.key)),
            "year_before": None if moment else encode(values["year_before"].get(metric.key)),
            "read_on": read_on.isoformat() if moment else None}


def _chart(chart: Chart, scope: Scope) -> dict[str, Any]:
    data = chart.data(scope)
    return {"key": chart.key, "label": str(chart.label), "kind": chart.kind, "definition": str(chart.definition),
            "columns": [str(c) for c in data.columns], "units": list(data.units or ("count",) * len(data.columns)),
            "rows": [[label, [encode(v) for v in values]] for label, values in data.rows], "note": data.note}


def _districts_of(source: MetricSource, district_ids: tuple[int, ...], scope: Scope) -> dict[int, dict[str, Number]]:
    if source.by_district is not None:
        return source.by_district(scope)
    return {pk: source.compute(Scope((pk,), scope.start, scope.end, scope.as_of)) for pk in district_ids}


def compute(districts: list[tuple[int, str]], period: ReportPeriod, *, today: date,
            progress: Any = None, compare_districts: bool = False) -> dict[str, Any]:
    """Every registered figure and chart over ``districts`` and ``period``, grouped into the report's
    sections. ``progress(label)`` is called before each source and chart (the job's progress).
    ``compare_districts``: a city report also keeps each district's figures."""
    district_ids = tuple(pk for pk, _name in districts)
    scopes = {"now": _scope(district_ids, period, today),
              "previous": _scope(district_ids, period.previous(), today),
              "year_before": _scope(district_ids, period.year_before(), today)}
    read_on = timezone.localdate()
    sections: dict[str, dict[str, Any]] = {}

    def section(key: str, module: Any) -> dict[str, Any]:
        spec = _section_for(key)
        name = spec.key if spec else f"module:{module}"
        return sections.setdefault(name, {"key": name, "title": str(spec.title if spec else module),
                                          "app": spec.app if spec else "", "metrics": [], "charts": [],
                                          "districts": []})

    for source in registry.ordered_sources():
        if progress:
            progress(str(source.module))
        compared = any(m.key not in source.as_of_now for m in source.metrics)
        values = {"now": source.compute(scopes["now"]),
                  "previous": source.compute(scopes["previous"]) if compared else {},
                  "year_before": source.compute(scopes["year_before"]) if compared else {}}
        per_district = _districts_of(source, district_ids, scopes["now"]) if compare_districts else {}
        moment = scopes["now"].as_of if source.reads_past_days and scopes["now"].as_of else read_on
        for metric in sorted(source.metrics, key=lambda m: (m.order, m.key)):
            target = section(metric.key, source.module)
            target["metrics"].append(_metric(metric, source, values, moment))
            if per_district:
                target["districts"].append({"key": metric.key, "values": {
                    str(pk): encode(per_district.get(pk, {}).get(metric.key)) for pk in district_ids}})
    for chart in registry.ordered_charts():
        if progress:
            progress(str(chart.label))
        section(chart.key, chart.module)["charts"].append(_chart(chart, scopes["now"]))

    ordered = [sections.pop(spec.key, None) or {"key": spec.key, "title": str(spec.title), "app": spec.app,
                                                  "metrics": [], "charts": [], "districts": []} for spec in SECTIONS]
    ordered.extend(sections.values())
    for entry in ordered:
        entry["installed"] = not entry["app"] or apps.is_installed(f"kaopu.{entry['app']}")
        entry["has_data"] = has_data(entry)
    return {"version": VERSION, "period": {"kind": period.kind, "start": period.start.isoformat(),
                                            "end": period.end.isoformat(),
                                            "previous": _dates(period.previous()),
                                            "year_before": _dates(period.year_before())},
            "as_of": scopes["now"].as_of.isoformat() if scopes["now"].as_of else None,
            "computed_at": timezone.now().isoformat(),
            "districts": [[pk, name] for pk, name in districts], "sections": ordered}


def steps() -> int:
    """How many progress steps :func:`compute` takes (one per source and per chart)."""
    return len(registry.sources) + len(registry.charts)


def _dates(period: ReportPeriod) -> list[str]:
    return [period.start.isoformat(), period.end.isoformat()]


def has_data(section: dict[str, Any]) -> bool:
    """Whether anything in the section is more than zero: a module without records shows no zeros."""
    if any(_has_value(m["value"]) for m in section["metrics"]):
        return True
    if any(_has_value(v) for row in section["districts"] for v in row["values"].values()):
        return True  # a share of each district, which a city's total cannot be (the indicators)
    return any(_has_value(v) for chart in section["charts"] for _label, values in chart["rows"] for v in values)


def metric_values(figures: dict[str, Any]) -> dict[str, Number]:
    """Every metric's value of the period, by key (tests and the summary read them so)."""
    return {m["key"]: decode(m["value"]) for s in figures["sections"] for m in s["metrics"]}


def computed_at(figures: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(figures["computed_at"])


def decoded_rows(rows: Iterable[list[Any]]) -> list[tuple[str, tuple[Number, ...]]]:
    return [(label, tuple(decode(v) for v in values)) for label, values in rows]
