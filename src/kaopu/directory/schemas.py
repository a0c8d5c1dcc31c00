"""Input and output of the directory API (/api/v1/enterprises).

The input schemas only say what type each field has, so that the OpenAPI document is useful and a
wrong type is refused early; the *rules* (lengths, the credit code, the member-since date, the
subdistrict's district, uniqueness) live in the forms of ``kaopu.directory.forms``, which the API
runs exactly as the pages do. Output schemas are filled by the functions at the bottom, which mask
phone numbers the way ``permissions.phone_for`` says.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from ninja import Field, Schema

from kaopu.directory import permissions
from kaopu.directory.models import Enterprise, EnterprisePerson

# The largest id a path or a cursor may carry: a bigint. Larger numbers are refused with 422
# instead of reaching the database, where they would overflow.
MAX_ID = 2**63 - 1
MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 50

# The choices come from the model, so that a new size class or status reaches the API by itself.
SizeChoice = Literal[tuple(Enterprise.Size.values)]  # type: ignore[valid-type]
SizeOrBlank = Literal[("", *Enterprise.Size.values)]  # type: ignore[valid-type]
StatusChoice = Literal[tuple(Enterprise.Status.values)]  # type: ignore[valid-type]


class EnterpriseQuery(Schema):
    """The filters of the list, as on the list page, and the keyset cursor."""

    q: str = Field("", description="Part of the name, or the start of the unified social credit code.")
    subdistrict: int | None = Field(None, description="Subdistrict id (of the caller's district).")
    section: str | None = Field(None, description="Industry section letter (GB/T 4754-2017 门类, A–T).")
    industry: str | None = Field(None, description="Industry division code (two digits, 大类).")
    size: SizeChoice | None = None
    is_member: bool | None = None
    is_high_tech: bool | None = None
    status: StatusChoice | None = None
    after: int | None = Field(None, ge=1, le=MAX_ID,
                              description="Return the enterprises after this cursor (the `next` of a page).")
    before: int | None = Field(None, ge=1, le=MAX_ID,
                               description="Return the enterprises before this cursor (the `previous` of a page).")
    limit: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Page size.")


class EnterpriseCreate(Schema):
    """A new directory entry (FIC staff only). The rules are EnterpriseForm's."""

    name: str
    credit_code: str = Field(description="Unified social credit code (GB 32100-2015), 18 characters.")
    legal_representative: str = ""
    established_on: date | None = None
    registered_capital: Decimal | None = Field(None, description="In 10,000 yuan (万元).")
    subdistrict: int | None = Field(None, description="Subdistrict id of the caller's district.")
    industry: str | None = Field(None, description="Industry division code (two digits).")
    size: SizeOrBlank = ""
    employees: int | None = None
    is_high_tech: bool = False
    is_specialised: bool = False
    is_member: bool = False
    member_since: date | None = None
    address: str = ""
    phone: str = ""
    status: StatusChoice = "active"


def _drop_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


def _absent() -> Any:
    """An optional PATCH field that may not be null: leaving it out keeps the value, null is refused."""
    return Field(None, json_schema_extra=_drop_default)


class EnterpriseUpdate(Schema):
    """The fields to change; absent fields stay as they are. Text fields are cleared with "", the
    others with null. An enterprise user may send only ``address``, ``phone`` and ``employees``
    (EnterpriseContactForm)."""

    name: str = _absent()
    credit_code: str = _absent()
    legal_representative: str = _absent()
    established_on: date | None = None
    registered_capital: Decimal | None = None
    subdistrict: int | None = None
    industry: str | None = None
    size: SizeOrBlank = _absent()
    employees: int | None = None
    is_high_tech: bool = _absent()
    is_specialised: bool = _absent()
    is_member: bool = _absent()
    member_since: date | None = None
    address: str = _absent()
    phone: str = _absent()
    status: StatusChoice = _absent()


class SubdistrictOut(Schema):
    id: int
    name: str


class IndustryOut(Schema):
    code: str
    name: str
    section: str


class EnterpriseOut(Schema):
    id: int
    name: str
    credit_code: str
    legal_representative: str
    established_on: date | None
    registered_capital: Decimal | None
    subdistrict: SubdistrictOut | None
    industry: IndustryOut | None
    industry_section: str | None = Field(
        None, description="Industry section (门类, A–T): the division's, or the only one known when a roster "
                          "named no division (then industry is null).")
    size: str
    employees: int | None
    is_high_tech: bool
    is_specialised: bool
    is_member: bool
    member_since: date | None
    address: str
    phone: str = Field(description="Masked (138****5678) unless the caller's role needs the number.")
    status: str
    created_at: datetime
    updated_at: datetime


class PersonTitleOut(Schema):
    kind: str
    level: str
    label: str


class EnterprisePersonOut(Schema):
    person_id: int
    name: str
    gender: str
    phone: str
    role: str
    position: str
    titles: list[PersonTitleOut]


class EnterpriseDetailOut(EnterpriseOut):
    people: list[EnterprisePersonOut]


class EnterprisePage(Schema):
    items: list[EnterpriseOut]
    next: int | None = Field(description="Cursor of the next (older) page: pass it as `after`; null on the last.")
    previous: int | None = Field(description="Cursor of the previous (newer) page: pass it as `before`.")


class ErrorItem(Schema):
    field: str | None = Field(description="The input field at fault; null for an error about the whole input.")
    message: str


class Error(Schema):
    detail: str
    errors: list[ErrorItem] = []


def enterprise_out(user: Any, enterprise: Enterprise) -> dict[str, Any]:
    """A list row. Needs ``select_related("subdistrict", "industry")`` to stay at one query per page."""
    subdistrict = enterprise.subdistrict
    industry = enterprise.industry
    return {
        "id": enterprise.pk,
        "name": enterprise.name,
        "credit_code": enterprise.credit_code,
        "legal_representative": enterprise.legal_representative,
        "established_on": enterprise.established_on,
        "registered_capital": enterprise.registered_capital,
        "subdistrict": {"id": subdistrict.pk, "name": subdistrict.name} if subdistrict else None,
        "industry": ({"code": industry.code, "name": industry.name, "section": industry.section_id}
                     if industry else None),
        "industry_section": industry.section_id if industry else enterprise.industry_section_id,
        "size": enterprise.size,
        "employees": enterprise.employees,
        "is_high_tech": enterprise.is_high_tech,
        "is_specialised": enterprise.is_specialised,
        "is_member": enterprise.is_member,
        "member_since": enterprise.member_since,
        "address": enterprise.address,
        "phone": permissions.phone_for(user, enterprise.phone),
        "status": enterprise.status,
        "created_at": enterprise.created_at,
        "updated_at": enterprise.updated_at,
    }


def person_out(user: Any, link: EnterprisePerson) -> dict[str, Any]:
    person = link.person
    return {
        "person_id": person.pk,
        "name": person.name,
        "gender": person.gender,
        "phone": permissions.phone_for(user, person.phone),
        "role": link.role,
        "position": link.position,
        "titles": [{"kind": t.kind, "level": t.level, "label": str(t)} for t in person.titles.all()],
    }


def enterprise_detail_out(user: Any, enterprise: Enterprise) -> dict[str, Any]:
    """The detail; ``enterprise`` comes from selectors.enterprise_detail (people prefetched)."""
    return {**enterprise_out(user, enterprise),
            "people": [person_out(user, link) for link in enterprise.person_links.all()]}
