"""Follow-up reports on a hand-computed case: who came, what was raised, and how the appeals that
followed were handled (closed, on time, rated, satisfied), for a meeting, a series and a year."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from kaopu.accounts.models import Organisation
from kaopu.accounts.roles import OrganisationKind, Role
from kaopu.appeals import actions as appeal_actions
from kaopu.appeals.models import Appeal, Category
from kaopu.core.testing import make_enterprise, make_user
from kaopu.dialogues import actions, selectors
from kaopu.dialogues.models import Meeting, Registration
from kaopu.dialogues.testing import make_meeting, soon

S = Appeal.State


@pytest.fixture(autouse=True)
def _fixed_today(pin_clock):  # type: ignore[no-untyped-def]
    pin_clock(date(2026, 9, 28))


def _user_of_new_enterprise(world, n):  # type: ignore[no-untyped-def]
    enterprise = make_enterprise(world.district, name=f"报告测试{n}号有限公司")
    organisation = Organisation.objects.create(kind=OrganisationKind.ENTERPRISE, name=enterprise.name,
                                               district=world.district, enterprise=enterprise)
    return make_user(f"report_user_{n}", Role.ENTERPRISE_USER, organisation)


def _close(appeal, world, rating):  # type: ignore[no-untyped-def]
    users = world.users
    appeal_actions.reply(appeal.pk, acting_user=users["handler"], text="已协调解决。")
    rater = users["ent_user"] if appeal.enterprise_id == world.enterprise_a.pk else users["other_ent_user"]
    return appeal_actions.rate(appeal.pk, acting_user=rater, rating=rating, comment="答复未解决问题")


@pytest.fixture
def held_meeting(world, staff, ent_user, other_ent_user):  # type: ignore[no-untyped-def]
    """4 registrations (3 approved, 2 of them checked in, 1 pending) and one withdrawn; 3 issues → 3
    appeals: closed on time rated 满意; closed late rated 不满意 then 满意; in progress."""
    meeting = make_meeting(world.district, staff, capacity=5, starts_at=soon())  # check-in is open
    third, fourth, withdrawn = (_user_of_new_enterprise(world, n) for n in range(3))
    regs = [actions.register(meeting.pk, acting_user=u, topic="融资") for u in
            (ent_user, other_ent_user, third, fourth, withdrawn)]
    for reg in regs[:3]:
        actions.approve(reg.pk, acting_user=staff)
    actions.cancel_registration(regs[4].pk, acting_user=withdrawn)
    actions.check_in(meeting.pk, acting_user=staff, code=regs[0].code)
    actions.check_in_registration(regs[1].pk, acting_user=staff)
    actions.mark_held(meeting.pk, acting_user=staff)
    issues = [actions.add_issue(meeting.pk, acting_user=staff, enterprise=enterprise, summary=summary)
              for enterprise, summary in ((world.enterprise_a, "贷款续贷审批慢，请求协调银行。"),
                                          (world.enterprise_b, "厂房租金补贴申请材料不清楚。"),
                                          (world.enterprise_a, "高新技术企业认定咨询。"))]
    category = Category.objects.get(name="融资")
    appeals = actions.issues_to_appeals(meeting.pk, acting_user=staff,
                                        items=[(i.pk, Appeal.Kind.HELP, category) for i in issues])
    for appeal in appeals:
        appeal_actions.accept(appeal.pk, acting_user=staff)
        appeal_actions.dispatch(appeal.pk, acting_user=staff, lead=world.department)
        appeal_actions.sign_for(appeal.pk, acting_user=world.users["handler"])
    _close(appeals[0], world, Appeal.Rating.SATISFIED)
    reopened = _close(appeals[1], world, Appeal.Rating.DISSATISFIED)
    assert reopened.state == S.IN_PROGRESS
    _close(appeals[1], world, Appeal.Rating.SATISFIED)
    # The second reply came after its deadline (the appeal's own fact, as the deadline sweep sets it).
    Appeal.objects.filter(pk=appeals[1].pk).update(replied_late=True)
    return meeting


def test_meeting_report_figures(held_meeting, django_assert_num_queries):  # type: ignore[no-untyped-def]
    with django_assert_num_queries(3):
        report = selectors.followup_report(held_meeting)
    assert (report.registered, report.approved, report.attended, report.issues) == (4, 3, 2, 3)
    assert report.appeals == 3
    assert report.by_state == {S.CLOSED: 2, S.IN_PROGRESS: 1}
    assert (report.closed, report.closed_on_time, report.rated, report.satisfied) == (2, 1, 2, 2)
    assert report.on_time_rate == 0.5 and report.satisfaction_rate == 1.0
    assert report.completion_rate == pytest.approx(2 / 3) and report.attendance_rate == pytest.approx(2 / 3)
    assert [state for state, _label, _n in report.by_state_labelled] == [S.IN_PROGRESS, S.CLOSED]


def test_appeals_keep_their_meeting_and_source(held_meeting):  # type: ignore[no-untyped-def]
    appeals = Appeal.objects.filter(source_meeting=held_meeting)
    assert {a.source for a in appeals} == {Appeal.Source.BREAKFAST}
    assert sorted(a.title for a in appeals) == sorted(["贷款续贷审批慢，请求协调银行。", "厂房租金补贴申请材料不清楚。",
                                                      "高新技术企业认定咨询。"])


def test_series_and_year_totals(world, staff, held_meeting, other_ent_user,
                                django_assert_num_queries):  # type: ignore[no-untyped-def]
    second = make_meeting(world.district, staff, capacity=5, requires_approval=False,
                          starts_at=held_meeting.starts_at + timedelta(days=1))
    actions.register(second.pk, acting_user=other_ent_user)
    issue = actions.add_issue(second.pk, acting_user=staff, enterprise=world.enterprise_b, summary="用工招聘难")
    actions.issues_to_appeals(second.pk, acting_user=staff,
                              items=[(issue.pk, Appeal.Kind.HELP, Category.objects.get(name="用工"))])
    # Not counted: a cancelled meeting of the series, and another district's meeting.
    cancelled = make_meeting(world.district, staff)
    actions.cancel_meeting(cancelled.pk, acting_user=staff, reason="场地调整")
    far = make_meeting(world.far_district, world.users["far_staff"])
    with django_assert_num_queries(4):
        rows, total = selectors.series_report(staff, kind=held_meeting.kind)
    assert [r.meeting for r in rows] == [held_meeting, second]
    assert (total.registered, total.approved, total.attended, total.issues, total.appeals) == (5, 4, 2, 4, 4)
    assert total.by_state == {S.CLOSED: 2, S.IN_PROGRESS: 1, S.SUBMITTED: 1}
    assert (total.closed, total.closed_on_time, total.rated, total.satisfied) == (2, 1, 2, 2)
    year = timezone.localtime(held_meeting.starts_at).year
    rows, year_total = selectors.year_report(staff, year=year)
    assert far not in [r.meeting for r in rows] and cancelled not in [r.meeting for r in rows]
    assert year_total.appeals == 4 and year_total.registered == 5
    assert selectors.year_report(staff, year=year + 5).total.appeals == 0
    far_rows, _ = selectors.year_report(world.users["far_staff"], year=year)
    assert [r.meeting for r in far_rows] == [far]


def test_meeting_list_filters_and_scope(world, staff, leader, ent_user, held_meeting):  # type: ignore[no-untyped-def]
    draft = make_meeting(world.district, staff, state=Meeting.State.DRAFT)
    assert list(selectors.meeting_list(staff)) == [draft, held_meeting]  # newest first
    assert list(selectors.meeting_list(leader, state=Meeting.State.DRAFT)) == [draft]
    assert list(selectors.meeting_list(ent_user)) == [held_meeting]  # drafts are not shown to enterprises
    assert list(selectors.meeting_list(world.users["far_staff"])) == []
    assert Registration.objects.filter(meeting=held_meeting).count() == 5


def test_issues_to_appeals_is_all_or_none(world, staff):  # type: ignore[no-untyped-def]
    meeting = make_meeting(world.district, staff)
    good = actions.add_issue(meeting.pk, acting_user=staff, enterprise=world.enterprise_a, summary="  \n证照办理慢")
    done = actions.add_issue(meeting.pk, acting_user=staff, enterprise=world.enterprise_b, summary="用电报装")
    category = Category.objects.get(name="审批")
    (appeal,) = actions.issues_to_appeals(meeting.pk, acting_user=staff, items=[(done.pk, Appeal.Kind.HELP, category)])
    assert appeal.title == "用电报装" and appeal.source_meeting_id == meeting.pk
    for items, message in (([(good.pk, Appeal.Kind.HELP, category), (done.pk, Appeal.Kind.HELP, category)],
                            "已转为诉求"),
                           ([(good.pk, Appeal.Kind.HELP, category), (good.pk + 999, Appeal.Kind.HELP, category)],
                            "没有编号"),
                           ([(good.pk, "nonsense", category)], "诉求类型"),
                           ([(good.pk, Appeal.Kind.HELP, 10**6)], "诉求类别"),
                           ([], "至少选择")):
        with pytest.raises(actions.DialogueError, match=message):
            actions.issues_to_appeals(meeting.pk, acting_user=staff, items=items)
        assert Appeal.objects.count() == 1
    good.refresh_from_db()
    assert good.appeal_id is None
    other = make_meeting(world.district, staff)
    with pytest.raises(actions.DialogueError, match="没有编号"):  # an issue of another meeting
        actions.issues_to_appeals(other.pk, acting_user=staff, items=[(good.pk, Appeal.Kind.HELP, category)])
    (made,) = actions.issues_to_appeals(meeting.pk, acting_user=staff, items=[(good.pk, Appeal.Kind.HELP, category)])
    assert made.title == "证照办理慢"  # the first line of the summary


def test_long_summary_gives_a_thirty_character_title(world, staff):  # type: ignore[no-untyped-def]
    meeting = make_meeting(world.district, staff)
    issue = actions.add_issue(meeting.pk, acting_user=staff, enterprise=world.enterprise_a, summary="长" * 2000)
    (appeal,) = actions.issues_to_appeals(meeting.pk, acting_user=staff,
                                          items=[(issue.pk, Appeal.Kind.SUGGESTION, Category.objects.first())])
    assert appeal.title == "长" * 30 and appeal.content == "长" * 2000
