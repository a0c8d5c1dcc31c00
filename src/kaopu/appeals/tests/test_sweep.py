"""The deadline sweep: reminders one working day before, escalation once overdue, unrated replies
closed as unrated; every message sent once however often the sweep runs."""

from __future__ import annotations

from datetime import date

from kaopu.appeals import actions, tasks
from kaopu.appeals.models import Appeal, Event
from kaopu.notifications.models import Notification

MONDAY, TUESDAY, WEDNESDAY = date(2026, 9, 28), date(2026, 9, 29), date(2026, 9, 30)
LAST_FRIDAY = date(2026, 9, 25)


def due(appeal: Appeal, day: date) -> Appeal:
    """The appeal's deadline set to ``day`` (counted as zero working days after itself)."""
    Appeal.objects.filter(pk=appeal.pk).update(due_on=day, due_from=day, due_working_days=0)
    return Appeal.objects.get(pk=appeal.pk)


def told(kind: str) -> list[str]:
    return sorted(Notification.objects.filter(kind=f"appeal.{kind}").values_list("user__username", flat=True))


def test_the_lead_department_is_reminded_one_working_day_before_the_deadline(in_progress):  # type: ignore[no-untyped-def]
    due(in_progress, TUESDAY)
    assert tasks.sweep(MONDAY).reminded == 1
    assert told("remind") == ["handler"]
    event = Event.objects.get(appeal=in_progress, action="remind")
    assert event.from_state == event.to_state == Appeal.State.IN_PROGRESS
    assert not event.is_public
    assert Appeal.objects.get(pk=in_progress.pk).state == Appeal.State.IN_PROGRESS


def test_running_the_sweep_twice_reminds_once(in_progress):  # type: ignore[no-untyped-def]
    due(in_progress, TUESDAY)
    tasks.sweep(MONDAY)
    assert tasks.sweep(MONDAY).reminded == 0
    tasks.sweep(TUESDAY)  # the deadline day itself: still the same deadline, no second reminder
    assert told("remind") == ["handler"]
    assert Event.objects.filter(appeal=in_progress, action="remind").count() == 1


def test_nobody_is_reminded_two_working_days_before(in_progress):  # type: ignore[no-untyped-def]
    due(in_progress, WEDNESDAY)
    assert tasks.sweep(MONDAY).reminded == 0
    assert not Notification.objects.exists()


def test_a_new_deadline_after_an_extension_gets_its_own_reminder(in_progress, handler, staff):  # type: ignore[no-untyped-def]
    due(in_progress, TUESDAY)
    tasks.sweep(MONDAY)
    actions.request_extension(in_progress.pk, acting_user=handler, reason="需要现场核查", working_days=1)
    actions.decide_extension(in_progress.pk, acting_user=staff, approve=True)
    assert Appeal.objects.get(pk=in_progress.pk).due_on == WEDNESDAY
    assert tasks.sweep(TUESDAY).reminded == 1
    assert told("remind") == ["handler", "handler"]


def test_a_submitted_appeal_reminds_the_district_staff_and_a_replied_one_the_enterprise(  # type: ignore[no-untyped-def]
        submit, in_progress, handler):
    due(submit(), TUESDAY)
    actions.reply(in_progress.pk, acting_user=handler, text="已答复。")
    due(in_progress, TUESDAY)
    assert tasks.sweep(MONDAY).reminded == 2
    assert told("remind") == ["ent_user", "staff"]  # far_staff is of another district


def test_an_overdue_appeal_is_escalated_once_to_staff_and_department(in_progress):  # type: ignore[no-untyped-def]
    due(in_progress, LAST_FRIDAY)
    assert tasks.sweep(MONDAY).escalated == 1
    assert tasks.sweep(MONDAY).escalated == 0
    assert tasks.sweep(TUESDAY).escalated == 0
    assert told("escalate") == ["handler", "staff"]
    assert told("remind") == []
    event = Event.objects.get(appeal=in_progress, action="escalate")
    assert event.data == {"due_on": "2026-09-25", "state": "in_progress"}
    assert event.from_state == event.to_state == Appeal.State.IN_PROGRESS


def test_an_unrated_reply_past_its_window_closes_as_unrated(in_progress, handler):  # type: ignore[no-untyped-def]
    actions.reply(in_progress.pk, acting_user=handler, text="已答复。")
    due(in_progress, LAST_FRIDAY)
    assert tasks.sweep(MONDAY).closed_unrated == 1
    appeal = Appeal.objects.get(pk=in_progress.pk)
    assert (appeal.state, appeal.close_reason, appeal.rating) == (Appeal.State.CLOSED, "unrated", "")
    assert tasks.sweep(MONDAY).closed_unrated == 0
    assert Event.objects.filter(appeal=appeal, action="close_unrated").count() == 1
    assert told("escalate") == []


def test_closed_and_withdrawn_appeals_are_ignored(submit, in_progress, handler, ent_user):  # type: ignore[no-untyped-def]
    withdrawn = submit()
    actions.withdraw(withdrawn.pk, acting_user=ent_user)
    actions.reply(in_progress.pk, acting_user=handler, text="已答复。")
    actions.rate(in_progress.pk, acting_user=ent_user, rating=Appeal.Rating.SATISFIED)
    due(withdrawn, LAST_FRIDAY)
    due(in_progress, LAST_FRIDAY)
    assert tasks.sweep(MONDAY) == tasks.SweepResult()
    assert not Notification.objects.exists()
    assert not Event.objects.filter(action__in=["remind", "escalate", "close_unrated"]).exists()


def test_the_marker_and_the_notifications_are_written_together(in_progress, monkeypatch):  # type: ignore[no-untyped-def]
    """A crash while sending leaves neither: the next run sends the reminder, once."""
    due(in_progress, TUESDAY)

    def crash(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("the database went away")

    monkeypatch.setattr(tasks.notify, "tell", crash)
    assert tasks.sweep(MONDAY).reminded == 0
    assert not Event.objects.filter(action="remind").exists()
    monkeypatch.undo()
    assert tasks.sweep(MONDAY).reminded == 1
    assert told("remind") == ["handler"]


def test_a_confidential_overdue_appeal_is_escalated_only_to_its_own_staff_member(  # type: ignore[no-untyped-def]
        world, submit, staff, handler):
    from kaopu.accounts.roles import Role
    from kaopu.core.testing import make_user

    make_user("staff2", Role.FIC_STAFF, staff.organisation)
    appeal = submit(is_confidential=True)
    actions.accept(appeal.pk, acting_user=staff)
    due(appeal, LAST_FRIDAY)
    tasks.sweep(MONDAY)
    assert told("escalate") == ["staff"]
