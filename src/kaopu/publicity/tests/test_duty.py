"""The update-frequency duty: columns whose last published article is older than their interval, with
hand-counted days around a year end (Asia/Shanghai dates), the start page's to-do and its list, the
district scope and the page's fixed number of queries."""

from __future__ import annotations

from datetime import date

import pytest

from kaopu.core.registry import registry
from kaopu.core.testing import local_moment
from kaopu.publicity import duty
from kaopu.publicity import duty_workbench as _duty_workbench  # noqa: F401 - registers the to-dos
from kaopu.publicity.models import Article
from kaopu.publicity.testing import make_column, published_article

pytestmark = pytest.mark.django_db


def _published_on(world, column, day, hour=10, **fields):  # type: ignore[no-untyped-def]
    article = published_article(world, column=column, **fields)
    Article.objects.filter(pk=article.pk).update(published_at=local_moment(day, hour))
    return article


@pytest.fixture
def columns(world, pin_clock):  # type: ignore[no-untyped-def]
    """Four columns of the world's district, published in December 2026; the clock on 2027-01-05."""
    pin_clock(date(2026, 12, 1))
    news = make_column(world.district, "工作动态", "news", update_interval_days=7, position=1)
    notices = make_column(world.district, "通知公告", "notices", update_interval_days=30, position=2)
    policy = make_column(world.district, "政策解读", "policy", update_interval_days=14, position=3)
    series = make_column(world.district, "民营经济在普陀", "series", position=4)  # no duty
    empty = make_column(world.district, "专题报道", "topics", update_interval_days=10, position=5)
    make_column(world.district, "旧栏目", "old", update_interval_days=1, active=False)
    _published_on(world, news, date(2026, 12, 20))
    _published_on(world, news, date(2026, 12, 2))  # older: the last one counts
    _published_on(world, notices, date(2026, 12, 10))
    # 23:30 on 12-22 Shanghai time is 15:30 UTC: the local date counts.
    _published_on(world, policy, date(2026, 12, 22), hour=23)
    withdrawn = _published_on(world, policy, date(2026, 12, 30))
    Article.objects.filter(pk=withdrawn.pk).update(state=Article.State.WITHDRAWN)
    _published_on(world, series, date(2026, 6, 1))
    pin_clock(date(2027, 1, 5))
    return {"news": news, "notices": notices, "policy": policy, "series": series, "empty": empty}


def test_days_overdue_are_counted_across_the_year_end(world, columns):
    today = date(2027, 1, 5)
    rows = {row.column.slug: row for row in duty.column_duties(world.users["staff"])}
    assert set(rows) == {"news", "notices", "policy", "series", "topics"}  # the inactive column is left out
    # 工作动态: 12-20 + 7 = 12-27; 1-5 is 9 days after (4 in December, 5 in January).
    assert rows["news"].last_date == date(2026, 12, 20) and rows["news"].due_on == date(2026, 12, 27)
    assert rows["news"].days_overdue == 9 and rows["news"].is_overdue
    # 通知公告: 12-10 + 30 = 2027-01-09, four days left.
    assert rows["notices"].due_on == date(2027, 1, 9) and not rows["notices"].is_overdue
    assert rows["notices"].days_left == 4
    # 政策解读: the withdrawn article of 12-30 does not count; 12-22 (local) + 14 = 2027-01-05: due today.
    assert rows["policy"].last_date == date(2026, 12, 22) and rows["policy"].due_on == today
    assert not rows["policy"].is_overdue and rows["policy"].days_left == 0
    # No interval: no duty, however old the last article.
    assert not rows["series"].has_duty and not rows["series"].is_overdue
    # Never published: overdue with no date to count from.
    assert rows["topics"].is_overdue and rows["topics"].days_overdue is None


def test_the_day_after_the_due_date_is_the_first_overdue_day(world, columns, pin_clock):
    pin_clock(date(2027, 1, 6))
    policy = next(row for row in duty.column_duties(world.users["staff"]) if row.column.slug == "policy")
    assert policy.days_overdue == 1 and policy.is_overdue


def test_overdue_first_then_in_time_then_no_duty(world, columns):
    order = [row.column.slug for row in duty.column_duties(world.users["staff"])]
    assert order == ["topics", "news", "policy", "notices", "series"]


def test_the_todo_counts_the_rows_its_link_lists(world, columns, login):
    staff = world.users["staff"]
    todo = registry.todos["publicity.columns_overdue"]
    assert todo.count(staff) == 2
    response = login(staff).get(todo.url(staff))
    assert response.status_code == 200
    assert [row.column.slug for row in response.context["rows"]] == ["topics", "news"]
    page = response.content.decode()
    assert "9 天" in page and "从未发布" in page


def test_publishing_in_the_column_takes_it_off_the_list(world, columns):
    published_article(world, column=columns["news"], title="新的工作动态")
    assert [row.column.slug for row in duty.overdue_columns(world.users["staff"])] == ["topics"]


def test_the_page_shows_every_column_with_its_state(world, columns, login):
    response = login(world.users["leader"]).get("/publicity/duty/")
    page = response.content.decode()
    assert response.status_code == 200
    for text in ("工作动态", "2026-12-27", "无更新要求", "今天到期", "还剩 4 天", "旧栏目"):
        assert (text in page) == (text != "旧栏目"), text


def test_other_districts_and_other_roles_see_nothing(world, columns, login):
    far = world.users["far_staff"]
    make_column(world.far_district, "工作动态", "news", update_interval_days=7)
    assert [row.column.district_id for row in duty.column_duties(far)] == [world.far_district.pk]
    assert registry.todos["publicity.columns_overdue"].count(far) == 1
    for persona in ("ent_user", "handler", "secadmin"):
        assert login(world.users[persona]).get("/publicity/duty/").status_code == 404
    assert "publicity.columns_overdue" not in {t.key for t in registry.todos_for(world.users["leader"])}


def test_one_query_for_the_columns_whatever_their_number(world, columns, login, django_assert_num_queries):
    client = login(world.users["staff"])
    client.get("/publicity/duty/")  # warm the session and the translations

    def queries() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert client.get("/publicity/duty/").status_code == 200
        return len(captured)

    few = queries()
    for n in range(12):
        column = make_column(world.district, f"栏目{n}", f"c{n}", update_interval_days=5 + n)
        _published_on(world, column, date(2026, 12, 1 + n), title=f"文章{n}")
    assert queries() == few
    with django_assert_num_queries(1):
        duty.column_duties(world.users["staff"])
