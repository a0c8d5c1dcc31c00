"""Which roles must use a second factor: the security administrator's rows over the installation's
default (``settings.KAOPU_TWO_FACTOR_REQUIRED_ROLES``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from kaopu.accounts.roles import Role
from kaopu.twofactor.models import TwoFactorPolicy


def default_required(role: str) -> bool:
    return role in set(getattr(settings, "KAOPU_TWO_FACTOR_REQUIRED_ROLES", ()))


def policy_table() -> list[tuple[str, bool, bool]]:
    """(role, required, set by the security administrator?) for every role, in the roles' order."""
    rows = dict(TwoFactorPolicy.objects.values_list("role", "required"))
    return [(role, rows.get(role, default_required(role)), role in rows) for role in Role.values]


def requires_two_factor(user: Any) -> bool:
    """True when the user's role must use a second factor (one query)."""
    role = getattr(user, "role", None)
    if not role:
        return False
    row = TwoFactorPolicy.objects.filter(role=role).values_list("required", flat=True).first()
    return default_required(role) if row is None else bool(row)
