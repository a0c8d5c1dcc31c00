"""Users, the organisations they belong to, and API tokens.

Every user belongs to exactly one organisation and holds exactly one role; the role must fit the
organisation's kind (kaopu.accounts.roles.ROLE_ORGANISATION_KINDS). Holding one role per account
makes the separation of the three administrator roles (三员分立) structural, and no account may be
a Django superuser, who would hold all three at once (a database constraint says so).
"""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kaopu.accounts.roles import (
    ADMIN_ROLES,
    ROLE_ORGANISATION_KINDS,
    ROLES_SEEING_PERSONAL_DATA,
    OrganisationKind,
    Role,
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


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token for the JSON API. Only its SHA-256 is stored; the token is shown once."""

    user = models.ForeignKey(User, models.CASCADE, related_name="api_tokens", verbose_name=_("user"))
    name = models.CharField(_("name"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(_("prefix"), max_length=8)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(cls, user: User, name: str) -> tuple[ApiToken, str]:
        raw = "kp_" + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, key_hash=_hash_token(raw), prefix=raw[:8])
        return token, raw

    @classmethod
    def find(cls, raw: str) -> ApiToken | None:
        return (cls.objects.select_related("user__organisation")
                .filter(key_hash=_hash_token(raw), revoked_at__isnull=True, user__is_active=True).first())
