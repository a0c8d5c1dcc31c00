"""Every appeal figure and chart of the cockpit against the appeals of the conftest's `march`, counted by hand."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from kaopu.appeals import metrics
from kaopu.core.registry import Scope, registry


def scope(world, start: date = date(2026, 3, 1), end: date = date(2026, 3, 31)) -> Scope:  # type: ignore[no-untyped-def]
    return Scope((world.district.pk,), start, end)


def test_the_period_figures_match_the_hand_count(world, march) -> None:  # type: ignore[no-untyped-def]
    figures = metrics.compute(scope(world))
    assert figures == {
        "appeals.received": 6, "appeals.response_rate": pytest.approx(3 / 4),
        "appeals.completion_rate": pytest.approx(3 / 4), "appeals.on_time_rate": pytest.approx(2 / 3),
        "appeals.satisfaction_rate": 1.0, "appeals.follow_up_rate": pytest.approx(2 / 3),
        "appeals.mean_reply_days": pytest.approx(4.0), "appeals.escalated": 1, "appeals.reopened": 1,
    }


def test_the_previous_month_has_its_own_figures(world, march) -> None:  # type: ignore[no-untyped-def]
    figures = metrics.compute(scope(world, date(2026, 2, 1), date(2026, 2, 28)))
    assert (figures["appeals.received"], figures["appeals.response_rate"], figures["appeals.completion_rate"]) == (
        2, 0.5, 0.5)
    assert metrics.compute(scope(world, date(2025, 3, 1), date(2025, 3, 31)))["appeals.received"] == 1


def test_an_empty_period_has_counts_of_zero_and_no_rates(world, march) -> None:  # type: ignore[no-untyped-def]
    figures = metrics.compute(scope(world, date(2024, 1, 1), date(2024, 12, 31)))
    assert figures["appeals.received"] == 0 and figures["appeals.response_rate"] is None


def test_overdue_now_counts_open_appeals_past_their_deadline_whatever_the_period(world, march) -> None:  # type: ignore[no-untyped-def]
    # A4 (reply due 03-05) and B2 (sign-for due 02-20); A6 is due later, F1 is another district's.
    assert metrics._overdue(scope(world)) == {"appeals.overdue_now": 2}
    assert metrics._overdue(scope(world, date(2020, 1, 1), date(2020, 1, 31))) == {"appeals.overdue_now": 2}
    both = Scope((world.district.pk, world.far_district.pk), date(2026, 3, 1), date(2026, 3, 31))
    assert metrics._overdue_by_district(both) == {world.district.pk: {"appeals.overdue_now": 2},
                                                  world.far_district.pk: {"appeals.overdue_now": 1}}


def test_figures_by_district_are_each_districts_own(world, march) -> None:  # type: ignore[no-untyped-def]
    both = Scope((world.district.pk, world.far_district.pk), date(2026, 3, 1), date(2026, 3, 31))
    found = metrics.by_district(both)
    assert found[world.district.pk] == metrics.compute(scope(world))
    assert found[world.far_district.pk]["appeals.received"] == 1
    assert found[world.far_district.pk]["appeals.response_rate"] == 1.0


def test_the_ranking_leaves_out_departments_below_the_minimum_and_says_so(world, march, departments,
                                                                           settings) -> None:  # type: ignore[no-untyped-def]
    assert metrics.department_ranking(scope(world)).rows == []  # nobody closed 5 in March
    settings.APPEALS_RANKING_MIN_CLOSED = 1
    ranking = metrics.department_ranking(scope(world))
    # D2 closed 1, on time (100%), unrated; D1 closed 2, one on time (50%), both satisfied.
    assert ranking.rows == [("区人社局", (1.0, None, 1)), ("区市场监管局", (0.5, 1.0, 2))]
    settings.APPEALS_RANKING_MIN_CLOSED = 2
    ranking = metrics.department_ranking(scope(world))
    assert ranking.rows == [("区市场监管局", (0.5, 1.0, 2))]
    with translation.override("en"):
        assert "at least 2 appeals closed" in metrics.department_ranking(scope(world)).note


def test_hotspots_count_by_category_and_subdistrict(world, march) -> None:  # type: ignore[no-untyped-def]
    categories = metrics.hotspots_by_category(scope(world))
    assert categories.rows == [("融资", (5, 2)), ("法律", (1, 1))]
    subdistricts = metrics.hotspots_by_subdistrict(scope(world))
    # Enterprise A is in 长寿路街道; B (A3) has no subdistrict recorded.
    assert dict(subdistricts.rows) == {"长寿路街道": (5, 2), "未登记": (1, 1)}


def test_the_trend_shows_twelve_months_up_to_the_periods_last(world, march) -> None:  # type: ignore[no-untyped-def]
    trend = metrics.monthly_trend(scope(world))
    assert trend.rows[0][0] == "2025-04"
    assert len(trend.rows) == 12
    assert trend.rows[-1] == ("2026-03", (6, 0.75, pytest.approx(2 / 3), 1.0))
    assert trend.rows[-2] == ("2026-02", (2, 0.5, 1.0, 1.0))
    assert trend.rows[0][1] == (0, None, None, None)


def test_every_appeal_metric_has_a_definition_and_overdue_is_of_the_moment() -> None:
    appeal_metrics = {key: metric for key, metric in registry.metrics().items() if key.startswith("appeals.")}
    assert set(appeal_metrics) == {"appeals.received", "appeals.response_rate", "appeals.completion_rate",
                                   "appeals.on_time_rate", "appeals.satisfaction_rate", "appeals.follow_up_rate",
                                   "appeals.mean_reply_days", "appeals.escalated", "appeals.reopened",
                                   "appeals.overdue_now"}
    assert all(str(metric.definition) for metric in appeal_metrics.values())
    overdue_source = next(s for s in registry.sources if "appeals.overdue_now" in {m.key for m in s.metrics})
    assert overdue_source.as_of_now == frozenset({"appeals.overdue_now"})
