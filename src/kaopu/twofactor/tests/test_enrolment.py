"""Enrolment: a QR code drawn by the platform and the secret as text, confirmed with a code, then ten
single-use recovery codes shown once; every step audited."""

from __future__ import annotations

import re
from base64 import b32decode

from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from kaopu.accounts.roles import Role
from kaopu.audit.models import Action, AuditEntry

ENROL = reverse("twofactor:enrol")


def secret_on(page: str) -> str:
    return re.search(r'data-secret="([A-Z2-7]+)"', page).group(1)


def code_for(secret: str, *, steps: int = 0) -> str:
    import time

    totp = TOTP(b32decode(secret))
    totp.time = time.time() + 30 * steps
    return f"{totp.token():06d}"


def test_the_page_draws_the_qr_code_itself_and_shows_the_secret_as_text(login, staff):
    page = login(staff).get(ENROL).content.decode()
    assert '<div class="qr" role="img"' in page and '<svg viewBox=' in page and "<img" not in page
    secret = secret_on(page)
    assert len(secret) == 32
    assert " ".join(secret[i:i + 4] for i in range(0, 32, 4)) in page
    assert "otpauth://" not in page  # the secret leaves only as the drawing and the text, to no QR service


def test_reloading_keeps_the_same_secret_and_starting_is_audited_once(login, staff):
    client = login(staff)
    first, second = (secret_on(client.get(ENROL).content.decode()) for _ in range(2))
    assert first == second
    assert list(AuditEntry.objects.filter(action=Action.TWO_FACTOR).values_list("summary", flat=True)) == [
        "staff（staff）开始绑定身份验证器"]


def test_a_right_code_confirms_shows_ten_codes_once_and_the_session_is_verified(login, require_roles, staff):
    require_roles(Role.FIC_STAFF)
    client = login(staff)
    secret = secret_on(client.get(ENROL).content.decode())
    response = client.post(ENROL, {"code": code_for(secret)})
    page = response.content.decode()
    codes = re.findall(r"<li>([a-z2-7]{8})</li>", page)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert set(StaticToken.objects.filter(device__user=staff).values_list("token", flat=True)) == set(codes)
    assert TOTPDevice.objects.get(user=staff).confirmed
    assert client.get(reverse("twofactor:status")).status_code == 200  # fully logged in now
    assert "确认绑定身份验证器，并生成 10 个恢复码" in AuditEntry.objects.filter(
        action=Action.TWO_FACTOR).first().summary
    # Shown once: the status page gives the count, never the codes.
    status = client.get(reverse("twofactor:status")).content.decode()
    assert "剩余恢复码：10" in status and codes[0] not in status


def test_a_wrong_code_is_refused_audited_and_counted_as_a_failed_login(login, staff):
    from axes.models import AccessAttempt

    client = login(staff)
    client.get(ENROL)
    response = client.post(ENROL, {"code": "000000"}, REMOTE_ADDR="10.9.9.9")
    assert response.status_code == 200
    assert "验证码错误或已过期" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=staff, confirmed=True).exists()
    assert AuditEntry.objects.filter(action=Action.TWO_FACTOR, summary__contains="验证码错误").count() == 1
    assert AccessAttempt.objects.get(username="staff", ip_address="10.9.9.9").failures_since_start == 1


def test_the_confirming_code_can_not_be_used_again_for_the_second_step(client, staff, password):
    from kaopu.twofactor.tests.conftest import VERIFY, password_login

    client, _response = password_login("staff")
    # Enrol optionally (no policy): the enrolment page is reachable from the status page.
    secret = secret_on(client.get(ENROL).content.decode())
    code = code_for(secret)
    client.post(ENROL, {"code": code})
    client.post(reverse("accounts:logout"))
    client, response = password_login("staff")
    assert response.url == VERIFY or response.url.startswith("/")
    refused = client.post(VERIFY, {"code": code})
    assert refused.status_code == 200 and "_auth_user_id" in client.session
    assert client.get("/two-factor/").status_code == 302


def test_regenerating_voids_the_old_codes_and_is_audited(client, staff):
    from kaopu.twofactor.testing import login_verified

    client = login_verified(client, staff)
    first = re.findall(r"<li>([a-z2-7]{8})</li>", client.post(reverse("twofactor:regenerate")).content.decode())
    second = re.findall(r"<li>([a-z2-7]{8})</li>", client.post(reverse("twofactor:regenerate")).content.decode())
    assert len(first) == len(second) == 10 and not set(first) & set(second)
    assert set(StaticToken.objects.filter(device__user=staff).values_list("token", flat=True)) == set(second)
    assert AuditEntry.objects.filter(action=Action.TWO_FACTOR, summary__contains="重新生成恢复码").count() == 2


def test_regenerating_needs_a_verified_session(login, staff):
    from kaopu.twofactor.testing import enrol

    enrol(staff)
    client = login(staff)  # password only
    response = client.post(reverse("twofactor:regenerate"))
    assert response.status_code == 302 and response.url.startswith(reverse("twofactor:verify"))
    assert not StaticToken.objects.exists()
