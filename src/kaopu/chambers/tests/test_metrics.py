"""The chambers' figures of the cockpit and the work report (kaopu.chambers.metrics) on hand-built chambers,
memberships and Four-Good results: what a chamber and its members were on the as-of day, joinings without
role changes, results by the date recorded, another district left out, and a fixed number of queries."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from kaopu.chambers import metrics
from kaopu.chambers.models import Application, Chamber, Cycle, Membership
from kaopu.chambers.testing import make_chamber, make_enterprises
from kaopu.core.registry import Scope, registry

pytestmark = pytest.mark.django_db
R, L = Application.Result, Application.Level
MARCH = (date(2026, 3, 1), date(2026, 3, 31))
END_OF_MARCH = date(2026, 3, 31)


@pytest.fixture(autouse=True)
def _summer(pin_clock):  # type: ignore[no-untyped-def]
    pin_clock(date(2026, 6, 15))


def _member(chamber, enterprise, staff, joined: date, left: date | None = None, role: str = "member"):  # type: ignore[no-untyped-def]
    return Membership.objects.create(chamber=chamber, enterprise=enterprise, role=role, joined_on=joined,
                                     left_on=left, recorded_by=staff)


def _cycle(district, staff, name: str = "2025年度四好商会评价") -> Cycle:  # type: ignore[no-untyped-def]
    return Cycle.objects.create(district=district, name=name, first_year=2025, last_year=2025,
                                application_deadline=date(2026, 1, 31), review_deadline=date(2026, 2, 28),
                                spread=2, state=Cycle.State.CLOSED, created_by=staff)


def _result(cycle, chamber, staff, result: str, level: str, on: date) -> Application:  # type: ignore[no-untyped-def]
    return Application.objects.create(cycle=cycle, chamber=chamber, created_by=staff, state="submitted",
                                      submitted_at=cycle.created_at, result=result, result_level=level,
                                      result_on=on)


@pytest.fixture
def chambers(world, staff, far_staff):  # type: ignore[no-untyped-def]
    """普陀区: A (founded 2010, active) with members e1 (joined 2020), e2 (joined 10 March, role changed
    to director on 20 March: one joining), e3 (joined 5 March, left 25 March), e4 (joined 1 April);
    B founded 2012, dissolved 15 April (active at the end of March, not now) with e5 (joined 2021);
    C founded 1 May (not yet at the end of March); D dissolved 2019. Four-Good results: A recognised at
    city level on 20 March, B not recognised on 31 March, C recognised at district level on 1 April
    (outside March), one application without result. The far district: a chamber with one member
    (joined 3 March) and one result recognised on 12 March."""
    e1, e2, e3, e4, e5, e6 = make_enterprises(world.district, 6)
    a = make_chamber(world.district)
    b = make_chamber(world.district, founded_on=date(2012, 1, 1), status=Chamber.Status.DISSOLVED,
                     status_changed_on=date(2026, 4, 15))
    c = make_chamber(world.district, founded_on=date(2026, 5, 1))
    d = make_chamber(world.district, status=Chamber.Status.DISSOLVED, status_changed_on=date(2019, 6, 1))
    _member(a, e1, staff, date(2020, 1, 1))
    _member(a, e2, staff, date(2026, 3, 10), date(2026, 3, 20))
    _member(a, e2, staff, date(2026, 3, 20), role="director")
    _member(a, e3, staff, date(2026, 3, 5), date(2026, 3, 25))
    _member(a, e4, staff, date(2026, 4, 1))
    _member(b, e5, staff, date(2021, 1, 1))
    _member(d, e6, staff, date(2015, 1, 1))
    cycle = _cycle(world.district, staff)
    _result(cycle, a, staff, R.RECOGNISED, L.CITY, date(2026, 3, 20))
    _result(cycle, b, staff, R.NOT_RECOGNISED, "", date(2026, 3, 31))
    _result(cycle, c, staff, R.RECOGNISED, L.DISTRICT, date(2026, 4, 1))
    Application.objects.create(cycle=cycle, chamber=d, created_by=staff)
    far = make_chamber(world.far_district, name="静安区某商会")
    _member(far, world.far_enterprise, far_staff, date(2026, 3, 3))
    _result(_cycle(world.far_district, far_staff), far, far_staff, R.RECOGNISED, L.DISTRICT, date(2026, 3, 12))
    return {"a": a, "b": b, "c": c}


def _scope(world, *districts, period=MARCH, as_of: date | None = END_OF_MARCH) -> Scope:  # type: ignore[no-untyped-def]
    return Scope(tuple(d.pk for d in districts or (world.district,)), *period, as_of=as_of)


def test_the_chambers_and_members_of_the_as_of_day(chambers, world) -> None:  # type: ignore[no-untyped-def]
    # End of March: A and B; A's e1 and e2 (its director period), B's e5; e3 left, e4 not yet joined.
    assert metrics.standing_compute(_scope(world)) == {"chambers.active": 2, "chambers.members": 3}
    # Now (15 June): A and C (B dissolved in April); A's e1, e2, e4.
    assert metrics.standing_compute(_scope(world, as_of=None)) == {"chambers.active": 2, "chambers.members": 3}
    # 20 March itself: e2's director period begun that day counts, its ended member period does not.
    assert metrics.standing_compute(_scope(world, as_of=date(2026, 3, 20))) == {
        "chambers.active": 2, "chambers.members": 4}  # e1, e2, e3 in A; e5 in B
    assert metrics.standing_compute(_scope(world, as_of=date(2026, 4, 15))) == {
        "chambers.active": 1, "chambers.members": 3}  # B dissolved that day: its member left with it


def test_joinings_and_four_good_results_of_the_period(chambers, world) -> None:  # type: ignore[no-untyped-def]
    assert metrics.compute(_scope(world)) == {
        "chambers.members_joined": 2,  # e2 (its role change is not a joining) and e3
        "chambers.fourgood_results": 2, "chambers.fourgood_recognised": 1}
    chart = metrics.fourgood_by_level(_scope(world))
    assert chart.rows == [("区级", (0,)), ("市级", (1,)), ("全国", (0,)), ("未认定", (1,))]


def test_by_district_agrees_with_compute_and_an_empty_district_has_zeros(chambers, world) -> None:  # type: ignore[no-untyped-def]
    scope = _scope(world, world.district, world.far_district)
    for compute, per_district in ((metrics.compute, metrics.by_district),
                                  (metrics.standing_compute, metrics.standing_by_district)):
        rows = per_district(scope)
        assert rows[world.district.pk] == compute(_scope(world))
        assert rows[world.far_district.pk] == compute(_scope(world, world.far_district))
    assert metrics.compute(_scope(world, world.far_district)) == {
        "chambers.members_joined": 1, "chambers.fourgood_results": 1, "chambers.fourgood_recognised": 1}


def test_a_module_without_rows_counts_zeros(world) -> None:  # type: ignore[no-untyped-def]
    scope = _scope(world)
    assert metrics.standing_compute(scope) == {"chambers.active": 0, "chambers.members": 0}
    assert metrics.compute(scope) == {"chambers.members_joined": 0, "chambers.fourgood_results": 0,
                                      "chambers.fourgood_recognised": 0}
    assert all(values == (0,) for _label, values in metrics.fourgood_by_level(scope).rows)


def test_every_metric_is_registered_with_a_chinese_definition(world) -> None:  # type: ignore[no-untyped-def]
    known = registry.metrics()
    for key in ("chambers.active", "chambers.members", "chambers.members_joined", "chambers.fourgood_results",
                "chambers.fourgood_recognised"):
        assert "商会" in str(known[key].definition), key
    assert "chambers.fourgood_by_level" in registry.charts


def test_queries_do_not_grow_with_the_data(chambers, world, staff, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    scope = _scope(world, world.district, world.far_district)
    cycle = _cycle(world.district, staff, name="2024年度四好商会评价")
    for size in range(2):
        for call, queries in ((metrics.compute, 2), (metrics.by_district, 2), (metrics.standing_compute, 2),
                              (metrics.standing_by_district, 2), (metrics.fourgood_by_level, 1)):
            with django_assert_num_queries(queries):
                call(scope)
        for i, enterprise in enumerate(make_enterprises(world.district, 3)):
            chamber = make_chamber(world.district)
            _member(chamber, enterprise, staff, date(2026, 3, 2) + timedelta(days=i))
            _result(cycle, chamber, staff, R.RECOGNISED, L.NATIONAL, date(2026, 3, 2 + size))
