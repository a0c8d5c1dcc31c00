"""The demo's two-factor policy: the three administrators must use a second factor (so the demo shows
enrolment and the second step), every other role may. README's demo logins say how to try it."""

from __future__ import annotations

from kaopu.accounts.roles import ADMIN_ROLES, Role
from kaopu.directory.models import District
from kaopu.twofactor.models import TwoFactorPolicy


def load_demo(district: District) -> None:
    for role in Role.values:
        TwoFactorPolicy.objects.update_or_create(role=role, defaults={"required": role in ADMIN_ROLES})
