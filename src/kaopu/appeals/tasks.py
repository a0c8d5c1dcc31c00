"""The deadline sweep (催办 and 督办): a periodic huey task around the plain function :func:`sweep`.

For every open appeal with a deadline:
- one working day before it (or later, until it passes), a reminder (催办) to whoever must act;
- once it has passed, an escalation (督办) to the district's FIC staff and the lead department's head
  (its handlers when no head is set): notify.RULES["escalate"];
- a reply not rated within its window closes as unrated (never as satisfied);
- a co-handler's opinion still missing one working day before its date is asked for again (to the
  co-handling department); once that date has passed, the co-handler and the lead department (who
  waits for it) are told.

Idempotent: what was sent is recorded as a non-public timeline Event ("remind"/"escalate", with the
deadline and state it was about) in the same transaction as the notifications, after locking the
appeal; a second run, or a run after a crash, finds the marker and sends nothing again. The markers
never change the appeal's state (from_state == to_state). A new deadline (an extension, a reopening)
gets its own reminder. Over a year whose calendar nobody entered, the sweep counts Monday–Friday,
logs it and tells staff (weekly, kaopu.notifications.calendar) instead of going quiet.

When staff enter a year's calendar, :func:`recount_deadlines` counts the open deadlines over it again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from kaopu.appeals import actions, kpi, notify
from kaopu.appeals.models import Appeal, CoHandler, Event
from kaopu.appeals.workflow import OPEN_STATES
from kaopu.core import workdays
from kaopu.core.signals import on_calendar_year_changed
from kaopu.notifications import calendar

logger = logging.getLogger(__name__)
S = Appeal.State

# Who must act while the appeal waits in each state (the reminder's audience).
MUST_ACT = {
    S.SUBMITTED: notify.staff,
    S.ACCEPTED: notify.staff,
    S.DISPATCHED: notify.lead_department,
    S.IN_PROGRESS: notify.lead_department,
    S.REVIEWING: notify.staff,
    S.REPLIED: notify.enterprise,
}
REMINDER_TITLES = {
    S.REVIEWING: _("Reminder: a department's reply waits for your review: %(title)s"),
    S.REPLIED: _("Reminder: please rate the reply to your appeal: %(title)s"),
}
# A co-handler's opinion is asked for while the lead department works on the appeal.
OPINION_STATES = (S.DISPATCHED, S.IN_PROGRESS)
REMINDER_TITLE = _("Reminder: the deadline of this appeal is near: %(title)s")
OPINION_REMINDER_TITLE = _("Reminder: the lead department waits for your co-handler's opinion: %(title)s")
OPINION_OVERDUE_TITLE = _("Overdue: a co-handler's opinion is missing: %(title)s")


@dataclass
class SweepResult:
    reminded: int = 0
    escalated: int = 0
    closed_unrated: int = 0
    opinions_reminded: int = 0
    opinions_overdue: int = 0


def sweep(today: date | None = None) -> SweepResult:
    """One pass over the open appeals whose deadline is at most one working day away."""
    today = today or workdays.local_today()
    horizon = workdays.deadline(today, 1)
    if horizon.provisional:
        # Reminders still go out, a day early at worst; staff are told (weekly) to enter the year.
        logger.warning("the working-day calendar of %s is not entered: the sweep counts Monday to Friday",
                       horizon.unknown_years)
        calendar.warn_weekly(today)
    result = SweepResult()
    candidates = (Appeal.objects.filter(state__in=OPEN_STATES, due_on__isnull=False, due_on__lte=horizon.on)
                  .order_by("due_on", "id").values_list("pk", flat=True))
    for appeal_id in list(candidates):
        try:
            _sweep_one(appeal_id, today, horizon.on, result)
        except Exception:  # one broken appeal must not stop the reminders of all the others
            logger.exception("deadline sweep failed for appeal %s", appeal_id)
    missing = (CoHandler.objects.filter(opinion_at__isnull=True, opinion_due_on__isnull=False,
                                        opinion_due_on__lte=horizon.on, appeal__state__in=OPINION_STATES)
               .order_by("opinion_due_on", "id").values_list("pk", flat=True))
    for co_handler_id in list(missing):
        try:
            _sweep_opinion(co_handler_id, today, result)
        except Exception:
            logger.exception("deadline sweep failed for co-handler %s", co_handler_id)
    return result


def _sweep_opinion(co_handler_id: int, today: date, result: SweepResult) -> None:
    """Ask once more for a missing opinion before its date; tell both departments once it has passed."""
    with transaction.atomic():
        co_handler = CoHandler.objects.select_related("appeal", "department").filter(pk=co_handler_id).first()
        if co_handler is None:
            return
        appeal = Appeal.objects.select_for_update().get(pk=co_handler.appeal_id)
        co_handler.refresh_from_db(fields=["opinion_at", "opinion_due_on"])
        if appeal.state not in OPINION_STATES or co_handler.opinion_at is not None or co_handler.opinion_due_on is None:
            return
        overdue = today > co_handler.opinion_due_on
        action = "opinion_overdue" if overdue else "remind_opinion"
        marker = {"department": co_handler.department_id, "due_on": co_handler.opinion_due_on.isoformat()}
        if Event.objects.filter(appeal=appeal, action=action, data__department=marker["department"],
                                data__due_on=marker["due_on"]).exists():
            return
        Event.objects.create(appeal=appeal, action=action, from_state=appeal.state, to_state=appeal.state,
                             data=marker, is_public=False)
        co_department = notify.department_handlers(co_handler.department_id)
        if overdue:
            notify.tell(co_department | notify.lead_department(appeal), appeal, kind=action,
                        title=OPINION_OVERDUE_TITLE, body=str(co_handler.department))
            result.opinions_overdue += 1
        else:
            notify.tell(co_department, appeal, kind=action, title=OPINION_REMINDER_TITLE)
            result.opinions_reminded += 1


def _sweep_one(appeal_id: int, today: date, horizon: date, result: SweepResult) -> None:
    appeal = Appeal.objects.get(pk=appeal_id)
    if appeal.state == S.REPLIED and appeal.due_on is not None and today > appeal.due_on:
        if actions.close_unrated(appeal).close_reason == Appeal.CloseReason.UNRATED:
            result.closed_unrated += 1
        return
    with transaction.atomic():
        appeal = Appeal.objects.select_for_update().get(pk=appeal_id)
        if appeal.state not in MUST_ACT or appeal.due_on is None or appeal.due_on > horizon:
            return  # changed since the candidates were read
        if today > appeal.due_on:
            result.escalated += _once(appeal, "escalate", _escalate)
            if not appeal.escalated:  # the measures count escalated appeals (kaopu.appeals.kpi)
                with kpi.tracking(appeal):
                    appeal.escalated = True
                    appeal.save(update_fields=["escalated", "updated_at"])
        else:
            result.reminded += _once(appeal, "remind", _remind)


def _once(appeal: Appeal, action: str, send: object) -> int:
    """Send (``send(appeal)``) and record the marker, unless this deadline's marker exists already."""
    marker = {"due_on": appeal.due_on.isoformat(), "state": appeal.state}  # type: ignore[union-attr]
    if Event.objects.filter(appeal=appeal, action=action, data__due_on=marker["due_on"],
                            data__state=marker["state"]).exists():
        return 0
    Event.objects.create(appeal=appeal, action=action, from_state=appeal.state, to_state=appeal.state,
                         data=marker, is_public=False)
    send(appeal)  # type: ignore[operator]
    return 1


def _remind(appeal: Appeal) -> None:
    title = REMINDER_TITLES.get(appeal.state, REMINDER_TITLE)
    notify.tell(MUST_ACT[appeal.state](appeal), appeal, kind="remind", title=title)


def _escalate(appeal: Appeal) -> None:
    audience, title = notify.RULES["escalate"]
    notify.tell(audience(appeal), appeal, kind="escalate", title=title)


@on_calendar_year_changed
@db_task()
def recount_deadlines(year: int) -> None:
    """After staff entered (or corrected) the calendar of ``year``: see actions.recount_deadlines."""
    changed = actions.recount_deadlines(year)
    logger.info("working-day calendar %s entered: %d appeal deadlines recounted", year, changed)


@db_periodic_task(crontab(minute="*/15"))
def sweep_deadlines() -> None:
    """Every 15 minutes; most runs find every marker already written and send nothing."""
    result = sweep()
    if any(vars(result).values()):
        logger.info("deadline sweep: %s", result)
