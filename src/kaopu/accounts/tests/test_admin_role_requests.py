"""The two-person rule: the security administrator asks, another administrator approves or refuses."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.urls import reverse

from kaopu.accounts import actions
from kaopu.accounts.models import AdminRoleRequest, User
from kaopu.accounts.roles import Role
from kaopu.audit.models import Action, AuditEntry
from kaopu.core.testing import at_once, build_world, make_user


@pytest.fixture
def wangwu(world) -> User:  # type: ignore[no-untyped-def]
    return make_user("wangwu", Role.FIC_STAFF, world.users["staff"].organisation, name="王五")


def ask(world, target, role=Role.AUDIT_ADMIN, reason="原审计管理员退休"):  # type: ignore[no-untyped-def]
    return actions.request_admin_role(target, role=role, reason=reason, acting_user=world.users["secadmin"])


def test_a_request_changes_nothing_and_is_audited_in_words(world, wangwu):
    world.users["secadmin"].name = "李四"
    world.users["secadmin"].save(update_fields=["name"])
    role_request = ask(world, wangwu)
    wangwu.refresh_from_db()
    assert wangwu.role == Role.FIC_STAFF
    assert role_request.decision == AdminRoleRequest.Decision.PENDING
    entry = AuditEntry.objects.get(action=Action.PERMISSION_CHANGE)
    assert entry.summary == "安全管理员 李四 申请授予 王五（wangwu） 审计管理员角色"
    assert entry.data["reason"] == "原审计管理员退休"


@pytest.mark.parametrize("approver", ["sysadmin", "auditadmin"])
def test_another_administrator_approves_and_the_role_changes(world, wangwu, approver):
    role_request = ask(world, wangwu)
    actions.decide_admin_role_request(role_request.pk, approve=True, acting_user=world.users[approver], note="同意")
    wangwu.refresh_from_db()
    assert wangwu.role == Role.AUDIT_ADMIN
    role_request.refresh_from_db()
    assert role_request.decision == AdminRoleRequest.Decision.APPROVED
    assert role_request.decided_by_id == world.users[approver].pk and role_request.decision_note == "同意"
    entry = AuditEntry.objects.get(action=Action.ROLE_CHANGE)
    assert entry.object_id == str(wangwu.pk)
    assert entry.summary == (f"{actions.role_words(world.users[approver].role)} {approver} 批准 安全管理员 secadmin "
                             "的申请：授予 王五（wangwu） 审计管理员角色")


def test_a_refusal_changes_nothing_and_is_audited(world, wangwu, sysadmin):
    role_request = ask(world, wangwu)
    actions.decide_admin_role_request(role_request.pk, approve=False, acting_user=sysadmin, note="人选不合适")
    wangwu.refresh_from_db()
    assert wangwu.role == Role.FIC_STAFF
    assert AdminRoleRequest.objects.get().decision == AdminRoleRequest.Decision.REFUSED
    assert not AuditEntry.objects.filter(action=Action.ROLE_CHANGE).exists()
    assert AuditEntry.objects.filter(action=Action.PERMISSION_CHANGE,
                                     summary__startswith="系统管理员 sysadmin 驳回").exists()


def test_the_requester_cannot_approve_their_own_request(world, wangwu, secadmin):
    role_request = ask(world, wangwu)
    with pytest.raises(PermissionDenied) as refused:
        actions.decide_admin_role_request(role_request.pk, approve=True, acting_user=secadmin)
    assert "不能审批自己提出的申请" in str(refused.value)
    wangwu.refresh_from_db()
    assert wangwu.role == Role.FIC_STAFF
    assert AdminRoleRequest.objects.get().decision == AdminRoleRequest.Decision.PENDING


def test_the_target_cannot_approve_a_request_about_themselves(world, sysadmin, auditadmin, wangwu):
    # Removing the audit administrator's role needs a second one first (the last holder is kept).
    make_user("auditadmin2", Role.AUDIT_ADMIN, auditadmin.organisation)
    role_request = ask(world, auditadmin, role=Role.FIC_STAFF, reason="调岗")
    with pytest.raises(PermissionDenied):
        actions.decide_admin_role_request(role_request.pk, approve=True, acting_user=auditadmin)
    actions.decide_admin_role_request(role_request.pk, approve=True, acting_user=sysadmin)
    auditadmin.refresh_from_db()
    assert auditadmin.role == Role.FIC_STAFF
    assert "撤销 auditadmin（auditadmin） 的审计管理员角色（改为工商联工作人员）" in \
        AuditEntry.objects.get(action=Action.ROLE_CHANGE).summary


@pytest.mark.parametrize("persona", ["staff", "leader", "ent_user"])
def test_only_administrators_decide(world, wangwu, persona):
    role_request = ask(world, wangwu)
    with pytest.raises(PermissionDenied):
        actions.decide_admin_role_request(role_request.pk, approve=True, acting_user=world.users[persona])


@pytest.mark.parametrize("persona", ["sysadmin", "auditadmin", "staff"])
def test_only_the_security_administrator_asks(world, wangwu, persona):
    with pytest.raises(PermissionDenied):
        actions.request_admin_role(wangwu, role=Role.AUDIT_ADMIN, reason="理由", acting_user=world.users[persona])
    assert not AdminRoleRequest.objects.exists()


def test_a_decided_request_cannot_be_decided_again(world, wangwu, sysadmin, auditadmin):
    role_request = ask(world, wangwu)
    actions.decide_admin_role_request(role_request.pk, approve=False, acting_user=sysadmin)
    with pytest.raises(ValidationError) as refused:
        actions.decide_admin_role_request(role_request.pk, approve=True, acting_user=auditadmin)
    assert "已驳回" in refused.value.messages[0] and "sysadmin" in refused.value.messages[0]
    wangwu.refresh_from_db()
    assert wangwu.role == Role.FIC_STAFF


@pytest.mark.parametrize(("persona", "role", "field", "words"), [
    ("secadmin", Role.SYSTEM_ADMIN, "target", "不能为自己申请"),
    ("ent_user", Role.AUDIT_ADMIN, "role", "不匹配"),
    ("staff", Role.FIC_STAFF, "role", "已经是这个角色"),
    ("staff", Role.DISTRICT_LEADER, "role", "都不是管理员角色"),
    ("auditadmin", Role.FIC_STAFF, "role", "唯一在用的审计管理员"),
])
def test_requests_that_make_no_sense_are_refused_on_their_field(world, persona, role, field, words):
    with pytest.raises(ValidationError) as refused:
        ask(world, world.users[persona], role=role)
    assert words in " ".join(refused.value.message_dict[field])
    assert not AdminRoleRequest.objects.exists()


def test_a_request_needs_a_reason(world, wangwu):
    with pytest.raises(ValidationError) as refused:
        ask(world, wangwu, reason="   ")
    assert "reason" in refused.value.message_dict


def test_one_waiting_request_per_user(world, wangwu):
    ask(world, wangwu)
    with pytest.raises(ValidationError) as refused:
        ask(world, wangwu, role=Role.SYSTEM_ADMIN)
    assert "已在等待审批" in refused.value.message_dict["target"][0]


def test_an_approval_is_refused_when_the_role_changed_since(world, wangwu, sysadmin, secadmin):
    role_request = ask(world, wangwu)
    User.objects.filter(pk=wangwu.pk).update(role=Role.DISTRICT_LEADER)
    with pytest.raises(ValidationError) as refused:
        actions.decide_admin_role_request(role_request.pk, approve=True, acting_user=sysadmin)
    assert "角色已变更" in refused.value.messages[0]
    assert User.objects.get(pk=wangwu.pk).role == Role.DISTRICT_LEADER
    assert AdminRoleRequest.objects.get().decision == AdminRoleRequest.Decision.PENDING


def test_the_database_refuses_a_self_approved_request(world, wangwu, secadmin):
    from django.db import IntegrityError, transaction
    from django.utils import timezone

    role_request = ask(world, wangwu)
    with pytest.raises(IntegrityError), transaction.atomic():
        AdminRoleRequest.objects.filter(pk=role_request.pk).update(
            decision="approved", decided_by=secadmin, decided_at=timezone.now())


# --- the page ------------------------------------------------------------------------------------

def test_the_security_administrator_asks_on_the_page_and_another_approves(world, login, wangwu, sysadmin):
    page = login(world.users["secadmin"]).get(reverse("accounts:admin_roles"))
    assert page.status_code == 200 and "admin-role-request-form" in page.content.decode()
    response = login(world.users["secadmin"]).post(reverse("accounts:admin_roles"), {
        "target": wangwu.pk, "role": Role.AUDIT_ADMIN, "reason": "新增审计管理员"}, follow=True)
    assert "申请已提交" in response.content.decode()
    role_request = AdminRoleRequest.objects.get()
    own = login(world.users["secadmin"]).get(reverse("accounts:admin_roles")).content.decode()
    assert "由另一名管理员审批" in own and 'value="approve"' not in own

    other = login(sysadmin).get(reverse("accounts:admin_roles")).content.decode()
    assert "王五（wangwu）" in other and 'value="approve"' in other and "admin-role-request-form" not in other
    response = login(sysadmin).post(reverse("accounts:decide_admin_role", args=[role_request.pk]),
                                    {"decision": "approve", "note": "同意"}, follow=True)
    assert "申请已批准" in response.content.decode()
    assert User.objects.get(pk=wangwu.pk).role == Role.AUDIT_ADMIN


def test_a_self_approval_posted_by_hand_is_refused_with_a_message(world, login, wangwu, secadmin):
    role_request = ask(world, wangwu)
    response = login(secadmin).post(reverse("accounts:decide_admin_role", args=[role_request.pk]),
                                    {"decision": "approve"}, follow=True)
    assert "不能审批自己提出的申请" in response.content.decode()
    assert User.objects.get(pk=wangwu.pk).role == Role.FIC_STAFF


def test_the_page_shows_a_refused_request_on_its_field(world, login, secadmin, auditadmin):
    response = login(secadmin).post(reverse("accounts:admin_roles"), {
        "target": auditadmin.pk, "role": Role.FIC_STAFF, "reason": "调岗"})
    assert response.status_code == 200
    assert "唯一在用的审计管理员" in response.content.decode()


@pytest.mark.parametrize("persona", ["staff", "leader", "ent_user", "handler"])
def test_the_page_is_for_administrators_only(world, login, persona):
    assert login(world.users[persona]).get(reverse("accounts:admin_roles")).status_code == 403


def test_the_audit_administrator_cannot_ask_on_the_page(world, login, wangwu, auditadmin):
    response = login(auditadmin).post(reverse("accounts:admin_roles"), {
        "target": wangwu.pk, "role": Role.AUDIT_ADMIN, "reason": "x"})
    assert response.status_code == 403
    assert not AdminRoleRequest.objects.exists()


# --- two administrators deciding at once ---------------------------------------------------------

@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("second", ["approve", "refuse"])
def test_two_administrators_deciding_at_once_decide_once(second):
    assert connection.vendor == "postgresql"
    world = build_world()
    wangwu = make_user("wangwu", Role.FIC_STAFF, world.users["staff"].organisation, name="王五")
    role_request = ask(world, wangwu)
    sysadmin, auditadmin = world.users["sysadmin"], world.users["auditadmin"]
    outcomes = at_once([
        lambda: actions.decide_admin_role_request(role_request.pk, approve=True, acting_user=sysadmin),
        lambda: actions.decide_admin_role_request(role_request.pk, approve=second == "approve",
                                                  acting_user=auditadmin),
    ])
    decided = [outcome for outcome in outcomes if isinstance(outcome, AdminRoleRequest)]
    refused = [outcome for outcome in outcomes if isinstance(outcome, ValidationError)]
    assert len(decided) == 1 and len(refused) == 1, outcomes
    final = AdminRoleRequest.objects.get()
    assert final.decided_by_id == decided[0].decided_by_id
    expected_role = Role.AUDIT_ADMIN if final.decision == AdminRoleRequest.Decision.APPROVED else Role.FIC_STAFF
    assert User.objects.get(pk=wangwu.pk).role == expected_role
    decisions = AuditEntry.objects.filter(summary__contains="的申请：")
    assert decisions.count() == 1


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_removals_at_once_keep_one_security_administrator():
    """Two requests to take the role from each of two security administrators, approved at once:
    the holders are locked, so the second approval sees that it would remove the last one."""
    world = build_world()
    secadmin = world.users["secadmin"]
    second = make_user("secadmin2", Role.SECURITY_ADMIN, secadmin.organisation)
    third = make_user("secadmin3", Role.SECURITY_ADMIN, secadmin.organisation)
    first_request = actions.request_admin_role(second, role=Role.FIC_STAFF, reason="调岗", acting_user=secadmin)
    second_request = actions.request_admin_role(third, role=Role.FIC_STAFF, reason="调岗", acting_user=secadmin)
    User.objects.filter(pk=secadmin.pk).update(role=Role.FIC_STAFF)  # now only the two targets hold it
    outcomes = at_once([
        lambda: actions.decide_admin_role_request(first_request.pk, approve=True, acting_user=world.users["sysadmin"]),
        lambda: actions.decide_admin_role_request(second_request.pk, approve=True,
                                                  acting_user=world.users["auditadmin"]),
    ])
    assert sum(isinstance(outcome, AdminRoleRequest) for outcome in outcomes) == 1, outcomes
    assert User.objects.filter(role=Role.SECURITY_ADMIN, is_active=True).count() == 1
