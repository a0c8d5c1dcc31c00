"""Every change of chambers, their members, leadership terms and brand projects (一会一品).

One function per use case, each in one transaction with its audit entry naming the object in words. Who
may act is kaopu.chambers.permissions' rule: FIC staff change their district's chambers; a chamber's
officer (商会秘书长) changes their own chamber's members, terms and brand projects but not the chamber's
own record (name, registration, status: the FIC's); leaders read only. A row the user may not see
answers 404 (Http404 from kaopu.core.access), a refused change raises :class:`ChamberError` with the
field it concerns and a message for a person that names the field and the rule.

Members keep history: :func:`add_member` opens a period, :func:`change_role` ends the open period and
opens one with the new role on the same day, :func:`record_leaving` ends it. Each locks the chamber
row (adding) or the period row (changing, leaving) first, so two people adding the same enterprise at
once make one open period and the second is told it is already a member; a role change racing a
leave finds the period ended and says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from kaopu.accounts.models import Organisation, User
from kaopu.accounts.roles import OrganisationKind, Role
from kaopu.appeals.attachments import clean_name
from kaopu.audit.log import record
from kaopu.audit.models import Action
from kaopu.chambers import permissions
from kaopu.chambers.models import (
    BrandOutcome,
    BrandPhoto,
    BrandPlanItem,
    BrandProject,
    Chamber,
    LeadershipTerm,
    Membership,
    TermOfficer,
    TermReminder,
)
from kaopu.chambers.models.chamber import validate_chamber_code
from kaopu.core import access
from kaopu.core.errors import ActionRefused
from kaopu.core.stored_files import delete_after_commit, written
from kaopu.core.workdays import local_today
from kaopu.directory.models import Enterprise
from kaopu.notifications.actions import notify
from kaopu.publicity import images

MAX_PHOTOS = 12  # per brand project
MAX_OFFICERS = 60  # per term
REMINDER_DAYS = (90, 30)  # staff are told a term ends in 90 days, then in 30


class ChamberError(ActionRefused):
    """A refused chamber action: ``field`` names the input, ``message`` is for a person."""


@dataclass(frozen=True)
class Officer:
    """One elected officer of a term, as the term form gives it."""

    position: str
    name: str
    enterprise: Enterprise | None = None


# --- who and where ------------------------------------------------------------------------------------


def _audit(user: Any, target: Any, summary: str, data: dict[str, Any] | None = None,
           action: Action = Action.UPDATE) -> None:
    record(action, actor=user, target=target, summary=summary, data=data or {})


def _word(choices: Any, value: str) -> str:
    """A choice's label in the site's language (Chinese), whatever the writer's browser asked for: the audit
    entry reads the same for everyone (as kaopu.audit.log.describe)."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(choices(value).label)


def _staff_chamber(user: Any, chamber: Any) -> Chamber:
    """The chamber locked for a change of its own record: FIC staff of its district only."""
    if getattr(user, "role", None) != Role.FIC_STAFF:
        raise ChamberError("user", _("Only FIC staff change a chamber's own record (name, registration, status)."))
    return access.get_object_for_user(user, Chamber.objects.select_for_update(), getattr(chamber, "pk", chamber),
                                      "change")


def _managed_chamber(user: Any, chamber: Any) -> Chamber:
    """The chamber locked for a change of its members, terms or brand projects: staff of its district
    or its own officer (404 for a chamber the user does not see; a refusal for a reader)."""
    found = access.get_object_for_user(user, Chamber.objects.select_for_update(),
                                       getattr(chamber, "pk", chamber))
    if not permissions.manages(user, found):
        raise ChamberError("user", _("You may read this chamber's records but not change them."))
    return found


def _locked(user: Any, model: Any, row: Any) -> Any:
    """A row of the chamber's (a membership, a term, a project …), locked, through its change rule."""
    return access.get_object_for_user(user, model.objects.select_for_update(of=("self",)),
                                      getattr(row, "pk", row), "change")


def _required(value: str, field: str, label: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ChamberError(field, _("%(field)s: this field is required.") % {"field": label})
    return text


# --- the chamber's own record (staff) --------------------------------------------------------------------

RECORD_FIELDS = ("name", "kind", "founded_on", "credit_code", "subdistrict", "industry_section", "home_region",
                 "address", "secretary_general", "phone", "introduction")


def _clean_record(chamber: Chamber, values: dict[str, Any]) -> None:
    """Put ``values`` on ``chamber`` and check them: the code of a social organisation, what the kind
    covers, a unique name in the district."""
    for name in RECORD_FIELDS:
        if name in values:
            setattr(chamber, name, values[name].strip() if isinstance(values[name], str) else values[name])
    chamber.name = _required(chamber.name, "name", _("Name"))
    try:
        chamber.credit_code = validate_chamber_code(chamber.credit_code or "")
    except ValidationError as error:
        raise ChamberError("credit_code", _("Unified social credit code: %(rule)s")
                           % {"rule": " ".join(error.messages)}) from None
    if chamber.kind == Chamber.Kind.SUBDISTRICT and not chamber.subdistrict_id:
        raise ChamberError("subdistrict", _("Subdistrict covered: a subdistrict chamber names its subdistrict."))
    if chamber.kind == Chamber.Kind.INDUSTRY and not chamber.industry_section_id:
        raise ChamberError("industry_section", _("Industry covered: an industry chamber names its industry."))
    if chamber.kind == Chamber.Kind.REGIONAL and not chamber.home_region:
        raise ChamberError("home_region", _("Home region: a chamber of entrepreneurs from elsewhere names the "
                                            "place its members come from."))
    if chamber.subdistrict_id and chamber.subdistrict.district_id != chamber.district_id:
        raise ChamberError("subdistrict", _("Subdistrict covered: please choose a subdistrict of the district."))
    if chamber.founded_on and chamber.founded_on > local_today():
        raise ChamberError("founded_on", _("Founded on: cannot be in the future."))
    duplicate = Chamber.objects.filter(district_id=chamber.district_id, name=chamber.name).exclude(pk=chamber.pk)
    if duplicate.exists():
        raise ChamberError("name", _("Name: the district already has a chamber named “%(name)s”.")
                           % {"name": chamber.name})
    if Chamber.objects.filter(credit_code=chamber.credit_code).exclude(pk=chamber.pk).exists():
        raise ChamberError("credit_code", _("Unified social credit code: another chamber is registered with "
                                            "“%(code)s”.") % {"code": chamber.credit_code})


def create_chamber(*, acting_user: Any, **values: Any) -> Chamber:
    """Record a chamber of the staff member's district. Raises ChamberError for a missing name, a code
    that is not a social organisation's, a kind without what it covers, a name or code already used."""
    if getattr(acting_user, "role", None) != Role.FIC_STAFF or not acting_user.district_id:
        raise ChamberError("user", _("Only FIC staff of a district record its chambers."))
    with transaction.atomic():
        chamber = Chamber(district_id=acting_user.district_id)
        _clean_record(chamber, values)
        chamber.save()
        _audit(acting_user, chamber, f"新增商会「{chamber.name}」（{_word(Chamber.Kind, chamber.kind)}）",
               {"credit_code": chamber.credit_code}, Action.CREATE)
    return chamber


def update_chamber(chamber: Any, *, acting_user: Any, **values: Any) -> Chamber:
    """Change a chamber's record (staff of its district). The same refusals as :func:`create_chamber`."""
    with transaction.atomic():
        locked = _staff_chamber(acting_user, chamber)
        before = {name: str(getattr(locked, name)) for name in RECORD_FIELDS}
        _clean_record(locked, values)
        changed = {name: [before[name], str(getattr(locked, name))] for name in RECORD_FIELDS
                   if before[name] != str(getattr(locked, name))}
        locked.save()
        _audit(acting_user, locked, f"修改商会「{locked.name}」的基本信息", {"changed": changed})
    return locked


def change_status(chamber: Any, *, acting_user: Any, status: str, on: date | None = None,
                  merged_into: Any = None) -> Chamber:
    """Mark a chamber merged into another (of the district) or dissolved, with the date, or active again.
    Raises ChamberError without a date, for a date in the future, a merge without (or into itself)."""
    with transaction.atomic():
        locked = _staff_chamber(acting_user, chamber)
        if status not in Chamber.Status.values:
            raise ChamberError("status", _("Status: please choose one of the list."))
        target = None
        if status == Chamber.Status.MERGED:
            pk = getattr(merged_into, "pk", merged_into)
            target = access.scope(acting_user, Chamber).filter(pk=pk).first() if pk else None
            if target is None:
                raise ChamberError("merged_into", _("Merged into: please choose a chamber of the district."))
            if target.pk == locked.pk:
                raise ChamberError("merged_into", _("Merged into: a chamber cannot merge into itself."))
        if status != Chamber.Status.ACTIVE:
            if on is None:
                raise ChamberError("on", _("Date: give the date the chamber merged or was dissolved."))
            if on > local_today():
                raise ChamberError("on", _("Date: cannot be in the future."))
        old = _word(Chamber.Status, locked.status)
        locked.status = status
        locked.merged_into = target
        locked.status_changed_on = on if status != Chamber.Status.ACTIVE else None
        locked.save(update_fields=["status", "merged_into", "status_changed_on"])
        into = f"并入「{target.name}」" if target else ""
        _audit(acting_user, locked, f"商会「{locked.name}」状态：{old} → {_word(Chamber.Status, status)}{into}"
               f"（{on or ''}）", {"status": status, "merged_into": getattr(target, "pk", None)})
    return locked


def link_organisation(chamber: Any, *, acting_user: Any, organisation: Any = None) -> Organisation:
    """Link the chamber to the organisation of its officers' accounts (kind chamber), creating one named
    after the chamber when none is given. The accounts themselves are made in /admin/. Raises
    ChamberError for an organisation of another kind or district, or one linked to another chamber."""
    with transaction.atomic():
        locked = _staff_chamber(acting_user, chamber)
        if organisation in (None, ""):
            found = locked.organisation or Organisation.objects.create(
                kind=OrganisationKind.CHAMBER, name=locked.name, district_id=locked.district_id)
        else:
            pk = getattr(organisation, "pk", organisation)
            found = Organisation.objects.filter(pk=pk, kind=OrganisationKind.CHAMBER,
                                                district_id=locked.district_id).first()
            if found is None:
                raise ChamberError("organisation", _("Organisation: please choose a chamber organisation of the "
                                                     "district."))
            if Chamber.objects.filter(organisation=found).exclude(pk=locked.pk).exists():
                raise ChamberError("organisation", _("Organisation: “%(name)s” is already linked to another "
                                                     "chamber.") % {"name": found.name})
        locked.organisation = found
        locked.save(update_fields=["organisation"])
        _audit(acting_user, locked, f"商会「{locked.name}」关联账号单位「{found.name}」", {"organisation": found.pk})
    return found


# --- members ---------------------------------------------------------------------------------------------


def _role(role: str) -> str:
    if role not in Membership.Role.values:
        raise ChamberError("role", _("Role: please choose one of the list."))
    return role


def _member_date(value: date | None, field: str, label: str, *, not_before: date | None = None) -> date:
    if value is None:
        raise ChamberError(field, _("%(field)s: this field is required.") % {"field": label})
    if value > local_today():
        raise ChamberError(field, _("%(field)s: cannot be in the future.") % {"field": label})
    if not_before and value < not_before:
        raise ChamberError(field, _("%(field)s: cannot be before %(day)s, when the current period began.")
                           % {"field": label, "day": not_before.isoformat()})
    return value


def add_member(chamber: Any, *, acting_user: Any, enterprise: Any, role: str = Membership.Role.MEMBER,
               joined_on: date | None = None, representative: str = "") -> Membership:
    """Open a membership period of ``enterprise`` (of the chamber's district) in ``chamber``. Raises
    ChamberError when the enterprise is already a member (also when two people add it at once: the
    chamber row is locked), for an unknown enterprise, a role not in the list, a date in the future."""
    with transaction.atomic():
        locked = _managed_chamber(acting_user, chamber)
        if locked.status != Chamber.Status.ACTIVE:
            raise ChamberError("chamber", _("The chamber is %(status)s: it takes no new members.")
                               % {"status": locked.get_status_display()})
        pk = getattr(enterprise, "pk", enterprise)
        found = Enterprise.objects.filter(pk=pk, district_id=locked.district_id).first() if pk else None
        if found is None:
            raise ChamberError("enterprise", _("Enterprise: please choose an enterprise of the district."))
        joined = _member_date(joined_on or local_today(), "joined_on", _("Joined on"))
        if Membership.objects.filter(chamber=locked, enterprise=found, left_on__isnull=True).exists():
            raise ChamberError("enterprise", _("Enterprise: “%(name)s” is already a member of this chamber.")
                               % {"name": found.name})
        try:
            with transaction.atomic():
                membership = Membership.objects.create(
                    chamber=locked, enterprise=found, role=_role(role), joined_on=joined,
                    representative=(representative or "").strip()[:50], recorded_by=acting_user)
        except IntegrityError:  # the partial unique index, should a writer bypass the lock
            raise ChamberError("enterprise", _("Enterprise: “%(name)s” is already a member of this chamber.")
                               % {"name": found.name}) from None
        role_word = _word(Membership.Role, membership.role)
        _audit(acting_user, membership, f"商会「{locked.name}」新增会员「{found.name}」（{role_word}，{joined}起）",
               {"chamber": locked.pk, "enterprise": found.pk},
               Action.CREATE)
    return membership


def _open_period(acting_user: Any, membership: Any) -> Membership:
    locked = _locked(acting_user, Membership, membership)
    if locked.left_on is not None:
        raise ChamberError("membership", _("“%(name)s” left the chamber on %(day)s: the period is already "
                                           "closed.") % {"name": locked.enterprise.name,
                                                         "day": locked.left_on.isoformat()})
    if not permissions.manages(acting_user, locked.chamber):
        raise ChamberError("user", _("You may read this chamber's records but not change them."))
    return locked


def change_role(membership: Any, *, acting_user: Any, role: str, on: date | None = None) -> Membership:
    """End the open period of a member and open one with ``role`` from ``on`` (today by default): the
    history keeps both. Raises ChamberError for the same role, a period already closed (a leave that
    came first), a date in the future or before the period began."""
    with transaction.atomic():
        current = _open_period(acting_user, membership)
        if _role(role) == current.role:
            raise ChamberError("role", _("Role: “%(name)s” already has this role.")
                               % {"name": current.enterprise.name})
        day = _member_date(on or local_today(), "on", _("From"), not_before=current.joined_on)
        current.left_on = day
        current.save(update_fields=["left_on"])
        new = Membership.objects.create(chamber=current.chamber, enterprise=current.enterprise, role=role,
                                        joined_on=day, representative=current.representative,
                                        recorded_by=acting_user)
        _audit(acting_user, new, f"商会「{current.chamber.name}」会员「{current.enterprise.name}」职务："
               f"{_word(Membership.Role, current.role)} → {_word(Membership.Role, role)}（{day}起）",
               {"previous": current.pk, "role": role})
    return new


def record_leaving(membership: Any, *, acting_user: Any, on: date | None = None) -> Membership:
    """End a member's open period on ``on`` (today by default). Raises ChamberError for a period already
    closed, a date in the future or before the period began."""
    with transaction.atomic():
        current = _open_period(acting_user, membership)
        day = _member_date(on or local_today(), "on", _("Left on"), not_before=current.joined_on)
        current.left_on = day
        current.save(update_fields=["left_on"])
        _audit(acting_user, current, f"商会「{current.chamber.name}」会员「{current.enterprise.name}」退会（{day}）",
               {"left_on": day.isoformat()})
    return current


# --- leadership terms ------------------------------------------------------------------------------------


def _term_dates(number: int | None, elected_on: date | None, starts_on: date | None,
                ends_on: date | None) -> None:
    if not number or number < 1:
        raise ChamberError("number", _("Term number: a whole number from 1."))
    for field, label, value in (("elected_on", _("Elected on"), elected_on), ("starts_on", _("Term starts on"),
                                starts_on), ("ends_on", _("Term ends on"), ends_on)):
        if value is None:
            raise ChamberError(field, _("%(field)s: this field is required.") % {"field": label})
    assert starts_on and ends_on and elected_on
    if ends_on <= starts_on:
        raise ChamberError("ends_on", _("Term ends on: must be after the day the term starts."))
    if elected_on > starts_on:
        raise ChamberError("elected_on", _("Elected on: the election comes before the term starts."))


def _officers(term: LeadershipTerm, officers: Sequence[Officer]) -> None:
    if len(officers) > MAX_OFFICERS:
        raise ChamberError("officers", _("Elected officers: at most %(max)s.") % {"max": MAX_OFFICERS})
    for officer in officers:
        if officer.position not in TermOfficer.Position.values:
            raise ChamberError("officers", _("Elected officers: “%(position)s” is not a position of the list.")
                               % {"position": officer.position})
        if officer.enterprise is not None and officer.enterprise.district_id != term.chamber.district_id:
            raise ChamberError("officers", _("Elected officers: the enterprise must be of the district."))
    TermOfficer.objects.filter(term=term).delete()
    TermOfficer.objects.bulk_create([
        TermOfficer(term=term, position=officer.position, name=_required(officer.name, "officers", _("Name"))[:50],
                    enterprise=officer.enterprise, sort_order=index) for index, officer in enumerate(officers)])


def record_term(chamber: Any, *, acting_user: Any, number: int, elected_on: date, starts_on: date,
                ends_on: date, note: str = "", officers: Sequence[Officer] = ()) -> LeadershipTerm:
    """Record a leadership term (换届) with its elected officers. Raises ChamberError for a number the
    chamber already has, an end before the start, an election after the start, a position not in the
    list, an officer's enterprise of another district."""
    with transaction.atomic():
        locked = _managed_chamber(acting_user, chamber)
        _term_dates(number, elected_on, starts_on, ends_on)
        if LeadershipTerm.objects.filter(chamber=locked, number=number).exists():
            raise ChamberError("number", _("Term number: the chamber already has its term %(number)s.")
                               % {"number": number})
        term = LeadershipTerm.objects.create(chamber=locked, number=number, elected_on=elected_on,
                                             starts_on=starts_on, ends_on=ends_on, note=(note or "").strip())
        _officers(term, officers)
        _audit(acting_user, term, f"商会「{locked.name}」第{number}届理事会（{starts_on}至{ends_on}）",
               {"officers": len(officers)}, Action.CREATE)
    return term


def update_term(term: Any, *, acting_user: Any, number: int, elected_on: date, starts_on: date, ends_on: date,
                note: str = "", officers: Sequence[Officer] = ()) -> LeadershipTerm:
    """Correct a term and replace its officers. The refusals of :func:`record_term`."""
    with transaction.atomic():
        locked = _locked(acting_user, LeadershipTerm, term)
        if not permissions.manages(acting_user, locked.chamber):
            raise ChamberError("user", _("You may read this chamber's records but not change them."))
        _term_dates(number, elected_on, starts_on, ends_on)
        if LeadershipTerm.objects.filter(chamber_id=locked.chamber_id, number=number).exclude(pk=locked.pk).exists():
            raise ChamberError("number", _("Term number: the chamber already has its term %(number)s.")
                               % {"number": number})
        locked.number, locked.elected_on, locked.starts_on, locked.ends_on = number, elected_on, starts_on, ends_on
        locked.note = (note or "").strip()
        locked.save()
        _officers(locked, officers)
        _audit(acting_user, locked, f"修改商会「{locked.chamber.name}」第{number}届理事会（{starts_on}至{ends_on}）",
               {"officers": len(officers)})
    return locked


def remind_term_ending(term_id: int, days_before: int, staff: Sequence[User]) -> bool:
    """Tell the chamber's district staff that a term ends in ``days_before`` days, once (the reminder row's
    unique constraint, under the term's lock). Returns whether a reminder was sent now."""
    with transaction.atomic():
        term = LeadershipTerm.objects.select_for_update().select_related("chamber").filter(pk=term_id).first()
        if term is None or TermReminder.objects.filter(term=term, days_before=days_before).exists():
            return False
        TermReminder.objects.create(term=term, days_before=days_before)
        chamber = term.chamber
        notify(staff, kind="chambers.term_ending",
               title=_("The leadership term of “%(chamber)s” ends on %(day)s") % {
                   "chamber": chamber.name, "day": term.ends_on.isoformat()},
               body=_("Term %(number)s of “%(chamber)s” ends in %(days)s days: remind the chamber to prepare "
                      "its election (换届).") % {"number": term.number, "chamber": chamber.name, "days": days_before},
               url=reverse("chambers:chamber_detail", args=[chamber.pk]))
    return True


# --- brand projects ------------------------------------------------------------------------------------


def _project_values(project: BrandProject, title: str, year: int, goals: str, status: str,
                    plan: Sequence[BrandPlanItem]) -> None:
    project.title = _required(title, "title", _("Title"))[:100]
    project.goals = _required(goals, "goals", _("Goals"))[:2000]
    this_year = local_today().year
    if not year or year < 2000 or year > this_year + 1:
        raise ChamberError("year", _("Year: from 2000 to %(last)s.") % {"last": this_year + 1})
    project.year = year
    if status not in BrandProject.Status.values:
        raise ChamberError("status", _("Status: please choose one of the list."))
    project.status = status
    for item in plan:
        if not (year - 1 <= item.planned_on.year <= year + 1):
            raise ChamberError("plan", _("Plan: “%(row)s” is not in the project's year.") % {"row": item})
    duplicate = BrandProject.objects.filter(chamber_id=project.chamber_id, year=year, title=project.title)
    if duplicate.exclude(pk=project.pk).exists():
        raise ChamberError("title", _("Title: the chamber already has a project “%(title)s” in %(year)s.")
                           % {"title": project.title, "year": year})


def _replace_plan(project: BrandProject, plan: Sequence[BrandPlanItem]) -> None:
    BrandPlanItem.objects.filter(project=project).delete()
    BrandPlanItem.objects.bulk_create([BrandPlanItem(project=project, planned_on=item.planned_on,
                                                     whole_month=item.whole_month, what=item.what[:200])
                                       for item in plan])


def create_project(chamber: Any, *, acting_user: Any, title: str, year: int, goals: str,
                   status: str = BrandProject.Status.PLANNED, plan: Sequence[BrandPlanItem] = ()) -> BrandProject:
    """Record a brand project of ``chamber`` with its plan (staff of the district or the chamber's officer).
    Raises ChamberError for a missing title or goals, a year out of range, a title used that year."""
    with transaction.atomic():
        locked = _managed_chamber(acting_user, chamber)
        project = BrandProject(chamber=locked, created_by=acting_user)
        _project_values(project, title, year, goals, status, plan)
        project.save()
        _replace_plan(project, plan)
        _audit(acting_user, project, f"商会「{locked.name}」新增一会一品项目「{project.title}」（{year}年）",
               {"plan_rows": len(plan)}, Action.CREATE)
    return project


def update_project(project: Any, *, acting_user: Any, title: str, year: int, goals: str, status: str,
                   plan: Sequence[BrandPlanItem] = ()) -> BrandProject:
    """Change a brand project and replace its plan. The refusals of :func:`create_project`."""
    with transaction.atomic():
        locked = _locked(acting_user, BrandProject, project)
        _project_values(locked, title, year, goals, status, plan)
        locked.save()
        _replace_plan(locked, plan)
        _audit(acting_user, locked, f"修改商会「{locked.chamber.name}」一会一品项目「{locked.title}」",
               {"status": status, "plan_rows": len(plan)})
    return locked


def set_featured(project: Any, *, acting_user: Any, featured: bool) -> BrandProject:
    """Feature a project (for the public site) from today, or stop featuring it: FIC staff only."""
    if getattr(acting_user, "role", None) != Role.FIC_STAFF:
        raise ChamberError("featured", _("Only FIC staff feature brand projects."))
    with transaction.atomic():
        locked = _locked(acting_user, BrandProject, project)
        locked.featured = bool(featured)
        locked.featured_on = local_today() if featured else None
        locked.save(update_fields=["featured", "featured_on", "updated_at"])
        what = "设为推荐" if featured else "取消推荐"
        _audit(acting_user, locked, f"一会一品项目「{locked.title}」{what}", {"featured": bool(featured)})
    return locked


MAX_FIGURE = Decimal("999999999999.99")  # the column's 14 digits, 2 of them decimals


def _figure(value: Any) -> Decimal | None:
    """An outcome's figure as Decimal with two places, or ChamberError naming the rule."""
    if value in (None, ""):
        return None
    try:
        figure = Decimal(str(value).strip())
    except InvalidOperation:
        raise ChamberError("figure", _("Figure: please write a number.")) from None
    if not figure.is_finite() or figure < 0:
        raise ChamberError("figure", _("Figure: cannot be negative."))
    if figure > MAX_FIGURE or figure != figure.quantize(Decimal("0.01")):
        raise ChamberError("figure", _("Figure: at most 12 digits and 2 decimal places."))
    return figure.quantize(Decimal("0.01"))


def add_outcome(project: Any, *, acting_user: Any, text: str, figure: Decimal | None = None,
                unit: str = "") -> BrandOutcome:
    """Add an outcome (a figure with its unit, and words). Raises ChamberError without words, for a figure
    without its unit or a negative one."""
    with transaction.atomic():
        locked = _locked(acting_user, BrandProject, project)
        words = _required(text, "text", _("What was achieved"))[:300]
        unit = (unit or "").strip()[:20]
        figure = _figure(figure)
        if figure is not None and not unit:
            raise ChamberError("unit", _("Unit: a figure names its unit (家, 人次, 万元 …)."))
        outcome = BrandOutcome.objects.create(project=locked, figure=figure, unit=unit, text=words,
                                              recorded_by=acting_user)
        _audit(acting_user, locked, f"一会一品项目「{locked.title}」新增成效：{outcome}", {"outcome": outcome.pk})
    return outcome


def remove_outcome(outcome: Any, *, acting_user: Any) -> None:
    """Remove an outcome recorded by mistake."""
    with transaction.atomic():
        pk = getattr(outcome, "pk", outcome)
        found = access.get_object_for_user(acting_user, BrandOutcome.objects.select_related("project"), pk)
        locked = _locked(acting_user, BrandProject, found.project_id)
        words = str(found)
        found.delete()
        _audit(acting_user, locked, f"一会一品项目「{locked.title}」删除成效：{words}", {"outcome": pk})




def add_photo(project: Any, *, acting_user: Any, upload: Any, caption: str = "") -> BrandPhoto:
    """Re-encode an uploaded photo (kaopu.publicity.images) and add it to the project. Raises ChamberError
    for what is not a readable image, too large an image, more than MAX_PHOTOS photos."""
    name = clean_name(getattr(upload, "name", "") or "")
    try:
        encoded = images.reencode(images.read_upload(upload), name)
    except images.ImageRefused as error:
        raise ChamberError("photo", str(error)) from None
    with written() as written_names, transaction.atomic():
        locked = _locked(acting_user, BrandProject, project)
        if BrandPhoto.objects.filter(project=locked).count() >= MAX_PHOTOS:
            raise ChamberError("photo", _("Photos: at most %(max)s per project.") % {"max": MAX_PHOTOS})
        row = BrandPhoto(project=locked, content_type=encoded.content_type, width=encoded.width,
                         height=encoded.height, size=len(encoded.content), sha256=encoded.sha256,
                         original_name=name, caption=(caption or "").strip()[:120], uploaded_by=acting_user)
        row.file.save(f"photo.{encoded.extension}", ContentFile(encoded.content), save=False)
        written_names.append(row.file.name)
        row.save()
        _audit(acting_user, locked, f"一会一品项目「{locked.title}」上传照片「{name}」"
               f"（重新编码 {encoded.width}×{encoded.height}）", {"photo": row.pk, "sha256": encoded.sha256})
    return row


def remove_photo(photo: Any, *, acting_user: Any) -> None:
    """Take a photo off the project (its file is deleted once the removal committed)."""
    with transaction.atomic():
        pk = getattr(photo, "pk", photo)
        found = access.get_object_for_user(acting_user, BrandPhoto, pk)
        locked = _locked(acting_user, BrandProject, found.project_id)
        stored, name = found.file.name, found.original_name
        found.delete()
        _audit(acting_user, locked, f"一会一品项目「{locked.title}」删除照片「{name}」", {"photo": pk})
        delete_after_commit(stored)

