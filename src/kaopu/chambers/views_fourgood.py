"""The Four-Good evaluation's cycle pages (staff change, district leaders read): the cycles, one cycle with its
indicators and reviewers, the ranking, the Excel export, and the staff's work lists (applications to score,
results to record). The application and review pages are in views_fourgood_apply."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kaopu.accounts.roles import Role
from kaopu.chambers import actions_fourgood as actions
from kaopu.chambers import exports_fourgood, scoring
from kaopu.chambers import selectors_fourgood as selectors
from kaopu.chambers.forms_fourgood import CycleForm, IndicatorForm, ReviewersForm, StartForm
from kaopu.chambers.models import Cycle
from kaopu.core import access
from kaopu.core.decorators import staff_and_leaders, staff_only
from kaopu.core.downloads import XLSX
from kaopu.core.page_actions import attempt, form_errors
from kaopu.core.pagination import page_from_query, query_with


@staff_and_leaders
def cycle_list(request: HttpRequest) -> HttpResponse:
    page = page_from_query(selectors.cycles(request.user), request.GET, size=30)
    return render(request, "chambers/fourgood/cycle_list.html", {
        "page": page, "is_staff": request.user.role == Role.FIC_STAFF,
        "next_query": query_with(request.GET, after=page.next_cursor, before=None),
        "previous_query": query_with(request.GET, before=page.previous_cursor, after=None)})


@staff_only
def cycle_new(request: HttpRequest) -> HttpResponse:
    form = CycleForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid() and (cycle := attempt(request, lambda: actions.create_cycle(
                acting_user=request.user, **form.cleaned_data), _("The cycle was created as a draft."))):
            return redirect("fourgood:cycle", cycle.pk)
        form_errors(request, form)
    return render(request, "chambers/fourgood/cycle_form.html", {"form": form})


@staff_only
def cycle_edit(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = access.get_object_for_user(request.user, Cycle, pk, "change")
    form = CycleForm.of(cycle, request.POST or None)
    if request.method == "POST":
        if form.is_valid() and attempt(request, lambda: actions.update_cycle(
                cycle.pk, acting_user=request.user, **form.cleaned_data), _("The cycle was saved.")):
            return redirect("fourgood:cycle", cycle.pk)
        form_errors(request, form)
    return render(request, "chambers/fourgood/cycle_form.html", {"form": form, "cycle": cycle})


@staff_and_leaders
def cycle_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = access.get_object_for_user(request.user, Cycle, pk)
    is_staff = request.user.role == Role.FIC_STAFF
    return render(request, "chambers/fourgood/cycle_detail.html", {
        "cycle": cycle, "is_staff": is_staff, "indicators": selectors.indicators(cycle),
        "applications": list(selectors.applications(request.user, cycle)),
        "reviewers": list(cycle.reviewers.order_by("name")),
        "weights": sum(i.weight for i in cycle.indicators.all()),
        "indicator_form": IndicatorForm(cycle) if is_staff and cycle.state == Cycle.State.DRAFT else None,
        "reviewers_form": ReviewersForm(cycle) if is_staff and cycle.state in ("draft", "open") else None,
        "start_form": StartForm(request.user, cycle) if is_staff and cycle.state == "open" else None,
        "moves": [name for name, move in actions.CYCLE_MOVES.items() if move.source == cycle.state] if is_staff else [],
    })


@staff_only
@require_POST
def indicator_save(request: HttpRequest, pk: int, indicator: int | None = None) -> HttpResponse:
    cycle = access.get_object_for_user(request.user, Cycle, pk, "change")
    form = IndicatorForm(cycle, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        attempt(request, lambda: actions.save_indicator(
            cycle.pk, acting_user=request.user, indicator_id=indicator, dimension_id=data["dimension"],
            name=data["name"], max_score=data["max_score"], weight=data["weight"], guidance=data["guidance"],
            order=data["order"]), _("The indicator was saved."))
    else:
        form_errors(request, form)
    return redirect("fourgood:cycle", cycle.pk)


@staff_only
@require_POST
def indicator_remove(request: HttpRequest, pk: int, indicator: int) -> HttpResponse:
    attempt(request, lambda: actions.remove_indicator(pk, indicator, acting_user=request.user),
            _("The indicator was removed."))
    return redirect("fourgood:cycle", pk)


@staff_only
@require_POST
def indicators_copy(request: HttpRequest, pk: int) -> HttpResponse:
    attempt(request, lambda: actions.copy_indicators(pk, acting_user=request.user),
            _("The last cycle's indicators were copied: check them before opening the cycle."))
    return redirect("fourgood:cycle", pk)


@staff_only
@require_POST
def reviewers_save(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = access.get_object_for_user(request.user, Cycle, pk, "change")
    form = ReviewersForm(cycle, request.POST)
    if form.is_valid():
        attempt(request, lambda: actions.set_reviewers(cycle.pk, acting_user=request.user,
                                                       reviewers=list(form.cleaned_data["reviewers"])),
                _("The reviewers were saved."))
    else:
        form_errors(request, form)
    return redirect("fourgood:cycle", cycle.pk)


@staff_only
@require_POST
def cycle_move(request: HttpRequest, pk: int, move: str) -> HttpResponse:
    attempt(request, lambda: actions.move_cycle(pk, acting_user=request.user, move=move), _("The cycle moved on."))
    return redirect("fourgood:cycle", pk)


@staff_and_leaders
def ranking(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = access.get_object_for_user(request.user, Cycle, pk)
    return render(request, "chambers/fourgood/ranking.html", {
        "cycle": cycle, "ranking": selectors.ranking(request.user, cycle), "rule": scoring.RULE})


@staff_and_leaders
def export(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = access.get_object_for_user(request.user, Cycle, pk)
    content = exports_fourgood.workbook_for(request, cycle)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="fourgood-{cycle.pk}.xlsx"'
    return response


@staff_only
def to_score(request: HttpRequest) -> HttpResponse:
    return render(request, "chambers/fourgood/worklist.html", {
        "title": _("Four-Good applications to score"), "rows": list(selectors.to_score(request.user)[:200]),
        "empty": _("No application waits for your scores.")})


@staff_only
def results_to_record(request: HttpRequest) -> HttpResponse:
    return render(request, "chambers/fourgood/worklist.html", {
        "title": _("Four-Good results to record"), "rows": list(selectors.results_to_record(request.user)[:200]),
        "empty": _("Every fully reviewed application has its result.")})


@staff_only
@require_POST
def start_for_chamber(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = access.get_object_for_user(request.user, Cycle, pk)
    form = StartForm(request.user, cycle, request.POST)
    if form.is_valid() and (application := attempt(request, lambda: actions.start_application(
            cycle.pk, form.cleaned_data["chamber"].pk, acting_user=request.user), _("The application was started."))):
        return redirect("fourgood:application", application.pk)
    form_errors(request, form)
    return redirect("fourgood:cycle", cycle.pk)
