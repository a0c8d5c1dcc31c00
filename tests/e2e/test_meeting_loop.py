"""One breakfast meeting's whole loop in the browser: FIC staff and an enterprise in their own contexts.

On the morning of the meeting (the clock pinned, so that check-in is open when staff reach it),
staff create a 政企早餐会 through the form (fields found by their Chinese labels) and open
registration; the enterprise finds it under 政企沟通 and registers with a topic; staff approve it; the
enterprise sees its check-in code; staff type that code on the check-in page; staff write the minutes,
record the enterprise's issue and turn it into an appeal (type and category); the follow-up report
shows 1 attended, 1 issue raised and 1 appeal (待受理), and the enterprise finds the appeal under
我的诉求. Every step goes through the pages only; once the world is built no service is called.
Screenshots of every step go to /tmp/e2e_meeting_shots/.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from e2e_helpers import PHONE, cast, field, settle

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/e2e_meeting_shots")
THEME = "数字经济企业专场"
VENUE = "区政府三楼会议室"
TOPIC = "希望了解研发费用加计扣除的申报口径"
MINUTES = "区领导与十家数字经济企业座谈，市场监管局、税务局到会答复。"
ISSUE = "研发费用加计扣除申报口径不清，希望税务部门上门辅导。"
DAY = date(2026, 9, 28)  # a Monday


@pytest.fixture
def meeting_world(world) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    """The personas, with the default meeting kinds and appeal categories (both are created by
    post_migrate, so absent after another test's flush)."""
    from kaopu.appeals.models import ensure_categories
    from kaopu.dialogues.models import ensure_kinds

    ensure_categories()
    ensure_kinds()
    yield world


@pytest.fixture
def people(meeting_world, live_server, new_page) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    yield cast(new_page, live_server.url, SHOTS)


def test_a_breakfast_meeting_goes_from_the_form_to_the_follow_up_report(meeting_world, people, time_machine):  # type: ignore[no-untyped-def]
    from kaopu.core.testing import local_moment

    # The morning of the meeting (08:00–09:30): check-in opens at 07:00, an hour before the start, and
    # the live server (this process) reads this ticking clock.
    time_machine.move_to(local_moment(DAY, 7, 10), tick=True)
    world = meeting_world
    enterprise_name = world.enterprise_a.name
    staff, enterprise = people("staff"), people("ent_user")

    # 1. Staff: 政企沟通 → 新建会议; the form, by its labels; created as a draft, then registration opens.
    staff.menu("政企沟通")
    staff.click("link", "新建会议")
    form = staff.page.locator("main form")
    field(form, "类型").select_option(label="政企早餐会")
    field(form, "主题").fill(THEME)
    starts = DAY.isoformat()
    field(form, "开始时间").fill(f"{starts}T08:00")
    field(form, "结束时间").fill(f"{starts}T09:30")
    field(form, "地点").fill(VENUE)
    field(form, "名额").fill("20")
    assert field(form, "报名需审核").is_checked()  # approval is the default
    staff.shot("meeting-form")
    form.locator("button[type=submit]").click()
    settle(staff.page)
    assert re.search(r"/dialogues/\d+/$", staff.page.url), staff.page.url
    meeting_path = staff.page.url.removeprefix(staff.base_url)
    heading = staff.heading()
    assert "政企早餐会" in heading and THEME in heading
    assert "草稿" in staff.page.locator("main section.card h2", has_text="会议").inner_text()
    staff.click("button", "开放报名")
    assert "报名中" in staff.page.locator("main section.card h2", has_text="会议").inner_text()
    assert staff.page.locator("#seats-left").inner_text() == "20"
    staff.shot("meeting-open")

    # 2. The enterprise: 政企沟通 lists the meeting; it registers with a topic and waits for approval.
    enterprise.menu("政企沟通")
    card = enterprise.page.locator("article.meeting-card", has_text=THEME)
    assert "政企早餐会" in card.inner_text() and VENUE in card.inner_text()
    enterprise.shot("meetings-open")
    card.get_by_role("link", name="报名", exact=True).click()
    settle(enterprise.page)
    register = enterprise.page.locator("#register-form")
    field(register, "拟反映的问题").fill(TOPIC)
    enterprise.shot("register-form")
    enterprise.click("button", "报名", register)
    my_meeting_path = enterprise.page.url.removeprefix(enterprise.base_url)
    mine = enterprise.page.locator("#my-registration")
    assert "待审核" in mine.inner_text()
    assert enterprise.page.locator("#register-form").count() == 0
    assert mine.locator(".code-text").count() == 0  # no code before approval
    enterprise.shot("registered")

    # 3. Staff: the registration waits with its topic; approve it; a seat is taken.
    staff.go(meeting_path)
    row = staff.page.locator("main table.dlg-registrations tbody tr", has_text=enterprise_name)
    assert TOPIC in row.inner_text()
    staff.click("button", "通过", row)
    assert enterprise_name in staff.messages()
    assert staff.page.locator("#seats-taken").inner_text() == "1"
    assert staff.page.locator("#seats-left").inner_text() == "19"
    staff.shot("approved")

    # 4. The enterprise sees its check-in code (and its QR image).
    enterprise.go(my_meeting_path)
    mine = enterprise.page.locator("#my-registration")
    assert "已通过" in mine.inner_text()
    code = mine.locator(".code-text").inner_text().strip()
    assert re.fullmatch(r"[0-9A-Z]{4}-?[0-9A-Z]+", code), code
    assert mine.locator("img.checkin-qr").count() == 1
    enterprise.shot("check-in-code")
    phone = people("ent_user", viewport=PHONE)  # at the door, on its phone: the code fits the screen
    phone.go(my_meeting_path)
    assert phone.page.locator("#my-registration .code-text").inner_text().strip() == code
    assert phone.page.locator("#my-registration .code-text").is_visible()
    overflow = phone.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"the meeting page is {overflow}px wider than a phone's screen"
    phone.shot("check-in-code-phone")

    # 5. Staff type the code on the check-in page (lower case, as someone would); success is shown.
    staff.click("link", "签到", staff.page.locator("nav.tabs"))
    tick = staff.page.locator("#tick-list tbody tr", has_text=enterprise_name)
    assert tick.get_by_role("button", name="签到", exact=True).count() == 1  # not yet checked in
    staff.page.locator("#check-in-form input[name=code]").fill(code.lower())
    staff.page.locator("#check-in-form input[name=code]").press("Enter")
    settle(staff.page)
    assert f"已签到：{enterprise_name}，1 人。" in staff.messages()
    assert tick.get_by_role("button", name="签到", exact=True).count() == 0
    assert "✓" in tick.inner_text()
    staff.shot("checked-in")
    staff.page.locator("#check-in-form input[name=code]").fill(code)  # the same code again is refused
    staff.page.locator("#check-in-form input[name=code]").press("Enter")
    settle(staff.page)
    assert f"该签到码已使用：{enterprise_name} 已于" in staff.messages()
    assert "已通过的 1 个报名中已有 1 个签到" in staff.page.locator("main .dlg-scan").inner_text()

    # 6. Staff write the minutes, add the enterprise's issue and turn it into an appeal.
    staff.click("link", "纪要与问题", staff.page.locator("nav.tabs"))
    field(staff.page, "会议纪要").fill(MINUTES)
    staff.click("button", "保存纪要")
    assert field(staff.page, "会议纪要").input_value() == MINUTES
    issue_form = staff.page.locator("#issue-form")
    field(issue_form, "企业").select_option(label=enterprise_name)
    field(issue_form, "会上问题").fill(ISSUE)
    staff.click("button", "添加该问题", issue_form)
    issue = staff.page.locator("#issues li.dlg-issue", has_text=ISSUE)
    assert enterprise_name in issue.inner_text()
    field(issue, "转为诉求").check()
    issue.get_by_label(re.compile(r"^\s*诉求类型\s")).select_option(label="咨询")  # the label wraps its select
    issue.get_by_label(re.compile(r"^\s*诉求类别\s")).select_option(label="审批")
    staff.shot("minutes-and-issue")
    staff.click("button", "将勾选的问题转为诉求")
    issue = staff.page.locator("#issues li.dlg-issue", has_text=ISSUE)
    assert "待受理" in issue.inner_text()
    appeal_title = ISSUE[:30]
    assert appeal_title in issue.inner_text()
    assert staff.page.locator("#appeals-form").count() == 0  # nothing left to turn into an appeal
    staff.shot("issue-appealed")

    # 7. The follow-up report: 1 attended, 1 issue raised, 1 appeal, which waits to be accepted.
    staff.click("link", "跟踪报告", staff.page.locator("nav.tabs"))
    figures = {
        tile.locator(".kpi-label").inner_text().strip(): tile.locator(".kpi-value").inner_text().strip()
        for tile in staff.page.locator("#report-figures .kpi-tile").all()
    }
    assert figures["已签到"] == "1", figures
    assert figures["会上问题"] == "1", figures
    assert figures["诉求"] == "1", figures
    by_state = staff.page.locator("#appeals-by-state").inner_text()
    assert re.search(r"待受理\s+1", by_state), by_state
    report_row = staff.page.locator("#report-issues tbody tr", has_text=ISSUE)
    assert enterprise_name in report_row.inner_text() and "待受理" in report_row.inner_text()
    staff.shot("report")

    # 8. The enterprise finds the new appeal under 我的诉求, waiting to be accepted.
    enterprise.menu("我的诉求")
    row = enterprise.page.locator("#appeal-table tbody tr", has_text=appeal_title)
    assert "待受理" in row.inner_text()
    enterprise.shot("my-appeals")
    row.get_by_role("link", name=appeal_title).click()
    settle(enterprise.page)
    assert appeal_title in enterprise.heading() and "待受理" in enterprise.heading()
    assert ISSUE in enterprise.page.locator("main").inner_text()
