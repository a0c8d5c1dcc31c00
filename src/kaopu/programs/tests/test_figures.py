"""The yearly figures (活动统计) against a hand-computed year: by type, by organiser, by month in
Asia/Shanghai time (an activity at 00:30 on 1 January belongs to the new year, though it is still the
old year in UTC); the same numbers in the Excel export (audited), the metric and the start page."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from kaopu.audit.models import AuditEntry
from kaopu.core.registry import Scope
from kaopu.core.testing import SHANGHAI, local_moment
from kaopu.programs import metrics, selectors
from kaopu.programs.models import Activity
from kaopu.programs.testing import make_activity

pytestmark = pytest.mark.django_db


@pytest.fixture
def year(chamber, chamber_officer, other_chamber, other_chamber_officer, staff, far_staff, types):  # type: ignore[no-untyped-def]
    """2026 by hand: the FIC 3 (理论学习 Jan, 党建 Jan, 培训 Dec at 23:30 on the 31st), the officer's chamber
    2 (理论学习 Mar, 文体 Dec), the other chamber 1 (理论学习 Mar); outside: one at 00:30 on 1 January 2027,
    one at 23:59 on 31 December 2025, one of the far district."""
    make_activity(staff, starts_at=local_moment(date(2026, 1, 1), 0, 0))
    make_activity(staff, starts_at=local_moment(date(2026, 1, 20)), type_name="党建")
    make_activity(staff, starts_at=local_moment(date(2026, 12, 31), 23, 30), type_name="培训")
    make_activity(chamber_officer, starts_at=local_moment(date(2026, 3, 5)))
    make_activity(chamber_officer, starts_at=local_moment(date(2026, 12, 1)), type_name="文体")
    make_activity(other_chamber_officer, starts_at=local_moment(date(2026, 3, 28)))
    make_activity(staff, starts_at=local_moment(date(2027, 1, 1), 0, 30))
    make_activity(staff, starts_at=local_moment(date(2025, 12, 31), 23, 59))
    make_activity(far_staff, starts_at=local_moment(date(2026, 6, 1)))
    return 2026


def months(**counts: int) -> list[int]:
    names = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    return [counts.get(name, 0) for name in names]


def test_the_year_by_type_organiser_and_month_matches_the_hand_count(year, staff, chamber, other_chamber):  # type: ignore[no-untyped-def]
    figures = selectors.figures(staff, year)
    assert figures.total == 6
    by_type = {row.label: row.months for row in figures.by_type}
    assert by_type == {"理论学习": months(jan=1, mar=2), "党建": months(jan=1), "培训": months(dec=1),
                       "走访/考察": months(), "志愿服务": months(), "文体": months(dec=1), "论坛/沙龙": months(),
                       "其他": months()}
    assert [(row.label, row.months) for row in figures.by_organiser] == [
        ("区工商联", months(jan=2, dec=1)), (chamber.name, months(mar=1, dec=1)), (other_chamber.name, months(mar=1))]
    assert figures.by_month.months == months(jan=2, mar=2, dec=2)


def test_an_officer_counts_only_their_chambers_activities(year, chamber_officer):  # type: ignore[no-untyped-def]
    figures = selectors.figures(chamber_officer, year)
    assert figures.total == 2 and [row.total for row in figures.by_organiser] == [0, 2]


def test_the_metric_and_the_start_page_read_the_same_definition(year, staff, world, login, pin_clock):  # type: ignore[no-untyped-def]
    scope = Scope((world.district.pk,), date(2026, 1, 1), date(2026, 12, 31))
    assert metrics.compute(scope) == {"programs.activities_held": 6, "programs.chamber_activities_held": 3}
    both = Scope((world.district.pk, world.far_district.pk), date(2026, 1, 1), date(2026, 12, 31))
    per_district = metrics.by_district(both)
    assert per_district[world.far_district.pk]["programs.activities_held"] == 1
    assert per_district[world.district.pk]["programs.activities_held"] == 6
    assert dict(metrics.activities_by_type(scope).rows)["理论学习"] == (3,)
    pin_clock(date(2026, 12, 31), 23, 45)
    page = login(staff).get(reverse("core:home")).content.decode()
    assert "2026 年已开展活动 6 场" in page and "其中商会组织 3 场" in page


def test_the_export_holds_the_same_tables_and_is_audited(year, staff, login, chamber):  # type: ignore[no-untyped-def]
    response = login(staff).get(reverse("programs:figures_export"), {"year": year})
    book = load_workbook(io.BytesIO(response.content))
    by_type, by_organiser, by_site = book.worksheets
    assert by_site[1][0].value == "教育基地" and by_site.max_row == 2  # no activity at a site: the total row
    assert [c.value for c in by_type[1]] == ["活动类型", *[f"{m}月" for m in range(1, 13)], "合计"]
    assert [c.value for c in by_type[2]] == ["理论学习", *months(jan=1, mar=2), 3]
    assert [c.value for c in by_organiser[3]] == [chamber.name, *months(mar=1, dec=1), 2]
    assert [c.value for c in by_organiser[by_organiser.max_row]] == ["合计", *months(jan=2, mar=2, dec=2), 6]
    entry = AuditEntry.objects.get(action="export", object_type="programs.figures")
    assert "2026 年活动统计" in entry.summary and "6 场" in entry.summary


def test_the_figures_page_shows_the_year(year, leader, login):  # type: ignore[no-untyped-def]
    page = login(leader).get(reverse("programs:figures"), {"year": year}).content.decode()
    assert 'id="fig-total">6<' in page and "区工商联" in page


# The fixtures (personas, types) are made once; each example deletes the previous example's activities.
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(offsets=st.lists(st.integers(min_value=-48, max_value=365 * 24 + 48), max_size=8))
def test_every_activity_is_counted_once_in_the_month_of_its_shanghai_start(offsets, staff, types):  # type: ignore[no-untyped-def]
    Activity.objects.all().delete()
    start = datetime(2026, 1, 1, tzinfo=SHANGHAI)
    moments = [start + timedelta(hours=hours) for hours in offsets]
    for moment in moments:
        make_activity(staff, starts_at=moment)
    figures = selectors.figures(staff, 2026)
    expected = [0] * 12
    for moment in moments:
        local = moment.astimezone(SHANGHAI)
        if local.year == 2026:
            expected[local.month - 1] += 1
    assert figures.by_month.months == expected
    assert sum(row.total for row in figures.by_type) == sum(row.total for row in figures.by_organiser) == sum(expected)
