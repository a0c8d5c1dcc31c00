"""Every change of the FIC's members and dues: one function per use case, each in one transaction.

Membership: staff enter a member directly (:func:`add_member`: an enterprise of the district or a person;
an enterprise that left before rejoins on its old row), change its category (:func:`change_category`)
or end it (:func:`end_membership`); an enterprise user applies for their own enterprise
(:func:`apply_for_membership`) and staff approve or refuse with a reason (:func:`decide_application`;
the enterprise's users are told). Each change appends a MemberEvent, and a member enterprise's directory
flag (Enterprise.is_member / member_since) is written here in the same transaction: joining sets it with
the date, leaving clears it. Nothing else writes that flag (the directory shows it read-only).

Dues: staff set a category's yearly amount (:func:`set_dues_rate`), issue the year's invoices
(:func:`issue_invoices`: idempotent, and safe when run twice at once: it locks the year's rates, and an
invoice is unique per member and year), record payments (:func:`record_payment`, partial payments
allowed, never more than the balance; receipt numbers unique in the district) and waivers
(:func:`waive_dues`, with a reason), and remind a member in arrears (:func:`remind_member`, at most once
a week per member). Every action recomputes the member's outstanding balance from its invoices.

Proration rule (stated in docs/membership.md): a member who joins on or after 1 July of a year owes half
the year's dues for that year (rounded to the fen); one who joins before owes the whole year; a member
who left during the year owes the whole year; one who left before 1 January is not invoiced.

Refusals raise :class:`MembershipError` with the field it concerns and a message that names the field and
the rule. Only FIC staff of the row's district change anything; rows of another district raise Http404
(kaopu.core.access).
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F as Column
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kaopu.accounts.models import User
from kaopu.accounts.roles import Role
from kaopu.audit.log import record
from kaopu.audit.models import Action
from kaopu.core import access, money
from kaopu.core.errors import ActionRefused
from kaopu.core.workdays import local_today
from kaopu.directory.models import Enterprise
from kaopu.membership.models import (
    Application,
    Category,
    DuesRate,
    ExecutiveTerm,
    Invoice,
    Member,
    MemberEvent,
    Payment,
    Seat,
)
from kaopu.notifications.actions import notify

HALF_YEAR_FROM = (7, 1)  # joining on or after 1 July: half the year's dues
REMINDER_INTERVAL = timedelta(days=7)
MAX_DUES = Decimal("1000000")  # yuan: more is a unit mistake, not a year's dues
FEN = Decimal("0.01")


class MembershipError(ActionRefused):
    """A refused membership action: ``field`` names the input, ``message`` is for a person."""


@dataclass(frozen=True)
class F:
    """A field of an action's input: its name (for errors) and its label (for the message)."""

    name: str
    label: Any


# --- input -----------------------------------------------------------------------------------------


def _required(field: F) -> MembershipError:
    return MembershipError(field.name, _("%(field)s: this field is required.") % {"field": field.label})


def _text(value: Any, field: F, max_length: int, *, required: bool = False) -> str:
    if value is not None and not isinstance(value, str):
        raise MembershipError(field.name, _("%(field)s: please write text.") % {"field": field.label})
    text = (value or "").replace("\x00", "").strip()
    if required and not text:
        raise _required(field)
    if len(text) > max_length:
        raise MembershipError(field.name, _("%(field)s: at most %(max)s characters (now %(n)s).")
                              % {"field": field.label, "max": max_length, "n": len(text)})
    return text


def _date(value: Any, field: F, *, not_future: bool = True) -> date:
    if value is None or value == "":
        raise _required(field)
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value.strip())
        except ValueError:
            value = None
    if not isinstance(value, date):
        raise MembershipError(field.name, _("%(field)s: please give a date written YYYY-MM-DD.")
                              % {"field": field.label})
    if not_future and value > local_today():
        raise MembershipError(field.name, _("%(field)s: cannot be in the future.") % {"field": field.label})
    return value


def _year(value: Any, field: F) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        year = 0
    if not 2000 <= year <= local_today().year + 1:
        raise MembershipError(field.name, _("%(field)s: please give a year between 2000 and next year.")
                              % {"field": field.label})
    return year


def parse_yuan(value: Any, field: F, *, allow_zero: bool = False) -> Decimal:
    """An amount in yuan to the fen (kaopu.core.money.read_decimal; 元 may follow), or MembershipError
    naming ``field``: more than zero (or zero when ``allow_zero``), at most two decimals, at most a million."""
    try:
        amount = money.read_decimal(value, str(field.label), suffixes=("元",))
    except money.NumberError as error:
        raise MembershipError(field.name, error.message) from None
    assert amount is not None
    if amount < 0 or (amount == 0 and not allow_zero) or amount > MAX_DUES:
        raise MembershipError(field.name, _("%(field)s: must be more than 0 and at most 1,000,000 yuan.")
                              % {"field": field.label} if not allow_zero else
                              _("%(field)s: must be 0 or more and at most 1,000,000 yuan.") % {"field": field.label})
    if money.decimal_places(amount) > 2:
        raise MembershipError(field.name, _("%(field)s: at most 2 decimal places (to the fen).")
                              % {"field": field.label})
    return amount.quantize(FEN)


def _choice(value: Any, field: F, choices: Any) -> str:
    if value not in choices.values:
        raise MembershipError(field.name, _("%(field)s: please choose one of the list.") % {"field": field.label})
    return str(value)


# --- who and where ---------------------------------------------------------------------------------


def _district_of(user: Any) -> int:
    if getattr(user, "role", None) != Role.FIC_STAFF:
        raise MembershipError("user", _("Only FIC staff of the district may change membership records."))
    if not user.district_id:
        raise MembershipError("district", _("District: membership records belong to a district; city-level "
                                            "accounts may read them only."))
    return int(user.district_id)


def _locked(user: Any, model: Any, row: Any) -> Any:
    _district_of(user)
    return access.get_object_for_user(user, model.objects.select_for_update(), getattr(row, "pk", row), "change")


def _category(value: Any, district_id: int) -> Category:
    pk = getattr(value, "pk", value)
    found = (Category.objects.filter(pk=pk, district_id=district_id, is_active=True).first()
             if str(pk).isdigit() else None)
    if found is None:
        raise MembershipError("category", _("Category: please choose a membership category in use."))
    return found


def _audit(user: Any, target: Any, summary: str, data: dict[str, Any] | None = None,
           action: Action = Action.UPDATE) -> None:
    record(action, actor=user, target=target, summary=summary, data=data or {})


def _enterprise_users(enterprise_id: int) -> list[User]:
    return list(User.objects.filter(organisation__enterprise_id=enterprise_id, role=Role.ENTERPRISE_USER,
                                    is_active=True))


def _tell_enterprise(enterprise_id: int, *, kind: str, title: str, body: str) -> None:
    url = reverse("membership:our_membership")
    notify(_enterprise_users(enterprise_id), kind=kind, title=title, body=body, url=url)


def _flag_enterprise(member: Member) -> None:
    """The directory's member flag follows the member row (the only writer of is_member / member_since)."""
    if member.enterprise_id is None:
        return
    current = member.left_on is None
    Enterprise.objects.filter(pk=member.enterprise_id).update(
        is_member=current, member_since=member.joined_on if current else None, updated_at=timezone.now())


def _event(member: Member, kind: str, on: date, user: Any, note: str = "") -> None:
    MemberEvent.objects.create(member=member, kind=kind, happened_on=on, category_id=member.category_id,
                               note=note, actor=user)


# --- categories ------------------------------------------------------------------------------------


@transaction.atomic
def save_category(*, acting_user: Any, category: Any = None, name: Any, order: Any = 0,
                  is_active: Any = True) -> Category:
    """A new membership category of the staff member's district, or ``category`` renamed, reordered or
    (un)retired. Errors: a missing or too long name, a name the district already has, a bad order."""
    district_id = _district_of(acting_user)
    clean_name = _text(name, F("name", _("Name")), 30, required=True)
    try:
        clean_order = int(order or 0)
    except (TypeError, ValueError):
        clean_order = -1
    if not 0 <= clean_order <= 999:
        raise MembershipError("order", _("Order: please give a whole number from 0 to 999."))
    row = _locked(acting_user, Category, category) if category is not None else Category(district_id=district_id)
    created = row.pk is None
    row.name, row.order, row.is_active = clean_name, clean_order, bool(is_active)
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        raise MembershipError("name", _("Name: your district already has a category of this name.")) from None
    _audit(acting_user, row, f"{'新增' if created else '修改'}会员类别「{row.name}」（排序 {row.order}）",
           {"is_active": row.is_active}, Action.CREATE if created else Action.UPDATE)
    return row


# --- members ---------------------------------------------------------------------------------------


def _enterprise(value: Any, district_id: int) -> Enterprise:
    """The district's enterprise given as a row, an id, or (typed on a page) its exact name or credit code."""
    pk = getattr(value, "pk", value)
    text = unicodedata.normalize("NFKC", str(pk or "")).strip()
    in_district = Enterprise.objects.filter(district_id=district_id)
    found = (in_district.filter(pk=text).first() if text.isdigit() and len(text) < 18 else
             in_district.filter(credit_code=text.upper()).first() or in_district.filter(name=text).first()
             if text else None)
    if found is None:
        raise MembershipError("enterprise", _("Enterprise: please choose an enterprise of your district."))
    return found


def _join(enterprise: Enterprise | None, district_id: int, *, acting_user: Any, category: Category,
          joined_on: date, person: dict[str, str], note: str = "") -> Member:
    """Make ``enterprise`` (or the person) a member from ``joined_on``; an enterprise that left rejoins on
    its old row. Raises MembershipError when it is a member already."""
    member = None
    if enterprise is not None:
        member = Member.objects.select_for_update().filter(enterprise=enterprise).first()
        if member is not None and member.left_on is None:
            raise MembershipError("enterprise", _("Enterprise: %(name)s is a member already (since %(since)s).")
                                  % {"name": enterprise.name, "since": member.joined_on})
    if member is not None and member.left_on is not None and joined_on < member.left_on:
        raise MembershipError("joined_on", _("Joined on: %(name)s left on %(left)s; it can rejoin on that day or "
                                             "later.") % {"name": member.name, "left": member.left_on})
    rejoining = member is not None
    if member is None:
        member = Member(district_id=district_id, enterprise=enterprise,
                        kind=Member.Kind.ENTERPRISE if enterprise else Member.Kind.INDIVIDUAL)
    member.name = enterprise.name if enterprise else person["person_name"]
    for key, value in person.items():
        setattr(member, key, value)
    member.category, member.joined_on, member.joined_year, member.left_on = category, joined_on, joined_on.year, None
    member.save()
    _event(member, MemberEvent.Kind.REJOINED if rejoining else MemberEvent.Kind.JOINED, joined_on, acting_user,
           note)
    _flag_enterprise(member)
    return member


@transaction.atomic
def add_member(*, acting_user: Any, kind: Any, category: Any, joined_on: Any, enterprise: Any = None,
               person_name: Any = "", work_unit: Any = "", position: Any = "", phone: Any = "") -> Member:
    """A member entered by staff: an enterprise of the district (its directory flag set with the date) or a
    person (name required; work unit, position, phone). An enterprise that left before rejoins on its old
    row. Errors: an unknown kind or category, a date in the future, an enterprise of another district or
    already a member, a rejoining date before the day it left."""
    district_id = _district_of(acting_user)
    clean_kind = _choice(kind, F("kind", _("Kind")), Member.Kind)
    clean_category = _category(category, district_id)
    clean_date = _date(joined_on, F("joined_on", _("Joined on")))
    person = {
        "person_name": _text(person_name, F("person_name", _("Name of the person")), 50,
                             required=clean_kind == Member.Kind.INDIVIDUAL),
        "work_unit": _text(work_unit, F("work_unit", _("Work unit")), 100),
        "position": _text(position, F("position", _("Position")), 50),
        "phone": _text(phone, F("phone", _("Phone")), 30),
    }
    found = _enterprise(enterprise, district_id) if clean_kind == Member.Kind.ENTERPRISE else None
    member = _join(found, district_id, acting_user=acting_user, category=clean_category, joined_on=clean_date,
                   person=person)
    _audit(acting_user, member, f"登记会员「{member.name}」（{clean_category.name}，{clean_date} 入会）",
           {"kind": member.kind, "category": clean_category.pk}, Action.CREATE)
    return member


@transaction.atomic
def change_category(member: Any, *, acting_user: Any, category: Any, on: Any) -> Member:
    """The current member's category changed from ``on`` (a 理事 elected 常务理事); the history keeps both.
    Errors: a former member, the same category, an unknown category, a date in the future."""
    locked = _locked(acting_user, Member, member)
    if locked.left_on is not None:
        raise MembershipError("category", _("Category: %(name)s is no longer a member.") % {"name": locked.name})
    new = _category(category, locked.district_id)
    if new.pk == locked.category_id:
        raise MembershipError("category", _("Category: %(name)s is in this category already.")
                              % {"name": locked.name})
    clean_date = _date(on, F("on", _("Date")))
    old = locked.category.name
    locked.category = new
    locked.save(update_fields=["category"])
    _event(locked, MemberEvent.Kind.CATEGORY, clean_date, acting_user, f"{old} → {new.name}")
    _audit(acting_user, locked, f"会员「{locked.name}」类别由 {old} 改为 {new.name}（{clean_date}）")
    return locked


@transaction.atomic
def end_membership(member: Any, *, acting_user: Any, left_on: Any, note: Any = "") -> Member:
    """The member leaves on ``left_on`` (withdrew, deregistered, expelled: say why in ``note``); a member
    enterprise's directory flag is cleared. Invoices already issued stay owed. Errors: a former member, a
    date before joining or in the future."""
    locked = _locked(acting_user, Member, member)
    if locked.left_on is not None:
        raise MembershipError("left_on", _("Left on: %(name)s left on %(left)s already.")
                              % {"name": locked.name, "left": locked.left_on})
    clean_date = _date(left_on, F("left_on", _("Left on")))
    if clean_date < locked.joined_on:
        raise MembershipError("left_on", _("Left on: cannot be before the day the member joined (%(joined)s).")
                              % {"joined": locked.joined_on})
    clean_note = _text(note, F("note", _("Note")), 300)
    locked.left_on = clean_date
    locked.save(update_fields=["left_on"])
    _event(locked, MemberEvent.Kind.LEFT, clean_date, acting_user, clean_note)
    _flag_enterprise(locked)
    _audit(acting_user, locked, f"会员「{locked.name}」于 {clean_date} 退会", {"note": clean_note})
    return locked


# --- applications ----------------------------------------------------------------------------------


@transaction.atomic
def apply_for_membership(*, acting_user: Any, statement: Any) -> Application:
    """An enterprise user's application for their own enterprise, with a short statement; the district's
    staff see it in their queue. Errors: not an enterprise user, a member already, an application already
    waiting, a missing or too long statement."""
    if getattr(acting_user, "role", None) != Role.ENTERPRISE_USER or not acting_user.enterprise_id:
        raise MembershipError("user", _("Only an enterprise's own users may apply for its membership."))
    enterprise = Enterprise.objects.select_for_update().get(pk=acting_user.enterprise_id)
    clean = _text(statement, F("statement", _("Statement")), 2000, required=True)
    if Member.objects.filter(enterprise=enterprise, left_on__isnull=True).exists():
        raise MembershipError("statement", _("Your enterprise is a member of the FIC already."))
    try:
        with transaction.atomic():
            application = Application.objects.create(district_id=enterprise.district_id, enterprise=enterprise,
                                                     statement=clean, applicant=acting_user)
    except IntegrityError:
        raise MembershipError("statement", _("Your enterprise's application is waiting for the FIC's decision "
                                             "already.")) from None
    _audit(acting_user, application, f"{enterprise.name} 申请加入工商联", {"statement": clean[:100]},
           Action.CREATE)
    return application


@transaction.atomic
def decide_application(application: Any, *, acting_user: Any, approve: bool, reason: Any = "",
                       category: Any = None, joined_on: Any = None) -> Application:
    """Staff approve an application (the enterprise becomes a member in ``category`` from ``joined_on``,
    today by default) or refuse it with a reason; the enterprise's users are told either way. Errors: an
    application decided already, a refusal without a reason, an unknown category."""
    locked = _locked(acting_user, Application, application)
    if locked.status != Application.Status.PENDING:
        raise MembershipError("status", _("This application was decided already (%(status)s).")
                              % {"status": locked.get_status_display()})
    clean_reason = _text(reason, F("reason", _("Reason")), 500, required=not approve)
    name = locked.enterprise.name
    if approve:
        member = _join(locked.enterprise, locked.district_id, acting_user=acting_user,
                       category=_category(category, locked.district_id),
                       joined_on=_date(joined_on or local_today(), F("joined_on", _("Joined on"))), person={},
                       note=_("Application approved"))
        title = _("Your application to join the FIC was approved")
        body = _("%(name)s is a member of the FIC from %(date)s (%(category)s).") % {
            "name": name, "date": member.joined_on, "category": member.category.name}
    else:
        title = _("Your application to join the FIC was refused")
        body = _("Reason: %(reason)s") % {"reason": clean_reason}
    locked.status = Application.Status.APPROVED if approve else Application.Status.REFUSED
    locked.reason, locked.decided_by, locked.decided_at = clean_reason, acting_user, timezone.now()
    locked.save(update_fields=["status", "reason", "decided_by", "decided_at"])
    _tell_enterprise(locked.enterprise_id, kind="membership.decided", title=title, body=body)
    _audit(acting_user, locked, f"{'批准' if approve else '不予批准'} {name} 的入会申请",
           {"reason": clean_reason})
    return locked


# --- the executive committee -----------------------------------------------------------------------


@transaction.atomic
def save_term(*, acting_user: Any, number: Any, starts_on: Any, ends_on: Any) -> ExecutiveTerm:
    """A term (届) of the executive committee, or its dates corrected when the number exists. Errors: a
    number that is not a positive whole number, an end not after the start."""
    district_id = _district_of(acting_user)
    try:
        clean_number = int(number)
    except (TypeError, ValueError):
        clean_number = 0
    if not 1 <= clean_number <= 99:
        raise MembershipError("number", _("Term number: please give a whole number from 1 to 99."))
    start = _date(starts_on, F("starts_on", _("Term starts on")), not_future=False)
    end = _date(ends_on, F("ends_on", _("Term ends on")), not_future=False)
    if end <= start:
        raise MembershipError("ends_on", _("Term ends on: must be after the day the term starts."))
    term, created = ExecutiveTerm.objects.select_for_update().get_or_create(
        district_id=district_id, number=clean_number, defaults={"starts_on": start, "ends_on": end})
    if not created:
        term.starts_on, term.ends_on = start, end
        term.save(update_fields=["starts_on", "ends_on"])
    _audit(acting_user, term, f"执委会第 {clean_number} 届（{start} 至 {end}）",
           {}, Action.CREATE if created else Action.UPDATE)
    return term


@transaction.atomic
def seat_member(term: Any, *, acting_user: Any, member: Any, position: Any, sort_order: Any = 0) -> Seat:
    """``member`` sits on the term's committee in ``position`` (or changes position when seated already).
    Errors: a member of another district or a former member, an unknown position."""
    locked = _locked(acting_user, ExecutiveTerm, term)
    pk = getattr(member, "pk", member)
    found = (Member.objects.filter(pk=pk, district_id=locked.district_id, left_on__isnull=True).first()
             if str(pk).isdigit() else None)
    if found is None:
        raise MembershipError("member", _("Member: please choose a current member of your district."))
    clean_position = _choice(position, F("position", _("Position")), Seat.Position)
    try:
        clean_order = max(0, min(999, int(sort_order or 0)))
    except (TypeError, ValueError):
        clean_order = 0
    seat, _created = Seat.objects.update_or_create(term=locked, member=found, defaults={
        "position": clean_position, "sort_order": clean_order})
    _audit(acting_user, seat, f"第 {locked.number} 届执委会：{found.name} 任{seat.get_position_display()}",
           {"term": locked.pk}, Action.CREATE if _created else Action.UPDATE)
    return seat


@transaction.atomic
def unseat_member(seat: Any, *, acting_user: Any) -> None:
    """The seat removed from its term's committee (a member who stepped down)."""
    locked = _locked(acting_user, Seat, seat)
    summary = f"第 {locked.term.number} 届执委会：{locked.member.name} 不再任{locked.get_position_display()}"
    _audit(acting_user, locked, summary, {"term": locked.term_id}, Action.DELETE)
    locked.delete()


# --- dues ------------------------------------------------------------------------------------------


@transaction.atomic
def set_dues_rate(*, acting_user: Any, year: Any, category: Any, amount: Any) -> DuesRate:
    """The yearly dues of ``category`` in ``year`` (zero for a category that pays none). Invoices issued
    already keep their amount. Errors: a year outside 2000 – next year, a category not in use, a bad amount."""
    district_id = _district_of(acting_user)
    clean_year = _year(year, F("year", _("Year")))
    clean_category = _category(category, district_id)
    clean_amount = parse_yuan(amount, F("amount", _("Yearly dues (yuan)")), allow_zero=True)
    rate, created = DuesRate.objects.select_for_update().get_or_create(
        district_id=district_id, year=clean_year, category=clean_category, defaults={"amount": clean_amount})
    old = rate.amount
    if not created:
        rate.amount = clean_amount
        rate.save(update_fields=["amount"])
    _audit(acting_user, rate, f"{clean_year} 年「{clean_category.name}」会费标准 {clean_amount} 元",
           {"old": None if created else str(old)}, Action.CREATE if created else Action.UPDATE)
    return rate


def dues_for(rate: Decimal, joined_on: date, year: int) -> Decimal:
    """What a member who joined on ``joined_on`` owes for ``year`` at the yearly ``rate`` (the proration rule
    of the module's docstring: half from 1 July of the year they join)."""
    if joined_on.year == year and joined_on >= date(year, *HALF_YEAR_FROM):
        return (rate / 2).quantize(FEN, rounding=ROUND_HALF_UP)
    return rate


def _refresh_balance(member_id: int) -> None:
    """The member's outstanding balance and arrears flag recomputed from its invoices (called by every
    action that changes an invoice, in its transaction)."""
    totals = Invoice.objects.filter(member_id=member_id).aggregate(amount=Sum("amount"), paid=Sum("paid"),
                                                                   waived=Sum("waived"))
    outstanding = (totals["amount"] or 0) - (totals["paid"] or 0) - (totals["waived"] or 0)
    Member.objects.filter(pk=member_id).update(outstanding=outstanding, in_arrears=outstanding > 0)


@transaction.atomic
def issue_invoices(*, acting_user: Any, year: Any) -> int:
    """The year's invoices: one per member who is a member at some time in the year up to today and has
    none for that year yet, at their category's rate (prorated, :func:`dues_for`). Running it again issues
    only the missing ones (members who joined since); two staff running it at once make each invoice once
    (the year's rates are locked, and an invoice is unique per member and year). Returns how many were
    issued. Errors: a year after this one, a year whose rates are not all set."""
    district_id = _district_of(acting_user)
    clean_year = _year(year, F("year", _("Year")))
    today = local_today()
    if clean_year > today.year:
        raise MembershipError("year", _("Year: the year's invoices can be issued from 1 January of that year."))
    rates = {rate.category_id: rate.amount for rate in
             DuesRate.objects.select_for_update().filter(district_id=district_id, year=clean_year)}
    last_day = min(date(clean_year, 12, 31), today)
    members = list(Member.objects.filter(district_id=district_id, joined_on__lte=last_day)
                   .exclude(left_on__lt=date(clean_year, 1, 1))
                   .exclude(invoices__year=clean_year).select_related("category").order_by("pk"))
    missing = sorted({m.category.name for m in members if m.category_id not in rates})
    if missing:
        raise MembershipError("year", _("Year: set the %(year)s dues of these categories first: %(names)s.")
                              % {"year": clean_year, "names": "、".join(missing)})
    invoices = [Invoice(district_id=district_id, member=m, year=clean_year, category_id=m.category_id,
                        amount=dues_for(rates[m.category_id], m.joined_on, clean_year), issued_on=today,
                        issued_by=acting_user) for m in members]
    Invoice.objects.bulk_create(invoices, batch_size=500)
    # A new invoice adds its amount to what its member owed (no payment or waiver exists on it yet): one
    # UPDATE per distinct amount (a few: the categories' rates and their halves), relative to the stored
    # balance so that a payment recorded meanwhile on another invoice is not overwritten.
    owing: dict[Decimal, list[int]] = defaultdict(list)
    for invoice in invoices:
        if invoice.amount > 0:
            owing[invoice.amount].append(invoice.member_id)
    for amount, ids in owing.items():
        for start in range(0, len(ids), 500):
            Member.objects.filter(pk__in=ids[start:start + 500]).update(outstanding=Column("outstanding") + amount,
                                                                        in_arrears=True)
    record(Action.CREATE, actor=acting_user, object_type="membership.invoice", object_id=clean_year,
           object_label=f"{clean_year} 年会费通知",
           summary=f"开具 {clean_year} 年会费通知 {len(invoices)} 份（合计 "
                   f"{sum((i.amount for i in invoices), Decimal(0))} 元）",
           data={"year": clean_year, "issued": len(invoices)})
    return len(invoices)


def _receipt(value: Any) -> str:
    return _text(value, F("receipt_number", _("Receipt number")), 40, required=True)


@transaction.atomic
def record_payment(invoice: Any, *, acting_user: Any, amount: Any, paid_on: Any, method: Any,
                   receipt_number: Any, note: Any = "") -> Payment:
    """A payment made elsewhere against ``invoice`` (partial payments allowed). Errors: more than the
    invoice's balance, a date in the future or before the invoice's year, an unknown method, a receipt
    number the district has used already."""
    locked = _locked(acting_user, Invoice, invoice)
    clean_amount = parse_yuan(amount, F("amount", _("Amount (yuan)")))
    if clean_amount > locked.balance:
        raise MembershipError("amount", _("Amount (yuan): at most the balance of %(balance)s yuan.")
                              % {"balance": locked.balance})
    clean_date = _date(paid_on, F("paid_on", _("Paid on")))
    if clean_date.year < locked.year - 1:
        raise MembershipError("paid_on", _("Paid on: cannot be before the year before the invoice's year."))
    payment = Payment(district_id=locked.district_id, invoice=locked, amount=clean_amount, paid_on=clean_date,
                      method=_choice(method, F("method", _("Method")), Payment.Method),
                      receipt_number=_receipt(receipt_number), note=_text(note, F("note", _("Note")), 300),
                      recorded_by=acting_user)
    try:
        with transaction.atomic():
            payment.save()
    except IntegrityError:
        raise MembershipError("receipt_number", _("Receipt number: %(number)s was used for another payment "
                                                  "already.") % {"number": payment.receipt_number}) from None
    locked.paid += clean_amount
    locked.save(update_fields=["paid"])
    _refresh_balance(locked.member_id)
    _audit(acting_user, payment, f"收到「{locked.member.name}」{locked.year} 年会费 {clean_amount} 元"
                                 f"（收据 {payment.receipt_number}）", {"invoice": locked.pk}, Action.CREATE)
    return payment


@transaction.atomic
def waive_dues(invoice: Any, *, acting_user: Any, amount: Any, reason: Any) -> Invoice:
    """Part or all of an invoice's balance waived (减免: hardship, a member who left early), with a reason;
    the waived amount replaces an earlier waiver. Errors: more than the amount less what was paid, no reason."""
    locked = _locked(acting_user, Invoice, invoice)
    clean_amount = parse_yuan(amount, F("amount", _("Amount waived (yuan)")), allow_zero=True)
    if clean_amount > locked.amount - locked.paid:
        raise MembershipError("amount", _("Amount waived (yuan): at most what is not paid, %(left)s yuan.")
                              % {"left": locked.amount - locked.paid})
    clean_reason = _text(reason, F("reason", _("Reason")), 300, required=clean_amount > 0)
    old = locked.waived
    locked.waived, locked.waiver_reason = clean_amount, clean_reason
    locked.save(update_fields=["waived", "waiver_reason"])
    _refresh_balance(locked.member_id)
    _audit(acting_user, locked, f"减免「{locked.member.name}」{locked.year} 年会费 {clean_amount} 元：{clean_reason}",
           {"old": str(old)})
    return locked


@transaction.atomic
def remind_member(member: Any, *, acting_user: Any) -> int:
    """A reminder of the member's arrears to its enterprise's users (an individual member is reminded by
    staff in person: the reminder is recorded all the same). At most once a week per member. Returns how
    many users were told. Errors: no arrears, reminded less than a week ago."""
    locked = _locked(acting_user, Member, member)
    if not locked.in_arrears:
        raise MembershipError("member", _("%(name)s owes no dues.") % {"name": locked.name})
    now = timezone.now()
    if locked.reminded_at and now - locked.reminded_at < REMINDER_INTERVAL:
        raise MembershipError("member", _("%(name)s was reminded on %(day)s; remind at most once a week.")
                              % {"name": locked.name, "day": timezone.localdate(locked.reminded_at)})
    years = [i.year for i in locked.invoices.order_by("year") if i.balance > 0]
    users = _enterprise_users(locked.enterprise_id) if locked.enterprise_id else []
    notify(users, kind="membership.arrears", title=_("Reminder: FIC membership dues outstanding"),
           body=_("Your enterprise owes %(amount)s yuan of FIC membership dues. Please pay the FIC office "
                  "(cash or bank transfer) and keep the receipt.") % {"amount": locked.outstanding},
           url=reverse("membership:our_membership"))
    locked.reminded_at = now
    locked.save(update_fields=["reminded_at"])
    _audit(acting_user, locked, f"催缴会员「{locked.name}」欠缴会费 {locked.outstanding} 元",
           {"years": years, "told": len(users)})
    return len(users)
