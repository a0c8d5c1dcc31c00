"""The enterprise's meeting pages (/dialogues/my/): open meetings of its district, a meeting with the
registration form (and, when fewer seats are left than asked for, the offer of the seats that remain
or the waitlist), its registrations (upcoming and past, filtered by state: the state, the place on
the waitlist, the check-in code and its QR image while the code can still be used) and cancelling
one. Thin: authorize, parse, call one action (kaopu.dialogues.actions), render.

Only enterprise users reach these pages; anyone else gets 404, like a row they may not see. Meetings
and registrations are fetched through the access rules (kaopu.dialogues.permissions): another
enterprise's registration, or a meeting of another district it never registered for, is a 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kaopu.accounts.roles import Role
from kaopu.core import access, tabs
from kaopu.core.pagination import KeysetPage, page_from_query, query_with
from kaopu.dialogues import actions, codes, selectors
from kaopu.dialogues.actions import DialogueError, SeatsShort
from kaopu.dialogues.forms_enterprise import MyRegistrationsFilterForm, RegisterForm
from kaopu.dialogues.models import Meeting, Registration
from kaopu.dialogues.selectors import registration_is_open, seats_left, with_seats_taken

PAGE_SIZE = 30
# Upcoming registrations are shown soonest first on one page: an enterprise has a few at a time.
UPCOMING_SHOWN = 50
LIVE = (Registration.State.PENDING, Registration.State.APPROVED, Registration.State.WAITLISTED)
STATE_BADGES = {
    Registration.State.PENDING: "info",
    Registration.State.APPROVED: "ok",
    Registration.State.WAITLISTED: "warn",
    Registration.State.DECLINED: "danger",
    Registration.State.CANCELLED: "",
}


def _enterprise_user(request: HttpRequest) -> Any:
    user = request.user
    if user.role != Role.ENTERPRISE_USER or not user.enterprise_id:
        raise Http404
    return user


def _with_own_registration(queryset: QuerySet[Meeting], enterprise_id: int) -> QuerySet[Meeting]:
    """Each meeting with the state of the enterprise's latest registration for it (or None)."""
    own = Registration.objects.filter(meeting=OuterRef("pk"), enterprise_id=enterprise_id).order_by("-id")
    return queryset.annotate(own_state=Subquery(own.values("state")[:1]))


def qr_url(registration: Registration) -> str:
    """The QR image of the check-in code (kaopu.dialogues.views_qr, which applies the same access rules)."""
    return reverse("dialogues:registration_qr", args=[registration.pk])


def _decorate(registration: Registration, now: Any = None) -> Registration:
    now = now or timezone.now()
    registration.badge = STATE_BADGES.get(registration.state, "")
    usable = registration.code_is_usable(now)
    registration.shown_code = codes.display(registration.code) if usable else ""
    registration.qr = qr_url(registration) if usable else None
    registration.is_past = registration.meeting.ends_at < now
    registration.check_in_opens_at = registration.meeting.check_in_opens_at
    registration.can_cancel = registration.state in LIVE and registration.meeting.state in (
        Meeting.State.OPEN, Meeting.State.CLOSED) and not registration.checked_in_at
    return registration


@login_required
def my_meetings(request: HttpRequest) -> HttpResponse:
    """Meetings of the enterprise's district open for registration, newest first."""
    user = _enterprise_user(request)
    queryset = selectors.matching(access.scope(user, Meeting).filter(state=Meeting.State.OPEN).select_related("kind"),
                                  request.GET.get("q"))
    queryset = _with_own_registration(with_seats_taken(queryset), user.enterprise_id)
    page = page_from_query(queryset, request.GET, size=PAGE_SIZE)
    for meeting in page.items:
        meeting.left = seats_left(meeting)
        meeting.registering = registration_is_open(meeting)
    return render(request, "dialogues/my_meetings.html", {
        "page": page,
        "next_query": query_with(request.GET, after=page.next_cursor, before=None),
        "previous_query": query_with(request.GET, before=page.previous_cursor, after=None),
    })


# What the enterprise is told after registering, by the state its registration got.
DONE = {
    Registration.State.PENDING: gettext_lazy("Your registration was received: FIC staff will review it."),
    Registration.State.APPROVED: gettext_lazy("You are registered: your seats are kept for you."),
    Registration.State.WAITLISTED: gettext_lazy("No seat was free: your registration is on the waitlist and "
                                                "moves up when seats are freed."),
}


@login_required
def my_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    """A meeting, the enterprise's registration for it, and the form to register (POST registers).
    When fewer seats are left than asked for, the page offers the seats that remain or the waitlist
    (two buttons that post the form again: with that many attendees, or with accept_waitlist)."""
    user = _enterprise_user(request)
    queryset = with_seats_taken(Meeting.objects.select_related("kind")).prefetch_related("industries")
    meeting = access.get_object_for_user(user, queryset, pk)
    own = Registration.objects.filter(meeting=meeting, enterprise_id=user.enterprise_id)
    registration = selectors.with_waitlist_place(own).select_related("meeting").order_by("-id").first()
    if registration is not None:
        registration = _decorate(registration)
    live = registration is not None and registration.state in LIVE
    can_register = registration_is_open(meeting) and not live
    form = RegisterForm(request.POST if request.method == "POST" else None, meeting=meeting)
    offer = None
    if request.method == "POST" and can_register and form.is_valid():
        try:
            made = actions.register(meeting.pk, acting_user=user, **form.cleaned_data)
        except SeatsShort as short:
            offer = {"message": str(short), "left": short.left, "asked": short.asked}
        except DialogueError as error:
            form.add_error(None, str(error))
        else:
            (messages.warning if made.state == Registration.State.WAITLISTED else messages.success)(
                request, str(DONE[made.state]))
            return redirect("dialogues:my_meeting", pk=meeting.pk)
    elif request.method == "POST" and not can_register:
        messages.error(request, _("This meeting does not take registrations now.") if not live
                       else _("Your enterprise is already registered for this meeting."))
        return redirect("dialogues:my_meeting", pk=meeting.pk)
    return render(request, "dialogues/my_meeting.html", {
        "meeting": meeting, "left": seats_left(meeting), "registration": registration,
        "can_register": can_register, "form": form, "offer": offer,
    })


@login_required
def my_registrations(request: HttpRequest) -> HttpResponse:
    """The enterprise's registrations in two tabs: upcoming (meetings not over yet, soonest first, on
    one page) and past (newest first, keyset pages); each filtered by the registration's state. The
    code and its QR image show only while the code can be used (code_is_usable)."""
    user = _enterprise_user(request)
    form = MyRegistrationsFilterForm(request.GET)
    when, state = form.choice()
    queryset = selectors.my_registrations(user, when, state)
    if when == "upcoming":
        rows = list(queryset.order_by("meeting__starts_at", "id")[: UPCOMING_SHOWN + 1])
        page: Any = KeysetPage(items=rows[:UPCOMING_SHOWN], next_cursor=None, previous_cursor=None)
        truncated = len(rows) > UPCOMING_SHOWN
    else:
        page, truncated = page_from_query(queryset, request.GET, size=PAGE_SIZE), False
    now = timezone.now()
    page.items = [_decorate(registration, now) for registration in page.items]
    return render(request, "dialogues/my_registrations.html", {
        "page": page, "form": form, "when": when, "state": state or "", "truncated": truncated,
        "limit": UPCOMING_SHOWN,
        "tabs": [tabs.Tab(label, "?" + query_with(request.GET, when=name, after=None, before=None),
                          active=name == when, id=f"when-{name}")
                 for name, label in MyRegistrationsFilterForm.WHEN],
        "next_query": query_with(request.GET, after=page.next_cursor, before=None),
        "previous_query": query_with(request.GET, before=page.previous_cursor, after=None),
    })


@login_required
@require_POST
def my_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Cancel one of the enterprise's registrations (its seats go to the waitlist's head)."""
    user = _enterprise_user(request)
    registration = access.get_object_for_user(user, Registration.objects.all(), pk)
    try:
        actions.cancel_registration(registration.pk, acting_user=user)
    except DialogueError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your registration was cancelled."))
    if request.POST.get("next") == "list":
        return redirect("dialogues:my_registrations")
    return redirect("dialogues:my_meeting", pk=registration.meeting_id)
