"""The activity pages: the staff's and leaders' list, the chamber officer's list, an activity's page and
its form (新增/修改). Who sees which activity is the access rule's (kaopu.programs.permissions)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from kaopu.chambers.permissions import officer_chamber
from kaopu.core import access
from kaopu.core.decorators import staff_and_leaders
from kaopu.core.page_actions import submit
from kaopu.core.pagination import dated_page
from kaopu.programs import actions, selectors, selectors_lecturers
from kaopu.programs.forms import ActivityFilterForm, ActivityForm
from kaopu.programs.models import Activity
from kaopu.programs.web import may_record, officers, pager, readers, recorders, tab_of

PAGE_SIZE = 30


def _list(request: HttpRequest, template_context: dict[str, Any]) -> HttpResponse:
    """One page of the activities the user may see, filtered: three queries whatever the data size
    (the types and chambers of the filters, the page)."""
    form = ActivityFilterForm(request.GET or None, user=request.user)
    rows = selectors.activities(request.user)
    if form.is_valid():
        rows = selectors.filtered(rows, year=form.cleaned_data["year"], type_id=form.cleaned_data["type"],
                                  organiser=form.cleaned_data.get("organiser") or "")
    page = dated_page(rows, request.GET, "starts_at", PAGE_SIZE)
    context = {"form": form, "may_record": may_record(request), **pager(request, page), **template_context}
    return render(request, "programs/activity_list.html", context)


@staff_and_leaders
def activity_list(request: HttpRequest) -> HttpResponse:
    return _list(request, {"tab": "activities"})


@officers
def chamber_list(request: HttpRequest) -> HttpResponse:
    return _list(request, {"tab": "chamber", "chamber": officer_chamber(request.user)})


@readers
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = access.get_object_for_user(request.user, selectors.activities(request.user), pk)
    return render(request, "programs/activity_detail.html", {
        "activity": activity, "enterprises": list(activity.enterprises.order_by("name")[:actions.MAX_ENTERPRISES]),
        "photos": list(activity.photos.all()), "may_change": may_record(request),
        "bookings": selectors_lecturers.of_activity(request.user, activity), "now": timezone.now(),
        "tab": tab_of(request)})


def _form_page(request: HttpRequest, form: ActivityForm, activity: Activity | None) -> HttpResponse:
    return render(request, "programs/activity_form.html",
                  {"form": form, "activity": activity, "tab": tab_of(request)})


@recorders
def activity_new(request: HttpRequest) -> HttpResponse:
    initial = {"chamber": request.GET.get("chamber", "")}
    form = ActivityForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST":
        created = submit(request, form, lambda: actions.create_activity(acting_user=request.user, **form.values()),
                         _("The activity was recorded."))
        if created:
            return redirect("programs:activity_detail", pk=created.pk)
    return _form_page(request, form, None)


@recorders
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = access.get_object_for_user(request.user, Activity.objects.select_related("chamber"), pk, "change")
    form = ActivityForm(request.POST or None, initial=ActivityForm.initial_of(activity), user=request.user,
                        current=activity)
    if request.method == "POST" and submit(
            request, form, lambda: actions.update_activity(activity.pk, acting_user=request.user, **form.values()),
            _("The activity was saved.")):
        return redirect("programs:activity_detail", pk=activity.pk)
    return _form_page(request, form, activity)
