"""Users, the organisations they belong to, and API tokens.

Every user belongs to exactly one organisation and holds exactly one role; the role must fit the
organisation's kind (kaopu.accounts.roles.ROLE_ORGANISATION_KINDS). Holding one role per account
makes the separation of the three administrator roles (三员分立) structural, and no account may be
a Django superuser, who would hold all three at once (a database constraint says so).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kaopu.accounts.roles import (
    ADMIN_ROLES,
    GRANTABLE,
    ROLE_ORGANISATION_KINDS,
    ROLES_SEEING_PERSONAL_DATA,
    OrganisationKind,
    Permission,
    Role,
    role_holds,
)
from kaopu.directory.models import Department, District, Enterprise


class Organisation(models.Model):
    """The FIC, a department, an enterprise, a bank, a law firm or a chamber, as a user's employer.

    An enterprise organisation points to its directory row and a department organisation to its
    department; banks, law firms and chambers are described by their own modules, which point here.
    ``district`` is null for a city-level organisation, which works across districts.
    """

    kind = models.CharField(_("kind"), max_length=12, choices=OrganisationKind)
    name = models.CharField(_("name"), max_length=200)
    district = models.ForeignKey(District, models.PROTECT, null=True, blank=True, related_name="organisations",
                                 verbose_name=_("district"))
    enterprise = models.OneToOneField(Enterprise, models.PROTECT, null=True, blank=True,
                                      related_name="organisation", verbose_name=_("enterprise"))
    department = models.OneToOneField(Department, models.PROTECT, null=True, blank=True,
                                      related_name="organisation", verbose_name=_("department"))

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=OrganisationKind.ENTERPRISE, enterprise__isnull=False)
                | (~Q(kind=OrganisationKind.ENTERPRISE) & Q(enterprise__isnull=True)),
                name="organisation_enterprise_matches_kind"),
            models.CheckConstraint(
                condition=Q(kind=OrganisationKind.DEPARTMENT, department__isnull=False)
                | (~Q(kind=OrganisationKind.DEPARTMENT) & Q(department__isnull=True)),
                name="organisation_department_matches_kind"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """The check constraints above, as messages that name the field: the admin form shows these
        instead of "constraint organisation_enterprise_matches_kind is violated"."""
        super().clean()
        errors = {}
        for kind, field in ((OrganisationKind.ENTERPRISE, "enterprise"), (OrganisationKind.DEPARTMENT, "department")):
            linked = getattr(self, f"{field}_id") is not None
            names = {"kind": OrganisationKind(kind).label, "field": self._meta.get_field(field).verbose_name}
            if self.kind == kind and not linked:
                errors[field] = _("An organisation of the kind “%(kind)s” must name its %(field)s.") % names
            elif self.kind and self.kind != kind and linked:
                errors[field] = _("Only an organisation of the kind “%(kind)s” names a %(field)s: leave it empty.") \
                    % names
        if errors:
            raise ValidationError(errors)


class KaopuUserManager(UserManager["User"]):
    def create_superuser(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise ValidationError(_("Kaopu has no superuser: create a system, a security and an audit "
                                "administrator instead (kaopu createadmin)."))


class User(AbstractUser):
    name = models.CharField(_("full name"), max_length=50)
    phone = models.CharField(_("mobile phone"), max_length=30, blank=True)
    organisation = models.ForeignKey(Organisation, models.PROTECT, related_name="users",
                                     verbose_name=_("organisation"))
    role = models.CharField(_("role"), max_length=20, choices=Role)
    # Set when someone else chose the password (the system administrator creating the account or
    # resetting it, `kaopu resetpassword`): PasswordPolicyMiddleware sends the user to the change page
    # until they choose their own.
    must_change_password = models.BooleanField(_("must change the password at the next login"), default=False)
    # Stamped by set_password(); the password's age for the expiry (accounts.passwords.max_age). Empty
    # only for users made without set_password (tests' make_user on purpose, bulk loads): no expiry.
    password_changed_at = models.DateTimeField(_("password changed at"), null=True, blank=True)
    # Codes of kaopu.accounts.roles.Permission the security administrator granted this account on top of
    # what its role holds (accounts.actions.grant_permissions); read through holds().
    granted_permissions = models.JSONField(_("permissions granted"), default=list, blank=True)

    objects = KaopuUserManager()
    REQUIRED_FIELDS = ["email"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(is_superuser=False), name="user_never_superuser"),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="user_role_known"),
        ]

    def __str__(self) -> str:
        return f"{self.name or self.username}"

    def set_password(self, raw_password: str | None) -> None:
        super().set_password(raw_password)
        self.password_changed_at = timezone.now()

    @property
    def in_words(self) -> str:
        """How audit entries and messages name the account: 王五（wangwu）."""
        return f"{self.name or self.username}（{self.username}）"

    def clean(self) -> None:
        super().clean()
        if self.organisation_id and self.role:
            allowed = ROLE_ORGANISATION_KINDS.get(self.role, frozenset())
            if self.organisation.kind not in allowed:
                raise ValidationError({"role": _("A %(role)s must belong to an organisation of another kind.")
                                       % {"role": self.get_role_display()}})

    # Plain predicates used across modules; the access rules in each app's permissions.py read them.
    @property
    def district_id(self) -> int | None:
        return self.organisation.district_id

    @property
    def enterprise_id(self) -> int | None:
        return self.organisation.enterprise_id

    @property
    def department_id(self) -> int | None:
        return self.organisation.department_id

    @property
    def is_admin_role(self) -> bool:
        return self.role in ADMIN_ROLES

    @property
    def sees_personal_data(self) -> bool:
        return self.role in ROLES_SEEING_PERSONAL_DATA

    def has_role(self, *roles: str) -> bool:
        return self.is_active and self.role in roles

    def holds(self, permission: Permission | str) -> bool:
        """Whether the account may do ``permission``: by its role, or granted to it."""
        # A grant counts only for a role it may be granted to: one left over from an earlier role is inert.
        return self.is_active and (role_holds(self.role, permission)
                                   or (permission in (self.granted_permissions or ())
                                       and self.role in GRANTABLE.get(permission, frozenset())))


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def token_max_days() -> int:
    """The longest lifetime a user may give a token (KAOPU_TOKEN_MAX_DAYS, 90 days by default)."""
    return int(getattr(settings, "KAOPU_TOKEN_MAX_DAYS", 90))


class ApiToken(models.Model):
    """A bearer token for the JSON API. Only its SHA-256 is stored; the token is shown once.

    A token lives until ``expires_at`` (at most KAOPU_TOKEN_MAX_DAYS after it was made) unless it is
    revoked first; ``revoked_because`` says why, for the tokens page ("因密码被重置于 … 吊销"). A
    read-only token may only read: kaopu.core.api_auth.BearerToken answers 403 to anything else.
    """

    class Scope(models.TextChoices):
        READ = "read", _("read only")
        READ_WRITE = "read_write", _("read and write")

    class RevokedBecause(models.TextChoices):
        OWNER = "owner", _("revoked by its owner")
        PASSWORD_RESET = "password_reset", _("the password was reset")
        PASSWORD_CHANGE = "password_change", _("the owner changed the password")
        DEACTIVATED = "deactivated", _("the account was deactivated")
        PERMISSION_REMOVED = "permission_removed", _("the permission to use API tokens was removed")

    user = models.ForeignKey(User, models.CASCADE, related_name="api_tokens", verbose_name=_("user"))
    name = models.CharField(_("name"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(_("prefix"), max_length=8)
    scope = models.CharField(_("scope"), max_length=10, choices=Scope, default=Scope.READ)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_because = models.CharField(_("revoked because"), max_length=20, choices=RevokedBecause, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(condition=Q(scope__in=["read", "read_write"]), name="apitoken_scope_known"),
            models.CheckConstraint(condition=Q(revoked_at__isnull=True, revoked_because="")
                                   | Q(revoked_at__isnull=False) & ~Q(revoked_because=""),
                                   name="apitoken_revoked_with_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(cls, user: User, name: str, *, scope: str = Scope.READ_WRITE, days: int | None = None
              ) -> tuple[ApiToken, str]:
        """A new token (no audit entry: accounts.actions.issue_token is the audited way). Tests and
        scripts that call this directly get a read-write token of the longest lifetime."""
        raw = "kp_" + secrets.token_urlsafe(32)
        expires_at = timezone.now() + timedelta(days=days or token_max_days())
        token = cls.objects.create(user=user, name=name, key_hash=_hash_token(raw), prefix=raw[:8],
                                   scope=scope, expires_at=expires_at)
        return token, raw

    @classmethod
    def find(cls, raw: str) -> ApiToken | None:
        return (cls.objects.select_related("user__organisation")
                .filter(key_hash=_hash_token(raw), revoked_at__isnull=True, expires_at__gt=timezone.now(),
                        user__is_active=True).first())

    @property
    def read_only(self) -> bool:
        return self.scope == self.Scope.READ

    def state(self, now: Any = None) -> str:
        """"active", "revoked" or "expired", for the tokens page."""
        if self.revoked_at is not None:
            return "revoked"
        return "expired" if self.expires_at <= (now or timezone.now()) else "active"


class PasswordHistory(models.Model):
    """A password a user had before (its hash only), so that the last ones are not chosen again
    (accounts.passwords.PasswordHistoryValidator). Written by accounts.actions when a password is
    replaced; the oldest rows beyond what the validator reads are deleted then."""

    user = models.ForeignKey(User, models.CASCADE, related_name="password_history", verbose_name=_("user"))
    password = models.CharField(_("password"), max_length=128)
    replaced_at = models.DateTimeField(_("replaced at"))

    class Meta:
        verbose_name = _("previous password")
        verbose_name_plural = _("previous passwords")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.replaced_at:%Y-%m-%d}"


class AdminRoleRequest(models.Model):
    """A request to grant or remove an administrator role (三员), decided by another administrator.

    The security administrator asks (``requested_by``); a different administrator, neither the
    requester nor the target, approves or refuses (``decided_by``). The role changes only on approval
    (accounts.actions.decide_admin_role_request), so no single person can make anyone an administrator.
    ``old_role`` is the target's role when asked: an approval is refused if it has changed since.
    """

    class Decision(models.TextChoices):
        # In their own context: a bare "approved" is the meetings' 已通过, and catalogues share msgids.
        PENDING = "pending", pgettext_lazy("administrator role request", "pending")
        APPROVED = "approved", pgettext_lazy("administrator role request", "approved")
        REFUSED = "refused", pgettext_lazy("administrator role request", "refused")

    target = models.ForeignKey(User, models.PROTECT, related_name="admin_role_requests", verbose_name=_("user"))
    old_role = models.CharField(_("current role"), max_length=20, choices=Role)
    new_role = models.CharField(_("requested role"), max_length=20, choices=Role)
    reason = models.CharField(_("reason"), max_length=500)
    requested_by = models.ForeignKey(User, models.PROTECT, related_name="+", verbose_name=_("requested by"))
    requested_at = models.DateTimeField(_("requested at"))
    decision = models.CharField(_("decision"), max_length=10, choices=Decision, default=Decision.PENDING)
    decided_by = models.ForeignKey(User, models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.CharField(_("note on the decision"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("administrator role request")
        verbose_name_plural = _("administrator role requests")
        ordering = ["-id"]
        constraints = [
            # One open request per user: two requests approved one after the other would each be
            # checked against a role the other one changes.
            models.UniqueConstraint(fields=["target"], condition=Q(decision="pending"),
                                    name="adminrolerequest_one_pending_per_user"),
            models.CheckConstraint(condition=Q(old_role__in=sorted(ADMIN_ROLES)) | Q(new_role__in=sorted(ADMIN_ROLES)),
                                   name="adminrolerequest_concerns_an_admin_role"),
            models.CheckConstraint(condition=~Q(requested_by=F("target")), name="adminrolerequest_not_for_oneself"),
            # The two-person rule, in the database too.
            models.CheckConstraint(
                condition=Q(decision="pending", decided_by__isnull=True, decided_at__isnull=True)
                | (~Q(decision="pending") & Q(decided_by__isnull=False, decided_at__isnull=False)
                   & ~Q(decided_by=F("requested_by")) & ~Q(decided_by=F("target"))),
                name="adminrolerequest_decided_by_another"),
        ]

    def __str__(self) -> str:
        return f"{self.target.in_words}: {self.get_old_role_display()} → {self.get_new_role_display()}"

    @property
    def grants(self) -> bool:
        """True when the request gives an administrator role (rather than only taking one away)."""
        return self.new_role in ADMIN_ROLES
