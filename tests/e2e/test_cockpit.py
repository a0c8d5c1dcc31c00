"""The cockpit in Chromium under the Content-Security-Policy: every chart is drawn by ECharts (a canvas in
each chart's box), the numbers are readable as a table, the tiles show the figures; the measures page's
month chart is drawn the same way. Screenshots at desktop and phone width into test-results/."""

from __future__ import annotations

from datetime import date

import pytest
from e2e_helpers import DESKTOP, log_in, settle

from kaopu.appeals import kpi
from kaopu.appeals.models import Appeal, Category
from kaopu.core import workdays
from kaopu.directory.models import Department
from kaopu.insights.periods import add_months
from kaopu.insights.testing import make_appeal

pytestmark = pytest.mark.browser
S = Appeal.State


@pytest.fixture
def appeals(world):  # type: ignore[no-untyped-def]
    """Fifteen appeals this month (three departments of five each, two categories), four the month before; the dates are
    today's month, whatever day the test runs (the figures are read back from the page, not pinned)."""
    this_month = workdays.local_today().replace(day=1)
    law = Category.objects.get(name="法律")
    departments = [world.department, *(Department.objects.create(district=world.district, name=name)
                                       for name in ("区人社局", "区税务局"))]
    for n in range(15):
        make_appeal(world, this_month, S.CLOSED, lead_department=departments[n % 3], signed_on_time=n != 3,
                    first_reply_days=2 + n, replied_late=n == 4, rating="5" if n % 2 else "3",
                    category=law if n < 3 else Category.objects.get(name="融资"))
    for n in range(4):
        make_appeal(world, add_months(this_month, -1), S.IN_PROGRESS if n else S.CLOSED,
                    lead_department=departments[0], signed_on_time=True, due_on=date(2000, 1, 1) if n else None)
    kpi.rebuild()
    return world


def _open_cockpit(page, base: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base + "/cockpit/")
    settle(page)
    page.wait_for_selector("[data-chart] canvas")


def test_the_cockpits_charts_draw_and_their_numbers_read_as_tables(appeals, live_server, new_page) -> None:  # type: ignore[no-untyped-def]
    page = new_page()
    log_in(page, live_server.url, "staff")
    _open_cockpit(page, live_server.url)
    boxes = page.locator("[id^='chart-appeals'] [data-chart]")
    assert boxes.count() == 4  # the ranking, two hotspots, the trend (the other modules' charts follow)
    for index in range(boxes.count()):
        boxes.nth(index).locator("canvas").first.wait_for()
    tile = page.locator('[data-metric="appeals.received"] .kpi-value')
    assert tile.inner_text() == "15"
    assert page.locator('[data-metric="appeals.overdue_now"] .kpi-value').inner_text() == "3"
    trend = page.locator("#chart-appeals\\.monthly_trend")
    trend.locator("[data-chart]").scroll_into_view_if_needed()
    box = trend.locator("[data-chart]").bounding_box()
    for step in range(5):  # the tooltip follows the pointer: drawn on the canvas, not as HTML
        page.mouse.move(box["x"] + box["width"] * (0.8 + step * 0.03), box["y"] + box["height"] * 0.6)
        page.wait_for_timeout(100)
    trend.locator("summary").click()
    last_row = trend.locator("tbody tr").last
    assert last_row.locator("td").first.inner_text() == "15"
    assert last_row.locator("td").nth(1).inner_text() == "100.0%"  # all closed, of those accepted
    ranking = page.locator("#chart-appeals\\.department_ranking")
    assert "5" in ranking.locator(".chart-note").inner_text()  # the minimum volume is said
    with page.expect_download() as download:
        page.locator("#chart-appeals\\.hotspots_category .chart-download a").click()
    assert download.value.suggested_filename.startswith("appeals.hotspots_category-")


def test_the_measures_month_chart_is_drawn_by_echarts(appeals, live_server, new_page, results_dir) -> None:  # type: ignore[no-untyped-def]
    page = new_page()
    log_in(page, live_server.url, "leader")
    page.goto(live_server.url + "/appeals/measures/")
    page.wait_for_selector("[data-chart=kpi-chart-data] canvas")
    assert page.locator("svg.kpi-chart").count() == 0
    page.screenshot(path=str(results_dir / "measures-desktop.png"), full_page=True)


@pytest.mark.parametrize(("label", "viewport"), [("desktop", DESKTOP), ("phone", {"width": 375, "height": 812})])
def test_cockpit_screenshots(appeals, live_server, new_page, results_dir, label, viewport) -> None:  # type: ignore[no-untyped-def]
    page = new_page(viewport=viewport)
    log_in(page, live_server.url, "leader")
    _open_cockpit(page, live_server.url)
    page.wait_for_timeout(300)
    page.screenshot(path=str(results_dir / f"cockpit-{label}.png"), full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"the cockpit is {overflow}px wider than a {viewport['width']}px screen"
    if label == "phone":  # two tiles a row, charts the whole width
        tops = page.eval_on_selector_all(".cockpit-tile", "tiles => tiles.slice(0, 3).map(t => t.offsetTop)")
        assert tops[0] == tops[1] < tops[2]
        width = page.eval_on_selector(".chart-card", "card => card.getBoundingClientRect().width")
        assert width > viewport["width"] - 60
    page.goto(live_server.url + "/cockpit/definitions/")
    page.screenshot(path=str(results_dir / f"cockpit-definitions-{label}.png"), full_page=True)


@pytest.mark.parametrize(("label", "viewport"), [("desktop", DESKTOP), ("phone", {"width": 375, "height": 812})])
def test_a_city_leader_compares_the_districts(appeals, live_server, new_page, results_dir, label, viewport) -> None:  # type: ignore[no-untyped-def]
    from kaopu.accounts.models import Organisation
    from kaopu.accounts.roles import OrganisationKind, Role
    from kaopu.core.testing import make_user

    city = Organisation.objects.create(kind=OrganisationKind.FIC, name="上海市工商联", district=None)
    make_user("city_leader", Role.DISTRICT_LEADER, city)
    make_appeal(appeals, workdays.local_today().replace(day=1), S.CLOSED, district=appeals.far_district,
                enterprise=appeals.far_enterprise, signed_on_time=True, first_reply_days=1, rating="4")
    kpi.rebuild()
    page = new_page(viewport=viewport)
    log_in(page, live_server.url, "city_leader")
    _open_cockpit(page, live_server.url)
    page.wait_for_selector("[data-chart=chart-data-districts] canvas")
    rows = page.locator("#district-table tbody tr")
    assert rows.count() == 2
    assert page.locator('[data-metric="appeals.received"] .kpi-value').inner_text() == "16"
    page.screenshot(path=str(results_dir / f"cockpit-city-{label}.png"), full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"the cockpit is {overflow}px wider than a {viewport['width']}px screen"
