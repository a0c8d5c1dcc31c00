"""The security administrator's lockout list: unlocking is audited however it is done, and the list
says in the reader's language how many tries an account has left."""

from __future__ import annotations

from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from kaopu.audit.models import Action, AuditEntry


def fail_logins(username: str, times: int) -> None:
    client = Client()  # not the administrator's: a logged-in client is sent away from the login page
    for _ in range(times):
        client.post(reverse("accounts:login"), {"username": username, "password": "wrong-password-1A"})


def test_deleting_selected_lockouts_unlocks_each_with_an_audit_entry(login, secadmin, staff, leader) -> None:  # type: ignore[no-untyped-def]
    fail_logins("staff", 5)
    fail_logins("leader", 5)
    attempts = list(AccessAttempt.objects.values_list("pk", flat=True))
    assert len(attempts) == 2
    response = login(secadmin).post(reverse("admin:axes_accessattempt_changelist"), {
        "action": "delete_selected", "_selected_action": attempts, "post": "yes"})
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    summaries = set(AuditEntry.objects.filter(action=Action.PERMISSION_CHANGE).values_list("summary", flat=True))
    assert summaries == {"解除账号 staff 的锁定", "解除账号 leader 的锁定"}


def test_the_lockout_list_counts_the_tries_left_in_chinese(login, secadmin, staff) -> None:  # type: ignore[no-untyped-def]
    fail_logins("staff", 2)
    page = login(secadmin).get(reverse("admin:axes_accessattempt_changelist")).content.decode()
    assert 'class="field-status">还可尝试 3 次<' in page and "锁定状态" in page
    fail_logins("staff", 3)
    page = login(secadmin).get(reverse("admin:axes_accessattempt_changelist")).content.decode()
    assert 'class="field-status">已锁定<' in page
