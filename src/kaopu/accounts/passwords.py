"""Password rules: complexity, history and expiry (GB/T 22239 level 3, identification and
authentication). The validators sit in AUTH_PASSWORD_VALIDATORS; the expiry is read by
accounts.middleware.PasswordPolicyMiddleware and shown on the account page."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy

from kaopu.accounts.roles import Role


class ComplexityValidator:
    """A password must mix at least three of: lower-case letters, upper-case letters, digits, symbols."""

    classes_required = 3

    def validate(self, password: str, user: Any = None) -> None:
        classes = sum([
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        ])
        if classes < self.classes_required:
            raise ValidationError(
                _("The password must contain at least three of: lower-case letters, upper-case letters, "
                  "digits and symbols."),
                code="password_too_simple",
            )

    def get_help_text(self) -> str:
        return _("Use at least three of: lower-case letters, upper-case letters, digits and symbols.")


class PasswordHistoryValidator:
    """A password may not be the current one nor one of the ``count`` - 1 before it.

    Reads the hashes kept in PasswordHistory (written by accounts.actions when a password is
    replaced) and compares with check_password, so it works whatever hasher made each one. A user
    not saved yet (the admin's creation form) has no history.
    """

    def __init__(self, count: int = 5) -> None:
        self.count = count

    def validate(self, password: str, user: Any = None) -> None:
        if user is None or getattr(user, "pk", None) is None:
            return
        from kaopu.accounts.models import PasswordHistory

        earlier = list(PasswordHistory.objects.filter(user_id=user.pk).order_by("-id")
                       .values_list("password", flat=True)[:self.count - 1])
        current = [user.password] if user.password else []
        if any(check_password(password, encoded) for encoded in (*current, *earlier)):
            raise ValidationError(
                _("This password was one of your last %(count)d passwords: choose one you have not used "
                  "before.") % {"count": self.count},
                code="password_reused",
            )

    def get_help_text(self) -> str:
        return _("It may not be one of your last %(count)d passwords.") % {"count": self.count}


def history_count() -> int:
    """How many passwords the history validator compares (5 unless AUTH_PASSWORD_VALIDATORS says),
    so that accounts.actions keeps exactly the hashes it needs and deletes older ones."""
    from django.contrib.auth.password_validation import get_default_password_validators

    for validator in get_default_password_validators():
        if isinstance(validator, PasswordHistoryValidator):
            return validator.count
    return 5


# --- Expiry ----------------------------------------------------------------------------------------
# Days a password lives, per role (KAOPU_PASSWORD_MAX_AGE_DAYS in settings overrides this table; a role
# missing from it, or 0, never expires). 等保 asks for a regular change by the people who see other
# people's data and by the administrators; enterprise users, bank officers, lawyers and chamber officers
# are outside the FIC and change theirs when they like.
DEFAULT_MAX_AGE_DAYS: dict[str, int] = {
    Role.FIC_STAFF: 90,
    Role.DISTRICT_LEADER: 90,
    Role.DEPARTMENT_HANDLER: 90,
    Role.SYSTEM_ADMIN: 90,
    Role.SECURITY_ADMIN: 90,
    Role.AUDIT_ADMIN: 90,
}


def max_age(user: Any) -> timedelta | None:
    table = getattr(settings, "KAOPU_PASSWORD_MAX_AGE_DAYS", None)
    days = (DEFAULT_MAX_AGE_DAYS if table is None else table).get(user.role) or 0
    return timedelta(days=days) if days > 0 else None


def expires_at(user: Any) -> datetime | None:
    """When the user's password stops working for anything but choosing a new one; None: never."""
    limit = max_age(user)
    if limit is None or user.password_changed_at is None:
        return None
    return user.password_changed_at + limit


def is_expired(user: Any, now: datetime | None = None) -> bool:
    moment = expires_at(user)
    return moment is not None and moment <= (now or timezone.now())


def must_choose_new(user: Any) -> bool:
    """True while the user must go to the change page before anything else (PasswordPolicyMiddleware)."""
    return bool(user.must_change_password) or is_expired(user)


def one_time_password() -> str:
    """A random password that passes every validator (length, three classes of characters): what
    `kaopu resetpassword` prints, to be changed at the next login."""
    alphabet = "abcdefghjkmnpqrstuvwxyz"
    while True:
        core = "".join(secrets.choice(alphabet + alphabet.upper() + "23456789") for _ in range(14))
        candidate = f"{core[:7]}-{core[7:]}"
        if any(c.islower() for c in candidate) and any(c.isupper() for c in candidate) \
                and any(c.isdigit() for c in candidate):
            return candidate


# Django 5.2 words the length refusal with "%d", and its Chinese catalogue still has the older
# "%(min_length)d" entry, so the password pages showed this one refusal in English. Translated in
# accounts' catalogue; listed here so that `make messages` keeps the entry. Nothing reads it.
BORROWED_FROM_DJANGO = [
    ngettext_lazy("This password is too short. It must contain at least %d character.",
                  "This password is too short. It must contain at least %d characters."),
]
