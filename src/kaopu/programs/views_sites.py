"""The education sites' pages (教育基地): the map-free list with its counts, a site's page with the
activities held there, and the staff's forms (new, edit, status). Staff change; leaders and chamber
officers read (an officer: to pick a site, and the sites their chamber hosts)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kaopu.accounts.roles import ROLES_SEEING_PERSONAL_DATA, Role
from kaopu.chambers.permissions import officer_chamber
from kaopu.core import access
from kaopu.core.decorators import staff_and_leaders, staff_only
from kaopu.core.masking import mask_phone
from kaopu.core.page_actions import submit
from kaopu.core.pagination import dated_page
from kaopu.core.workdays import local_today
from kaopu.programs import actions_sites, selectors_sites
from kaopu.programs.forms_sites import SiteFilterForm, SiteForm, SiteStatusForm
from kaopu.programs.models import EducationSite
from kaopu.programs.web import officers, pager, readers

ACTIVITIES_PAGE = 30


def _tab(request: HttpRequest) -> str:
    return "our_sites" if request.user.role == Role.CHAMBER_OFFICER else "sites"


@staff_and_leaders
def site_list(request: HttpRequest) -> HttpResponse:
    return _list(request)


@officers
def chamber_sites(request: HttpRequest) -> HttpResponse:
    """The district's sites for a chamber officer (read-only), those their chamber hosts marked."""
    return _list(request)


def _list(request: HttpRequest) -> HttpResponse:
    """The sites with their activities counted this year (or the year chosen) and in all: one query for
    the sites and their counts, whatever their number (plus the filters' subdistricts)."""
    form = SiteFilterForm(request.GET or None, user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    year = filters.get("year") or local_today().year
    chamber = officer_chamber(request.user)
    rows = selectors_sites.site_list(request.user, year, kind=filters.get("kind") or "",
                                     subdistrict=filters.get("subdistrict"), status=filters.get("status") or "")
    return render(request, "programs/sites/list.html", {
        "form": form, "rows": rows[:selectors_sites.LIST_LIMIT], "more": len(rows) > selectors_sites.LIST_LIMIT,
        "year": year, "chamber": chamber, "may_change": request.user.role == Role.FIC_STAFF, "tab": _tab(request)})


@readers
def site_detail(request: HttpRequest, pk: int) -> HttpResponse:
    site = access.get_object_for_user(request.user, selectors_sites.sites(request.user), pk)
    page = dated_page(selectors_sites.activities_at(request.user, site), request.GET, "starts_at", ACTIVITIES_PAGE)
    may_change = request.user.role == Role.FIC_STAFF
    status_form = SiteStatusForm(initial={"on": local_today(), "status": site.status}) if may_change else None
    # The contact's phone is personal data: whole for staff (ROLES_SEEING_PERSONAL_DATA), masked otherwise.
    phone = (site.contact_phone if request.user.role in ROLES_SEEING_PERSONAL_DATA
             else mask_phone(site.contact_phone))
    return render(request, "programs/sites/detail.html", {
        "site": site, "contact_phone": phone, "may_change": may_change, "status_form": status_form,
        "tab": _tab(request),
        **pager(request, page)})


def _form_page(request: HttpRequest, form: SiteForm, site: EducationSite | None) -> HttpResponse:
    return render(request, "programs/sites/form.html", {"form": form, "site": site, "tab": "sites"})


@staff_only
def site_new(request: HttpRequest) -> HttpResponse:
    form = SiteForm(request.POST or None, user=request.user, initial={"designated_year": local_today().year})
    if request.method == "POST":
        created = submit(request, form,
                         lambda: actions_sites.create_site(acting_user=request.user, **form.cleaned_data),
                         _("The education site was recorded."))
        if created:
            return redirect("programs:site_detail", pk=created.pk)
    return _form_page(request, form, None)


@staff_only
def site_edit(request: HttpRequest, pk: int) -> HttpResponse:
    site = access.get_object_for_user(request.user, EducationSite.objects.select_related("host_enterprise"), pk,
                                      "change")
    form = SiteForm(request.POST or None, user=request.user, initial=SiteForm.initial_of(site))
    if request.method == "POST" and submit(request, form, lambda: actions_sites.update_site(
            site.pk, acting_user=request.user, **form.cleaned_data), _("The education site was saved.")):
        return redirect("programs:site_detail", pk=site.pk)
    return _form_page(request, form, site)


@staff_only
@require_POST
def site_status(request: HttpRequest, pk: int) -> HttpResponse:
    site = access.get_object_for_user(request.user, EducationSite, pk, "change")
    form = SiteStatusForm(request.POST)
    submit(request, form, lambda: actions_sites.change_site_status(site.pk, acting_user=request.user,
                                                                **form.cleaned_data),
           _("The site's status was changed."))
    return redirect("programs:site_detail", pk=site.pk)
