"""The directory's JSON API: /api/v1/enterprises.

Thin like the pages: the selectors decide what a caller sees (404 for anything else), the forms of
``forms.py`` hold the input rules, the actions write and audit. Status codes:

- 401 without a valid token or session;
- 403 when the caller's role may never make this request (creating an enterprise as anyone but
  FIC staff of a district; an enterprise user sending fields other than its contact details);
- 404 for an enterprise the caller may not see, or may see but not change — the same answer as for
  an id that does not exist, so a guessed id tells nothing;
- 422 for invalid input, with one entry per field and rule.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import model_to_dict
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from ninja import Path, Query, Router, Status

from kaopu.core import access
from kaopu.core.api_errors import ApiError, refuse_nul_characters
from kaopu.core.pagination import keyset_page
from kaopu.directory import actions, permissions, personal_data, selectors
from kaopu.directory.forms import EnterpriseFilterForm, EnterpriseForm, edit_form_class, make_edit_form
from kaopu.directory.importer import READ_ONLY
from kaopu.directory.models import Enterprise
from kaopu.directory.schemas import (
    MAX_ID,
    EnterpriseCreate,
    EnterpriseDetailOut,
    EnterprisePage,
    EnterpriseQuery,
    EnterpriseUpdate,
    Error,
    enterprise_detail_out,
    enterprise_out,
)

router = Router(tags=["directory"])

_READ_ERRORS: dict[int, Any] = {401: Error, 404: Error, 422: Error}
# FIC membership is recorded on the membership pages (kaopu.membership writes the flag): read-only here.
_READ_ONLY_MESSAGE = _lazy("“%(field)s” is read-only: FIC membership is recorded on the membership pages.")
_WRITE_ERRORS: dict[int, Any] = {400: Error, 401: Error, 403: Error, 404: Error, 422: Error}



def _enterprise_id() -> Any:
    # Ids beyond a bigint are refused with 422 here rather than overflowing in the database.
    return Path(..., ge=1, le=MAX_ID, description="The enterprise's id.")


# The list page's filter form names two fields differently from the API.
_FILTER_FORM_NAMES = {"member": "is_member", "high_tech": "is_high_tech"}


def _flag(value: bool | None) -> str:
    return "" if value is None else ("1" if value else "0")


def _filters(user: Any, query: EnterpriseQuery) -> selectors.EnterpriseFilters:
    """The list page's filter form, run on the API's parameters: one set of rules for both."""
    refuse_nul_characters(query.dict())
    form = EnterpriseFilterForm({
        "q": query.q, "subdistrict": query.subdistrict or "", "section": query.section or "",
        "industry": query.industry or "", "size": query.size or "", "member": _flag(query.is_member),
        "high_tech": _flag(query.is_high_tech), "status": query.status or "",
    }, district_id=user.district_id)
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return form.filters()


@router.get("/enterprises", response={200: EnterprisePage, **_READ_ERRORS}, operation_id="list_enterprises",
            summary="List enterprises")
def list_enterprises(request: HttpRequest, query: Query[EnterpriseQuery]) -> dict[str, Any]:
    """The enterprises the caller may see, newest first, filtered as on the list page.

    Keyset pages: pass a page's `next` as `after` for the following page. Nothing is counted.
    """
    user = request.auth  # type: ignore[attr-defined]
    filters = _filters(user, query)
    page = keyset_page(selectors.enterprise_list(user, filters), after=query.after, before=query.before,
                       size=query.limit)
    if permissions.sees_personal_data(user):
        personal_data.record_viewing(request, user, what="电话号码", enterprises=[e for e in page.items if e.phone])
    return {"items": [enterprise_out(user, e) for e in page.items],
            "next": page.next_cursor, "previous": page.previous_cursor}


@router.get("/enterprises/{enterprise_id}", response={200: EnterpriseDetailOut, **_READ_ERRORS},
            operation_id="get_enterprise", summary="One enterprise with its people")
def get_enterprise(request: HttpRequest, enterprise_id: int = _enterprise_id()) -> dict[str, Any]:
    user = request.auth  # type: ignore[attr-defined]
    enterprise = selectors.enterprise_detail(user, enterprise_id)
    phones = enterprise.phone or any(link.person.phone for link in enterprise.person_links.all())
    if phones and permissions.sees_personal_data(user):
        personal_data.record_viewing(request, user, what="电话号码", enterprises=[enterprise])
    return enterprise_detail_out(user, enterprise)


@router.post("/enterprises", response={201: EnterpriseDetailOut, **_WRITE_ERRORS},
             operation_id="create_enterprise", summary="Add an enterprise (FIC staff)")
def create_enterprise(request: HttpRequest, payload: EnterpriseCreate) -> Status:
    """Add an enterprise to the caller's district. The rules are those of the staff form."""
    user = request.auth  # type: ignore[attr-defined]
    if not permissions.can_create_enterprise(user):
        raise PermissionDenied(_("Only FIC staff may add enterprises."))
    if user.district_id is None:
        raise PermissionDenied(_("A city-level account may not add enterprises; ask the district's FIC."))
    data = payload.dict()
    refuse_nul_characters(data)
    if data.get("is_member") or data.get("member_since"):
        raise ApiError(422, _("The input is invalid; see the errors of each field."), [
            {"field": name, "message": str(_READ_ONLY_MESSAGE) % {"field": name}}
            for name in ("is_member", "member_since") if data.get(name)])
    form = EnterpriseForm(data, district_id=user.district_id)
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    enterprise = actions.create_enterprise(data=form.cleaned_data, district_id=user.district_id,
                                           acting_user=user, request=request)
    return Status(201, enterprise_detail_out(user, selectors.enterprise_detail(user, enterprise.pk)))


@router.patch("/enterprises/{enterprise_id}", response={200: EnterpriseDetailOut, **_WRITE_ERRORS},
              operation_id="update_enterprise", summary="Change some fields of an enterprise")
def update_enterprise(request: HttpRequest, payload: EnterpriseUpdate,
                      enterprise_id: int = _enterprise_id()) -> dict[str, Any]:
    """Change the given fields. FIC staff may change every field of their district's enterprises;
    an enterprise user only the address, phone and employees of its own."""
    user = request.auth  # type: ignore[attr-defined]
    enterprise = access.get_object_for_user(user, Enterprise, enterprise_id, "change")
    allowed = list(edit_form_class(user).Meta.fields)
    given = payload.dict(exclude_unset=True)
    refuse_nul_characters(given)
    refused = [name for name in given if name not in allowed]
    if refused:
        raise ApiError(403, _("Your role may change only some fields of this enterprise."), [
            {"field": name, "message": (str(_READ_ONLY_MESSAGE) if name in READ_ONLY
                                        else _("Your role may not change “%(field)s”.")) % {"field": name}}
            for name in refused])
    data = {**model_to_dict(enterprise, fields=allowed), **given}
    form = make_edit_form(user, enterprise, data)
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    changes = {name: form.cleaned_data[name] for name in given}
    actions.update_enterprise(enterprise, changes=changes, acting_user=user, request=request)
    return enterprise_detail_out(user, selectors.enterprise_detail(user, enterprise_id))
