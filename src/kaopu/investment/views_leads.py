"""The lead pages (招商线索): list, detail with follow-ups and stage moves, create and edit.

Thin: authorize (FIC staff change, district leaders read, every other role 404), parse a form, call one
action of kaopu.investment.actions, render. A refusal comes back as a message naming the field.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kaopu.core import access
from kaopu.core.decorators import staff_and_leaders, staff_only
from kaopu.core.pagination import page_from_query, query_with
from kaopu.core.workdays import local_today
from kaopu.investment import actions, selectors
from kaopu.investment.actions import F
from kaopu.investment.forms import (
    FollowUpForm,
    LandForm,
    LeadFilterForm,
    LeadForm,
    OwnerForm,
    ReopenForm,
    SignForm,
    TerminateForm,
)
from kaopu.investment.models import Lead, Visit
from kaopu.investment.web import attempt, form_errors, is_staff, record_contact_viewing

S = Lead.Stage
STAGE_BADGES = {S.NEGOTIATING: "warn", S.SIGNED: "brand", S.LANDED: "ok", S.TERMINATED: "danger"}
PAGE_SIZE = 30
DETAIL_ROWS = 100  # follow-ups and stage changes shown on a lead's page, newest first


def _lead(request: HttpRequest, pk: int, action: str = "view") -> Lead:
    queryset = Lead.objects.select_related(
        "industry", "owner", "source_partner", "source_visit", "landed_enterprise", "created_by"
    )
    return access.get_object_for_user(request.user, queryset, pk, action)


@staff_and_leaders
def lead_list(request: HttpRequest) -> HttpResponse:
    form = LeadFilterForm(request.GET or None, district_id=request.user.district_id)
    filters = form.filters() if form.is_bound else {}
    mine = request.GET.get("mine") == "1" and is_staff(request)
    if mine:
        filters["owner"] = request.user.pk
    today = local_today()
    # ?overdue=1: only the leads whose next step is overdue (the start page's to-do, investment.workbench).
    overdue = request.GET.get("overdue") == "1"
    if overdue:
        filters["overdue_on"] = today
    page = page_from_query(selectors.lead_list(request.user, **filters), request.GET, size=PAGE_SIZE)
    for lead in page.items:
        lead.badge = STAGE_BADGES.get(lead.stage, "")
        lead.overdue = selectors.is_overdue(lead, today)
    return render(
        request,
        "investment/lead_list.html",
        {
            "form": form,
            "page": page,
            "is_staff": is_staff(request),
            "mine": mine,
            "overdue": overdue,
            "every_lead_query": query_with(request.GET, overdue=None, after=None, before=None),
            "today": today,
            "mine_query": query_with(request.GET, mine="1", after=None, before=None),
            "all_query": query_with(request.GET, mine=None, after=None, before=None),
            "next_query": query_with(request.GET, after=page.next_cursor, before=None),
            "previous_query": query_with(request.GET, before=page.previous_cursor, after=None),
        },
    )


def _stage_steps(lead: Lead) -> list[dict[str, Any]]:
    """The stage bar 洽谈 → 签约 → 落地: each step done, current or to come, with its amount and date."""
    order = [S.NEGOTIATING, S.SIGNED, S.LANDED]
    # the index of the current step; a landed lead has done every step, a terminated one stops after the last
    reached = {S.NEGOTIATING: 0, S.SIGNED: 1, S.LANDED: 3}.get(lead.stage, 0)
    if lead.stage == S.TERMINATED:
        reached = 2 if lead.signed_on else 1
    amounts = {
        S.NEGOTIATING: (lead.intended_amount, lead.created_at.date()),
        S.SIGNED: (lead.signed_amount, lead.signed_on),
        S.LANDED: (lead.landed_amount, lead.landed_on),
    }
    return [
        {
            "stage": stage,
            "label": S(stage).label,
            "amount": amounts[stage][0],
            "on": amounts[stage][1],
            "state": "done"
            if i < reached
            else ("current" if i == reached and lead.stage in selectors.OPEN_STAGES else "todo"),
        }
        for i, stage in enumerate(order)
    ]


def _detail_context(request: HttpRequest, lead: Lead, **forms: Any) -> dict[str, Any]:
    staff = is_staff(request)
    context: dict[str, Any] = {
        "lead": lead,
        "badge": STAGE_BADGES.get(lead.stage, ""),
        "is_staff": staff,
        "steps": _stage_steps(lead),
        "overdue": selectors.is_overdue(lead, local_today()),
        "follow_ups": list(lead.follow_ups.select_related("created_by").order_by("-happened_on", "-id")[:DETAIL_ROWS]),
        "changes": list(lead.stage_changes.select_related("actor").order_by("-id")[:DETAIL_ROWS]),
    }
    if staff:
        context.update(
            {
                "follow_up_form": FollowUpForm(),
                "owner_form": OwnerForm(initial={"owner": lead.owner_id}, district_id=lead.district_id),
                "sign_form": SignForm(initial={"on": local_today()}) if lead.stage == S.NEGOTIATING else None,
                "land_form": LandForm(initial={"on": local_today()}) if lead.stage in selectors.OPEN_STAGES else None,
                "terminate_form": TerminateForm() if lead.stage in selectors.OPEN_STAGES else None,
                "reopen_form": ReopenForm() if lead.stage == S.TERMINATED else None,
            }
        )
    context.update(forms)
    return context


@staff_and_leaders
def lead_detail(request: HttpRequest, pk: int) -> HttpResponse:
    lead = _lead(request, pk)
    record_contact_viewing(request, lead, f"招商线索「{lead.name}」")
    return render(request, "investment/lead_detail.html", _detail_context(request, lead))


def _lead_values(form: LeadForm) -> dict[str, Any]:
    return dict(form.cleaned_data)


@staff_only
def lead_new(request: HttpRequest) -> HttpResponse:
    initial: dict[str, Any] = {"kind": Lead.Kind.ENTERPRISE}
    visit_id = request.GET.get("visit")
    if visit_id:
        visit = access.get_object_for_user(request.user, Visit, visit_id)
        initial.update(source_visit=visit.pk, source_partner=visit.partner_id or "")
    elif request.GET.get("partner"):
        initial["source_partner"] = request.GET["partner"]
    form = LeadForm(request.POST or None, district_id=request.user.district_id, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            lead = attempt(
                request,
                lambda: actions.create_lead(acting_user=request.user, **_lead_values(form)),
                _("The lead was recorded in negotiation; you follow it."),
            )
            if lead:
                return redirect("investment:lead_detail", pk=lead.pk)
        else:
            form_errors(request, form)
    return render(request, "investment/lead_form.html", {"form": form, "lead": None})


@staff_only
def lead_edit(request: HttpRequest, pk: int) -> HttpResponse:
    lead = _lead(request, pk, "change")
    form = LeadForm(request.POST or None, district_id=lead.district_id, initial=LeadForm.initial_of(lead))
    if request.method == "POST":
        if form.is_valid():
            if attempt(
                request,
                lambda: actions.update_lead(lead.pk, acting_user=request.user, **_lead_values(form)),
                _("The lead was saved."),
            ):
                return redirect("investment:lead_detail", pk=lead.pk)
        else:
            form_errors(request, form)
    return render(request, "investment/lead_form.html", {"form": form, "lead": lead})


@require_POST
@staff_only
def follow_up_add(request: HttpRequest, pk: int) -> HttpResponse:
    lead = _lead(request, pk, "change")
    form = FollowUpForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return render(request, "investment/lead_detail.html", _detail_context(request, lead, follow_up_form=form))
    if not attempt(
        request,
        lambda: actions.record_follow_up(lead.pk, acting_user=request.user, **form.cleaned_data),
        _("The follow-up was recorded."),
    ):
        return render(request, "investment/lead_detail.html", _detail_context(request, lead, follow_up_form=form))
    return redirect("investment:lead_detail", pk=lead.pk)


MOVE_FORMS = {"sign": SignForm, "land": LandForm, "terminate": TerminateForm, "reopen": ReopenForm}
MOVE_DONE = {
    "sign": gettext_lazy("The lead is signed."),
    "land": gettext_lazy("The lead has landed."),
    "terminate": gettext_lazy("The lead was terminated."),
    "reopen": gettext_lazy("The lead is in negotiation again."),
}


@require_POST
@staff_only
def lead_move(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    lead = _lead(request, pk, "change")
    if name not in MOVE_FORMS:
        messages.error(request, _("Move: please choose sign, land, terminate or reopen."))
        return redirect("investment:lead_detail", pk=lead.pk)
    form = MOVE_FORMS[name](request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return render(request, "investment/lead_detail.html", _detail_context(request, lead, **{f"{name}_form": form}))
    values = dict(form.cleaned_data)

    def move() -> Lead:
        if values.get("enterprise"):
            values["enterprise"] = actions.find_enterprise(
                values["enterprise"], lead.district_id, F("enterprise", _("Registered enterprise"))
            )
        return actions.move_lead(lead.pk, acting_user=request.user, move=name, **values)

    if not attempt(request, move, str(MOVE_DONE[name])):
        return render(request, "investment/lead_detail.html", _detail_context(request, lead, **{f"{name}_form": form}))
    return redirect("investment:lead_detail", pk=lead.pk)


@require_POST
@staff_only
def lead_owner(request: HttpRequest, pk: int) -> HttpResponse:
    lead = _lead(request, pk, "change")
    form = OwnerForm(request.POST, district_id=lead.district_id)
    if not form.is_valid():
        form_errors(request, form)
    else:
        owner = form.cleaned_data["owner"]
        attempt(
            request,
            lambda: actions.change_owner(lead.pk, acting_user=request.user, owner=owner),
            _("The owner was changed."),
        )
    return redirect("investment:lead_detail", pk=lead.pk)
