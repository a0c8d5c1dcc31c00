"""Escalation (督办) of an overdue appeal: the district's FIC staff and the lead department's head
account; while the department has no usable head account, every handler of the department."""

from __future__ import annotations

from datetime import date

import pytest

from kaopu.accounts.models import Organisation
from kaopu.accounts.roles import Role
from kaopu.appeals import actions, notify, tasks
from kaopu.appeals.models import Appeal
from kaopu.core.testing import make_user
from kaopu.directory.models import Department
from kaopu.notifications.models import Notification

MONDAY, LAST_FRIDAY = date(2026, 9, 28), date(2026, 9, 25)


@pytest.fixture
def clerk(world):  # type: ignore[no-untyped-def]
    """A second handler of the world's department."""
    return make_user("clerk", Role.DEPARTMENT_HANDLER, Organisation.objects.get(department=world.department))


def overdue(appeal: Appeal) -> None:
    Appeal.objects.filter(pk=appeal.pk).update(due_on=LAST_FRIDAY)


def escalated_to() -> list[str]:
    return sorted(Notification.objects.filter(kind="appeal.escalate").values_list("user__username", flat=True))


def set_head(department: Department, user: object) -> None:
    Department.objects.filter(pk=department.pk).update(head=user)


def test_without_a_head_every_handler_of_the_lead_department_is_told(world, in_progress, clerk) -> None:  # type: ignore[no-untyped-def]
    overdue(in_progress)
    assert tasks.sweep(MONDAY).escalated == 1
    assert escalated_to() == ["clerk", "handler", "staff"]


def test_with_a_head_only_the_head_and_the_staff_are_told(world, in_progress, clerk) -> None:  # type: ignore[no-untyped-def]
    set_head(world.department, clerk)
    overdue(in_progress)
    assert tasks.sweep(MONDAY).escalated == 1
    assert escalated_to() == ["clerk", "staff"]
    assert tasks.sweep(MONDAY).escalated == 0  # still once
    assert escalated_to() == ["clerk", "staff"]


def test_a_dispatched_appeal_not_signed_for_goes_to_the_head_too(world, submit, staff, clerk) -> None:  # type: ignore[no-untyped-def]
    appeal = submit()
    actions.accept(appeal.pk, acting_user=staff)
    actions.dispatch(appeal.pk, acting_user=staff, lead=world.department)
    set_head(world.department, clerk)
    overdue(appeal)
    tasks.sweep(MONDAY)
    assert escalated_to() == ["clerk", "staff"]


@pytest.mark.parametrize("change", ["deactivated", "moved", "made_staff"])
def test_a_head_that_is_no_longer_an_active_handler_there_falls_back_to_the_handlers(  # type: ignore[no-untyped-def]
        world, in_progress, clerk, other_department, change) -> None:
    set_head(world.department, clerk)
    if change == "deactivated":
        clerk.is_active = False
        clerk.save(update_fields=["is_active"])
    elif change == "moved":
        clerk.organisation = Organisation.objects.create(kind="department", name=other_department.name,
                                                         district=world.district, department=other_department)
        clerk.save(update_fields=["organisation"])
    else:
        clerk.role = Role.FIC_STAFF
        clerk.organisation = world.users["staff"].organisation
        clerk.save(update_fields=["role", "organisation"])
    overdue(in_progress)
    tasks.sweep(MONDAY)
    expected = {"deactivated": ["handler", "staff"], "moved": ["handler", "staff"],
                "made_staff": ["clerk", "handler", "staff"]}[change]  # as staff, clerk is told as district staff
    assert escalated_to() == expected


def test_an_appeal_no_department_has_yet_goes_to_the_staff_only(world, submit, clerk) -> None:  # type: ignore[no-untyped-def]
    set_head(world.department, clerk)
    overdue(submit())
    tasks.sweep(MONDAY)
    assert escalated_to() == ["staff"]


def test_the_head_of_another_department_is_not_told(world, in_progress, other_handler, other_department) -> None:  # type: ignore[no-untyped-def]
    set_head(other_department, other_handler)
    overdue(in_progress)
    tasks.sweep(MONDAY)
    assert escalated_to() == ["handler", "staff"]


def test_a_confidential_appeal_goes_to_its_staff_member_and_the_head(world, submit, staff, clerk) -> None:  # type: ignore[no-untyped-def]
    make_user("staff2", Role.FIC_STAFF, staff.organisation)
    appeal = submit(is_confidential=True)
    actions.accept(appeal.pk, acting_user=staff)
    actions.dispatch(appeal.pk, acting_user=staff, lead=world.department)
    set_head(world.department, clerk)
    overdue(appeal)
    tasks.sweep(MONDAY)
    assert escalated_to() == ["clerk", "staff"]


def test_the_head_is_sent_to_its_inbox_page(world, in_progress, clerk) -> None:  # type: ignore[no-untyped-def]
    set_head(world.department, clerk)
    overdue(in_progress)
    tasks.sweep(MONDAY)
    assert Notification.objects.get(user=clerk, kind="appeal.escalate").url == f"/appeals/inbox/{in_progress.pk}/"


def test_escalation_is_a_line_of_the_rules_table(world, in_progress, clerk) -> None:  # type: ignore[no-untyped-def]
    audience, _title = notify.RULES["escalate"]
    set_head(world.department, clerk)
    assert sorted(u.username for u in audience(Appeal.objects.get(pk=in_progress.pk))) == ["clerk", "staff"]
