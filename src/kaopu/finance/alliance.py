"""Changes of the alliance itself: member banks, their contact officers, and the policy schemes.

kaopu.finance.actions covers products and demands; these are the FIC staff's settings of the
alliance, written by the finance pages' helper (kept apart from actions.py, which the lead owns).
Each function runs in one transaction, checks the caller through kaopu.core.access (Http404 for a
bank of another district), refuses bad input with :class:`FinanceError` naming the field, and
leaves an audit entry: a bank's organisation decides who sees its demands, so changing it is a
permission change.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from kaopu.accounts.models import Organisation
from kaopu.accounts.roles import OrganisationKind, Role
from kaopu.audit.log import record
from kaopu.audit.models import Action
from kaopu.core import access
from kaopu.core.workdays import local_today
from kaopu.finance.actions import FinanceError, _phone, _text
from kaopu.finance.models import Bank, BankContact, PolicyScheme

BANK_FIELDS = ("name", "short_name", "joined_on", "hotline", "address", "introduction", "is_active", "sort_order")


def _staff_only(user: Any) -> None:
    if user.role != Role.FIC_STAFF:
        raise FinanceError(_("Only FIC staff may manage the alliance."))


def clean_bank(data: dict[str, Any]) -> dict[str, Any]:
    joined_on = data.get("joined_on")
    if not isinstance(joined_on, date):
        raise FinanceError(_("Joined the alliance on: enter a date like 2024-03-01."), "joined_on")
    if joined_on > local_today():
        raise FinanceError(_("Joined the alliance on: the date must not be in the future."), "joined_on")
    sort_order = data.get("sort_order") or 0
    if not isinstance(sort_order, int) or not 0 <= sort_order <= 999:
        raise FinanceError(_("Sort order: a whole number from 0 to 999."), "sort_order")
    return {
        "name": _text(data.get("name"), _("Name"), "name", 100, required=True),
        "short_name": _text(data.get("short_name"), _("Short name"), "short_name", 20, required=True),
        "joined_on": joined_on,
        "hotline": _text(data.get("hotline"), _("Service hotline"), "hotline", 30),
        "address": _text(data.get("address"), _("Address"), "address", 200),
        "introduction": _text(data.get("introduction"), _("Introduction"), "introduction", 2000),
        "is_active": bool(data.get("is_active", True)),
        "sort_order": sort_order,
    }


def _organisation(user: Any, organisation: Organisation | None, name: str) -> Organisation:
    """The bank organisation chosen (of the staff's district, without a bank yet) or a new one."""
    if organisation is None:
        return Organisation.objects.create(kind=OrganisationKind.BANK, name=name, district_id=user.district_id)
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if organisation.kind != OrganisationKind.BANK or (
            user.district_id is not None and organisation.district_id not in (None, user.district_id)):
        raise FinanceError(_("Organisation: choose a bank of your district."), "organisation")
    if Bank.objects.filter(organisation=organisation).exists():
        raise FinanceError(_("Organisation: %(name)s is already an alliance bank.") % {"name": organisation.name},
                           "organisation")
    return organisation


def _unique_name(district_id: int, name: str, exclude: int | None = None) -> None:
    clash = Bank.objects.filter(district_id=district_id, name=name)
    if exclude is not None:
        clash = clash.exclude(pk=exclude)
    if clash.exists():
        raise FinanceError(_("Name: the alliance already has a bank named %(name)s.") % {"name": name}, "name")


@transaction.atomic
def create_bank(*, acting_user: Any, data: dict[str, Any], organisation: Organisation | None = None) -> Bank:
    """A bank joins the alliance, with an existing bank organisation (its officers' accounts) or a
    new one of the same name."""
    _staff_only(acting_user)
    if acting_user.district_id is None:
        raise FinanceError(_("Only the staff of a district may add banks to its alliance."))
    cleaned = clean_bank(data)
    _unique_name(acting_user.district_id, cleaned["name"])
    organisation = _organisation(acting_user, organisation, cleaned["name"])
    try:
        with transaction.atomic():
            bank = Bank.objects.create(organisation=organisation, district_id=acting_user.district_id, **cleaned)
    except IntegrityError:
        raise FinanceError(_("Name: the alliance already has a bank named %(name)s.") % {"name": cleaned["name"]},
                           "name") from None
    record(Action.PERMISSION_CHANGE, actor=acting_user, target=bank,
           summary=f"加入银企联盟：{bank.name}（机构：{organisation.name}）", data={"organisation": organisation.pk})
    return bank


@transaction.atomic
def update_bank(*, acting_user: Any, bank_id: Any, data: dict[str, Any]) -> Bank:
    _staff_only(acting_user)
    bank = access.get_object_for_user(acting_user, Bank.objects.select_for_update(), bank_id, "change")
    cleaned = clean_bank(data)
    _unique_name(bank.district_id, cleaned["name"], exclude=bank.pk)
    changed = {name: [str(getattr(bank, name)), str(value)] for name, value in cleaned.items()
               if getattr(bank, name) != value}
    for name, value in cleaned.items():
        setattr(bank, name, value)
    bank.save(update_fields=list(cleaned))
    action = Action.PERMISSION_CHANGE if "is_active" in changed else Action.UPDATE
    record(action, actor=acting_user, target=bank, summary=f"修改联盟银行：{bank.name}", data={"changed": changed})
    return bank


@transaction.atomic
def add_contact(*, acting_user: Any, bank_id: Any, data: dict[str, Any]) -> BankContact:
    _staff_only(acting_user)
    bank = access.get_object_for_user(acting_user, Bank, bank_id, "change")
    contact = BankContact.objects.create(
        bank=bank, name=_text(data.get("name"), _("Name"), "name", 50, required=True),
        title=_text(data.get("title"), pgettext("job", "Title"), "title", 50),
        phone=_phone(data.get("phone"), _("Phone"), "phone"),
        email=_text(data.get("email"), _("E-mail"), "email", 254))
    record(Action.CREATE, actor=acting_user, target=contact, summary=f"联盟银行联系人：{bank} {contact.name}")
    return contact


@transaction.atomic
def remove_contact(*, acting_user: Any, contact_id: Any) -> Bank:
    _staff_only(acting_user)
    visible = access.scope(acting_user, Bank, "change")
    contact = BankContact.objects.filter(pk=contact_id, bank__in=visible).select_related("bank").first()
    if contact is None:
        raise Http404
    record(Action.DELETE, actor=acting_user, target=contact,
           summary=f"删除联盟银行联系人：{contact.bank} {contact.name}")
    contact.delete()
    return contact.bank


# --- Policy schemes ---------------------------------------------------------------------------------------

def _scheme_fields(data: dict[str, Any], exclude: int | None = None) -> dict[str, Any]:
    name = _text(data.get("name"), _("Name"), "name", 100, required=True)
    clash = PolicyScheme.objects.filter(name=name)
    if exclude is not None:
        clash = clash.exclude(pk=exclude)
    if clash.exists():
        raise FinanceError(_("Name: a policy scheme named %(name)s exists already.") % {"name": name}, "name")
    return {"name": name, "description": _text(data.get("description"), _("Description"), "description", 300)}


@transaction.atomic
def add_scheme(*, acting_user: Any, data: dict[str, Any]) -> PolicyScheme:
    _staff_only(acting_user)
    fields = _scheme_fields(data)
    last = PolicyScheme.objects.order_by("-sort_order").values_list("sort_order", flat=True).first() or 0
    scheme = PolicyScheme.objects.create(sort_order=min(last + 1, 32767), **fields)
    record(Action.CREATE, actor=acting_user, target=scheme, summary=f"新增政策方案：{scheme.name}")
    return scheme


@transaction.atomic
def rename_scheme(*, acting_user: Any, scheme_id: Any, data: dict[str, Any]) -> PolicyScheme:
    _staff_only(acting_user)
    scheme = PolicyScheme.objects.select_for_update().filter(pk=scheme_id).first()
    if scheme is None:
        raise Http404
    fields = _scheme_fields(data, exclude=scheme.pk)
    old = scheme.name
    scheme.name, scheme.description = fields["name"], fields["description"]
    scheme.save(update_fields=["name", "description"])
    record(Action.UPDATE, actor=acting_user, target=scheme, summary=f"修改政策方案：{old} → {scheme.name}")
    return scheme


@transaction.atomic
def set_scheme_active(*, acting_user: Any, scheme_id: Any, active: bool) -> PolicyScheme:
    """Retire a scheme (products keep it in their history; matching ignores it) or bring it back."""
    _staff_only(acting_user)
    scheme = PolicyScheme.objects.select_for_update().filter(pk=scheme_id).first()
    if scheme is None:
        raise Http404
    scheme.is_active = active
    scheme.save(update_fields=["is_active"])
    record(Action.UPDATE, actor=acting_user, target=scheme,
           summary=f"{'恢复' if active else '停用'}政策方案：{scheme.name}")
    return scheme
