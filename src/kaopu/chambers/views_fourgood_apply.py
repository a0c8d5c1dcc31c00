"""A chamber's Four-Good application (its officer, or staff on its behalf), a reviewer's scoring of it, and the
result staff record. A chamber officer reaches only their own chamber's applications (404 for any other id)."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kaopu.accounts.roles import Role
from kaopu.chambers import actions_fourgood as actions
from kaopu.chambers import scoring
from kaopu.chambers import selectors_fourgood as selectors
from kaopu.chambers.forms_fourgood import EvidenceForm, ResultForm
from kaopu.chambers.models import Application, Cycle, Evidence, Review
from kaopu.chambers.permissions import officer_chamber
from kaopu.chambers.views_fourgood import attempt, form_errors
from kaopu.core import access
from kaopu.core.decorators import for_roles, staff_only

READERS = (Role.FIC_STAFF, Role.DISTRICT_LEADER, Role.CHAMBER_OFFICER)
APPLICANTS = (Role.FIC_STAFF, Role.CHAMBER_OFFICER)


def _pairs(request: HttpRequest, indicators: list[Any], second: str) -> dict[int, tuple[str, str]]:
    """Per indicator id, (score, text) read from the fields score_<id> and <second>_<id>."""
    return {i.pk: (request.POST.get(f"score_{i.pk}", ""), request.POST.get(f"{second}_{i.pk}", ""))
            for i in indicators}


@for_roles(Role.CHAMBER_OFFICER)
def mine(request: HttpRequest) -> HttpResponse:
    return render(request, "chambers/fourgood/mine.html", {
        "chamber": officer_chamber(request.user), "to_submit": list(selectors.to_submit(request.user)),
        "applications": list(selectors.officer_applications(request.user))})


@for_roles(Role.CHAMBER_OFFICER)
@require_POST
def apply(request: HttpRequest, pk: int) -> HttpResponse:
    chamber = officer_chamber(request.user)
    if chamber is None:
        return redirect("fourgood:mine")
    application = attempt(request, lambda: actions.start_application(pk, chamber.pk, acting_user=request.user),
                          _("Fill in the self-assessment and add evidence, then submit."))
    return redirect("fourgood:application", application.pk) if application else redirect("fourgood:mine")


@for_roles(*READERS)
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    application = access.get_object_for_user(user, Application.objects.select_related("cycle", "chamber"), pk)
    cycle = application.cycle
    indicators = selectors.indicators(cycle)
    own = {row.indicator_id: row for row in application.self_assessments.all()}
    files: dict[int, list[Evidence]] = {}
    for row in application.evidence.all():
        files.setdefault(row.indicator_id, []).append(row)
    columns = [] if user.role == Role.CHAMBER_OFFICER else selectors.reviewer_columns(user, application)
    combined = None
    if application.reviewed_at and columns:
        combined = scoring.combine(selectors.specs(indicators), {
            i.pk: [c.scores[i.pk].score for c in columns if i.pk in c.scores] for i in indicators}, cycle.spread)
    rows = [{"indicator": i, "own": own.get(i.pk), "files": files.get(i.pk, []),
             "reviewed": [(c.reviewer, c.scores.get(i.pk)) for c in columns],
             "combined": combined.indicators[n] if combined else None} for n, i in enumerate(indicators)]
    may_change = (user.role in APPLICANTS and cycle.state == Cycle.State.OPEN
                  and access.can(user, application, "change"))
    editable = may_change and application.state == Application.State.DRAFT
    return render(request, "chambers/fourgood/application.html", {
        "application": application, "cycle": cycle, "rows": rows, "columns": columns, "combined": combined,
        "editable": editable, "withdrawable": may_change and not editable,
        "evidence_form": EvidenceForm() if editable else None,
        "is_staff": user.role == Role.FIC_STAFF, "may_score": _may_score(user, application),
        "result_form": ResultForm.of(application) if user.role == Role.FIC_STAFF and application.reviewed_at else None,
        "rule": scoring.RULE})


def _may_score(user: Any, application: Application) -> bool:
    """Whether to offer the scoring page: an assigned reviewer whose scores are not submitted yet."""
    return (application.state == Application.State.SUBMITTED and application.cycle.state == Cycle.State.REVIEWING
            and application.cycle.reviewers.filter(pk=user.pk).exists()
            and not application.reviews.filter(reviewer=user, state=Review.State.SUBMITTED).exists())


@for_roles(*APPLICANTS)
@require_POST
def application_save(request: HttpRequest, pk: int) -> HttpResponse:
    application = access.get_object_for_user(request.user, Application, pk, "change")
    entries = _pairs(request, list(application.cycle.indicators.all()), "text")
    saved = attempt(request, lambda: actions.save_self_assessment(
        pk, acting_user=request.user, summary=request.POST.get("summary", ""), entries=entries),
        _("The self-assessment was saved."))
    if saved and request.POST.get("submit"):
        attempt(request, lambda: actions.submit_application(pk, acting_user=request.user),
                _("The application was submitted."))
    return redirect("fourgood:application", pk)


@for_roles(*APPLICANTS)
@require_POST
def application_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    attempt(request, lambda: actions.withdraw_application(pk, acting_user=request.user),
            _("The application was withdrawn: it is a draft again."))
    return redirect("fourgood:application", pk)


@for_roles(*APPLICANTS)
@require_POST
def evidence_add(request: HttpRequest, pk: int, indicator: int) -> HttpResponse:
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        attempt(request, lambda: actions.add_evidence(pk, indicator, form.cleaned_data["files"],
                                                      acting_user=request.user), _("The evidence was added."))
    else:
        form_errors(request, form)
    return redirect(reverse("fourgood:application", args=[pk]) + f"#indicator-{indicator}")


@for_roles(*APPLICANTS)
@require_POST
def evidence_remove(request: HttpRequest, pk: int, evidence: int) -> HttpResponse:
    attempt(request, lambda: actions.remove_evidence(pk, evidence, acting_user=request.user),
            _("The file was removed."))
    return redirect("fourgood:application", pk)


@for_roles(*READERS)
def evidence_download(request: HttpRequest, pk: int, evidence: int) -> FileResponse:
    row = access.get_object_for_user(request.user, Evidence.objects.filter(application_id=pk), evidence)
    return FileResponse(row.file.open("rb"), as_attachment=True, filename=row.name, content_type=row.content_type)


@staff_only
def review(request: HttpRequest, pk: int) -> HttpResponse:
    application = access.get_object_for_user(request.user, Application.objects.select_related("cycle", "chamber"), pk)
    indicators = selectors.indicators(application.cycle)
    if request.method == "POST":
        submit = bool(request.POST.get("submit"))
        done = _("Your scores were submitted.") if submit else _("Your scores were saved as a draft.")
        if attempt(request, lambda: actions.save_review(pk, acting_user=request.user, submit=submit,
                                                        scores=_pairs(request, indicators, "comment")), done):
            return redirect("fourgood:review", pk)
    mine = Review.objects.filter(application=application, reviewer=request.user).first()
    given = {s.indicator_id: s for s in mine.scores.all()} if mine else {}
    own = {row.indicator_id: row for row in application.self_assessments.all()}
    return render(request, "chambers/fourgood/review.html", {
        "application": application, "cycle": application.cycle, "review": mine,
        "rows": [{"indicator": i, "score": given.get(i.pk), "own": own.get(i.pk),
                  "posted": request.POST.get(f"score_{i.pk}"), "posted_comment": request.POST.get(f"comment_{i.pk}")}
                 for i in indicators]})


@staff_only
@require_POST
def result(request: HttpRequest, pk: int) -> HttpResponse:
    application = access.get_object_for_user(request.user, Application, pk, "change")
    form = ResultForm.of(application, request.POST)
    if form.is_valid():
        attempt(request, lambda: actions.record_result(pk, acting_user=request.user, **form.cleaned_data),
                _("The result was recorded."))
    else:
        form_errors(request, form)
    return redirect("fourgood:application", pk)
