"""The start pages (工作台) of the service roles in the browser, at desktop and phone (375 px) widths: the
bank officer's and the lawyer's queues, the chamber officer's notice and the pages open to them, and the
enterprise user's financing and legal to-dos and short lists. The counts and rows are those the test data
put there (kaopu.finance.testing.start_page_demands, kaopu.legal.testing.start_page_requests, on Monday
2026-09-28 at 10:00); a tile opens the list of exactly its rows. Screenshots go to test-results/workbench/."""

from __future__ import annotations

from typing import Any

import pytest
from e2e_helpers import DESKTOP, RESULTS, log_in, settle, start_page_morning

pytestmark = pytest.mark.browser
PHONE_375 = {"width": 375, "height": 812}
SHOTS = RESULTS / "workbench"


@pytest.fixture
def scene(world, time_machine):  # type: ignore[no-untyped-def]
    from kaopu.finance.testing import start_page_demands
    from kaopu.legal.testing import start_page_requests

    start_page_morning(world, time_machine, {
        "bank_officer": "孙经理", "lawyer": "周律师",
        "chamber_officer": "吴秘书长", "ent_user": "陈经理"})
    return {**start_page_demands(world), **start_page_requests(world)}


def _links(scene: dict[str, Any], url_name: str, *names: str) -> list[str]:
    """The addresses of the rows ``names`` of the scene (each row of a list or short list links to one)."""
    from django.urls import reverse

    return [reverse(url_name, args=[scene[name].pk]) for name in names]


# What each role's start page shows: to-do tiles (DOM id → count) and short lists (DOM id → the rows'
# addresses, top to bottom), from the scene.
def expected(persona: str, scene: dict[str, Any]) -> dict[str, Any]:
    if persona == "bank_officer":
        return {"tiles": {"finance-to_claim": "2", "finance-to_answer": "2"},
                "panels": {"finance-bank_queue": _links(scene, "finance:bank_demand", "to_claim_b_push",
                                                        "to_claim_a_push", "contacted_push", "claimed_push")}}
    if persona == "lawyer":
        return {"tiles": {"legal-lawyer_to_start": "2", "legal-lawyer_in_progress": "1"},
                "panels": {"legal-lawyer_queue": _links(scene, "legal:lawyer_detail", "a_assigned", "b_assigned",
                                                        "a_working")}}
    if persona == "ent_user":  # its appeals and meetings are none here: their tiles read 0
        return {"tiles": {"finance-to_consent": "2", "legal-to_rate": "2", "appeals-enterprise_to_rate": "0"},
                "panels": {
                    "finance-my_demands": _links(scene, "finance:my_demand", "no_consent2", "no_consent",
                                                 "to_claim_a", "contacted", "claimed"),
                    "legal-my_requests": _links(scene, "legal:my_detail", "a_new", "a_done2", "a_assigned",
                                                "a_working", "a_done")}}
    from django.urls import reverse

    return {"tiles": {}, "panels": {"accounts-chamber_links": [
        reverse(name) for name in ("meetings:upcoming", "meetings:calendar", "board:board")]}}


def _check_start_page(page: Any, want: dict[str, Any]) -> None:
    for key, count in want["tiles"].items():
        assert page.locator(f"#todo-{key} .wb-count").inner_text() == count, key
    for key, links in want["panels"].items():
        shown = page.locator(f"#panel-{key} ul.wb-rows > li .wb-row-text a").evaluate_all(
            "links => links.map(a => a.getAttribute('href'))")
        assert shown == links, key


@pytest.mark.parametrize("persona", ["bank_officer", "lawyer", "ent_user", "chamber_officer"])
def test_each_service_role_starts_on_its_queue_at_desktop_and_phone_width(scene, live_server, new_page, persona):
    want = expected(persona, scene)
    for label, viewport in (("desktop", DESKTOP), ("phone", PHONE_375)):
        page = new_page(viewport=viewport)
        log_in(page, live_server.url, persona)
        assert page.url.rstrip("/") == live_server.url, page.url  # the login lands on the start page
        assert page.locator("main h1").inner_text().startswith("欢迎")
        _check_start_page(page, want)
        page.screenshot(path=str(SHOTS / f"{persona}-{label}.png"), full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{persona}'s start page is {overflow}px wider than the {label} screen"
        if label == "phone" and page.locator(".wb-tile").count() >= 2:
            first, second = (page.locator(".wb-tile").nth(i).bounding_box() for i in (0, 1))
            assert first["y"] == second["y"] and second["x"] > first["x"], "tiles are not two by two"


def test_the_bank_officer_and_the_enterprise_read_the_banks_answers(scene, live_server, new_page):
    page = new_page(viewport=PHONE_375)
    log_in(page, live_server.url, "ent_user")
    demands = page.locator("#panel-finance-my_demands ul.wb-rows > li")
    assert demands.nth(0).get_attribute("class") == "late"  # no bank can see it until the consent
    assert "银行不可见" in demands.nth(0).inner_text()
    assert "农商银行·已认领" in demands.nth(4).inner_text() and "工商银行·待认领" in demands.nth(4).inner_text()
    page = new_page(viewport=PHONE_375)
    log_in(page, live_server.url, "bank_officer")
    queue = page.locator("#panel-finance-bank_queue ul.wb-rows > li").all_inner_texts()
    assert queue[0].startswith("上海乙餐饮管理有限公司") and "90万元" in queue[0]


def test_the_chamber_officer_sees_their_chambers_panel_and_each_link_opens(scene, live_server, new_page):
    page = new_page(viewport=PHONE_375)
    log_in(page, live_server.url, "chamber_officer")
    # The scene records no chamber for the officer's organisation: the panel says so instead of a 404.
    assert "尚未" in page.locator("#panel-chambers-our_chamber").inner_text()
    assert page.locator("#panel-accounts-chamber_links h2").count() == 1
    links = page.locator("#panel-accounts-chamber_links ul.wb-rows a")
    for i, name in enumerate(links.all_inner_texts()):
        with page.expect_navigation() as navigation:
            page.locator("#panel-accounts-chamber_links ul.wb-rows a").nth(i).click()
        assert navigation.value.status == 200, name
        assert "/accounts/login/" not in page.url and page.locator("main h1").count() == 1, name
        page.screenshot(path=str(SHOTS / f"chamber_officer-link-{i + 1}-phone.png"), full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{page.url} is {overflow}px wider than the phone"
        page.go_back()
        settle(page)


# A tile of each role and the list it opens: (persona, tile, the list's URL name and filter, its rows'
# container, the URL name of the rows' links, the scene's rows it must show).
TILE_LISTS = [
    ("bank_officer", "finance-to_claim", "finance:bank_worklist", "?tab=claim", "#push-table",
     "finance:bank_demand", ["to_claim_b_push", "to_claim_a_push"]),
    ("bank_officer", "finance-to_answer", "finance:bank_worklist", "?tab=mine", "#push-table",
     "finance:bank_demand", ["contacted_push", "claimed_push"]),
    ("lawyer", "legal-lawyer_to_start", "legal:lawyer_home", "?state=assigned", "#open-requests",
     "legal:lawyer_detail", ["a_assigned", "b_assigned"]),
    ("lawyer", "legal-lawyer_in_progress", "legal:lawyer_home", "?state=in_progress", "#open-requests",
     "legal:lawyer_detail", ["a_working"]),
    ("ent_user", "finance-to_consent", "finance:my_demands", "?state=submitted&consent=missing", "#demand-table",
     "finance:my_demand", ["no_consent2", "no_consent"]),
    ("ent_user", "legal-to_rate", "legal:my_list", "?state=completed", "#my-requests", "legal:my_detail",
     ["a_done2", "a_done"]),
]


@pytest.mark.parametrize(("persona", "tile", "list_name", "query", "table", "row_name", "rows"), TILE_LISTS)
def test_a_tile_opens_the_list_of_exactly_its_rows(scene, live_server, new_page, persona, tile, list_name, query,
                                                   table, row_name, rows):
    from django.urls import reverse

    page = new_page(viewport=PHONE_375)
    log_in(page, live_server.url, persona)
    page.locator(f"#todo-{tile}").click()
    settle(page)
    assert page.url == live_server.url + reverse(list_name) + query
    shown = page.locator(f"{table} tbody tr td:first-child a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))")
    assert sorted(shown) == sorted(_links(scene, row_name, *rows))
    page.screenshot(path=str(SHOTS / f"list-{tile}-phone.png"), full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{page.url} is {overflow}px wider than the phone"
