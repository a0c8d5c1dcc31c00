"""The kinds of second factor, as django-otp devices.

Today: an authenticator app (TOTP, RFC 6238: ``otp_totp.TOTPDevice``) and single-use recovery
codes (``otp_static.StaticDevice``). django-otp finds every model that subclasses its ``Device``; a
certificate or UKey factor (商用密码) is added as another such model in its own app, with its own
enrolment page and a ``verify_token`` (or a challenge–response view) for the second step: the
session's ``otp_device_id`` then names it, and ``user.is_verified()`` holds as for the others. The
reset and disable actions remove every kind through ``remove_all``.
"""

from __future__ import annotations

import re
from typing import Any

from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODE_COUNT = 10
TOTP_NAME = "authenticator"
RECOVERY_NAME = "recovery codes"


def has_second_factor(user: Any) -> bool:
    """A confirmed device of any kind."""
    return user_has_device(user, confirmed=True)


def confirmed_totp(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def recovery_codes_left(user: Any) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def pending_totp_exists(user: Any) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=False).exists()


def pending_totp(user: Any, *, create: bool = True) -> TOTPDevice | None:
    """The user's unconfirmed authenticator, made on first use (unless ``create`` is false):
    reloading the enrolment page shows the same secret rather than a new one."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("id").first()
    if device is None and create:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return device


def candidates_for(user: Any, code: str) -> list[Any]:
    """The confirmed devices a typed code may belong to: six digits are an authenticator's code,
    anything else a recovery code."""
    model = TOTPDevice if is_totp_shaped(code) else StaticDevice
    return list(model.objects.filter(user=user, confirmed=True).order_by("id"))


def new_recovery_codes(user: Any) -> list[str]:
    """Replace the user's recovery codes with ten new ones; the codes are returned once."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def remove_all(user: Any) -> int:
    """Remove every second factor of the user, confirmed or not; how many devices were removed."""
    removed = 0
    for device in list(devices_for_user(user, confirmed=None)):
        device.delete()
        removed += 1
    return removed


_SEPARATORS = re.compile(r"[\s\-‐‑–—_]+")


def normalise_code(raw: str) -> str:
    """What a person typed: full-width digits and letters made half-width, spaces and dashes
    removed, lower case (recovery codes are lower-case base32)."""
    import unicodedata

    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", raw or "")).lower()


def is_totp_shaped(code: str) -> bool:
    return len(code) == 6 and code.isdigit()
