"""The investment background job: next-step reminders (huey, hourly).

Each hour, every open lead (洽谈 or 签约) whose next step is due today or was missed, and whose owner
was not yet reminded for that due date, gets one notification to its owner; ``Lead.reminded_for``
is set to the due date under the lead's row lock (kaopu.investment.actions.remind_next_step), so two
runs never remind twice, and a new due date (set by the next follow-up) is reminded again once.
"""

from __future__ import annotations

import logging
from datetime import date

from django.db.models import F, Q
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from kaopu.core import workdays
from kaopu.investment.actions import OPEN_STAGES, remind_next_step
from kaopu.investment.models import Lead

logger = logging.getLogger(__name__)


def send_reminders(today: date | None = None) -> int:
    """Remind the owners of the due next steps; returns the number of reminders sent."""
    today = today or workdays.local_today()
    # served by the index lead_stage_next_step
    due = (
        Lead.objects.filter(stage__in=OPEN_STAGES, next_step_on__lte=today)
        .filter(Q(reminded_for__isnull=True) | ~Q(reminded_for=F("next_step_on")))
        .order_by("id")
        .values_list("pk", flat=True)
    )
    return sum(1 for lead_id in list(due) if remind_next_step(lead_id, today))


@db_periodic_task(crontab(minute="17"))
def remind_next_steps() -> None:
    """Hourly; a lead is reminded in the first run of its due day (or the first run after a missed one)."""
    sent = send_reminders()
    if sent:
        logger.info("investment next-step reminders: %s", sent)
