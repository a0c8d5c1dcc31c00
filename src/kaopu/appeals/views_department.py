"""The department handler's appeal pages: the inbox of appeals the department leads or co-handles,
one appeal with its full timeline, and one POST endpoint per action the department may take.

Only department handlers reach these pages (anyone else: 404). Each POST calls exactly one action;
a refusal comes back as a message on the appeal's page. The buttons shown follow
workflow.actions_for and the department's part (lead or co-handler); the actions check again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kaopu.accounts.roles import Role
from kaopu.appeals import actions, contact, selectors, workflow
from kaopu.appeals.attachments import timeline_prefetch
from kaopu.appeals.forms_department import ExtensionForm, InboxFilterForm, OpinionForm, ReasonForm, ReplyForm
from kaopu.appeals.models import Appeal, CoHandler
from kaopu.appeals.page_helpers import (
    dispatch_instruction,
    due_label,
    label_events,
    mark_notifications_read,
    report_form_errors,
    run_action,
    with_opinion_status,
)
from kaopu.appeals.permissions import is_co_handler, is_lead_handler
from kaopu.core import access, tabs, workdays
from kaopu.core.pagination import keyset_union_page, parse_cursor, query_with

LIST_COLUMNS = ("id", "number", "kind", "title", "state", "due_on", "due_provisional", "is_confidential", "created_at",
                "lead_department_id", "return_requested", "extension_requested", "category__name", "enterprise__name")
INBOX_PAGE_SIZE = 30
# The inbox's tabs (selectors.INBOX_TABS) in words; "all" is the platform's one word for it (全部).
TAB_LABELS: dict[str, Any] = {
    "todo": gettext_lazy("To do"),
    "sign_for": gettext_lazy("To sign for"),
    "reply": gettext_lazy("To reply"),
    "opinion": gettext_lazy("Opinions asked of us"),
    "overdue": gettext_lazy("Overdue"),
    "closed": gettext_lazy("Finished"),
    "all": tabs.ALL,
}
TAB_HELP: dict[str, Any] = {
    "todo": gettext_lazy("What waits for your department: appeals to sign for and to reply to, and co-handled "
                         "appeals waiting for your opinion."),
    "sign_for": gettext_lazy("Appeals dispatched to your department as lead, waiting to be signed for."),
    "reply": gettext_lazy("Appeals your department leads, signed for, waiting for your reply."),
    "opinion": gettext_lazy("Appeals your department co-handles, waiting for your opinion to the lead department."),
    "overdue": gettext_lazy("Work of your department past its deadline."),
    "closed": gettext_lazy("Closed, withdrawn or merged appeals your department led or co-handled."),
    "all": gettext_lazy("Every appeal your department leads or co-handles."),
}


def _handler(request: HttpRequest) -> Any:
    user = request.user
    if user.role != Role.DEPARTMENT_HANDLER or not user.department_id:
        raise Http404
    return user


def _inbox_tabs(request: HttpRequest, current: str, counts: dict[str, int]) -> list[tabs.Tab]:
    """The tab bar: each tab keeps the other filters and starts from its first page."""
    return [tabs.Tab(label=TAB_LABELS[name], url="?" + query_with(request.GET, tab=name, after=None, before=None),
                     active=name == current, count=counts.get(name), id=f"tab-{name}")
            for name in selectors.INBOX_TABS]


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """The department's appeals, one tab at a time; by default what needs the department now (待办)."""
    user = _handler(request)
    tab = request.GET.get("tab", "")
    tab = tab if tab in selectors.INBOX_TABS else selectors.INBOX_TABS[0]
    form = InboxFilterForm(request.GET or None)
    today = workdays.local_today()
    filters = form.filters() if form.is_bound else {}
    # Is this department's opinion still awaited (a co-handled row's overdue mark)? A subquery of the rows' query.
    opinion_due = CoHandler.objects.filter(appeal=OuterRef("pk"), department_id=user.department_id,
                                           opinion_at__isnull=True)
    rows = (access.scope(user, Appeal).select_related("category", "enterprise").only(*LIST_COLUMNS)
            .annotate(opinion_due=Exists(opinion_due)))
    branches = [selectors.filter_inbox(branch, filters, today)
                for branch in selectors.inbox_branches(user.department_id, tab, today)]
    page = keyset_union_page(branches, rows, after=parse_cursor(request.GET.get("after")),
                             before=parse_cursor(request.GET.get("before")), size=INBOX_PAGE_SIZE)
    for appeal in page.items:
        appeal.is_lead = appeal.lead_department_id == user.department_id  # type: ignore[attr-defined]
        appeal.is_overdue = (selectors.inbox_overdue(appeal, today)  # type: ignore[attr-defined]
                             and (appeal.is_lead or appeal.opinion_due))  # type: ignore[attr-defined]
    return render(request, "appeals/department_inbox.html", {
        "form": form,
        "page": page,
        "tab": tab,
        "tabs": _inbox_tabs(request, tab, selectors.inbox_counts(user.department_id, today)),
        "tab_help": TAB_HELP[tab],
        "next_query": query_with(request.GET, after=page.next_cursor, before=None),
        "previous_query": query_with(request.GET, before=page.previous_cursor, after=None),
    })


def _available_actions(user: Any, appeal: Appeal) -> set[str]:
    """The department's buttons now: the table's actions for its part, less those the appeal's flags
    make pointless (the actions refuse them anyway)."""
    allowed = {t.name for t in workflow.actions_for(appeal, Role.DEPARTMENT_HANDLER)}
    if not is_lead_handler(user, appeal):
        allowed -= {"sign_for", "request_return", "request_extension", "reply"}
    if appeal.return_requested:
        allowed -= {"sign_for", "request_return"}
    if appeal.extension_requested or appeal.extension_used:
        allowed.discard("request_extension")
    if not is_co_handler(user, appeal):
        allowed.discard("give_opinion")
    return allowed


@login_required
def inbox_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _handler(request)
    appeal = access.get_object_for_user(
        user, Appeal.objects.select_related("category", "enterprise", "lead_department", "assigned_staff"), pk)
    events = label_events(appeal.events.select_related("actor__organisation")
                          .prefetch_related(timeline_prefetch(public_only=False)))
    mark_notifications_read(user, appeal)
    co_handlers = with_opinion_status(appeal.co_handlers.select_related("department"), workdays.local_today())
    return render(request, "appeals/department_detail.html", {
        "appeal": appeal,
        "contact": contact.shown(request, user, appeal),
        "due_label": due_label(appeal),
        "is_lead": is_lead_handler(user, appeal),
        "co_handlers": co_handlers,
        "instruction": dispatch_instruction(events),
        "missing_opinions": [c for c in co_handlers if c.opinion_at is None],
        "events": events,
        "submitted_files": next((e.attachment_list for e in events if e.action == "submit"), []),
        "allowed": _available_actions(user, appeal),
        "reason_form": ReasonForm(), "reply_form": ReplyForm(), "extension_form": ExtensionForm(),
        "opinion_form": OpinionForm(),
    })


def _post_action(request: HttpRequest, pk: int, form_class: type[Form] | None,
                 call: Callable[[Any, dict[str, Any]], Any], success: str) -> HttpResponse:
    """The body of every POST endpoint: role, form, one action, back to the appeal's page.
    An appeal the department may not see is 404 (raised by the action's own fetch)."""
    user = _handler(request)
    form = form_class(request.POST, request.FILES) if form_class is not None else None
    if form is not None and not form.is_valid():
        access.get_object_for_user(user, Appeal, pk)  # 404 before telling anything about the form
        report_form_errors(request, form)
    else:
        run_action(request, lambda: call(user, form.cleaned_data if form is not None else {}), success)
    return redirect("appeals:inbox_detail", pk=pk)


@login_required
@require_POST
def sign_for(request: HttpRequest, pk: int) -> HttpResponse:
    return _post_action(request, pk, None, lambda user, data: actions.sign_for(pk, acting_user=user),
                        _("You signed for the appeal."))


@login_required
@require_POST
def request_return(request: HttpRequest, pk: int) -> HttpResponse:
    return _post_action(request, pk, ReasonForm,
                        lambda user, data: actions.request_return(pk, acting_user=user, reason=data["reason"]),
                        _("Your request to return the appeal was sent to FIC staff."))


@login_required
@require_POST
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    return _post_action(request, pk, ReplyForm,
                        lambda user, data: actions.reply(pk, acting_user=user, text=data["text"],
                                                         attachments=data["attachments"]),
                        _("Your reply was sent to the enterprise."))


@login_required
@require_POST
def request_extension(request: HttpRequest, pk: int) -> HttpResponse:
    return _post_action(request, pk, ExtensionForm,
                        lambda user, data: actions.request_extension(pk, acting_user=user, reason=data["reason"],
                                                                     working_days=data["working_days"]),
                        _("Your request for an extension was sent to FIC staff."))


@login_required
@require_POST
def give_opinion(request: HttpRequest, pk: int) -> HttpResponse:
    return _post_action(request, pk, OpinionForm,
                        lambda user, data: actions.give_opinion(pk, acting_user=user, opinion=data["opinion"],
                                                                attachments=data["attachments"]),
                        _("Your opinion was recorded for the lead department."))
