"""Lecturers and education sites in the browser, at 1280 px and 390 px: staff book a lecturer who has an
account for an activity held at an education site (from the activity's page), the lecturer logs in, finds
the invitation on the start page and accepts it, and staff see it accepted in the lecturer's history.
Screenshots go to test-results/lecturers/."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from e2e_helpers import DESKTOP, PHONE, RESULTS, field, log_in, settle

pytestmark = pytest.mark.browser
SHOTS = RESULTS / "lecturers"


@pytest.fixture
def scene(world, time_machine):  # type: ignore[no-untyped-def]
    from kaopu.core.testing import local_moment
    from kaopu.programs.testing import make_activity, make_types
    from kaopu.programs.tests.lectsites import make_lecturer, make_site

    time_machine.move_to(local_moment(date(2026, 9, 28)), tick=True)
    staff = world.users["staff"]
    make_types()
    site = make_site(staff, name="苏州河红色印迹教育示范点", kind="demonstration", subdistrict=world.subdistrict.pk)
    make_site(staff, name="上海甲科技有限公司理想信念教育指导点", host_enterprise=world.enterprise_a.pk)
    lecturer = make_lecturer(staff, name="李明", kind="entrepreneur", enterprise=world.enterprise_a.pk,
                             account="ent_user", topics="数字化转型实践\n青年企业家成长之路")
    make_lecturer(staff, name="王建华", affiliation="华东师范大学经济与管理学部教授", topics="民营经济高质量发展")
    activity = make_activity(staff, title="“靠谱”企业家讲堂", type_name="论坛/沙龙", site=site.pk, place="多功能厅",
                             starts_at=local_moment(date(2026, 9, 28) + timedelta(days=10), 14))
    return {"activity": activity, "lecturer": lecturer, "site": site}


def _shoot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _no_wider_than_the_screen(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_staff_book_a_lecturer_who_accepts_from_the_start_page(scene, live_server, new_page):  # type: ignore[no-untyped-def]
    base = live_server.url
    staff = new_page(DESKTOP)
    log_in(staff, base, "staff")
    staff.goto(f"{base}/programs/{scene['activity'].pk}/")
    assert "苏州河红色印迹教育示范点" in staff.locator("#activity-site").inner_text()
    staff.click("#activity-book-lecturer")
    staff.get_by_role("link", name="李明", exact=True).click()
    settle(staff)
    assert "“靠谱”企业家讲堂" in staff.locator("#id_event option:checked").inner_text()
    field(staff, "讲授题目").fill("数字化转型实践")
    field(staff, "备注").fill("约 40 分钟，含互动交流")
    _shoot(staff, "01-staff-books")
    staff.click("#booking-form button[type=submit]")
    settle(staff)
    assert "已向讲师发出预约" in staff.locator("main").inner_text()
    assert "待答复" in staff.locator("#booking-table").inner_text()

    lecturer = new_page(PHONE)
    log_in(lecturer, base, "ent_user")
    panel = lecturer.locator("#panel-programs-invitations")
    assert "“靠谱”企业家讲堂" in panel.inner_text()
    _no_wider_than_the_screen(lecturer)
    _shoot(lecturer, "02-lecturer-start-page-390")
    panel.get_by_role("link", name="“靠谱”企业家讲堂").first.click()
    settle(lecturer)
    _shoot(lecturer, "03-lecturer-invitations-390")
    lecturer.locator("#invitations-waiting .booking-accept").click()
    settle(lecturer)
    assert "已接受预约" in lecturer.locator("main").inner_text()
    assert "已接受" in lecturer.locator("#invitations-answered").inner_text()

    staff.goto(f"{base}/programs/lecturers/{scene['lecturer'].pk}/")
    history = staff.locator("#booking-table").inner_text()
    assert "已接受" in history and "“靠谱”企业家讲堂" in history
    _shoot(staff, "04-staff-sees-it-accepted")


def test_the_sites_and_the_group_read_well_on_a_desktop_and_a_phone(scene, live_server, new_page):  # type: ignore[no-untyped-def]
    for viewport, suffix in ((DESKTOP, "1280"), (PHONE, "390")):
        page = new_page(viewport)
        log_in(page, live_server.url, "staff")
        page.goto(f"{live_server.url}/programs/sites/")
        assert page.locator("#site-table tbody tr").count() == 2
        _no_wider_than_the_screen(page)
        _shoot(page, f"05-sites-{suffix}")
        page.goto(f"{live_server.url}/programs/lecturers/?q=数字化")
        assert page.locator("#lecturer-table tbody tr").count() == 1
        _no_wider_than_the_screen(page)
        _shoot(page, f"06-lecturers-{suffix}")
        page.goto(f"{live_server.url}/programs/sites/{scene['site'].pk}/")
        _shoot(page, f"07-site-{suffix}")
