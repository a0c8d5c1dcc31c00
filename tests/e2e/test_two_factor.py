"""Two-factor login in the browser: a staff user whose role requires it is sent to enrolment, adds the
authenticator from the secret shown on the page, keeps the recovery codes, and from then on logs in with
password and code; a wrong code is refused. On a phone's width, nothing overflows."""

from __future__ import annotations

import time
from base64 import b32decode

import pytest
from e2e_helpers import DESKTOP, PHONE, log_in, settle

pytestmark = pytest.mark.browser


def code_for(secret: str) -> str:
    from django_otp.oath import TOTP

    totp = TOTP(b32decode(secret))
    totp.time = time.time()
    return f"{totp.token():06d}"


def next_usable_code(username: str) -> str:
    """The code the server accepts now and has not seen: the step after the last one used, as the device
    counts steps (django-otp shifts its clock by ``drift`` when a code of a neighbouring step was accepted,
    which happens when the enrolment code is typed as a 30-second step ends), and not before now."""
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user__username=username)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    now = totp.t()
    step = max(now, device.last_t + 1)
    assert step <= now + device.tolerance, "the next code is further ahead than the server accepts"
    totp.time += (step - now) * device.step
    return f"{totp.token():06d}"


def fits_the_screen(page) -> bool:  # type: ignore[no-untyped-def]
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_staff_enrols_then_logs_in_with_password_and_code(world, live_server, new_page, settings, results_dir):
    settings.KAOPU_TWO_FACTOR_REQUIRED_ROLES = ["fic_staff"]
    page = new_page(viewport=PHONE)
    log_in(page, live_server.url, "staff")

    # Sent to enrolment, whatever page the login led to.
    assert "/two-factor/enrol/" in page.url
    assert page.locator("main h1").inner_text() == "设置双因素认证"
    assert page.locator(".qr svg").is_visible()
    assert fits_the_screen(page)
    page.screenshot(path=str(results_dir / "two-factor-enrol-phone.png"), full_page=True)
    page.goto(f"{live_server.url}/appeals/triage/")
    assert "/two-factor/enrol/" in page.url  # no way around it

    secret = page.locator("#totp-secret").get_attribute("data-secret")
    page.fill("input[name=code]", code_for(secret))
    page.click("main button[type=submit]")
    settle(page)
    codes = page.locator("#recovery-codes li").all_inner_texts()
    assert len(codes) == 10
    assert page.locator("[data-print]").is_visible()  # the static script ran (no inline script needed)
    assert fits_the_screen(page)
    page.get_by_role("link", name="我已保存，继续").click()
    settle(page)
    assert "/two-factor/" not in page.url

    page.set_viewport_size(DESKTOP)  # the phone's top bar folds the log-out button away
    page.locator("header.topbar form[action='/accounts/logout/'] button").click()
    settle(page)
    assert "/accounts/login/" in page.url

    log_in(page, live_server.url, "staff")
    assert "/two-factor/verify/" in page.url
    assert page.locator("main h1").inner_text() == "登录第二步"
    page.fill("input[name=code]", "000000" if code_for(secret) != "000000" else "111111")
    page.click("main button[type=submit]")
    settle(page)
    assert "/two-factor/verify/" in page.url
    assert "验证码错误、已过期或已使用" in page.locator("main").inner_text()
    page.goto(f"{live_server.url}/appeals/triage/")
    assert "/two-factor/verify/" in page.url

    page.wait_for_timeout(1500)  # django-otp lets a device be tried again one second after a failure
    # A code of a later 30-second step: the one used to confirm may not be used twice.
    page.fill("input[name=code]", next_usable_code("staff"))
    page.click("main button[type=submit]")
    settle(page)
    assert page.url.endswith("/appeals/triage/")
    assert page.locator("nav.mainnav").count() == 1
