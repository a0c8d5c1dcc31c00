"""accounts.actions.change_role: the security administrator's duty, audited, one role per account."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kaopu.accounts.actions import change_role
from kaopu.accounts.roles import Role
from kaopu.audit.models import Action, AuditEntry


def test_the_security_admin_changes_a_role_and_the_audit_entry_has_old_and_new(world, secadmin, staff):
    changed = change_role(staff, role=Role.DISTRICT_LEADER, acting_user=secadmin)
    staff.refresh_from_db()
    assert staff.role == changed.role == Role.DISTRICT_LEADER
    entry = AuditEntry.objects.get(action=Action.ROLE_CHANGE)
    assert entry.data == {"old": Role.FIC_STAFF, "new": Role.DISTRICT_LEADER}
    assert entry.actor_id == secadmin.pk
    assert entry.object_type == "accounts.user"
    assert entry.object_id == str(staff.pk)


@pytest.mark.parametrize("persona", ["sysadmin", "auditadmin", "staff", "leader", "ent_user"])
def test_nobody_else_may_change_roles(world, persona):
    with pytest.raises(PermissionDenied):
        change_role(world.users["staff"], role=Role.DISTRICT_LEADER, acting_user=world.users[persona])
    assert not AuditEntry.objects.filter(action=Action.ROLE_CHANGE).exists()


def test_no_one_changes_their_own_role(secadmin):
    with pytest.raises(ValidationError):
        change_role(secadmin, role=Role.SYSTEM_ADMIN, acting_user=secadmin)
    secadmin.refresh_from_db()
    assert secadmin.role == Role.SECURITY_ADMIN


@pytest.mark.parametrize(("persona", "role"), [
    ("ent_user", Role.FIC_STAFF),              # an enterprise's employee is not FIC staff
    ("handler", Role.ENTERPRISE_USER),
    ("bank_officer", Role.LAWYER),
    ("ent_user", Role.AUDIT_ADMIN),            # admin roles belong to the FIC only
])
def test_a_role_must_fit_the_users_organisation(world, secadmin, persona, role):
    user = world.users[persona]
    old = user.role
    with pytest.raises(ValidationError) as caught:
        change_role(user, role=role, acting_user=secadmin)
    assert "role" in caught.value.message_dict
    user.refresh_from_db()
    assert user.role == old
    assert not AuditEntry.objects.filter(action=Action.ROLE_CHANGE).exists()


def test_an_unknown_role_is_refused(staff, secadmin):
    with pytest.raises(ValidationError):
        change_role(staff, role="superuser", acting_user=secadmin)


@pytest.mark.parametrize("role", [Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN])
def test_an_admin_role_is_never_given_directly(secadmin, staff, role):
    """Administrator roles take a request and another administrator's approval (test_admin_role_requests)."""
    with pytest.raises(ValidationError) as caught:
        change_role(staff, role=role, acting_user=secadmin)
    assert "另一名管理员批准" in caught.value.message_dict["role"][0]
    staff.refresh_from_db()
    assert staff.role == Role.FIC_STAFF
    assert not AuditEntry.objects.filter(action=Action.ROLE_CHANGE).exists()


def test_an_admin_role_is_never_taken_away_directly(secadmin, auditadmin):
    with pytest.raises(ValidationError):
        change_role(auditadmin, role=Role.FIC_STAFF, acting_user=secadmin)
    auditadmin.refresh_from_db()
    assert auditadmin.role == Role.AUDIT_ADMIN


def test_setting_the_same_role_again_writes_nothing(staff, secadmin):
    change_role(staff, role=Role.FIC_STAFF, acting_user=secadmin)
    assert not AuditEntry.objects.filter(action=Action.ROLE_CHANGE).exists()
