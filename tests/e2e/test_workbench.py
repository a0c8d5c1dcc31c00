"""Each role's start page (工作台) in the browser, at desktop and phone (375 px) widths: the counts the test
data put there (kaopu.appeals.testing.start_page_appeals, kaopu.dialogues.testing.start_page_meetings, on
Monday 2026-09-28 at 10:00), the late ones in red, the short lists, a tile that leads to its list; on a
phone the tiles stand two by two and nothing is wider than the screen. Screenshots go to
test-results/workbench/."""

from __future__ import annotations

from typing import Any

import pytest
from e2e_helpers import DESKTOP, RESULTS, log_in, settle, start_page_morning

pytestmark = pytest.mark.browser
PHONE_375 = {"width": 375, "height": 812}
SHOTS = RESULTS / "workbench"

# What each role's start page shows: to-do tiles (their DOM id → count) and short lists (id → rows shown).
EXPECTED: dict[str, dict[str, Any]] = {
    "staff": {"tiles": {"appeals-staff_accept": "2", "appeals-staff_dispatch": "1", "appeals-staff_review": "1",
                        "appeals-staff_returns": "1", "appeals-staff_extensions": "1", "appeals-staff_overdue": "2",
                        "appeals-staff_unsatisfied": "2", "dialogues-staff_registrations": "2"},
              "late": ["appeals-staff_overdue", "appeals-staff_unsatisfied"],
              "panels": {"appeals-staff_overdue": 2, "dialogues-staff_this_week": 3}},
    "handler": {"tiles": {"appeals-department_sign_for": "2", "appeals-department_reply": "3",
                          "appeals-department_opinion": "1", "appeals-department_overdue": "1"},
                "late": ["appeals-department_overdue"],
                "panels": {"appeals-department_deadlines": 5}},
    "ent_user": {"tiles": {"appeals-enterprise_to_rate": "1"}, "late": [],
                 "panels": {"appeals-enterprise_open": 5, "dialogues-enterprise_upcoming": 3}},
    "leader": {"tiles": {"appeals-leader_overdue": "2", "appeals-leader_unsatisfied": "2"},
               "late": ["appeals-leader_overdue", "appeals-leader_unsatisfied"],
               "panels": {"appeals-leader_overdue": 2, "appeals-leader_cockpit": 1}},
}


@pytest.fixture
def scene(world, time_machine):  # type: ignore[no-untyped-def]
    from kaopu.appeals.testing import start_page_appeals
    from kaopu.dialogues.testing import start_page_meetings

    start_page_morning(world, time_machine, {
        "staff": "李晓燕", "handler": "王建军", "ent_user": "陈经理",
        "leader": "赵区长"})
    return {"appeals": start_page_appeals(world), "meetings": start_page_meetings(world)}


def _check_start_page(page: Any, persona: str) -> None:
    expected = EXPECTED[persona]
    for key, count in expected["tiles"].items():
        assert page.locator(f"#todo-{key} .wb-count").inner_text() == count, key
    late = page.locator(".wb-tile.late").evaluate_all("tiles => tiles.map(t => t.id)")
    assert late == [f"todo-{key}" for key in expected["late"]]
    for key, rows in expected["panels"].items():
        assert page.locator(f"#panel-{key} ul.wb-rows > li").count() == rows, key
        assert page.locator(f"#panel-{key} .wb-panel-head a").inner_text() == "全部"


@pytest.mark.parametrize("persona", list(EXPECTED))
def test_each_role_starts_on_what_needs_it_at_desktop_and_phone_width(scene, live_server, new_page, persona):
    for label, viewport in (("desktop", DESKTOP), ("phone", PHONE_375)):
        page = new_page(viewport=viewport)
        log_in(page, live_server.url, persona)
        assert page.url.rstrip("/") == live_server.url, page.url  # the login lands on the start page
        assert page.locator("main h1").inner_text().startswith("欢迎")
        _check_start_page(page, persona)
        page.screenshot(path=str(SHOTS / f"{persona}-{label}.png"), full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{persona}'s start page is {overflow}px wider than the {label} screen"
        if label == "phone" and page.locator(".wb-tile").count() >= 2:
            first, second = (page.locator(".wb-tile").nth(i).bounding_box() for i in (0, 1))
            assert first["y"] == second["y"] and second["x"] > first["x"], "tiles are not two by two"


# A tile of each role and the list it opens: (persona, tile, the list's address, its rows' container, rows).
TILE_LISTS = [
    ("staff", "appeals-staff_returns", "/appeals/all/?pending=return", "#appeal-table tbody tr", 1),
    ("staff", "appeals-staff_unsatisfied", "/appeals/all/?unsatisfied=1", "#appeal-table tbody tr", 2),
    ("handler", "appeals-department_opinion", "/appeals/inbox/?tab=opinion", "#inbox-table tbody tr", 1),
    ("leader", "appeals-leader_overdue", "/appeals/overview/?overdue=1", "#appeal-table tbody tr", 2),
    ("ent_user", "appeals-enterprise_to_rate", "/appeals/my/?state=replied", "#appeal-table tbody tr", 1),
    ("staff", "dialogues-staff_registrations", "/dialogues/?pending=on", "#meeting-table tbody tr", 2),
]


@pytest.mark.parametrize(("persona", "tile", "address", "rows", "count"), TILE_LISTS)
def test_a_tile_leads_to_the_list_of_exactly_its_rows(scene, live_server, new_page, persona, tile, address, rows,
                                                      count):
    page = new_page(viewport=PHONE_375)
    log_in(page, live_server.url, persona)
    page.locator(f"#todo-{tile}").click()
    settle(page)
    assert page.url == live_server.url + address
    assert page.locator(rows).count() == count
    page.screenshot(path=str(SHOTS / f"list-{tile}-phone.png"), full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{address} is {overflow}px wider than the phone"


def test_the_enterprise_reads_its_check_in_code_on_its_start_page(scene, live_server, new_page):
    from kaopu.dialogues import codes

    page = new_page(viewport=PHONE_375)
    log_in(page, live_server.url, "ent_user")
    upcoming = page.locator("#panel-dialogues-enterprise_upcoming").inner_text()
    assert f"签到码 {codes.display(scene['meetings']['free_a'].code)}" in upcoming
