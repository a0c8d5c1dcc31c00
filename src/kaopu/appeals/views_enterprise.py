"""The enterprise's appeal pages: its list, a new appeal, one appeal with its public timeline,
withdrawing and rating. Thin: authorize, parse, call one action, render.

Only enterprise users reach these pages; anyone else gets 404, like a row they may not see (FIC
staff have their own pages, where internal notes belong). The timeline shown here holds only the
public events: internal notes (returns, opinions, extension requests, instructions) never reach it.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kaopu.accounts.roles import Role
from kaopu.appeals import actions, contact, selectors, workflow
from kaopu.appeals.attachments import timeline_prefetch
from kaopu.appeals.forms_enterprise import AppealForm, RateForm, WithdrawForm
from kaopu.appeals.models import Appeal
from kaopu.appeals.page_helpers import (
    due_label,
    label_events,
    mark_notifications_read,
    report_form_errors,
    run_action,
    sentence_events,
)
from kaopu.appeals.workflow import TransitionError
from kaopu.core import access
from kaopu.core.pagination import page_from_query, query_with
from kaopu.core.state_filter import StateTab, filter_by_state

LIST_COLUMNS = ("id", "number", "kind", "title", "state", "due_on", "due_provisional", "is_confidential", "created_at",
                "category__name")
S = Appeal.State
# The list's state filter, as an enterprise thinks of its appeals (kaopu.core.state_filter).
STATE_TABS = [
    StateTab("", gettext_lazy("All")),
    # A reply under FIC review is still being handled, as far as the enterprise knows.
    StateTab("open", gettext_lazy("Being handled"),
             (S.SUBMITTED, S.ACCEPTED, S.DISPATCHED, S.IN_PROGRESS, S.REVIEWING)),
    StateTab("replied", gettext_lazy("To rate"), (S.REPLIED,)),
    StateTab("closed", gettext_lazy("Closed"), (S.CLOSED,)),
    StateTab("other", gettext_lazy("Declined, withdrawn or merged"), (S.DECLINED, S.WITHDRAWN, S.MERGED)),
]


def _enterprise_user(request: HttpRequest) -> Any:
    user = request.user
    if user.role != Role.ENTERPRISE_USER or not user.enterprise_id:
        raise Http404
    return user


def _own_appeal(user: Any, pk: int) -> Appeal:
    queryset = Appeal.objects.select_related("category", "lead_department")
    return access.get_object_for_user(user, queryset, pk)


@login_required
def my_list(request: HttpRequest) -> HttpResponse:
    user = _enterprise_user(request)
    queryset = (access.scope(user, Appeal).filter(enterprise_id=user.enterprise_id)
                .select_related("category").only(*LIST_COLUMNS))
    queryset = selectors.matching(queryset, request.GET.get("q"))
    queryset, tabs = filter_by_state(queryset, STATE_TABS, request.GET)
    page = page_from_query(queryset, request.GET, size=30)
    return render(request, "appeals/enterprise_list.html", {
        "page": page, "state_tabs": tabs,
        "next_query": query_with(request.GET, after=page.next_cursor, before=None),
        "previous_query": query_with(request.GET, before=page.previous_cursor, after=None),
    })


@login_required
def my_new(request: HttpRequest) -> HttpResponse:
    user = _enterprise_user(request)
    form = AppealForm(request.POST or None, request.FILES or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            appeal = actions.submit_appeal(enterprise=user.organisation.enterprise, acting_user=user,
                                           **form.cleaned_data)
        except TransitionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your appeal was submitted."))
            return redirect("appeals:my_detail", pk=appeal.pk)
    return render(request, "appeals/enterprise_form.html", {"form": form})


@login_required
def my_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _enterprise_user(request)
    appeal = _own_appeal(user, pk)
    events = sentence_events(label_events(appeal.events.filter(is_public=True).select_related("actor__organisation")
                                          .prefetch_related(timeline_prefetch(public_only=True))),
                             appeal)
    allowed = {t.name for t in workflow.actions_for(appeal, Role.ENTERPRISE_USER)}
    mark_notifications_read(user, appeal)
    return render(request, "appeals/enterprise_detail.html", {
        "appeal": appeal,
        "contact": contact.shown(request, user, appeal),
        "due_label": due_label(appeal),
        "events": events,
        "replies": [event for event in events if event.action == "reply"],
        "submitted_files": next((e.attachment_list for e in events if e.action == "submit"), []),
        "can_withdraw": "withdraw" in allowed,
        "can_rate": "rate" in allowed and not appeal.rating,
        "withdraw_form": WithdrawForm(),
        "rate_form": RateForm(),
    })


@login_required
@require_POST
def my_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    user = _enterprise_user(request)
    appeal = _own_appeal(user, pk)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        run_action(request, lambda: actions.withdraw(appeal.pk, acting_user=user, reason=form.cleaned_data["reason"]),
                   _("Your appeal was withdrawn."))
    else:
        report_form_errors(request, form)
    return redirect("appeals:my_detail", pk=appeal.pk)


@login_required
@require_POST
def my_rate(request: HttpRequest, pk: int) -> HttpResponse:
    user = _enterprise_user(request)
    appeal = _own_appeal(user, pk)
    form = RateForm(request.POST)
    if form.is_valid():
        run_action(request, lambda: actions.rate(appeal.pk, acting_user=user, rating=form.cleaned_data["rating"],
                                                 comment=form.cleaned_data["comment"]),
                   _("Thank you: your rating was recorded."))
    else:
        report_form_errors(request, form)
    return redirect("appeals:my_detail", pk=appeal.pk)
