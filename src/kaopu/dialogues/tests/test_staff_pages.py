"""The FIC staff's dialogue pages: each renders, forms refuse bad input with messages naming the
field, other roles and districts get 404, and lists read a fixed number of queries."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kaopu.accounts.models import Organisation
from kaopu.accounts.roles import OrganisationKind, Role
from kaopu.appeals.models import Appeal, Category
from kaopu.core.testing import make_enterprise, make_user
from kaopu.dialogues import actions
from kaopu.dialogues.models import Meeting, MeetingKind, RaisedIssue, Registration
from kaopu.dialogues.testing import make_meeting


@pytest.fixture(autouse=True)
def _fixed_today(pin_clock):  # type: ignore[no-untyped-def]
    pin_clock(date(2026, 9, 28))


def _text(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode()


def _messages(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(m) for m in response.context["messages"]] if response.context else []


def _enterprise_user(world, n):  # type: ignore[no-untyped-def]
    enterprise = make_enterprise(world.district, name=f"页面测试{n}号有限公司", subdistrict=world.subdistrict,
                                 industry_id="65")
    organisation = Organisation.objects.create(kind=OrganisationKind.ENTERPRISE, name=enterprise.name,
                                               district=world.district, enterprise=enterprise)
    return make_user(f"page_user_{n}", Role.ENTERPRISE_USER, organisation)


@pytest.fixture
def meeting(world, staff):  # type: ignore[no-untyped-def]
    return make_meeting(world.district, staff, capacity=3)


def _queries(client, url) -> int:  # type: ignore[no-untyped-def]
    """Queries of one request, after a first one filled the per-process caches (reference data)."""
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


# ---- roles ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["handler", "ent_user", "bank_officer", "lawyer", "chamber_officer", "sysadmin"])
def test_other_roles_get_404_on_every_staff_page(world, login, meeting, role) -> None:  # type: ignore[no-untyped-def]
    client = login(world.users[role])
    for url in ["/dialogues/", "/dialogues/new/", f"/dialogues/{meeting.pk}/", f"/dialogues/{meeting.pk}/edit/",
                f"/dialogues/{meeting.pk}/invite/", f"/dialogues/{meeting.pk}/check-in/",
                f"/dialogues/{meeting.pk}/minutes/", f"/dialogues/{meeting.pk}/report/",
                f"/dialogues/{meeting.pk}/report.xlsx", f"/dialogues/{meeting.pk}/sign-in-sheet/",
                "/dialogues/reports/series/", "/dialogues/reports/year.xlsx"]:
        assert client.get(url).status_code == 404, url


def test_staff_of_another_district_gets_404_on_the_meeting(world, login, far_staff, meeting) -> None:  # type: ignore[no-untyped-def]
    client = login(far_staff)
    for url in [f"/dialogues/{meeting.pk}/", f"/dialogues/{meeting.pk}/check-in/", f"/dialogues/{meeting.pk}/report/"]:
        assert client.get(url).status_code == 404
    assert client.post(f"/dialogues/{meeting.pk}/state/close/").status_code == 404
    assert "数字经济企业发展" not in _text(client.get("/dialogues/"))
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.OPEN


def test_leader_reads_but_cannot_change(world, login, leader, meeting) -> None:  # type: ignore[no-untyped-def]
    client = login(leader)
    page = client.get(f"/dialogues/{meeting.pk}/")
    assert page.status_code == 200 and "数字经济企业发展" in _text(page)
    assert "/edit/" not in _text(page)
    for url in [f"/dialogues/{meeting.pk}/report/", f"/dialogues/{meeting.pk}/sign-in-sheet/",
                "/dialogues/reports/series/", "/dialogues/reports/year/"]:
        assert client.get(url).status_code == 200, url
    for url in ["/dialogues/new/", f"/dialogues/{meeting.pk}/edit/", f"/dialogues/{meeting.pk}/check-in/",
                f"/dialogues/{meeting.pk}/minutes/", f"/dialogues/{meeting.pk}/invite/"]:
        assert client.get(url).status_code == 404, url
    assert client.post(f"/dialogues/{meeting.pk}/cancel/", {"reason": "x"}).status_code == 404


def test_nav_shows_dialogues_to_staff_and_leaders_only(world, login, staff, leader, ent_user) -> None:  # type: ignore[no-untyped-def]
    assert 'href="/dialogues/"' in _text(login(staff).get("/dialogues/"))
    assert 'href="/dialogues/"' in _text(login(leader).get("/appeals/measures/"))
    assert 'href="/dialogues/"' not in _text(login(ent_user).get("/appeals/my/"))


# ---- list and detail ----------------------------------------------------------------------------------


def test_list_filters_and_runs_a_fixed_number_of_queries(world, login, staff, meeting) -> None:  # type: ignore[no-untyped-def]
    client = login(staff)
    few = _queries(client, "/dialogues/")
    for n in range(8):
        make_meeting(world.district, staff, theme=f"第{n}场主题", state=Meeting.State.HELD)
    assert _queries(client, "/dialogues/") == few
    held = _text(client.get("/dialogues/?state=held"))
    assert "第3场主题" in held and "数字经济企业发展" not in held
    assert "年份" in _text(client.get("/dialogues/?year=abc"))  # an invalid filter says which field


def test_detail_shows_seats_groups_and_waitlist_in_a_fixed_number_of_queries(world, login, staff, meeting) -> None:  # type: ignore[no-untyped-def]
    client = login(staff)
    url = f"/dialogues/{meeting.pk}/"
    few = _queries(client, url)
    users = [_enterprise_user(world, n) for n in range(6)]
    regs = [actions.register(meeting.pk, acting_user=u) for u in users]
    for reg in regs[:5]:
        actions.approve(reg.pk, acting_user=staff)  # 3 approved, then 2 waitlisted
    assert _queries(client, url) == few
    page = client.get(url)
    text = _text(page)
    assert page.context["seats_taken"] == 3 and page.context["seats_left"] == 0
    assert [r.pk for r in page.context["waitlist"]] == [regs[3].pk, regs[4].pk]
    assert "候补中" in text and "已通过" in text
    assert text.index("页面测试3号") < text.index("页面测试4号")


def test_approve_decline_and_cancel_buttons(world, login, staff, meeting) -> None:  # type: ignore[no-untyped-def]
    client = login(staff)
    users = [_enterprise_user(world, n) for n in range(3)]
    regs = [actions.register(meeting.pk, acting_user=u) for u in users]
    client.post(f"/dialogues/registrations/{regs[0].pk}/approve/")
    client.post(f"/dialogues/registrations/{regs[1].pk}/decline/", {"note": "名额有限"})
    response = client.post(f"/dialogues/registrations/{regs[0].pk}/cancel/", follow=True)
    states = dict(Registration.objects.filter(meeting=meeting).values_list("pk", "state"))
    assert states[regs[0].pk] == "cancelled" and states[regs[1].pk] == "declined" and states[regs[2].pk] == "pending"
    assert Registration.objects.get(pk=regs[1].pk).note == "名额有限"
    assert any("已取消" in m or "取消" in m for m in _messages(response))
    # Approving a cancelled registration is refused with a message, not a 500.
    response = client.post(f"/dialogues/registrations/{regs[0].pk}/approve/", follow=True)
    assert response.status_code == 200 and _messages(response)


# ---- create, edit, state ------------------------------------------------------------------------------


def _form(**changes):  # type: ignore[no-untyped-def]
    kind = MeetingKind.objects.get(name="政企早餐会")
    data = {"kind": kind.pk, "theme": "生物医药企业早餐会", "starts_at": "2026-10-20T07:30",
            "ends_at": "2026-10-20T09:00", "venue": "区政府第二会议室", "capacity": "20",
            "seats_per_enterprise": "2", "requires_approval": "on", "registration_closes_at": "2026-10-18T17:00",
            "description": "", "industries": ["C", "M"]}
    data.update(changes)
    return data


def test_create_meeting_then_it_is_a_numbered_draft(world, login, staff, leader) -> None:  # type: ignore[no-untyped-def]
    client = login(staff)
    assert client.get("/dialogues/new/").status_code == 200
    response = client.post("/dialogues/new/", _form(leaders=[leader.pk], departments=[world.department.pk]))
    meeting = Meeting.objects.get(theme="生物医药企业早餐会")
    assert response.status_code == 302 and response["Location"] == f"/dialogues/{meeting.pk}/"
    assert meeting.state == Meeting.State.DRAFT and meeting.number == 1 and meeting.seats_per_enterprise == 2
    assert sorted(meeting.industries.values_list("code", flat=True)) == ["C", "M"]
    assert list(meeting.leaders.all()) == [leader]
    assert list(meeting.departments.all()) == [world.department]


@pytest.mark.parametrize(("changes", "words"), [
    ({"theme": ""}, "主题"),
    ({"capacity": "0"}, "名额"),
    ({"capacity": "abc"}, "名额"),
    ({"ends_at": "2026-10-20T07:00"}, "结束"),
    ({"starts_at": "昨天"}, "开始"),
    ({"registration_closes_at": "2026-10-21T08:00"}, "报名截止"),
    ({"seats_per_enterprise": "30"}, "每家企业名额"),
    ({"kind": "999"}, "类型"),
    ({"industries": ["ZZ"]}, "行业"),
])
def test_create_refuses_bad_input_naming_the_field(world, login, staff, changes, words) -> None:  # type: ignore[no-untyped-def]
    response = login(staff).post("/dialogues/new/", _form(**changes))
    assert response.status_code == 200
    shown = " ".join(_messages(response))
    assert words in shown, shown
    assert not Meeting.objects.exists()


def test_edit_refuses_fewer_seats_than_taken(world, login, staff, meeting) -> None:  # type: ignore[no-untyped-def]
    client = login(staff)
    for n in range(2):
        actions.approve(actions.register(meeting.pk, acting_user=_enterprise_user(world, n)).pk, acting_user=staff)
    assert client.get(f"/dialogues/{meeting.pk}/edit/").status_code == 200
    data = _form(capacity="1", seats_per_enterprise="1", theme="改后的主题", starts_at="2026-12-20T07:30",
                 ends_at="2026-12-20T09:00", registration_closes_at="")
    response = client.post(f"/dialogues/{meeting.pk}/edit/", data)
    assert response.status_code == 200 and any("名额" in m for m in _messages(response))
    meeting.refresh_from_db()
    assert meeting.capacity == 3 and meeting.theme == "数字经济企业发展"
    response = client.post(f"/dialogues/{meeting.pk}/edit/", {**data, "capacity": "5"})
    meeting.refresh_from_db()
    assert response.status_code == 302 and meeting.capacity == 5 and meeting.theme == "改后的主题"


def test_state_buttons_and_cancel_needs_a_reason(world, login, staff, meeting) -> None:  # type: ignore[no-untyped-def]
    client = login(staff)
    client.post(f"/dialogues/{meeting.pk}/state/close/")
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.CLOSED
    response = client.post(f"/dialogues/{meeting.pk}/cancel/", {"reason": ""}, follow=True)
    assert any("原因" in m for m in _messages(response))
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.CLOSED
    client.post(f"/dialogues/{meeting.pk}/cancel/", {"reason": "领导临时公务"})
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.CANCELLED and meeting.cancel_reason == "领导临时公务"
    response = client.post(f"/dialogues/{meeting.pk}/state/open/", follow=True)
    assert response.status_code == 200 and _messages(response)  # refused: a message, not a 500
    meeting.refresh_from_db()
    assert meeting.state == Meeting.State.CANCELLED


# ---- invitations --------------------------------------------------------------------------------------


def test_invite_lists_by_filters_and_invites_the_ticked(world, login, staff, meeting) -> None:  # type: ignore[no-untyped-def]
    client = login(staff)
    member = make_enterprise(world.district, name="会员企业甲有限公司", is_member=True, industry_id="65")
    make_enterprise(world.district, name="非会员企业乙有限公司", industry_id="65")
    page = _text(client.get(f"/dialogues/{meeting.pk}/invite/?member=1"))
    assert "会员企业甲有限公司" in page and "非会员企业乙有限公司" not in page
    assert world.far_enterprise.name not in _text(client.get(f"/dialogues/{meeting.pk}/invite/"))
    by_section = _text(client.get(f"/dialogues/{meeting.pk}/invite/?section=I"))
    assert "上海甲科技有限公司" in by_section and "上海乙餐饮管理有限公司" not in by_section
    response = client.post(f"/dialogues/{meeting.pk}/invite/", {"enterprise": [member.pk, world.enterprise_a.pk]})
    assert response.status_code == 302
    invited = set(Registration.objects.filter(meeting=meeting).values_list("enterprise_id", "state"))
    assert invited == {(member.pk, "approved"), (world.enterprise_a.pk, "approved")}
    response = client.post(f"/dialogues/{meeting.pk}/invite/", {"enterprise": [world.far_enterprise.pk]})
    assert response.status_code == 200 and any("企业" in m for m in _messages(response))
    assert not Registration.objects.filter(enterprise=world.far_enterprise).exists()


def test_invite_list_is_capped(world, login, staff, meeting, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("kaopu.dialogues.views_staff.INVITE_LIMIT", 1)
    response = login(staff).get(f"/dialogues/{meeting.pk}/invite/")
    assert response.context["truncated"] and len(response.context["enterprises"]) == 1


# ---- check-in, sign-in sheet, QR ----------------------------------------------------------------------


@pytest.fixture
def approved(world, staff, ent_user, meeting):  # type: ignore[no-untyped-def]
    return actions.approve(actions.register(meeting.pk, acting_user=ent_user, attendee_names="张三").pk,
                           acting_user=staff)


def test_check_in_by_code_says_what_happened(world, login, staff, meeting, approved, pin_clock) -> None:  # type: ignore[no-untyped-def]
    pin_clock(date(2026, 10, 5), 9, 30)  # half an hour before the meeting: check-in is open
    client = login(staff)
    page = _text(client.get(f"/dialogues/{meeting.pk}/check-in/"))
    assert "autofocus" in page and world.enterprise_a.name in page
    typed = f" {approved.code[:4].lower()}-{approved.code[4:]} "
    response = client.post(f"/dialogues/{meeting.pk}/check-in/", {"code": typed}, follow=True)
    assert any(world.enterprise_a.name in m for m in _messages(response))
    assert Registration.objects.get(pk=approved.pk).checked_in_at is not None
    again = _messages(client.post(f"/dialogues/{meeting.pk}/check-in/", {"code": approved.code}, follow=True))
    garbage = _messages(client.post(f"/dialogues/{meeting.pk}/check-in/", {"code": "<script>"}, follow=True))
    empty = _messages(client.post(f"/dialogues/{meeting.pk}/check-in/", {"code": ""}, follow=True))
    other = make_meeting(world.district, staff, starts_at=meeting.starts_at)
    wrong = _messages(client.post(f"/dialogues/{other.pk}/check-in/", {"code": approved.code}, follow=True))
    assert again and garbage and empty and wrong
    assert again != garbage != wrong
    assert "签到码" in empty[0]


def test_tick_list_checks_in_and_sheet_prints_the_approved(world, login, staff, meeting, approved,
                                                           pin_clock) -> None:  # type: ignore[no-untyped-def]
    pin_clock(date(2026, 10, 5), 9, 30)  # half an hour before the meeting: check-in is open
    client = login(staff)
    client.post(f"/dialogues/registrations/{approved.pk}/check-in/")
    assert Registration.objects.get(pk=approved.pk).checked_in_by == staff
    sheet = _text(client.get(f"/dialogues/{meeting.pk}/sign-in-sheet/"))
    assert world.enterprise_a.name in sheet and "张三" in sheet and "签名" in sheet and "@media print" not in sheet


def test_check_in_pages_run_a_fixed_number_of_queries(world, login, staff, meeting) -> None:  # type: ignore[no-untyped-def]
    client = login(staff)
    urls = [f"/dialogues/{meeting.pk}/check-in/", f"/dialogues/{meeting.pk}/sign-in-sheet/"]
    few = [_queries(client, url) for url in urls]
    for n in range(3):
        actions.approve(actions.register(meeting.pk, acting_user=_enterprise_user(world, n)).pk, acting_user=staff)
    assert [_queries(client, url) for url in urls] == few


def test_qr_image_for_staff_and_the_own_enterprise_only(world, login, staff, leader, ent_user, other_ent_user,
                                                        far_staff, approved) -> None:  # type: ignore[no-untyped-def]
    url = f"/dialogues/registrations/{approved.pk}/qr.svg"
    for user in (staff, leader, ent_user):
        response = login(user).get(url)
        assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
        assert response.content.lstrip().startswith(b"<svg")
    for user in (other_ent_user, far_staff, world.users["handler"]):
        assert login(user).get(url).status_code == 404
    pending = actions.register(approved.meeting_id, acting_user=other_ent_user)
    assert login(other_ent_user).get(f"/dialogues/registrations/{pending.pk}/qr.svg").status_code == 404


# ---- minutes and issues -------------------------------------------------------------------------------


def test_minutes_issues_and_turning_them_into_appeals(world, login, staff, meeting, approved) -> None:  # type: ignore[no-untyped-def]
    client = login(staff)
    url = f"/dialogues/{meeting.pk}/minutes/"
    client.post(url, {"minutes": "会议讨论了融资难题。"})
    meeting.refresh_from_db()
    assert meeting.minutes == "会议讨论了融资难题。"
    response = client.post(f"/dialogues/{meeting.pk}/minutes/issues/", {"enterprise": "", "summary": ""})
    shown = " ".join(_messages(response))
    assert response.status_code == 200 and "企业" in shown and "问题" in shown
    response = client.post(f"/dialogues/{meeting.pk}/minutes/issues/",
                           {"enterprise": world.enterprise_b.pk, "summary": "不是报名企业"})
    assert response.status_code == 200 and not RaisedIssue.objects.exists()  # not among the registrants
    for summary in ("贷款续贷审批慢，请求协调银行。", "高新技术企业认定咨询。"):
        client.post(f"/dialogues/{meeting.pk}/minutes/issues/",
                    {"enterprise": world.enterprise_a.pk, "summary": summary})
    first, second = RaisedIssue.objects.order_by("id")
    category = Category.objects.get(name="融资")
    response = client.post(f"/dialogues/{meeting.pk}/minutes/appeals/", {
        f"pick_{first.pk}": "on", f"kind_{first.pk}": "help", f"category_{first.pk}": "",
        f"pick_{second.pk}": "on", f"kind_{second.pk}": "consultation", f"category_{second.pk}": category.pk})
    assert response.status_code == 200 and any("问题 1" in m and "诉求" in m for m in _messages(response))
    assert not Appeal.objects.exists()  # all or none
    assert "请至少" in " ".join(_messages(client.post(f"/dialogues/{meeting.pk}/minutes/appeals/", {})))
    response = client.post(f"/dialogues/{meeting.pk}/minutes/appeals/", {
        f"pick_{first.pk}": "on", f"kind_{first.pk}": "help", f"category_{first.pk}": category.pk}, follow=True)
    assert len(_messages(response)) == 1 and "1 个问题" in _messages(response)[0]
    first.refresh_from_db()
    appeal = first.appeal
    assert appeal.source_meeting_id == meeting.pk and appeal.source == Appeal.Source.BREAKFAST
    assert appeal.enterprise_id == world.enterprise_a.pk and appeal.title == "贷款续贷审批慢，请求协调银行。"[:30]
    page = _text(client.get(url))
    assert f"/appeals/{appeal.pk}/" in page and appeal.get_state_display() in page
    assert f'name="pick_{second.pk}"' in page and f'name="pick_{first.pk}"' not in page


def test_minutes_page_runs_a_fixed_number_of_queries(world, login, staff, meeting, approved) -> None:  # type: ignore[no-untyped-def]
    client = login(staff)
    url = f"/dialogues/{meeting.pk}/minutes/"
    actions.add_issue(meeting.pk, acting_user=staff, enterprise=world.enterprise_a, summary="第一个问题")
    few = _queries(client, url)
    for n in range(4):
        actions.add_issue(meeting.pk, acting_user=staff, enterprise=world.enterprise_a, summary=f"问题{n}")
    assert _queries(client, url) == few


# ---- reports --------------------------------------------------------------------------------------------


def test_report_pages_render_with_a_fixed_number_of_queries(world, login, staff, meeting, approved) -> None:  # type: ignore[no-untyped-def]
    client = login(staff)
    kind = meeting.kind_id
    year = timezone.localtime(meeting.starts_at).year
    urls = [f"/dialogues/{meeting.pk}/report/", f"/dialogues/reports/series/?kind={kind}&year={year}",
            f"/dialogues/reports/year/?year={year}"]
    few = [_queries(client, url) for url in urls]
    for n in range(3):
        other = make_meeting(world.district, staff, theme=f"另一场{n}", starts_at=meeting.starts_at + timedelta(days=n))
        actions.add_issue(other.pk, acting_user=staff, enterprise=world.enterprise_a, summary="问题")
    actions.add_issue(meeting.pk, acting_user=staff, enterprise=world.enterprise_a, summary="问题")
    assert [_queries(client, url) for url in urls] == few
    series = _text(client.get(urls[1]))
    assert "另一场2" in series and "合计" in series
    assert "年份" in " ".join(_messages(client.get("/dialogues/reports/year/?year=abc")))
