"""Two staff approving the last two applicants for the cohort's last seat at once, with real threads on
PostgreSQL: the cohort's row lock makes the second count the first's approval, so one is approved and the other
refused (capacity never passed). Without the lock both would count one free seat and both pass."""

from __future__ import annotations

from datetime import date

import pytest

from kaopu.core.testing import at_once, build_world, make_user
from kaopu.programs import actions_training as actions
from kaopu.programs.actions_training import TrainingError
from kaopu.programs.models import Trainee
from kaopu.programs.testing_training import apply, make_cohort

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def test_two_approvals_for_the_last_seat_approve_one(pin_clock) -> None:  # type: ignore[no-untyped-def]
    pin_clock(date(2026, 9, 28))
    world = build_world()
    staff = world.users["staff"]
    colleague = make_user("staff2", staff.role, staff.organisation)
    cohort = make_cohort(staff, capacity=1)
    first = apply(world.users["ent_user"], cohort, "张三")
    second = apply(world.users["other_ent_user"], cohort, "李四")

    outcomes = at_once([lambda: actions.approve_trainee(first.pk, acting_user=staff),
                        lambda: actions.approve_trainee(second.pk, acting_user=colleague)])
    assert sorted(type(o).__name__ for o in outcomes) == ["Trainee", "TrainingError"], outcomes
    refused = next(o for o in outcomes if isinstance(o, TrainingError))
    assert refused.field == "capacity"
    assert Trainee.objects.filter(cohort=cohort, state=Trainee.State.APPROVED).count() == 1
