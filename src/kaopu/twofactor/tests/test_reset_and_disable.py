"""Resetting and turning off a second factor. 三员: the security administrator resets users' second
factors, never an administrator's (their own included) through the web; an administrator's is reset
only on the server's command line, audited with the actor "命令行"."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from kaopu.accounts.roles import Role
from kaopu.audit.models import Action, AuditEntry
from kaopu.twofactor import actions, devices
from kaopu.twofactor.testing import current_code, enrol, login_verified


def reset_url(user) -> str:  # type: ignore[no-untyped-def]
    return reverse("twofactor:reset", args=[user.pk])


def test_the_security_administrator_resets_a_users_second_factor_audited_by_name(client, secadmin, staff):
    enrol(staff)
    devices.new_recovery_codes(staff)
    response = login_verified(client, secadmin).post(reset_url(staff))
    assert response.status_code == 302
    assert not devices.has_second_factor(staff)
    entry = AuditEntry.objects.filter(action=Action.TWO_FACTOR).latest("sequence")
    assert entry.summary == "安全管理员重置了用户 staff（staff）的双因素认证"
    assert entry.actor_id == secadmin.pk and entry.data == {"devices_removed": 2}


@pytest.mark.parametrize("persona", ["sysadmin", "auditadmin", "secadmin"])
def test_no_administrators_second_factor_is_reset_through_the_web(client, secadmin, request, persona):
    target = request.getfixturevalue(persona)
    enrol(target)
    client = login_verified(client, secadmin)
    page = client.get(reverse("twofactor:policy"), {"username": target.username}).content.decode()
    assert "只能在服务器命令行重置" in page and reset_url(target) not in page
    assert client.post(reset_url(target)).status_code == 403
    with pytest.raises(PermissionDenied):
        actions.reset(target, acting_user=secadmin)
    assert devices.has_second_factor(target)
    assert not AuditEntry.objects.filter(action=Action.TWO_FACTOR, summary__contains="重置").exists()


@pytest.mark.parametrize("persona", ["sysadmin", "auditadmin", "staff"])
def test_nobody_but_the_security_administrator_resets(client, request, persona, lawyer):
    actor = request.getfixturevalue(persona)
    enrol(lawyer)
    assert login_verified(client, actor).post(reset_url(lawyer)).status_code == 404
    with pytest.raises(PermissionDenied):
        actions.reset(lawyer, acting_user=actor)
    assert devices.has_second_factor(lawyer)


def test_the_command_line_resets_an_administrator_audited_as_the_command_line(sysadmin, capsys):
    enrol(sysadmin)
    call_command("resettwofactor", "sysadmin")
    assert not devices.has_second_factor(sysadmin)
    entry = AuditEntry.objects.get(action=Action.TWO_FACTOR)
    assert entry.actor_id is None and entry.actor_name == "命令行"
    assert entry.summary == "在服务器命令行重置了用户 sysadmin（sysadmin）的双因素认证"
    assert "1 device(s) removed" in capsys.readouterr().out


def test_the_command_line_names_an_unknown_user(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no user 'nobody'"):
        call_command("resettwofactor", "nobody")


def test_after_a_reset_a_required_user_enrols_again_at_the_next_login(client, require_roles, secadmin, staff):
    from kaopu.twofactor.tests.conftest import password_login

    require_roles(Role.FIC_STAFF)
    enrol(staff)
    actions.reset(staff, acting_user=secadmin)
    user_client, _response = password_login("staff")
    assert user_client.get("/two-factor/").url.startswith(reverse("twofactor:enrol"))


def test_a_user_turns_off_an_optional_second_factor_with_password_and_code(client, ent_user, password):
    device = enrol(ent_user)
    client = login_verified(client, ent_user)
    response = client.post(reverse("twofactor:disable"), {"password": password, "code": current_code(device)})
    assert response.status_code == 302
    assert not devices.has_second_factor(ent_user)
    assert AuditEntry.objects.get(action=Action.TWO_FACTOR).summary == "ent_user（ent_user）停用了自己的双因素认证"
    assert client.get("/two-factor/").status_code == 200


def test_turning_off_needs_the_password_and_a_right_code(client, ent_user, password):
    device = enrol(ent_user)
    client = login_verified(client, ent_user)
    wrong_password = client.post(reverse("twofactor:disable"), {"password": "nope", "code": current_code(device)})
    assert wrong_password.status_code == 400 and "这不是您的密码" in wrong_password.content.decode()
    wrong_code = client.post(reverse("twofactor:disable"), {"password": password, "code": "000000"})
    assert wrong_code.status_code == 400
    assert TOTPDevice.objects.filter(user=ent_user).exists()


def test_a_required_role_can_not_turn_it_off(client, require_roles, staff, password):
    require_roles(Role.FIC_STAFF)
    device = enrol(staff)
    client = login_verified(client, staff)
    page = client.get(reverse("twofactor:status")).content.decode()
    assert reverse("twofactor:disable") not in page
    response = client.post(reverse("twofactor:disable"), {"password": password, "code": current_code(device)})
    assert response.status_code == 400 and "不能停用" in response.content.decode()
    assert devices.has_second_factor(staff)


def test_djangos_admin_pages_for_otp_devices_are_gone(client, sysadmin):
    response = login_verified(client, sysadmin).get("/admin/otp_totp/totpdevice/")
    assert response.status_code == 404
