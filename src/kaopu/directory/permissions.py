"""Who may see and change the directory. These rules are the only place that decides it."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q

from kaopu.accounts.roles import Role
from kaopu.core import masking
from kaopu.core.access import district_filter, grant
from kaopu.directory.models import Enterprise, EnterprisePerson, ImportJob, Person

DISTRICT_WIDE_READERS = (Role.FIC_STAFF, Role.DISTRICT_LEADER)



@grant(Enterprise, "view")
def staff_and_leaders_see_their_district(user: Any) -> Q | None:
    return district_filter(user) if user.role in DISTRICT_WIDE_READERS else None


@grant(Enterprise, "view")
def enterprise_user_sees_own_enterprise(user: Any) -> Q | None:
    if user.role == Role.ENTERPRISE_USER and user.enterprise_id:
        return Q(pk=user.enterprise_id)
    return None


@grant(Enterprise, "change")
def staff_change_their_district(user: Any) -> Q | None:
    return district_filter(user) if user.role == Role.FIC_STAFF else None


@grant(Enterprise, "change")
def enterprise_user_changes_own_contact_details(user: Any) -> Q | None:
    # Only the fields of EnterpriseContactForm; the form, chosen by role, limits what changes.
    if user.role == Role.ENTERPRISE_USER and user.enterprise_id:
        return Q(pk=user.enterprise_id)
    return None


@grant(Person, "view")
def staff_and_leaders_see_people_of_their_district(user: Any) -> Q | None:
    return district_filter(user) if user.role in DISTRICT_WIDE_READERS else None


@grant(Person, "view")
def enterprise_user_sees_own_people(user: Any) -> Q | None:
    if user.role == Role.ENTERPRISE_USER and user.enterprise_id:
        return Q(Exists(EnterprisePerson.objects.filter(person=OuterRef("pk"), enterprise_id=user.enterprise_id)))
    return None


@grant(Person, "change")
def staff_change_people_of_their_district(user: Any) -> Q | None:
    return district_filter(user) if user.role == Role.FIC_STAFF else None


@grant(ImportJob, "view")
def user_sees_own_import_jobs(user: Any) -> Q | None:
    # A job may hold personal data of many enterprises: nobody but the user who uploaded it sees it
    # or its error workbook.
    return Q(user_id=user.pk)


def can_create_enterprise(user: Any) -> bool:
    return user.is_authenticated and user.has_role(Role.FIC_STAFF)


def can_import(user: Any) -> bool:
    return user.is_authenticated and user.has_role(Role.FIC_STAFF)


def can_export(user: Any) -> bool:
    return user.is_authenticated and user.has_role(Role.FIC_STAFF, Role.DISTRICT_LEADER)


def can_browse_directory(user: Any) -> bool:
    """Whether the enterprise list is in the user's menu (an enterprise user gets its own page instead)."""
    return user.is_authenticated and user.has_role(*DISTRICT_WIDE_READERS)


def sees_personal_data(user: Any) -> bool:
    return user.is_authenticated and user.sees_personal_data


def mask_phone(phone: str) -> str:
    """138****5678 for a mobile number (kaopu.core.masking, the one place that masks personal data)."""
    return masking.mask_phone(phone)


def phone_for(user: Any, phone: str, enterprise_id: int | None = None) -> str:
    """The phone as ``user`` may see it: whole for roles that need it, and for an enterprise user
    looking at its own enterprise (``enterprise_id``); masked otherwise."""
    if not phone:
        return ""
    own = enterprise_id is not None and getattr(user, "enterprise_id", None) == enterprise_id
    return phone if sees_personal_data(user) or own else mask_phone(phone)
