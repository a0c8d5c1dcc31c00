"""三员 in code: no administrator changes another administrator's password, activity, role or personal
data, through the actions or the admin; each administrator does their own duty on other accounts."""

from __future__ import annotations

import itertools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from kaopu.accounts import actions
from kaopu.accounts.models import User
from kaopu.accounts.roles import Role
from kaopu.audit.models import Action, AuditEntry
from kaopu.core.testing import PASSWORD

ADMINS = ["sysadmin", "secadmin", "auditadmin"]
OTHER_ADMIN_PAIRS = [(a, b) for a, b in itertools.permutations(ADMINS, 2)]
NEW_PASSWORD = "Kaopu-new-2027"


def _unchanged(user: User, **expected: object) -> None:
    fresh = User.objects.get(pk=user.pk)
    for name, value in expected.items():
        assert getattr(fresh, name) == value, name


# --- the actions layer: every pair of administrators, every kind of change -----------------------

@pytest.mark.parametrize(("actor", "target"), OTHER_ADMIN_PAIRS)
def test_no_administrator_resets_another_administrators_password(world, actor, target):
    target_user = world.users[target]
    with pytest.raises(PermissionDenied) as refused:
        actions.reset_password(target_user, new_password=NEW_PASSWORD, acting_user=world.users[actor])
    assert "三员分立" in str(refused.value) or "系统管理员" in str(refused.value)
    assert User.objects.get(pk=target_user.pk).check_password(PASSWORD)
    assert not AuditEntry.objects.filter(action=Action.PASSWORD_RESET).exists()


@pytest.mark.parametrize(("actor", "target"), OTHER_ADMIN_PAIRS)
def test_no_administrator_deactivates_another_administrator(world, actor, target):
    target_user = world.users[target]
    with pytest.raises(PermissionDenied):
        actions.update_account(target_user, changes={"is_active": False}, acting_user=world.users[actor])
    _unchanged(target_user, is_active=True)


@pytest.mark.parametrize(("actor", "target"), OTHER_ADMIN_PAIRS)
def test_no_administrator_changes_another_administrators_role(world, actor, target):
    target_user = world.users[target]
    with pytest.raises((PermissionDenied, ValidationError)):
        actions.update_account(target_user, changes={"role": Role.FIC_STAFF}, acting_user=world.users[actor])
    _unchanged(target_user, role=target_user.role)
    assert not AuditEntry.objects.filter(action=Action.ROLE_CHANGE).exists()


@pytest.mark.parametrize(("actor", "target"), OTHER_ADMIN_PAIRS)
@pytest.mark.parametrize(("field", "value"), [("name", "冒名"), ("phone", "13900000000"), ("email", "x@example.com"),
                                              ("username", "renamed")])
def test_no_administrator_changes_another_administrators_personal_data(world, actor, target, field, value):
    target_user = world.users[target]
    with pytest.raises(PermissionDenied):
        actions.update_account(target_user, changes={field: value}, acting_user=world.users[actor])
    _unchanged(target_user, **{field: getattr(target_user, field)})


def test_the_refusal_is_in_chinese_and_names_the_rule(sysadmin, auditadmin):
    with pytest.raises(PermissionDenied) as refused:
        actions.reset_password(auditadmin, new_password=NEW_PASSWORD, acting_user=sysadmin)
    assert "管理员不能设置或重置另一名管理员的密码（三员分立）" in str(refused.value)
    assert "kaopu resetpassword" in str(refused.value)


def test_no_one_deactivates_or_resets_themselves_in_the_admin(sysadmin):
    with pytest.raises(PermissionDenied):
        actions.update_account(sysadmin, changes={"is_active": False}, acting_user=sysadmin)
    with pytest.raises(PermissionDenied):
        actions.reset_password(sysadmin, new_password=NEW_PASSWORD, acting_user=sysadmin)
    _unchanged(sysadmin, is_active=True)


def test_the_system_administrator_may_change_their_own_name(sysadmin):
    actions.update_account(sysadmin, changes={"name": "系统管理员甲"}, acting_user=sysadmin)
    _unchanged(sysadmin, name="系统管理员甲")


# --- each duty on ordinary accounts --------------------------------------------------------------

def test_the_system_administrator_resets_an_ordinary_password_which_must_then_be_changed(sysadmin, staff):
    actions.reset_password(staff, new_password=NEW_PASSWORD, acting_user=sysadmin)
    staff.refresh_from_db()
    assert staff.check_password(NEW_PASSWORD)
    assert staff.must_change_password
    entry = AuditEntry.objects.get(action=Action.PASSWORD_RESET)
    assert entry.summary == "系统管理员 sysadmin 重置了 staff（staff） 的密码（下次登录须修改）"
    assert entry.actor_id == sysadmin.pk and entry.object_id == str(staff.pk)


@pytest.mark.parametrize("actor", ["secadmin", "auditadmin", "staff"])
def test_only_the_system_administrator_resets_passwords(world, actor, staff):
    with pytest.raises(PermissionDenied):
        actions.reset_password(staff, new_password=NEW_PASSWORD, acting_user=world.users[actor])
    assert User.objects.get(pk=staff.pk).check_password(PASSWORD)


@pytest.mark.parametrize("actor", ["sysadmin", "secadmin"])
def test_system_and_security_administrators_deactivate_ordinary_accounts(world, actor, staff):
    actions.update_account(staff, changes={"is_active": False}, acting_user=world.users[actor])
    _unchanged(staff, is_active=False)
    entry = AuditEntry.objects.get(action=Action.UPDATE, object_id=str(staff.pk))
    assert "停用账号" in entry.summary and "staff（staff）" in entry.summary


def test_the_security_administrator_may_not_change_personal_data(secadmin, staff):
    with pytest.raises(PermissionDenied) as refused:
        actions.update_account(staff, changes={"name": "改名"}, acting_user=secadmin)
    assert "姓名" in str(refused.value)
    _unchanged(staff, name="staff")


def test_the_audit_administrator_changes_no_account(auditadmin, staff):
    with pytest.raises(PermissionDenied):
        actions.update_account(staff, changes={"is_active": False}, acting_user=auditadmin)


# --- the same rules through the Django admin -----------------------------------------------------

def user_form(user: User, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "username": user.username, "name": user.name, "phone": user.phone, "email": user.email,
        "organisation": user.organisation_id, "role": user.role, "is_active": "on",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.mark.parametrize("target", ["secadmin", "auditadmin"])
def test_the_admins_password_page_refuses_another_administrator(world, login, sysadmin, target):
    target_user = world.users[target]
    client = login(sysadmin)
    url = reverse("admin:auth_user_password_change", args=[target_user.pk])
    response = client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}, follow=True)
    assert "管理员不能设置或重置另一名管理员的密码" in response.content.decode()
    assert User.objects.get(pk=target_user.pk).check_password(PASSWORD)
    assert not AuditEntry.objects.filter(action=Action.PASSWORD_RESET).exists()


def test_the_security_administrator_cannot_open_the_password_page(login, secadmin, staff):
    response = login(secadmin).post(reverse("admin:auth_user_password_change", args=[staff.pk]),
                                    {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}, follow=True)
    assert "只有系统管理员可以重置密码" in response.content.decode()
    assert User.objects.get(pk=staff.pk).check_password(PASSWORD)


def test_the_admins_password_page_resets_an_ordinary_account_through_the_action(login, sysadmin, staff):
    from kaopu.accounts.models import ApiToken

    ApiToken.issue(staff, "脚本")
    response = login(sysadmin).post(reverse("admin:auth_user_password_change", args=[staff.pk]),
                                    {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.check_password(NEW_PASSWORD) and staff.must_change_password
    assert AuditEntry.objects.filter(action=Action.PASSWORD_RESET, object_id=str(staff.pk)).exists()
    assert not ApiToken.objects.filter(user=staff, revoked_at__isnull=True).exists()


def test_the_admins_password_page_keeps_the_history_rule(login, sysadmin, staff):
    response = login(sysadmin).post(reverse("admin:auth_user_password_change", args=[staff.pk]),
                                    {"password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 200
    assert "最近 5 次使用过的密码" in response.content.decode()
    staff.refresh_from_db()
    assert not staff.must_change_password


@pytest.mark.parametrize(("actor", "target"), [("sysadmin", "secadmin"), ("sysadmin", "auditadmin"),
                                               ("secadmin", "sysadmin"), ("secadmin", "auditadmin")])
def test_the_admin_opens_another_administrators_account_read_only_and_refuses_a_post(world, login, actor, target):
    target_user = world.users[target]
    client = login(world.users[actor])
    url = reverse("admin:accounts_user_change", args=[target_user.pk])
    page = client.get(url)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    response = client.post(url, user_form(target_user, name="冒名", is_active=None))
    assert response.status_code == 403
    _unchanged(target_user, name=target_user.name, is_active=True)


def test_the_admin_form_shows_the_refusal_of_deactivating_oneself(login, sysadmin):
    response = login(sysadmin).post(reverse("admin:accounts_user_change", args=[sysadmin.pk]),
                                    user_form(sysadmin, is_active=None))
    assert response.status_code == 200
    assert "任何人不能停用自己的账号" in response.content.decode()
    _unchanged(sysadmin, is_active=True)


def test_the_admin_form_refuses_an_admin_role_with_the_way_to_ask(login, secadmin, staff):
    response = login(secadmin).post(reverse("admin:accounts_user_change", args=[staff.pk]),
                                    user_form(staff, role=Role.AUDIT_ADMIN))
    assert response.status_code == 200
    assert "管理员角色" in response.content.decode() and "另一名管理员批准" in response.content.decode()
    _unchanged(staff, role=Role.FIC_STAFF)


def test_deactivating_in_the_admin_is_audited_and_revokes_tokens(login, sysadmin, staff):
    from kaopu.accounts.models import ApiToken

    ApiToken.issue(staff, "同步")
    response = login(sysadmin).post(reverse("admin:accounts_user_change", args=[staff.pk]),
                                    user_form(staff, is_active=None))
    assert response.status_code == 302
    _unchanged(staff, is_active=False)
    token = ApiToken.objects.get(user=staff)
    assert token.revoked_because == ApiToken.RevokedBecause.DEACTIVATED
    entry = AuditEntry.objects.filter(action=Action.TOKEN).latest("sequence")
    assert entry.actor_id == sysadmin.pk
    assert entry.summary == "因账号被停用，吊销 staff（staff） 的 1 个 API 令牌：「同步」"


def test_the_second_factor_rule_is_there_for_the_twofactor_app(secadmin, sysadmin, staff):
    with pytest.raises(PermissionDenied) as refused:
        actions.check_may_change(secadmin, sysadmin, "two_factor")
    assert "第二因素" in str(refused.value)
    actions.check_may_change(secadmin, staff, "two_factor")  # an ordinary account: allowed
