"""The FIC staff's legal pages (政会法企) under /legal/: requests, the service team, the catalogue and
the figures. District leaders read the same pages without the forms. Thin, like
kaopu.dialogues.views_staff: authorize, parse, call one action of kaopu.legal.actions, render.
Every other role gets 404, like a request of another district.
"""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST
from openpyxl import Workbook
from openpyxl.styles import Font

from kaopu.accounts.roles import Role
from kaopu.audit.log import record
from kaopu.audit.models import Action
from kaopu.core import access
from kaopu.core.decorators import settings_readers, staff_and_leaders, staff_only
from kaopu.core.downloads import XLSX
from kaopu.core.pagination import page_from_query, query_with
from kaopu.core.spreadsheet import safe_append
from kaopu.legal import actions, selectors
from kaopu.legal.forms_enterprise import StaffRequestForm
from kaopu.legal.forms_staff import (
    CATALOGUE_FORMS,
    AppealForm,
    AssignForm,
    DeclineForm,
    FiguresForm,
    FirmForm,
    LawyerForm,
    RequestFilterForm,
)
from kaopu.legal.models import HealthCheckItem, LawFirm, Lawyer, LegalRequest, PracticeArea, ServiceKind
from kaopu.legal.suggestions import suggest_lawyers
from kaopu.legal.views_common import attempt, form_errors

PAGE_SIZE = 30
S = LegalRequest.State


def _is_staff(request: HttpRequest) -> bool:
    return request.user.role == Role.FIC_STAFF


# --- requests -------------------------------------------------------------------------------------


@staff_and_leaders
def request_list(request: HttpRequest) -> HttpResponse:
    lawyers = selectors.district_lawyers(request.user)
    form = RequestFilterForm(request.GET or None, lawyers=lawyers)
    filters = form.filters() if form.is_bound else {}
    page = page_from_query(selectors.request_list(request.user, **filters), request.GET, size=PAGE_SIZE)
    for row in page.items:
        selectors.badge(row)
    return render(request, "legal/staff_list.html", {
        "form": form, "page": page, "is_staff": _is_staff(request),
        "next_query": query_with(request.GET, after=page.next_cursor, before=None),
        "previous_query": query_with(request.GET, before=page.previous_cursor, after=None),
    })


@staff_and_leaders
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    legal_request = access.get_object_for_user(request.user, selectors.detail_queryset(public_only=False), pk)
    selectors.badge(legal_request)
    legal_request.shown_phone = selectors.shown_phone(request.user, legal_request)
    selectors.record_phone_viewing(request, request.user, legal_request)
    is_staff = _is_staff(request)
    open_request = legal_request.state in (S.SUBMITTED, S.ASSIGNED, S.IN_PROGRESS)
    suggestions = suggest_lawyers(legal_request) if is_staff and open_request else []
    appeal_form = AppealForm(initial={"title": legal_request.topic, "content": legal_request.description})
    return render(request, "legal/staff_detail.html", {
        "r": legal_request, "is_staff": is_staff, "suggestions": suggestions,
        "assign_form": AssignForm(suggestions=suggestions) if suggestions else None,
        "can_decline": is_staff and legal_request.state in actions.WORKFLOW["decline"],
        "decline_form": DeclineForm(),
        "can_appeal": is_staff and not legal_request.appeal_id
        and legal_request.state in actions.WORKFLOW["to_appeal"],
        "appeal_form": appeal_form,
        "checklist": selectors.checklist(legal_request) if legal_request.service.has_checklist else None,
    })


@staff_only
def request_new(request: HttpRequest) -> HttpResponse:
    """Staff take a request on an enterprise's behalf (from the hotline or a visit)."""
    form = StaffRequestForm(request.POST or None, request.FILES or None, user=request.user,
                            initial={"service": request.GET.get("service")})
    if request.method == "POST":
        if form.is_valid():
            values = dict(form.cleaned_data)
            values["enterprise"] = values.pop("credit_code")
            created = attempt(request, lambda: actions.submit_request(acting_user=request.user, **values),
                              _("The request was recorded for the enterprise."))
            if created:
                return redirect("legal:request_detail", pk=created.pk)
        else:
            form_errors(request, form)
    return render(request, "legal/my_new.html", {"form": form, "on_behalf": True})


@require_POST
@staff_only
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    legal_request = access.get_object_for_user(request.user, LegalRequest, pk, "change")
    lawyer = request.POST.get("lawyer", "")
    # The lawyer the page showed: a request someone else assigned meanwhile is refused, not reassigned.
    shown = request.POST.get("current") or None
    shown = int(shown) if shown and shown.isdigit() else (None if shown is None else 0)
    attempt(request, lambda: actions.assign_lawyer(legal_request.pk, acting_user=request.user, lawyer=lawyer,
                                                   override_load=bool(request.POST.get("override_load")),
                                                   expected_lawyer=shown),
            _("The lawyer was assigned and told."))
    return redirect("legal:request_detail", pk=legal_request.pk)


@require_POST
@staff_only
def decline(request: HttpRequest, pk: int) -> HttpResponse:
    legal_request = access.get_object_for_user(request.user, LegalRequest, pk, "change")
    form = DeclineForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
    else:
        attempt(request, lambda: actions.decline_request(legal_request.pk, acting_user=request.user,
                                                         reason=form.cleaned_data["reason"]),
                _("The request was declined; the enterprise is told why."))
    return redirect("legal:request_detail", pk=legal_request.pk)


@require_POST
@staff_only
def to_appeal(request: HttpRequest, pk: int) -> HttpResponse:
    legal_request = access.get_object_for_user(request.user, LegalRequest, pk, "change")
    form = AppealForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return redirect("legal:request_detail", pk=legal_request.pk)
    appeal = attempt(request, lambda: actions.turn_into_appeal(legal_request.pk, acting_user=request.user,
                                                               **form.cleaned_data),
                     _("The request was turned into an appeal."))
    if appeal:
        return redirect("appeals:staff_detail", pk=appeal.pk)
    return redirect("legal:request_detail", pk=legal_request.pk)


# --- the team -------------------------------------------------------------------------------------


@staff_and_leaders
def team(request: HttpRequest) -> HttpResponse:
    return render(request, "legal/staff_team.html", {"firms": selectors.team(request.user),
                                                     "is_staff": _is_staff(request)})


@staff_only
def firm_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    firm = access.get_object_for_user(request.user, LawFirm, pk, "change") if pk else None
    initial = {name: getattr(firm, name) for name in ("name", "address", "phone", "joined_on", "is_active")} \
        if firm else {}
    form = FirmForm(request.POST or None, district_id=request.user.district_id, firm=firm, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            if attempt(request, lambda: actions.save_firm(acting_user=request.user, firm_id=pk, **form.cleaned_data),
                       _("The law firm was saved.")):
                return redirect("legal:team")
        else:
            form_errors(request, form)
    return render(request, "legal/staff_edit.html", {"form": form, "title": firm.name if firm else _("New law firm")})


@staff_only
def lawyer_edit(request: HttpRequest, firm_pk: int, pk: int | None = None) -> HttpResponse:
    firm = access.get_object_for_user(request.user, LawFirm, firm_pk, "change")
    lawyer = access.get_object_for_user(request.user, Lawyer.objects.filter(firm=firm), pk, "change") if pk else None
    initial: dict[str, Any] = {}
    if lawyer:
        initial = {name: getattr(lawyer, name) for name in ("license_number", "years_of_practice", "languages",
                                                            "availability", "max_open_requests", "is_available")}
        initial["practice_areas"] = list(lawyer.practice_areas.values_list("pk", flat=True))
    form = LawyerForm(request.POST or None, firm=firm, lawyer=lawyer, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            values = dict(form.cleaned_data, practice_areas=list(form.cleaned_data["practice_areas"]))
            if attempt(request, lambda: actions.save_lawyer(acting_user=request.user, lawyer_id=pk, firm=firm,
                                                            **values), _("The lawyer was saved.")):
                return redirect("legal:team")
        else:
            form_errors(request, form)
    title = f"{lawyer.user.name} · {firm.name}" if lawyer else _("New lawyer of %(firm)s") % {"firm": firm.name}
    return render(request, "legal/staff_edit.html", {"form": form, "title": title})


@require_POST
@staff_only
def lawyer_availability(request: HttpRequest, pk: int) -> HttpResponse:
    available = request.POST.get("available") == "1"
    attempt(request, lambda: actions.set_availability(pk, acting_user=request.user, available=available),
            _("Availability saved."))
    return redirect("legal:team")


# --- the catalogue --------------------------------------------------------------------------------

CATALOGUE_MODELS = {"service": ServiceKind, "area": PracticeArea, "item": HealthCheckItem}


@settings_readers
def settings_page(request: HttpRequest) -> HttpResponse:
    return render(request, "legal/staff_settings.html", {
        "services": ServiceKind.objects.all(), "areas": PracticeArea.objects.all(),
        "items": HealthCheckItem.objects.all(), "is_staff": _is_staff(request),
        "new_forms": {kind: form(prefix=f"new-{kind}") for kind, form in CATALOGUE_FORMS.items()},
    })


@require_POST
@staff_only
def catalogue_save(request: HttpRequest, kind: str, pk: int | None = None) -> HttpResponse:
    if kind not in CATALOGUE_FORMS:
        return redirect("legal:settings")
    form = CATALOGUE_FORMS[kind](request.POST, prefix=None if pk else f"new-{kind}")
    if not form.is_valid():
        form_errors(request, form)
    else:
        attempt(request, lambda: actions.save_catalogue_entry(kind, acting_user=request.user, entry_id=pk,
                                                              values=form.cleaned_data), _("Saved."))
    return redirect(f"{reverse('legal:settings')}#{kind}s")


# --- figures --------------------------------------------------------------------------------------


def _year(request: HttpRequest) -> int:
    return selectors.clamp_year(request.GET.get("year"))


def _percent(value: Decimal | None) -> str:
    return "—" if value is None else f"{(value * 100).quantize(Decimal('0.1'))}%"


@staff_and_leaders
def figures_page(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    figures = selectors.figures(request.user, year)
    return render(request, "legal/staff_figures.html", {
        "figures": figures, "good_rate": _percent(figures.totals.good_rate),
        "form": FiguresForm(initial={"year": year}), "year": year,
    })


@staff_and_leaders
def figures_export(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    data = selectors.figures(request.user, year)
    book = Workbook()
    sheet = book.active
    sheet.title = _("By service")[:31]
    bold = Font(bold=True)

    def table(ws: Any, head: list[str], rows: list[list[Any]]) -> None:
        safe_append(ws, head)
        for cell in ws[ws.max_row]:
            cell.font = bold
        for row in rows:
            safe_append(ws, [float(v) if hasattr(v, "quantize") else v for v in row])

    table(sheet, [_("Service"), pgettext("a count", "Requests"), _("Completed"), _("Mean rating")],
          [[name, n, done, mean] for name, n, done, mean in data.by_service])
    table(book.create_sheet(_("By state")[:31]), [_("State"), pgettext("a count", "Requests")],
          [[label, n] for _state, label, n in data.by_state])
    table(book.create_sheet(_("By field of law")[:31]), [_("Field of law"), pgettext("a count", "Requests")],
          [list(row) for row in data.by_area])
    table(book.create_sheet(_("Lawyers")[:31]), [_("Lawyer"), _("Law firm"), _("Open now"), _("Handled"),
                                                 _("Completed"), _("Mean rating")],
          [[f.name, f.firm, f.open_now, f.handled, f.completed, f.mean_rating] for f in data.lawyers])
    table(book.create_sheet(_("Working days")[:31]), [_("Measure"), _("Working days")],
          [[_("Mean working days to assignment"), data.days_to_assignment],
           [_("Mean working days to completion"), data.days_to_completion]])
    buffer = io.BytesIO()
    book.save(buffer)
    record(Action.EXPORT, actor=request.user, request=request, object_type="legal.figures", object_id=str(year),
           summary=_("Legal service figures exported (%(year)s)") % {"year": year}, data={"rows": data.total})
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="legal-figures-{year}.xlsx"'
    return response
