"""Login throttling (issue 11, point 7): lockout by user *and* address, a per-address limit over every
user name, and a site-wide wave limit that spares known addresses. No stranger's address can lock an
administrator out at their own desk."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from kaopu.audit.models import Action, AuditEntry
from kaopu.core.testing import PASSWORD
from kaopu.twofactor import throttle
from kaopu.twofactor.models import KnownAddress, LoginFailure
from kaopu.twofactor.tests.conftest import LOGIN

STRANGER = "203.0.113.66"
ADMIN_DESK = "10.20.0.5"


def fail(username: str, address: str, times: int = 1):  # type: ignore[no-untyped-def]
    client = Client(REMOTE_ADDR=address)
    response = None
    for _ in range(times):
        response = client.post(LOGIN, {"username": username, "password": "wrong-Password-1"})
    return response


def right(username: str, address: str):  # type: ignore[no-untyped-def]
    return Client(REMOTE_ADDR=address).post(LOGIN, {"username": username, "password": PASSWORD})


@pytest.fixture
def limits(settings):  # type: ignore[no-untyped-def]
    settings.KAOPU_LOGIN_ADDRESS_LIMIT = 12
    settings.KAOPU_LOGIN_ADDRESS_WINDOW_MINUTES = 15
    settings.KAOPU_LOGIN_GLOBAL_LIMIT = 20
    return settings


def test_a_stranger_can_not_lock_the_security_administrator_out_at_their_own_desk(secadmin, limits, pin_clock):
    pin_clock(date(2026, 3, 3))
    locked = fail("secadmin", STRANGER, times=5)
    assert locked.status_code == 429 and "锁定" in locked.content.decode()
    assert fail("secadmin", STRANGER).status_code == 429
    assert right("secadmin", STRANGER).status_code == 429  # the pair (secadmin, stranger) is locked
    assert right("secadmin", ADMIN_DESK).status_code == 302


def test_the_lockout_page_says_the_configured_minutes(settings, staff):
    from axes.conf import settings as axes_settings  # noqa: F401  (axes reads the setting at each request)

    settings.AXES_COOLOFF_TIME = timedelta(minutes=45)
    page = fail("staff", STRANGER, times=5).content.decode()
    assert "锁定 45 分钟" in page and "30 分钟" not in page


def test_one_address_guessing_across_many_accounts_is_stopped_with_the_time_to_come_back(
        world, limits, pin_clock):
    moment = pin_clock(date(2026, 3, 3), 9, 0)
    names = list(world.users)
    for i in range(12):
        assert fail(names[i % len(names)], STRANGER).status_code == 200
    refused = fail("staff", STRANGER)
    assert refused.status_code == 429
    text = refused.content.decode()
    # The oldest failure (09:00 and some seconds) leaves the window at 09:15 and those seconds: the
    # page rounds up to the next whole minute.
    assert "来自您所在网络地址的登录失败次数过多，请于 09:16 之后再试" in text
    assert int(refused["Retry-After"]) > 800
    # Refused before the password is looked at: the right password does not get in either, and a
    # refused attempt is not counted again.
    assert right("staff", STRANGER).status_code == 429
    assert LoginFailure.objects.filter(address=STRANGER).count() == 12
    # Another address is not concerned …
    assert right("staff", ADMIN_DESK).status_code == 302
    # … and once the window has passed the stranger's address may try again.
    pin_clock(moment + timedelta(minutes=15, seconds=5))
    assert right("leader", STRANGER).status_code == 302


def test_reaching_the_address_limit_is_audited_once(world, limits, pin_clock):
    pin_clock(date(2026, 3, 3))
    fail("nobody", STRANGER, times=12)
    fail("nobody", STRANGER, times=3)
    entries = AuditEntry.objects.filter(action=Action.LOCKED_OUT, object_type="twofactor.address")
    assert [entry.summary for entry in entries] == [f"网络地址 {STRANGER} 登录失败达 12 次，暂停其登录 15 分钟"]


def test_a_site_wide_wave_pauses_unknown_addresses_but_not_an_administrators_usual_desk(
        world, limits, pin_clock):
    pin_clock(date(2026, 3, 3), 14, 0)
    assert right("secadmin", ADMIN_DESK).status_code == 302  # the desk is known
    for i in range(20):  # twenty addresses, one failure each: no address reaches its own limit
        fail("secadmin", f"198.51.100.{i + 1}")
    newcomer = right("staff", "192.0.2.200")
    assert newcomer.status_code == 429 and "14:02 之后再试" in newcomer.content.decode()
    assert "登录失败异常多" in newcomer.content.decode()
    assert fail("secadmin", "198.51.100.1").status_code == 429  # an attacker's address waits too
    assert right("secadmin", ADMIN_DESK).status_code == 302
    summaries = AuditEntry.objects.filter(action=Action.LOCKED_OUT).values_list("summary", flat=True)
    assert "全站一分钟内登录失败达 20 次，暂停陌生网络地址的登录" in summaries


def test_a_known_address_that_fails_itself_during_a_wave_waits_too(world, limits, pin_clock):
    pin_clock(date(2026, 3, 3), 14, 0)
    KnownAddress.objects.create(address=ADMIN_DESK, last_success_at=throttle.timezone.now())
    for i in range(20):
        fail("secadmin", f"198.51.100.{i + 1}")
    fail("secadmin", ADMIN_DESK)
    assert right("secadmin", ADMIN_DESK).status_code == 429


def test_the_wave_ends_a_minute_after_the_failures_stop(world, limits, pin_clock):
    moment = pin_clock(date(2026, 3, 3), 14, 0)
    for i in range(20):
        fail("secadmin", f"198.51.100.{i + 1}")
    assert right("staff", "192.0.2.200").status_code == 429
    pin_clock(moment + timedelta(seconds=65))
    assert right("staff", "192.0.2.200").status_code == 302


def test_the_admin_login_form_is_throttled_too(world, limits, pin_clock):
    pin_clock(date(2026, 3, 3))
    fail("nobody", STRANGER, times=12)
    response = Client(REMOTE_ADDR=STRANGER).post(reverse("admin:login"),
                                                  {"username": "sysadmin", "password": PASSWORD})
    assert response.status_code == 429


def test_the_address_behind_the_proxy_is_the_one_counted(settings, world, limits, pin_clock):
    pin_clock(date(2026, 3, 3))
    settings.AXES_IPWARE_PROXY_COUNT = 1
    client = Client(REMOTE_ADDR="127.0.0.1")
    for _ in range(5):
        client.post(LOGIN, {"username": "secadmin", "password": "wrong-Password-1"},
                    HTTP_X_FORWARDED_FOR=STRANGER)
    assert set(LoginFailure.objects.values_list("address", flat=True)) == {STRANGER}
    ok = Client(REMOTE_ADDR="127.0.0.1").post(LOGIN, {"username": "secadmin", "password": PASSWORD},
                                               HTTP_X_FORWARDED_FOR=ADMIN_DESK)
    assert ok.status_code == 302


def test_old_failures_are_forgotten_by_the_hourly_task(world, pin_clock):
    moment = pin_clock(date(2026, 3, 3))
    fail("nobody", STRANGER, times=2)
    pin_clock(moment + timedelta(days=1, minutes=1))
    fail("nobody", STRANGER)
    assert throttle.forget_old() == 2
    assert LoginFailure.objects.count() == 1


def test_a_password_without_the_second_step_does_not_make_an_address_known(world, pin_clock):
    from kaopu.twofactor.testing import current_code, enrol
    from kaopu.twofactor.tests.conftest import VERIFY

    pin_clock(date(2026, 3, 3))
    device = enrol(world.users["staff"])
    client = Client(REMOTE_ADDR=STRANGER)
    assert client.post(LOGIN, {"username": "staff", "password": PASSWORD}).status_code == 302
    assert not KnownAddress.objects.filter(address=STRANGER).exists()
    assert client.post(VERIFY, {"code": current_code(device)}).status_code == 302
    assert KnownAddress.objects.filter(address=STRANGER).exists()
