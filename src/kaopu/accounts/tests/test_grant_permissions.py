"""accounts.actions.grant_permissions: what an account may do beyond its role (kaopu.accounts.roles.Permission).

A district leader holds neither the settings pages nor API tokens by role; the security administrator
grants them to one leader (audited), in the admin or through the action, and taking API tokens back
revokes the leader's tokens. Nobody else grants, nobody grants to themselves, and a permission goes
only to the roles GRANTABLE names.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from kaopu.accounts import actions
from kaopu.accounts.models import ApiToken
from kaopu.accounts.roles import Permission, Role
from kaopu.audit.models import Action, AuditEntry
from kaopu.core.api_testing import API

pytestmark = pytest.mark.django_db


def test_a_leader_holds_neither_settings_nor_api_tokens_by_role_and_staff_hold_both(leader, staff):
    assert not leader.holds(Permission.SETTINGS) and not leader.holds(Permission.API_TOKENS)
    assert staff.holds(Permission.SETTINGS) and staff.holds(Permission.API_TOKENS)


def test_the_security_administrator_grants_a_leader_the_settings_pages_audited(leader, secadmin):
    actions.grant_permissions(leader, permissions=[Permission.SETTINGS], acting_user=secadmin)
    leader.refresh_from_db()
    assert leader.granted_permissions == [Permission.SETTINGS]
    assert leader.holds(Permission.SETTINGS) and not leader.holds(Permission.API_TOKENS)
    entry = AuditEntry.objects.get(action=Action.PERMISSION_CHANGE)
    assert entry.actor_id == secadmin.pk and entry.object_id == str(leader.pk)
    assert entry.data == {"old": [], "new": [Permission.SETTINGS]}
    assert "授予：查看设置页面" in entry.summary and "leader（leader）" in entry.summary


@pytest.mark.parametrize("persona", ["sysadmin", "auditadmin", "staff", "leader"])
def test_nobody_but_the_security_administrator_grants(world, persona):
    with pytest.raises(PermissionDenied):
        actions.grant_permissions(world.users["leader"], permissions=[Permission.SETTINGS],
                                  acting_user=world.users[persona])
    assert not AuditEntry.objects.filter(action=Action.PERMISSION_CHANGE).exists()


@pytest.mark.parametrize("persona", ["ent_user", "bank_officer", "handler"])
def test_the_settings_pages_go_to_no_role_outside_the_fic(world, secadmin, persona):
    with pytest.raises(ValidationError) as caught:
        actions.grant_permissions(world.users[persona], permissions=[Permission.SETTINGS], acting_user=secadmin)
    assert "不能授予" in caught.value.message_dict["granted_permissions"][0]
    assert not world.users[persona].holds(Permission.SETTINGS)


def test_an_unknown_permission_is_refused(leader, secadmin):
    with pytest.raises(ValidationError):
        actions.grant_permissions(leader, permissions=["superpowers"], acting_user=secadmin)


def test_what_the_role_holds_anyway_is_not_stored(staff, secadmin):
    actions.grant_permissions(staff, permissions=[Permission.SETTINGS], acting_user=secadmin)
    staff.refresh_from_db()
    assert staff.granted_permissions == []
    assert not AuditEntry.objects.filter(action=Action.PERMISSION_CHANGE).exists()


def test_a_grant_left_from_an_earlier_role_does_nothing(world, secadmin):
    leader = world.users["leader"]
    actions.grant_permissions(leader, permissions=[Permission.SETTINGS], acting_user=secadmin)
    leader.refresh_from_db()
    leader.role = Role.ENTERPRISE_USER  # as if moved without the grant being cleared
    assert not leader.holds(Permission.SETTINGS)


def test_a_leader_without_the_grant_makes_no_token_and_an_old_token_does_not_work(client, login, leader):
    with pytest.raises(PermissionDenied):
        actions.issue_token(leader, name="看板同步")
    _token, raw = ApiToken.issue(leader, "看板同步")  # e.g. made while the leader was granted tokens
    response = client.get(f"{API}/finance/demands", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 401
    assert login(leader).get(reverse("accounts:tokens")).status_code == 404
    assert 'id="account-tokens"' not in login(leader).get(reverse("accounts:account")).text


def test_granted_tokens_work_and_taking_them_back_revokes_them(client, leader, secadmin):
    actions.grant_permissions(leader, permissions=[Permission.API_TOKENS], acting_user=secadmin)
    leader.refresh_from_db()
    _token, raw = actions.issue_token(leader, name="看板同步")
    headers = {"Authorization": f"Bearer {raw}"}
    assert client.get(f"{API}/finance/demands", headers=headers).status_code == 200
    actions.grant_permissions(leader, permissions=[], acting_user=secadmin)
    assert ApiToken.objects.get(user=leader).revoked_because == ApiToken.RevokedBecause.PERMISSION_REMOVED
    assert client.get(f"{API}/finance/demands", headers=headers).status_code == 401
    summaries = list(AuditEntry.objects.filter(object_id=str(leader.pk)).values_list("summary", flat=True))
    assert any("收回：创建和使用 API 令牌" in summary for summary in summaries)
    assert any(summary.startswith("因使用 API 令牌的权限被收回，吊销") for summary in summaries)


def _user_form(user, **changes):  # type: ignore[no-untyped-def]
    data = {"username": user.username, "name": user.name, "phone": user.phone, "email": user.email,
            "organisation": user.organisation_id, "role": user.role, "is_active": "on"}
    data.update(changes)
    return data


def test_the_security_administrator_grants_in_the_admin(login, leader, secadmin):
    url = reverse("admin:accounts_user_change", args=[leader.pk])
    page = login(secadmin).get(url).text
    assert 'name="granted_permissions"' in page and "查看设置页面" in page
    response = login(secadmin).post(url, _user_form(leader, granted_permissions=[Permission.SETTINGS,
                                                                                  Permission.API_TOKENS]))
    assert response.status_code == 302
    leader.refresh_from_db()
    assert sorted(leader.granted_permissions) == [Permission.API_TOKENS, Permission.SETTINGS]
    assert AuditEntry.objects.filter(action=Action.PERMISSION_CHANGE, actor=secadmin).count() == 1


def test_the_admin_form_shows_why_a_grant_is_refused(login, ent_user, secadmin):
    response = login(secadmin).post(reverse("admin:accounts_user_change", args=[ent_user.pk]),
                                    _user_form(ent_user, granted_permissions=[Permission.SETTINGS]))
    assert response.status_code == 200
    assert "不能授予" in response.text
    ent_user.refresh_from_db()
    assert ent_user.granted_permissions == []


def test_the_system_administrator_sees_the_grants_but_cannot_change_them(login, leader, sysadmin):
    url = reverse("admin:accounts_user_change", args=[leader.pk])
    login(sysadmin).post(url, _user_form(leader, name="区领导甲", granted_permissions=[Permission.SETTINGS]))
    leader.refresh_from_db()
    assert leader.name == "区领导甲" and leader.granted_permissions == []
