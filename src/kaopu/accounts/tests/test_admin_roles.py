"""三员分立: no superuser, one role per account, and the admin site split between the three admin roles."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from kaopu.accounts.models import User
from kaopu.accounts.roles import ADMIN_ROLES, ROLE_ORGANISATION_KINDS, Role
from kaopu.audit.log import record
from kaopu.audit.models import Action, AuditEntry

NON_ADMINS = ["staff", "far_staff", "leader", "handler", "ent_user", "chamber_officer", "bank_officer", "lawyer"]


# --- no superuser, one role ----------------------------------------------------------------------

def test_create_superuser_refuses(db):
    with pytest.raises(ValidationError):
        User.objects.create_superuser("root", "root@example.com", "Kaopu-2026-root")
    assert not User.objects.filter(username="root").exists()


def test_the_database_refuses_a_superuser(staff):
    staff.is_superuser = True
    with pytest.raises(IntegrityError), transaction.atomic():
        staff.save(update_fields=["is_superuser"])


def test_the_database_refuses_an_unknown_role(staff):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=staff.pk).update(role="all_admins")


def test_a_user_holds_exactly_one_role(world):
    for user in world.users.values():
        assert user.role in Role.values
        assert isinstance(user.role, str)


def test_admin_roles_are_three_and_belong_to_the_fic_only():
    assert {Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN} == set(ADMIN_ROLES)
    for role in ADMIN_ROLES:
        assert ROLE_ORGANISATION_KINDS[role] == {"fic"}


def test_model_validation_refuses_a_role_that_does_not_fit_the_organisation(ent_user):
    ent_user.role = Role.SYSTEM_ADMIN
    with pytest.raises(ValidationError) as caught:
        ent_user.clean()
    assert "role" in caught.value.message_dict


# --- who may open the admin site -----------------------------------------------------------------

@pytest.mark.parametrize("persona", ["sysadmin", "secadmin", "auditadmin"])
def test_the_three_admin_roles_open_the_admin_site(world, login, persona):
    assert login(world.users[persona]).get(reverse("admin:index")).status_code == 200


@pytest.mark.parametrize("persona", NON_ADMINS)
def test_everyone_else_is_kept_out_of_the_admin_site(world, login, persona):
    client = login(world.users[persona])
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert "/admin/login/" in response.url
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 302


# --- each admin role sees only its models --------------------------------------------------------

def models_on_index(client) -> set[str]:  # type: ignore[no-untyped-def]
    return {model["object_name"] for app in client.get(reverse("admin:index")).context["app_list"]
            for model in app["models"]}


def test_each_admin_role_sees_only_its_models(login, sysadmin, secadmin, auditadmin):
    assert "AuditEntry" not in models_on_index(login(sysadmin))
    assert {"User", "Organisation"} <= models_on_index(login(sysadmin))
    assert "AuditEntry" not in models_on_index(login(secadmin))
    assert {"User", "AccessAttempt"} <= models_on_index(login(secadmin))
    assert models_on_index(login(auditadmin)) == {"AuditEntry"}


def test_the_audit_admin_reads_the_audit_log_read_only(login, auditadmin, staff):
    entry = record(Action.CREATE, actor=staff, summary="测试条目")
    client = login(auditadmin)
    assert client.get(reverse("admin:audit_auditentry_changelist")).status_code == 200
    change_url = reverse("admin:audit_auditentry_change", args=[entry.pk])
    page = client.get(change_url)
    assert page.status_code == 200
    assert 'name="_save"' not in page.text
    assert client.post(change_url, {"summary": "改过的"}).status_code == 403
    assert client.get(reverse("admin:audit_auditentry_add")).status_code == 403
    assert client.get(reverse("admin:audit_auditentry_delete", args=[entry.pk])).status_code == 403
    entry.refresh_from_db()
    assert entry.summary == "测试条目"


def test_the_audit_admin_cannot_see_or_change_users(login, auditadmin, staff):
    client = login(auditadmin)
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 403
    assert client.post(reverse("admin:accounts_user_change", args=[staff.pk]),
                       {"role": Role.DISTRICT_LEADER}).status_code == 403
    staff.refresh_from_db()
    assert staff.role == Role.FIC_STAFF


@pytest.mark.parametrize("persona", ["sysadmin", "secadmin"])
def test_system_and_security_admins_cannot_open_the_audit_log_in_the_admin(world, login, persona):
    client = login(world.users[persona])
    assert client.get(reverse("admin:audit_auditentry_changelist")).status_code == 403


def user_form(user: User, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "username": user.username, "name": user.name, "phone": user.phone, "email": user.email,
        "organisation": user.organisation_id, "role": user.role, "is_active": "on",
    }
    data.update(changes)
    return data


def test_the_system_admin_edits_accounts_but_cannot_change_a_role(login, sysadmin, staff):
    client = login(sysadmin)
    url = reverse("admin:accounts_user_change", args=[staff.pk])
    response = client.post(url, user_form(staff, name="张工作人员", role=Role.DISTRICT_LEADER))
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    staff.refresh_from_db()
    assert staff.name == "张工作人员"
    assert staff.role == Role.FIC_STAFF
    assert not AuditEntry.objects.filter(action=Action.ROLE_CHANGE).exists()
    assert AuditEntry.objects.filter(action=Action.UPDATE, object_type="accounts.user",
                                     object_id=str(staff.pk)).exists()


def test_the_system_admin_cannot_create_an_admin_account(login, sysadmin, world):
    client = login(sysadmin)
    response = client.post(reverse("admin:accounts_user_add"), {
        "username": "newadmin", "name": "新管理员", "organisation": sysadmin.organisation_id,
        "role": Role.AUDIT_ADMIN, "password1": "Kaopu-2026-admin", "password2": "Kaopu-2026-admin",
    })
    assert response.status_code == 200
    assert not User.objects.filter(username="newadmin").exists()


def test_the_system_admin_creates_a_staff_account_with_an_audit_entry(login, sysadmin):
    client = login(sysadmin)
    response = client.post(reverse("admin:accounts_user_add"), {
        "username": "newstaff", "name": "新同事", "organisation": sysadmin.organisation_id,
        "role": Role.FIC_STAFF, "password1": "Kaopu-2026-staff", "password2": "Kaopu-2026-staff",
    })
    assert response.status_code == 302
    created = User.objects.get(username="newstaff")
    assert AuditEntry.objects.filter(action=Action.CREATE, object_id=str(created.pk)).exists()


def test_the_security_admin_changes_a_role_in_the_admin_and_it_is_audited(login, secadmin, staff):
    client = login(secadmin)
    url = reverse("admin:accounts_user_change", args=[staff.pk])
    response = client.post(url, user_form(staff, role=Role.DISTRICT_LEADER, name="想改名"))
    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.role == Role.DISTRICT_LEADER
    assert staff.name != "想改名"  # personal data is the system admin's, read-only here
    entry = AuditEntry.objects.get(action=Action.ROLE_CHANGE)
    assert entry.data == {"old": Role.FIC_STAFF, "new": Role.DISTRICT_LEADER}


def test_the_security_admin_cannot_add_accounts(login, secadmin):
    assert login(secadmin).get(reverse("admin:accounts_user_add")).status_code == 403
