"""The dialogues' entries on the start pages (工作台): see kaopu.core.registry.

FIC staff: the meetings with registrations to approve (the count of the meeting list filtered the same
way, so that the number and the list agree) and the meetings of this week; an enterprise user: its
upcoming meetings with the check-in code, as 我的报名 shows it (only while the code can be used).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kaopu.accounts.roles import Role
from kaopu.core import access, workdays
from kaopu.core.registry import Panel, PanelRow, Todo, registry
from kaopu.dialogues import codes, selectors
from kaopu.dialogues.models import Meeting
from kaopu.dialogues.views_enterprise import LIVE, STATE_BADGES

STAFF = frozenset({Role.FIC_STAFF})
ENTERPRISES = frozenset({Role.ENTERPRISE_USER})
# The meetings of "this week": announced or held, not cancelled.
WEEK_STATES = (Meeting.State.OPEN, Meeting.State.CLOSED, Meeting.State.HELD)


def _when(moment: datetime) -> str:
    local = timezone.localtime(moment)
    return f"{date_format(local, 'MONTH_DAY_FORMAT')} {date_format(local, 'H:i')}"


registry.add_todo(Todo(
    key="dialogues.staff_registrations", label=gettext_lazy("Meetings with registrations to approve"), roles=STAFF,
    order=30, help=gettext_lazy("Announced meetings (open or closed for registration) where enterprises' "
                                "registrations wait for your approval."),
    count=lambda user: selectors.meeting_list(user, pending=True).order_by().count(),
    url=lambda user: reverse("dialogues:meeting_list") + "?pending=on"))


def week_bounds(today: Any) -> tuple[datetime, datetime]:
    """[Monday 00:00, next Monday 00:00) of the week of ``today``, in the site's time zone."""
    monday = today - timedelta(days=today.weekday())
    start = timezone.make_aware(datetime.combine(monday, time.min))
    return start, start + timedelta(days=7)


def this_week_rows(user: Any, limit: int) -> list[PanelRow]:
    """This week's meetings of the district, soonest first: the (district, state, starts_at) index."""
    start, end = week_bounds(workdays.local_today())
    meetings = (access.scope(user, Meeting).filter(state__in=WEEK_STATES, starts_at__gte=start, starts_at__lt=end)
                .select_related("kind").order_by("starts_at", "id")[:limit])
    return [PanelRow(text=str(meeting), url=reverse("dialogues:meeting_detail", args=[meeting.pk]),
                     detail=f"{_when(meeting.starts_at)} · {meeting.venue}") for meeting in meetings]


registry.add_panel(Panel(
    key="dialogues.staff_this_week", label=gettext_lazy("Meetings this week"), roles=STAFF, order=30,
    rows=this_week_rows, url=lambda user: reverse("dialogues:meeting_list"),
    empty=gettext_lazy("No meeting this week.")))


def upcoming_rows(user: Any, limit: int) -> list[PanelRow]:
    """The enterprise's live registrations for meetings not over yet, soonest first, with the check-in
    code while it can be used (approved, not checked in, the meeting not over); a cancelled meeting is
    left out (我的报名 shows it, struck through)."""
    now = timezone.now()
    registrations = (selectors.my_registrations(user, "upcoming", None).filter(state__in=LIVE)
                     .exclude(meeting__state=Meeting.State.CANCELLED).order_by("meeting__starts_at", "id")[:limit])
    rows = []
    for registration in registrations:
        detail = _when(registration.meeting.starts_at)
        if registration.code_is_usable(now):
            detail += " · " + _("check-in code %(code)s") % {"code": codes.display(registration.code)}
        badge = format_html('<span class="badge {}">{}</span>', STATE_BADGES.get(registration.state, ""),
                            registration.get_state_display())
        rows.append(PanelRow(text=str(registration.meeting), detail=detail, badge=badge,
                             url=reverse("dialogues:my_meeting", args=[registration.meeting_id])))
    return rows


registry.add_panel(Panel(
    key="dialogues.enterprise_upcoming", label=gettext_lazy("My upcoming meetings"), roles=ENTERPRISES, order=20,
    rows=upcoming_rows, url=lambda user: reverse("dialogues:my_registrations"),
    empty=gettext_lazy("No upcoming meeting: see the meetings open for registration.")))
