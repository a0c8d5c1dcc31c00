"""Every change of the alliance's products and of a financing demand and its pushes.

Each function runs in one transaction. A demand's actions lock the demand row first
(select_for_update) and only then a push, so that two banks granting at once, or a bank granting
while the enterprise withdraws, queue on the demand and leave one consistent state. Refusals raise
:class:`FinanceError` with a message for a person naming the field and the rule; objects the user
may not see raise Http404 (kaopu.core.access). Notifications (kaopu.finance.notify) go out after
commit.

The demand's state follows from its pushes: submitted (no push yet) → pushed (with at least one
bank) → granted (at least one bank granted) or unmet (every bank declined); withdrawn by the
enterprise or staff at any point before a grant.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from datetime import date, datetime
from decimal import Decimal
from functools import partial
from typing import Any

from django.db import transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from kaopu.accounts.roles import Role
from kaopu.audit.log import record
from kaopu.audit.models import Action
from kaopu.core import access, money
from kaopu.core.workdays import UnknownCalendarYear, local_today, to_local_date, working_days_between
from kaopu.directory.models import Enterprise, IndustrySection
from kaopu.finance import notify
from kaopu.finance.models import (
    AMOUNT_MAX,
    RATE_MAX,
    TERM_MAX_MONTHS,
    Bank,
    Collateral,
    DemandEvent,
    DemandPush,
    FinancingDemand,
    LoanProduct,
    PolicyScheme,
)

D = FinancingDemand.State
P = DemandPush.State
E = DemandEvent.Kind
OPEN_PUSH = (P.PUSHED, P.CLAIMED, P.CONTACTED)


class FinanceError(Exception):
    """A refused finance action; ``message`` is for a person, ``field`` names the form field (or "")."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""

    @property
    def errors(self) -> list[FinanceError]:
        """Each refusal this error stands for (one, unless it is :class:`InvalidFields`)."""
        return [self]


class InvalidFields(FinanceError):
    """Several fields refused at once (a form's or an API body's every wrong field): ``errors`` holds one
    FinanceError per field, in the form's order, so that a person corrects everything in one go."""

    def __init__(self, errors: list[FinanceError]) -> None:
        super().__init__("；".join(error.message for error in errors), errors[0].field)
        self._errors = errors

    @property
    def errors(self) -> list[FinanceError]:
        return list(self._errors)


def _each_field(checks: dict[str, Callable[[], Any]]) -> dict[str, Any]:
    """Run every field's check; InvalidFields with every refusal when any fails (never the first only)."""
    cleaned: dict[str, Any] = {}
    errors: list[FinanceError] = []
    for name, check in checks.items():
        try:
            cleaned[name] = check()
        except FinanceError as error:
            errors.extend(error.errors)
    if errors:
        raise InvalidFields(errors)
    return cleaned


# --- Numbers: amounts, rates and terms ------------------------------------------------------------

def _number(read: Any, value: Any, label: str, field: str, **options: Any) -> Any:
    """``read`` (a reader of kaopu.core.money) of ``value``, its refusal as FinanceError on ``field``."""
    try:
        return read(value, label, **options)
    except money.NumberError as error:
        raise FinanceError(error.message, field) from None


def parse_amount(value: Any, label: str | None = None, field: str = "amount") -> Decimal:
    """An amount in 万元: more than 0, at most AMOUNT_MAX, to the yuan (four decimal places)."""
    return _number(money.amount_in_wan, value, label or _("Amount"), field, maximum=AMOUNT_MAX)


def parse_rate(value: Any, label: str | None = None, field: str = "rate") -> Decimal:
    """An annual rate in percent: 0 to RATE_MAX, two decimal places."""
    return _number(money.percentage, value, label or _("Annual rate"), field, maximum=RATE_MAX)


def parse_term(value: Any, label: str | None = None, field: str = "term_months") -> int:
    """A term in whole months, 1 to TERM_MAX_MONTHS."""
    return _number(money.months, value, label or _("Term"), field, maximum=TERM_MAX_MONTHS)


def _range(low: Any, high: Any, label: str, field: str) -> None:
    if low > high:
        raise FinanceError(_("%(field)s: the lower bound (%(low)s) is above the upper bound (%(high)s).")
                           % {"field": label, "low": low, "high": high}, field)


def _codes(values: Iterable[str] | None, allowed: Iterable[str], label: str, field: str) -> list[str]:
    allowed = list(allowed)
    chosen = list(dict.fromkeys(values or ()))
    unknown = [value for value in chosen if value not in allowed]
    if unknown:
        raise FinanceError(_("%(field)s: unknown choice “%(value)s”.") % {"field": label, "value": unknown[0]},
                           field)
    return [value for value in allowed if value in chosen]  # in the choices' order


def _text(value: Any, label: str, field: str, max_length: int, *, required: bool = False) -> str:
    text = (value or "").strip() if isinstance(value, str) or value is None else None
    if text is None:
        raise FinanceError(_("%(field)s: please write text.") % {"field": label}, field)
    if required and not text:
        raise FinanceError(_("%(field)s: this field is required.") % {"field": label}, field)
    if len(text) > max_length:
        raise FinanceError(_("%(field)s: at most %(max)s characters (now %(n)s).")
                           % {"field": label, "max": max_length, "n": len(text)}, field)
    return text


def _choice(value: Any, choices: Any, label: str, field: str) -> str:
    if value not in choices.values:
        raise FinanceError(_("%(field)s: please choose one of the options.") % {"field": label}, field)
    return str(value)


_PHONE = re.compile(r"^[0-9+\-() ]{7,20}$")


def _phone(value: Any, label: str, field: str) -> str:
    text = _text(value, label, field, 30, required=True)
    text = unicodedata.normalize("NFKC", text)
    if not _PHONE.match(text):
        raise FinanceError(_("%(field)s: 7 to 20 digits, e.g. 13812345678 or 021-62345678.") % {"field": label},
                           field)
    return text


# --- Helpers ----------------------------------------------------------------------------------------

def _audit(user: Any, target: Any, summary: str, data: dict[str, Any] | None = None,
           action: Action = Action.UPDATE) -> None:
    record(action, actor=user, target=target, summary=summary, data=data or {})


def _named(demand: FinancingDemand) -> str:
    """A demand in words for the audit log: whose, how much, which number."""
    return f"{demand.enterprise.name} 的融资需求（#{demand.pk}，{demand.amount:,.2f} 万元）"


def _event(demand: FinancingDemand, kind: str, actor: Any, text: str = "", *, push: DemandPush | None = None,
           internal: bool = False) -> DemandEvent:
    return DemandEvent.objects.create(demand=demand, push=push, kind=kind, actor=actor, text=text[:2000],
                                      internal=internal)


def _after_commit(key: str, demand_id: int, push_ids: Iterable[int] = (), body: str = "") -> None:
    transaction.on_commit(partial(notify.after, key, demand_id, list(push_ids), body), robust=True)


def _rematch(district_id: int, demand_ids: list[int] | None) -> None:
    from kaopu.finance import tasks  # imported late: tasks import matching, which imports the models

    tasks.schedule_rematch(district_id, demand_ids)


def _rematch_after_commit(district_id: int, demand_ids: Iterable[int] | None = None) -> None:
    """Refresh the stored matches (kaopu.finance.tasks) once the change is committed."""
    ids = None if demand_ids is None else list(demand_ids)
    transaction.on_commit(partial(_rematch, district_id, ids), robust=True)


def _locked_demand(user: Any, demand_id: Any, *, for_view: bool = False) -> FinancingDemand:
    """The demand, locked; Http404 unless ``user`` may change it (or, ``for_view``, see it)."""
    queryset = FinancingDemand.objects.select_for_update(of=("self",)).select_related("enterprise")
    return access.get_object_for_user(user, queryset, demand_id, "view" if for_view else "change")


def _state_label(state: str) -> str:
    return str(D(state).label)


# --- Products (bank officers for their bank, FIC staff for the district's alliance) -------------------

PRODUCT_FIELDS = ("name", "kind", "amount_min", "amount_max", "rate_min", "rate_max", "term_min_months",
                  "term_max_months", "collateral", "sizes", "description", "is_active")


def clean_product(data: dict[str, Any]) -> dict[str, Any]:
    """The product's fields checked and normalised; InvalidFields names every wrong field at once."""
    get = data.get
    cleaned = _each_field({
        "name": lambda: _text(get("name"), _("Product name"), "name", 100, required=True),
        "kind": lambda: _choice(get("kind"), LoanProduct.Kind, _("Kind"), "kind"),
        "amount_min": lambda: parse_amount(get("amount_min"), _("Smallest amount"), "amount_min"),
        "amount_max": lambda: parse_amount(get("amount_max"), _("Largest amount"), "amount_max"),
        "rate_min": lambda: parse_rate(get("rate_min"), _("Lowest annual rate"), "rate_min"),
        "rate_max": lambda: parse_rate(get("rate_max"), _("Highest annual rate"), "rate_max"),
        "term_min_months": lambda: parse_term(get("term_min_months"), _("Shortest term"), "term_min_months"),
        "term_max_months": lambda: parse_term(get("term_max_months"), _("Longest term"), "term_max_months"),
        "collateral": lambda: _codes(get("collateral"), Collateral.values, _("Collateral accepted"), "collateral"),
        "sizes": lambda: _codes(get("sizes"), Enterprise.Size.values, _("Target size classes"), "sizes"),
        "description": lambda: _text(get("description"), _("Description"), "description", 3000),
        "is_active": lambda: bool(get("is_active", True)),
    })
    _each_field({
        "amount_max": lambda: _range(cleaned["amount_min"], cleaned["amount_max"], _("Amount range (10k yuan)"),
                                     "amount_max"),
        "rate_max": lambda: _range(cleaned["rate_min"], cleaned["rate_max"], _("Annual rate range (%)"), "rate_max"),
        "term_max_months": lambda: _range(cleaned["term_min_months"], cleaned["term_max_months"],
                                          _("Term range (months)"), "term_max_months"),
    })
    return cleaned


def _product_links(industries: Iterable[Any] | None, schemes: Iterable[Any] | None) -> tuple[list[str], list[int]]:
    industry_ids = [getattr(value, "pk", value) for value in industries or ()]
    scheme_ids = [getattr(value, "pk", value) for value in schemes or ()]
    known = set(IndustrySection.objects.filter(pk__in=industry_ids).values_list("pk", flat=True))
    if missing := [code for code in industry_ids if code not in known]:
        raise FinanceError(_("Target industries: unknown industry section “%(code)s”.") % {"code": missing[0]},
                           "industries")
    active = set(PolicyScheme.objects.filter(pk__in=scheme_ids, is_active=True).values_list("pk", flat=True))
    if missing_schemes := [pk for pk in scheme_ids if pk not in active]:
        raise FinanceError(_("Policy schemes: no active scheme number %(id)s.") % {"id": missing_schemes[0]},
                           "policy_schemes")
    return industry_ids, scheme_ids


def _may_manage_products(user: Any, bank: Bank) -> Bank:
    if user.role not in (Role.FIC_STAFF, Role.BANK_OFFICER):
        raise FinanceError(_("Only the bank's officers and FIC staff may manage loan products."))
    return access.get_object_for_user(user, Bank, bank.pk, "change")


@transaction.atomic
def create_product(*, acting_user: Any, bank: Bank, data: dict[str, Any], industries: Iterable[Any] = (),
                   policy_schemes: Iterable[Any] = ()) -> LoanProduct:
    bank = _may_manage_products(acting_user, bank)
    cleaned = clean_product(data)
    industry_ids, scheme_ids = _product_links(industries, policy_schemes)
    product = LoanProduct.objects.create(bank=bank, **cleaned)
    product.industries.set(industry_ids)
    product.policy_schemes.set(scheme_ids)
    _audit(acting_user, product, f"新增贷款产品：{bank} {product.name}", action=Action.CREATE)
    _rematch_after_commit(bank.district_id)
    return product


@transaction.atomic
def update_product(*, acting_user: Any, product_id: Any, data: dict[str, Any], industries: Iterable[Any] = (),
                   policy_schemes: Iterable[Any] = ()) -> LoanProduct:
    if acting_user.role not in (Role.FIC_STAFF, Role.BANK_OFFICER):
        raise FinanceError(_("Only the bank's officers and FIC staff may manage loan products."))
    product = access.get_object_for_user(acting_user, LoanProduct.objects.select_for_update().select_related("bank"),
                                         product_id, "change")
    cleaned = clean_product(data)
    industry_ids, scheme_ids = _product_links(industries, policy_schemes)
    changed = {name: [str(getattr(product, name)), str(value)] for name, value in cleaned.items()
               if getattr(product, name) != value}
    for name, value in cleaned.items():
        setattr(product, name, value)
    product.save()
    product.industries.set(industry_ids)
    product.policy_schemes.set(scheme_ids)
    _audit(acting_user, product, f"修改贷款产品：{product.bank} {product.name}", {"changed": changed})
    _rematch_after_commit(product.bank.district_id)
    return product


# --- Demands ------------------------------------------------------------------------------------------

DEMAND_FIELDS = ("amount", "term_months", "purpose", "purpose_detail", "collateral", "wants_policy_guarantee",
                 "urgency", "consent_to_share", "contact_name", "contact_phone")


def clean_demand(data: dict[str, Any]) -> dict[str, Any]:
    """The demand's fields checked and normalised; InvalidFields names every wrong field at once (the
    page's form and the API show them together, each on its field)."""
    get = data.get
    return _each_field({
        "amount": lambda: parse_amount(get("amount"), _("Amount"), "amount"),
        "term_months": lambda: parse_term(get("term_months"), _("Term"), "term_months"),
        "purpose": lambda: _choice(get("purpose"), FinancingDemand.Purpose, _("Purpose"), "purpose"),
        "purpose_detail": lambda: _text(get("purpose_detail"), _("What the money is for"), "purpose_detail", 2000,
                                        required=True),
        "collateral": lambda: _codes(get("collateral"), Collateral.values, _("Collateral offered"), "collateral"),
        "wants_policy_guarantee": lambda: bool(get("wants_policy_guarantee")),
        "urgency": lambda: _choice(get("urgency") or FinancingDemand.Urgency.NORMAL, FinancingDemand.Urgency,
                                   _("Urgency"), "urgency"),
        "consent_to_share": lambda: bool(get("consent_to_share")),
        "contact_name": lambda: _text(get("contact_name"), _("Contact person"), "contact_name", 50, required=True),
        "contact_phone": lambda: _phone(get("contact_phone"), _("Contact phone"), "contact_phone"),
    })


def submit_demand(*, enterprise: Enterprise, acting_user: Any, data: dict[str, Any]) -> FinancingDemand:
    """An enterprise user asks for its own enterprise; FIC staff enter a demand on an enterprise's
    behalf (from a visit or the hotline). The industry section and size are copied from the directory."""
    if acting_user.role == Role.ENTERPRISE_USER:
        if enterprise.pk != acting_user.enterprise_id:
            raise FinanceError(_("You may submit financing demands only for your own enterprise."))
    elif acting_user.role == Role.FIC_STAFF:
        enterprise = access.get_object_for_user(acting_user, Enterprise, enterprise.pk)  # 404 outside the district
    else:
        raise FinanceError(_("Your role may not submit financing demands."))
    cleaned = clean_demand(data)
    enterprise = Enterprise.objects.select_related("industry").get(pk=enterprise.pk)
    with transaction.atomic():
        demand = FinancingDemand.objects.create(
            district_id=enterprise.district_id, enterprise=enterprise, submitted_by=acting_user,
            industry_id=enterprise.section_code, size=enterprise.size,
            **cleaned)
        _event(demand, E.SUBMITTED, acting_user,
               _("%(amount)s (10k yuan) for %(term)s months") % {"amount": f"{demand.amount:,.2f}",
                                                                 "term": demand.term_months})
        _audit(acting_user, demand, f"提交{_named(demand)}",
               {"amount": str(demand.amount), "term_months": demand.term_months,
                "consent_to_share": demand.consent_to_share}, Action.CREATE)
        _after_commit("submitted", demand.pk)
        _rematch_after_commit(demand.district_id, [demand.pk])
    return demand


@transaction.atomic
def update_demand(*, acting_user: Any, demand_id: Any, data: dict[str, Any]) -> FinancingDemand:
    """The enterprise (or staff) corrects a demand that no bank has seen yet."""
    demand = _locked_demand(acting_user, demand_id)
    if demand.state != D.SUBMITTED:
        raise FinanceError(_("This demand is %(state)s: only a demand not yet pushed to a bank can be changed.")
                           % {"state": _state_label(demand.state)})
    cleaned = clean_demand(data)
    changed = {name: [str(getattr(demand, name)), str(value)] for name, value in cleaned.items()
               if getattr(demand, name) != value}
    for name, value in cleaned.items():
        setattr(demand, name, value)
    demand.save()
    _event(demand, E.EDITED, acting_user, "、".join(str(FinancingDemand._meta.get_field(name).verbose_name)
                                                   for name in changed))
    _audit(acting_user, demand, f"修改{_named(demand)}", {"changed": changed})
    _rematch_after_commit(demand.district_id, [demand.pk])
    return demand


@transaction.atomic
def give_consent(*, acting_user: Any, demand_id: Any) -> FinancingDemand:
    """The enterprise agrees, after submitting, that the FIC shares the demand, its registration facts
    and the contact with the alliance banks: the demand can now be pushed. Only the enterprise's own
    user gives it (FIC staff record a consent they obtained when they enter the demand), only while
    no bank has it yet; giving it twice changes nothing. A timeline event, an audit entry and a
    notification to the district's staff, who can now push it."""
    if acting_user.role != Role.ENTERPRISE_USER:
        raise FinanceError(_("Only the enterprise itself may consent to share its demand with banks."))
    demand = _locked_demand(acting_user, demand_id)
    if demand.consent_to_share:
        return demand
    if demand.state != D.SUBMITTED:
        raise FinanceError(_("This demand is %(state)s: consent can be given only before it is passed to banks.")
                           % {"state": _state_label(demand.state)})
    demand.consent_to_share = True
    demand.save(update_fields=["consent_to_share", "updated_at"])
    _event(demand, E.CONSENTED, acting_user)
    _audit(acting_user, demand, f"同意向联盟银行提供{_named(demand)}及企业登记信息、联系人",
           {"consent_to_share": [False, True]})
    _after_commit("consented", demand.pk)
    return demand


@transaction.atomic
def withdraw_demand(*, acting_user: Any, demand_id: Any, reason: str = "") -> FinancingDemand:
    """The enterprise no longer needs the money (or staff close a demand on its word): every open
    push is withdrawn and the banks are told. A granted demand cannot be withdrawn."""
    if acting_user.role not in (Role.ENTERPRISE_USER, Role.FIC_STAFF):
        raise FinanceError(_("Only the enterprise or FIC staff may withdraw a demand."))
    demand = _locked_demand(acting_user, demand_id)
    if demand.state not in (D.SUBMITTED, D.PUSHED, D.UNMET):
        raise FinanceError(_("This demand is %(state)s: it cannot be withdrawn.")
                           % {"state": _state_label(demand.state)})
    reason = _text(reason, _("Reason"), "reason", 200, required=acting_user.role == Role.FIC_STAFF)
    open_pushes = list(demand.pushes.select_for_update().filter(state__in=OPEN_PUSH).values_list("pk", flat=True))
    DemandPush.objects.filter(pk__in=open_pushes).update(state=P.WITHDRAWN, decided_at=timezone.now())
    demand.state, demand.withdrawn_reason = D.WITHDRAWN, reason
    demand.save(update_fields=["state", "withdrawn_reason", "updated_at"])
    _event(demand, E.WITHDRAWN, acting_user, reason)
    _audit(acting_user, demand, f"撤回{_named(demand)}", {"reason": reason, "pushes_withdrawn": open_pushes})
    _after_commit("withdrawn", demand.pk, open_pushes, reason)
    return demand


@transaction.atomic
def push_demand(*, acting_user: Any, demand_id: Any, banks: Iterable[Bank], note: str = "") -> list[DemandPush]:
    """FIC staff send a demand to one or more alliance banks (each bank once)."""
    if acting_user.role != Role.FIC_STAFF:
        raise FinanceError(_("Only FIC staff may push a demand to banks."))
    demand = _locked_demand(acting_user, demand_id)
    if demand.state not in (D.SUBMITTED, D.PUSHED, D.UNMET):
        raise FinanceError(_("This demand is %(state)s: it cannot be pushed to banks.")
                           % {"state": _state_label(demand.state)})
    if not demand.consent_to_share:
        raise FinanceError(_("The enterprise has not consented to share its data with banks: ask it to give "
                             "consent before pushing."), "banks")
    try:
        bank_ids = list(dict.fromkeys(int(getattr(bank, "pk", bank)) for bank in banks))
    except (TypeError, ValueError):
        raise FinanceError(_("Banks: choose banks of the alliance from the list."), "banks") from None
    if not bank_ids:
        raise FinanceError(_("Banks: choose at least one bank."), "banks")
    chosen = {bank.pk: bank for bank in access.scope(acting_user, Bank).filter(
        pk__in=bank_ids, district_id=demand.district_id)}
    if missing := [pk for pk in bank_ids if pk not in chosen]:
        raise FinanceError(_("Banks: no alliance bank number %(id)s in this district.") % {"id": missing[0]}, "banks")
    if inactive := [bank for bank in chosen.values() if not bank.is_active]:
        raise FinanceError(_("Banks: %(bank)s is no longer an active member of the alliance.")
                           % {"bank": inactive[0]}, "banks")
    already = set(demand.pushes.filter(bank_id__in=bank_ids).values_list("bank_id", flat=True))
    if already:
        names = "、".join(str(chosen[pk]) for pk in bank_ids if pk in already)
        raise FinanceError(_("Banks: the demand was already pushed to %(banks)s.") % {"banks": names}, "banks")
    note = _text(note, _("Note to the bank"), "note", 300)
    pushes = [DemandPush.objects.create(demand=demand, bank=chosen[pk], pushed_by=acting_user, note=note)
              for pk in bank_ids]
    for push in pushes:
        _event(demand, E.PUSHED, acting_user, str(push.bank), push=push)
    demand.state = D.PUSHED
    demand.save(update_fields=["state", "updated_at"])
    # The banks now read the enterprise's demand and contact: one sharing entry naming every bank.
    names = "、".join(str(push.bank.name) for push in pushes)
    _audit(acting_user, demand, f"向 {names} 推送{_named(demand)}",
           {"banks": bank_ids, "pushes": [push.pk for push in pushes]}, Action.SHARE)
    _after_commit("pushed", demand.pk, [push.pk for push in pushes], note)
    return pushes


# --- A bank's steps: claim, contact, grant, decline ----------------------------------------------------

def _locked_push(user: Any, push_id: Any) -> tuple[FinancingDemand, DemandPush]:
    """The push's demand and the push, both locked, demand first; Http404 unless the bank officer's
    own bank's push."""
    if user.role != Role.BANK_OFFICER:
        raise FinanceError(_("Only an officer of the bank the demand was pushed to may do this."))
    visible = access.get_object_for_user(user, DemandPush, push_id, "change")
    demand = FinancingDemand.objects.select_for_update(of=("self",)).select_related("enterprise").get(
        pk=visible.demand_id)
    push = DemandPush.objects.select_for_update(of=("self",)).select_related("bank").get(pk=visible.pk)
    return demand, push


def _refuse_push_state(demand: FinancingDemand, push: DemandPush, allowed: Iterable[str], what: str) -> None:
    if demand.state == D.WITHDRAWN:
        raise FinanceError(_("The enterprise withdrew this demand: it cannot %(what)s.") % {"what": what})
    if push.state not in allowed:
        raise FinanceError(_("This demand is %(state)s at your bank: it cannot %(what)s.")
                           % {"state": str(P(push.state).label), "what": what})


def _claimer_only(user: Any, push: DemandPush) -> None:
    if push.claimed_by_id and push.claimed_by_id != user.pk:
        raise FinanceError(_("%(name)s of your bank has claimed this demand: only they may act on it.")
                           % {"name": push.claimed_by})


@transaction.atomic
def claim(*, acting_user: Any, push_id: Any) -> DemandPush:
    demand, push = _locked_push(acting_user, push_id)
    _refuse_push_state(demand, push, (P.PUSHED,), _("be claimed"))
    push.state, push.claimed_by, push.claimed_at = P.CLAIMED, acting_user, timezone.now()
    push.save(update_fields=["state", "claimed_by", "claimed_at"])
    _event(demand, E.CLAIMED, acting_user, f"{push.bank} {acting_user.name}", push=push)
    _audit(acting_user, push, f"{push.bank.name} 认领{_named(demand)}", {"demand": demand.pk})
    _after_commit("claimed", demand.pk, [push.pk])
    return push


@transaction.atomic
def record_contact(*, acting_user: Any, push_id: Any, note: str) -> DemandPush:
    demand, push = _locked_push(acting_user, push_id)
    _refuse_push_state(demand, push, (P.CLAIMED, P.CONTACTED), _("record a contact (claim it first)"))
    _claimer_only(acting_user, push)
    note = _text(note, _("Contact record"), "note", 1000, required=True)
    stamp = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    push.contact_note = (f"{push.contact_note}\n{stamp} {note}" if push.contact_note else f"{stamp} {note}")[-2000:]
    push.state, push.contacted_at = P.CONTACTED, timezone.now()
    push.save(update_fields=["state", "contact_note", "contacted_at"])
    _event(demand, E.CONTACTED, acting_user, note, push=push)
    _audit(acting_user, push, f"{push.bank.name} 记录对接{_named(demand)}", {"demand": demand.pk})
    return push


def _days_to_grant(demand: FinancingDemand, granted_on: date) -> int | None:
    """Working days from the demand to the grant; None when a year's calendar is not entered yet
    (the figures then leave the demand out of the mean rather than count weekdays, until staff enter
    the year: :func:`recount_days_to_grant`)."""
    try:
        return working_days_between(to_local_date(demand.created_at), granted_on)
    except UnknownCalendarYear:
        return None


def recount_days_to_grant(year: int) -> int:
    """After staff entered (or corrected) the working-day calendar of ``year``: count again the working
    days to a grant of every granted demand whose count is missing or ran over that year, from the
    first grant. One audit entry lists what changed. Returns how many demands changed."""
    zone = timezone.get_current_timezone()
    first_moment, last_moment = datetime(year, 1, 1, tzinfo=zone), datetime(year + 1, 1, 1, tzinfo=zone)
    over_the_year = Q(created_at__lt=last_moment, granted_at__gte=first_moment)
    first_grant = (DemandPush.objects.filter(demand=OuterRef("pk"), state=P.GRANTED)
                   .order_by("granted_on", "pk").values("granted_on")[:1])
    demands = (FinancingDemand.objects.filter(state=D.GRANTED, granted_at__isnull=False)
               .filter(Q(working_days_to_grant__isnull=True) | over_the_year)
               .annotate(first_granted_on=Subquery(first_grant)).order_by("pk"))
    changed: dict[str, list[int | None]] = {}
    with transaction.atomic():
        for demand in demands.select_for_update(of=("self",)):
            granted_on = demand.first_granted_on
            days = _days_to_grant(demand, granted_on) if granted_on else None
            if days != demand.working_days_to_grant:
                changed[str(demand.pk)] = [demand.working_days_to_grant, days]
                demand.working_days_to_grant = days
                demand.save(update_fields=["working_days_to_grant", "updated_at"])
        if changed:
            record(Action.UPDATE, actor_name="system", object_type="finance.financingdemand",
                   summary=f"按 {year} 年工作日历重算 {len(changed)} 笔融资需求的放款用时（工作日）",
                   data={"year": year, "working_days_to_grant": changed})
    return len(changed)


@transaction.atomic
def grant(*, acting_user: Any, push_id: Any, amount: Any, rate: Any, term_months: Any,
          granted_on: date | None = None, product_id: Any = None) -> DemandPush:
    """The bank lends: amount (万元), annual rate (%) and term (months), on a date not in the future."""
    demand, push = _locked_push(acting_user, push_id)
    _refuse_push_state(demand, push, (P.CLAIMED, P.CONTACTED), _("be granted (claim it first)"))
    _claimer_only(acting_user, push)
    amount = parse_amount(amount, _("Amount granted"), "amount")
    rate = parse_rate(rate, _("Annual rate"), "rate")
    term_months = parse_term(term_months, _("Term granted"), "term_months")
    granted_on = granted_on or local_today()
    if granted_on > local_today():
        raise FinanceError(_("Granted on: the date must not be in the future."), "granted_on")
    if granted_on < to_local_date(demand.created_at):
        raise FinanceError(_("Granted on: the date must not be before the demand (%(date)s).")
                           % {"date": to_local_date(demand.created_at)}, "granted_on")
    product = None
    if product_id not in (None, ""):
        product = LoanProduct.objects.filter(pk=product_id, bank_id=push.bank_id).first()
        if product is None:
            raise FinanceError(_("Product: not one of your bank's products."), "product")
    push.state, push.granted_amount, push.granted_rate = P.GRANTED, amount, rate
    push.granted_term_months, push.granted_on, push.product = term_months, granted_on, product
    push.decided_at = timezone.now()
    push.save()
    if demand.state != D.GRANTED:
        demand.state, demand.granted_at = D.GRANTED, timezone.now()
        demand.working_days_to_grant = _days_to_grant(demand, granted_on)
        demand.save(update_fields=["state", "granted_at", "working_days_to_grant", "updated_at"])
    text = _("%(bank)s granted %(amount)s (10k yuan) at %(rate)s%% for %(term)s months") % {
        "bank": push.bank, "amount": f"{amount:,.2f}", "rate": rate, "term": term_months}
    _event(demand, E.GRANTED, acting_user, text, push=push)
    _audit(acting_user, push, f"放款：{_named(demand)}，{text}",
           {"amount": str(amount), "rate": str(rate), "term": term_months})
    _after_commit("granted", demand.pk, [push.pk], text)
    return push


@transaction.atomic
def decline(*, acting_user: Any, push_id: Any, reason: str, note: str = "") -> DemandPush:
    """The bank will not lend; the reason comes from the list, with text (required for “other”).
    When every bank has declined and none granted, the demand is unmet and staff may push it on."""
    demand, push = _locked_push(acting_user, push_id)
    _refuse_push_state(demand, push, OPEN_PUSH, _("be declined"))
    _claimer_only(acting_user, push)
    reason = _choice(reason, DemandPush.DeclineReason, pgettext("financing", "Reason for declining"), "reason")
    note = _text(note, _("Explanation"), "note", 2000, required=reason == DemandPush.DeclineReason.OTHER)
    push.state, push.decline_reason, push.decline_note, push.decided_at = P.DECLINED, reason, note, timezone.now()
    if push.claimed_by_id is None:
        push.claimed_by, push.claimed_at = acting_user, push.decided_at
    push.save()
    if demand.state == D.PUSHED and not demand.pushes.exclude(pk=push.pk).filter(
            state__in=(*OPEN_PUSH, P.GRANTED)).exists():
        demand.state = D.UNMET
        demand.save(update_fields=["state", "updated_at"])
    text = f"{push.bank}：{DemandPush.DeclineReason(reason).label}" + (f"（{note}）" if note else "")
    _event(demand, E.DECLINED, acting_user, text, push=push)
    _audit(acting_user, push, f"{push.bank.name} 婉拒{_named(demand)}：{DemandPush.DeclineReason(reason).label}",
           {"demand": demand.pk, "reason": reason})
    _after_commit("declined", demand.pk, [push.pk], text)
    return push
