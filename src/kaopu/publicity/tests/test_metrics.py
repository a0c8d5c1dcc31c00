"""The publicity figures of the cockpit and the work report (kaopu.publicity.metrics) on hand-built articles
and tamper incidents: the period's edges in Asia/Shanghai time, another district left out, by column, and a
fixed number of queries."""

from __future__ import annotations

from datetime import date

import pytest

from kaopu.core.registry import Scope, registry
from kaopu.core.testing import local_moment
from kaopu.publicity import metrics
from kaopu.publicity.models import Article, TamperIncident
from kaopu.publicity.testing import make_column

pytestmark = pytest.mark.django_db
S = Article.State
MARCH = (date(2026, 3, 1), date(2026, 3, 31))


def _article(column, author, state: str, published: date | None, hour: int = 10, minute: int = 0) -> Article:  # type: ignore[no-untyped-def]
    return Article.objects.create(district_id=column.district_id, column=column, title="区工商联召开座谈会",
                                  state=state, created_by=author,
                                  published_at=local_moment(published, hour, minute) if published else None)


def _incident(article: Article, day: date, withdrawn: bool = True) -> TamperIncident:
    return TamperIncident.objects.create(article=article, district_id=article.district_id,
                                         found_at=local_moment(day), summary="页面被改动", withdrawn=withdrawn)


@pytest.fixture
def march(world, staff, far_staff):  # type: ignore[no-untyped-def]
    """普陀区: 工作动态 (position 1) has articles published 1 March 00:10, 31 March 23:30 (still March in
    Shanghai) and 15 March then withdrawn; 通知公告 (position 0) one on 20 March; not counted: 28 February
    23:30, 1 April 00:00, a draft never published. Tamper incidents: 16 March withdrawn, 17 March not
    withdrawn (--no-withdraw), 2 April withdrawn. The far district: one article on 12 March with a
    withdrawing incident the same day."""
    news = make_column(world.district, position=1)
    notices = make_column(world.district, name="通知公告", slug="notices", position=0)
    _article(news, staff, S.PUBLISHED, date(2026, 3, 1), 0, 10)
    _article(news, staff, S.PUBLISHED, date(2026, 3, 31), 23, 30)
    withdrawn = _article(news, staff, S.WITHDRAWN, date(2026, 3, 15))
    _article(notices, staff, S.PUBLISHED, date(2026, 3, 20))
    _article(news, staff, S.PUBLISHED, date(2026, 2, 28), 23, 30)
    _article(news, staff, S.PUBLISHED, date(2026, 4, 1), 0, 0)
    _article(news, staff, S.DRAFT, None)
    _incident(withdrawn, date(2026, 3, 16))
    _incident(withdrawn, date(2026, 3, 17), withdrawn=False)
    _incident(withdrawn, date(2026, 4, 2))
    far = _article(make_column(world.far_district), far_staff, S.WITHDRAWN, date(2026, 3, 12))
    _incident(far, date(2026, 3, 12))
    return news


def _scope(world, *districts, period=MARCH) -> Scope:  # type: ignore[no-untyped-def]
    return Scope(tuple(d.pk for d in districts or (world.district,)), *period)


def test_march_counts_the_articles_published_in_march_in_shanghai_time(march, world) -> None:  # type: ignore[no-untyped-def]
    assert metrics.compute(_scope(world)) == {"publicity.articles": 4, "publicity.tamper_withdrawals": 1}
    chart = metrics.articles_by_column(_scope(world))
    assert chart.rows == [("通知公告", (1,)), ("工作动态", (3,))]


def test_by_district_agrees_with_compute_and_an_empty_one_has_zeros(march, world) -> None:  # type: ignore[no-untyped-def]
    rows = metrics.by_district(_scope(world, world.district, world.far_district))
    assert rows[world.district.pk] == metrics.compute(_scope(world))
    assert rows[world.far_district.pk] == {"publicity.articles": 1, "publicity.tamper_withdrawals": 1}
    empty = _scope(world, period=(date(2025, 1, 1), date(2025, 1, 31)))
    assert metrics.by_district(empty)[world.district.pk] == {"publicity.articles": 0,
                                                              "publicity.tamper_withdrawals": 0}
    assert metrics.articles_by_column(empty).rows == []


def test_every_metric_is_registered_with_a_chinese_definition(world) -> None:  # type: ignore[no-untyped-def]
    known = registry.metrics()
    for key in ("publicity.articles", "publicity.tamper_withdrawals"):
        assert "网站" in str(known[key].definition), key
    assert "publicity.articles_by_column" in registry.charts


def test_queries_do_not_grow_with_the_data(march, world, staff, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    scope = _scope(world, world.district, world.far_district)
    for size in range(2):
        for call, queries in ((metrics.compute, 2), (metrics.by_district, 2), (metrics.articles_by_column, 1)):
            with django_assert_num_queries(queries):
                call(scope)
        column = make_column(world.district, name=f"专栏{size}", slug=f"column-{size}")
        for day in (3, 4, 5):
            _incident(_article(column, staff, S.PUBLISHED, date(2026, 3, day)), date(2026, 3, day))
