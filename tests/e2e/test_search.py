"""The platform search from the header box: staff type in it on a desktop and see the results grouped by
kind; an enterprise user on a phone taps the magnifier, searches on the page and opens "more" of a kind.
Screenshots: test-results/search/."""

from __future__ import annotations

import pytest
from e2e_helpers import RESULTS, log_in, settle

from kaopu.core.tests.search_world import build_search_data

pytestmark = pytest.mark.browser

SHOTS = RESULTS / "search"
PHONE_375 = {"width": 375, "height": 812}


@pytest.fixture
def data(world):  # type: ignore[no-untyped-def]
    SHOTS.mkdir(parents=True, exist_ok=True)
    return build_search_data(world)


def _kinds(page) -> list[str]:  # type: ignore[no-untyped-def]
    return [text.split()[0] for text in page.locator("section.search-group h2").all_inner_texts()]


def test_staff_search_from_the_header_box_and_see_results_grouped_by_kind(data, live_server, new_page) -> None:
    page = new_page()
    log_in(page, live_server.url, "staff")
    page.fill("#topsearch input[name=q]", "甲")
    page.press("#topsearch input[name=q]", "Enter")
    settle(page)
    assert "/search/?q=%E7%94%B2" in page.url
    assert page.title().startswith("搜索 · ")
    assert _kinds(page) == ["企业", "人员", "诉求", "会议", "法律服务申请", "融资需求", "招商线索"]
    assert page.locator("#search-appealsappeals li").inner_text().startswith(data.a.appeal.number)
    assert "139****1111" in page.locator("#search-directorypeople").inner_text()
    page.screenshot(path=str(SHOTS / "desktop-staff.png"), full_page=True)

    page.click("#search-appealsappeals >> text=在列表中查看")
    settle(page)
    assert "/appeals/all/?q=%E7%94%B2" in page.url
    assert page.locator("#id_q").input_value() == "甲"


def test_an_enterprise_user_searches_on_a_phone(data, live_server, new_page) -> None:
    page = new_page(viewport=PHONE_375)
    log_in(page, live_server.url, "ent_user")
    # No room for a field in the phone's top bar: the magnifier opens the search page and its box.
    assert not page.locator("#topsearch input[name=q]").is_visible()
    page.click("#topsearch button")
    settle(page)
    assert "/search/" in page.url
    assert "请输入要查找的内容" in page.locator("#search-problem").inner_text()
    page.fill("#search-q", "乙")  # the other enterprise's word: nothing of it
    page.press("#search-q", "Enter")
    settle(page)
    assert _kinds(page) == ["会议"]  # only the meeting open to every enterprise (甲乙企业座谈)
    page.fill("#search-q", "甲")
    page.press("#search-q", "Enter")
    settle(page)
    assert _kinds(page) == ["企业", "人员", "诉求", "会议", "法律服务申请", "融资需求"]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_375["width"]
    page.screenshot(path=str(SHOTS / "phone-enterprise.png"), full_page=True)

    page.click("#search-financedemands >> text=在列表中查看")
    settle(page)
    assert "/finance/my/?q=%E7%94%B2" in page.url
    assert page.locator("main .list-search input[name=q]").input_value() == "甲"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_375["width"]
    page.screenshot(path=str(SHOTS / "phone-enterprise-more.png"), full_page=True)
