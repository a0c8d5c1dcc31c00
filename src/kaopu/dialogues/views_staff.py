"""The FIC staff's dialogue pages (政企沟通): meetings, invitations, check-in, minutes, follow-up reports.

Thin, like kaopu.appeals.views_staff: authorize, parse, call one action of kaopu.dialogues.actions,
render. FIC staff of the meeting's district change things; district leaders read (list, detail,
sign-in sheet, reports); every other role gets 404, as for a meeting of another district. A refusal
(DialogueError) comes back as a message on the page, never as a 500.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.db.models import Prefetch
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from openpyxl import Workbook
from openpyxl.styles import Font

from kaopu.accounts.roles import Role
from kaopu.audit.log import record
from kaopu.audit.models import Action
from kaopu.core import access
from kaopu.core.decorators import for_roles
from kaopu.core.downloads import XLSX
from kaopu.core.pagination import page_from_query, query_with
from kaopu.core.spreadsheet import safe_append
from kaopu.core.workdays import local_today
from kaopu.dialogues import actions, selectors
from kaopu.dialogues.actions import ContentRefused, DialogueError
from kaopu.dialogues.forms_staff import (
    CancelMeetingForm,
    CheckInForm,
    DeclineRegistrationForm,
    InviteFilterForm,
    IssueForm,
    IssuesToAppealsForm,
    MeetingFilterForm,
    MeetingForm,
    MinutesForm,
    SeriesForm,
    YearForm,
)
from kaopu.dialogues.models import Meeting, MeetingKind, RaisedIssue, Registration
from kaopu.directory.models import Enterprise
from kaopu.directory.selectors import EnterpriseFilters, filter_enterprises
from kaopu.publicity.views_screening import confirmation

INVITE_LIMIT = 200
staff_only = for_roles(Role.FIC_STAFF)
staff_and_leaders = for_roles(Role.FIC_STAFF, Role.DISTRICT_LEADER)

STATE_BADGES = {Meeting.State.OPEN: "ok", Meeting.State.CLOSED: "warn", Meeting.State.HELD: "",
                Meeting.State.CANCELLED: "danger"}
REGISTRATION_BADGES = {Registration.State.APPROVED: "ok", Registration.State.PENDING: "warn",
                       Registration.State.WAITLISTED: "warn", Registration.State.DECLINED: "danger"}
# The state buttons of the detail page: the action's name in the URL → (action, the message when done).
TRANSITIONS: dict[str, tuple[Callable[..., Meeting], str]] = {
    "open": (actions.open_registration, "Registration is open."),
    "close": (actions.close_registration, "Registration is closed."),
    "held": (actions.mark_held, "The meeting is marked as held."),
}
# Which state buttons each state shows (the actions refuse the others with a message anyway).
BUTTONS = {Meeting.State.DRAFT: ("open",), Meeting.State.OPEN: ("close", "held"),
           Meeting.State.CLOSED: ("open", "held"), Meeting.State.HELD: (), Meeting.State.CANCELLED: ()}


def form_errors(request: HttpRequest, form: Form) -> None:
    """Each error of ``form`` as a message that names its field (“座位数：…”)."""
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            named = not label or str(error).startswith(str(label))
            messages.error(request, error if named else _("%(label)s: %(error)s") % {"label": label, "error": error})


def _attempt(request: HttpRequest, call: Callable[[], Any], done: str) -> bool:
    try:
        call()
    except DialogueError as error:
        messages.error(request, str(error))
        return False
    messages.success(request, done)
    return True


def _guarded(request: HttpRequest, call: Callable[[list[str]], Any], done: str, meeting: Meeting,
             ) -> HttpResponse | None:
    """``call(acknowledged)`` for an action that makes a meeting's texts public: the page asking to
    acknowledge the content guard's medium findings when it needs that (None otherwise: done, or refused
    with a message)."""
    try:
        call(request.POST.getlist("acknowledge"))
    except ContentRefused as error:
        if error.refused.needs_acknowledgement:
            return confirmation(request, error.refused, title=str(meeting), action=request.path,
                                back=reverse("dialogues:meeting_detail", args=[meeting.pk]))
        messages.error(request, str(error))
        return None
    except DialogueError as error:
        messages.error(request, str(error))
        return None
    messages.success(request, done)
    return None


def _meeting(request: HttpRequest, pk: int, action: str = "view", queryset: Any = None) -> Meeting:
    queryset = queryset if queryset is not None else Meeting.objects.select_related("kind")
    return access.get_object_for_user(request.user, queryset, pk, action)


# ---- list, detail, create and edit ----------------------------------------------------------------------


@staff_and_leaders
def meeting_list(request: HttpRequest) -> HttpResponse:
    form = MeetingFilterForm(request.GET or None)
    filters = form.filters() if form.is_bound else {"kind": None, "state": None, "year": None, "q": None,
                                                    "pending": False}
    page = page_from_query(selectors.meeting_list(request.user, **filters).select_related("kind"), request.GET,
                           size=30)
    for meeting in page.items:
        meeting.badge = STATE_BADGES.get(meeting.state, "")
    return render(request, "dialogues/staff_list.html", {
        "form": form, "page": page, "is_staff": request.user.role == Role.FIC_STAFF,
        "next_query": query_with(request.GET, after=page.next_cursor, before=None),
        "previous_query": query_with(request.GET, before=page.previous_cursor, after=None),
    })


def _detail_queryset() -> Any:
    return Meeting.objects.select_related("kind", "organiser").prefetch_related(
        "industries", "leaders", "departments",
        Prefetch("registrations", queryset=Registration.objects.select_related("enterprise").order_by("id")))


@staff_and_leaders
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, queryset=_detail_queryset())
    registrations = list(meeting.registrations.all())
    by_state: dict[str, list[Registration]] = {state: [] for state, _label in Registration.State.choices}
    for registration in registrations:
        registration.badge = REGISTRATION_BADGES.get(registration.state, "")
        by_state[registration.state].append(registration)
    taken = sum(r.seats for r in by_state[Registration.State.APPROVED])
    groups = [(state, label, by_state[state]) for state, label in Registration.State.choices if by_state[state]]
    is_staff = request.user.role == Role.FIC_STAFF
    return render(request, "dialogues/staff_detail.html", {
        "meeting": meeting, "badge": STATE_BADGES.get(meeting.state, ""), "is_staff": is_staff,
        "groups": groups, "waitlist": by_state[Registration.State.WAITLISTED],
        "seats_taken": taken, "seats_left": max(meeting.capacity - taken, 0),
        "checked_in": sum(1 for r in by_state[Registration.State.APPROVED] if r.checked_in_at),
        "buttons": BUTTONS.get(meeting.state, ()) if is_staff else (),
        "can_cancel": is_staff and meeting.state not in (Meeting.State.HELD, Meeting.State.CANCELLED),
        "cancel_form": CancelMeetingForm(), "decline_form": DeclineRegistrationForm(),
    })


def _meeting_fields(data: dict[str, Any]) -> dict[str, Any]:
    fields = dict(data)
    for name in ("industries", "leaders", "departments"):
        fields[name] = list(fields[name])
    return fields


@staff_only
def meeting_new(request: HttpRequest) -> HttpResponse:
    form = MeetingForm(request.POST or None, district_id=request.user.district_id)
    if request.method == "POST":
        if form.is_valid():
            try:
                meeting = actions.create_meeting(acting_user=request.user, **_meeting_fields(form.cleaned_data))
            except DialogueError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("The meeting was created as a draft: open registration when it is "
                                            "ready."))
                return redirect("dialogues:meeting_detail", pk=meeting.pk)
        else:
            form_errors(request, form)
    return render(request, "dialogues/staff_form.html", {"form": form, "meeting": None})


@staff_only
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, "change", Meeting.objects.select_related("kind").prefetch_related(
        "industries", "leaders", "departments"))
    form = MeetingForm(request.POST or None, district_id=meeting.district_id,
                       initial=MeetingForm.initial_of(meeting))
    if request.method == "POST":
        if form.is_valid():
            fields = _meeting_fields(form.cleaned_data)
            saved: list[Meeting] = []
            asked = _guarded(request, lambda acknowledged: saved.append(actions.update_meeting(
                meeting.pk, acting_user=request.user, acknowledged=acknowledged, **fields)),
                _("The meeting was saved."), meeting)
            if asked is not None:
                return asked
            if saved:
                return redirect("dialogues:meeting_detail", pk=meeting.pk)
        else:
            form_errors(request, form)
    return render(request, "dialogues/staff_form.html", {"form": form, "meeting": meeting})


@require_POST
@staff_only
def meeting_transition(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    meeting = _meeting(request, pk, "change")
    if name == "open":  # the meeting may become public: the content guard's findings may need acknowledging
        asked = _guarded(request, lambda acknowledged: actions.open_registration(
            meeting.pk, acting_user=request.user, acknowledged=acknowledged), _(TRANSITIONS[name][1]), meeting)
        if asked is not None:
            return asked
    elif name in TRANSITIONS:
        action, done = TRANSITIONS[name]
        _attempt(request, lambda: action(meeting.pk, acting_user=request.user), _(done))
    return redirect("dialogues:meeting_detail", pk=meeting.pk)


@require_POST
@staff_only
def meeting_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, "change")
    form = CancelMeetingForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
    else:
        asked = _guarded(request, lambda acknowledged: actions.cancel_meeting(
            meeting.pk, acting_user=request.user, reason=form.cleaned_data["reason"], acknowledged=acknowledged),
            _("The meeting was cancelled; every registered enterprise is told."), meeting)
        if asked is not None:
            return asked
    return redirect("dialogues:meeting_detail", pk=meeting.pk)


# ---- registrations ---------------------------------------------------------------------------------------


def _registration_action(request: HttpRequest, pk: int, call: Callable[[Registration], Any], done: str,
                         back: str = "dialogues:meeting_detail") -> HttpResponse:
    registration = access.get_object_for_user(request.user, Registration.objects.select_related("enterprise"),
                                               pk, "change")
    _attempt(request, lambda: call(registration), done % {"name": registration.enterprise.name})
    return redirect(back, pk=registration.meeting_id)


@require_POST
@staff_only
def registration_approve(request: HttpRequest, pk: int) -> HttpResponse:
    registration = access.get_object_for_user(request.user, Registration.objects.select_related("enterprise"),
                                               pk, "change")
    name = registration.enterprise.name
    try:
        result = actions.approve(registration.pk, acting_user=request.user)
    except DialogueError as error:
        messages.error(request, str(error))
    else:
        if result.state == Registration.State.APPROVED:
            messages.success(request, _("“%(name)s”: registration approved.") % {"name": name})
        else:
            messages.warning(request, _("No seat was free: “%(name)s” is on the waitlist.") % {"name": name})
    return redirect("dialogues:meeting_detail", pk=registration.meeting_id)


@require_POST
@staff_only
def registration_decline(request: HttpRequest, pk: int) -> HttpResponse:
    form = DeclineRegistrationForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    return _registration_action(request, pk, lambda r: actions.decline(r.pk, acting_user=request.user, note=note),
                                _("“%(name)s”: registration declined."))


@require_POST
@staff_only
def registration_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    return _registration_action(request, pk, lambda r: actions.cancel_registration(r.pk, acting_user=request.user),
                                _("“%(name)s”: registration cancelled; the waitlist moved up where seats fit."))


# ---- invitations -----------------------------------------------------------------------------------------


def _invitable(request: HttpRequest, meeting: Meeting, form: InviteFilterForm) -> Any:
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    filters = EnterpriseFilters(section=data.get("section") or None, subdistrict=data.get("subdistrict"),
                                is_member={"1": True, "0": False}.get(data.get("member") or ""),
                                status=Enterprise.Status.ACTIVE)
    queryset = access.scope(request.user, Enterprise.objects.only("id", "name", "district_id", "is_member",
                                                                  "subdistrict_id", "industry_id"))
    return filter_enterprises(queryset.filter(district_id=meeting.district_id), filters).order_by("name", "id")


@staff_only
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, "change")
    source = request.POST if request.method == "POST" else request.GET
    form = InviteFilterForm(source or None, district_id=meeting.district_id)
    candidates = _invitable(request, meeting, form)
    if request.method == "POST":
        chosen = list(candidates.filter(pk__in=[v for v in request.POST.getlist("enterprise") if v.isdigit()]))
        if not chosen:
            messages.error(request, _("Enterprises to invite: tick at least one enterprise."))
        elif _attempt(request, lambda: _invite(request, meeting, chosen), _("Invitations sent.")):
            return redirect("dialogues:meeting_detail", pk=meeting.pk)
    rows = list(candidates[: INVITE_LIMIT + 1])
    live = set(meeting.registrations.filter(state__in=actions.LIVE).values_list("enterprise_id", flat=True))
    return render(request, "dialogues/staff_invite.html", {
        "meeting": meeting, "form": form, "enterprises": rows[:INVITE_LIMIT], "registered": live,
        "truncated": len(rows) > INVITE_LIMIT, "limit": INVITE_LIMIT})


def _invite(request: HttpRequest, meeting: Meeting, chosen: list[Enterprise]) -> None:
    made = actions.invite(meeting.pk, acting_user=request.user, enterprises=chosen)
    waitlisted = sum(1 for r in made if r.state == Registration.State.WAITLISTED)
    if waitlisted:
        messages.warning(request, _("%(n)s enterprises are on the waitlist: the seats ran out.") % {"n": waitlisted})


# ---- check-in and the sign-in sheet -----------------------------------------------------------------------


def _approved(meeting: Meeting) -> list[Registration]:
    return list(meeting.registrations.filter(state=Registration.State.APPROVED).select_related("enterprise")
                .order_by("enterprise__name", "id"))


@staff_only
def check_in(request: HttpRequest, pk: int) -> HttpResponse:
    """Check in by the code, typed or scanned with the phone's camera (static/dialogues/check-in-scanner.js
    decodes the QR image and submits this same form); the page says when check-in opens and closes."""
    meeting = _meeting(request, pk, "change")
    form = CheckInForm(request.POST or None)
    if request.method == "POST":
        if not form.is_valid():
            form_errors(request, form)
        else:
            try:
                registration = actions.check_in(meeting.pk, acting_user=request.user, code=form.cleaned_data["code"])
            except DialogueError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("Checked in: %(name)s, %(seats)s attendee(s).") % {
                    "name": registration.enterprise.name, "seats": registration.seats})
        return redirect("dialogues:check_in", pk=meeting.pk)
    registrations = _approved(meeting)
    return render(request, "dialogues/staff_check_in.html", {
        "meeting": meeting, "form": CheckInForm(), "registrations": registrations,
        "checked_in": sum(1 for r in registrations if r.checked_in_at),
        "timing": meeting.check_in_timing(timezone.now()),
        "opens_minutes": settings.KAOPU_CHECK_IN_OPENS_MINUTES_BEFORE})


@require_POST
@staff_only
def check_in_registration(request: HttpRequest, pk: int) -> HttpResponse:
    return _registration_action(request, pk, lambda r: actions.check_in_registration(r.pk, acting_user=request.user),
                                _("Checked in: %(name)s."), back="dialogues:check_in")


@staff_and_leaders
def sign_in_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    return render(request, "dialogues/staff_sign_in_sheet.html", {
        "meeting": meeting, "registrations": _approved(meeting)})


# ---- minutes and the issues raised ------------------------------------------------------------------------


def _registrant_choices(meeting: Meeting) -> list[tuple[int, str]]:
    return list(meeting.registrations.exclude(state__in=(Registration.State.DECLINED, Registration.State.CANCELLED))
                .order_by("enterprise__name").values_list("enterprise_id", "enterprise__name").distinct())


@staff_only
def minutes(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, "change")
    minutes_form = MinutesForm(request.POST or None, initial={"minutes": meeting.minutes})
    if request.method == "POST":
        if minutes_form.is_valid():
            if _attempt(request, lambda: actions.save_minutes(meeting.pk, acting_user=request.user,
                                                              minutes=minutes_form.cleaned_data["minutes"]),
                        _("The minutes were saved.")):
                return redirect("dialogues:minutes", pk=meeting.pk)
        else:
            form_errors(request, minutes_form)
    return _minutes_page(request, meeting, minutes_form=minutes_form)


def _issues(meeting: Meeting) -> list[RaisedIssue]:
    """The meeting's issues in the order they were recorded, each with its ``number`` (1, 2 …): the
    page lists them by it and every refusal names an issue by it (selectors.issue_numbers agrees)."""
    issues = list(meeting.issues.select_related("enterprise", "appeal").order_by("id"))
    for number, issue in enumerate(issues, start=1):
        issue.number = number
    return issues


def _minutes_page(request: HttpRequest, meeting: Meeting, **forms: Any) -> HttpResponse:
    issues = _issues(meeting)
    open_issues = [issue for issue in issues if issue.appeal_id is None]
    context = {
        "meeting": meeting, "issues": issues,
        "minutes_form": MinutesForm(initial={"minutes": meeting.minutes}),
        "issue_form": IssueForm(enterprises=_registrant_choices(meeting)),
        "appeals_form": IssuesToAppealsForm(issues=open_issues) if open_issues else None,
    }
    context.update(forms)
    return render(request, "dialogues/staff_minutes.html", context)


@require_POST
@staff_only
def issue_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, "change")
    form = IssueForm(request.POST, enterprises=_registrant_choices(meeting))
    if not form.is_valid():
        form_errors(request, form)
        return _minutes_page(request, meeting, issue_form=form)
    enterprise = Enterprise.objects.get(pk=form.cleaned_data["enterprise"])  # one of the meeting's registrants
    _attempt(request, lambda: actions.add_issue(meeting.pk, acting_user=request.user, enterprise=enterprise,
                                                summary=form.cleaned_data["summary"]), _("The issue was added."))
    return redirect(reverse("dialogues:minutes", args=[meeting.pk]) + "#issues")


@require_POST
@staff_only
def issues_to_appeals(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, "change")
    form = IssuesToAppealsForm(request.POST, issues=[i for i in _issues(meeting) if i.appeal_id is None])
    if not form.is_valid():
        form_errors(request, form)  # shown once, as messages: the form marks the refused rows only
        return _minutes_page(request, meeting, appeals_form=form)
    items = form.items()
    if _attempt(request, lambda: actions.issues_to_appeals(meeting.pk, acting_user=request.user, items=items),
                _("%(n)s issues became appeals on behalf of their enterprises.") % {"n": len(items)}):
        return redirect(reverse("dialogues:minutes", args=[meeting.pk]) + "#issues")
    return _minutes_page(request, meeting, appeals_form=form)


# ---- follow-up reports: a meeting, a series (kind and year) and a year; printable and as .xlsx ------------

# The figures of a report, in the pages' and the workbooks' order: attribute, label, how it is shown.
FIGURES: list[tuple[str, Any, str]] = [
    ("registered", gettext_lazy("registered"), "count"),
    ("approved", gettext_lazy("approved"), "count"),
    ("attended", gettext_lazy("attended"), "count"),
    ("issues", gettext_lazy("issues raised"), "count"),
    ("appeals", gettext_lazy("appeals"), "count"),
    ("closed", gettext_lazy("appeals closed"), "count"),
    ("closed_on_time", gettext_lazy("closed on time"), "count"),
    ("rated", gettext_lazy("rated"), "count"),
    ("satisfied", gettext_lazy("satisfied"), "count"),
    ("completion_rate", gettext_lazy("completion rate"), "percent"),
    ("on_time_rate", gettext_lazy("on-time rate"), "percent"),
    ("satisfaction_rate", gettext_lazy("satisfaction rate"), "percent"),
]


def _shown(value: Any, how: str) -> str:
    if how == "percent":
        return "—" if value is None else f"{value * 100:.1f}%"
    return str(value)


def _figures(report: selectors.MeetingReport) -> list[tuple[Any, str]]:
    return [(label, _shown(getattr(report, name), how)) for name, label, how in FIGURES]


def _meeting_title(meeting: Meeting) -> str:
    return _("%(kind)s No. %(n)s · %(theme)s") % {"kind": meeting.kind.name, "n": meeting.number,
                                                   "theme": meeting.theme}


class Percent(float):
    """A rate written to a workbook cell formatted as a percentage."""


def _workbook(title: str, heads: list[str], rows: list[list[Any]]) -> HttpResponse:
    """One sheet: a title line, a bold head, then the rows; Percent values shown as 0.0%."""
    book = Workbook()
    sheet = book.active
    sheet.title = str(_("Report"))[:31]
    safe_append(sheet, [title])
    safe_append(sheet, heads)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows:
        safe_append(sheet, [float(v) if isinstance(v, Percent) else v for v in row])
        for cell, value in zip(sheet[sheet.max_row], row, strict=False):
            if isinstance(value, Percent):
                cell.number_format = "0.0%"
    sheet.column_dimensions["A"].width = 40
    buffer = io.BytesIO()
    book.save(buffer)
    return HttpResponse(buffer.getvalue(), content_type=XLSX)


def _values(report: selectors.MeetingReport) -> list[Any]:
    """The figures as numbers; rates rounded to 0.01 % and marked to be shown as percentages."""
    values = []
    for name, _label, how in FIGURES:
        value = getattr(report, name)
        values.append(Percent(round(value, 4)) if how == "percent" and value is not None else value)
    return values


@staff_and_leaders
def report_page(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    report = selectors.followup_report(meeting)
    return render(request, "dialogues/staff_report.html", {
        "meeting": meeting, "report": report, "figures": _figures(report), "issues": _issues(meeting)})


@staff_and_leaders
def report_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The figures, the appeals by state, and each issue with its appeal (number, state)."""
    meeting = _meeting(request, pk)
    report = selectors.followup_report(meeting)
    rows: list[list[Any]] = [[str(label), value] for (_n, label, _h), value in zip(FIGURES, _values(report),
                                                                                   strict=True)]
    rows += [[]] + [[f"{_('appeals')}: {label}", n] for _state, label, n in report.by_state_labelled]
    rows += [[], [_("Enterprise"), _("Issue raised"), _("Appeal"), _("State")]]
    rows += [[i.enterprise.name, i.summary, i.appeal_id or "", i.appeal.get_state_display() if i.appeal else ""]
             for i in _issues(meeting)]
    response = _workbook(_meeting_title(meeting), [_("Figure"), _("Value")], rows)
    record(Action.EXPORT, request=request, target=meeting, summary=f"导出会议跟踪报告：{meeting}",
           data={"registered": report.registered, "attended": report.attended})
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}-report.xlsx"'
    return response


def _series_rows(series: selectors.Series) -> list[list[Any]]:
    rows: list[list[Any]] = [[_meeting_title(r.meeting), r.meeting.starts_at.astimezone().strftime("%Y-%m-%d"),
                              *_values(r)] for r in series.rows]
    rows.append([_("total"), "", *_values(series.total)])
    return rows


def _series_heads() -> list[str]:
    return [_("Meeting"), _("Date"), *(str(label) for _n, label, _h in FIGURES)]


def _series_context(request: HttpRequest, series: selectors.Series, **extra: Any) -> dict[str, Any]:
    return {"heads": [label for _n, label, _h in FIGURES],
            "rows": [(r.meeting, [_shown(getattr(r, n), how) for n, _l, how in FIGURES]) for r in series.rows],
            "total": [_shown(getattr(series.total, n), how) for n, _l, how in FIGURES],
            "total_report": series.total, "export_query": request.GET.urlencode(), **extra}


def _series_choice(request: HttpRequest) -> tuple[SeriesForm, Any, int | None]:
    form = SeriesForm(request.GET or None, initial={"year": local_today().year})
    if form.is_bound and form.is_valid():
        return form, form.cleaned_data["kind"], form.cleaned_data["year"]
    if form.is_bound:
        form_errors(request, form)
    return form, MeetingKind.objects.filter(is_active=True).first(), local_today().year


def _series(request: HttpRequest, kind: Any, year: int | None) -> selectors.Series:
    if kind is None:  # no kind at all (every kind retired)
        return selectors.Series([], selectors.MeetingReport())
    return selectors.series_report(request.user, kind=kind, year=year)


@staff_and_leaders
def series_page(request: HttpRequest) -> HttpResponse:
    form, kind, year = _series_choice(request)
    series = _series(request, kind, year)
    title = _("%(kind)s, %(year)s") % {"kind": kind, "year": year or _("every year")} if kind else ""
    return render(request, "dialogues/staff_series.html", _series_context(
        request, series, form=form, title=title, export_url=reverse("dialogues:series_report_export")))


@staff_and_leaders
def series_export(request: HttpRequest) -> HttpResponse:
    _form, kind, year = _series_choice(request)
    series = _series(request, kind, year)
    response = _workbook(_("%(kind)s, %(year)s") % {"kind": kind, "year": year or _("every year")},
                         _series_heads(), _series_rows(series))
    name = f"meetings-series-{getattr(kind, 'pk', '')}-{year or 'all'}.xlsx"
    record(Action.EXPORT, request=request, object_type=Meeting._meta.label_lower,
           summary=f"导出会议系列报告：{kind or '—'}，{year or '历年'}",
           data={"kind": getattr(kind, "pk", None), "year": year, "meetings": len(series.rows)})
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _year_choice(request: HttpRequest) -> tuple[YearForm, int]:
    form = YearForm(request.GET or None, initial={"year": local_today().year})
    if form.is_bound and form.is_valid():
        return form, form.cleaned_data["year"]
    if form.is_bound:
        form_errors(request, form)
    return form, local_today().year


@staff_and_leaders
def year_page(request: HttpRequest) -> HttpResponse:
    form, year = _year_choice(request)
    series = selectors.year_report(request.user, year=year)
    return render(request, "dialogues/staff_series.html", _series_context(
        request, series, form=form, title=_("Meetings of %(year)s") % {"year": year}, year_view=True,
        export_url=reverse("dialogues:year_report_export")))


@staff_and_leaders
def year_export(request: HttpRequest) -> HttpResponse:
    _form, year = _year_choice(request)
    series = selectors.year_report(request.user, year=year)
    response = _workbook(_("Meetings of %(year)s") % {"year": year}, _series_heads(), _series_rows(series))
    record(Action.EXPORT, request=request, object_type=Meeting._meta.label_lower,
           summary=f"导出 {year} 年会议年度报告", data={"year": year, "meetings": len(series.rows)})
    response["Content-Disposition"] = f'attachment; filename="meetings-{year}.xlsx"'
    return response
