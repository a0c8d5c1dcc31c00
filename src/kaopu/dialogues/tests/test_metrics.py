"""The dialogue figures of the cockpit (kaopu.dialogues.metrics) on hand-built meetings and appeals:
which meetings count (held, started in the period in Asia/Shanghai time), the appeals raised at them,
another district left out, the same numbers as the year's follow-up report, and a fixed number of
queries."""

from __future__ import annotations

from datetime import date

import pytest

from kaopu.appeals.models import Appeal, Category
from kaopu.appeals.testing import number_fields
from kaopu.core.registry import Scope, registry
from kaopu.core.testing import local_moment
from kaopu.dialogues import metrics, selectors
from kaopu.dialogues.models import Meeting
from kaopu.dialogues.testing import make_meeting

pytestmark = pytest.mark.django_db
S, R = Appeal.State, Appeal.Rating
M = Meeting.State
MARCH = (date(2026, 3, 1), date(2026, 3, 31))


@pytest.fixture(autouse=True)
def _summer(pin_clock):  # type: ignore[no-untyped-def]
    pin_clock(date(2026, 6, 15))


def _meeting(district, organiser, state: str, day: date, hour: int = 10, minute: int = 0) -> Meeting:  # type: ignore[no-untyped-def]
    return make_meeting(district, organiser, state=state, starts_at=local_moment(day, hour, minute))


def _appeal(meeting: Meeting, enterprise, user, state: str = S.CLOSED, rating: str = "") -> Appeal:  # type: ignore[no-untyped-def]
    return Appeal.objects.create(
        district_id=meeting.district_id, enterprise=enterprise, created_by=user, kind=Appeal.Kind.HELP,
        category=Category.objects.get(name="融资"), title="贷款续贷审批慢", content="请求协调银行。",
        source=Appeal.Source.BREAKFAST, source_meeting=meeting, state=state, rating=rating,
        **number_fields(meeting.district_id))


@pytest.fixture
def march(world, staff, far_staff):  # type: ignore[no-untyped-def]
    """普陀区: held 1 March 00:30 with four appeals (closed 满意/非常满意 5, closed 不满意 2, in progress,
    merged) and held 31 March 23:30 (still March in Shanghai) with two (closed 基本满意 3, closed
    unrated). Not counted: a meeting of 10 March still open for registration, one cancelled on 15
    March, held on 28 February 23:30 and on 1 April 00:00, each with a closed appeal rated 5. The far
    district: held 12 March with one appeal closed 非常不满意."""
    ent, user = world.enterprise_a, world.users["ent_user"]
    first = _meeting(world.district, staff, M.HELD, date(2026, 3, 1), 0, 30)
    for state, rating in ((S.CLOSED, R.VERY_SATISFIED), (S.CLOSED, R.DISSATISFIED), (S.IN_PROGRESS, ""),
                          (S.MERGED, "")):
        _appeal(first, ent, user, state, rating)
    last = _meeting(world.district, staff, M.HELD, date(2026, 3, 31), 23, 30)
    _appeal(last, ent, user, S.CLOSED, R.BASICALLY_SATISFIED)
    _appeal(last, ent, user, S.CLOSED)
    for state, day, hour in ((M.OPEN, date(2026, 3, 10), 10), (M.CANCELLED, date(2026, 3, 15), 10),
                             (M.HELD, date(2026, 2, 28), 23), (M.HELD, date(2026, 4, 1), 0)):
        _appeal(_meeting(world.district, staff, state, day, hour, 30 if hour == 23 else 0), ent, user,
                S.CLOSED, R.VERY_SATISFIED)
    far = _meeting(world.far_district, far_staff, M.HELD, date(2026, 3, 12))
    _appeal(far, world.far_enterprise, far_staff, S.CLOSED, R.VERY_DISSATISFIED)


def _scope(world, *districts, period=MARCH) -> Scope:  # type: ignore[no-untyped-def]
    return Scope(tuple(d.pk for d in districts or (world.district,)), *period)


def test_march_counts_the_meetings_held_in_march_and_their_appeals(march, world) -> None:  # type: ignore[no-untyped-def]
    assert metrics.compute(_scope(world)) == {
        "dialogues.meetings": 2,
        "dialogues.appeals": 6,  # the merged appeal included, as on the follow-up reports
        "dialogues.appeals_closed": 4,
        "dialogues.satisfaction_rate": pytest.approx(2 / 3),  # 非常满意 and 基本满意, of three rated
    }


def test_each_district_has_its_own_figures_and_an_empty_one_has_zeros(march, world) -> None:  # type: ignore[no-untyped-def]
    per_district = metrics.by_district(_scope(world, world.district, world.far_district))
    assert per_district[world.district.pk] == metrics.compute(_scope(world))
    assert per_district[world.far_district.pk] == {
        "dialogues.meetings": 1, "dialogues.appeals": 1, "dialogues.appeals_closed": 1,
        "dialogues.satisfaction_rate": 0.0}
    empty = metrics.by_district(_scope(world, period=(date(2025, 1, 1), date(2025, 1, 31))))
    assert empty[world.district.pk] == {"dialogues.meetings": 0, "dialogues.appeals": 0,
                                        "dialogues.appeals_closed": 0, "dialogues.satisfaction_rate": None}


def test_the_year_report_of_held_meetings_shows_what_the_metrics_say(march, world, far_staff) -> None:  # type: ignore[no-untyped-def]
    # The far district's meetings of 2026 were all held: its year report and the cockpit agree.
    report = selectors.year_report(far_staff, year=2026)
    values = metrics.compute(_scope(world, world.far_district, period=(date(2026, 1, 1), date(2026, 12, 31))))
    assert values["dialogues.meetings"] == len(report.rows) == 1
    assert values["dialogues.appeals"] == report.total.appeals == 1
    assert values["dialogues.appeals_closed"] == report.total.closed == 1
    assert values["dialogues.satisfaction_rate"] == report.total.satisfaction_rate == 0.0


def test_every_metric_is_registered_with_a_chinese_definition(world) -> None:  # type: ignore[no-untyped-def]
    known = registry.metrics()
    for key in ("dialogues.meetings", "dialogues.appeals", "dialogues.appeals_closed", "dialogues.satisfaction_rate"):
        assert "统计期" in str(known[key].definition), key
    assert known["dialogues.satisfaction_rate"].unit == "percent"


def test_queries_do_not_grow_with_the_data(march, world, staff, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    scope = _scope(world, world.district, world.far_district)
    for _size in range(2):
        with django_assert_num_queries(2):
            metrics.compute(scope)
        with django_assert_num_queries(2):
            metrics.by_district(scope)
        meeting = _meeting(world.district, staff, M.HELD, date(2026, 3, 20))
        for _i in range(3):
            _appeal(meeting, world.enterprise_b, world.users["other_ent_user"], S.CLOSED, R.SATISFIED)


def test_as_of_a_day_counts_only_the_appeals_closed_by_its_end(march, world) -> None:  # type: ignore[no-untyped-def]
    """Closed 20 March (rated 5) and 31 March 23:30 (rated 3) count as of 31 March; closed 5 April (rated 2)
    and 1 April 00:00 (unrated) do not; the cockpit (as_of None) still counts all four."""
    now = metrics.compute(_scope(world))
    held = {m.starts_at: m for m in selectors.held_in(Meeting.objects.filter(district=world.district), *MARCH)}
    first, last = held[local_moment(date(2026, 3, 1), 0, 30)], held[local_moment(date(2026, 3, 31), 23, 30)]
    for meeting, rating, moment in ((first, R.VERY_SATISFIED, local_moment(date(2026, 3, 20))),
                                    (first, R.DISSATISFIED, local_moment(date(2026, 4, 5))),
                                    (last, R.BASICALLY_SATISFIED, local_moment(date(2026, 3, 31), 23, 30)),
                                    (last, "", local_moment(date(2026, 4, 1), 0, 0))):
        Appeal.objects.filter(source_meeting=meeting, state=S.CLOSED, rating=rating).update(closed_at=moment)
    as_of = Scope((world.district.pk,), *MARCH, as_of=date(2026, 3, 31))
    assert metrics.compute(as_of) == {"dialogues.meetings": 2, "dialogues.appeals": 6, "dialogues.appeals_closed": 2,
                                      "dialogues.satisfaction_rate": pytest.approx(1.0)}
    assert metrics.by_district(as_of)[world.district.pk] == metrics.compute(as_of)
    assert metrics.compute(_scope(world)) == now
