"""Who sees which bank, product, demand and push (the rules of kaopu.core.access for finance).

- FIC staff see and change everything of their district's alliance; district leaders read it.
- An enterprise user sees its own enterprise's demands only, and the alliance's active products.
- A bank officer sees their own bank, its products (and changes them), and only the demands
  pushed to their bank — through their bank's push rows, never another bank's.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, Subquery

from kaopu.accounts.roles import Role
from kaopu.core.access import district_filter, grant
from kaopu.directory.models import Enterprise
from kaopu.finance.models import Bank, DemandEvent, DemandPush, FinancingDemand, LoanProduct

STAFF_AND_LEADERS = (Role.FIC_STAFF, Role.DISTRICT_LEADER)


def _enterprise_district(user: Any) -> Any:
    return user.district_id or Subquery(Enterprise.objects.filter(pk=user.enterprise_id).values("district_id")[:1])


# Banks ------------------------------------------------------------------------------------------

@grant(Bank, "view")
def staff_and_leaders_see_their_alliance(user: Any) -> Q | None:
    return district_filter(user) if user.role in STAFF_AND_LEADERS else None


@grant(Bank, "change")
def staff_manage_their_alliance(user: Any) -> Q | None:
    return district_filter(user) if user.role == Role.FIC_STAFF else None


@grant(Bank, "view")
def enterprises_see_active_banks_of_their_district(user: Any) -> Q | None:
    if user.role != Role.ENTERPRISE_USER or not user.enterprise_id:
        return None
    return Q(is_active=True, district_id=_enterprise_district(user))


@grant(Bank, "view")
def officer_sees_own_bank(user: Any) -> Q | None:
    return Q(organisation_id=user.organisation_id) if user.role == Role.BANK_OFFICER else None


@grant(Bank, "change")
def officer_changes_own_bank(user: Any) -> Q | None:
    return Q(organisation_id=user.organisation_id) if user.role == Role.BANK_OFFICER else None


# Products -----------------------------------------------------------------------------------------

@grant(LoanProduct, "view")
def staff_and_leaders_see_alliance_products(user: Any) -> Q | None:
    return district_filter(user, "bank__district_id") if user.role in STAFF_AND_LEADERS else None


@grant(LoanProduct, "change")
def staff_change_alliance_products(user: Any) -> Q | None:
    return district_filter(user, "bank__district_id") if user.role == Role.FIC_STAFF else None


@grant(LoanProduct, "view")
def enterprises_see_active_products(user: Any) -> Q | None:
    if user.role != Role.ENTERPRISE_USER or not user.enterprise_id:
        return None
    return Q(is_active=True, bank__is_active=True, bank__district_id=_enterprise_district(user))


@grant(LoanProduct, "view")
def officer_sees_own_products(user: Any) -> Q | None:
    return Q(bank__organisation_id=user.organisation_id) if user.role == Role.BANK_OFFICER else None


@grant(LoanProduct, "change")
def officer_changes_own_products(user: Any) -> Q | None:
    return Q(bank__organisation_id=user.organisation_id) if user.role == Role.BANK_OFFICER else None


# Demands --------------------------------------------------------------------------------------------

@grant(FinancingDemand, "view")
def staff_and_leaders_see_their_districts_demands(user: Any) -> Q | None:
    return district_filter(user) if user.role in STAFF_AND_LEADERS else None


@grant(FinancingDemand, "change")
def staff_change_their_districts_demands(user: Any) -> Q | None:
    return district_filter(user) if user.role == Role.FIC_STAFF else None


@grant(FinancingDemand, "view")
def enterprise_sees_its_own_demands(user: Any) -> Q | None:
    if user.role == Role.ENTERPRISE_USER and user.enterprise_id:
        return Q(enterprise_id=user.enterprise_id)
    return None


@grant(FinancingDemand, "change")
def enterprise_changes_its_own_demands(user: Any) -> Q | None:
    if user.role == Role.ENTERPRISE_USER and user.enterprise_id:
        return Q(enterprise_id=user.enterprise_id)
    return None


@grant(FinancingDemand, "view")
def officer_sees_demands_pushed_to_their_bank(user: Any) -> Q | None:
    if user.role != Role.BANK_OFFICER:
        return None
    pushed = DemandPush.objects.filter(demand=OuterRef("pk"), bank__organisation_id=user.organisation_id)
    return Q(Exists(pushed))


# Pushes: a bank officer acts on their bank's rows only ----------------------------------------------

@grant(DemandPush, "view")
def staff_and_leaders_see_pushes_of_their_district(user: Any) -> Q | None:
    return district_filter(user, "demand__district_id") if user.role in STAFF_AND_LEADERS else None


@grant(DemandPush, "change")
def staff_change_pushes_of_their_district(user: Any) -> Q | None:
    return district_filter(user, "demand__district_id") if user.role == Role.FIC_STAFF else None


@grant(DemandPush, "view")
def enterprise_sees_pushes_of_its_demands(user: Any) -> Q | None:
    if user.role == Role.ENTERPRISE_USER and user.enterprise_id:
        return Q(demand__enterprise_id=user.enterprise_id)
    return None


@grant(DemandPush, "view")
def officer_sees_own_banks_pushes(user: Any) -> Q | None:
    return Q(bank__organisation_id=user.organisation_id) if user.role == Role.BANK_OFFICER else None


@grant(DemandPush, "change")
def officer_changes_own_banks_pushes(user: Any) -> Q | None:
    return Q(bank__organisation_id=user.organisation_id) if user.role == Role.BANK_OFFICER else None


# Timeline ---------------------------------------------------------------------------------------------

@grant(DemandEvent, "view")
def staff_and_leaders_see_events_of_their_district(user: Any) -> Q | None:
    return district_filter(user, "demand__district_id") if user.role in STAFF_AND_LEADERS else None


@grant(DemandEvent, "view")
def enterprise_sees_public_events_of_its_demands(user: Any) -> Q | None:
    if user.role == Role.ENTERPRISE_USER and user.enterprise_id:
        return Q(demand__enterprise_id=user.enterprise_id, internal=False)
    return None


@grant(DemandEvent, "view")
def officer_sees_own_banks_events(user: Any) -> Q | None:
    """The demand's submission and what their own bank did; never another bank's steps."""
    if user.role != Role.BANK_OFFICER:
        return None
    pushed = DemandPush.objects.filter(demand=OuterRef("demand_id"), bank__organisation_id=user.organisation_id)
    return (Q(push__bank__organisation_id=user.organisation_id)
            | Q(Exists(pushed), push__isnull=True, internal=False, kind=DemandEvent.Kind.SUBMITTED))


def contact_phone_for(user: Any, demand: FinancingDemand) -> str:
    """A demand's contact phone as ``user`` may see it: whole for FIC staff, the enterprise itself and
    the bank officers it was pushed to (who must call; the enterprise consented to the sharing);
    masked for district leaders, who only read (kaopu.core.masking)."""
    from kaopu.core.masking import mask_phone

    return mask_phone(demand.contact_phone) if user.role == Role.DISTRICT_LEADER else demand.contact_phone
