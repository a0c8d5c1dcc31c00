"""The lecturers' pages (讲师团): the group with its search, a lecturer's page (their history, the
booking form, the answers staff give on their behalf), the staff's forms, and a lecturer's own
invitations (我的讲课邀请). Who sees which lecturer and booking is the access rule's."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kaopu.accounts.roles import Role
from kaopu.core import access
from kaopu.core.decorators import staff_and_leaders, staff_only
from kaopu.core.page_actions import attempt, submit
from kaopu.core.pagination import page_from_query
from kaopu.programs import actions_lecturers, selectors_lecturers
from kaopu.programs.forms_lecturers import BookingForm, DeclineForm, LecturerFilterForm, LecturerForm
from kaopu.programs.models import Booking, Lecturer
from kaopu.programs.web import officers, pager, readers

BOOKERS = (Role.FIC_STAFF, Role.CHAMBER_OFFICER)
INVITATIONS_PAGE = 30


def _tab(request: HttpRequest) -> str:
    return "our_lecturers" if request.user.role == Role.CHAMBER_OFFICER else "lecturers"


@staff_and_leaders
def lecturer_list(request: HttpRequest) -> HttpResponse:
    return _list(request)


@officers
def chamber_lecturers(request: HttpRequest) -> HttpResponse:
    """The active group, for a chamber officer to book from (the menu's 讲师预约)."""
    return _list(request)


def _list(request: HttpRequest) -> HttpResponse:
    """The lecturers matching the search, each with their accepted talks counted: one query."""
    form = LecturerFilterForm(request.GET or None, user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = selectors_lecturers.group_list(request.user, text=filters.get("q") or "", kind=filters.get("kind") or "",
                                          active=filters.get("active") or "")
    return render(request, "programs/lecturers/list.html", {
        "form": form, "rows": rows[:selectors_lecturers.LIST_LIMIT],
        "more": len(rows) > selectors_lecturers.LIST_LIMIT, "may_change": request.user.role == Role.FIC_STAFF,
        "for_activity": request.GET.get("activity", "") if request.GET.get("activity", "").isdigit() else "",
        "tab": _tab(request)})


@readers
def lecturer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The lecturer, their bookings the user may see (keyset pages), and the booking form."""
    lecturer = access.get_object_for_user(request.user, selectors_lecturers.lecturers(request.user), pk)
    page = selectors_lecturers.history(request.user, lecturer, request.GET)
    may_book = request.user.role in BOOKERS and lecturer.is_active
    form = BookingForm(initial={"event": f"a{request.GET['activity']}" if request.GET.get("activity") else ""},
                       user=request.user) if may_book else None
    return render(request, "programs/lecturers/detail.html", {
        "lecturer": lecturer, "form": form, "decline_form": DeclineForm(), "now": timezone.now(),
        "is_staff": request.user.role == Role.FIC_STAFF, "may_cancel": request.user.role in BOOKERS,
        "tab": _tab(request), **pager(request, page)})


def _form_page(request: HttpRequest, form: LecturerForm, lecturer: Lecturer | None) -> HttpResponse:
    return render(request, "programs/lecturers/form.html", {"form": form, "lecturer": lecturer, "tab": "lecturers"})


@staff_only
def lecturer_new(request: HttpRequest) -> HttpResponse:
    form = LecturerForm(request.POST or None)
    if request.method == "POST":
        created = submit(request, form, lambda: actions_lecturers.create_lecturer(
            acting_user=request.user, **form.cleaned_data), _("The lecturer was added to the group."))
        if created:
            return redirect("programs:lecturer_detail", pk=created.pk)
    return _form_page(request, form, None)


@staff_only
def lecturer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    lecturer = access.get_object_for_user(request.user, Lecturer.objects.select_related("enterprise", "user"), pk,
                                          "change")
    form = LecturerForm(request.POST or None, initial=LecturerForm.initial_of(lecturer))
    if request.method == "POST" and submit(request, form, lambda: actions_lecturers.update_lecturer(
            lecturer.pk, acting_user=request.user, **form.cleaned_data), _("The lecturer was saved.")):
        return redirect("programs:lecturer_detail", pk=lecturer.pk)
    return _form_page(request, form, lecturer)


@staff_only
@require_POST
def lecturer_active(request: HttpRequest, pk: int) -> HttpResponse:
    lecturer = access.get_object_for_user(request.user, Lecturer, pk, "change")
    active = request.POST.get("active") == "1"
    done = _("The lecturer is back in the group.") if active else _("The lecturer retired from the group.")
    attempt(request, lambda: actions_lecturers.set_lecturer_active(lecturer.pk, acting_user=request.user,
                                                                   active=active), done)
    return redirect("programs:lecturer_detail", pk=lecturer.pk)


@readers
@require_POST
def booking_new(request: HttpRequest, pk: int) -> HttpResponse:
    if request.user.role not in BOOKERS:
        raise Http404
    lecturer = access.get_object_for_user(request.user, Lecturer, pk)
    form = BookingForm(request.POST, user=request.user)
    submit(request, form, lambda: actions_lecturers.request_booking(acting_user=request.user, lecturer=lecturer.pk,
                                                                 **form.values()),
           _("The lecturer was asked; you will be told of the answer."))
    return redirect("programs:lecturer_detail", pk=lecturer.pk)


def _back(request: HttpRequest, booking: Booking) -> HttpResponse:
    if request.POST.get("next") == "invitations":
        return redirect("programs:my_invitations")
    return redirect("programs:lecturer_detail", pk=booking.lecturer_id)


def _booking(request: HttpRequest, pk: int) -> Booking:
    return access.get_object_for_user(request.user, Booking.objects.all(), pk, "change")


@login_required
@require_POST
def booking_accept(request: HttpRequest, pk: int) -> HttpResponse:
    booking = _booking(request, pk)
    accepted = attempt(request, lambda: actions_lecturers.accept_booking(booking.pk, acting_user=request.user),
                       _("The booking was accepted."))
    for other in getattr(accepted, "overlaps", []):
        messages.warning(request, _("Note: %(name)s has accepted another talk at the same time: %(event)s.")
                         % {"name": other.lecturer.name, "event": other.event})
    return _back(request, booking)


@login_required
@require_POST
def booking_decline(request: HttpRequest, pk: int) -> HttpResponse:
    booking = _booking(request, pk)
    form = DeclineForm(request.POST)
    submit(request, form, lambda: actions_lecturers.decline_booking(booking.pk, acting_user=request.user,
                                                                 reason=form.cleaned_data["reason"]),
           _("The booking was declined."))
    return _back(request, booking)


@login_required
@require_POST
def booking_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    booking = _booking(request, pk)
    attempt(request, lambda: actions_lecturers.cancel_booking(booking.pk, acting_user=request.user),
            _("The booking was cancelled."))
    return _back(request, booking)


@login_required
def my_invitations(request: HttpRequest) -> HttpResponse:
    """The invitations of the lecturer whose account the user is: those waiting (bounded), then the
    answered ones (keyset pages); 404 for a user who is no lecturer."""
    lecturer = selectors_lecturers.own_lecturer(request.user)
    if lecturer is None:
        raise Http404
    waiting = list(selectors_lecturers.invitations(request.user, waiting=True).order_by("id")[:100])
    page = page_from_query(selectors_lecturers.invitations(request.user, waiting=False), request.GET,
                           size=INVITATIONS_PAGE)
    return render(request, "programs/lecturers/invitations.html", {
        "lecturer": lecturer, "waiting": waiting, "decline_form": DeclineForm(), "now": timezone.now(),
        **pager(request, page)})
