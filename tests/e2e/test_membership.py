"""FIC membership in the browser: staff decide an application, issue the year's invoices and record a partial
payment; the enterprise user sees their dues; each page fits a 1280 px and a 390 px screen. Screenshots go to
test-results/membership/."""

from __future__ import annotations

from datetime import date

import pytest
from e2e_helpers import DESKTOP, PHONE, RESULTS, log_in

pytestmark = pytest.mark.browser
SHOTS = RESULTS / "membership"


@pytest.fixture
def scene(world, time_machine):  # type: ignore[no-untyped-def]
    from kaopu.core.testing import local_moment, make_enterprise
    from kaopu.membership import actions
    from kaopu.membership.testing import make_categories, make_member, make_person

    time_machine.move_to(local_moment(date(2026, 9, 28)), tick=True)
    staff = world.users["staff"]
    categories = make_categories(staff)
    make_member(staff, world.enterprise_a, categories["理事"], "2021-03-01")
    for n in range(6):
        make_member(staff, make_enterprise(world.district, name=f"上海普陀会员{n}号科技有限公司"),
                    categories["会员"], f"2026-0{n + 1}-10")
    make_person(staff, categories["常务理事"], "王建国", "2020-05-01", work_unit="上海建国实业有限公司",
                position="董事长", phone="13912345678")
    for name, amount in (("会员", "1000"), ("理事", "3000"), ("常务理事", "5000")):
        actions.set_dues_rate(acting_user=staff, year=2026, category=categories[name], amount=amount)
    actions.apply_for_membership(acting_user=world.users["other_ent_user"],
                                 statement="我司愿加入工商联，参与商会活动。")
    return categories


def _fits(page, label):  # type: ignore[no-untyped-def]
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{page.url} is {overflow}px wider than the {label} screen"


def test_staff_issue_invoices_record_a_payment_and_the_enterprise_sees_its_dues(scene, live_server, new_page):
    page = new_page(viewport=DESKTOP)
    log_in(page, live_server.url, "staff")
    page.goto(f"{live_server.url}/membership/applications/")
    page.click("button[value=approve]")
    assert "入会申请已批准" in page.inner_text("main")
    page.goto(f"{live_server.url}/membership/dues/?year=2026")
    page.click("#issue-button")
    assert "当年会费通知已开具" in page.inner_text("main")
    page.goto(f"{live_server.url}/membership/invoices/?year=2026")
    page.locator(".invoice-table tr:has-text('上海甲科技有限公司') a").first.click()
    page.fill("#id_amount", "1200")
    page.fill("#id_receipt_number", "HF2026-0001")
    page.click("#payment-form button")
    assert "缴费已登记" in page.inner_text("main")
    for viewport, label in ((DESKTOP, "desktop"), (PHONE, "phone")):
        page.set_viewport_size(viewport)
        for name, path in (("members", "/membership/"), ("dues", "/membership/dues/?year=2026"),
                           ("arrears", "/membership/arrears/"), ("committee", "/membership/committee/"),
                           ("invoices", "/membership/invoices/?year=2026")):
            page.goto(f"{live_server.url}{path}")
            page.screenshot(path=str(SHOTS / f"staff-{name}-{label}.png"), full_page=True)
            _fits(page, label)
        page.goto(f"{live_server.url}/membership/")
        page.locator("#member-table a:text('上海甲科技有限公司')").click()
        page.screenshot(path=str(SHOTS / f"staff-member-{label}.png"), full_page=True)
        _fits(page, label)
    assert "139****5678" in page.goto(f"{live_server.url}/membership/").text()

    ours = new_page(viewport=PHONE)
    log_in(ours, live_server.url, "ent_user")
    ours.goto(f"{live_server.url}/membership/ours/")
    text = ours.inner_text("main")
    assert "1800.00" in text and "HF2026-0001" in text
    ours.screenshot(path=str(SHOTS / "enterprise-phone.png"), full_page=True)
    _fits(ours, "phone")
