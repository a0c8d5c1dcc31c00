"""Appeals submitted at the same moment (real threads, PostgreSQL): each gets its own number, and the
numbers are consecutive — the counter row is locked by each submission until it commits."""

from __future__ import annotations

import pytest

from kaopu.accounts.roles import Role
from kaopu.appeals import actions
from kaopu.appeals.models import Appeal, Category, NumberCounter
from kaopu.core.testing import at_once, build_world, make_user

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]
SUBMISSIONS = 8


def _submitter(world, user, enterprise, n: int):  # type: ignore[no-untyped-def]
    category = Category.objects.get(name="用工")

    def submit() -> Appeal:
        return actions.submit_appeal(enterprise=enterprise, acting_user=user, kind=Appeal.Kind.HELP,
                                     category=category, title=f"同时提交 {n}", content="请求协助招聘。",
                                     source=Appeal.Source.HOTLINE if user.role == Role.FIC_STAFF else "online",
                                     contact_name="王经理", contact_phone="13800001111")
    return submit


def test_submissions_at_once_get_distinct_consecutive_numbers() -> None:
    world = build_world()
    staff = [world.users["staff"], *(make_user(f"staff{n}", Role.FIC_STAFF, world.users["staff"].organisation)
                                     for n in range(2, SUBMISSIONS // 2 + 1))]
    enterprise_users = [world.users["ent_user"], world.users["other_ent_user"]]
    calls = [_submitter(world, user, world.enterprise_a, n) for n, user in enumerate(staff)]
    calls += [_submitter(world, user, user.organisation.enterprise, n)
              for n, user in enumerate(enterprise_users * (SUBMISSIONS // 4))]
    outcomes = at_once(calls)
    assert all(isinstance(outcome, Appeal) for outcome in outcomes), outcomes
    numbers = sorted(Appeal.objects.values_list("number", flat=True))
    assert numbers == [f"PT-2026-{n:06d}" for n in range(1, len(calls) + 1)]
    assert NumberCounter.objects.get(district=world.district, year=2026).last == len(calls)


def test_the_first_submissions_of_a_new_year_at_once_make_one_counter() -> None:
    world = build_world()
    assert not NumberCounter.objects.exists()
    outcomes = at_once([_submitter(world, world.users["ent_user"], world.enterprise_a, n) for n in range(4)])
    assert sorted(appeal.number_sequence for appeal in outcomes) == [1, 2, 3, 4]
    assert NumberCounter.objects.count() == 1
