"""Passwords: one's own change (current password required), the forced change of a password someone
else chose, the expiry, the history, and the command line's one-time password; all audited."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kaopu.accounts import actions, passwords
from kaopu.accounts.models import ApiToken, PasswordHistory, User
from kaopu.accounts.roles import Role
from kaopu.audit.models import Action, AuditEntry
from kaopu.core.testing import PASSWORD

CHANGE = reverse("accounts:password_change")
NEW = "Kaopu-fresh-2027"


def change_form(old: str = PASSWORD, new: str = NEW, **extra: str) -> dict[str, str]:
    return {"old_password": old, "new_password1": new, "new_password2": new, **extra}


# --- one's own change ----------------------------------------------------------------------------

@pytest.mark.parametrize("persona", ["staff", "ent_user", "handler", "bank_officer", "sysadmin", "auditadmin"])
def test_every_user_changes_their_own_password_and_it_is_audited(world, login, persona):
    user = world.users[persona]
    client = login(user)
    response = client.post(CHANGE, change_form())
    assert response.status_code == 302 and response.url == reverse("accounts:account")
    user.refresh_from_db()
    assert user.check_password(NEW)
    assert user.password_changed_at is not None
    entry = AuditEntry.objects.get(action=Action.PASSWORD_CHANGE)
    assert entry.actor_id == user.pk and entry.summary == f"{persona}（{persona}） 修改了自己的密码"
    assert client.get(reverse("accounts:account")).status_code == 200  # the session survives the change


def test_the_current_password_is_required(login, staff):
    response = login(staff).post(CHANGE, change_form(old="Wrong-password-1"))
    assert response.status_code == 200
    assert "旧密码不正确" in response.content.decode() or "原密码" in response.content.decode()
    staff.refresh_from_db()
    assert staff.check_password(PASSWORD)
    assert not AuditEntry.objects.filter(action=Action.PASSWORD_CHANGE).exists()


@pytest.mark.parametrize(("new", "words"), [("short1A", "密码太短：至少须包含 10 个字符"),
                                            ("alllowercaseletters", "至少包含"), (PASSWORD, "最近 5 次")])
def test_a_weak_or_reused_password_is_refused_in_chinese(login, staff, new, words):
    response = login(staff).post(CHANGE, change_form(new=new))
    assert response.status_code == 200
    assert words in response.content.decode()
    staff.refresh_from_db()
    assert staff.check_password(PASSWORD)


def test_the_change_page_is_linked_from_the_header_through_the_account_page(login, staff):
    home = login(staff).get(reverse("accounts:tokens")).content.decode()
    assert f'id="account-link" href="{reverse("accounts:account")}"' in home
    page = login(staff).get(reverse("accounts:account")).content.decode()
    assert f'href="{CHANGE}"' in page and f'href="{reverse("accounts:tokens")}"' in page


def test_the_user_may_revoke_their_tokens_with_the_change(login, staff):
    ApiToken.issue(staff, "同步")
    login(staff).post(CHANGE, change_form(revoke_tokens="on"))
    assert ApiToken.objects.get(user=staff).revoked_because == ApiToken.RevokedBecause.PASSWORD_CHANGE


def test_tokens_survive_a_change_unless_asked(login, staff):
    ApiToken.issue(staff, "同步")
    login(staff).post(CHANGE, change_form())
    assert ApiToken.objects.get(user=staff).revoked_at is None


# --- a password someone else chose must be changed -----------------------------------------------

def test_a_new_account_from_the_admin_must_change_its_password(login, sysadmin):
    response = login(sysadmin).post(reverse("admin:accounts_user_add"), {
        "username": "newstaff", "name": "新同事", "organisation": sysadmin.organisation_id,
        "role": Role.FIC_STAFF, "password1": "Kaopu-2026-staff", "password2": "Kaopu-2026-staff"})
    assert response.status_code == 302
    created = User.objects.get(username="newstaff")
    assert created.must_change_password
    entry = AuditEntry.objects.get(action=Action.PASSWORD_RESET, object_id=str(created.pk))
    assert entry.summary == "系统管理员 sysadmin 为新账号 新同事（newstaff） 设置初始密码（首次登录须修改）"


def test_test_and_demo_personas_carry_no_forced_change(world):
    assert not any(user.must_change_password for user in world.users.values())


def test_logging_in_with_a_reset_password_leads_to_the_change_page_and_nowhere_else(client, sysadmin, staff):
    actions.reset_password(staff, new_password="Kaopu-reset-2026", acting_user=sysadmin)
    response = client.post(reverse("accounts:login"), {"username": "staff", "password": "Kaopu-reset-2026"})
    assert response.status_code == 302
    for url in ["/", reverse("accounts:tokens"), reverse("directory:enterprise_list"), reverse("accounts:account")]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(CHANGE), url
    page = client.get(CHANGE)
    assert page.status_code == 200 and "你的密码是由管理员设置的" in page.content.decode()
    # Allowed while the change is pending: the language switch and logging out.
    assert client.post(reverse("set_language"), {"language": "zh-hans", "next": CHANGE}).status_code == 302
    response = client.post(CHANGE, change_form(old="Kaopu-reset-2026", next="/appeals/"))
    assert response.status_code == 302 and response.url == "/appeals/"
    assert client.get(reverse("accounts:tokens")).status_code == 200
    staff.refresh_from_db()
    assert not staff.must_change_password
    assert AuditEntry.objects.get(action=Action.PASSWORD_CHANGE).summary.endswith("（初始、重置或过期密码）")


def test_the_forced_change_sends_back_to_the_page_asked_for(login, staff):
    User.objects.filter(pk=staff.pk).update(must_change_password=True)
    response = login(staff).get("/appeals/?state=open")
    assert response.url == CHANGE + "?next=%2Fappeals%2F%3Fstate%3Dopen"


def test_the_forced_change_ignores_a_next_to_another_site(login, staff):
    User.objects.filter(pk=staff.pk).update(must_change_password=True)
    response = login(staff).post(CHANGE, change_form(next="https://evil.example/"))
    assert response.url == reverse("accounts:account")


def test_the_forced_change_answers_htmx_and_the_api_without_a_page(login, staff):
    User.objects.filter(pk=staff.pk).update(must_change_password=True)
    client = login(staff)
    assert client.get(reverse("notifications:bell"), HTTP_HX_REQUEST="true").status_code == 204
    response = client.get("/api/v1/enterprises")
    assert response.status_code == 401
    assert "请先设置新密码" in response.json()["detail"]


def test_logging_out_is_allowed_during_a_forced_change(login, staff):
    User.objects.filter(pk=staff.pk).update(must_change_password=True)
    client = login(staff)
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_an_admin_reset_ends_the_users_other_sessions(client, login, sysadmin, staff):
    session_of_staff = login(staff)
    assert session_of_staff.get(reverse("accounts:account")).status_code == 200
    actions.reset_password(staff, new_password="Kaopu-reset-2026", acting_user=sysadmin)
    response = session_of_staff.get(reverse("accounts:account"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


# --- the command line ----------------------------------------------------------------------------

def test_resetpassword_prints_a_one_time_password_for_an_administrator(auditadmin):
    ApiToken.issue(auditadmin, "导出")
    out = StringIO()
    call_command("resetpassword", "auditadmin", stdout=out)
    raw = out.getvalue().split("one-time password for auditadmin: ")[1].split()[0]
    auditadmin.refresh_from_db()
    assert auditadmin.check_password(raw) and auditadmin.must_change_password
    passwords_ok = __import__("django.contrib.auth.password_validation", fromlist=["x"])
    passwords_ok.validate_password(raw)  # the one-time password passes the rules itself
    entry = AuditEntry.objects.get(action=Action.PASSWORD_RESET)
    assert entry.actor_id is None and entry.actor_name == "manage.py"
    assert entry.summary == "服务器命令行为 auditadmin（auditadmin）（审计管理员）生成一次性密码（下次登录须修改）"
    assert ApiToken.objects.get(user=auditadmin).revoked_because == ApiToken.RevokedBecause.PASSWORD_RESET


def test_resetpassword_names_an_unknown_user(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="nobody"):
        call_command("resetpassword", "nobody")


def test_createadmin_opens_an_installation_without_a_forced_change(db):
    call_command("createadmin", "root_sys", role=Role.SYSTEM_ADMIN, name="张三", password="Kaopu-admin-2026",
                 stdout=StringIO())
    admin = User.objects.get(username="root_sys")
    assert admin.role == Role.SYSTEM_ADMIN and not admin.must_change_password
    assert admin.password_changed_at is not None
    assert AuditEntry.objects.get(action=Action.CREATE).summary == "服务器命令行创建系统管理员 张三（root_sys）"


# --- expiry --------------------------------------------------------------------------------------

def _dated(user: User, changed: date) -> User:
    moment = timezone.make_aware(timezone.datetime(changed.year, changed.month, changed.day, 9))
    User.objects.filter(pk=user.pk).update(password_changed_at=moment)
    user.refresh_from_db()
    return user


@pytest.mark.parametrize(("persona", "expires"), [
    ("staff", True), ("leader", True), ("handler", True), ("sysadmin", True), ("secadmin", True),
    ("auditadmin", True), ("ent_user", False), ("bank_officer", False), ("lawyer", False),
    ("chamber_officer", False)])
def test_passwords_expire_after_90_days_for_the_roles_that_see_others_data(world, pin_clock, persona, expires):
    pin_clock(date(2026, 6, 1))
    user = _dated(world.users[persona], date(2026, 3, 3))  # 90 days before 1 June, at 09:00
    assert passwords.is_expired(user) == expires
    assert not passwords.is_expired(_dated(user, date(2026, 3, 4)))


def test_an_expired_password_forces_the_change_page(world, login, pin_clock, staff):
    pin_clock(date(2026, 6, 1))
    _dated(staff, date(2026, 1, 5))
    client = login(staff)
    response = client.get("/")
    assert response.status_code == 302 and response.url.startswith(CHANGE)
    assert "你的密码已过期" in client.get(CHANGE).content.decode()
    client.post(CHANGE, change_form())
    assert client.get(reverse("accounts:tokens")).status_code == 200
    staff.refresh_from_db()
    assert not passwords.is_expired(staff)


def test_the_expiry_is_configured_per_role(world, pin_clock, settings):
    pin_clock(date(2026, 6, 1))
    settings.KAOPU_PASSWORD_MAX_AGE_DAYS = {Role.ENTERPRISE_USER: 30, Role.FIC_STAFF: 0}
    assert passwords.is_expired(_dated(world.users["ent_user"], date(2026, 4, 30)))
    assert not passwords.is_expired(_dated(world.users["staff"], date(2020, 1, 1)))


def test_the_account_page_shows_the_age_and_the_expiry(world, login, pin_clock, staff):
    pin_clock(date(2026, 6, 1))
    _dated(staff, date(2026, 5, 2))
    page = login(staff).get(reverse("accounts:account")).content.decode()
    assert "2026-05-02（30 天前）" in page and "2026-07-31" in page
    assert "staff" in page and "工商联工作人员" in page and "普陀区工商联" in page


def test_a_test_persona_without_a_password_date_never_expires(world, pin_clock, staff):
    pin_clock(date(2040, 1, 1))
    assert staff.password_changed_at is None and not passwords.is_expired(staff)


# --- history -------------------------------------------------------------------------------------

def _change(user: User, new: str) -> None:
    from django.contrib.auth.password_validation import validate_password

    validate_password(new, User.objects.get(pk=user.pk))
    actions.change_own_password(user, new_password=new)


def test_the_last_five_passwords_may_not_be_chosen_again_the_sixth_may(staff):
    from django.core.exceptions import ValidationError

    chosen = [f"Kaopu-round-{n}x" for n in range(1, 6)]
    for password in chosen:
        _change(staff, password)
    # Current: round-5; the four before it and round-5 are refused, the original (sixth back) is allowed.
    for password in chosen:
        with pytest.raises(ValidationError, match="最近 5 次"):
            _change(staff, password)
    _change(staff, PASSWORD)
    assert PasswordHistory.objects.filter(user=staff).count() == 4


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(count=st.integers(min_value=1, max_value=8), rounds=st.integers(min_value=1, max_value=10))
def test_the_history_refuses_exactly_the_last_count_passwords(staff, count, rounds):
    from django.core.exceptions import ValidationError

    validator = passwords.PasswordHistoryValidator(count=count)
    PasswordHistory.objects.filter(user=staff).delete()
    used = [f"Kaopu-h{count}-{rounds}-{n}" for n in range(rounds)]
    with patch_history_count(count):
        for password in used:
            actions.change_own_password(staff, new_password=password)
    fresh = User.objects.get(pk=staff.pk)
    for age, password in enumerate(reversed(used)):  # age 0: the current password
        if age < count:
            with pytest.raises(ValidationError):
                validator.validate(password, fresh)
        else:
            validator.validate(password, fresh)


def patch_history_count(count: int):  # type: ignore[no-untyped-def]
    from unittest import mock

    return mock.patch.object(passwords, "history_count", lambda: count)


def test_the_history_keeps_hashes_only(staff):
    actions.change_own_password(staff, new_password=NEW)
    kept = PasswordHistory.objects.get(user=staff)
    assert PASSWORD not in kept.password and kept.password.startswith("md5$")


def test_the_age_is_counted_from_the_change(staff, pin_clock):
    pin_clock(date(2026, 6, 1))
    actions.change_own_password(staff, new_password=NEW)
    staff.refresh_from_db()
    assert timezone.now() - staff.password_changed_at < timedelta(minutes=1)


def test_pages_other_apps_open_during_the_change_are_let_through(login, staff, monkeypatch):
    from kaopu.accounts import middleware

    monkeypatch.setattr(middleware, "_ALSO_ALLOWED", [])
    User.objects.filter(pk=staff.pk).update(must_change_password=True)
    client = login(staff)
    assert client.get(reverse("accounts:tokens")).status_code == 302
    middleware.allow_during_password_change(reverse("accounts:tokens"))
    assert client.get(reverse("accounts:tokens")).status_code == 200


def test_the_second_login_step_stays_open_during_the_change(login, staff, monkeypatch):
    """kaopu.twofactor's verify and enrol pages are found by URL name (here stood in for by the
    tokens page): its gate and this one must not send the user to each other's page."""
    from kaopu.accounts import middleware

    monkeypatch.setattr(middleware, "LOGIN_STEPS", ("accounts:tokens", "nothing:here"))
    User.objects.filter(pk=staff.pk).update(must_change_password=True)
    client = login(staff)
    assert client.get(reverse("accounts:tokens")).status_code == 200
    assert client.get(reverse("accounts:account")).status_code == 302
