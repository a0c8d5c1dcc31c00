"""Public meeting pages (/meetings/): upcoming meetings of a district, one meeting's page, a month
calendar and an .ics feed. No login needed.

Only published meetings appear here (never a draft), and only their public facts: theme, kind and
number, time, venue, industries, departments attending, seats left. Nothing about who registered
(no enterprise, no attendee name, no topic) reaches these pages: the querysets below read no
registration except the sum of seats taken.
"""

from __future__ import annotations

import calendar as calendar_module
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kaopu.accounts.roles import Role
from kaopu.appeals.publication import district_key
from kaopu.core.public_pages import public_page
from kaopu.dialogues import ics
from kaopu.dialogues.models import Meeting
from kaopu.dialogues.selectors import (
    published,
    registration_is_open,
    seats_left,
    upcoming_public,
    with_seats_taken,
)
from kaopu.directory.models import District

UPCOMING_SHOWN = 50  # a district holds a few meetings a month: the list is not paged
FEED_PAST_DAYS = 90  # the feed keeps meetings that ended within this many days, and all future ones
FEED_MAX = 500
PUBLIC_COLUMNS = ("id", "district_id", "kind__name", "number", "theme", "starts_at", "ends_at", "venue", "capacity",
                  "seats_per_enterprise", "registration_closes_at", "requires_approval", "state", "updated_at")


def _choose_district(request: HttpRequest) -> tuple[District | None, list[District]]:
    """The district of ?district=<code> (or id), else the first one, like the public board."""
    districts = list(District.objects.order_by("id"))
    wanted = request.GET.get("district", "")
    chosen = next((d for d in districts if district_key(d) == wanted), districts[0] if districts else None)
    return chosen, districts


def _district_query(district: District | None, districts: list[District]) -> str:
    return f"district={district_key(district)}" if district is not None and len(districts) > 1 else ""


@public_page
def upcoming(request: HttpRequest) -> HttpResponse:
    """Meetings of one district that have not ended yet, soonest first (drafts never)."""
    district, districts = _choose_district(request)
    meetings = upcoming_public(district, UPCOMING_SHOWN) if district is not None else []
    return render(request, "dialogues/public_list.html", {
        "district": district, "districts": districts, "meetings": meetings,
        "district_query": _district_query(district, districts),
    })


@public_page
def meeting_page(request: HttpRequest, pk: int) -> HttpResponse:
    """One published meeting's public facts and how to register."""
    queryset = with_seats_taken(published()).prefetch_related("industries", "departments")
    meeting = queryset.filter(pk=pk).first()
    if meeting is None:
        raise Http404
    register_url = reverse("dialogues:my_meeting", args=[meeting.pk])
    user = request.user
    is_enterprise = user.is_authenticated and user.role == Role.ENTERPRISE_USER
    if not is_enterprise:
        register_url = f"{reverse('accounts:login')}?next={register_url}"
    return render(request, "dialogues/public_meeting.html", {
        "meeting": meeting, "left": seats_left(meeting), "registering": registration_is_open(meeting),
        "register_url": register_url, "is_enterprise": is_enterprise,
        "logged_in_other": user.is_authenticated and not is_enterprise,
    })


@dataclass
class Day:
    day: date
    in_month: bool
    meetings: list[Meeting] = field(default_factory=list)


def _month_from(value: str, today: date) -> date:
    """The first day of ?month=YYYY-MM, this month for anything else."""
    match = re.fullmatch(r"(\d{4})-(\d{1,2})", value or "")
    if match and 1 <= int(match[2]) <= 12 and 1900 <= int(match[1]) <= 9998:
        return date(int(match[1]), int(match[2]), 1)
    return today.replace(day=1)


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


@public_page
def month_calendar(request: HttpRequest) -> HttpResponse:
    """A month as a table of weeks (Monday first) with the district's meetings on their days."""
    district, districts = _choose_district(request)
    today = timezone.localdate()
    first = _month_from(request.GET.get("month", ""), today)
    weeks = calendar_module.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    days = {d: Day(d, d.month == first.month) for week in weeks for d in week}
    if district is not None:
        queryset = published().filter(district=district, starts_at__gte=_local_midnight(weeks[0][0]),
                                      starts_at__lt=_local_midnight(weeks[-1][-1] + timedelta(days=1)))
        for meeting in queryset.only(*PUBLIC_COLUMNS).order_by("starts_at", "id"):
            days[timezone.localtime(meeting.starts_at).date()].meetings.append(meeting)
    previous_month = (first - timedelta(days=1)).replace(day=1)
    next_month = (first + timedelta(days=32)).replace(day=1)
    query = _district_query(district, districts)
    return render(request, "dialogues/public_calendar.html", {
        "district": district, "districts": districts, "month": first, "today": today,
        "weeks": [[days[d] for d in week] for week in weeks],
        "weekdays": [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")],
        "previous_query": f"month={previous_month:%Y-%m}" + (f"&{query}" if query else ""),
        "next_query": f"month={next_month:%Y-%m}" + (f"&{query}" if query else ""),
        "this_month_query": query, "district_query": query,
        "has_meetings": any(day.meetings for day in days.values() if day.in_month),
    })


def feed(request: HttpRequest) -> HttpResponse:
    """The district's meetings as iCalendar: ended within 90 days, or still to come; never drafts."""
    district, _districts = _choose_district(request)
    meetings: list[Meeting] = []
    if district is not None:
        since = timezone.now() - timedelta(days=FEED_PAST_DAYS)
        meetings = list(published().filter(district=district, ends_at__gte=since)
                        .prefetch_related("industries").order_by("starts_at", "id")[:FEED_MAX])
    text = ics.calendar(
        meetings,
        name=_("Meetings of %(district)s") % {"district": district.name} if district else _("Meetings"),
        url_for=lambda m: request.build_absolute_uri(reverse("meetings:meeting", args=[m.pk])),
        industries_of=lambda m: [section.name for section in m.industries.all()])
    response = HttpResponse(text.encode("utf-8"), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="meetings.ics"'
    return response

