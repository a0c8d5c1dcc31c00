"""Every change of donations, their evidence, the donation categories and honours (光彩事业与荣誉).

One function per use case, each in one transaction that locks the row it changes through the access rule
(kaopu.giving.permissions: another enterprise's, chamber's or district's row raises Http404, as a guessed
id must) and appends an audit entry naming the donation or honour in words. Refusals raise
:class:`GivingError` with the field it concerns and a message that names the field and the rule.

A donation's states, as data (``MOVES``): an enterprise user (for their enterprise or one of its people)
or a chamber officer (for their chamber) reports it → staff confirm it, or return it with a reason → the
reporter edits it, which sends it back for confirmation. Staff-entered donations are confirmed at once;
staff may correct a confirmed one, the audit entry saying each changed field before and after. Confirming
and returning lock the row: of two staff acting at once, the second sees the first's decision and is
refused; a reporter's edit racing a confirmation either lands first (and is what is confirmed) or is
refused (the donation is no longer editable by them). The reporter is notified of either decision.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from kaopu.accounts.roles import Role
from kaopu.appeals.attachments import KINDS, clean_name, problems
from kaopu.audit.log import record
from kaopu.audit.models import Action
from kaopu.chambers.models import Chamber
from kaopu.chambers.permissions import officer_chamber
from kaopu.core import access
from kaopu.core.errors import ActionRefused
from kaopu.core.inputs import Inputs, save_choice
from kaopu.core.money import NumberError, decimal_places, read_decimal
from kaopu.core.stored_files import delete_after_commit, written
from kaopu.core.workdays import local_today
from kaopu.directory.models import Enterprise
from kaopu.giving.models import Category, Donation, DonationEvidence, DonorKind, HolderKind, Honour
from kaopu.notifications.actions import notify
from kaopu.publicity import images

MAX_AMOUNT = Decimal("100000000000")  # 1000亿元: more is a unit mistake
MAX_EVIDENCE = 10  # per donation
FIRST_YEAR = 1990
S = Donation.State


class GivingError(ActionRefused):
    """A refused change: ``field`` names the input (or "state"), ``message`` is for a person."""


@dataclass(frozen=True)
class Move:
    source: str
    target: str
    words: str  # the audit's verb


# The donation's state table: staff decide on a reported donation; the reporter's edit resubmits a returned one.
MOVES: dict[str, Move] = {
    "confirm": Move(S.REPORTED, S.CONFIRMED, "确认"),
    "return": Move(S.REPORTED, S.RETURNED, "退回"),
    "resubmit": Move(S.RETURNED, S.REPORTED, "修改后重新报送"),
}


# --- input ----------------------------------------------------------------------------------------------

_read = Inputs(GivingError)
_refuse = _read.refuse
_text = _read.text


def _day(value: Any, field: str, label: Any) -> date:
    """A date from a date or ISO text, between 1990 and today (a donation is recorded once it is made)."""
    value = _read.day(value, field, label)
    assert value is not None
    if not date(FIRST_YEAR, 1, 1) <= value <= local_today():
        raise _refuse(field, label, _("must lie between %(first)s and today.") % {"first": FIRST_YEAR})
    return value


def _amount(value: Any, field: str, label: Any) -> Decimal:
    """Yuan, 0 or more, to the fen; empty is 0."""
    try:
        number = read_decimal(value, str(label), required=False, suffixes=("元",))
    except NumberError as error:
        raise GivingError(field, error.message) from None
    if number is None:
        return Decimal("0.00")
    if number < 0:
        raise _refuse(field, label, _("may not be negative."))
    if number > MAX_AMOUNT:
        raise _refuse(field, label, _("at most 100 billion yuan; is the unit yuan?"))
    if decimal_places(number) > 2:
        raise _refuse(field, label, _("at most two decimal places (to the fen)."))
    return number.quantize(Decimal("0.01"))


def _category(value: Any, current: Category | None) -> Category:
    pk = getattr(value, "pk", value)
    found = Category.objects.filter(pk=pk).first() if str(pk).isdigit() else None
    # A retired category stays on the donations that have it, but no new donation takes it.
    if found is None or not (found.is_active or found == current):
        raise _refuse("category", pgettext("giving", "Category"), _("please choose one of the list."))
    return found


def _clean(values: dict[str, Any], current: Donation | None = None) -> dict[str, Any]:
    clean = {
        "donated_on": _day(values.get("donated_on"), "donated_on", _("Donation date")),
        "category": _category(values.get("category"), current.category if current else None),
        "money": _amount(values.get("money"), "money", _("Money (yuan)")),
        "goods_value": _amount(values.get("goods_value"), "goods_value", _("Value of goods (yuan)")),
        "goods": _text(values.get("goods"), "goods", _("Goods given"), 200),
        "recipient": _text(values.get("recipient"), "recipient", _("Recipient"), 100, required=True),
        "project": _text(values.get("project"), "project", _("Project"), 100),
        "note": _text(values.get("note"), "note", pgettext("giving", "Note"), 2000),
    }
    if clean["money"] == 0 and clean["goods_value"] == 0:
        raise _refuse("money", _("Money (yuan)"), _("a donation gives money or goods: at least one of the money "
                                                   "and the value of goods must be more than 0."))
    if clean["goods_value"] > 0 and not clean["goods"]:
        raise _refuse("goods", _("Goods given"), _("say what goods were given when they have a value."))
    return clean


# --- who gives --------------------------------------------------------------------------------------------

def _district_enterprise(user: Any, value: Any, *, required: bool) -> Enterprise | None:
    pk = getattr(value, "pk", value)
    if pk in (None, ""):
        if required:
            raise _refuse("enterprise", _("Enterprise"), _("this field is required."))
        return None
    found = (Enterprise.objects.filter(pk=pk, district_id=user.district_id).first()
             if str(pk).isdigit() else None)
    if found is None:
        raise _refuse("enterprise", _("Enterprise"), _("please choose an enterprise of your district."))
    return found


def _district_chamber(user: Any, value: Any) -> Chamber:
    pk = getattr(value, "pk", value)
    found = Chamber.objects.filter(pk=pk, district_id=user.district_id).first() if str(pk).isdigit() else None
    if found is None:
        raise _refuse("chamber", _("Chamber"), _("please choose a chamber of your district."))
    return found


def _donor(user: Any, values: dict[str, Any], *, allow_fic: bool = False) -> dict[str, Any]:
    """The donor (or holder) columns and the district, by who records: staff name any donor of their
    district; an enterprise user their enterprise or one of its people; an officer their chamber."""
    kinds = HolderKind.values if allow_fic else DonorKind.values
    kind = values.get("kind") or ""
    role = getattr(user, "role", None)
    if role == Role.CHAMBER_OFFICER:
        own = officer_chamber(user)
        if own is None:
            raise GivingError("chamber", _("Donor: your chamber is not recorded yet; the FIC's staff record it first."))
        return {"district_id": own.district_id, "kind": DonorKind.CHAMBER, "chamber": own, "enterprise": None,
                "person_name": ""}
    if role == Role.ENTERPRISE_USER:
        if kind not in (DonorKind.ENTERPRISE, DonorKind.PERSON):
            kind = DonorKind.ENTERPRISE
        enterprise = Enterprise.objects.filter(pk=user.enterprise_id).first()
        if enterprise is None:
            raise GivingError("enterprise", _("Donor: your account belongs to no enterprise."))
        name = _text(values.get("person_name"), "person_name", _("Person's name"), 50,
                     required=kind == DonorKind.PERSON) if kind == DonorKind.PERSON else ""
        return {"district_id": enterprise.district_id, "kind": kind, "enterprise": enterprise, "chamber": None,
                "person_name": name}
    if role != Role.FIC_STAFF:
        raise GivingError("user", _("Only FIC staff, enterprises and chamber officers record donations."))
    if not user.district_id:
        raise GivingError("district", _("District: donations and honours belong to a district; city-level "
                                        "accounts read them only."))
    if kind not in kinds:
        raise _refuse("kind", _("Donor kind"), _("please choose one of the list."))
    donor: dict[str, Any] = {"district_id": user.district_id, "kind": kind, "enterprise": None, "chamber": None,
                             "person_name": ""}
    if kind == DonorKind.ENTERPRISE:
        donor["enterprise"] = _district_enterprise(user, values.get("enterprise"), required=True)
    elif kind == DonorKind.PERSON:
        donor["person_name"] = _text(values.get("person_name"), "person_name", _("Person's name"), 50,
                                     required=True)
        donor["enterprise"] = _district_enterprise(user, values.get("enterprise"), required=False)
    elif kind == DonorKind.CHAMBER:
        donor["chamber"] = _district_chamber(user, values.get("chamber"))
    return donor


def _locked(user: Any, rows: Any, pk: Any) -> Any:
    """The row the user may change, locked (its own table only); Http404 otherwise."""
    queryset = rows if isinstance(rows, QuerySet) else rows.objects.all()
    return access.get_object_for_user(user, queryset.select_for_update(of=("self",)), getattr(pk, "pk", pk), "change")


def _words(donation: Donation) -> str:
    """The donation in words for the audit log: 「donor」向「recipient」的捐赠（date，amount）."""
    return (f"「{donation.donor}」向「{donation.recipient}」的捐赠（{donation.donated_on:%Y-%m-%d}，"
            f"{donation.money + donation.goods_value}元）")


def _shown(value: Any) -> str:
    return "" if value is None else str(value)


def _changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[str]]:
    return {name: [_shown(before[name]), _shown(value)] for name, value in after.items() if before[name] != value}


FIELD_WORDS = {"donated_on": "日期", "category": "类别", "money": "资金", "goods_value": "物资折价",
               "goods": "物资", "recipient": "受赠方", "project": "项目", "note": "备注", "kind": "捐赠方类型",
               "enterprise": "企业", "person_name": "个人", "chamber": "商会"}


def _in_words(changes: dict[str, list[str]]) -> str:
    return "；".join(f"{FIELD_WORDS.get(name, name)}由“{old}”改为“{new}”" for name, (old, new) in changes.items())


def _snapshot(donation: Donation) -> dict[str, Any]:
    return {name: getattr(donation, name) for name in FIELD_WORDS}


# --- donations --------------------------------------------------------------------------------------------

def _save_evidence(donation: Donation, uploads: Sequence[UploadedFile], user: Any,
                   written_names: list[str]) -> list[DonationEvidence]:
    if donation.evidence.count() + len(uploads) > MAX_EVIDENCE:
        raise GivingError("evidence", _("Evidence: a donation holds at most %(max)d files.") % {"max": MAX_EVIDENCE})
    rows = []
    for upload in uploads:
        name = clean_name(upload.name or "")
        digest = hashlib.sha256()
        upload.seek(0)
        for chunk in upload.chunks():
            digest.update(chunk)
        upload.seek(0)
        row = DonationEvidence(donation=donation, name=name, size=upload.size,
                               content_type=KINDS[name.rpartition(".")[2].lower()].content_type,
                               sha256=digest.hexdigest(), uploaded_by=user)
        row.file.save(name, upload, save=False)
        written_names.append(row.file.name)
        row.save()
        rows.append(row)
    return rows


def _checked(uploads: Sequence[UploadedFile] | None) -> list[UploadedFile]:
    files = [upload for upload in uploads or [] if upload]
    if reasons := problems(files):
        raise GivingError("evidence", " ".join(reasons))
    return files


def record_donation(*, acting_user: Any, uploads: Sequence[UploadedFile] | None = None, **values: Any) -> Donation:
    """A new donation with its evidence files: staff record any donor of their district (confirmed at once);
    an enterprise user reports their enterprise's or one of its people's, a chamber officer their chamber's
    (both wait for staff to confirm). Errors: a missing or bad field, neither money nor goods, goods without
    a description, a retired category, a donor the user may not name, a file refused by the checks."""
    files = _checked(uploads)
    donor = _donor(acting_user, values)
    clean = _clean(values)
    staff = acting_user.role == Role.FIC_STAFF
    with written() as written_names, transaction.atomic():
        donation = Donation.objects.create(
            **donor, **clean, created_by=acting_user, state=S.CONFIRMED if staff else S.REPORTED,
            decided_by=acting_user if staff else None, decided_at=timezone.now() if staff else None)
        evidence = _save_evidence(donation, files, acting_user, written_names)
        verb = "录入捐赠" if staff else "报送捐赠"
        record(Action.CREATE, actor=acting_user, target=donation, summary=f"{verb}{_words(donation)}",
               data={"state": donation.state, "category": donation.category.name, "money": str(donation.money),
                     "goods_value": str(donation.goods_value), "evidence": [e.sha256 for e in evidence]})
    return donation


@transaction.atomic
def update_donation(donation: Any, *, acting_user: Any, **values: Any) -> Donation:
    """The donation's fields replaced (all given). The reporter edits a donation waiting for confirmation or
    returned (a returned one goes back for confirmation); staff edit any of their district's, a confirmed
    one being corrected: the audit entry says every changed field before and after. Errors as
    :func:`record_donation`; Http404 for a donation the user may not change (for a reporter: once confirmed)."""
    locked = _locked(acting_user, Donation.objects.select_related("enterprise", "chamber", "category"), donation)
    before = _snapshot(locked)
    was_confirmed = locked.state == S.CONFIRMED
    donor = _donor(acting_user, values)
    clean = _clean(values, locked)
    after = {**{k: v for k, v in donor.items() if k != "district_id"}, **clean}
    for name, value in after.items():
        setattr(locked, name, value)
    locked.district_id = donor["district_id"]
    resubmitted = locked.state == MOVES["resubmit"].source and acting_user.role != Role.FIC_STAFF
    if resubmitted:
        locked.state, locked.return_reason = MOVES["resubmit"].target, ""
    locked.save()
    changes = _changes(before, _snapshot(locked))
    if was_confirmed:
        summary = f"更正已确认的捐赠{_words(locked)}：{_in_words(changes) or '无改动'}"
    elif resubmitted:
        summary = f"修改并重新报送捐赠{_words(locked)}：{_in_words(changes) or '无改动'}"
    else:
        summary = f"修改捐赠{_words(locked)}：{_in_words(changes) or '无改动'}"
    record(Action.UPDATE, actor=acting_user, target=locked, summary=summary,
           data={"changed": changes, "state": locked.state})
    return locked


def _decide(donation: Any, user: Any, move_name: str, *, reason: str = "") -> Donation:
    """One body for staff's decisions: lock through the access rule, check the state table, change, audit,
    notify the reporter once committed."""
    if getattr(user, "role", None) != Role.FIC_STAFF:
        raise GivingError("user", _("Only FIC staff confirm or return donations."))
    move = MOVES[move_name]
    locked = _locked(user, Donation.objects.select_related("enterprise", "chamber", "created_by"), donation)
    if locked.state != move.source:
        raise GivingError("state", _("This donation is “%(state)s” now: it can no longer be confirmed or returned.")
                          % {"state": locked.get_state_display()})
    locked.state, locked.return_reason = move.target, reason
    locked.decided_by, locked.decided_at = user, timezone.now()
    locked.save(update_fields=["state", "return_reason", "decided_by", "decided_at"])
    record(Action.UPDATE, actor=user, target=locked, summary=f"{move.words}捐赠{_words(locked)}"
           + (f"，理由：{reason}" if reason else ""), data={"state": [move.source, move.target], "reason": reason})
    reporter = locked.created_by
    if reporter.role != Role.FIC_STAFF:
        url = reverse("giving:donation_detail", args=[locked.pk])
        if move_name == "confirm":
            title = _("Your donation to %(recipient)s was confirmed") % {"recipient": locked.recipient}
            body = _("The FIC confirmed the donation of %(date)s.") % {"date": f"{locked.donated_on:%Y-%m-%d}"}
        else:
            title = _("Your donation to %(recipient)s was returned") % {"recipient": locked.recipient}
            body = _("Reason: %(reason)s Please correct it and send it again.") % {"reason": reason}
        notify([reporter], kind=f"giving.{move_name}", title=title, body=body, url=url)
    return locked


@transaction.atomic
def confirm_donation(donation: Any, *, acting_user: Any) -> Donation:
    """Staff confirm a reported donation: from now it counts in every total. Errors: not staff, not waiting
    for confirmation (already confirmed or returned, e.g. by a colleague a moment before)."""
    return _decide(donation, acting_user, "confirm")


@transaction.atomic
def return_donation(donation: Any, *, acting_user: Any, reason: Any) -> Donation:
    """Staff return a reported donation to its reporter with a reason (shown to them). Errors: no reason or
    one over 500 characters, not staff, not waiting for confirmation."""
    clean_reason = _text(reason, "reason", _("Reason for returning"), 500, required=True)
    return _decide(donation, acting_user, "return", reason=clean_reason)


def add_evidence(donation: Any, uploads: Sequence[UploadedFile], *, acting_user: Any) -> list[DonationEvidence]:
    """Attach checked files (type by content, size, count) to a donation the user may change."""
    files = _checked(uploads)
    if not files:
        raise GivingError("evidence", _("Evidence: choose at least one file."))
    with written() as written_names, transaction.atomic():
        locked = _locked(acting_user, Donation.objects.select_related("enterprise", "chamber"), donation)
        rows = _save_evidence(locked, files, acting_user, written_names)
        record(Action.UPDATE, actor=acting_user, target=locked,
               summary=f"为捐赠{_words(locked)}上传佐证材料：{'、'.join(row.name for row in rows)}",
               data={"files": [{"id": row.pk, "name": row.name, "sha256": row.sha256} for row in rows]})
    return rows


def remove_evidence(evidence: Any, *, acting_user: Any) -> None:
    """Take an evidence file off a donation the user may change (the file goes once the removal committed)."""
    with transaction.atomic():
        row = _locked(acting_user, DonationEvidence.objects.select_related("donation__enterprise",
                                                                           "donation__chamber"), evidence)
        donation, name, stored = row.donation, row.name, row.file.name
        record(Action.UPDATE, actor=acting_user, target=donation,
               summary=f"删除捐赠{_words(donation)}的佐证材料“{name}”",
               data={"evidence": row.pk, "sha256": row.sha256})
        row.delete()
        delete_after_commit(stored)


@transaction.atomic
def save_category(category: Any = None, *, acting_user: Any, name: Any, sort_order: Any = 0,
                  is_active: bool = True) -> Category:
    """A new category (``category`` None) or one renamed, reordered, retired or restored (staff only).
    Errors: an empty or too long name, a name another category has, an order outside 0–999."""
    if getattr(acting_user, "role", None) != Role.FIC_STAFF:
        raise GivingError("user", _("Only FIC staff edit the donation categories."))
    row = Category() if category is None else _locked(acting_user, Category, category)
    return save_choice(row, created=category is None, read=_read, acting_user=acting_user, name=name,
                       sort_order=sort_order, is_active=is_active, noun="捐赠类别",
                       taken=_("another category has this name."))


# --- honours ----------------------------------------------------------------------------------------------

def _honour_words(honour: Honour) -> str:
    return f"「{honour.title}」（{honour.holder}，{honour.year}年，{honour.get_level_display()}）"


def _honour_clean(values: dict[str, Any]) -> dict[str, Any]:
    level = values.get("level") or ""
    if level not in Honour.Level.values:
        raise _refuse("level", _("Level"), _("please choose one of the list."))
    try:
        year = int(unicodedata.normalize("NFKC", str(values.get("year") or "")).strip())
    except ValueError:
        raise _refuse("year", _("Year"), _("please give a year such as 2024.")) from None
    if not 1949 <= year <= local_today().year:
        raise _refuse("year", _("Year"), _("must lie between 1949 and this year."))
    return {"title": _text(values.get("title"), "title", _("Title"), 100, required=True), "level": level,
            "year": year, "awarded_by": _text(values.get("awarded_by"), "awarded_by", _("Awarding body"), 100,
                                              required=True),
            "note": _text(values.get("note"), "note", pgettext("giving", "Note"), 2000)}


def save_honour(honour: Any = None, *, acting_user: Any, certificate: UploadedFile | None = None,
                **values: Any) -> Honour:
    """A new honour (``honour`` None) or one changed, by staff of its district; ``certificate`` (optional)
    is re-encoded (kaopu.publicity.images) and replaces the one before. Errors: a missing or bad field, a
    holder outside the district, an image that is not one; Http404 for another district's honour."""
    if getattr(acting_user, "role", None) != Role.FIC_STAFF:
        raise GivingError("user", _("Only FIC staff record honours."))
    clean = _honour_clean(values)
    holder = _donor(acting_user, values, allow_fic=True)
    encoded = None
    if certificate:
        try:
            encoded = images.reencode(images.read_upload(certificate), clean_name(certificate.name or ""))
        except images.ImageRefused as error:
            raise GivingError("certificate", str(error)) from None
    with written() as written_names, transaction.atomic():
        row = Honour(created_by=acting_user) if honour is None else _locked(
            acting_user, Honour.objects.select_related("enterprise", "chamber"), honour)
        before = _honour_words(row) if honour is not None else ""
        old_file = row.certificate.name if honour is not None else ""
        for name, value in {**holder, **clean}.items():
            setattr(row, name, value)
        if encoded is not None:
            row.certificate.save(f"certificate.{encoded.extension}", ContentFile(encoded.content), save=False)
            written_names.append(row.certificate.name)
            row.certificate_type, row.certificate_sha256 = encoded.content_type, encoded.sha256
        row.save()
        if encoded is not None and old_file:
            delete_after_commit(old_file)
        summary = (f"新增荣誉{_honour_words(row)}" if honour is None
                   else f"修改荣誉{_honour_words(row)}（原为{before}）")
        record(Action.CREATE if honour is None else Action.UPDATE, actor=acting_user, target=row, summary=summary,
               data={"certificate": row.certificate_sha256 if encoded else None})
    return row


def remove_honour(honour: Any, *, acting_user: Any) -> None:
    """Delete an honour recorded by mistake (staff of its district); its certificate goes once committed."""
    with transaction.atomic():
        row = _locked(acting_user, Honour.objects.select_related("enterprise", "chamber"), honour)
        stored = row.certificate.name
        record(Action.DELETE, actor=acting_user, target=row, summary=f"删除荣誉{_honour_words(row)}",
               data={"title": row.title, "year": row.year})
        row.delete()
        if stored:
            delete_after_commit(stored)
