"""Accepted but not dispatched is a step with its own deadline (交办时限, one working day by default, a
rule like the others), its own staff queue (待交办), and the sweep's reminder and escalation."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from kaopu.appeals import actions, tasks
from kaopu.appeals.models import Appeal, Category, DeadlineRule, Event
from kaopu.core import workdays
from kaopu.notifications.models import Notification

MONDAY = date(2026, 9, 28)  # the appeals' tests run on this day (conftest)
TUESDAY, WEDNESDAY, FRIDAY = date(2026, 9, 29), date(2026, 9, 30), date(2026, 10, 2)


def accepted(world, submit, **fields) -> Appeal:  # type: ignore[no-untyped-def]
    appeal = submit(**fields)
    return actions.accept(appeal.pk, acting_user=world.users["staff"])


def test_accepting_sets_the_dispatch_deadline_one_working_day_later(world, submit):  # type: ignore[no-untyped-def]
    appeal = accepted(world, submit)

    assert appeal.state == Appeal.State.ACCEPTED
    assert (appeal.due_from, appeal.due_working_days, appeal.due_on) == (MONDAY, 1, TUESDAY)


def test_a_dispatch_rule_of_the_category_sets_another_deadline(world, submit):  # type: ignore[no-untyped-def]
    DeadlineRule.objects.create(step=DeadlineRule.Step.DISPATCH, category=Category.objects.get(name="融资"),
                                working_days=3)

    appeal = accepted(world, submit)

    # Three working days from Monday 28 September: the 29th, the 30th, then the first working day after the
    # National Day holidays (the calendar's, not the 1st of October).
    assert appeal.due_working_days == 3
    assert appeal.due_on == workdays.add_working_days(MONDAY, 3) > date(2026, 10, 1)


def test_dispatching_replaces_it_with_the_sign_for_deadline(world, submit):  # type: ignore[no-untyped-def]
    appeal = accepted(world, submit)
    appeal = actions.dispatch(appeal.pk, acting_user=world.users["staff"], lead=world.department)

    assert (appeal.state, appeal.due_working_days, appeal.due_on) == (Appeal.State.DISPATCHED, 1, TUESDAY)
    assert Event.objects.filter(appeal=appeal, action="dispatch").exists()


def test_an_approved_return_waits_for_dispatch_again_with_its_deadline(world, submit, pin_clock):  # type: ignore[no-untyped-def]
    appeal = accepted(world, submit)
    actions.dispatch(appeal.pk, acting_user=world.users["staff"], lead=world.department)
    actions.request_return(appeal.pk, acting_user=world.users["handler"], reason="不属于本部门职责")
    pin_clock(WEDNESDAY)

    appeal = actions.decide_return(appeal.pk, acting_user=world.users["staff"], approve=True)

    assert appeal.state == Appeal.State.ACCEPTED and appeal.lead_department is None
    assert (appeal.due_from, appeal.due_working_days) == (WEDNESDAY, 1)
    assert appeal.due_on == workdays.add_working_days(WEDNESDAY, 1)


def test_declining_or_withdrawing_leaves_no_deadline(world, submit):  # type: ignore[no-untyped-def]
    appeal = accepted(world, submit)
    appeal = actions.withdraw(appeal.pk, acting_user=world.users["ent_user"], reason="问题已自行解决")

    assert appeal.due_on is None


def test_the_sweep_reminds_the_staff_member_and_escalates_to_the_district_staff(world, submit):  # type: ignore[no-untyped-def]
    appeal = accepted(world, submit)  # due Tuesday

    assert tasks.sweep(MONDAY).reminded == 1
    reminded = Notification.objects.filter(kind="appeal.remind").values_list("user__username", flat=True)
    assert list(reminded) == ["staff"]  # the staff member who accepted it
    assert tasks.sweep(WEDNESDAY).escalated == 1
    escalated = Notification.objects.filter(kind="appeal.escalate").values_list("user__username", flat=True)
    assert list(escalated) == ["staff"]  # every staff member of the district (far_staff is of another)
    event = Event.objects.get(appeal=appeal, action="escalate")
    assert event.data == {"due_on": "2026-09-29", "state": "accepted"}


def test_the_staff_queue_to_dispatch_lists_accepted_appeals_nearest_deadline_first(  # type: ignore[no-untyped-def]
        world, submit, login):
    later = accepted(world, submit, title="厂房租金减免咨询")
    Appeal.objects.filter(pk=later.pk).update(due_on=FRIDAY)
    sooner = accepted(world, submit, title="贷款续贷困难")
    waiting = submit(title="招工难")
    client = login(world.users["staff"])

    page = client.get(reverse("appeals:triage"), {"queue": "dispatch"}).content.decode()

    assert 'id="queue-dispatch" aria-current="page">待交办 <span class="tab-count">2</span>' in page
    assert 'id="queue-accept">待受理 <span class="tab-count">1</span>' in page
    assert page.index("贷款续贷困难") < page.index("厂房租金减免咨询")
    assert waiting.title not in page
    accept_page = client.get(reverse("appeals:triage")).content.decode()
    assert waiting.title in accept_page and sooner.title not in accept_page
    assert client.get(reverse("appeals:triage"), {"queue": "nonsense"}).content.decode().count("招工难") == 1


def test_an_overdue_dispatch_is_marked_on_the_queue(world, submit, login, pin_clock):  # type: ignore[no-untyped-def]
    accepted(world, submit)
    pin_clock(WEDNESDAY)

    page = login(world.users["staff"]).get(reverse("appeals:triage"), {"queue": "dispatch"}).content.decode()

    assert "2026-09-29" in page and '<span class="badge danger">已超期</span>' in page


def test_a_department_sees_as_overdue_only_its_own_steps(world, in_progress, login, pin_clock):  # type: ignore[no-untyped-def]
    """After the reply the deadline is the enterprise's (to rate): not the department's overdue work."""
    actions.reply(in_progress.pk, acting_user=world.users["handler"], text="已协调银行续贷。")
    pin_clock(date(2026, 10, 30))  # the rating deadline has passed
    client = login(world.users["handler"])

    inbox = client.get(reverse("appeals:inbox"), {"tab": "all"}).content.decode()
    overdue = client.get(reverse("appeals:inbox"), {"tab": "overdue"}).content.decode()

    assert in_progress.title in inbox and '<span class="badge danger">已超期</span>' not in inbox
    assert in_progress.title not in overdue
