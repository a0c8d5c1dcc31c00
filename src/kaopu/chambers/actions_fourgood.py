"""Every write of the Four-Good evaluation (四好商会评价): cycles and their indicators, applications with their
self-assessment and evidence, the reviewers' scores, the recorded results.

One function per use case, each in one transaction, each with an audit entry naming its object in words
(the entries are always Chinese, as the audit page is). Refusals raise :class:`FourGoodError` naming the field
(or "state") and the rule. Rows come through kaopu.core.access (Http404 for a row the user may not see).

Locks, for the two races a cycle has: whatever changes a cycle's state, submits or withdraws an application,
or submits a review locks the CYCLE row first (select_for_update), then the application's. So an application
submitted while staff move the cycle to reviewing is either in (submitted first) or refused (the cycle is no
longer open); and of two reviewers submitting the same application at once, the second waits for the first
and sees its review, so exactly one of them marks the application as fully reviewed (``reviewed_at``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kaopu.accounts.models import User
from kaopu.accounts.roles import Role
from kaopu.appeals.attachments import KINDS, clean_name, problems
from kaopu.audit.log import record
from kaopu.audit.models import Action
from kaopu.chambers.models import (
    Application,
    Chamber,
    Cycle,
    Dimension,
    Evidence,
    Indicator,
    Review,
    Score,
    SelfAssessment,
)
from kaopu.core import access, money
from kaopu.core.errors import ActionRefused
from kaopu.core.stored_files import delete_after_commit, written
from kaopu.core.workdays import local_today
from kaopu.notifications.actions import notify

DIMENSIONS = ("政治引领好", "队伍建设好", "服务发展好", "自律规范好")
WEIGHT_TOTAL = Decimal(100)
MAX_EVIDENCE = 10  # per indicator
S = Cycle.State


class FourGoodError(ActionRefused):
    """A refused Four-Good action: ``field`` names the input (or "state"), ``message`` is for a person."""


@dataclass(frozen=True)
class Move:
    source: str
    target: str
    words: str  # the audit's verb


# The cycle's state table: a move's name → where it starts and where it ends. Everything else is refused.
CYCLE_MOVES: dict[str, Move] = {
    "open": Move(S.DRAFT, S.OPEN, "开放申报"),
    "review": Move(S.OPEN, S.REVIEWING, "截止申报并开始评审"),
    "close": Move(S.REVIEWING, S.CLOSED, "结束评价"),
}


# --- input ----------------------------------------------------------------------------------------

def _score(value: Any, field: str, label: str, *, maximum: Decimal, required: bool = True) -> Decimal | None:
    """A score 0..maximum with at most two decimal places, or FourGoodError naming the field."""
    try:
        number = money.read_decimal(value, label, required=required)
    except money.NumberError as error:
        raise FourGoodError(field, error.message) from None
    if number is None:
        return None
    if number < 0 or number > maximum:
        raise FourGoodError(field, _("%(field)s: a score from 0 to %(max)s.") % {"field": label, "max": maximum})
    if money.decimal_places(number) > 2:
        raise FourGoodError(field, _("%(field)s: at most two decimal places.") % {"field": label})
    return number.quantize(Decimal("0.01"))


def _positive(value: Any, field: str, label: str, *, zero: bool = False) -> Decimal:
    try:
        number = money.read_decimal(value, label)
    except money.NumberError as error:
        raise FourGoodError(field, error.message) from None
    assert number is not None
    if number < 0 or (number == 0 and not zero) or number > Decimal(1000):
        rule = _("from 0 to 1000") if zero else _("more than 0 and at most 1000")
        raise FourGoodError(field, _("%(field)s: %(rule)s.") % {"field": label, "rule": rule})
    if money.decimal_places(number) > 2:
        raise FourGoodError(field, _("%(field)s: at most two decimal places.") % {"field": label})
    return number.quantize(Decimal("0.01"))


def _text(value: Any, field: str, label: str, max_length: int, *, required: bool = False) -> str:
    text = (value or "").strip() if isinstance(value, str) or value is None else None
    if text is None or "\x00" in text:
        raise FourGoodError(field, _("%(field)s: please write text.") % {"field": label})
    if required and not text:
        raise FourGoodError(field, _("%(field)s: this field is required.") % {"field": label})
    if len(text) > max_length:
        raise FourGoodError(field, _("%(field)s: at most %(max)d characters.") % {"field": label, "max": max_length})
    return text


def _staff(user: User) -> None:
    if user.role != Role.FIC_STAFF:
        raise FourGoodError("state", _("Only FIC staff may do this."))


def _cycle(user: User, cycle_id: Any, *, states: Sequence[str] = ()) -> Cycle:
    """The cycle locked for ``user`` to change (404 otherwise), in one of ``states`` if given."""
    cycle = access.get_object_for_user(user, Cycle.objects.select_for_update(), cycle_id, "change")
    if states and cycle.state not in states:
        names = "、".join(str(S(state).label) for state in states)
        raise FourGoodError("state", _("The cycle is “%(state)s”: this is possible only while it is %(states)s.")
                            % {"state": cycle.get_state_display(), "states": names})
    return cycle


def _audit(user: User, target: Any, action: str, summary: str, **data: Any) -> None:
    record(action, actor=user, target=target, summary=summary, data=data)


# --- cycles ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class CycleInput:
    name: str
    first_year: int
    last_year: int
    application_deadline: date
    review_deadline: date
    spread: Decimal


def _cycle_input(data: Mapping[str, Any]) -> CycleInput:
    name = _text(data.get("name"), "name", _("Name"), 100, required=True)
    try:
        first, last = int(data.get("first_year") or 0), int(data.get("last_year") or 0)
    except (TypeError, ValueError):
        first = last = 0
    if not 2000 <= first <= last <= first + 5:
        raise FourGoodError("last_year", _("Years evaluated: the first and the last year, from 2000, the last not "
                                           "before the first and at most five years after it."))
    applications, reviews = data.get("application_deadline"), data.get("review_deadline")
    if not isinstance(applications, date) or not isinstance(reviews, date):
        raise FourGoodError("application_deadline", _("Deadlines: give the application and the review deadline."))
    if reviews < applications:
        raise FourGoodError("review_deadline", _("Review deadline: on or after the application deadline."))
    spread = _positive(data.get("spread"), "spread", _("Allowed spread between reviewers"), zero=True)
    return CycleInput(name, first, last, applications, reviews, spread)


def create_cycle(*, acting_user: User, district_id: int | None = None, **data: Any) -> Cycle:
    """A draft cycle of the staff member's district with the four dimensions and no indicator yet.
    Raises FourGoodError for a missing name, bad years or deadlines, or a name the district already used."""
    _staff(acting_user)
    fields = _cycle_input(data)
    district_id = acting_user.district_id or district_id
    if district_id is None:
        raise FourGoodError("district", _("District: a city-level user names the district of the cycle."))
    try:
        with transaction.atomic():
            cycle = Cycle.objects.create(district_id=district_id, created_by=acting_user, **fields.__dict__)
            Dimension.objects.bulk_create(Dimension(cycle=cycle, name=name, order=order)
                                          for order, name in enumerate(DIMENSIONS, start=1))
            _audit(acting_user, cycle, Action.CREATE, f"新建四好商会评价周期「{cycle.name}」")
    except IntegrityError:
        raise FourGoodError("name", _("Name: the district already has a cycle named “%(name)s”.")
                            % {"name": fields.name}) from None
    return cycle


def update_cycle(cycle_id: Any, *, acting_user: User, **data: Any) -> Cycle:
    """Change the cycle's name, years, deadlines and spread, until it is closed."""
    _staff(acting_user)
    fields = _cycle_input(data)
    try:
        with transaction.atomic():
            cycle = _cycle(acting_user, cycle_id, states=(S.DRAFT, S.OPEN, S.REVIEWING))
            for name, value in fields.__dict__.items():
                setattr(cycle, name, value)
            cycle.save(update_fields=list(fields.__dict__))
            _audit(acting_user, cycle, Action.UPDATE, f"修改四好商会评价周期「{cycle.name}」",
                   spread=str(cycle.spread), application_deadline=cycle.application_deadline)
    except IntegrityError:
        raise FourGoodError("name", _("Name: the district already has a cycle named “%(name)s”.")
                            % {"name": fields.name}) from None
    return cycle


def save_indicator(cycle_id: Any, *, acting_user: User, indicator_id: Any = None, dimension_id: Any,
                   name: str, max_score: Any, weight: Any, guidance: str = "", order: Any = 0) -> Indicator:
    """Add an indicator to a draft cycle's dimension, or change one (``indicator_id``)."""
    _staff(acting_user)
    with transaction.atomic():
        cycle = _cycle(acting_user, cycle_id, states=(S.DRAFT,))
        dimension = Dimension.objects.filter(cycle=cycle, pk=dimension_id).first()
        if dimension is None:
            raise FourGoodError("dimension", _("Dimension: choose one of the cycle's four dimensions."))
        values = {"dimension": dimension, "name": _text(name, "name", _("Indicator"), 100, required=True),
                  "max_score": _positive(max_score, "max_score", _("Maximum score")),
                  "weight": _positive(weight, "weight", _("Weight"), zero=True),
                  "guidance": _text(guidance, "guidance", _("Scoring guidance"), 2000),
                  "order": int(order or 0) if str(order or 0).isdigit() else 0}
        if indicator_id:
            indicator = Indicator.objects.filter(cycle=cycle, pk=indicator_id).first()
            if indicator is None:
                raise FourGoodError("indicator", _("This indicator is no longer in the cycle."))
            for field, value in values.items():
                setattr(indicator, field, value)
            indicator.save(update_fields=list(values))
            verb = "修改"
        else:
            indicator = Indicator.objects.create(cycle=cycle, **values)
            verb = "新增"
        _audit(acting_user, cycle, Action.UPDATE,
               f"{verb}四好商会评价周期「{cycle.name}」的指标「{indicator.name}」（{dimension.name}，满分 "
               f"{indicator.max_score}，权重 {indicator.weight}）", indicator=indicator.pk)
    return indicator


def remove_indicator(cycle_id: Any, indicator_id: Any, *, acting_user: User) -> None:
    """Take an indicator off a draft cycle."""
    _staff(acting_user)
    with transaction.atomic():
        cycle = _cycle(acting_user, cycle_id, states=(S.DRAFT,))
        indicator = Indicator.objects.filter(cycle=cycle, pk=indicator_id).first()
        if indicator is None:
            raise FourGoodError("indicator", _("This indicator is no longer in the cycle."))
        name = indicator.name
        indicator.delete()
        _audit(acting_user, cycle, Action.UPDATE, f"删除四好商会评价周期「{cycle.name}」的指标「{name}」",
               indicator=indicator_id)


def copy_indicators(cycle_id: Any, *, acting_user: User) -> int:
    """Copy the indicators of the district's latest other cycle that has any into this draft cycle, which
    must have none yet; returns how many were copied."""
    _staff(acting_user)
    with transaction.atomic():
        cycle = _cycle(acting_user, cycle_id, states=(S.DRAFT,))
        if cycle.indicators.exists():
            raise FourGoodError("indicators", _("Indicators: the cycle has indicators already; copying is a start "
                                                "for an empty cycle only."))
        source = (Cycle.objects.filter(district_id=cycle.district_id, indicators__isnull=False)
                  .exclude(pk=cycle.pk).order_by("-first_year", "-id").first())
        if source is None:
            raise FourGoodError("indicators", _("Indicators: no earlier cycle of the district has indicators."))
        dimensions = {d.name: d for d in cycle.dimensions.all()}
        copied = []
        for old in source.indicators.select_related("dimension"):
            dimension = dimensions.get(old.dimension.name)
            if dimension is None:
                dimension = dimensions[old.dimension.name] = Dimension.objects.create(
                    cycle=cycle, name=old.dimension.name, order=old.dimension.order)
            copied.append(Indicator(cycle=cycle, dimension=dimension, name=old.name, max_score=old.max_score,
                                    weight=old.weight, guidance=old.guidance, order=old.order))
        Indicator.objects.bulk_create(copied)
        _audit(acting_user, cycle, Action.UPDATE,
               f"从「{source.name}」复制 {len(copied)} 项指标到四好商会评价周期「{cycle.name}」", source=source.pk)
    return len(copied)


def set_reviewers(cycle_id: Any, *, acting_user: User, reviewers: Sequence[User]) -> Cycle:
    """Assign the cycle's reviewers: FIC staff of its district; only before reviewing starts, so that "all
    assigned reviewers" cannot change while scores are being given."""
    _staff(acting_user)
    with transaction.atomic():
        cycle = _cycle(acting_user, cycle_id, states=(S.DRAFT, S.OPEN))
        wrong = [u.name for u in reviewers if u.role != Role.FIC_STAFF or u.district_id != cycle.district_id
                 or not u.is_active]
        if wrong:
            raise FourGoodError("reviewers", _("Reviewers: only active FIC staff of the cycle's district; not "
                                               "%(names)s.") % {"names": "、".join(wrong)})
        cycle.reviewers.set(reviewers)
        names = "、".join(u.name for u in reviewers) or "无"
        _audit(acting_user, cycle, Action.UPDATE, f"设置四好商会评价周期「{cycle.name}」的评审人：{names}",
               reviewers=[u.pk for u in reviewers])
    return cycle


def _opening_problems(cycle: Cycle) -> list[str]:
    problems: list[str] = []
    weights = cycle.indicators.aggregate(total=Sum("weight"))["total"] or Decimal(0)
    if weights != WEIGHT_TOTAL:
        problems.append(_("Weights: the weights of the indicators must add up to 100; they add up to %(total)s.")
                        % {"total": weights.normalize() if weights else 0})
    empty = [d.name for d in cycle.dimensions.filter(indicators__isnull=True)]
    if empty:
        problems.append(_("Indicators: every dimension needs at least one indicator; %(names)s has none.")
                        % {"names": "、".join(empty)})
    if not cycle.reviewers.exists():
        problems.append(_("Reviewers: assign at least one reviewer."))
    if cycle.application_deadline < local_today():
        problems.append(_("Application deadline: it has passed; set a later one."))
    return problems


def move_cycle(cycle_id: Any, *, acting_user: User, move: str) -> Cycle:
    """Move the cycle along its state table (CYCLE_MOVES). Opening checks the weights (they sum to 100),
    that every dimension has an indicator, that there is a reviewer and that the deadline is ahead. Closing
    needs every submitted application fully reviewed."""
    _staff(acting_user)
    step = CYCLE_MOVES.get(move)
    if step is None:
        raise FourGoodError("state", _("Unknown step."))
    with transaction.atomic():
        cycle = _cycle(acting_user, cycle_id, states=(step.source,))
        if move == "open" and (reasons := _opening_problems(cycle)):
            raise FourGoodError("state", " ".join(reasons))
        if move == "close":
            waiting = cycle.applications.filter(state=Application.State.SUBMITTED, reviewed_at__isnull=True).count()
            if waiting:
                raise FourGoodError("state", _("The cycle cannot close: %(count)d applications still wait for "
                                               "reviewers' scores.") % {"count": waiting})
        cycle.state = step.target
        cycle.save(update_fields=["state"])
        _audit(acting_user, cycle, Action.UPDATE, f"四好商会评价周期「{cycle.name}」{step.words}", move=move)
    return cycle


# --- applications ---------------------------------------------------------------------------------

def _applying(user: User, application_id: Any) -> tuple[Cycle, Application]:
    """The application for ``user`` to change, its cycle locked first (the lock order of the module)."""
    application = access.get_object_for_user(user, Application, application_id, "change")
    cycle = Cycle.objects.select_for_update().get(pk=application.cycle_id)
    application = Application.objects.select_for_update().select_related("chamber").get(pk=application.pk)
    if cycle.state != S.OPEN:
        raise FourGoodError("state", _("The cycle is “%(state)s”: applications change only while it is open.")
                            % {"state": cycle.get_state_display()})
    if local_today() > cycle.application_deadline:
        raise FourGoodError("state", _("The application deadline (%(day)s) has passed.")
                            % {"day": cycle.application_deadline.isoformat()})
    return cycle, application


def _draft(user: User, application_id: Any) -> tuple[Cycle, Application]:
    cycle, application = _applying(user, application_id)
    if application.state != Application.State.DRAFT:
        raise FourGoodError("state", _("The application was submitted: withdraw it first to change it."))
    return cycle, application


def start_application(cycle_id: Any, chamber_id: Any, *, acting_user: User) -> Application:
    """The chamber's draft application in an open cycle (its officer's, or staff's on its behalf); the one
    that exists already is returned."""
    with transaction.atomic():
        cycle = access.get_object_for_user(acting_user, Cycle.objects.select_for_update(), cycle_id)
        chamber = access.get_object_for_user(acting_user, Chamber, chamber_id, "change" if
                                             acting_user.role == Role.FIC_STAFF else "view")
        if acting_user.role not in (Role.FIC_STAFF, Role.CHAMBER_OFFICER) or chamber.district_id != cycle.district_id:
            raise FourGoodError("chamber", _("Chamber: only a chamber of the cycle's district applies."))
        existing = Application.objects.filter(cycle=cycle, chamber=chamber).first()
        if existing is not None:
            return existing
        if cycle.state != S.OPEN or local_today() > cycle.application_deadline:
            raise FourGoodError("state", _("The cycle does not take applications now."))
        application = Application.objects.create(cycle=cycle, chamber=chamber, created_by=acting_user)
        _audit(acting_user, application, Action.CREATE, f"商会「{chamber.name}」开始申报「{cycle.name}」")
    return application


def save_self_assessment(application_id: Any, *, acting_user: User, summary: str = "",
                         entries: Mapping[Any, tuple[Any, Any]]) -> Application:
    """Save the draft's summary and, per indicator id, (self score, text); a score may stay empty until
    submitting."""
    with transaction.atomic():
        cycle, application = _draft(acting_user, application_id)
        indicators = {i.pk: i for i in cycle.indicators.all()}
        application.summary = _text(summary, "summary", _("Summary of the application"), 4000)
        application.save(update_fields=["summary"])
        existing = {row.indicator_id: row for row in application.self_assessments.all()}
        for key, (score, text) in entries.items():
            indicator = indicators.get(int(key))
            if indicator is None:
                continue
            row = existing.get(indicator.pk) or SelfAssessment(application=application, indicator=indicator)
            row.score = _score(score, f"score_{indicator.pk}", indicator.name, maximum=indicator.max_score,
                               required=False)
            row.text = _text(text, f"text_{indicator.pk}", indicator.name, 4000)
            row.save()
        _audit(acting_user, application, Action.UPDATE,
               f"保存商会「{application.chamber.name}」的「{cycle.name}」申报自评")
    return application




def add_evidence(application_id: Any, indicator_id: Any, uploads: Sequence[UploadedFile], *,
                 acting_user: User) -> list[Evidence]:
    """Attach checked files (kaopu.appeals.attachments: type by content, size, count) to one indicator of a
    draft application."""
    uploads = [upload for upload in uploads if upload]
    if not uploads:
        raise FourGoodError("evidence", _("Evidence: choose at least one file."))
    if reasons := problems(uploads):
        raise FourGoodError("evidence", " ".join(reasons))
    rows = []
    with written() as written_names, transaction.atomic():
        cycle, application = _draft(acting_user, application_id)
        indicator = cycle.indicators.filter(pk=indicator_id).first()
        if indicator is None:
            raise FourGoodError("indicator", _("Indicator: choose one of the cycle's indicators."))
        if application.evidence.filter(indicator=indicator).count() + len(uploads) > MAX_EVIDENCE:
            raise FourGoodError("evidence", _("Evidence: at most %(max)d files per indicator.") % {"max": MAX_EVIDENCE})
        for upload in uploads:
            name = clean_name(upload.name or "")
            digest = hashlib.sha256()
            upload.seek(0)
            for chunk in upload.chunks():
                digest.update(chunk)
            upload.seek(0)
            row = Evidence(application=application, indicator=indicator, name=name, size=upload.size,
                           content_type=KINDS[name.rpartition(".")[2].lower()].content_type,
                           sha256=digest.hexdigest(), uploaded_by=acting_user)
            row.file.save(name, upload, save=False)
            written_names.append(row.file.name)
            row.save()
            rows.append(row)
        names = "、".join(row.name for row in rows)
        _audit(acting_user, application, Action.UPDATE,
               f"为商会「{application.chamber.name}」的申报指标「{indicator.name}」上传佐证材料：{names}",
               files=[{"id": row.pk, "name": row.name, "sha256": row.sha256} for row in rows])
    return rows


def remove_evidence(application_id: Any, evidence_id: Any, *, acting_user: User) -> None:
    """Take an evidence file off a draft application (the file is deleted once the removal committed)."""
    with transaction.atomic():
        _cycle_row, application = _draft(acting_user, application_id)
        row = application.evidence.filter(pk=evidence_id).first()
        if row is None:
            raise FourGoodError("evidence", _("This file is no longer in the application."))
        name, stored = row.name, row.file.name
        row.delete()
        _audit(acting_user, application, Action.UPDATE,
               f"删除商会「{application.chamber.name}」申报的佐证材料「{name}」", evidence=evidence_id)
        delete_after_commit(stored)


def submit_application(application_id: Any, *, acting_user: User) -> Application:
    """Submit a draft before the deadline: every indicator needs a self score."""
    with transaction.atomic():
        cycle, application = _draft(acting_user, application_id)
        scored = set(application.self_assessments.filter(score__isnull=False).values_list("indicator_id", flat=True))
        missing = [i.name for i in cycle.indicators.all() if i.pk not in scored]
        if missing:
            raise FourGoodError("state", _("Self scores: give a self score for every indicator before submitting; "
                                           "missing: %(names)s.") % {"names": "、".join(missing)})
        application.state = Application.State.SUBMITTED
        application.submitted_at = timezone.now()
        application.save(update_fields=["state", "submitted_at"])
        _audit(acting_user, application, Action.UPDATE, f"商会「{application.chamber.name}」提交「{cycle.name}」申报")
    return application


def withdraw_application(application_id: Any, *, acting_user: User) -> Application:
    """Take a submitted application back to a draft, while the cycle is open and before the deadline (it
    can then be changed and submitted again)."""
    with transaction.atomic():
        cycle, application = _applying(acting_user, application_id)
        if application.state != Application.State.SUBMITTED:
            raise FourGoodError("state", _("Only a submitted application can be withdrawn."))
        application.state = Application.State.DRAFT
        application.submitted_at = None
        application.save(update_fields=["state", "submitted_at"])
        _audit(acting_user, application, Action.UPDATE, f"商会「{application.chamber.name}」撤回「{cycle.name}」申报")
    return application


# --- reviews --------------------------------------------------------------------------------------

def save_review(application_id: Any, *, acting_user: User, scores: Mapping[Any, tuple[Any, Any]],
                submit: bool = False) -> Review:
    """The reviewer's scores of a submitted application, per indicator id (score, comment): saved as a
    draft, or submitted (every indicator scored; no change afterwards). The last assigned reviewer to
    submit marks the application fully reviewed, which shows the scores to those who may see them."""
    if acting_user.role != Role.FIC_STAFF:
        raise FourGoodError("state", _("Only the cycle's reviewers score."))
    with transaction.atomic():
        application = access.get_object_for_user(acting_user, Application, application_id)
        cycle = Cycle.objects.select_for_update().get(pk=application.cycle_id)
        application = Application.objects.select_for_update().select_related("chamber").get(pk=application.pk)
        if not cycle.reviewers.filter(pk=acting_user.pk).exists():
            raise FourGoodError("state", _("You are not a reviewer of this cycle."))
        if cycle.state != S.REVIEWING or application.state != Application.State.SUBMITTED:
            raise FourGoodError("state", _("Scores are given only to submitted applications while the cycle is "
                                           "being reviewed; the cycle is “%(state)s”.")
                                % {"state": cycle.get_state_display()})
        review, _created = Review.objects.get_or_create(application=application, reviewer=acting_user)
        if review.state == Review.State.SUBMITTED:
            raise FourGoodError("state", _("Your scores of this application were submitted already."))
        _write_scores(review, cycle, scores, complete=submit)
        words = "暂存"
        if submit:
            review.state, review.submitted_at = Review.State.SUBMITTED, timezone.now()
            review.save(update_fields=["state", "submitted_at"])
            words = "提交"
            _mark_reviewed(cycle, application)
        _audit(acting_user, application, Action.UPDATE,
               f"评审人{acting_user.name}{words}商会「{application.chamber.name}」的「{cycle.name}」评分",
               review=review.pk, submitted=submit)
    return review


def _write_scores(review: Review, cycle: Cycle, scores: Mapping[Any, tuple[Any, Any]], *, complete: bool) -> None:
    existing = {row.indicator_id: row for row in review.scores.all()}
    missing = []
    for indicator in cycle.indicators.all():
        score, comment = scores.get(indicator.pk, scores.get(str(indicator.pk), (None, "")))
        value = _score(score, f"score_{indicator.pk}", indicator.name, maximum=indicator.max_score, required=False)
        comment = _text(comment, f"comment_{indicator.pk}", indicator.name, 500)
        row = existing.get(indicator.pk)
        if value is None:
            missing.append(indicator.name)
            if row is not None:
                row.delete()
            continue
        row = row or Score(review=review, indicator=indicator)
        row.score, row.comment = value, comment
        row.save()
    if complete and missing:
        raise FourGoodError("scores", _("Scores: score every indicator before submitting; missing: %(names)s.")
                            % {"names": "、".join(missing)})


def _mark_reviewed(cycle: Cycle, application: Application) -> None:
    assigned = set(cycle.reviewers.values_list("pk", flat=True))
    submitted = set(application.reviews.filter(state=Review.State.SUBMITTED).values_list("reviewer_id", flat=True))
    if assigned <= submitted:
        application.reviewed_at = timezone.now()
        application.save(update_fields=["reviewed_at"])


# --- results --------------------------------------------------------------------------------------

def record_result(application_id: Any, *, acting_user: User, recommended_level: str = "", result: str = "",
                  result_level: str = "", result_on: date | None = None, note: str = "") -> Application:
    """Record the recommended level (区级 → 市级 → 全国) and, when known, the final result with its date, for
    a fully reviewed application. The chamber's officer is told once a result is recorded."""
    _staff(acting_user)
    levels, results = Application.Level.values, Application.Result.values
    if (recommended_level and recommended_level not in levels) or (result_level and result_level not in levels):
        raise FourGoodError("recommended_level", _("Level: district, city or national level."))
    if result and result not in results:
        raise FourGoodError("result", _("Final result: recognised or not recognised."))
    if result == Application.Result.RECOGNISED and not result_level:
        raise FourGoodError("result_level", _("Recognised at level: say at which level the chamber was recognised."))
    if result and result_on is None:
        raise FourGoodError("result_on", _("Result dated: give the date of the result."))
    with transaction.atomic():
        application = access.get_object_for_user(acting_user, Application.objects.select_for_update()
                                                 .select_related("chamber", "cycle"), application_id, "change")
        if application.reviewed_at is None:
            raise FourGoodError("state", _("Results are recorded once every reviewer has submitted their scores."))
        application.recommended_level = recommended_level
        application.result = result
        application.result_level = result_level if result == Application.Result.RECOGNISED else ""
        application.result_on = result_on if result else None
        application.result_note = _text(note, "note", _("Result note"), 200)
        application.save(update_fields=["recommended_level", "result", "result_level", "result_on", "result_note"])
        summary = f"记录商会「{application.chamber.name}」在「{application.cycle.name}」的推荐等级与评价结果"
        _audit(acting_user, application, Action.UPDATE, summary, recommended_level=recommended_level,
               result=result, result_level=result_level, result_on=result_on)
        if result:
            officers = User.objects.filter(organisation_id=application.chamber.organisation_id,
                                           role=Role.CHAMBER_OFFICER) if application.chamber.organisation_id else []
            url = reverse("fourgood:application", args=[application.pk])
            notify(officers, kind="chambers.fourgood_result", title=_("Four-Good evaluation result recorded"),
                   body=application.cycle.name, url=url)
    return application
