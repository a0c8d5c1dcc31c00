"""Next-step reminders (kaopu.investment.tasks): the owner is told on the due day, once per due date."""

from __future__ import annotations

from datetime import date, timedelta

from kaopu.investment import actions
from kaopu.investment.models import Lead
from kaopu.investment.tasks import send_reminders
from kaopu.investment.testing import make_lead
from kaopu.notifications.models import Notification

TODAY = date(2026, 9, 28)


def reminders(user) -> list[Notification]:  # type: ignore[no-untyped-def]
    return list(Notification.objects.filter(user=user, kind="investment.next_step").order_by("id"))


def _due(lead, day, step="陪同考察园区载体"):  # type: ignore[no-untyped-def]
    Lead.objects.filter(pk=lead.pk).update(next_step=step, next_step_on=day)


def test_owner_is_reminded_on_the_due_day_once(world, staff):  # type: ignore[no-untyped-def]
    lead = make_lead(staff)
    _due(lead, TODAY + timedelta(days=1))
    assert send_reminders(TODAY) == 0  # not due yet
    _due(lead, TODAY)
    assert send_reminders(TODAY) == 1
    [notice] = reminders(staff)
    assert lead.name in notice.title and "2026-09-28" in notice.title and notice.body == "陪同考察园区载体"
    assert notice.url == f"/investment/leads/{lead.pk}/"
    assert send_reminders(TODAY) == 0 and send_reminders(TODAY + timedelta(days=1)) == 0
    lead.refresh_from_db()
    assert lead.reminded_for == TODAY and len(reminders(staff)) == 1


def test_a_new_due_date_is_reminded_again(world, staff):  # type: ignore[no-untyped-def]
    lead = make_lead(staff)
    _due(lead, TODAY)
    send_reminders(TODAY)
    _due(lead, TODAY + timedelta(days=7), "签订投资协议")
    assert send_reminders(TODAY + timedelta(days=6)) == 0
    assert send_reminders(TODAY + timedelta(days=7)) == 1
    assert [n.body for n in reminders(staff)] == ["陪同考察园区载体", "签订投资协议"]


def test_a_missed_due_date_is_reminded_at_the_next_run(world, staff):  # type: ignore[no-untyped-def]
    lead = make_lead(staff)
    _due(lead, TODAY - timedelta(days=2))
    assert send_reminders(TODAY) == 1 and send_reminders(TODAY) == 0


def test_landed_and_terminated_leads_are_not_reminded(world, staff):  # type: ignore[no-untyped-def]
    ended = actions.move_lead(make_lead(staff), acting_user=staff, move="terminate", reason="other", note="暂停")
    _due(ended, TODAY)
    assert send_reminders(TODAY) == 0 and reminders(staff) == []


def test_the_reminder_goes_to_the_current_owner(world, staff):  # type: ignore[no-untyped-def]
    from kaopu.accounts.roles import Role
    from kaopu.core.testing import make_user

    colleague = make_user("zhaoshang", Role.FIC_STAFF, staff.organisation)
    lead = actions.change_owner(make_lead(staff), acting_user=staff, owner=colleague)
    _due(lead, TODAY)
    send_reminders(TODAY)
    assert len(reminders(colleague)) == 1 and reminders(staff) == []


def test_the_periodic_task_runs_hourly():  # type: ignore[no-untyped-def]
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from kaopu.investment import tasks

    validate = tasks.remind_next_steps.task_class().validate_datetime
    at = [datetime(2026, 9, 28, h, m, tzinfo=ZoneInfo("Asia/Shanghai")) for h in range(24) for m in range(60)]
    assert sum(validate(moment) for moment in at) == 24 and validate(at[17])
