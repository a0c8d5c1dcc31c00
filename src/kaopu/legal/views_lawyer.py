"""The lawyer's pages under /legal/lawyer/: their requests (open ones first), a request with its
sessions, the health-check checklist (all items in one form) and the outcome, and their own
availability. A lawyer sees only the requests assigned to them, not their firm colleagues' (404).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kaopu.accounts.roles import Role
from kaopu.core import access
from kaopu.core.pagination import page_from_query, query_with
from kaopu.legal import actions, selectors
from kaopu.legal.forms_lawyer import ChecklistForm, CompleteForm, SessionForm
from kaopu.legal.models import LegalRequest
from kaopu.legal.views_common import attempt, for_roles, form_errors

lawyer_only = for_roles(Role.LAWYER)
PAGE_SIZE = 20
S = LegalRequest.State


@lawyer_only
def lawyer_home(request: HttpRequest) -> HttpResponse:
    user = request.user
    closed = selectors.request_list(user).filter(lawyer__user_id=user.pk).exclude(state__in=selectors.OPEN_STATES)
    page = page_from_query(closed, request.GET, size=PAGE_SIZE)
    for row in page.items:
        selectors.badge(row)
    profile = getattr(user, "lawyer_profile", None)
    # ?state=assigned or in_progress narrows the to-do list (the start page's links, legal.workbench).
    state = request.GET.get("state") if request.GET.get("state") in selectors.OPEN_STATES else None
    return render(request, "legal/lawyer_list.html", {
        "open_requests": selectors.lawyer_open(user, state=state), "page": page, "profile": profile,
        "state_label": S(state).label if state else "",
        "next_query": query_with(request.GET, after=page.next_cursor, before=None),
        "previous_query": query_with(request.GET, before=page.previous_cursor, after=None),
    })


def _checklist_form(legal_request: LegalRequest, data: object = None) -> ChecklistForm | None:
    if not legal_request.service.has_checklist:
        return None
    rows = selectors.checklist(legal_request)
    return ChecklistForm(data, items=[item for item, _found in rows],
                         results={item.pk: found for item, found in rows if found})


@lawyer_only
def lawyer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    legal_request = access.get_object_for_user(request.user, selectors.detail_queryset(public_only=False), pk)
    selectors.badge(legal_request)
    legal_request.shown_phone = selectors.shown_phone(request.user, legal_request)
    selectors.record_phone_viewing(request, request.user, legal_request)
    working = legal_request.state in (S.ASSIGNED, S.IN_PROGRESS)
    return render(request, "legal/lawyer_detail.html", {
        "r": legal_request, "working": working, "session_form": SessionForm(),
        "complete_form": CompleteForm(), "checklist_form": _checklist_form(legal_request),
        "checklist": selectors.checklist(legal_request) if legal_request.service.has_checklist else None,
    })


def _own(request: HttpRequest, pk: int) -> LegalRequest:
    return access.get_object_for_user(request.user, LegalRequest.objects.select_related("service"), pk, "change")


@require_POST
@lawyer_only
def lawyer_session(request: HttpRequest, pk: int) -> HttpResponse:
    legal_request = _own(request, pk)
    form = SessionForm(request.POST)
    if form.is_valid():
        attempt(request, lambda: actions.record_session(legal_request.pk, acting_user=request.user,
                                                        **form.cleaned_data), _("The session was recorded."))
    else:
        form_errors(request, form)
    return redirect("legal:lawyer_detail", pk=legal_request.pk)


@require_POST
@lawyer_only
def lawyer_checklist(request: HttpRequest, pk: int) -> HttpResponse:
    legal_request = _own(request, pk)
    form = _checklist_form(legal_request, request.POST)
    if form is None:
        return redirect("legal:lawyer_detail", pk=legal_request.pk)
    if form.is_valid():
        attempt(request, lambda: actions.save_checklist(legal_request.pk, acting_user=request.user,
                                                        results=form.results()), _("The checklist was saved."))
    else:
        form_errors(request, form)
    return redirect(f"{reverse('legal:lawyer_detail', args=[legal_request.pk])}#checklist")


@require_POST
@lawyer_only
def lawyer_complete(request: HttpRequest, pk: int) -> HttpResponse:
    legal_request = _own(request, pk)
    form = CompleteForm(request.POST)
    if form.is_valid():
        attempt(request, lambda: actions.complete_request(legal_request.pk, acting_user=request.user,
                                                          **form.cleaned_data),
                _("The request is completed; the enterprise is asked to rate it."))
    else:
        form_errors(request, form)
    return redirect("legal:lawyer_detail", pk=legal_request.pk)


@require_POST
@lawyer_only
def lawyer_availability(request: HttpRequest) -> HttpResponse:
    profile = getattr(request.user, "lawyer_profile", None)
    if profile is not None:
        available = request.POST.get("available") == "1"
        attempt(request, lambda: actions.set_availability(profile.pk, acting_user=request.user, available=available),
                _("You are taking requests.") if available else _("You are not taking new requests for now."))
    return redirect("legal:lawyer_home")
