"""Every change of partners, visits, leads, follow-ups and stages (政会商企).

One function per use case, each in one transaction. A lead's stage moves only through :func:`move_lead`,
which locks the lead row (select_for_update), checks the move against :data:`MOVES` (the stage table as
data), writes the new stage and one StageChange per step, so that two staff moving the same lead at once
make one move and the second gets a message, never a second StageChange.

Refusals raise :class:`InvestmentError` with the field it concerns (or ``"stage"`` for a move the
lead's stage refuses) and a message for a person that names the field and the rule. Only FIC staff of
the row's district change anything; rows of another district raise Http404 (kaopu.core.access).

Amounts are in 万元 as Decimal with at most four decimal places (to the yuan). :func:`parse_amount`
normalises full-width digits (１２３ → 123), thousands separators and a trailing 万/万元, and refuses
anything else: exponents ("1e9"), zero, negatives, more than four decimals, and more than 1,000,000
万元 (100 billion yuan: a unit mistake, not an investment a district attracts).

Moving from 洽谈 straight to 落地 is allowed only as "sign and land in one step": the signed amount and
date are then required too, and two StageChanges are written (洽谈→签约, 签约→落地), so the figures count
the signing as well.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import partial
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from kaopu.accounts.models import User
from kaopu.accounts.roles import Role
from kaopu.audit.log import record
from kaopu.audit.models import Action
from kaopu.core import access, money
from kaopu.core.errors import ActionRefused
from kaopu.core.workdays import local_today
from kaopu.directory.models import Enterprise, IndustrySection
from kaopu.investment.models import FollowUp, Lead, Partner, StageChange, Visit
from kaopu.notifications.actions import notify

S = Lead.Stage
OPEN_STAGES = (S.NEGOTIATING, S.SIGNED)
MAX_AMOUNT = money.WAN_MAX  # 万元: 100 billion yuan
MAX_AREA = Decimal("9999999")


@dataclass(frozen=True)
class F:
    """A field of an action's input: its name (for the API's errors) and its label (for the message)."""

    name: str
    label: Any


class InvestmentError(ActionRefused):
    """A refused investment action: ``field`` names the input (or "stage"), ``message`` is for a person."""


@dataclass(frozen=True)
class Move:
    """One allowed stage move: from which stages, to which stage."""

    sources: tuple[str, ...]
    target: str


# The stage table: the name of a move → where it may start and where it ends. Everything else is refused.
MOVES: dict[str, Move] = {
    "sign": Move((S.NEGOTIATING,), S.SIGNED),
    "land": Move((S.NEGOTIATING, S.SIGNED), S.LANDED),  # from 洽谈 only with the signing in the same step
    "terminate": Move((S.NEGOTIATING, S.SIGNED), S.TERMINATED),
    "reopen": Move((S.TERMINATED,), S.NEGOTIATING),
}


# --- input ----------------------------------------------------------------------------------------

def _number(read: Any, value: Any, field: F, **options: Any) -> Any:
    """``read`` (a reader of kaopu.core.money) of ``value``, its refusal as InvestmentError on ``field``."""
    try:
        return read(value, field.label, **options)
    except money.NumberError as error:
        raise InvestmentError(field.name, error.message) from None


def parse_amount(value: Any, field: F, *, required: bool = True) -> Decimal | None:
    """An amount in 万元 from text or a number (kaopu.core.money.amount_in_wan), or InvestmentError
    naming ``field`` and the rule."""
    return _number(money.amount_in_wan, value, field, required=required, maximum=MAX_AMOUNT)


def _area(value: Any, field: F) -> Decimal | None:
    area = _number(money.read_decimal, value, field, required=False)
    if area is None:
        return None
    if area <= 0 or area > MAX_AREA:
        raise InvestmentError(
            field.name, _("%(field)s: must be more than 0 and at most 9,999,999.") % {"field": field.label}
        )
    if money.decimal_places(area) > 2:
        raise InvestmentError(field.name, _("%(field)s: at most 2 decimal places.") % {"field": field.label})
    return area.quantize(Decimal("0.01"))


def _text(value: Any, field: F, max_length: int, *, required: bool = False) -> str:
    if value is not None and not isinstance(value, str):
        raise InvestmentError(field.name, _("%(field)s: please write text.") % {"field": field.label})
    text = (value or "").strip()
    if "\x00" in text:
        raise InvestmentError(
            field.name, _("%(field)s: contains a character that text may not contain.") % {"field": field.label}
        )
    if required and not text:
        raise InvestmentError(field.name, _("%(field)s: this field is required.") % {"field": field.label})
    if len(text) > max_length:
        raise InvestmentError(
            field.name,
            _("%(field)s: at most %(max)s characters (now %(n)s).")
            % {"field": field.label, "max": max_length, "n": len(text)},
        )
    return text


def _date(value: Any, field: F, *, required: bool = True, not_future: bool = False) -> date | None:
    if value is None or value == "":
        if required:
            raise InvestmentError(field.name, _("%(field)s: this field is required.") % {"field": field.label})
        return None
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value.strip())
        except ValueError:
            raise InvestmentError(
                field.name, _("%(field)s: please give a date written YYYY-MM-DD.") % {"field": field.label}
            ) from None
    if not isinstance(value, date):
        raise InvestmentError(
            field.name, _("%(field)s: please give a date written YYYY-MM-DD.") % {"field": field.label}
        )
    if not_future and value > local_today():
        raise InvestmentError(field.name, _("%(field)s: cannot be in the future.") % {"field": field.label})
    return value


def _choice(value: Any, field: F, choices: Any) -> str:
    if value not in choices.values:
        raise InvestmentError(field.name, _("%(field)s: please choose one of the list.") % {"field": field.label})
    return str(value)


# --- who and where ------------------------------------------------------------------------------------


def _staff_only(user: Any) -> None:
    if getattr(user, "role", None) != Role.FIC_STAFF:
        raise InvestmentError("user", _("Only FIC staff of the district may change investment records."))


def _district_of(user: Any) -> int:
    _staff_only(user)
    if not user.district_id:
        raise InvestmentError(
            "district", _("District: investment records belong to a district; city-level accounts may read them only.")
        )
    return int(user.district_id)


def _locked(user: Any, model: Any, pk: Any) -> Any:
    _staff_only(user)
    return access.get_object_for_user(user, model.objects.select_for_update(), getattr(pk, "pk", pk), "change")


def _industry(value: Any) -> IndustrySection:
    code = getattr(value, "pk", value)
    found = IndustrySection.objects.filter(pk=code).first() if isinstance(code, str) and code else None
    if found is None:
        raise InvestmentError("industry", _("Industry: please choose a section of GB/T 4754 (A–T)."))
    return found


def _partner(value: Any, district_id: int) -> Partner | None:
    if value in (None, ""):
        return None
    pk = getattr(value, "pk", value)
    found = Partner.objects.filter(pk=pk, district_id=district_id).first() if str(pk).isdigit() else None
    if found is None:
        raise InvestmentError("source_partner", _("Source partner: please choose a partner of your district."))
    return found


def _visit(value: Any, district_id: int) -> Visit | None:
    if value in (None, ""):
        return None
    pk = getattr(value, "pk", value)
    found = Visit.objects.filter(pk=pk, district_id=district_id).first() if str(pk).isdigit() else None
    if found is None:
        raise InvestmentError("source_visit", _("Source visit: please choose a visit of your district."))
    return found


def _owner(value: Any, district_id: int) -> User:
    pk = getattr(value, "pk", value)
    found = (
        User.objects.filter(pk=pk, role=Role.FIC_STAFF, is_active=True, organisation__district_id=district_id).first()
        if str(pk).isdigit()
        else None
    )
    if found is None:
        raise InvestmentError("owner", _("Owner: please choose an FIC staff member of the lead's district."))
    return found


def _enterprises(values: Any, district_id: int) -> list[Enterprise]:
    ids = [getattr(v, "pk", v) for v in values or []]
    if not all(str(pk).isdigit() for pk in ids):
        raise InvestmentError("local_enterprises", _("Local enterprises: please choose enterprises of your district."))
    found = list(Enterprise.objects.filter(pk__in=ids, district_id=district_id))
    if len(found) != len(set(ids)):
        raise InvestmentError("local_enterprises", _("Local enterprises: please choose enterprises of your district."))
    return found


def _audit(
    user: Any, target: Any, summary: str, data: dict[str, Any] | None = None, action: Action = Action.UPDATE
) -> None:
    record(action, actor=user, target=target, summary=summary, data=data or {})


def _changed(row: Any, clean: dict[str, Any]) -> dict[str, list[str]]:
    """The fields ``clean`` changes on ``row``, old and new value as text (an update's audit data)."""
    return {name: [str(getattr(row, name)), str(value)] for name, value in clean.items()
            if getattr(row, name) != value}


# --- partners -----------------------------------------------------------------------------------------


def _clean_partner(values: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": _text(values.get("name"), F("name", _("Name")), 100, required=True),
        "kind": _choice(values.get("kind"), F("kind", _("Kind")), Partner.Kind),
        "region": _text(values.get("region"), F("region", _("Region")), 50, required=True),
        "contact_name": _text(values.get("contact_name"), F("contact_name", _("Contact person")), 50),
        "contact_phone": _text(values.get("contact_phone"), F("contact_phone", _("Contact phone")), 30),
        "agreement_on": _date(
            values.get("agreement_on"),
            F("agreement_on", _("Cooperation agreement signed on")),
            required=False,
            not_future=True,
        ),
        "note": _text(values.get("note"), F("note", _("Note")), 2000),
        "is_active": bool(values.get("is_active", True)),
    }


def _save_unique(obj: Any, **kwargs: Any) -> None:
    try:
        with transaction.atomic():
            obj.save(**kwargs)
    except IntegrityError:
        raise InvestmentError("name", _("Name: your district already has a partner of this name.")) from None


@transaction.atomic
def create_partner(*, acting_user: Any, **values: Any) -> Partner:
    """A partner organisation of the staff member's district. Errors: a missing or too long field, an
    unknown kind, an agreement date in the future, a name the district already has."""
    district_id = _district_of(acting_user)
    partner = Partner(district_id=district_id, **_clean_partner(values))
    _save_unique(partner)
    _audit(acting_user, partner, f"新增合作伙伴 {partner.name}（{partner.region}）", {"kind": partner.kind},
           Action.CREATE)
    return partner


@transaction.atomic
def update_partner(partner: Any, *, acting_user: Any, **values: Any) -> Partner:
    """The partner's fields replaced (all given); the same rules as :func:`create_partner`."""
    locked = _locked(acting_user, Partner, partner)
    clean = _clean_partner(values)
    changed = _changed(locked, clean)
    for name, value in clean.items():
        setattr(locked, name, value)
    _save_unique(locked)
    _audit(acting_user, locked, f"修改合作伙伴 {locked.name}", {"changed": changed})
    return locked


# --- visits -------------------------------------------------------------------------------------------


def _clean_visit(values: dict[str, Any], district_id: int) -> dict[str, Any]:
    return {
        "direction": _choice(
            values.get("direction") or Visit.Direction.INCOMING, F("direction", _("Direction")), Visit.Direction
        ),
        "partner": _partner(values.get("partner"), district_id),
        "title": _text(values.get("title"), F("title", _("Title")), 100, required=True),
        "visited_on": _date(values.get("visited_on"), F("visited_on", _("Date"))),
        "place": _text(values.get("place"), F("place", _("Place")), 200),
        "members": _text(values.get("members"), F("members", _("Delegation members")), 3000, required=True),
        "visiting_enterprises": _text(
            values.get("visiting_enterprises"), F("visiting_enterprises", _("Enterprises in the delegation")), 3000
        ),
        "topics": _text(values.get("topics"), F("topics", _("Topics")), 3000, required=True),
        "summary": _text(values.get("summary"), F("summary", pgettext("visit", "Outcome")), 5000),
    }


@transaction.atomic
def create_visit(*, acting_user: Any, local_enterprises: Any = (), **values: Any) -> Visit:
    """A delegation visit of the staff member's district (a planned one may have a future date).
    Errors: a missing field, a partner or local enterprise of another district."""
    district_id = _district_of(acting_user)
    try:
        clean = _clean_visit(values, district_id)
    except InvestmentError as error:
        raise InvestmentError("partner" if error.field == "source_partner" else error.field, error.message) from None
    enterprises = _enterprises(local_enterprises, district_id)
    visit = Visit.objects.create(district_id=district_id, created_by=acting_user, **clean)
    visit.local_enterprises.set(enterprises)
    _audit(acting_user, visit, f"新增考察来访「{visit.title}」（{visit.visited_on}）",
           {"partner": visit.partner_id, "local_enterprises": [e.pk for e in enterprises]}, Action.CREATE)
    return visit


@transaction.atomic
def update_visit(visit: Any, *, acting_user: Any, local_enterprises: Any = None, **values: Any) -> Visit:
    """The visit's fields replaced; the local enterprises too when given."""
    locked = _locked(acting_user, Visit, visit)
    try:
        clean = _clean_visit(values, locked.district_id)
    except InvestmentError as error:
        raise InvestmentError("partner" if error.field == "source_partner" else error.field, error.message) from None
    changed = _changed(locked, clean)
    for name, value in clean.items():
        setattr(locked, name, value)
    locked.save()
    if local_enterprises is not None:
        chosen = _enterprises(local_enterprises, locked.district_id)
        locked.local_enterprises.set(chosen)
        changed["local_enterprises"] = [e.pk for e in chosen]
    _audit(acting_user, locked, f"修改考察来访「{locked.title}」（{locked.visited_on}）", {"changed": changed})
    return locked


# --- leads --------------------------------------------------------------------------------------------


def _clean_lead(values: dict[str, Any], district_id: int) -> dict[str, Any]:
    clean = {
        "kind": _choice(values.get("kind") or Lead.Kind.ENTERPRISE, F("kind", _("Kind")), Lead.Kind),
        "name": _text(values.get("name"), F("name", _("Enterprise or project")), 200, required=True),
        "investor": _text(values.get("investor"), F("investor", _("Investor")), 200),
        "industry": _industry(values.get("industry")),
        "description": _text(values.get("description"), F("description", _("Description")), 5000),
        "intended_amount": parse_amount(
            values.get("intended_amount"), F("intended_amount", _("Intended investment (10k yuan)"))
        ),
        "land_area_mu": _area(values.get("land_area_mu"), F("land_area_mu", _("Land needed (mu)"))),
        "floor_area_m2": _area(values.get("floor_area_m2"), F("floor_area_m2", _("Floor space needed (m²)"))),
        "space_note": _text(values.get("space_note"), F("space_note", _("Space needs")), 300),
        "contact_name": _text(values.get("contact_name"), F("contact_name", _("Contact person")), 50),
        "contact_phone": _text(values.get("contact_phone"), F("contact_phone", _("Contact phone")), 30),
        "source_visit": _visit(values.get("source_visit"), district_id),
        "source_partner": _partner(values.get("source_partner"), district_id),
    }
    visit = clean["source_visit"]
    if visit is not None:
        if clean["source_partner"] is None:
            clean["source_partner"] = visit.partner
        elif visit.partner_id and visit.partner_id != clean["source_partner"].pk:
            raise InvestmentError(
                "source_partner",
                _("Source partner: the source visit was with %(partner)s; choose that partner or none.")
                % {"partner": visit.partner},
            )
    return clean


@transaction.atomic
def create_lead(*, acting_user: Any, owner: Any = None, **values: Any) -> Lead:
    """A lead in 洽谈 of the staff member's district, from a visit, a partner or neither; the owner is
    the acting staff member unless another staff member of the district is named. Writes the first
    StageChange (→ 洽谈). Errors: a missing field, a bad amount or area, a visit, partner or owner of
    another district, a visit and a partner that disagree."""
    district_id = _district_of(acting_user)
    clean = _clean_lead(values, district_id)
    owner_user = _owner(owner, district_id) if owner not in (None, "") else acting_user
    lead = Lead.objects.create(district_id=district_id, owner=owner_user, created_by=acting_user, **clean)
    StageChange.objects.create(
        lead=lead,
        from_stage="",
        to_stage=S.NEGOTIATING,
        amount=lead.intended_amount,
        happened_on=local_today(),
        actor=acting_user,
    )
    _audit(acting_user, lead, f"新增招商线索「{lead.name}」（意向 {lead.intended_amount:,.2f} 万元）",
           {"owner": owner_user.pk, "intended_amount": str(lead.intended_amount)}, Action.CREATE)
    return lead


@transaction.atomic
def update_lead(lead: Any, *, acting_user: Any, **values: Any) -> Lead:
    """The lead's facts replaced (not its stage, amounts at stages or owner: those have their own actions)."""
    locked = _locked(acting_user, Lead, lead)
    clean = _clean_lead(values, locked.district_id)
    changed = _changed(locked, clean)
    for name, value in clean.items():
        setattr(locked, name, value)
    locked.save()
    _audit(acting_user, locked, f"修改招商线索「{locked.name}」", {"changed": changed})
    return locked


@transaction.atomic
def change_owner(lead: Any, *, acting_user: Any, owner: Any) -> Lead:
    """Hand the lead to another FIC staff member of its district; audited, and the new owner is told."""
    locked = _locked(acting_user, Lead, lead)
    new_owner = _owner(owner, locked.district_id)
    if new_owner.pk == locked.owner_id:
        return locked
    previous = locked.owner_id
    locked.owner = new_owner
    locked.save(update_fields=["owner", "updated_at"])
    _audit(
        acting_user,
        locked,
        _("Lead “%(name)s” handed to %(owner)s") % {"name": locked.name, "owner": new_owner.name or new_owner.username},
        {"from_owner": previous, "to_owner": new_owner.pk},
    )
    if new_owner.pk != acting_user.pk:
        transaction.on_commit(
            partial(
                notify,
                [new_owner],
                kind="investment.owner",
                title=_("You now follow the investment lead “%(name)s”") % {"name": locked.name},
                url=reverse("investment:lead_detail", args=[locked.pk]),
            ),
            robust=True,
        )
    return locked


@transaction.atomic
def record_follow_up(
    lead: Any,
    *,
    acting_user: Any,
    happened_on: Any,
    method: Any,
    note: Any,
    next_step: Any = "",
    next_step_on: Any = None,
) -> FollowUp:
    """A contact with the lead's investor; its next step (or none) becomes the lead's next step.
    Errors: a date in the future, a next step due before the contact, a due date without a next step,
    a terminated lead (reopen it first)."""
    locked = _locked(acting_user, Lead, lead)
    if locked.stage == S.TERMINATED:
        raise InvestmentError("stage", _("This lead is terminated: reopen it before recording a follow-up."))
    day = _date(happened_on, F("happened_on", _("Date")), not_future=True)
    step = _text(next_step, F("next_step", _("Next step")), 200)
    step_on = _date(next_step_on, F("next_step_on", _("Next step due")), required=False)
    if step_on and not step:
        raise InvestmentError("next_step", _("Next step: say what is to be done by the due date."))
    if step_on and day and step_on < day:
        raise InvestmentError("next_step_on", _("Next step due: cannot be before the follow-up's date."))
    follow_up = FollowUp.objects.create(
        lead=locked,
        happened_on=day,
        method=_choice(method, F("method", _("How")), FollowUp.Method),
        note=_text(note, F("note", _("What happened")), 3000, required=True),
        next_step=step,
        next_step_on=step_on,
        created_by=acting_user,
    )
    locked.next_step, locked.next_step_on = step, step_on
    locked.save(update_fields=["next_step", "next_step_on", "updated_at"])
    _audit(acting_user, follow_up, f"记录招商线索「{locked.name}」的跟进（{day}）",
           {"lead": locked.pk, "method": follow_up.method, "next_step_on": step_on}, Action.CREATE)
    return follow_up


# --- stage moves --------------------------------------------------------------------------------------


def _stage_label(stage: str) -> str:
    return str(S(stage).label)


def _refuse(lead: Lead, name: str) -> None:
    move = MOVES[name]
    if lead.stage not in move.sources:
        raise InvestmentError(
            "stage",
            _("This lead is at the stage “%(stage)s”: it cannot move to “%(target)s”.")
            % {"stage": _stage_label(lead.stage), "target": _stage_label(move.target)},
        )


def _step(lead: Lead, user: Any, to_stage: str, day: date, amount: Decimal | None = None, note: str = "") -> None:
    StageChange.objects.create(
        lead=lead, from_stage=lead.stage, to_stage=to_stage, amount=amount, happened_on=day, note=note, actor=user
    )
    lead.stage = to_stage


def _sign(
    lead: Lead, user: Any, amount: Any, on: Any, note: str, amount_name: str = "amount", date_name: str = "on"
) -> None:
    signed_amount = parse_amount(amount, F(amount_name, _("Signed investment (10k yuan)")))
    signed_on = _date(on, F(date_name, _("Signed on")), not_future=True)
    lead.signed_amount, lead.signed_on = signed_amount, signed_on
    _step(lead, user, S.SIGNED, signed_on, signed_amount, note)  # type: ignore[arg-type]


@transaction.atomic
def move_lead(
    lead: Any,
    *,
    acting_user: Any,
    move: str,
    amount: Any = None,
    on: Any = None,
    signed_amount: Any = None,
    signed_on: Any = None,
    enterprise: Any = None,
    reason: Any = "",
    note: Any = "",
) -> Lead:
    """Move the lead along :data:`MOVES` under its row lock, writing a StageChange per step.

    - ``sign`` (洽谈→签约): ``amount`` > 0 and ``on`` not in the future.
    - ``land`` (签约→落地): ``amount`` > 0, ``on`` not in the future nor before the signing, and
      optionally the registered ``enterprise`` (a directory enterprise of the lead's district). From
      洽谈, ``signed_amount`` and ``signed_on`` are required too: sign and land in one step.
    - ``terminate`` (洽谈/签约→终止): ``reason`` from Lead.EndReason and an explanation in ``note``.
    - ``reopen`` (终止→洽谈): a ``note`` saying why; the signing of before is cleared (it is in the history).

    Errors: an unknown move, a move the stage refuses (field "stage"), bad amounts and dates."""
    if move not in MOVES:
        raise InvestmentError("move", _("Move: please choose sign, land, terminate or reopen."))
    locked = _locked(acting_user, Lead, lead)
    _refuse(locked, move)
    before = locked.stage
    text = _text(note, F("note", _("Note")), 500)
    today = local_today()
    if move == "sign":
        _sign(locked, acting_user, amount, on, text)
    elif move == "land":
        if locked.stage == S.NEGOTIATING:
            if signed_amount in (None, "") and signed_on in (None, ""):
                raise InvestmentError(
                    "signed_amount",
                    _(
                        "Signed investment (10k yuan): a lead in negotiation is "
                        "signed before it lands; give the signed amount and date "
                        "to record both in one step."
                    ),
                )
            _sign(locked, acting_user, signed_amount, signed_on, text, "signed_amount", "signed_on")
        landed_amount = parse_amount(amount, F("amount", _("Landed investment (10k yuan)")))
        landed_on = _date(on, F("on", _("Landed on")), not_future=True)
        if locked.signed_on and landed_on < locked.signed_on:  # type: ignore[operator]
            raise InvestmentError(
                "on", _("Landed on: cannot be before the signing (%(date)s).") % {"date": locked.signed_on.isoformat()}
            )
        if enterprise not in (None, ""):
            pk = getattr(enterprise, "pk", enterprise)
            found = (
                Enterprise.objects.filter(pk=pk, district_id=locked.district_id).first() if str(pk).isdigit() else None
            )
            if found is None:
                raise InvestmentError(
                    "enterprise", _("Registered enterprise: please choose an enterprise of the district's directory.")
                )
            locked.landed_enterprise = found
        locked.landed_amount, locked.landed_on = landed_amount, landed_on
        _step(locked, acting_user, S.LANDED, landed_on, landed_amount, text)  # type: ignore[arg-type]
        locked.next_step, locked.next_step_on = "", None
    elif move == "terminate":
        locked.end_reason = _choice(reason, F("reason", _("Reason for ending")), Lead.EndReason)
        locked.end_note = _text(note, F("note", _("Explanation")), 500, required=True)
        locked.ended_on = today
        _step(locked, acting_user, S.TERMINATED, today, None, locked.end_note)
        locked.next_step, locked.next_step_on = "", None
    else:  # reopen
        text = _text(note, F("note", _("Note")), 500, required=True)
        _step(locked, acting_user, S.NEGOTIATING, today, None, text)
        locked.end_reason, locked.end_note, locked.ended_on = "", "", None
        locked.signed_amount, locked.signed_on = None, None
    locked.save()
    with translation.override("zh-hans"):  # the audit log reads the same whatever the user's language
        moved = f"{_stage_label(before)} → {_stage_label(locked.stage)}"
    _audit(acting_user, locked, f"招商线索「{locked.name}」：{moved}",
           {"move": move, "from": before, "to": locked.stage})
    return locked


# --- next-step reminders (kaopu.investment.tasks) -----------------------------------------------------


def remind_next_step(lead_id: int, today: date) -> bool:
    """Tell the owner of an open lead that its next step is due (today or missed), once per due date:
    ``reminded_for`` is set to the due date under the lead's lock. True when a reminder was sent."""
    with transaction.atomic():
        lead = (
            Lead.objects.select_for_update()
            .select_related("owner")
            .filter(pk=lead_id, stage__in=OPEN_STAGES, next_step_on__lte=today)
            .first()
        )
        if lead is None or lead.reminded_for == lead.next_step_on:
            return False
        lead.reminded_for = lead.next_step_on
        lead.save(update_fields=["reminded_for"])
        notify(
            [lead.owner],
            kind="investment.next_step",
            title=_("Investment lead “%(name)s”: next step due %(date)s")
            % {"name": lead.name, "date": lead.next_step_on.isoformat()},  # type: ignore[union-attr]
            body=lead.next_step,
            url=reverse("investment:lead_detail", args=[lead.pk]),
        )
    return True


def find_enterprise(text: str, district_id: int, field: F) -> Enterprise:
    """The directory enterprise of the district named by ``text``: its unified social credit code (any
    case, full-width allowed) or its exact name. For the pages, where staff type rather than pick an id."""
    wanted = unicodedata.normalize("NFKC", text or "").strip()
    found = (
        Enterprise.objects.filter(district_id=district_id, credit_code=wanted.upper()).first()
        or Enterprise.objects.filter(district_id=district_id, name=wanted).order_by("id").first()
    )
    if found is None:
        raise InvestmentError(
            field.name,
            _("%(field)s: no enterprise of the district's directory is named “%(text)s” or has that credit code.")
            % {"field": field.label, "text": wanted},
        )
    return found
