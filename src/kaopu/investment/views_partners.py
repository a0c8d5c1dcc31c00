"""The partner organisations' and the delegation visits' pages (list, detail, create, edit).

Same shape as views_leads: FIC staff change, district leaders read, every other role 404.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kaopu.core import access
from kaopu.core.decorators import staff_and_leaders, staff_only
from kaopu.core.pagination import page_from_query, query_with
from kaopu.investment import actions, selectors
from kaopu.investment.actions import F
from kaopu.investment.forms import PartnerForm, VisitForm
from kaopu.investment.models import Lead, Partner, Visit
from kaopu.investment.views_leads import STAGE_BADGES
from kaopu.investment.web import attempt, form_errors, is_staff, record_contact_viewing

PAGE_SIZE = 30
DETAIL_ROWS = 50


def _pages(request: HttpRequest, page: Any) -> dict[str, Any]:
    return {
        "page": page,
        "is_staff": is_staff(request),
        "next_query": query_with(request.GET, after=page.next_cursor, before=None),
        "previous_query": query_with(request.GET, before=page.previous_cursor, after=None),
    }


def _with_badges(leads: list[Lead]) -> list[Lead]:
    for lead in leads:
        lead.badge = STAGE_BADGES.get(lead.stage, "")
    return leads


# ---- partners ---------------------------------------------------------------------------------------------


@staff_and_leaders
def partner_list(request: HttpRequest) -> HttpResponse:
    page = page_from_query(selectors.partners(request.user), request.GET, size=PAGE_SIZE)
    return render(request, "investment/partner_list.html", _pages(request, page))


@staff_and_leaders
def partner_detail(request: HttpRequest, pk: int) -> HttpResponse:
    partner = access.get_object_for_user(request.user, Partner, pk)
    record_contact_viewing(request, partner, f"合作伙伴 {partner.name} ")
    return render(
        request,
        "investment/partner_detail.html",
        {
            "partner": partner,
            "is_staff": is_staff(request),
            "summary": selectors.partner_summary(partner),
            "visits": list(partner.visits.order_by("-visited_on", "-id")[:DETAIL_ROWS]),
            "leads": _with_badges(
                list(partner.leads.select_related("industry", "owner").order_by("-id")[:DETAIL_ROWS])
            ),
            "rows_limit": DETAIL_ROWS,
        },
    )


@staff_only
def partner_new(request: HttpRequest) -> HttpResponse:
    form = PartnerForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            partner = attempt(
                request,
                lambda: actions.create_partner(acting_user=request.user, **form.cleaned_data),
                _("The partner organisation was recorded."),
            )
            if partner:
                return redirect("investment:partner_detail", pk=partner.pk)
        else:
            form_errors(request, form)
    return render(request, "investment/partner_form.html", {"form": form, "partner": None})


@staff_only
def partner_edit(request: HttpRequest, pk: int) -> HttpResponse:
    partner = access.get_object_for_user(request.user, Partner, pk, "change")
    form = PartnerForm(request.POST or None, initial=PartnerForm.initial_of(partner))
    if request.method == "POST":
        if form.is_valid():
            if attempt(
                request,
                lambda: actions.update_partner(partner.pk, acting_user=request.user, **form.cleaned_data),
                _("The partner was saved."),
            ):
                return redirect("investment:partner_detail", pk=partner.pk)
        else:
            form_errors(request, form)
    return render(request, "investment/partner_form.html", {"form": form, "partner": partner})


# ---- visits -----------------------------------------------------------------------------------------------


@staff_and_leaders
def visit_list(request: HttpRequest) -> HttpResponse:
    page = page_from_query(selectors.visits(request.user), request.GET, size=PAGE_SIZE)
    return render(request, "investment/visit_list.html", _pages(request, page))


@staff_and_leaders
def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    visit = access.get_object_for_user(request.user, Visit.objects.select_related("partner", "created_by"), pk)
    return render(
        request,
        "investment/visit_detail.html",
        {
            "visit": visit,
            "is_staff": is_staff(request),
            "local_enterprises": list(visit.local_enterprises.order_by("name")[:200]),
            "leads": _with_badges(list(visit.leads.select_related("industry", "owner").order_by("-id")[:DETAIL_ROWS])),
        },
    )


def _visit_values(form: VisitForm, district_id: int) -> dict[str, Any]:
    """The form's values for the action, the local enterprises' lines resolved in the directory."""
    values = dict(form.cleaned_data)
    lines = [line.strip() for line in values.pop("local_enterprises", "").splitlines() if line.strip()]
    field = F("local_enterprises", _("Local enterprises taking part"))
    values["local_enterprises"] = [actions.find_enterprise(line, district_id, field) for line in lines]
    return values


@staff_only
def visit_new(request: HttpRequest) -> HttpResponse:
    district_id = request.user.district_id
    form = VisitForm(
        request.POST or None,
        district_id=district_id,
        initial={"direction": Visit.Direction.INCOMING, "partner": request.GET.get("partner", "")},
    )
    if request.method == "POST":
        if form.is_valid():
            visit = attempt(
                request,
                lambda: actions.create_visit(acting_user=request.user, **_visit_values(form, district_id)),
                _("The visit was recorded."),
            )
            if visit:
                return redirect("investment:visit_detail", pk=visit.pk)
        else:
            form_errors(request, form)
    return render(request, "investment/visit_form.html", {"form": form, "visit": None})


@staff_only
def visit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    visit = access.get_object_for_user(request.user, Visit, pk, "change")
    form = VisitForm(request.POST or None, district_id=visit.district_id, initial=VisitForm.initial_of(visit))
    if request.method == "POST":
        if form.is_valid():
            if attempt(
                request,
                lambda: actions.update_visit(
                    visit.pk, acting_user=request.user, **_visit_values(form, visit.district_id)
                ),
                _("The visit was saved."),
            ):
                return redirect("investment:visit_detail", pk=visit.pk)
        else:
            form_errors(request, form)
    return render(request, "investment/visit_form.html", {"form": form, "visit": visit})
