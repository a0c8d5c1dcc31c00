"""Who is told what when a financing demand moves.

The finance actions call :func:`after` from ``transaction.on_commit``: RULES below is the whole
policy, one line per event. A bank's officers hear only of their own bank's pushes; the enterprise
hears of every bank's answer; staff hear of new demands and of grants and declines. Texts are
written in the site's language (settings.LANGUAGE_CODE), because other people read them later.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from kaopu.accounts.models import User
from kaopu.accounts.roles import Role
from kaopu.finance.models import DemandPush, FinancingDemand
from kaopu.notifications.actions import notify


def _active(users: QuerySet[User]) -> QuerySet[User]:
    return users.filter(is_active=True).select_related("organisation")


def enterprise(demand: FinancingDemand, pushes: list[DemandPush]) -> QuerySet[User]:
    return _active(User.objects.filter(role=Role.ENTERPRISE_USER, organisation__enterprise_id=demand.enterprise_id))


def district_staff(demand: FinancingDemand, pushes: list[DemandPush]) -> QuerySet[User]:
    return _active(User.objects.filter(role=Role.FIC_STAFF, organisation__district_id=demand.district_id))


def bank_officers(demand: FinancingDemand, pushes: list[DemandPush]) -> QuerySet[User]:
    """The officers of the banks of ``pushes`` (never of other banks)."""
    return _active(User.objects.filter(role=Role.BANK_OFFICER,
                                       organisation__bank__in=[push.bank_id for push in pushes]))


def enterprise_and_staff(demand: FinancingDemand, pushes: list[DemandPush]) -> QuerySet[User]:
    return enterprise(demand, pushes) | district_staff(demand, pushes)


Audience = Callable[[FinancingDemand, list[DemandPush]], QuerySet[User]]

# The policy: event → who is told, and the title (%(enterprise)s, %(amount)s, %(bank)s).
RULES: dict[str, tuple[Audience, Any]] = {
    "submitted": (district_staff, _("New financing demand: %(enterprise)s, %(amount)s (10k yuan)")),
    "consented": (district_staff, _("The enterprise consented to share its financing demand with the banks: "
                                    "%(enterprise)s, %(amount)s (10k yuan)")),
    "pushed": (bank_officers, _("A financing demand was pushed to your bank: %(enterprise)s, %(amount)s (10k yuan)")),
    "claimed": (enterprise, _("%(bank)s is handling your financing demand")),
    "granted": (enterprise_and_staff, _("%(bank)s granted the financing demand of %(enterprise)s")),
    "declined": (enterprise_and_staff, _("%(bank)s declined the financing demand of %(enterprise)s")),
    "withdrawn": (bank_officers, _("The financing demand of %(enterprise)s was withdrawn")),
}

# Where each side opens a demand (the pages of kaopu.finance); a missing page gives no link.
DETAIL_URL_NAMES = {Role.ENTERPRISE_USER: "finance:my_demand", Role.FIC_STAFF: "finance:demand_detail",
                    Role.BANK_OFFICER: "finance:bank_demand"}


def detail_path(demand: FinancingDemand, user: User, pushes: list[DemandPush]) -> str:
    name = DETAIL_URL_NAMES.get(user.role)
    if name is None:
        return ""
    try:
        if user.role == Role.BANK_OFFICER:
            own = [push for push in pushes if push.bank.organisation_id == user.organisation_id]
            return reverse(name, args=[own[0].pk]) if own else ""
        return reverse(name, args=[demand.pk])
    except NoReverseMatch:
        return ""


def after(key: str, demand_id: int, push_ids: Iterable[int] = (), body: str = "") -> int:
    """Tell the people RULES names about ``key`` (called after commit); how many were told."""
    audience, title = RULES[key]
    demand = FinancingDemand.objects.select_related("enterprise").get(pk=demand_id)
    pushes = list(DemandPush.objects.select_related("bank").filter(pk__in=list(push_ids)))
    by_bank = pushes or [None]
    told = 0
    for push in by_bank:
        group = [push] if push is not None else []
        with translation.override(settings.LANGUAGE_CODE):
            text = str(title) % {"enterprise": demand.enterprise.name, "amount": f"{demand.amount:,.2f}",
                                 "bank": push.bank if push is not None else ""}
        by_path: dict[str, list[User]] = {}
        for user in audience(demand, group):
            by_path.setdefault(detail_path(demand, user, group), []).append(user)
        for path, users in by_path.items():
            notify(users, kind=f"finance.{key}", title=text, body=body[:500], url=path)
            told += len(users)
    return told
