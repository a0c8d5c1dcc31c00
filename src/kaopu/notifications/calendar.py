"""The working-day calendar that staff must enter: a weekly notification while it is missing.

From 1 November, while nobody has entered next year's holidays (or, on a server that runs on into a
year no calendar knows, this year's), every deadline over that year is provisional (Monday–Friday).
FIC staff, who enter the calendar, and the system administrator, who keeps the installation, are told
once a week until the year is entered: by the hourly task in ``tasks.py``, and by the appeals' deadline sweep
when it has to count over a missing year. The start pages show the same warning
(``core/templatetags/calendar_warning.py``).
"""

from __future__ import annotations

import logging
from datetime import date, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kaopu.accounts.models import User
from kaopu.accounts.roles import Role
from kaopu.core import workdays
from kaopu.notifications.actions import notify
from kaopu.notifications.models import Notification

logger = logging.getLogger(__name__)

KIND = "calendar.missing"
WARNED = (Role.FIC_STAFF, Role.SYSTEM_ADMIN)
ONCE_PER = timedelta(days=7)


def warn_weekly(today: date | None = None) -> int:
    """Notify FIC staff and system administrators of a missing calendar, each at most once in seven
    days (the previous notification of this kind is the marker). Returns how many were notified."""
    years = workdays.missing_years(today)
    if not years:
        return 0
    recently = Notification.objects.filter(kind=KIND, created_at__gte=timezone.now() - ONCE_PER)
    users = list(User.objects.filter(role__in=WARNED, is_active=True)
                 .exclude(pk__in=recently.values("user_id")).order_by("pk"))
    if not users:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        # The most urgent first: this year's calendar before next year's.
        title = _("Enter the working-day calendar of %(year)s") % {"year": years[0]}
        body = workdays.missing_years_text(years)
        staff = [user for user in users if user.role == Role.FIC_STAFF]
        admins = [user for user in users if user.role != Role.FIC_STAFF]
        notify(staff, kind=KIND, title=title, body=body, url=reverse("core:calendar_list"))
        notify(admins, kind=KIND, title=title, body=body)
    logger.warning("working-day calendar of %s missing: %d users notified", years, len(users))
    return len(users)
