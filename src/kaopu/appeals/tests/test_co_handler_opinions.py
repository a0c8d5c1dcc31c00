"""Co-handlers (协办) are asked for their opinion by a date before the lead department replies: the
lead department sees which opinions are missing, and the sweep asks again and then tells both sides."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from kaopu.appeals import actions, tasks
from kaopu.appeals.models import Appeal, CoHandler, DeadlineRule, Event
from kaopu.core import workdays
from kaopu.notifications.models import Notification

MONDAY = date(2026, 9, 28)


@pytest.fixture
def co_handled(world, submit, other_department, other_handler) -> Appeal:  # type: ignore[no-untyped-def]
    appeal = submit()
    actions.accept(appeal.pk, acting_user=world.users["staff"])
    actions.dispatch(appeal.pk, acting_user=world.users["staff"], lead=world.department,
                     co_handlers=[other_department])
    return actions.sign_for(appeal.pk, acting_user=world.users["handler"])


def previous_working_day(day: date) -> date:
    day -= workdays.ONE_DAY
    while not workdays.is_working_day(day):
        day -= workdays.ONE_DAY
    return day


def told(kind: str) -> list[str]:
    return sorted(Notification.objects.filter(kind=f"appeal.{kind}").values_list("user__username", flat=True))


def test_dispatch_asks_each_co_handler_by_the_opinion_deadline(co_handled):  # type: ignore[no-untyped-def]
    co_handler = CoHandler.objects.get(appeal=co_handled)
    assert co_handler.opinion_due_on == workdays.deadline(MONDAY, 3).on  # the default: 3 working days
    assert co_handler.opinion_due_on < co_handled.due_on  # before the lead's reply is due


def test_a_rule_sets_the_opinion_deadline(world, submit, other_department):  # type: ignore[no-untyped-def]
    DeadlineRule.objects.create(step=DeadlineRule.Step.OPINION, working_days=1)
    appeal = submit()
    actions.accept(appeal.pk, acting_user=world.users["staff"])
    actions.dispatch(appeal.pk, acting_user=world.users["staff"], lead=world.department,
                     co_handlers=[other_department])
    assert CoHandler.objects.get(appeal=appeal).opinion_due_on == date(2026, 9, 29)


def test_the_lead_department_sees_which_opinions_are_missing_and_by_when(  # type: ignore[no-untyped-def]
        world, co_handled, other_handler, login):
    client = login(world.users["handler"])
    url = reverse("appeals:inbox_detail", args=[co_handled.pk])
    page = client.get(url).content.decode()
    due = CoHandler.objects.get(appeal=co_handled).opinion_due_on
    assert 'id="missing-opinions"' in page and f"区人社局（截止 {due:%Y-%m-%d}）" in page

    actions.give_opinion(co_handled.pk, acting_user=other_handler, opinion="同意续贷贴息。")

    page = client.get(url).content.decode()
    assert 'id="missing-opinions"' not in page and "同意续贷贴息。" in page


def test_staff_see_an_overdue_opinion_in_red(world, co_handled, login, pin_clock):  # type: ignore[no-untyped-def]
    due = CoHandler.objects.get(appeal=co_handled).opinion_due_on
    pin_clock(workdays.add_working_days(due, 1))
    page = login(world.users["staff"]).get(reverse("appeals:staff_detail", args=[co_handled.pk])).content.decode()
    block = page.split('id="co-handlers"')[1].split("</dd>")[0]
    assert "badge danger" in block and f"意见未到，截止 {due:%Y-%m-%d}" in block


def test_the_sweep_asks_the_co_handler_again_the_day_before_once(co_handled):  # type: ignore[no-untyped-def]
    due = CoHandler.objects.get(appeal=co_handled).opinion_due_on
    day_before = previous_working_day(due)
    assert tasks.sweep(previous_working_day(day_before)).opinions_reminded == 0  # two working days before
    assert tasks.sweep(day_before).opinions_reminded == 1
    assert tasks.sweep(day_before).opinions_reminded == 0
    assert tasks.sweep(due).opinions_reminded == 0  # the same date asked for: not again
    assert told("remind_opinion") == ["other_handler"]
    marker = Event.objects.get(appeal=co_handled, action="remind_opinion")
    assert not marker.is_public and marker.from_state == marker.to_state == Appeal.State.IN_PROGRESS


def test_once_overdue_both_departments_are_told_once(co_handled):  # type: ignore[no-untyped-def]
    due = CoHandler.objects.get(appeal=co_handled).opinion_due_on
    after = workdays.add_working_days(due, 1)
    assert tasks.sweep(after).opinions_overdue == 1
    assert tasks.sweep(after).opinions_overdue == 0
    assert told("opinion_overdue") == ["handler", "other_handler"]
    assert Notification.objects.filter(kind="appeal.opinion_overdue", body="区人社局").count() == 2


def test_a_given_opinion_or_a_replied_appeal_is_not_chased(world, co_handled, other_handler):  # type: ignore[no-untyped-def]
    due = CoHandler.objects.get(appeal=co_handled).opinion_due_on
    actions.give_opinion(co_handled.pk, acting_user=other_handler, opinion="同意。")
    assert tasks.sweep(workdays.add_working_days(due, 1)).opinions_overdue == 0

    CoHandler.objects.filter(appeal=co_handled).update(opinion_at=None)  # missing again, but the lead replied
    actions.reply(co_handled.pk, acting_user=world.users["handler"], text="已答复。")
    assert tasks.sweep(workdays.add_working_days(due, 1)).opinions_overdue == 0
    assert not Notification.objects.filter(kind__in=["appeal.opinion_overdue", "appeal.remind_opinion"]).exists()
