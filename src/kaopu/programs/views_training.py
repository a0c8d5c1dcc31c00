"""The staff's training pages (培训班): the cohorts, a cohort's page (curriculum, applications, the roll with
attendance and certificates, its steps), its form, a session's attendance (tick list and check-in codes),
and the certificate's retry. Leaders read them. Writes go through kaopu.programs.actions_training."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kaopu.core import access
from kaopu.core.decorators import staff_and_leaders, staff_only
from kaopu.core.page_actions import attempt, form_errors
from kaopu.core.pagination import page_from_query, page_links
from kaopu.programs import actions_training as actions
from kaopu.programs import selectors_training as selectors
from kaopu.programs.forms_training import CohortForm, EnrolForm, SessionForm
from kaopu.programs.models import Certificate, Cohort, Trainee, TrainingSession

PAGE_SIZE = 30


@staff_and_leaders
def cohort_list(request: HttpRequest) -> HttpResponse:
    page = page_from_query(selectors.cohorts(request.user), request.GET, PAGE_SIZE)
    return render(request, "programs/training/cohort_list.html", {
        **page_links(request.GET, page), "may_change": request.user.role == "fic_staff", "tab": "training",
        "waiting": selectors.waiting_applications(request.user)[:50]})


@staff_and_leaders
def cohort_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = access.get_object_for_user(request.user, Cohort, pk)
    sessions = selectors.sessions(cohort)
    held = sum(1 for s in sessions if not s.is_cancelled)
    return render(request, "programs/training/cohort_detail.html", {
        "cohort": cohort, "sessions": sessions, "held": held, "tab": "training",
        "applications": selectors.trainees(request.user, cohort).filter(state=Trainee.State.APPLIED),
        "others": selectors.trainees(request.user, cohort).filter(state__in=[Trainee.State.REFUSED,
                                                                             Trainee.State.WITHDRAWN]),
        "roll": selectors.roll(request.user, cohort, held), "may_change": request.user.role == "fic_staff",
        "session_form": SessionForm(), "enrol_form": EnrolForm(district_id=cohort.district_id),
        "moves": [m for m, (sources, _target) in actions.COHORT_MOVES.items() if cohort.state in sources]})


def _cohort_form(request: HttpRequest, cohort: Cohort | None) -> HttpResponse:
    form = CohortForm(request.POST or None, initial=CohortForm.initial_of(cohort))
    if request.method == "POST":
        if not form.is_valid():
            form_errors(request, form)
        else:
            call = ((lambda: actions.update_cohort(cohort.pk, acting_user=request.user, **form.cleaned_data))
                    if cohort else (lambda: actions.create_cohort(acting_user=request.user, **form.cleaned_data)))
            saved = attempt(request, call, _("The cohort was saved."))
            if saved:
                return redirect("programs:training_cohort", pk=saved.pk)
    return render(request, "programs/training/cohort_form.html", {"form": form, "cohort": cohort, "tab": "training"})


@staff_only
def cohort_new(request: HttpRequest) -> HttpResponse:
    return _cohort_form(request, None)


@staff_only
def cohort_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _cohort_form(request, access.get_object_for_user(request.user, Cohort, pk, "change"))


@staff_only
@require_POST
def cohort_move(request: HttpRequest, pk: int, move: str) -> HttpResponse:
    access.get_object_for_user(request.user, Cohort, pk, "change")
    attempt(request, lambda: actions.move_cohort(pk, move, acting_user=request.user), _("The cohort moved on."))
    return redirect("programs:training_cohort", pk=pk)


@staff_only
@require_POST
def cohort_graduate(request: HttpRequest, pk: int) -> HttpResponse:
    access.get_object_for_user(request.user, Cohort, pk, "change")
    attempt(request, lambda: actions.graduate_cohort(pk, acting_user=request.user),
            _("The cohort graduated: the certificates are being written."))
    return redirect("programs:training_cohort", pk=pk)


@staff_only
@require_POST
def session_add(request: HttpRequest, pk: int) -> HttpResponse:
    access.get_object_for_user(request.user, Cohort, pk, "change")
    form = SessionForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
    else:
        attempt(request, lambda: actions.add_session(pk, acting_user=request.user, **form.cleaned_data),
                _("The session was added."))
    return redirect("programs:training_cohort", pk=pk)


@staff_only
@require_POST
def session_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    session = access.get_object_for_user(request.user, TrainingSession, pk, "change")
    attempt(request, lambda: actions.cancel_session(pk, acting_user=request.user), _("The session was cancelled."))
    return redirect("programs:training_cohort", pk=session.cohort_id)


@staff_only
@require_POST
def enrol(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = access.get_object_for_user(request.user, Cohort, pk, "change")
    form = EnrolForm(request.POST, district_id=cohort.district_id)
    if not form.is_valid():
        form_errors(request, form)
    else:
        attempt(request, lambda: actions.enrol_trainee(pk, acting_user=request.user, **form.cleaned_data),
                _("The trainee was enrolled."))
    return redirect("programs:training_cohort", pk=pk)


@staff_only
@require_POST
def decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    trainee = access.get_object_for_user(request.user, Trainee, pk, "change")
    if decision not in ("approve", "refuse"):
        raise Http404
    if decision == "approve":
        attempt(request, lambda: actions.approve_trainee(pk, acting_user=request.user), _("The trainee was approved."))
    else:
        attempt(request, lambda: actions.refuse_trainee(pk, acting_user=request.user,
                                                        reason=request.POST.get("reason", "")),
                _("The trainee's application was refused."))
    return redirect("programs:training_cohort", pk=trainee.cohort_id)


@staff_and_leaders
def session_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """A session's tick list and the field staff type (or scan) trainees' codes into at the door."""
    session = access.get_object_for_user(request.user, TrainingSession.objects.select_related("cohort"), pk)
    if request.method == "POST" and request.user.role == "fic_staff":
        if "code" in request.POST:
            attempt(request, lambda: actions.check_in(pk, acting_user=request.user, code=request.POST["code"]),
                    _("Checked in."))
        else:
            attempt(request, lambda: actions.set_attendance(pk, acting_user=request.user,
                                                            present=request.POST.getlist("present")),
                    _("The attendance was saved."))
        return redirect("programs:training_session", pk=pk)
    roll = list(selectors.trainees(request.user, session.cohort).filter(state=Trainee.State.APPROVED))
    return render(request, "programs/training/session.html", {
        "session": session, "cohort": session.cohort, "roll": roll, "present": selectors.present_ids(session),
        "may_change": request.user.role == "fic_staff", "tab": "training"})


@staff_only
@require_POST
def certificate_retry(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = access.get_object_for_user(request.user, Certificate, pk, "change")
    attempt(request, lambda: actions.retry_certificate_pdf(pk, acting_user=request.user),
            _("The certificate's PDF was queued again."))
    return redirect("programs:training_cohort", pk=certificate.cohort_id)
