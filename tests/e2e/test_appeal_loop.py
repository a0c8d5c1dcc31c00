"""One appeal's whole loop in the browser, with four people in four browser contexts.

The enterprise submits in the Chinese UI, FIC staff accept it from the triage queue (it then waits in
the 待交办 queue with its dispatch deadline) and dispatch it with the department picker, the lead
department signs for it and replies, a district leader adds an instruction (批示) on the way, the
enterprise rates 不满意 (refused until it writes why), the department replies again and the
enterprise (now on its phone) rates 满意. Every step goes through the pages only; once the world is
built no service is called. Each step asserts what the person sees; the bell of whoever must act
next counts one more unread notification, and opening the appeal reads it (the bell falls back).
Screenshots of every step go to /tmp/e2e_shots/.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from e2e_helpers import PHONE, cast, field, pick, picker_rows, settle
from e2e_helpers import Person as BasePerson

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/e2e_shots")
TITLE = "食品经营许可证延续审批进度咨询"
CONTENT = "我司食品经营许可证将于下月到期，延续申请已提交两周仍无进展，请协助了解审批进度。"
FIRST_REPLY = "已联系审批科室，材料尚缺一份健康证明，补齐后五个工作日内办结。"
UNSATISFIED = "答复没有说明缺的是哪位员工的健康证明，无法补交。"
INSTRUCTION = "请市场监管局主要负责同志督办，务必在期限内办结。"
SECOND_REPLY = "经核实，缺少员工王某的健康证明；已电话告知企业，补交后当日办结。"
SATISFIED = "问题已解决，感谢。"


@pytest.fixture
def loop_world(world) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    """The personas, the default categories, a second department for the picker, and a staff-entered
    calendar for any year around today that the holiday library does not know yet (deadlines are
    counted from the real date here: the live server's thread cannot see a monkeypatched today)."""
    from django.utils import timezone

    from kaopu.appeals.models import ensure_categories
    from kaopu.core import workdays
    from kaopu.core.models import CalendarDay, CalendarYear
    from kaopu.directory.models import Department

    ensure_categories()  # created by post_migrate, so absent after another test's flush
    Department.objects.create(district=world.district, name="区人社局")
    workdays.forget()
    today = workdays.local_today()
    for year in (today.year, today.year + 1):
        if workdays.known_calendar(year) is None:
            entered = CalendarYear.objects.create(year=year, notice="e2e", entered_at=timezone.now())
            new_year = date(year, 1, 1)
            if new_year.weekday() < 5:
                CalendarDay.objects.create(year=entered, date=new_year, kind=CalendarDay.Kind.HOLIDAY, name="元旦")
    workdays.forget()
    yield world
    workdays.forget()


class Person(BasePerson):
    """A person of the appeal loop: also reads the bell and the timeline."""

    def bell(self) -> int:
        """The unread count the topbar bell shows on a freshly loaded page (htmx fetches it after load)."""
        with self.page.expect_response(lambda response: "/notifications/bell/" in response.url):
            self.page.reload()
        settle(self.page)
        count = self.page.locator("a.bell .bell-count")
        return int(count.inner_text()) if count.count() else 0

    def timeline(self) -> str:
        return self.page.locator("main ol.timeline").inner_text()


@pytest.fixture
def people(loop_world, live_server, new_page) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    yield cast(new_page, live_server.url, SHOTS, Person)


def test_one_appeal_goes_round_the_whole_loop(loop_world, people):  # type: ignore[no-untyped-def]
    from kaopu.core import workdays

    world = loop_world
    enterprise, staff, handler, leader = (people(name) for name in ("ent_user", "staff", "handler", "leader"))
    bells = {p.username: p.bell() for p in (enterprise, staff, handler)}
    assert bells == {"ent_user": 0, "staff": 0, "handler": 0}

    # 1. The enterprise submits through "我的诉求" → "提交诉求", fields found by their Chinese labels.
    enterprise.click("link", "我的诉求", enterprise.page.locator("nav.mainnav"))
    assert enterprise.heading() == "我的诉求"
    assert enterprise.page.locator("#appeal-table tbody a").count() == 0  # nothing submitted yet
    enterprise.click("link", "提交诉求")
    form = enterprise.page.locator("main form.stacked")
    field(form, "诉求类型").select_option(label="咨询")
    field(form, "诉求类别").select_option(label="审批")
    field(form, "标题").fill(TITLE)
    field(form, "诉求内容").fill(CONTENT)
    # The account has no phone: "someone else" is chosen, with the user's name filled in; the phone is typed.
    assert field(form, "联系人").input_value() == "ent_user"
    field(form, "联系电话").fill("138 1234 5678")
    enterprise.shot("submit-form")
    enterprise.click("button", "提交", form)
    assert re.search(r"/appeals/my/\d+/$", enterprise.page.url), enterprise.page.url
    appeal_path = enterprise.page.url.removeprefix(enterprise.base_url)
    assert "诉求已提交" in enterprise.messages()
    assert TITLE in enterprise.heading() and "待受理" in enterprise.heading()
    assert re.match(r"PT-\d{4}-000001 ", enterprise.heading())  # its number, before the title
    assert enterprise.page.locator("#contact-phone").inner_text() == "13812345678"
    assert "尚未答复" in enterprise.page.locator("#replies").inner_text()
    assert enterprise.page.locator("#withdraw-form").is_visible()  # may still withdraw before a reply
    enterprise.shot("submitted")

    # 2. Staff: the bell counts the new appeal; it waits in the triage queue; accept, then dispatch.
    assert staff.bell() == bells["staff"] + 1
    staff.go("/appeals/triage/")
    row = staff.page.locator("#triage-table tbody tr", has_text=TITLE)
    assert "待受理" in row.inner_text() and world.enterprise_a.name in row.inner_text()
    staff.shot("triage")
    row.get_by_role("link", name=TITLE).click()
    settle(staff.page)
    staff_path = staff.page.url.removeprefix(staff.base_url)
    assert staff.bell() == bells["staff"]  # opening the appeal read its notification
    assert "提交诉求" in staff.timeline() and "待受理" not in staff.timeline()  # the event, not the state
    staff.click("button", "受理")
    assert "待受理" not in staff.heading() and "已受理" in staff.heading()
    dispatch_due = workdays.add_working_days(workdays.local_today(), 1)  # 交办: one working day by default
    assert staff.page.locator("main dl.facts dt:text-is('交办截止') + dd").inner_text() == dispatch_due.isoformat()
    staff.go("/appeals/triage/?queue=dispatch")  # accepted, it waits in the 待交办 queue with its deadline
    assert "待交办" in staff.page.locator("#queue-dispatch").inner_text()
    assert dispatch_due.isoformat() in staff.page.locator("#triage-table tbody tr", has_text=TITLE).inner_text()
    staff.shot("to-dispatch")
    staff.go(staff_path)
    staff.page.locator("#id_lead-ts-control").click()
    assert picker_rows(staff.page, "lead") == ["区人社局", "区市场监管局"]  # the district's, in pinyin order
    pick(staff.page, "lead", "监管", world.department.name)  # found by typing part of the name
    staff.shot("dispatch-form")
    staff.click("button", "派单")
    assert "已派单" in staff.messages() and "已派单" in staff.heading()
    assert world.department.name in staff.page.locator("main section.card", has_text="办理情况").inner_text()
    staff.go("/appeals/triage/")
    assert staff.page.locator("#triage-table tbody tr", has_text=TITLE).count() == 0  # triaged

    # 3. The lead department: the bell counts it, the inbox lists it; sign for it.
    assert handler.bell() == bells["handler"] + 1
    handler.go("/appeals/inbox/")
    row = handler.page.locator("#inbox-table tbody tr", has_text=TITLE)
    assert "已派单" in row.inner_text() and "主办" in row.inner_text()
    handler.shot("inbox")
    row.get_by_role("link", name=TITLE).click()
    settle(handler.page)
    handler_path = handler.page.url.removeprefix(handler.base_url)
    assert handler.bell() == bells["handler"]  # read by opening the appeal
    assert handler.page.locator("main dl.facts dt:text-is('签收截止')").count() == 1
    assert handler.page.locator("#reply-form").count() == 0  # no reply before signing for it
    handler.click("button", "签收")
    assert "已签收" in handler.messages() and "办理中" in handler.heading()
    reply_due = workdays.add_working_days(workdays.local_today(), 2)  # 咨询: reply within 2 working days
    assert handler.page.locator("main dl.facts dt:text-is('答复截止') + dd").inner_text() == reply_due.isoformat()

    # 4. A district leader finds it on the overview and writes an instruction (批示).
    leader.go("/appeals/overview/")
    assert "办理中" in leader.page.locator("#appeal-table tbody tr", has_text=TITLE).inner_text()
    leader.click("link", TITLE, leader.page.locator("#appeal-table"))
    assert leader.page.url.endswith(staff_path)
    field(leader.page, "批示内容").fill(INSTRUCTION)
    leader.click("button", "填写批示")
    assert INSTRUCTION in leader.timeline()
    leader.shot("instruction")

    # 5. The department: the bell counts the instruction; it sees it (internal) and replies.
    handler.go("/appeals/inbox/")  # not the appeal's page, which would read the notification on reloading
    assert handler.bell() == bells["handler"] + 1
    handler.go(handler_path)
    assert handler.bell() == bells["handler"]
    instruction = handler.page.locator("ol.timeline li", has_text=INSTRUCTION)
    assert "内部" in instruction.inner_text()
    field(handler.page.locator("#reply-form"), "答复").fill(FIRST_REPLY)
    handler.shot("reply-form")
    handler.click("button", "提交答复")
    assert "答复已发送给企业" in handler.messages() and "已答复" in handler.heading()
    assert handler.page.locator("#reply-form").count() == 0

    # 6. The enterprise: the bell counts the answer; it sees the reply, never the instruction; rates 不满意.
    enterprise.click("link", "我的诉求", enterprise.page.locator("nav.mainnav"))
    assert enterprise.bell() == bells["ent_user"] + 1
    row = enterprise.page.locator("#appeal-table tbody tr", has_text=TITLE)
    assert "已答复" in row.inner_text()
    row.get_by_role("link", name=TITLE).click()
    settle(enterprise.page)
    assert enterprise.page.url.endswith(appeal_path)
    assert enterprise.bell() == bells["ent_user"]  # the answer is read on its page
    assert "第1次答复" in enterprise.page.locator("#replies").inner_text()
    assert FIRST_REPLY in enterprise.page.locator("#replies").inner_text()
    assert enterprise.page.locator("main dl.facts dt:text-is('评价截止')").count() == 1  # not 办理时限
    assert "按“未评价”办结" in enterprise.page.locator("#rate-deadline").inner_text()
    assert INSTRUCTION not in enterprise.page.content()
    assert enterprise.page.locator("#withdraw-form").count() == 0  # too late to withdraw
    rate = enterprise.page.locator("#rate-form")
    field(rate, "不满意").check()
    enterprise.click("button", "提交评价", rate)  # no reason: refused, naming the field
    assert "意见：请写明不满意的原因" in enterprise.messages()
    assert "已答复" in enterprise.heading()
    rate = enterprise.page.locator("#rate-form")
    field(rate, "不满意").check()
    field(rate, "意见").fill(UNSATISFIED)
    enterprise.shot("rate-unsatisfied")
    enterprise.click("button", "提交评价", rate)
    assert "感谢您的评价" in enterprise.messages()
    assert "办理中" in enterprise.heading()  # reopened: back with the department
    assert enterprise.page.locator("#rate-form").count() == 0
    enterprise.shot("reopened")

    # 7. The department: the bell counts the reopening; the inbox shows it in progress again; reply again.
    handler.go("/appeals/inbox/")
    assert handler.bell() == bells["handler"] + 1
    assert "办理中" in handler.page.locator("#inbox-table tbody tr", has_text=TITLE).inner_text()
    handler.page.locator("#inbox-table").get_by_role("link", name=TITLE).click()
    settle(handler.page)
    assert UNSATISFIED in handler.timeline()  # the reason for discontent, read on reopening
    field(handler.page.locator("#reply-form"), "答复").fill(SECOND_REPLY)
    handler.click("button", "提交答复")
    assert "已答复" in handler.heading()
    handler.shot("second-reply")

    # 8. The enterprise, now on its phone: both replies; rates 满意; the appeal is closed (已办结).
    phone = people("ent_user", viewport=PHONE)
    assert phone.bell() == bells["ent_user"] + 1  # the second answer (the first was read in step 6)
    phone.go(appeal_path)
    replies = phone.page.locator("#replies").inner_text()
    assert replies.index("第1次答复") < replies.index(FIRST_REPLY) < replies.index("第2次答复") \
        < replies.index(SECOND_REPLY)
    rate = phone.page.locator("#rate-form")
    choices = rate.locator("label.choice")
    assert choices.count() == 5
    assert min(choices.nth(n).bounding_box()["height"] for n in range(5)) >= 44  # a thumb's size
    assert min(choices.nth(n).bounding_box()["width"] for n in range(5)) >= 300  # the phone's width
    choices.filter(has_text=re.compile(r"^\s*满意\s*$")).click()  # tapping the words, not the small circle
    assert field(rate, "满意").is_checked()
    field(rate, "意见").fill(SATISFIED)
    phone.shot("rate-satisfied-phone")
    phone.click("button", "提交评价", rate)
    assert "已办结" in phone.heading()
    assert phone.page.locator("main dl.facts dt:text-is('评价') + dd").inner_text() == "满意"
    assert phone.page.locator("#rate-form").count() == 0
    assert phone.page.locator("#withdraw-form").count() == 0
    phone.shot("closed-phone")
    overflow = phone.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"the appeal page is {overflow}px wider than a phone's screen"
    timeline = phone.timeline()
    # The enterprise's timeline reads as sentences of who did what.
    _assert_in_order(timeline, ["您提交了诉求", f"{world.department.name}已答复", FIRST_REPLY, "您评价答复为“不满意”",
                                UNSATISFIED, SECOND_REPLY, "您评价答复为“满意”", SATISFIED])
    assert f"已将诉求交办给{world.department.name}" in timeline and "→" not in timeline
    assert INSTRUCTION not in timeline

    enterprise.go("/appeals/my/")
    assert "已办结" in enterprise.page.locator("#appeal-table tbody tr", has_text=TITLE).inner_text()

    # 9. Staff see it closed, with both replies, both ratings and the instruction in the timeline.
    staff.go(staff_path)
    assert "已办结" in staff.heading()
    assert staff.page.locator("main dl.facts dt:text-is('评价') + dd").inner_text() == "满意"
    timeline = staff.timeline()
    _assert_whole_loop(timeline)
    assert INSTRUCTION in timeline
    staff.shot("closed-staff")
    staff.go("/appeals/all/")
    assert "已办结" in staff.page.locator("tbody tr", has_text=TITLE).inner_text()
    staff.shot("all-appeals")


def _assert_whole_loop(timeline: str) -> None:
    """Both replies and both ratings (with their comments) appear, in the order they happened."""
    _assert_in_order(timeline, ["提交诉求", FIRST_REPLY, UNSATISFIED, "评价：不满意", SECOND_REPLY, SATISFIED,
                                "评价：满意"])


def _assert_in_order(timeline: str, expected: list[str]) -> None:
    positions = [timeline.find(text) for text in expected]
    assert -1 not in positions, dict(zip(expected, positions, strict=True))
    assert positions == sorted(positions), "the timeline is not in the order things happened"
