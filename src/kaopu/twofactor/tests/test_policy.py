"""The policy per role: the installation's default, the security administrator's rows over it, the
page that edits them, and the audit entry of each change."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from kaopu.accounts.roles import Role
from kaopu.audit.models import Action, AuditEntry
from kaopu.twofactor import actions
from kaopu.twofactor.models import TwoFactorPolicy
from kaopu.twofactor.policy import requires_two_factor

URL = reverse("twofactor:policy")


def test_the_installation_default_requires_staff_and_administrators_not_enterprises(settings, world):
    from kaopu import settings as production

    settings.KAOPU_TWO_FACTOR_REQUIRED_ROLES = production.KAOPU_TWO_FACTOR_REQUIRED_ROLES
    required = {name for name, user in world.users.items() if requires_two_factor(user)}
    assert required == {"staff", "far_staff", "leader", "handler", "sysadmin", "secadmin", "auditadmin"}


def test_a_row_overrides_the_default_both_ways(require_roles, staff, ent_user, secadmin):
    require_roles(Role.FIC_STAFF)
    actions.set_policy(Role.FIC_STAFF, required=False, acting_user=secadmin)
    actions.set_policy(Role.ENTERPRISE_USER, required=True, acting_user=secadmin)
    assert not requires_two_factor(staff)
    assert requires_two_factor(ent_user)


def test_a_change_is_audited_in_chinese_words_and_an_unchanged_one_is_not(secadmin):
    assert actions.set_policy(Role.DISTRICT_LEADER, required=True, acting_user=secadmin)
    assert not actions.set_policy(Role.DISTRICT_LEADER, required=True, acting_user=secadmin)
    entries = list(AuditEntry.objects.filter(action=Action.TWO_FACTOR))
    assert [entry.summary for entry in entries] == ["将角色「区领导」的双因素认证设为必须使用"]
    assert entries[0].actor_id == secadmin.pk and entries[0].data["required"] is True


@pytest.mark.parametrize("persona", ["sysadmin", "auditadmin", "staff", "ent_user"])
def test_only_the_security_administrator_sets_the_policy(request, persona):
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        actions.set_policy(Role.FIC_STAFF, required=False, acting_user=user)
    assert not TwoFactorPolicy.objects.exists()


@pytest.mark.parametrize("persona", ["sysadmin", "auditadmin", "staff"])
def test_the_policy_page_is_not_found_for_anyone_else(request, login, persona):
    assert login(request.getfixturevalue(persona)).get(URL).status_code == 404


def test_the_security_administrator_saves_the_policy_on_the_page(login, require_roles, secadmin):
    require_roles(Role.SYSTEM_ADMIN)
    from kaopu.twofactor.testing import login_verified

    client = login_verified(login(secadmin), secadmin)
    page = client.get(URL)
    assert page.status_code == 200 and "双因素认证策略" in page.content.decode()
    choices = {role: "0" for role in Role.values}
    choices.update({Role.SYSTEM_ADMIN: "1", Role.LAWYER: "1"})
    response = client.post(URL, choices, follow=True)
    assert "已保存" in response.content.decode()
    assert dict(TwoFactorPolicy.objects.values_list("role", "required")) == {Role.LAWYER: True}
    assert AuditEntry.objects.get(action=Action.TWO_FACTOR).summary == "将角色「律师」的双因素认证设为必须使用"


def test_an_unknown_choice_on_the_page_changes_nothing(login, secadmin):
    choices = {role: "0" for role in Role.values}
    choices[Role.FIC_STAFF] = "maybe"
    response = login(secadmin).post(URL, choices)
    assert response.status_code == 200
    assert not TwoFactorPolicy.objects.exists()
