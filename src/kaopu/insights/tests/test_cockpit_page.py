"""The cockpit page: who sees it, which districts' numbers, the tiles and their comparisons, the filters,
a fixed number of queries, the definitions page and the download of a chart's numbers."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kaopu.appeals import kpi
from kaopu.appeals.models import Appeal
from kaopu.audit.models import AuditEntry
from kaopu.core.registry import registry
from kaopu.insights.testing import make_appeal

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def tiles(page) -> dict[str, object]:  # type: ignore[no-untyped-def]
    return {tile.metric.key: tile for section in page.context["sections"] for tile in section.tiles}


@pytest.mark.parametrize("persona", ["handler", "ent_user", "other_ent_user", "bank_officer", "lawyer",
                                     "chamber_officer", "sysadmin", "auditadmin"])
def test_only_staff_and_leaders_reach_the_cockpit(world, login, persona) -> None:  # type: ignore[no-untyped-def]
    client = login(world.users[persona])
    for url in ("/cockpit/", "/cockpit/definitions/", "/cockpit/charts/appeals.monthly_trend.xlsx"):
        assert client.get(url).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/cockpit/").status_code == 302


def test_staff_see_this_month_against_the_previous_one_and_a_year_earlier(world, march, login) -> None:  # type: ignore[no-untyped-def]
    page = login(world.users["staff"]).get("/cockpit/", **EN)
    assert page.status_code == 200
    found = tiles(page)
    received = found["appeals.received"]
    assert (received.value, received.previous, received.year_before) == ("6", "2", "1")
    assert (received.change_previous.text, received.change_year.text) == ("+200.0%", "+500.0%")
    response = found["appeals.response_rate"]
    assert (response.value, response.previous, response.change_previous.text) == ("75.0%", "50.0%", "+25.0 pp")
    assert response.change_previous.tone == "good"
    assert found["appeals.mean_reply_days"].value == "4.0"
    overdue = found["appeals.overdue_now"]
    assert (overdue.value, overdue.as_of_now, overdue.previous) == ("2", True, "")
    html = page.content.decode()
    assert f'title="{found["appeals.on_time_rate"].metric.definition}"' in html
    assert 'data-chart="chart-data-appeals.monthly_trend"' in html
    assert page.context["comparison"] is None


def test_every_registered_metric_and_chart_is_on_the_page(world, march, login) -> None:  # type: ignore[no-untyped-def]
    page = login(world.users["leader"]).get("/cockpit/")
    assert set(tiles(page)) == set(registry.metrics())
    charts = {view.chart.key for section in page.context["sections"] for view in section.charts}
    assert charts == set(registry.charts)


def test_a_period_choice_moves_every_figure(world, march, login) -> None:  # type: ignore[no-untyped-def]
    page = login(world.users["staff"]).get("/cockpit/", {"period": "last_month"}, **EN)
    received = tiles(page)["appeals.received"]
    assert (received.value, received.previous, received.year_before) == ("2", "0", "0")
    page = login(world.users["staff"]).get("/cockpit/", {"period": "custom", "first": "2025-03",
                                                         "last": "2026-03"}, **EN)
    assert tiles(page)["appeals.received"].value == "9"
    assert page.context["period"].months == 13


def test_bad_months_are_explained_and_the_default_period_shown(world, march, login) -> None:  # type: ignore[no-untyped-def]
    client = login(world.users["staff"])
    page = client.get("/cockpit/", {"period": "custom", "first": "2026-05", "last": "2026-03"})
    assert page.status_code == 200
    assert "起始月份：起始月份不能晚于截止月份。" in page.content.decode()
    assert tiles(page)["appeals.received"].value == "6"
    page = client.get("/cockpit/", {"period": "custom", "first": "2026-13"}, **EN)
    assert "From month：Enter a month as YYYY-MM" in page.content.decode()
    page = client.get("/cockpit/", {"period": "custom", "first": "2020-01", "last": "2026-03"}, **EN)
    assert "Choose at most 60 months" in page.content.decode()


def test_a_districts_staff_never_see_another_districts_numbers(world, march, login) -> None:  # type: ignore[no-untyped-def]
    page = login(world.users["far_staff"]).get("/cockpit/", {"district": str(world.district.pk)})
    found = tiles(page)
    assert found["appeals.received"].value == "1"  # F1, their own
    assert found["appeals.overdue_now"].value == "1"
    assert "district" not in page.context["form"].fields
    response = login(world.users["far_staff"]).get("/cockpit/charts/appeals.hotspots_category.xlsx",
                                                   {"district": str(world.district.pk)})
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert [row[1] for row in book.active.iter_rows(min_row=3, values_only=True)] == [1]


def test_a_city_leader_sees_every_district_and_compares_them(world, march, login, city_leader) -> None:  # type: ignore[no-untyped-def]
    client = login(city_leader)
    page = client.get("/cockpit/", **EN)
    assert tiles(page)["appeals.received"].value == "7"
    assert tiles(page)["appeals.overdue_now"].value == "3"
    comparison = page.context["comparison"]
    keys = [metric.key for metric in comparison.metrics]
    rows = dict(comparison.rows)
    assert rows["普陀区"][keys.index("appeals.received")] == "6"
    assert rows["静安区"][keys.index("appeals.received")] == "1"
    assert rows["静安区"][keys.index("appeals.overdue_now")] == "1"
    assert 'id="district-table"' in page.content.decode()
    page = client.get("/cockpit/", {"district": str(world.far_district.pk)})
    assert tiles(page)["appeals.received"].value == "1" and page.context["comparison"] is None
    page = client.get("/cockpit/", {"district": "999999"})
    assert tiles(page)["appeals.received"].value == "7"  # an unknown district: the default (every district)…
    assert "cockpit-errors" in page.content.decode()  # …and the reason


def _queries(client, path: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_the_cockpit_runs_the_same_queries_whatever_the_number_of_appeals(world, march, login, city_leader) -> None:  # type: ignore[no-untyped-def]
    staff = login(world.users["staff"])
    staff.get("/cockpit/")  # the session's first request refreshes it (a few queries more, once)
    small = _queries(staff, "/cockpit/")
    for day in range(1, 29):
        for state in (Appeal.State.CLOSED, Appeal.State.IN_PROGRESS):
            make_appeal(world, date(2026, 2, day), state, signed_on_time=True, due_on=date(2026, 3, 1))
    kpi.rebuild()
    assert _queries(staff, "/cockpit/") == small
    city = login(city_leader)
    city.get("/cockpit/")
    assert _queries(city, "/cockpit/") == _queries(city, "/cockpit/?period=last_year")


def test_a_charts_numbers_download_as_a_workbook_and_are_audited(world, march, login) -> None:  # type: ignore[no-untyped-def]
    response = login(world.users["staff"]).get("/cockpit/charts/appeals.monthly_trend.xlsx", {"period": "this_month"},
                                               **EN)
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Appeals by month", "2026-03", None, None, None)
    assert rows[1] == (None, "appeals received", "completion rate", "on-time completion rate", "satisfaction rate")
    assert rows[-1] == ("2026-03", 6, 0.75, pytest.approx(2 / 3), 1)
    assert sheet.cell(row=sheet.max_row, column=3).number_format == "0.0%"
    entry = AuditEntry.objects.filter(action="export").latest("id")
    assert entry.object_id == "appeals.monthly_trend" and entry.data["district_ids"] == [world.district.pk]
    assert login(world.users["staff"]).get("/cockpit/charts/nothing.here.xlsx").status_code == 404
    # The districts' comparison is only for a city-level user.
    assert login(world.users["staff"]).get("/cockpit/charts/insights.districts.xlsx").status_code == 404


def test_the_definitions_page_lists_every_metric_chart_and_to_do(world, login) -> None:  # type: ignore[no-untyped-def]
    page = login(world.users["leader"]).get("/cockpit/definitions/")
    html = page.content.decode()
    for key, metric in registry.metrics().items():
        assert f'id="metric-{key}"' in html and str(metric.definition) in html
    for key in registry.charts:
        assert f'id="chart-{key}"' in html
    for key in registry.todos:
        assert f'id="todo-{key}"' in html


@pytest.mark.parametrize(("moment", "period", "previous", "year_before"), [
    ((date(2026, 12, 31), 23, 50), "2026-12", "2026-11", "2025-12"),
    ((date(2027, 1, 1), 0, 10), "2027-01", "2026-12", "2026-01"),
    ((date(2028, 2, 29), 10, 0), "2028-02", "2028-01", "2027-02"),
])
def test_this_month_follows_the_shanghai_calendar_across_a_years_end_and_a_leap_day(
        world, login, pin_clock, moment, period, previous, year_before) -> None:  # type: ignore[no-untyped-def]
    pin_clock(moment[0], moment[1], moment[2])
    page = login(world.users["staff"]).get("/cockpit/")
    assert (str(page.context["period"]), str(page.context["previous"]), str(page.context["year_before"])) == (
        period, previous, year_before)
    assert page.context["period"].end.day == {"2026-12": 31, "2027-01": 31, "2028-02": 29}[period]
