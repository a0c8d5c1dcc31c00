"""An enterprise user applies for their own enterprise; staff approve or refuse with a reason."""

from __future__ import annotations

import pytest

from kaopu.audit.models import AuditEntry
from kaopu.directory.models import Enterprise
from kaopu.membership import actions, selectors
from kaopu.membership.actions import MembershipError
from kaopu.membership.models import Application
from kaopu.notifications.models import Notification


def apply(user, statement="我司成立十年，愿加入工商联，参与商会活动。"):  # type: ignore[no-untyped-def]
    return actions.apply_for_membership(acting_user=user, statement=statement)


def test_an_approved_application_makes_the_enterprise_a_member_and_tells_it(staff, ent_user, world, categories):
    application = apply(ent_user)
    assert list(selectors.applications_to_decide(staff)) == [application]
    actions.decide_application(application, acting_user=staff, approve=True, category=categories["会员"])
    application.refresh_from_db()
    assert application.status == Application.Status.APPROVED and application.decided_by == staff
    enterprise = Enterprise.objects.get(pk=world.enterprise_a.pk)
    assert enterprise.is_member and str(enterprise.member_since) == "2026-09-28"
    assert Notification.objects.filter(user=ent_user, kind="membership.decided").exists()
    assert not selectors.applications_to_decide(staff).exists()
    assert AuditEntry.objects.filter(summary__contains="批准 上海甲科技有限公司 的入会申请").exists()


def test_a_refusal_needs_a_reason_which_the_enterprise_is_told(staff, ent_user, world, categories):
    application = apply(ent_user)
    with pytest.raises(MembershipError) as refused:
        actions.decide_application(application, acting_user=staff, approve=False, reason=" ")
    assert refused.value.field == "reason"
    actions.decide_application(application, acting_user=staff, approve=False, reason="请先完成年度报告公示")
    note = Notification.objects.get(user=ent_user, kind="membership.decided")
    assert "请先完成年度报告公示" in note.body
    assert not Enterprise.objects.get(pk=world.enterprise_a.pk).is_member


def test_one_application_waits_at_a_time_and_a_member_cannot_apply(staff, ent_user, categories):
    application = apply(ent_user)
    with pytest.raises(MembershipError):
        apply(ent_user)
    actions.decide_application(application, acting_user=staff, approve=True, category=categories["会员"])
    with pytest.raises(MembershipError) as member:
        apply(ent_user)
    assert "已经" in member.value.message or "already" in member.value.message


def test_an_application_is_decided_once(staff, ent_user, categories):
    application = apply(ent_user)
    actions.decide_application(application, acting_user=staff, approve=False, reason="材料不全")
    with pytest.raises(MembershipError) as again:
        actions.decide_application(application, acting_user=staff, approve=True, category=categories["会员"])
    assert again.value.field == "status"


def test_only_enterprise_users_apply(staff, chamber_officer):
    for user in (staff, chamber_officer):
        with pytest.raises(MembershipError):
            apply(user)


def test_the_statement_is_required(ent_user):
    with pytest.raises(MembershipError) as refused:
        apply(ent_user, "")
    assert refused.value.field == "statement"
