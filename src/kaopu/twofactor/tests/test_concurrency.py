"""Two sessions typing the same code at the same moment (a code seen over someone's shoulder, a
recovery code copied): exactly one gets in. django-otp locks the device row while it checks a code."""

from __future__ import annotations

import pytest
from django.test import Client

from kaopu.core.testing import PASSWORD, at_once, build_world
from kaopu.twofactor import devices
from kaopu.twofactor.testing import current_code, enrol
from kaopu.twofactor.tests.conftest import LOGIN, VERIFY

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def half_logged_in(address: str) -> Client:
    client = Client(REMOTE_ADDR=address)
    assert client.post(LOGIN, {"username": "staff", "password": PASSWORD}).status_code == 302
    return client


def both_try(code: str) -> list[int]:
    clients = [half_logged_in("10.4.0.1"), half_logged_in("10.4.0.2")]
    return sorted(at_once([lambda c=c: c.post(VERIFY, {"code": code}).status_code for c in clients]))


def test_the_same_authenticator_code_at_once_lets_one_session_in(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    world = build_world()
    device = enrol(world.users["staff"])
    assert both_try(current_code(device)) == [200, 302]


def test_the_same_recovery_code_at_once_lets_one_session_in(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    world = build_world()
    enrol(world.users["staff"])
    code = devices.new_recovery_codes(world.users["staff"])[0]
    assert both_try(code) == [200, 302]
    assert devices.recovery_codes_left(world.users["staff"]) == 9
