"""Logging in with a second factor: the password first, then the authenticator's code or a recovery
code; only then is the session fully logged in. Replays, reused recovery codes and wrong codes are
refused, audited, and wrong codes count towards the lockout like wrong passwords."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken

from kaopu.accounts.roles import Role
from kaopu.audit.models import Action, AuditEntry
from kaopu.twofactor import devices
from kaopu.twofactor.testing import current_code, enrol
from kaopu.twofactor.tests.conftest import VERIFY, password_login


@pytest.fixture
def device(staff):  # type: ignore[no-untyped-def]
    return enrol(staff)


def two_factor_entries() -> list[str]:
    return list(AuditEntry.objects.filter(action=Action.TWO_FACTOR).order_by("sequence")
                .values_list("summary", flat=True))


def test_the_password_alone_leaves_the_session_at_the_second_step(device):
    client, response = password_login("staff")
    assert response.status_code == 302
    home = client.get("/appeals/")
    assert home.status_code == 302 and home.url == f"{VERIFY}?next=%2Fappeals%2F"
    page = client.get(home.url).content.decode()
    assert "登录第二步" in page and 'autocomplete="one-time-code"' in page
    assert "mainnav" not in page  # no menu before the second step


def test_the_right_code_completes_the_login_and_goes_on_to_next(device, staff):
    client, _response = password_login("staff")
    response = client.post(VERIFY, {"code": current_code(device), "next": "/appeals/triage/"})
    assert response.status_code == 302 and response.url == "/appeals/triage/"
    assert client.get("/appeals/triage/").status_code == 200
    assert two_factor_entries() == ["staff（staff）通过身份验证器完成登录第二步"]


def test_a_next_to_another_site_is_ignored(device):
    client, _response = password_login("staff")
    response = client.post(VERIFY, {"code": current_code(device), "next": "https://evil.example/"})
    assert response.url == "/"


def test_the_same_code_can_not_be_replayed_in_another_session(device, pin_clock):
    moment = pin_clock(date(2026, 3, 3), 10, 0)
    first, _response = password_login("staff")
    code = current_code(device)
    assert first.post(VERIFY, {"code": code}).status_code == 302
    pin_clock(moment + timedelta(seconds=5))  # the same 30-second step (or the next: still within tolerance)
    second, _response = password_login("staff", address="10.1.1.2")
    refused = second.post(VERIFY, {"code": code})
    assert refused.status_code == 200 and "验证码错误、已过期或已使用" in refused.content.decode()
    assert second.get("/two-factor/").status_code == 302


def test_a_code_two_steps_old_is_refused(device):
    client, _response = password_login("staff")
    assert client.post(VERIFY, {"code": current_code(device, offset_steps=-2)}).status_code == 200
    assert client.get("/two-factor/").status_code == 302


def test_a_recovery_code_works_once_typed_any_way_and_says_how_many_are_left(device, staff):
    code = devices.new_recovery_codes(staff)[0]
    client, _response = password_login("staff")
    typed = "　" + code[:4].upper() + "-" + code[4:] + " "  # full-width space, upper case, a dash
    assert client.post(VERIFY, {"code": typed}).status_code == 302
    assert not StaticToken.objects.filter(token=code).exists()
    assert two_factor_entries()[-1] == "staff（staff）使用恢复码完成登录第二步（剩余 9 个）"
    again, _response = password_login("staff", address="10.1.1.3")
    assert again.post(VERIFY, {"code": code}).status_code == 200
    assert again.get("/two-factor/").status_code == 302


def test_wrong_codes_are_audited_and_lock_the_user_at_that_address_like_wrong_passwords(device, staff):
    client, _response = password_login("staff", address="10.2.2.2")
    for _ in range(4):
        response = client.post(VERIFY, {"code": "123456"})
        assert response.status_code == 200
    fifth = client.post(VERIFY, {"code": "123456"})
    assert fifth.status_code == 429 and "accounts/locked_out.html" in [t.name for t in fifth.templates]
    assert "_auth_user_id" not in client.session  # the half-open session is ended
    assert two_factor_entries().count("staff（staff）输入的第二步验证码错误") == 5
    assert AuditEntry.objects.filter(action=Action.LOCKED_OUT, actor_name="staff").exists()
    # Even the right password from that address is refused now …
    _client, refused = password_login("staff", address="10.2.2.2")
    assert refused.status_code == 429
    # … but not from the user's other address.
    _client, other = password_login("staff", address="10.3.3.3")
    assert other.status_code == 302


def test_the_second_step_page_without_a_second_factor_just_goes_on(login, ent_user):
    response = login(ent_user).get(VERIFY)
    assert response.status_code == 302 and response.url == "/"


def test_the_enrolment_policy_and_an_existing_device_mean_the_second_step_first(require_roles, device):
    require_roles(Role.FIC_STAFF)
    client, _response = password_login("staff")
    assert client.get("/two-factor/").url.startswith(VERIFY)
    assert client.get(reverse("twofactor:enrol")).url.startswith(VERIFY)
