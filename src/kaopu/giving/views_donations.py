"""The donation pages: the staff's and leaders' list, the enterprise's 我的捐赠, the officer's 本会捐赠, a
donation's page (with staff's confirm and return), its form (新增/修改), its evidence files. Who sees which
donation is the access rule's (kaopu.giving.permissions): another's id answers 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kaopu.accounts.roles import Role
from kaopu.chambers.permissions import officer_chamber
from kaopu.core import access
from kaopu.core.decorators import staff_and_leaders, staff_only
from kaopu.core.page_actions import submit
from kaopu.core.pagination import page_from_query
from kaopu.giving import actions, selectors
from kaopu.giving.forms import DonationFilterForm, DonationForm, EvidenceForm, ReturnForm
from kaopu.giving.models import Donation, DonationEvidence
from kaopu.giving.web import enterprises_only, officers_only, pager, readers, recorders, tab_of

PAGE_SIZE = 30


def _list(request: HttpRequest, template_context: dict[str, Any]) -> HttpResponse:
    """One page of the donations the user may see, filtered: a fixed number of queries whatever the data
    size (the categories of the filter, the page)."""
    form = DonationFilterForm(request.GET or None)
    rows = selectors.filtered(selectors.donations(request.user), **form.filters())
    page = page_from_query(rows, request.GET, size=PAGE_SIZE)
    return render(request, "giving/donation_list.html", {"form": form, **pager(request, page), **template_context})


@staff_and_leaders
def donation_list(request: HttpRequest) -> HttpResponse:
    return _list(request, {"tab": "donations", "may_record": request.user.role == Role.FIC_STAFF})


@enterprises_only
def my_donations(request: HttpRequest) -> HttpResponse:
    return _list(request, {"tab": "mine", "may_record": True})


@officers_only
def chamber_donations(request: HttpRequest) -> HttpResponse:
    return _list(request, {"tab": "chamber", "may_record": True, "chamber": officer_chamber(request.user)})


@readers
def donation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    donation = access.get_object_for_user(request.user, selectors.donations(request.user)
                                          .select_related("created_by", "decided_by"), pk)
    may_change = access.can(request.user, donation, "change")
    return render(request, "giving/donation_detail.html", {
        "donation": donation, "evidence": list(donation.evidence.all()), "may_change": may_change,
        "may_decide": request.user.role == Role.FIC_STAFF and donation.state == Donation.State.REPORTED,
        "return_form": ReturnForm(), "evidence_form": EvidenceForm(), "max_evidence": actions.MAX_EVIDENCE,
        "tab": tab_of(request)})


def _form_page(request: HttpRequest, form: DonationForm, donation: Donation | None) -> HttpResponse:
    return render(request, "giving/donation_form.html", {"form": form, "donation": donation, "tab": tab_of(request)})


@recorders
def donation_new(request: HttpRequest) -> HttpResponse:
    form = DonationForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST":
        created = submit(request, form, lambda: actions.record_donation(
            acting_user=request.user, uploads=form.cleaned_data.get("uploads"), **form.values()),
            _("The donation was recorded.") if request.user.role == Role.FIC_STAFF
            else _("The donation was sent to the FIC for confirmation."))
        if created:
            return redirect("giving:donation_detail", pk=created.pk)
    return _form_page(request, form, None)


@recorders
def donation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    donation = access.get_object_for_user(request.user, Donation.objects.select_related("enterprise"), pk, "change")
    form = DonationForm(request.POST or None, initial=DonationForm.initial_of(donation), user=request.user,
                        current=donation)
    if request.method == "POST" and submit(request, form, lambda: actions.update_donation(
            donation.pk, acting_user=request.user, **form.values()), _("The donation was saved.")):
        return redirect("giving:donation_detail", pk=donation.pk)
    if request.method != "POST" and donation.enterprise_id and "enterprise" in form.fields:
        form.fields["enterprise"].widget.label = donation.enterprise.name
    return _form_page(request, form, donation)


@staff_only
@require_POST
def donation_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    donation = access.get_object_for_user(request.user, Donation, pk, "change")
    try:
        actions.confirm_donation(donation.pk, acting_user=request.user)
        messages.success(request, _("The donation was confirmed."))
    except actions.GivingError as error:
        messages.error(request, error.message)
    return redirect("giving:donation_detail", pk=donation.pk)


@staff_only
@require_POST
def donation_return(request: HttpRequest, pk: int) -> HttpResponse:
    donation = access.get_object_for_user(request.user, Donation, pk, "change")
    form = ReturnForm(request.POST)
    submit(request, form, lambda: actions.return_donation(donation.pk, acting_user=request.user,
                                                       reason=form.cleaned_data["reason"]),
           _("The donation was returned to its reporter."))
    return redirect("giving:donation_detail", pk=donation.pk)


@recorders
@require_POST
def evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    donation = access.get_object_for_user(request.user, Donation, pk, "change")
    form = EvidenceForm(request.POST, request.FILES)
    submit(request, form, lambda: actions.add_evidence(donation.pk, form.cleaned_data["uploads"],
                                                    acting_user=request.user), _("The files were added."))
    return redirect("giving:donation_detail", pk=donation.pk)


@recorders
@require_POST
def evidence_remove(request: HttpRequest, pk: int) -> HttpResponse:
    row = access.get_object_for_user(request.user, DonationEvidence, pk, "change")
    actions.remove_evidence(row.pk, acting_user=request.user)
    messages.success(request, _("The file was removed."))
    return redirect("giving:donation_detail", pk=row.donation_id)


@readers
def evidence_file(request: HttpRequest, pk: int) -> FileResponse:
    """An evidence file, to who may see its donation (404 otherwise)."""
    row = access.get_object_for_user(request.user, DonationEvidence.objects.only(
        "file", "name", "content_type", "donation_id"), pk)
    response = FileResponse(row.file.open("rb"), as_attachment=True, filename=row.name, content_type=row.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
