"""The two-factor policy per role, and the failed logins the throttle counts.

The second factors themselves are django-otp devices (``otp_totp.TOTPDevice`` for the authenticator
app, ``otp_static.StaticDevice`` for the recovery codes); see ``devices.py`` for how another kind (a
certificate or UKey, 商用密码) plugs in.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kaopu.accounts.roles import Role


class TwoFactorPolicy(models.Model):
    """Whether a role must use a second factor (双因素认证). One row per role the security
    administrator has decided on; a role without a row follows the installation's default
    (``KAOPU_TWO_FACTOR_REQUIRED_ROLES``)."""

    role = models.CharField(_("role"), max_length=20, choices=Role, unique=True)
    required = models.BooleanField(_("second factor required"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("updated by"))

    class Meta:
        verbose_name = _("two-factor policy")
        verbose_name_plural = _("two-factor policies")
        ordering = ["role"]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.required}"


class LoginFailure(models.Model):
    """One failed password or second-step code, by client address: what the per-address and the
    site-wide throttles count (``throttle.py``). Rows older than a day are deleted by a task."""

    address = models.GenericIPAddressField(_("IP address"))
    username = models.CharField(_("user name"), max_length=150, blank=True)
    at = models.DateTimeField(_("time"), db_index=True)  # the site-wide count: failures of the last minute

    class Meta:
        verbose_name = _("failed login")
        verbose_name_plural = _("failed logins")
        indexes = [
            # The per-address throttle: this address's failures in the window, newest first.
            models.Index(fields=["address", "-at"], name="twofactor_failure_addr_at"),
        ]

    def __str__(self) -> str:
        return f"{self.address} {self.username} {self.at:%Y-%m-%d %H:%M:%S}"


class KnownAddress(models.Model):
    """An address someone logged in from successfully. While the site is under a wave of failed
    logins, only known addresses without failures of their own may try (``throttle.py``): the
    administrators' usual addresses keep working whatever a stranger does."""

    address = models.GenericIPAddressField(_("IP address"), unique=True)
    last_success_at = models.DateTimeField(_("last successful login"))

    class Meta:
        verbose_name = _("known address")
        verbose_name_plural = _("known addresses")

    def __str__(self) -> str:
        return self.address
