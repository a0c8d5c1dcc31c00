"""For other apps' tests: a client logged in with a session that has passed the second step."""

from __future__ import annotations

from typing import Any

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from kaopu.twofactor import session


def enrol(user: Any) -> TOTPDevice:
    """A confirmed authenticator for ``user`` (made once)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def current_code(device: TOTPDevice, *, offset_steps: int = 0) -> str:
    """The code the authenticator app shows now (``offset_steps`` later or earlier)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    import time

    totp.time = time.time() + offset_steps * device.step
    return f"{totp.token():0{device.digits}d}"


def login_verified(client: Any, user: Any) -> Any:
    """``client`` logged in as ``user``, second step passed (the user gets an authenticator if they
    have none), as if they had typed their password and a code."""
    device = enrol(user)
    client.force_login(user, backend="kaopu.accounts.backends.UserBackend")
    store = client.session
    store[DEVICE_ID_SESSION_KEY] = device.persistent_id
    store[session.STATE_KEY] = {"need": session.VERIFY, "at": __import__("time").time()}
    store.save()
    return client
