"""The indicators' pages under /cockpit/indicators/: who reaches them, what they show, entering and correcting
through the form with Chinese messages, and a fixed number of queries whatever the number of values. The
clock is the cockpit tests' (conftest): 2026-03-10."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kaopu.insights.models import Indicator, IndicatorValue
from kaopu.insights.testing import enter, indicator

LIST = "/cockpit/indicators/"


def _detail(key: str) -> str:
    return f"/cockpit/indicators/{indicator(key).pk}/"


@pytest.mark.parametrize("persona", ["handler", "ent_user", "other_ent_user", "bank_officer", "lawyer",
                                     "chamber_officer", "sysadmin", "auditadmin"])
def test_only_staff_and_leaders_reach_the_indicators(world, login, persona) -> None:  # type: ignore[no-untyped-def]
    row = enter(world.users["staff"], "share_tax", 2025, "61.2")
    client = login(world.users[persona])
    for url in (LIST, _detail("share_tax"), "/cockpit/indicators/new/", f"/cockpit/indicators/values/{row.pk}/edit/"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/cockpit/indicators/{row.indicator_id}/active/", {"active": "0"}).status_code == 404


def test_the_list_shows_definitions_latest_values_and_the_last_years(world, login) -> None:  # type: ignore[no-untyped-def]
    staff = world.users["staff"]
    for year, value in ((2022, "94.8"), (2024, "95.3"), (2025, "95.55")):
        enter(staff, "share_market_entities", year, value)
    enter(staff, "share_market_entities", 2026, "95.6", quarter=1)
    enter(world.users["far_staff"], "share_tax", 2025, "50")
    page = login(staff).get(LIST)
    assert page.status_code == 200
    lines = {line.indicator.key: (line, by_year) for line, by_year in page.context["lines"]}
    assert page.context["years"] == [2021, 2022, 2023, 2024, 2025]
    line, by_year = lines["share_market_entities"]
    assert (line.latest.year, line.latest.quarter) == (2026, 1)  # the latest period, a quarter
    assert [v.shown if v else None for v in by_year] == [None, "94.80%", None, "95.30%", "95.55%"]
    assert lines["share_tax"][0].latest is None  # the far district's value is not this district's
    html = page.content.decode()
    for shown in ("期末本区实有民营市场主体户数", "2026年第1季度", "区统计局《2026年", "2026-01-01"):
        assert shown in html, shown


def test_a_leader_reads_without_a_form_and_staff_enter_through_it(world, login) -> None:  # type: ignore[no-untyped-def]
    leader = login(world.users["leader"]).get(_detail("share_tax"))
    assert leader.status_code == 200 and leader.context["form"] is None
    assert login(world.users["leader"]).post(_detail("share_tax"), {"year": "2025"}).status_code == 200
    assert not IndicatorValue.objects.exists()
    client = login(world.users["staff"])
    bad = client.post(_detail("share_tax"), {"year": "2025", "quarter": "", "value": "105", "source": "区统计局",
                                             "source_date": "2026-03-01"})
    assert "数值：以百分比表示的占比应在 0 到 100 之间" in bad.content.decode()
    good = client.post(_detail("share_tax"), {"year": "2025", "quarter": "", "value": "61.2", "source": "区统计局",
                                              "source_date": "2026-03-01"})
    assert good.status_code == 302
    row = IndicatorValue.objects.get()
    assert (row.value, row.district, row.entered_by) == (Decimal("61.2"), world.district, world.users["staff"])
    page = client.get(f"/cockpit/indicators/values/{row.pk}/edit/")
    assert page.status_code == 200
    assert client.post(f"/cockpit/indicators/values/{row.pk}/edit/", {
        "value": "61.4", "source": "区统计局", "source_date": "2026-03-05"}).status_code == 302
    row.refresh_from_db()
    assert row.value == Decimal("61.4") and row.year == 2025
    assert login(world.users["leader"]).get(f"/cockpit/indicators/values/{row.pk}/edit/").status_code == 404


def test_another_districts_staff_get_404_on_its_values(world, login) -> None:  # type: ignore[no-untyped-def]
    row = enter(world.users["staff"], "share_tax", 2025, "61.2")
    far = login(world.users["far_staff"])
    assert far.get(f"/cockpit/indicators/values/{row.pk}/edit/").status_code == 404
    page = far.get(_detail("share_tax"), {"district": world.district.pk})  # their own district, whatever is asked
    assert page.context["district_id"] == world.far_district.pk and page.context["values"] == []


def test_a_city_level_user_chooses_the_district(world, login, city_staff) -> None:  # type: ignore[no-untyped-def]
    enter(world.users["far_staff"], "share_tax", 2025, "50")
    client = login(city_staff)
    page = client.get(_detail("share_tax"), {"district": world.far_district.pk})
    assert [v.shown for v in page.context["values"]] == ["50.00%"]
    response = client.post(f"{_detail('share_tax')}?district={world.district.pk}", {
        "year": "2024", "value": "60", "source": "区统计局", "source_date": "2025-03-01"})
    assert response.status_code == 302
    assert IndicatorValue.objects.get(year=2024).district == world.district


def test_staff_add_a_custom_indicator_and_retire_it(world, login) -> None:  # type: ignore[no-untyped-def]
    client = login(world.users["staff"])
    bad = client.post("/cockpit/indicators/new/", {"name": "", "unit": "percent", "definition": "x"})
    assert "名称：" in bad.content.decode()
    response = client.post("/cockpit/indicators/new/", {"name": "民营企业进出口额占比", "unit": "percent",
                                                        "definition": "民营企业货物进出口总额占全区的比重。"})
    custom = Indicator.objects.get(name="民营企业进出口额占比")
    assert response.status_code == 302 and not custom.is_builtin
    client.post(f"/cockpit/indicators/{custom.pk}/active/", {"active": "0"})
    custom.refresh_from_db()
    assert not custom.is_active
    assert client.get(f"/cockpit/indicators/{custom.pk}/").context["form"] is None


def _queries(client, path: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured)


def test_the_pages_run_the_same_queries_whatever_the_number_of_values(world, login) -> None:  # type: ignore[no-untyped-def]
    staff = world.users["staff"]
    enter(staff, "share_tax", 2025, "61")
    client = login(staff)
    client.get(LIST)  # the session's first request refreshes it
    small = (_queries(client, LIST), _queries(client, _detail("share_tax")))
    for key in ("share_tax", "share_market_entities", "share_new_jobs"):
        for year in range(2010, 2025):
            enter(staff, key, year, "60")
            enter(staff, key, year, "59", quarter=2)
    assert (_queries(client, LIST), _queries(client, _detail("share_tax"))) == small
