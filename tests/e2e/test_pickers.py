"""The pickers in Chromium under the Content-Security-Policy (the new_page fixture fails a test on any
violation or script error): staff record an appeal finding the enterprise by typing part of its name
and picking the meeting from the newest ones, and dispatch an appeal searching the lead department
and adding co-handling departments as chips. Screenshots at desktop and phone width go to
test-results/pickers/."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from e2e_helpers import DESKTOP, PHONE, log_in, pick, picker_rows, settle

pytestmark = pytest.mark.browser


@pytest.fixture
def shots(results_dir) -> Path:  # type: ignore[no-untyped-def]
    folder = results_dir / "pickers"
    folder.mkdir(exist_ok=True)
    return folder


@pytest.fixture
def picker_world(world):  # type: ignore[no-untyped-def]
    """Categories (emptied by another test's flush), a held meeting, and departments of three kinds."""
    from django.utils import timezone

    from kaopu.appeals.models import ensure_categories
    from kaopu.dialogues.models import Meeting
    from kaopu.dialogues.testing import make_meeting
    from kaopu.directory.models import Department

    ensure_categories()
    make_meeting(world.district, world.users["staff"], theme="融资对接会", state=Meeting.State.HELD,
                 starts_at=timezone.now() - timedelta(days=30))
    world.meeting = make_meeting(world.district, world.users["staff"], theme="稳岗政策宣讲",
                                 state=Meeting.State.HELD, starts_at=timezone.now() - timedelta(days=2))
    for name in ("区税务局", "区公安分局", "区财政局", "区人社局"):
        Department.objects.create(district=world.district, name=name)
    for name in ("万里街道", "长征镇"):
        Department.objects.create(district=world.district, name=name, kind=Department.Kind.STREET_OFFICE)
    return world


def _new_appeal_page(new_page: Any, base_url: str, viewport: dict[str, int]) -> Any:
    page = new_page(viewport=viewport)
    log_in(page, base_url, "staff")
    page.goto(base_url + "/appeals/new/")
    settle(page)
    return page


def test_staff_find_the_enterprise_by_typing_pick_it_and_record_the_appeal(picker_world, live_server, new_page,
                                                                            shots):  # type: ignore[no-untyped-def]
    from kaopu.appeals.models import Appeal

    world = picker_world
    page = _new_appeal_page(new_page, live_server.url, DESKTOP)
    control = page.locator("#id_enterprise-ts-control")
    assert control.get_attribute("placeholder") == "输入企业名称的一部分或统一社会信用代码"
    control.click()
    control.press_sequentially("科技", delay=30)  # two characters: the directory's short-query search
    rows = page.locator("#id_enterprise-ts-dropdown [role=option]")
    rows.first.wait_for()
    assert picker_rows(page, "enterprise") == ["上海甲科技有限公司"]  # not 静安's, not the 餐饮 one
    assert world.enterprise_a.credit_code in rows.first.inner_text()  # the hint names the credit code
    page.screenshot(path=str(shots / "new-appeal-enterprise-open-desktop.png"), full_page=True)
    rows.first.click()
    assert page.locator("#id_enterprise").input_value() == world.enterprise_a.credit_code

    page.select_option("#id_source", "breakfast")
    page.locator("#id_source_meeting_id-ts-control").click()
    page.locator("#id_source_meeting_id-ts-dropdown [role=option]").first.wait_for()
    meetings = picker_rows(page, "source_meeting_id")
    assert [re.sub(r"第\d+期 ", "", text) for text in meetings] == ["政企早餐会 稳岗政策宣讲", "政企早餐会 融资对接会"]
    pick(page, "source_meeting_id", "稳岗", "稳岗政策宣讲")
    page.select_option("#id_kind", "help")
    page.select_option("#id_category", label="用工")
    page.fill("#id_title", "一线工人招聘困难")
    page.fill("#id_content", "企业扩产需要招聘一线工人五十名，招聘进度缓慢，请求协调人社部门。")
    page.fill("#id_contact_name", "周晓东")  # who raised it at the meeting (the directory has no contact phone)
    page.fill("#id_contact_phone", "13812345678")
    with page.expect_navigation():
        page.get_by_role("button", name="登记", exact=True).click()
    settle(page)

    appeal = Appeal.objects.get(title="一线工人招聘困难")
    assert page.url.endswith(f"/appeals/{appeal.pk}/")
    assert (appeal.enterprise_id, appeal.source, appeal.source_meeting_id) == (
        world.enterprise_a.pk, "breakfast", world.meeting.pk)


def test_a_refused_enterprise_keeps_the_field_named_and_the_picker_working(picker_world, live_server, new_page,
                                                                           shots):  # type: ignore[no-untyped-def]
    world = picker_world
    page = _new_appeal_page(new_page, live_server.url, PHONE)
    control = page.locator("#id_enterprise-ts-control")
    control.click()
    control.press_sequentially("甲科", delay=30)
    page.locator("#id_enterprise-ts-dropdown [role=option]").first.wait_for()
    page.screenshot(path=str(shots / "new-appeal-enterprise-open-phone.png"), full_page=True)
    page.keyboard.press("Enter")  # the first row, by keyboard
    assert page.locator("#id_enterprise").input_value() == world.enterprise_a.credit_code
    page.get_by_role("button", name="登记", exact=True).click()  # no title, no content
    settle(page)
    errors = page.locator("main .errorlist").all_inner_texts()
    assert "标题：这个字段是必填项。" in errors and "诉求内容：这个字段是必填项。" in errors
    # the enterprise picked stays picked, shown by its name
    assert page.locator("#id_enterprise").input_value() == world.enterprise_a.credit_code
    assert page.locator(".ts-wrapper .item", has_text=world.enterprise_a.name).count() == 1


def test_staff_search_the_lead_department_and_add_co_handlers_as_chips(picker_world, live_server, new_page,
                                                                       shots):  # type: ignore[no-untyped-def]
    from kaopu.appeals import actions
    from kaopu.appeals.models import Appeal, Category

    world = picker_world
    appeal = actions.submit_appeal(enterprise=world.enterprise_a, acting_user=world.users["ent_user"], kind="help",
                                   category=Category.objects.get(name="用工"), title="招工难", content="请协调。")
    actions.accept(appeal.pk, acting_user=world.users["staff"])
    for viewport, name in ((PHONE, "phone"), (DESKTOP, "desktop")):
        page = new_page(viewport=viewport)
        log_in(page, live_server.url, "staff")
        page.goto(f"{live_server.url}/appeals/{appeal.pk}/")
        settle(page)
        assert page.locator("#id_lead-ts-control").get_attribute("placeholder") == "请选择牵头部门"
        page.locator("#id_lead-ts-control").click()
        assert picker_rows(page, "lead") == ["区财政局", "区公安分局", "区人社局", "区市场监管局", "区税务局",
                                             "长征镇", "万里街道"]
        headers = page.locator("#id_lead-ts-dropdown .optgroup-header").all_inner_texts()
        assert headers == ["政府部门", "街道办事处"]
        page.screenshot(path=str(shots / f"dispatch-lead-open-{name}.png"), full_page=True)
        page.keyboard.press("Escape")

    pick(page, "lead", "公安", "区公安分局")
    pick(page, "co_handlers", "czj", "区财政局")  # the initials of qu cai zheng ju
    pick(page, "co_handlers", "长征", "长征镇")
    chips = page.locator("#appeal-actions .ts-wrapper.multi .item").all_inner_texts()
    assert [chip.rstrip("×").strip() for chip in chips] == ["区财政局", "长征镇"]
    page.locator("main h2", has_text="当前可办理").click()  # close the drop-down, as a person clicks away
    page.screenshot(path=str(shots / "dispatch-chosen-desktop.png"), full_page=True)
    with page.expect_navigation():
        page.get_by_role("button", name="派单", exact=True).click()
    settle(page)

    appeal = Appeal.objects.get(pk=appeal.pk)
    assert (appeal.state, appeal.lead_department.name) == ("dispatched", "区公安分局")
    assert sorted(appeal.co_handlers.values_list("department__name", flat=True)) == ["区财政局", "长征镇"]
