"""Roles (DESIGN.md section 1) and the kinds of organisation a user belongs to.

Plain constants, importable from any app without touching the database.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    FIC_STAFF = "fic_staff", _("FIC staff")
    DEPARTMENT_HANDLER = "department_handler", _("department handler")
    ENTERPRISE_USER = "enterprise_user", _("enterprise user")
    CHAMBER_OFFICER = "chamber_officer", _("chamber officer")
    BANK_OFFICER = "bank_officer", _("bank officer")
    LAWYER = "lawyer", _("lawyer")
    DISTRICT_LEADER = "district_leader", _("district leader")
    SYSTEM_ADMIN = "system_admin", _("system administrator")
    SECURITY_ADMIN = "security_admin", _("security administrator")
    AUDIT_ADMIN = "audit_admin", _("audit administrator")


class OrganisationKind(models.TextChoices):
    FIC = "fic", _("Federation of Industry and Commerce")
    DEPARTMENT = "department", _("government department")
    ENTERPRISE = "enterprise", _("enterprise")
    BANK = "bank", _("bank")
    LAW_FIRM = "law_firm", _("law firm")
    CHAMBER = "chamber", _("chamber of commerce")


# The three administrator roles (三员): separate duties that no one account may hold together.
ADMIN_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN})

# Which kind of organisation each role's holder belongs to.
ROLE_ORGANISATION_KINDS: dict[str, frozenset[str]] = {
    Role.FIC_STAFF: frozenset({OrganisationKind.FIC}),
    Role.DEPARTMENT_HANDLER: frozenset({OrganisationKind.DEPARTMENT}),
    Role.ENTERPRISE_USER: frozenset({OrganisationKind.ENTERPRISE}),
    Role.CHAMBER_OFFICER: frozenset({OrganisationKind.CHAMBER}),
    Role.BANK_OFFICER: frozenset({OrganisationKind.BANK}),
    Role.LAWYER: frozenset({OrganisationKind.LAW_FIRM}),
    Role.DISTRICT_LEADER: frozenset({OrganisationKind.FIC, OrganisationKind.DEPARTMENT}),
    Role.SYSTEM_ADMIN: frozenset({OrganisationKind.FIC}),
    Role.SECURITY_ADMIN: frozenset({OrganisationKind.FIC}),
    Role.AUDIT_ADMIN: frozenset({OrganisationKind.FIC}),
}

# Roles whose work needs people's phone numbers unmasked (lists, detail pages, exports).
ROLES_SEEING_PERSONAL_DATA = frozenset({Role.FIC_STAFF})


class Permission(models.TextChoices):
    """What a user may do beyond their role's own work, by name (not Django's auth.Permission rows,
    which Kaopu never uses). A role holds some by default (ROLE_PERMISSIONS); the security
    administrator grants more to one account (User.granted_permissions, accounts.actions.grant_permissions),
    only where GRANTABLE allows. The menu (kaopu.core.context_processors.MENU) and the pages read the same
    ``user.holds(permission)``."""

    SETTINGS = "settings", _("read the settings pages (appeal and legal-service settings)")
    API_TOKENS = "api_tokens", _("make and use API tokens")
    FINAL_APPROVAL = "final_approval", _("give articles their final approval (终审)")


# Who holds each permission by their role alone. A district leader only reads overviews: no settings
# and no API tokens unless the security administrator grants them to that leader.
ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Permission.SETTINGS: frozenset({Role.FIC_STAFF}),
    Permission.API_TOKENS: frozenset(Role.values) - {Role.DISTRICT_LEADER},
    Permission.FINAL_APPROVAL: frozenset({Role.FIC_STAFF}),
}

# To which roles the security administrator may grant each permission on top of the defaults
# (a settings page shown to an enterprise would show the FIC's internal rules: never).
GRANTABLE: dict[str, frozenset[str]] = {
    Permission.SETTINGS: frozenset({Role.DISTRICT_LEADER}),
    Permission.API_TOKENS: frozenset({Role.DISTRICT_LEADER}),
    Permission.FINAL_APPROVAL: frozenset({Role.DISTRICT_LEADER}),
}


def role_holds(role: str, permission: str) -> bool:
    return role in ROLE_PERMISSIONS.get(permission, frozenset())
