"""Activities in the browser, at 1280 px and 390 px: staff record the FIC's activity with an enterprise
taking part and a photo and read the year's figures; the chamber officer finds their chamber's activities
on the start page and in their list, and no other chamber's. Screenshots go to test-results/activities/."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from e2e_helpers import DESKTOP, PHONE, RESULTS, field, log_in, pick

pytestmark = pytest.mark.browser
SHOTS = RESULTS / "activities"


@pytest.fixture
def scene(world, settings, tmp_path, time_machine):  # type: ignore[no-untyped-def]
    from kaopu.chambers.models import Membership
    from kaopu.chambers.testing import another_chamber, the_officers_chamber
    from kaopu.core.testing import local_moment
    from kaopu.programs import demo

    settings.MEDIA_ROOT = str(tmp_path)
    time_machine.move_to(local_moment(date(2026, 9, 28)), tick=True)
    chamber = the_officers_chamber(world)
    Membership.objects.create(chamber=chamber, enterprise=world.enterprise_a, joined_on=date(2020, 1, 1),
                              recorded_by=world.users["staff"])
    other, _officer = another_chamber(world)
    demo.load_demo(world.district)
    return {"chamber": chamber, "other": other}


def _shoot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _no_wider_than_the_screen(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def _jpeg(tmp_path: Any) -> str:
    from PIL import Image

    path = tmp_path / "会场.jpg"
    out = io.BytesIO()
    Image.new("RGB", (640, 400), (180, 40, 40)).save(out, "JPEG")
    path.write_bytes(out.getvalue())
    return str(path)


def test_staff_record_an_activity_with_a_photo_and_read_the_figures(scene, world, live_server, new_page,
                                                                    tmp_path):  # type: ignore[no-untyped-def]
    page = new_page(DESKTOP)
    log_in(page, live_server.url, "staff")
    page.goto(f"{live_server.url}/programs/")
    assert page.locator("#activity-table tbody tr").count() == 30
    _shoot(page, "01-staff-list")
    page.click("#activity-new")
    field(page, "活动类型").select_option(label="论坛/沙龙")
    field(page, "标题").fill("民营企业发展论坛（浏览器）")
    field(page, "开始时间").fill("2026-09-26T14:00")
    field(page, "地点").fill("区民营经济服务中心报告厅")
    field(page, "参与企业").fill(world.enterprise_a.name)
    field(page, "参加人数").fill("80")
    _shoot(page, "02-staff-form")
    page.click("#activity-form button[type=submit]")
    assert page.locator("h1").inner_text() == "民营企业发展论坛（浏览器）"
    assert world.enterprise_a.name in page.locator("#activity-enterprises").inner_text()
    page.click("#activity-photos")
    page.set_input_files("input[name=photo]", _jpeg(tmp_path))
    field(page, "照片说明").fill("论坛现场")
    page.click("#photo-form button[type=submit]")
    page.wait_for_selector("#photo-list img", timeout=15_000)
    assert page.locator("#photo-list img").count() == 1
    page.goto(f"{live_server.url}/programs/figures/?year=2026")
    assert int(page.locator("#fig-total").inner_text()) > 200
    _shoot(page, "03-staff-figures")
    phone = new_page(PHONE)
    log_in(phone, live_server.url, "staff")
    for path, name in (("/programs/", "04-phone-list"), ("/programs/figures/", "05-phone-figures")):
        phone.goto(f"{live_server.url}{path}")
        _shoot(phone, name)
    phone.goto(f"{live_server.url}/programs/")
    _no_wider_than_the_screen(phone)


def test_the_chamber_officer_sees_only_their_chambers_activities(scene, live_server, new_page):  # type: ignore[no-untyped-def]
    for viewport, suffix in ((DESKTOP, "desktop"), (PHONE, "phone")):
        page = new_page(viewport)
        log_in(page, live_server.url, "chamber_officer")
        assert page.locator("#panel-programs-recent li").count() >= 1
        _shoot(page, f"06-officer-start-{suffix}")
        page.goto(f"{live_server.url}/programs/chamber/")
        rows = page.locator("#activity-table tbody tr")
        assert rows.count() == 30
        _shoot(page, f"07-officer-list-{suffix}")
        rows.first.locator("a").click()
        assert page.locator("#activity-organiser").inner_text() == scene["chamber"].name
        _shoot(page, f"08-officer-detail-{suffix}")
        if suffix == "phone":
            _no_wider_than_the_screen(page)


def test_the_chamber_officer_records_an_activity_naming_a_member(scene, world, live_server, new_page):  # type: ignore[no-untyped-def]
    page = new_page(DESKTOP)
    log_in(page, live_server.url, "chamber_officer")
    page.goto(f"{live_server.url}/programs/chamber/")
    page.click("#activity-new")
    assert page.locator("#id_chamber").count() == 0  # the organiser is their chamber
    field(page, "活动类型").select_option(label="走访/考察")
    field(page, "标题").fill("走访会员企业（浏览器）")
    field(page, "开始时间").fill("2026-09-25T09:30")
    pick(page, "enterprises", "", world.enterprise_a.name)
    _shoot(page, "09-officer-form")
    page.click("#activity-form button[type=submit]")
    assert page.locator("h1").inner_text() == "走访会员企业（浏览器）"
    assert page.locator("#activity-organiser").inner_text() == scene["chamber"].name
    assert page.locator("#activity-enterprises").inner_text().strip() == world.enterprise_a.name
