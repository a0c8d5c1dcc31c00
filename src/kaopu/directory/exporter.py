"""Exports of the directory, written by the export jobs (kaopu.exports; declared in exports.py).

* The enterprise list: the import's columns (kaopu.directory.importer.COLUMNS) in its order, so an
  export can be corrected and imported again unchanged.
* The people of the listed enterprises: one row per person and role in an enterprise.

Rows are read in keyset batches of plain values (core.pagination.keyset_batches: one query per batch
of 2,000, no model instances, subdistrict and industry names from the in-process reference data) and
written with core.spreadsheet.StreamingWorkbook, so memory stays bounded whatever the number of rows.
Dates are dates (yyyy-mm-dd), numbers numbers; phones are masked for roles that do not need them
(permissions.phone_for), as on the pages.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import IO, Any

from django.db.models import QuerySet

from kaopu.core import access
from kaopu.core.pagination import keyset_batches
from kaopu.core.spreadsheet import StreamingWorkbook
from kaopu.directory.importer import COLUMNS, SIZE_LABELS, STATUS_LABELS
from kaopu.directory.models import Enterprise, EnterprisePerson, Person, PersonTitle
from kaopu.directory.permissions import phone_for
from kaopu.directory.selectors import forget_reference, reference

BATCH = 2000
_WIDTHS = {"name": 36, "credit_code": 22, "industry_id": 30, "address": 40, "phone": 16}
# The values read for each enterprise, in the order of COLUMNS after the primary key, then the section
# recorded when the roster named no division.
_FIELDS = ("pk", *(column.key for column in COLUMNS), "industry_section_id")
Progress = Callable[[int], None]


def _yes_no(value: bool) -> str:
    return "是" if value else "否"


class _Names:
    """Subdistrict and industry names by id, from the reference data (read again once if a row names
    a subdistrict added by another process since it was loaded). The industry as Enterprise.industry_label
    writes it: "65 软件和信息技术服务业", or the section alone ("I 信息传输、软件和信息技术服务业")."""

    def __init__(self) -> None:
        self._load()

    def _load(self) -> None:
        ref = reference()
        self.subdistricts = {s.pk: s.name for s in ref.subdistricts}
        self.industries = {d.code: f"{d.code} {d.name}" for d in ref.divisions}
        self.sections = {s.code: f"{s.code} {s.name}" for s in ref.sections}

    def industry(self, division: str | None, section: str | None) -> str:
        if division:
            return self.industries.get(division, division)
        return self.sections.get(section, section) if section else ""

    def subdistrict(self, pk: int | None) -> str:
        if pk is None:
            return ""
        if pk not in self.subdistricts:
            forget_reference()
            self._load()
        return self.subdistricts.get(pk, "")


def write_enterprise_sheet(queryset: QuerySet[Enterprise], user: Any, book: StreamingWorkbook,
                           progress: Progress | None = None) -> int:
    """Write the enterprises of ``queryset`` (already scoped to ``user``), newest first, as one sheet
    of ``book``; the number of rows."""
    sheet = book.sheet("企业名录", [column.header for column in COLUMNS],
                       widths=[_WIDTHS.get(column.key, 14) for column in COLUMNS])
    names = _Names()
    for batch in keyset_batches(queryset, _FIELDS, size=BATCH):
        for (_pk, name, code, subdistrict_id, industry_id, legal_representative, phone, established_on,
             capital, size, employees, high_tech, specialised, member, member_since, address, status,
             section_id) in batch:
            sheet.append((
                name, code, names.subdistrict(subdistrict_id), names.industry(industry_id, section_id),
                legal_representative, phone_for(user, phone), established_on, capital, SIZE_LABELS.get(size, ""),
                employees, _yes_no(high_tech), _yes_no(specialised), _yes_no(member), member_since, address,
                STATUS_LABELS.get(status, status),
            ))
        if progress is not None:
            progress(sheet.rows)
    return sheet.rows


def write_enterprises(queryset: QuerySet[Enterprise], user: Any, target: str | IO[bytes],
                      progress: Progress | None = None) -> int:
    """The enterprise export as a whole workbook written to ``target`` (a path or a binary file); the
    row count. The export job writes the same sheet through write_enterprise_sheet."""
    book = StreamingWorkbook(target)
    try:
        count = write_enterprise_sheet(queryset, user, book, progress)
    except BaseException:
        book.discard()
        raise
    book.close()
    return count


PEOPLE_HEADERS = ("姓名", "性别", "身份", "职务", "企业名称", "统一社会信用代码", "手机号码", "政治身份")
_PEOPLE_WIDTHS = (12, 6, 12, 16, 36, 22, 16, 30)


def people_links(user: Any, enterprise_ids: list[int]) -> QuerySet[EnterprisePerson]:
    """The links of these enterprises to people ``user`` may see (the Person access rule too)."""
    return EnterprisePerson.objects.filter(enterprise_id__in=enterprise_ids,
                                           person__in=access.scope(user, Person).values("pk"))


def count_people(user: Any, enterprises: QuerySet[Enterprise]) -> int:
    return EnterprisePerson.objects.filter(enterprise__in=enterprises.values("pk"),
                                           person__in=access.scope(user, Person).values("pk")).count()


def write_people_sheet(enterprises: QuerySet[Enterprise], user: Any, book: StreamingWorkbook,
                       progress: Progress | None = None) -> int:
    """The people linked to the enterprises of ``enterprises`` (scoped to ``user``), enterprise by
    enterprise, newest enterprise first: three queries per batch of enterprises, whatever its people."""
    sheet = book.sheet("企业人员", PEOPLE_HEADERS, widths=_PEOPLE_WIDTHS)
    roles = dict(EnterprisePerson.Role.choices)
    genders = dict(Person.Gender.choices)
    kinds, levels = dict(PersonTitle.Kind.choices), dict(PersonTitle.Level.choices)
    for batch in keyset_batches(enterprises, ("pk", "name", "credit_code"), size=BATCH):
        by_enterprise = {pk: (name, code) for pk, name, code in batch}
        links = list(people_links(user, list(by_enterprise)).order_by("-enterprise_id", "role", "pk").values_list(
            "enterprise_id", "person_id", "role", "position", "person__name", "person__gender", "person__phone"))
        titles: dict[int, list[str]] = defaultdict(list)
        rows = (PersonTitle.objects.filter(person_id__in={link[1] for link in links})
                .order_by("person_id", "kind", "level").values_list("person_id", "kind", "level"))
        for person_id, kind, level in rows:
            titles[person_id].append(f"{levels.get(level, level)}{kinds.get(kind, kind)}")
        for enterprise_id, person_id, role, position, name, gender, phone in links:
            enterprise_name, code = by_enterprise[enterprise_id]
            sheet.append((name, str(genders.get(gender, "")), str(roles.get(role, role)), position, enterprise_name,
                          code, phone_for(user, phone), "、".join(titles.get(person_id, ()))))
        if progress is not None:
            progress(sheet.rows)
    return sheet.rows
