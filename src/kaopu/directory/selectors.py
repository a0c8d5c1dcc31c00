"""Reads of the directory that pages, exports and the API share. Every one starts from access.scope."""

from __future__ import annotations

import re
import time
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from django.contrib.postgres.fields import ArrayField
from django.db import connection, models
from django.db.models import Func, Prefetch, Q, QuerySet, Value

from kaopu.core import access
from kaopu.core.pagination import KeysetPage, page_from_query
from kaopu.directory import credit_code
from kaopu.directory.models import (
    Enterprise,
    EnterprisePerson,
    IndustryDivision,
    IndustrySection,
    Person,
    Subdistrict,
)

_CREDIT_CODE_QUERY = re.compile(r"^[0-9A-Z]{4,18}$")


@dataclass
class EnterpriseFilters:
    """The filters of the enterprise list, shared by the page, the export and the API."""

    q: str = ""
    subdistrict: int | None = None
    section: str | None = None
    industry: str | None = None
    size: str | None = None
    is_member: bool | None = None
    is_high_tech: bool | None = None
    status: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def normalise_query(raw: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", raw or "").split())[:100]


class Characters(Func):
    """string_to_array(name, NULL): the characters of a name, matched by a GIN index on PostgreSQL."""

    function = "string_to_array"
    output_field = ArrayField(models.TextField())


def search_enterprises(queryset: QuerySet[Enterprise], raw_query: str) -> QuerySet[Enterprise]:
    """Enterprises whose name contains the query, or whose credit code starts with it.

    On PostgreSQL, queries of three or more characters use the trigram GIN index on ``name``;
    shorter ones (two Chinese characters are a common search: 科技, 餐饮) use the GIN index on the
    name's characters, then LIKE rechecks that they stand side by side. pg_trgm finds no trigram
    in a one- or two-character query, so without the second index such a search reads the table.
    """
    query = normalise_query(raw_query)
    if not query:
        return queryset
    code_query = credit_code.normalise(query)
    if _CREDIT_CODE_QUERY.match(code_query) and any(ch.isdigit() for ch in code_query):
        return queryset.filter(credit_code__startswith=code_query)
    matched = queryset.filter(name__contains=query)
    if connection.vendor == "postgresql" and len(query) < 3:
        matched = matched.alias(name_chars=Characters("name", Value(None))).filter(
            name_chars__contains=list(dict.fromkeys(query)))
    return matched


def filter_enterprises(queryset: QuerySet[Enterprise], filters: EnterpriseFilters) -> QuerySet[Enterprise]:
    if filters.subdistrict:
        queryset = queryset.filter(subdistrict_id=filters.subdistrict)
    if filters.industry:
        queryset = queryset.filter(industry_id=filters.industry)
    elif filters.section:
        # By the section's division codes, so that the (industry, id) index serves it without a join.
        queryset = queryset.filter(Q(industry_id__in=reference().divisions_of(filters.section))
                                   | Q(industry_section_id=filters.section))
    if filters.size:
        queryset = queryset.filter(size=filters.size)
    if filters.is_member is not None:
        queryset = queryset.filter(is_member=filters.is_member)
    if filters.is_high_tech is not None:
        queryset = queryset.filter(is_high_tech=filters.is_high_tech)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    return search_enterprises(queryset, filters.q)


def enterprise_list(user: Any, filters: EnterpriseFilters) -> QuerySet[Enterprise]:
    """The enterprises ``user`` may see that match ``filters``, with what a list row shows."""
    queryset = access.scope(user, Enterprise.objects.select_related("subdistrict", "industry", "industry_section"))
    return filter_enterprises(queryset, filters)


# What a row of the enterprise list shows; the subdistrict and industry come from reference().
LIST_COLUMNS = ("id", "district_id", "name", "credit_code", "legal_representative", "subdistrict_id",
                "industry_id", "industry_section_id", "size", "is_member", "is_high_tech", "is_specialised", "status")


def enterprise_page(user: Any, filters: EnterpriseFilters, query: Any, size: int = 50) -> KeysetPage[Enterprise]:
    """One keyset page of the enterprise list, as the list page shows it.

    Reads only the columns a row shows and no join: each row's subdistrict and industry are the
    in-process reference() objects. On a page that renders in ~15 ms, the joins and the extra model
    instances of select_related cost about 1.5 ms (docs/performance.md).
    """
    queryset = filter_enterprises(access.scope(user, Enterprise.objects.only(*LIST_COLUMNS)), filters)
    page = page_from_query(queryset, query, size=size)
    ref = reference()
    subdistricts = {s.pk: s for s in ref.subdistricts}
    divisions = {d.code: d for d in ref.divisions}
    sections = {s.code: s for s in ref.sections}
    if any(e.subdistrict_id not in subdistricts for e in page.items if e.subdistrict_id):
        # A subdistrict added by another process in the last minute: read the reference data again.
        forget_reference()
        subdistricts = {s.pk: s for s in reference().subdistricts}
    for enterprise in page.items:
        enterprise.subdistrict = subdistricts.get(enterprise.subdistrict_id)
        enterprise.industry = divisions.get(enterprise.industry_id)
        enterprise.industry_section = sections.get(enterprise.industry_section_id)
    return page


def enterprise_detail(user: Any, pk: Any) -> Enterprise:
    """One enterprise with its people and their titles (a fixed number of queries), or 404. The people are
    left out for a user whom no rule lets see any person (a chamber officer reading a member enterprise's
    name and registration facts, kaopu.chambers.permissions)."""
    links = EnterprisePerson.objects.select_related("person").prefetch_related("person__titles")
    if access.visibility_filter(user, Person) is None:
        links = links.none()
    queryset = Enterprise.objects.select_related("subdistrict", "industry__section", "industry_section",
                                                 "district").prefetch_related(
        Prefetch("person_links", queryset=links))
    return access.get_object_for_user(user, queryset, pk)


@dataclass
class Reference:
    """Reference data for filters and forms, cached in the process (it changes a few times a year)."""

    sections: list[IndustrySection]
    divisions: list[IndustryDivision]
    subdistricts: list[Subdistrict]
    loaded_at: float

    def divisions_of(self, section: str) -> list[str]:
        return [d.code for d in self.divisions if d.section_id == section]

    def subdistricts_of(self, district_id: int | None) -> list[Subdistrict]:
        return [s for s in self.subdistricts if district_id is None or s.district_id == district_id]

    def division_choices(self) -> list[tuple[str, list[tuple[str, str]]]]:
        return [(str(section), [(d.code, str(d)) for d in self.divisions if d.section_id == section.code])
                for section in self.sections]


_REFERENCE_TTL_SECONDS = 60
_reference: Reference | None = None


def reference() -> Reference:
    global _reference
    if _reference is None or time.monotonic() - _reference.loaded_at > _REFERENCE_TTL_SECONDS:
        _reference = Reference(
            sections=list(IndustrySection.objects.all()),
            divisions=list(IndustryDivision.objects.all()),
            subdistricts=list(Subdistrict.objects.all()),
            loaded_at=time.monotonic(),
        )
    return _reference


def forget_reference(**_kwargs: Any) -> None:
    """Called when reference data changes in this process (signals in apps.py); others refresh in 60 s."""
    global _reference
    _reference = None
