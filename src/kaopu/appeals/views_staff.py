"""The FIC staff's and the district leader's appeal pages. Thin: authorize, parse, call an action, render.

Other roles get 404 (as for a row they may not see). Every POST calls exactly one action of
kaopu.appeals.actions; a refusal (TransitionError, an unknown calendar year) comes back as a message
on the appeal's page, never as a 500.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.db.models import Prefetch
from django.forms import Form, Media
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kaopu.accounts.roles import Role
from kaopu.appeals import actions, contact, publication, routing, selectors, slip, workflow
from kaopu.appeals.attachments import timeline_prefetch
from kaopu.appeals.forms_staff import (
    ArbitrateForm,
    DecisionForm,
    DeclineForm,
    DispatchForm,
    InstructForm,
    MergeForm,
    ReplyReviewForm,
    StaffAppealForm,
    StaffFilterForm,
    SummaryReviewForm,
)
from kaopu.appeals.models import Appeal, CoHandler, Event
from kaopu.appeals.page_helpers import (
    dispatch_instruction,
    due_label,
    label_events,
    mark_notifications_read,
    with_opinion_status,
)
from kaopu.appeals.workflow import TransitionError
from kaopu.core import access, workdays
from kaopu.core.decorators import for_roles, staff_only
from kaopu.core.pagination import page_from_query, query_with
from kaopu.directory import personal_data

TRIAGE_LIMIT = 200
OVERVIEW_LATEST = 20
View = Callable[..., HttpResponse]




def _mark_overdue(appeals: list[Appeal]) -> list[Appeal]:
    today = workdays.local_today()
    for appeal in appeals:
        appeal.overdue = selectors.is_overdue(appeal, today)
    return appeals


@staff_only
def triage(request: HttpRequest) -> HttpResponse:
    """The staff's queues: 待受理 (to accept or decline), 待交办 (accepted, to dispatch) and 待审核 (a
    department's reply to review), with counts."""
    queue = request.GET.get("queue", "accept")
    if queue not in selectors.TRIAGE_QUEUES:
        queue = "accept"
    rows = list(selectors.triage_list(request.user, queue)[: TRIAGE_LIMIT + 1])
    counts = selectors.state_counts(request.user)
    return render(request, "appeals/staff_triage.html", {
        "appeals": _mark_overdue(rows[:TRIAGE_LIMIT]), "truncated": len(rows) > TRIAGE_LIMIT,
        "limit": TRIAGE_LIMIT, "queue": queue, "queue_state": selectors.TRIAGE_QUEUES[queue],
        "to_accept": counts[Appeal.State.SUBMITTED], "to_dispatch": counts[Appeal.State.ACCEPTED],
        "to_review": counts[Appeal.State.REVIEWING]})


@staff_only
def staff_list(request: HttpRequest) -> HttpResponse:
    form = StaffFilterForm(request.GET or None, district_id=request.user.district_id)
    filters = form.filters() if form.is_bound else selectors.AppealFilters()
    page = page_from_query(selectors.appeal_rows(request.user, filters), request.GET)
    _mark_overdue(page.items)
    return render(request, "appeals/staff_list.html", {
        "form": form, "page": page,
        "next_query": query_with(request.GET, after=page.next_cursor, before=None),
        "previous_query": query_with(request.GET, before=page.previous_cursor, after=None),
        "filters_active": any(request.GET.get(name) for name in form.fields if name != "q"),
    })


def _detail_queryset() -> Any:
    return Appeal.objects.select_related(
        "enterprise", "category", "lead_department", "assigned_staff", "merged_into", "created_by",
        "summary_reviewed_by").prefetch_related(
        Prefetch("co_handlers", queryset=CoHandler.objects.select_related("department")),
        Prefetch("events", queryset=Event.objects.select_related("actor__organisation").order_by("id")
                 .prefetch_related(timeline_prefetch(public_only=False))))


@for_roles(Role.FIC_STAFF, Role.DISTRICT_LEADER)
def staff_detail(request: HttpRequest, pk: int) -> HttpResponse:
    appeal = access.get_object_for_user(request.user, _detail_queryset(), pk)
    events = label_events(appeal.events.all())  # the same words as the other sides' timelines
    mark_notifications_read(request.user, appeal)
    allowed = {t.name for t in workflow.actions_for(appeal, request.user.role)}
    is_staff = request.user.role == Role.FIC_STAFF
    context = {
        "appeal": appeal, "events": events, "allowed": allowed, "is_staff": is_staff,
        "contact": contact.shown(request, request.user, appeal),
        # A district leader reads the texts with personal data masked (ROLES_SEEING_PERSONAL_DATA).
        "mask_text": not request.user.sees_personal_data,
        "overdue": selectors.is_overdue(appeal),
        "due_label": due_label(appeal),
        "instruction": dispatch_instruction(events),
        "co_handlers": with_opinion_status(appeal.co_handlers.all(), workdays.local_today()),
        # The reply that waits for review (reviewing): the newest submitted one.
        "pending_reply": next((e for e in reversed(events) if e.action == "submit_reply"), None)
        if appeal.state == Appeal.State.REVIEWING else None,
        "instruct_form": InstructForm() if "instruct" in allowed else None,
        "submitted_files": next((e.attachment_list for e in events if e.action == "submit"), []),
    }
    if is_staff:
        context.update({
            "decline_form": DeclineForm() if "decline" in allowed else None,
            "dispatch_form": (DispatchForm(district_id=appeal.district_id, suggestion=routing.suggest(appeal))
                              if "dispatch" in allowed else None),
            "return_form": DecisionForm(prefix="return") if appeal.return_requested
            and "approve_return" in allowed else None,
            "extension_form": DecisionForm(prefix="extension") if appeal.extension_requested
            and "approve_extension" in allowed else None,
            "merge_form": MergeForm(appeal=appeal, user=request.user) if "merge" in allowed else None,
            "review_form": ReplyReviewForm() if "approve_reply" in allowed else None,
            "arbitrate_form": ArbitrateForm() if "arbitrate" in allowed else None,
            "summary_form": SummaryReviewForm(initial={
                "public_summary": appeal.public_summary or _suggestion(appeal),
                "decision": SummaryReviewForm.WITHHOLD if appeal.summary_review == Appeal.SummaryReview.WITHHELD
                else SummaryReviewForm.PUBLISH, "reason": appeal.summary_withheld_reason})
            if appeal.state == Appeal.State.CLOSED and appeal.publish_consent and not appeal.is_confidential
            else None,
        })
        # The pickers' script and style, once for the forms that have them (dispatch, merge).
        context["form_media"] = sum((form.media for form in (context["dispatch_form"], context["merge_form"])
                                     if form is not None), Media())
    return render(request, "appeals/staff_detail.html", context)


@for_roles(Role.FIC_STAFF, Role.DISTRICT_LEADER, Role.DEPARTMENT_HANDLER)
def dispatch_slip(request: HttpRequest, pk: int) -> HttpResponse:
    """The dispatch slip (交办单) to print, for whoever may open the appeal's page: FIC staff and leaders of
    its district, its lead and co-handling departments (anyone else: 404, as for the appeal itself)."""
    appeal = access.get_object_for_user(request.user, Appeal.objects.select_related(*slip.SLIP_RELATIONS), pk)
    sheet = slip.dispatch_slip(appeal, request.user)
    if sheet.phone_shown_unmasked:
        personal_data.record_viewing(request, request.user, what="联系电话", enterprises=[appeal.enterprise],
                                     object_type="appeals.appeal", object_id=appeal.pk)
    detail = "appeals:inbox_detail" if request.user.role == Role.DEPARTMENT_HANDLER else "appeals:staff_detail"
    return render(request, "appeals/staff_slip.html", {"slip": sheet, "appeal": appeal, "detail_url": detail})


def _suggestion(appeal: Appeal) -> str:
    """The last answer in the (prefetched) timeline, masked: what the review form offers to approve."""
    answers = [e for e in appeal.events.all() if e.action in publication.ANSWER_EVENTS]
    people = (appeal.created_by.name, answers[-1].actor.name if answers and answers[-1].actor else "")
    return publication.suggested_summary(answers[-1].text if answers else "", appeal.enterprise, people)


def _perform(request: HttpRequest, pk: int, form: Form | None, call: Callable[[dict[str, Any]], Appeal],
             done: str) -> HttpResponse:
    """Validate ``form``, call the action, and go back to the appeal with what happened as a message."""
    if form is not None and not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                # An error that names its field already is not prefixed with it again.
                named = not label or str(error).startswith(str(label))
                messages.error(request, error if named else _("%(label)s: %(error)s") % {
                    "label": label, "error": error})
        return redirect("appeals:staff_detail", pk=pk)
    try:
        call(form.cleaned_data if form is not None else {})
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return redirect("appeals:staff_detail", pk=pk)


@require_POST
@staff_only
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    return _perform(request, pk, None, lambda data: actions.accept(pk, acting_user=request.user),
                    _("The appeal was accepted; you follow it now."))


@require_POST
@staff_only
def decline(request: HttpRequest, pk: int) -> HttpResponse:
    return _perform(request, pk, DeclineForm(request.POST),
                    lambda data: actions.decline(pk, acting_user=request.user, reason=data["reason"]),
                    _("The appeal was declined."))


@require_POST
@staff_only
def dispatch(request: HttpRequest, pk: int) -> HttpResponse:
    form = DispatchForm(request.POST, district_id=request.user.district_id)
    return _perform(request, pk, form, lambda data: actions.dispatch(
        pk, acting_user=request.user, lead=data["lead"], co_handlers=list(data["co_handlers"]),
        instruction=data["instruction"]),
        _("The appeal was dispatched."))


@require_POST
@staff_only
def decide_return(request: HttpRequest, pk: int) -> HttpResponse:
    return _perform(request, pk, DecisionForm(request.POST, prefix="return"), lambda data: actions.decide_return(
        pk, acting_user=request.user, approve=data["decision"] == "approve", note=data["note"]),
        _("Your decision on the return was recorded."))


@require_POST
@staff_only
def decide_extension(request: HttpRequest, pk: int) -> HttpResponse:
    return _perform(request, pk, DecisionForm(request.POST, prefix="extension"),
                    lambda data: actions.decide_extension(pk, acting_user=request.user,
                                                          approve=data["decision"] == "approve", note=data["note"]),
                    _("Your decision on the extension was recorded."))


@require_POST
@staff_only
def review_reply(request: HttpRequest, pk: int) -> HttpResponse:
    def call(data: dict[str, Any]) -> Appeal:
        if data["decision"] == ReplyReviewForm.APPROVE:
            return actions.approve_reply(pk, acting_user=request.user, note=data["note"])
        return actions.return_reply(pk, acting_user=request.user, reason=data["note"])
    return _perform(request, pk, ReplyReviewForm(request.POST), call, _("Your review of the reply was recorded."))


@require_POST
@staff_only
def merge(request: HttpRequest, pk: int) -> HttpResponse:
    appeal = access.get_object_for_user(request.user, Appeal.objects.only("id", "enterprise_id"), pk)
    form = MergeForm(request.POST, appeal=appeal, user=request.user)
    return _perform(request, pk, form, lambda data: actions.merge(pk, acting_user=request.user, into=data["into"]),
                    _("The appeal was merged."))


@require_POST
@staff_only
def arbitrate(request: HttpRequest, pk: int) -> HttpResponse:
    return _perform(request, pk, ArbitrateForm(request.POST), lambda data: actions.arbitrate(
        pk, acting_user=request.user, conclusion=data["conclusion"]), _("The appeal was closed by arbitration."))


@require_POST
@for_roles(Role.DISTRICT_LEADER)
def instruct(request: HttpRequest, pk: int) -> HttpResponse:
    return _perform(request, pk, InstructForm(request.POST), lambda data: actions.instruct(
        pk, acting_user=request.user, instruction=data["instruction"]), _("Your instruction was recorded."))


@staff_only
def staff_new(request: HttpRequest) -> HttpResponse:
    form = StaffAppealForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            appeal = actions.submit_appeal(
                enterprise=data["enterprise"], acting_user=request.user, kind=data["kind"],
                category=data["category"], title=data["title"], content=data["content"],
                is_confidential=data["is_confidential"], publish_consent=data["publish_consent"],
                source=data["source"],
                source_meeting_id=data["source_meeting_id"], attachments=data["attachments"],
                contact_name=data["contact_name"], contact_phone=data["contact_phone"])
        except TransitionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The appeal was recorded for “%(name)s”.") % {"name": data["enterprise"].name})
            return redirect("appeals:staff_detail", pk=appeal.pk)
    return render(request, "appeals/staff_new.html", {"form": form})


# The leader overview's filters (the start page's to-dos link here): ?overdue=1, ?unsatisfied=1.
OVERVIEW_FILTERS = ("overdue", "unsatisfied")


@for_roles(Role.DISTRICT_LEADER)
def overview(request: HttpRequest) -> HttpResponse:
    """The district's state counts and the newest appeals; filtered (overdue, rated unsatisfied), only
    every appeal of the filter in keyset pages, so that the leader's start page's counts and this list agree."""
    chosen = next((name for name in OVERVIEW_FILTERS if request.GET.get(name) == "1"), None)
    page, counts = None, dict.fromkeys(Appeal.State.values, 0)
    if chosen is None:
        counts = selectors.state_counts(request.user)
        appeals = list(selectors.appeal_rows(request.user, selectors.AppealFilters())[:OVERVIEW_LATEST])
    else:
        filters = selectors.AppealFilters(**{chosen: True})
        page = page_from_query(selectors.appeal_rows(request.user, filters), request.GET)
        appeals = page.items
    return render(request, "appeals/leader_overview.html", {
        "counts": [(value, counts[value]) for value in Appeal.State.values],
        "open_total": sum(counts[state] for state in workflow.OPEN_STATES),
        "appeals": _mark_overdue(appeals), "chosen": chosen, "page": page,
        "unsatisfied_help": StaffFilterForm.base_fields["unsatisfied"].help_text,
        "next_query": query_with(request.GET, after=page.next_cursor, before=None) if page else "",
        "previous_query": query_with(request.GET, before=page.previous_cursor, after=None) if page else "",
    })
