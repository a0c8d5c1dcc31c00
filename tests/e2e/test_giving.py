"""Giving in the browser, at 1280 px and 390 px: the enterprise user reports a donation with an evidence file
(我的捐赠), staff find it on their start page and confirm it, the totals page shows the new total, the
enterprise sees it confirmed; another enterprise's user gets 404 on its URL. Screenshots go to
test-results/giving/."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from e2e_helpers import DESKTOP, PHONE, RESULTS, field, log_in, settle

pytestmark = pytest.mark.browser
SHOTS = RESULTS / "giving"


@pytest.fixture
def scene(world, settings, tmp_path, time_machine):  # type: ignore[no-untyped-def]
    from kaopu.core.testing import local_moment
    from kaopu.giving.testing import make_donation, make_honour

    settings.MEDIA_ROOT = str(tmp_path)
    time_machine.move_to(local_moment(date(2026, 9, 28)), tick=True)
    staff = world.users["staff"]
    # History: 7亿元 confirmed (so the page reads 7.00亿元 before and 7.01亿元 after the new one).
    make_donation(staff, enterprise=world.enterprise_b, money="700000000", category="对口支援",
                  donated_on=date(2021, 5, 1), recipient="云南省文山州对口支援项目")
    make_honour(staff, kind="enterprise", enterprise=world.enterprise_a, title="上海市文明单位", level="municipal",
                year=2025, awarded_by="上海市精神文明建设委员会")
    return world


def _shoot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _no_wider_than_the_screen(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_an_enterprise_reports_staff_confirm_and_the_total_grows(scene, live_server, new_page,
                                                                 tmp_path):  # type: ignore[no-untyped-def]
    receipt = tmp_path / "捐赠收据.pdf"
    receipt.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")

    enterprise = new_page(DESKTOP)
    log_in(enterprise, live_server.url, "ent_user")
    enterprise.goto(f"{live_server.url}/giving/mine/")
    enterprise.click("#donation-new")
    field(enterprise, "捐赠日期").fill("2026-09-20")
    field(enterprise, "捐赠类别").select_option(label="乡村振兴")
    field(enterprise, "捐赠资金（元）").fill("1,000,000")
    field(enterprise, "受赠方").fill("“万企兴万村”结对帮扶村")
    field(enterprise, "项目").fill("万企兴万村")
    enterprise.set_input_files("input[name=uploads]", str(receipt))
    _shoot(enterprise, "01-enterprise-report")
    enterprise.click("#donation-save")
    settle(enterprise)
    assert "等待确认" in enterprise.locator("main").inner_text()
    assert enterprise.locator("#donation-evidence a", has_text="捐赠收据.pdf").count() == 1
    donation_url = enterprise.url
    _shoot(enterprise, "02-enterprise-reported")

    staff = new_page(DESKTOP)
    log_in(staff, live_server.url, "staff")
    staff.goto(f"{live_server.url}/giving/totals/")
    assert staff.locator("#cumulative-words").inner_text() == "累计捐赠7.00亿元"
    staff.goto(f"{live_server.url}/")
    staff.get_by_role("link", name="待确认的捐赠").first.click()
    settle(staff)
    staff.locator("#donation-table a").first.click()
    settle(staff)
    assert staff.url == donation_url
    _shoot(staff, "03-staff-to-confirm")
    staff.click("#donation-confirm")
    settle(staff)
    assert "捐赠已确认" in staff.locator("main").inner_text()
    staff.goto(f"{live_server.url}/giving/totals/")
    assert staff.locator("#cumulative-words").inner_text() == "累计捐赠7.01亿元"
    assert "乡村振兴" in staff.locator("#by-category").inner_text()
    _shoot(staff, "04-staff-totals")

    enterprise.goto(f"{live_server.url}/giving/mine/")
    assert enterprise.locator("#donation-table [data-state=confirmed]").count() == 1
    _shoot(enterprise, "05-enterprise-confirmed")

    other = new_page(DESKTOP)
    log_in(other, live_server.url, "other_ent_user")
    response = other.goto(donation_url)
    assert response is not None and response.status == 404
    other.goto(f"{live_server.url}/giving/mine/")
    table = other.locator("#donation-table").inner_text()
    assert "结对帮扶村" not in table and "云南省文山州对口支援项目" in table  # its own only


def test_the_pages_fit_a_phone(scene, live_server, new_page):  # type: ignore[no-untyped-def]
    page = new_page(PHONE)
    log_in(page, live_server.url, "staff")
    for path, name in (("/giving/", "06-phone-list"), ("/giving/totals/", "07-phone-totals"),
                       ("/giving/honours/", "08-phone-honours"), ("/giving/new/", "09-phone-form")):
        page.goto(live_server.url + path)
        settle(page)
        _no_wider_than_the_screen(page)
        _shoot(page, name)
    desktop = new_page(DESKTOP)
    log_in(desktop, live_server.url, "staff")
    for path, name in (("/giving/honours/", "10-desktop-honours"), ("/giving/new/", "11-desktop-form")):
        desktop.goto(live_server.url + path)
        settle(desktop)
        _shoot(desktop, name)
