"""Logging in: the form, the audit entries, and the lockout after five failures (django-axes)."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from kaopu.audit.models import Action, AuditEntry

URL = reverse("accounts:login")


def attempt(client, username: str, password: str):  # type: ignore[no-untyped-def]
    return client.post(URL, {"username": username, "password": password})


def is_logged_in(client) -> bool:  # type: ignore[no-untyped-def]
    return "_auth_user_id" in client.session


def is_lockout_page(response) -> bool:  # type: ignore[no-untyped-def]
    return "accounts/locked_out.html" in [t.name for t in response.templates]


def test_the_right_password_logs_in_and_is_audited(client, staff, password):
    response = attempt(client, "staff", password)
    assert response.status_code == 302
    assert is_logged_in(client)
    entry = AuditEntry.objects.get(action=Action.LOGIN)
    assert entry.actor_id == staff.pk
    assert entry.ip_address == "127.0.0.1"


def test_a_wrong_password_is_refused_with_a_message_and_audited(client, staff):
    response = attempt(client, "staff", "wrong-password-1A")
    assert response.status_code == 200
    assert not is_logged_in(client)
    assert response.context["form"].non_field_errors()
    entry = AuditEntry.objects.get(action=Action.LOGIN_FAILED)
    assert entry.actor_name == "staff"
    assert entry.actor_id is None


def test_five_failures_lock_the_account_and_the_sixth_try_with_the_right_password_is_refused(
        client, staff, password):
    for _ in range(4):
        assert not is_lockout_page(attempt(client, "staff", "wrong-password-1A"))
    fifth = attempt(client, "staff", "wrong-password-1A")
    assert is_lockout_page(fifth)
    sixth = attempt(client, "staff", password)
    assert is_lockout_page(sixth)
    assert sixth.status_code == 429
    assert not is_logged_in(client)
    # Five wrong passwords, then the refused attempt while locked: each one is a failed login.
    assert AuditEntry.objects.filter(action=Action.LOGIN_FAILED, actor_name="staff").count() == 6
    assert AuditEntry.objects.filter(action=Action.LOCKED_OUT, actor_name="staff").exists()
    assert not AuditEntry.objects.filter(action=Action.LOGIN).exists()


def test_a_lockout_is_per_account_not_per_address(client, staff, leader, password):
    for _ in range(5):
        attempt(client, "staff", "wrong-password-1A")
    response = attempt(client, "leader", password)
    assert response.status_code == 302
    assert is_logged_in(client)


def test_a_successful_login_resets_the_failure_count(client, staff, password):
    for _ in range(4):
        attempt(client, "staff", "wrong-password-1A")
    assert attempt(client, "staff", password).status_code == 302
    client.post(reverse("accounts:logout"))
    for _ in range(4):
        assert not is_lockout_page(attempt(client, "staff", "wrong-password-1A"))
    assert attempt(client, "staff", password).status_code == 302


def test_the_security_admin_unlocking_the_account_lets_it_log_in_again(client, staff, password):
    for _ in range(5):
        attempt(client, "staff", "wrong-password-1A")
    AccessAttempt.objects.filter(username="staff").delete()
    assert attempt(client, "staff", password).status_code == 302


def test_a_disabled_account_cannot_log_in(client, staff, password):
    staff.is_active = False
    staff.save(update_fields=["is_active"])
    response = attempt(client, "staff", password)
    assert response.status_code == 200
    assert not is_logged_in(client)


def test_logout_is_audited(login, staff):
    client = login(staff)
    client.post(reverse("accounts:logout"))
    assert not is_logged_in(client)
    assert AuditEntry.objects.filter(action=Action.LOGOUT, actor_id=staff.pk).exists()


@pytest.mark.parametrize("persona", ["staff", "leader", "handler", "ent_user", "bank_officer", "lawyer"])
def test_a_logged_in_user_starts_on_the_start_page_of_their_role(world, login, persona):
    response = login(world.users[persona]).get(reverse("core:home"))
    assert response.status_code == 200
    assert "core/workbench.html" in [template.name for template in response.templates]


@pytest.mark.parametrize(("persona", "expected"), [("auditadmin", "audit:entry_list"), ("sysadmin", "admin:index")])
def test_an_administrator_is_sent_to_the_page_of_their_duty(world, login, persona, expected):
    response = login(world.users[persona]).get(reverse("core:home"))
    assert response.status_code == 302
    assert response.url == reverse(expected)
