"""The chambers' nightly job: tell staff that a leadership term ends in 90 days, then in 30 (huey).

Each night every term of an active chamber ending within 90 (or 30) days, whose next term is not recorded
and whose reminder for that mark was not sent, gets one notification to the FIC staff of its district;
the reminder row (TermReminder, unique per term and mark) is written under the term's lock
(actions.remind_term_ending), so two runs never remind twice.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta

from django.db.models import Exists, OuterRef
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from kaopu.accounts.models import User
from kaopu.accounts.roles import Role
from kaopu.chambers.actions import REMINDER_DAYS, remind_term_ending
from kaopu.chambers.models import Chamber, LeadershipTerm, TermReminder
from kaopu.core import workdays

logger = logging.getLogger(__name__)


def send_reminders(today: date | None = None) -> int:
    """Remind staff of the terms reaching a mark; returns the number of reminders sent."""
    today = today or workdays.local_today()
    sent = 0
    for days in sorted(REMINDER_DAYS):  # the 30-day mark first: a term found late gets the nearer one only once
        due = (LeadershipTerm.objects.filter(ends_on__gte=today, ends_on__lte=today + timedelta(days=days),
                                             chamber__status=Chamber.Status.ACTIVE)
               .exclude(Exists(LeadershipTerm.objects.filter(chamber_id=OuterRef("chamber_id"),
                                                             number__gt=OuterRef("number"))))
               .exclude(Exists(TermReminder.objects.filter(term=OuterRef("pk"), days_before__lte=days)))
               .values_list("pk", "chamber__district_id").order_by("ends_on", "id"))
        for term_id, district_id in list(due):
            staff = list(User.objects.filter(role=Role.FIC_STAFF, is_active=True,
                                             organisation__district_id=district_id))
            sent += remind_term_ending(term_id, days, staff)
    return sent


@db_periodic_task(crontab(hour="6", minute="25"))
def remind_terms_ending() -> None:
    """Nightly (06:25 Asia/Shanghai, before the working day)."""
    sent = send_reminders()
    if sent:
        logger.info("chamber term reminders: %s", sent)
