"""The legal-service figures of the cockpit (kaopu.legal.metrics) on hand-built requests: the period's
edges in Asia/Shanghai time, another district left out, the same numbers as the figures page, and a
fixed number of queries (the clock is pinned by conftest.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from kaopu.core.registry import Scope, registry
from kaopu.core.testing import local_moment
from kaopu.legal import actions, metrics
from kaopu.legal.models import LegalRequest
from kaopu.legal.testing import advance, submit

pytestmark = pytest.mark.django_db
S = LegalRequest.State
MARCH = (date(2026, 3, 1), date(2026, 3, 31))


def _request(user, staff, lawyer, day: date, to: str, rating: int | None = None, hour: int = 10,  # type: ignore[no-untyped-def]
             minute: int = 0, **fields):
    request = advance(submit(user, **fields), staff, lawyer, to=to) if to != S.SUBMITTED else submit(user, **fields)
    changes = {"created_at": local_moment(day, hour, minute)}
    if rating is not None:
        changes["rating"] = rating
    LegalRequest.objects.filter(pk=request.pk).update(**changes)
    return request


@pytest.fixture
def march(world, team, staff, ent_user, far_staff):  # type: ignore[no-untyped-def]
    """普陀区 in March: rated 5 (submitted 1 March 00:10), completed not rated (31 March 23:30: still
    March in Shanghai), rated 3, rated 4, and one cancelled. Outside March: rated 1 on 28 February
    23:30, rated 5 on 1 April 00:00. The far district: completed and rated 2 in March."""
    lawyer = team.lawyer
    _request(ent_user, staff, lawyer, date(2026, 3, 1), S.RATED, 5, hour=0, minute=10)
    _request(ent_user, staff, lawyer, date(2026, 3, 31), S.COMPLETED, hour=23, minute=30)
    _request(ent_user, staff, lawyer, date(2026, 3, 15), S.RATED, 3)
    _request(ent_user, staff, lawyer, date(2026, 3, 16), S.RATED, 4)
    cancelled = _request(ent_user, staff, lawyer, date(2026, 3, 20), S.SUBMITTED)
    actions.cancel_request(cancelled.pk, acting_user=ent_user)
    _request(ent_user, staff, lawyer, date(2026, 2, 28), S.RATED, 1, hour=23, minute=30)
    _request(ent_user, staff, lawyer, date(2026, 4, 1), S.RATED, 5, hour=0, minute=0)
    _request(far_staff, far_staff, team.far_lawyer, date(2026, 3, 10), S.COMPLETED, 2,
             enterprise=world.far_enterprise)


def _scope(world, *districts, period=MARCH) -> Scope:  # type: ignore[no-untyped-def]
    return Scope(tuple(d.pk for d in districts or (world.district,)), *period)


def test_march_counts_the_requests_submitted_in_march_in_shanghai_time(march, world) -> None:  # type: ignore[no-untyped-def]
    assert metrics.compute(_scope(world)) == {
        "legal.requests": 5,
        "legal.completed": 4,
        "legal.mean_rating": Decimal("4.0"),  # (5 + 3 + 4) / 3
        "legal.good_rate": Decimal("0.6667"),  # 5 and 4 stars, of three rated
    }


def test_each_district_has_its_own_figures_and_an_empty_one_has_no_rating(march, world) -> None:  # type: ignore[no-untyped-def]
    per_district = metrics.by_district(_scope(world, world.district, world.far_district))
    assert per_district[world.district.pk] == metrics.compute(_scope(world))
    assert per_district[world.far_district.pk] == {
        "legal.requests": 1, "legal.completed": 1, "legal.mean_rating": Decimal("2.0"),
        "legal.good_rate": Decimal("0.0000")}
    empty = metrics.by_district(_scope(world, period=(date(2025, 1, 1), date(2025, 1, 31))))
    assert empty[world.district.pk] == {"legal.requests": 0, "legal.completed": 0, "legal.mean_rating": None,
                                         "legal.good_rate": None}


def test_the_figures_page_shows_what_the_metrics_say(march, world, staff, login) -> None:  # type: ignore[no-untyped-def]
    page = login(staff).get(reverse("legal:figures"), {"year": 2026})
    values = metrics.compute(_scope(world, period=(date(2026, 1, 1), date(2026, 12, 31))))
    assert values == {"legal.requests": 7, "legal.completed": 6, "legal.mean_rating": Decimal("3.6"),
                      "legal.good_rate": Decimal("0.6000")}  # ratings 5, 3, 4, 1, 5
    html = page.content.decode()
    assert f'id="fig-total">{values["legal.requests"]}<' in html
    assert f'id="fig-completed">{values["legal.completed"]}<' in html
    assert f'id="fig-rating">{values["legal.mean_rating"]}<' in html
    assert 'id="fig-good">60.0%<' in html


def test_every_metric_is_registered_with_a_chinese_definition(world) -> None:  # type: ignore[no-untyped-def]
    known = registry.metrics()
    for key in ("legal.requests", "legal.completed", "legal.mean_rating", "legal.good_rate"):
        assert "法律服务" in str(known[key].definition), key
    assert known["legal.good_rate"].unit == "percent"


def test_queries_do_not_grow_with_the_data(march, world, team, staff, ent_user,  # type: ignore[no-untyped-def]
                                           django_assert_num_queries) -> None:
    scope = _scope(world, world.district, world.far_district)
    for _size in range(2):
        with django_assert_num_queries(1):
            metrics.compute(scope)
        with django_assert_num_queries(1):
            metrics.by_district(scope)
        for _i in range(3):
            _request(ent_user, staff, team.lawyer, date(2026, 3, 25), S.RATED, 4)


def test_as_of_a_day_counts_only_what_was_completed_and_rated_by_its_end(march, world) -> None:  # type: ignore[no-untyped-def]
    """Of March's requests, as of 31 March: the 5-star one completed 20 March and rated 25 March, the 3-star
    one completed 30 March but rated 2 April; everything else completed and rated on 10 April."""
    now = metrics.compute(_scope(world))
    march_requests = metrics._requests(_scope(world))
    later = local_moment(date(2026, 4, 10))
    LegalRequest.objects.filter(pk__in=march_requests.values("pk"), completed_at__isnull=False).update(
        completed_at=later)
    LegalRequest.objects.filter(pk__in=march_requests.values("pk"), rating__isnull=False).update(rated_at=later)
    march_requests.filter(rating=5).update(completed_at=local_moment(date(2026, 3, 20)),
                                           rated_at=local_moment(date(2026, 3, 25)))
    march_requests.filter(rating=3).update(completed_at=local_moment(date(2026, 3, 30)),
                                           rated_at=local_moment(date(2026, 4, 2)))
    as_of = Scope((world.district.pk,), *MARCH, as_of=date(2026, 3, 31))
    assert metrics.compute(as_of) == {"legal.requests": 5, "legal.completed": 2, "legal.mean_rating": Decimal("5.0"),
                                      "legal.good_rate": Decimal("1.0000")}
    assert metrics.by_district(as_of)[world.district.pk] == metrics.compute(as_of)
    assert metrics.compute(_scope(world)) == now
