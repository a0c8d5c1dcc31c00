"""Adding a chamber's members from an Excel roster (会员名册): all the rows or none.

The first sheet's first row names the columns: 统一社会信用代码 (required), 职务 (会长, 常务副会长, 副会长,
理事 or 会员; 会员 when empty), 入会日期 (a date cell or 2024-03-01; today when empty) and 会员代表; other
columns are ignored. Every row is checked first — an enterprise of the chamber's district with that
code, not yet a member, not twice in the file, a role of the list, a date not in the future — and the
problems are listed by row number; only a roster without problems is added, in one transaction with
one audit entry naming the chamber and the number of members. The chamber row is locked as in
:func:`kaopu.chambers.actions.add_member`, so a member added by hand meanwhile is not added twice.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import IO, Any

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from kaopu.audit.models import Action
from kaopu.chambers.actions import ChamberError, _audit, _managed_chamber
from kaopu.chambers.models import Chamber, Membership
from kaopu.core import workbook_reader
from kaopu.core.workdays import local_today
from kaopu.directory.models import Enterprise

MAX_ROWS = 2000
MAX_BYTES = 5 * 1024 * 1024
MAX_PROBLEMS = 20  # listed; the count says how many more
COLUMNS = {"统一社会信用代码": "code", "职务": "role", "入会日期": "joined_on", "会员代表": "representative"}


@dataclass
class Roster:
    """What a roster holds: the rows to add, or the problems found (row number and sentence)."""

    rows: list[Membership] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _roles() -> dict[str, str]:
    with translation.override(settings.LANGUAGE_CODE):
        found = {str(label): value for value, label in Membership.Role.choices}
    return {**found, **{value: value for value in Membership.Role.values}, "": Membership.Role.MEMBER}


def _text(value: Any) -> str:
    return unicodedata.normalize("NFKC", str(value)).strip() if value is not None else ""


def _day(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value).replace("/", "-").replace(".", "-")
    if not text:
        return local_today()
    try:
        return date.fromisoformat("-".join(part.zfill(2) for part in text.split("-")))
    except ValueError:
        return None


def _read(chamber: Chamber, source: IO[bytes], user: Any) -> Roster:
    roster = Roster()
    with workbook_reader.first_sheet(source) as sheet:
        rows = iter(sheet.rows)
        header = next(rows, None)
        names = {index: COLUMNS.get(_text(cell)) for index, cell in enumerate(header[1] if header else ())}
        if "code" not in names.values():
            raise ChamberError("roster", _("Roster: the first row must name the column 统一社会信用代码."))
        entries = []
        for number, cells in rows:
            values = {names[i]: cell for i, cell in enumerate(cells) if names.get(i)}
            if not any(_text(value) for value in values.values()):
                continue
            entries.append((number, values))
            if len(entries) > MAX_ROWS:
                raise ChamberError("roster", _("Roster: at most %(max)s rows.") % {"max": MAX_ROWS})
    codes = {_text(values.get("code")).upper() for _number, values in entries}
    enterprises = {e.credit_code: e for e in Enterprise.objects.filter(district_id=chamber.district_id,
                                                                       credit_code__in=codes)}
    members = set(Membership.objects.filter(chamber=chamber, left_on__isnull=True, enterprise__in=enterprises.values())
                  .values_list("enterprise_id", flat=True))
    roles, today, seen = _roles(), local_today(), set()
    for number, values in entries:
        code = _text(values.get("code")).upper()
        enterprise, role = enterprises.get(code), roles.get(_text(values.get("role")))
        joined = _day(values.get("joined_on"))
        problem = (
            _("no enterprise of the district has the credit code “%(code)s”") % {"code": code} if enterprise is None
            else _("“%(name)s” is already a member") % {"name": enterprise.name} if enterprise.pk in members
            else _("“%(name)s” is in the roster twice") % {"name": enterprise.name} if enterprise.pk in seen
            else _("the role “%(role)s” is not one of 会长, 常务副会长, 副会长, 理事, 会员") % {
                "role": _text(values.get("role"))} if role is None
            else _("the join date is not a date (write 2024-03-01)") if joined is None
            else _("the join date is in the future") if joined > today
            else "")
        if problem:
            roster.problems.append(_("Row %(row)s: %(problem)s.") % {"row": number, "problem": problem})
            continue
        assert enterprise is not None and role is not None and joined is not None
        seen.add(enterprise.pk)
        roster.rows.append(Membership(chamber=chamber, enterprise=enterprise, role=role, joined_on=joined,
                                      representative=_text(values.get("representative"))[:50], recorded_by=user))
    return roster


def add_members_from_roster(chamber: Any, *, acting_user: Any, source: IO[bytes], name: str = "") -> Roster:
    """Add every member of an Excel roster to ``chamber`` (staff of its district or its officer), or none:
    the returned Roster lists the problems by row when there are any (nothing is added then). Raises
    ChamberError for a file that is not a readable workbook, too large, without the code column or with
    more than MAX_ROWS rows."""
    size = getattr(source, "size", None)
    if size is not None and size > MAX_BYTES:
        raise ChamberError("roster", _("Roster: the file is larger than %(mb)s MB.") % {"mb": MAX_BYTES // 2**20})
    with transaction.atomic():
        locked = _managed_chamber(acting_user, chamber)
        if locked.status != Chamber.Status.ACTIVE:
            raise ChamberError("chamber", _("The chamber is %(status)s: it takes no new members.")
                               % {"status": locked.get_status_display()})
        try:
            roster = _read(locked, source, acting_user)
        except workbook_reader.UnreadableWorkbook as error:
            raise ChamberError("roster", str(error)) from None
        if roster.problems or not roster.rows:
            if not roster.problems:
                roster.problems.append(_("The roster has no member row."))
            return roster
        Membership.objects.bulk_create(roster.rows)
        _audit(acting_user, locked, f"商会「{locked.name}」从名册“{name or '名册'}”批量新增会员 {len(roster.rows)} 家",
               {"members": [row.enterprise_id for row in roster.rows][:500]}, Action.IMPORT)
    return roster
