"""The FIC's pages of chambers: the chamber list and the brand projects of the district (staff and leaders),
the chamber's own record, its status and its accounts' organisation (staff only)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kaopu.accounts.roles import Role
from kaopu.chambers import actions, selectors
from kaopu.chambers.forms import ChamberFilterForm, ChamberForm, LinkForm, StatusForm
from kaopu.chambers.models import BrandProject, Chamber
from kaopu.chambers.web import attempt, pages, submitted
from kaopu.core import access
from kaopu.core.decorators import staff_and_leaders, staff_only
from kaopu.core.pagination import page_from_query
from kaopu.core.workdays import local_today

PAGE_SIZE = 30


@staff_and_leaders
def chamber_list(request: HttpRequest) -> HttpResponse:
    form = ChamberFilterForm(request.GET or None, district_id=request.user.district_id)
    page = selectors.name_page(selectors.chamber_list(request.user, **form.values()), request.GET, PAGE_SIZE)
    return render(request, "chambers/chamber_list.html", {
        **pages(request, page), "form": form, "is_staff": request.user.role == Role.FIC_STAFF})


def _record_form(request: HttpRequest, chamber: Chamber | None) -> HttpResponse:
    district_id = chamber.district_id if chamber else request.user.district_id
    initial = ChamberForm.initial_of(chamber) if chamber else {"kind": Chamber.Kind.SUBDISTRICT}
    form = ChamberForm(request.POST or None, district_id=district_id, initial=initial)
    if chamber is None:
        response = submitted(request, form, lambda data: actions.create_chamber(acting_user=request.user, **data),
                             _("The chamber was recorded."), _to_chamber)
    else:
        response = submitted(request, form, lambda data: actions.update_chamber(chamber, acting_user=request.user,
                                                                                **data),
                             _("The chamber was saved."), _to_chamber)
    return response or render(request, "chambers/chamber_form.html", {"form": form, "chamber": chamber})


def _to_chamber(chamber: Any) -> HttpResponse:
    return redirect("chambers:chamber_detail", pk=getattr(chamber, "chamber_id", None) or chamber.pk)


@staff_only
def chamber_new(request: HttpRequest) -> HttpResponse:
    return _record_form(request, None)


@staff_only
def chamber_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _record_form(request, access.get_object_for_user(request.user, Chamber, pk, "change"))


@staff_only
def chamber_status(request: HttpRequest, pk: int) -> HttpResponse:
    chamber = access.get_object_for_user(request.user, Chamber, pk, "change")
    form = StatusForm(request.POST or None, chamber=chamber,
                      initial={"status": chamber.status, "on": chamber.status_changed_on or local_today(),
                               "merged_into": chamber.merged_into_id})
    response = submitted(request, form, lambda data: actions.change_status(chamber, acting_user=request.user, **data),
                         _("The chamber's status was changed."), _to_chamber)
    return response or render(request, "chambers/chamber_status.html", {"form": form, "chamber": chamber})


@staff_only
def chamber_link(request: HttpRequest, pk: int) -> HttpResponse:
    chamber = access.get_object_for_user(request.user, Chamber.objects.select_related("organisation"), pk, "change")
    form = LinkForm(request.POST or None, chamber=chamber, initial={"organisation": chamber.organisation_id})
    response = submitted(request, form, lambda data: actions.link_organisation(chamber, acting_user=request.user,
                                                                               **data),
                         _("The chamber was linked to its accounts' organisation."), lambda _org: _to_chamber(chamber))
    return response or render(request, "chambers/chamber_link.html", {"form": form, "chamber": chamber})


@staff_and_leaders
def project_list(request: HttpRequest) -> HttpResponse:
    year = request.GET.get("year", "")
    featured = request.GET.get("featured") == "1"
    projects = selectors.brand_projects(request.user, year=int(year) if year.isdigit() else None, featured=featured)
    page = page_from_query(projects, request.GET, size=PAGE_SIZE)
    return render(request, "chambers/project_list.html", {
        **pages(request, page), "year": year, "featured": featured, "chamber": None,
        "years": range(local_today().year + 1, local_today().year - 6, -1)})


@require_POST
@staff_only
def project_feature(request: HttpRequest, pk: int) -> HttpResponse:
    project = access.get_object_for_user(request.user, BrandProject, pk, "change")
    featured = request.POST.get("featured") == "1"
    attempt(request, lambda: actions.set_featured(project, acting_user=request.user, featured=featured),
            _("The project is featured.") if featured else _("The project is no longer featured."))
    return redirect("chambers:project_detail", pk=project.pk)


@staff_and_leaders
def terms_ending(request: HttpRequest) -> HttpResponse:
    terms = list(selectors.terms_ending(request.user, local_today()).order_by("ends_on", "id")[:200])
    return render(request, "chambers/terms_ending.html", {"terms": terms, "days": selectors.TERM_WARNING_DAYS})
