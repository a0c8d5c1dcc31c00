"""The honour pages (荣誉): the list with its counts per level and year (everyone who reads honours: staff
and leaders the district's, an enterprise its own, an officer their chamber's), an honour's page and its
certificate image, and the staff's form."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kaopu.accounts.roles import Role
from kaopu.core import access
from kaopu.core.decorators import staff_only
from kaopu.core.page_actions import submit
from kaopu.core.pagination import page_from_query
from kaopu.giving import actions, selectors
from kaopu.giving.forms import HonourFilterForm, HonourForm
from kaopu.giving.models import Honour
from kaopu.giving.web import pager, readers

PAGE_SIZE = 30


@readers
def honour_list(request: HttpRequest) -> HttpResponse:
    """One page of honours and the counts per year and level: three queries whatever the data size."""
    form = HonourFilterForm(request.GET or None)
    rows = selectors.honours(request.user)
    if form.is_valid():
        rows = selectors.honours_filtered(rows, year=form.cleaned_data["year"], level=form.cleaned_data["level"])
    page = page_from_query(rows, request.GET, size=PAGE_SIZE)
    counts = selectors.honour_counts(access.scope(request.user, Honour))
    return render(request, "giving/honour_list.html", {
        "form": form, **pager(request, page), "counts": counts, "levels": Honour.Level.choices,
        "level_totals": [sum(column) for column in zip(*(row for _y, row, _t in counts), strict=True)],
        "grand_total": sum(total for _y, _c, total in counts),
        "may_record": request.user.role == Role.FIC_STAFF, "tab": "honours"})


@readers
def honour_detail(request: HttpRequest, pk: int) -> HttpResponse:
    honour = access.get_object_for_user(request.user, selectors.honours(request.user), pk)
    return render(request, "giving/honour_detail.html", {
        "honour": honour, "may_change": request.user.role == Role.FIC_STAFF, "tab": "honours"})


@readers
def honour_certificate(request: HttpRequest, pk: int) -> FileResponse:
    """The re-encoded certificate image, to who may see the honour (404 otherwise)."""
    honour = access.get_object_for_user(request.user, Honour.objects.only("certificate", "certificate_type",
                                                                          "district_id", "enterprise_id",
                                                                          "chamber_id"), pk)
    if not honour.certificate:
        raise Http404
    response = FileResponse(honour.certificate.open("rb"), content_type=honour.certificate_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _form_page(request: HttpRequest, form: HonourForm, honour: Honour | None) -> HttpResponse:
    return render(request, "giving/honour_form.html", {"form": form, "honour": honour, "tab": "honours"})


@staff_only
def honour_new(request: HttpRequest) -> HttpResponse:
    form = HonourForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST":
        created = submit(request, form, lambda: actions.save_honour(
            acting_user=request.user, certificate=form.cleaned_data.get("certificate"), **form.values()),
            _("The honour was recorded."))
        if created:
            return redirect("giving:honour_detail", pk=created.pk)
    return _form_page(request, form, None)


@staff_only
def honour_edit(request: HttpRequest, pk: int) -> HttpResponse:
    honour = access.get_object_for_user(request.user, Honour.objects.select_related("enterprise"), pk, "change")
    form = HonourForm(request.POST or None, request.FILES or None, initial=HonourForm.initial_of(honour),
                      user=request.user)
    if request.method == "POST" and submit(request, form, lambda: actions.save_honour(
            honour.pk, acting_user=request.user, certificate=form.cleaned_data.get("certificate"),
            **form.values()), _("The honour was saved.")):
        return redirect("giving:honour_detail", pk=honour.pk)
    if request.method != "POST" and honour.enterprise_id:
        form.fields["enterprise"].widget.label = honour.enterprise.name
    return _form_page(request, form, honour)


@staff_only
@require_POST
def honour_remove(request: HttpRequest, pk: int) -> HttpResponse:
    honour = access.get_object_for_user(request.user, Honour, pk, "change")
    actions.remove_honour(honour.pk, acting_user=request.user)
    messages.success(request, _("The honour was deleted."))
    return redirect("giving:honour_list")
