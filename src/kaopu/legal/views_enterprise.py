"""The enterprise's legal pages under /legal/my/: its requests, a new request (with what each service
is), a request's progress and timeline (not the internal events), cancelling and rating. Only
enterprise users reach them; another enterprise's request is a 404, as if it did not exist.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kaopu.accounts.roles import Role
from kaopu.core import access
from kaopu.core.pagination import page_from_query, query_with
from kaopu.core.state_filter import StateTab, filter_by_state
from kaopu.legal import actions, selectors
from kaopu.legal.actions import LegalError
from kaopu.legal.forms_enterprise import CancelForm, RateForm, RequestForm
from kaopu.legal.models import LegalRequest, ServiceKind
from kaopu.legal.views_common import attempt, for_roles, form_errors

enterprise_only = for_roles(Role.ENTERPRISE_USER)
PAGE_SIZE = 20
# The list's state filter (kaopu.core.state_filter), as on the enterprise's appeals and demands; the
# start page links to ?state=completed for the requests waiting for the enterprise's rating.
STATE_TABS = [StateTab("", gettext_lazy("All")),
              *(StateTab(value, label, (value,)) for value, label in LegalRequest.State.choices)]


def _bound(request: HttpRequest) -> Any:
    if not request.user.enterprise_id:
        raise Http404
    return request.user


@enterprise_only
def my_list(request: HttpRequest) -> HttpResponse:
    user = _bound(request)
    requests, tabs = filter_by_state(selectors.request_list(user, q=request.GET.get("q")), STATE_TABS, request.GET)
    page = page_from_query(requests, request.GET, size=PAGE_SIZE)
    for row in page.items:
        selectors.badge(row)
    return render(request, "legal/my_list.html", {
        "page": page, "services": ServiceKind.objects.filter(is_active=True), "state_tabs": tabs,
        "next_query": query_with(request.GET, after=page.next_cursor, before=None),
        "previous_query": query_with(request.GET, before=page.previous_cursor, after=None),
    })


@enterprise_only
def my_new(request: HttpRequest) -> HttpResponse:
    user = _bound(request)
    initial = {"contact_name": user.name, "contact_phone": user.phone, "service": request.GET.get("service")}
    form = RequestForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            try:
                created = actions.submit_request(acting_user=user, **form.cleaned_data)
            except LegalError as error:
                if error.field in form.fields:
                    form.add_error(error.field, error.message)
                else:
                    form.add_error(None, error.message)
            else:
                messages.success(request, _("Your request was sent; FIC staff will assign a lawyer."))
                return redirect("legal:my_detail", pk=created.pk)
        form_errors(request, form)
    return render(request, "legal/my_new.html", {"form": form})


@enterprise_only
def my_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _bound(request)
    legal_request = access.get_object_for_user(user, selectors.detail_queryset(public_only=True), pk)
    selectors.badge(legal_request)
    legal_request.shown_phone = selectors.shown_phone(request.user, legal_request)
    return render(request, "legal/my_detail.html", {
        "r": legal_request,
        "can_cancel": legal_request.state in actions.WORKFLOW["cancel"], "cancel_form": CancelForm(),
        "can_rate": legal_request.state == LegalRequest.State.COMPLETED, "rate_form": RateForm(),
        "checklist": selectors.checklist(legal_request) if legal_request.service.has_checklist else None,
    })


@require_POST
@enterprise_only
def my_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    user = _bound(request)
    legal_request = access.get_object_for_user(user, LegalRequest, pk, "change")
    form = CancelForm(request.POST)
    if form.is_valid():
        attempt(request, lambda: actions.cancel_request(legal_request.pk, acting_user=user,
                                                        reason=form.cleaned_data["reason"]),
                _("The request was cancelled."))
    else:
        form_errors(request, form)
    return redirect("legal:my_detail", pk=legal_request.pk)


@require_POST
@enterprise_only
def my_rate(request: HttpRequest, pk: int) -> HttpResponse:
    user = _bound(request)
    legal_request = access.get_object_for_user(user, LegalRequest, pk, "change")
    form = RateForm(request.POST)
    if form.is_valid():
        attempt(request, lambda: actions.rate_request(legal_request.pk, acting_user=user, **form.cleaned_data),
                _("Thank you for your rating."))
    else:
        form_errors(request, form)
    return redirect("legal:my_detail", pk=legal_request.pk)
