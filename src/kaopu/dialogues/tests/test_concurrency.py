"""Registrations at once, with real threads on PostgreSQL: seats are never given twice, the waitlist
keeps its order, and nobody gets an error instead of a place or a message."""

from __future__ import annotations

from typing import Any

import pytest

from kaopu.accounts.models import Organisation
from kaopu.accounts.roles import OrganisationKind, Role
from kaopu.core.testing import at_once, build_world, make_enterprise, make_user
from kaopu.dialogues import actions
from kaopu.dialogues.actions import DialogueError, SeatsShort, seats_taken
from kaopu.dialogues.models import Registration
from kaopu.dialogues.testing import make_meeting

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]
R = Registration.State


def _enterprise_users(world: Any, n: int, prefix: str = "c") -> list[Any]:
    users = []
    for i in range(n):
        enterprise = make_enterprise(world.district, name=f"并发测试{prefix}{i}号有限公司")
        organisation = Organisation.objects.create(kind=OrganisationKind.ENTERPRISE, name=enterprise.name,
                                                   district=world.district, enterprise=enterprise)
        users.append(make_user(f"{prefix}_user_{i}", Role.ENTERPRISE_USER, organisation))
    return users


def test_twenty_enterprises_at_once_on_five_seats() -> None:
    world = build_world()
    meeting = make_meeting(world.district, world.users["staff"], capacity=5, requires_approval=False)
    users = _enterprise_users(world, 20)
    outcomes = at_once([lambda u=u: actions.register(meeting.pk, acting_user=u) for u in users])
    errors = [o for o in outcomes if isinstance(o, Exception)]
    assert errors == []
    states = [o.state for o in outcomes]
    assert states.count(R.APPROVED) == 5 and states.count(R.WAITLISTED) == 15
    assert seats_taken(meeting) == 5
    # The seats went to the first five to get the meeting's lock: the lowest ids, in arrival order.
    by_id = list(Registration.objects.filter(meeting=meeting).order_by("id").values_list("state", flat=True))
    assert by_id == [R.APPROVED] * 5 + [R.WAITLISTED] * 15


def test_two_users_of_one_enterprise_at_once_get_one_registration() -> None:
    world = build_world()
    meeting = make_meeting(world.district, world.users["staff"], requires_approval=False)
    colleague = make_user("ent_user_2", Role.ENTERPRISE_USER, world.users["ent_user"].organisation)
    outcomes = at_once([lambda u=u: actions.register(meeting.pk, acting_user=u)
                         for u in (world.users["ent_user"], colleague)])
    assert sorted(type(o).__name__ for o in outcomes) == ["DialogueError", "Registration"]
    assert "已报名" in str(next(o for o in outcomes if isinstance(o, DialogueError)))
    assert Registration.objects.filter(meeting=meeting).count() == 1


@pytest.mark.parametrize("round_", range(5))
def test_cancel_and_registerat_once(round_: int) -> None:
    """A (approved) cancels while C registers; B waits at the head of the list. Whatever the order,
    B gets A's seat and C waits: never two approved on one seat, never C before B."""
    world = build_world()
    meeting = make_meeting(world.district, world.users["staff"], capacity=1, requires_approval=False)
    a, b, c = _enterprise_users(world, 3, prefix=f"r{round_}")
    first = actions.register(meeting.pk, acting_user=a)
    second = actions.register(meeting.pk, acting_user=b)
    assert (first.state, second.state) == (R.APPROVED, R.WAITLISTED)
    outcomes = at_once([lambda: actions.cancel_registration(first.pk, acting_user=a),
                         lambda: actions.register(meeting.pk, acting_user=c)])
    assert not [o for o in outcomes if isinstance(o, Exception)]
    states = dict(Registration.objects.filter(meeting=meeting).values_list("enterprise_id", "state"))
    assert states == {a.enterprise_id: R.CANCELLED, b.enterprise_id: R.APPROVED, c.enterprise_id: R.WAITLISTED}
    assert seats_taken(meeting) == 1


def test_staff_approving_while_enterprises_cancel() -> None:
    """Staff approve pending registrations while approved ones cancel: never over capacity."""
    world = build_world()
    staff = world.users["staff"]
    meeting = make_meeting(world.district, staff, capacity=3)
    users = _enterprise_users(world, 8, prefix="ap")
    regs = [actions.register(meeting.pk, acting_user=u) for u in users]
    for reg in regs[:3]:
        actions.approve(reg.pk, acting_user=staff)
    calls = [lambda r=r: actions.approve(r.pk, acting_user=staff) for r in regs[3:]]
    calls += [lambda r=r, u=u: actions.cancel_registration(r.pk, acting_user=u)
              for r, u in zip(regs[:2], users[:2], strict=True)]
    outcomes = at_once(calls)
    assert not [o for o in outcomes if isinstance(o, Exception) and not isinstance(o, DialogueError)]
    assert seats_taken(meeting) <= 3
    approved = Registration.objects.filter(meeting=meeting, state=R.APPROVED).count()
    waiting = Registration.objects.filter(meeting=meeting, state=R.WAITLISTED).count()
    assert approved == 3 and approved + waiting == 6


@pytest.mark.parametrize("round_", range(3))
def test_two_enterprises_race_for_the_last_seats(round_: int) -> None:
    """3 seats left, A and B ask for 2 each at once: one gets them, the other is offered the one seat
    left (not put on the waitlist, not given seats that are gone): the offer is computed under the lock."""
    world = build_world()
    meeting = make_meeting(world.district, world.users["staff"], capacity=4, seats_per_enterprise=2,
                           requires_approval=False)
    first, a, b = _enterprise_users(world, 3, prefix=f"last{round_}")
    actions.register(meeting.pk, acting_user=first)
    outcomes = at_once([lambda u=u: actions.register(meeting.pk, acting_user=u, seats=2) for u in (a, b)])
    won = [o for o in outcomes if isinstance(o, Registration)]
    offered = [o for o in outcomes if isinstance(o, SeatsShort)]
    assert len(won) == 1 and len(offered) == 1, outcomes
    assert (won[0].state, won[0].seats) == (R.APPROVED, 2)
    assert (offered[0].left, offered[0].asked) == (1, 2)
    assert seats_taken(meeting) == 3
    assert Registration.objects.filter(meeting=meeting).count() == 2


@pytest.mark.parametrize("round_", range(3))
def test_taking_an_offer_while_another_takes_the_last_seat(round_: int) -> None:
    """A was offered 2 seats and takes them while B registers 1 at once: if A is first, B waits on the
    waitlist (no seat left); if B is first, A is offered the 1 seat now left. Never over capacity."""
    world = build_world()
    meeting = make_meeting(world.district, world.users["staff"], capacity=4, seats_per_enterprise=2,
                           requires_approval=False)
    first, second, a, b = _enterprise_users(world, 4, prefix=f"offer{round_}")
    for user in (first, second):
        actions.register(meeting.pk, acting_user=user)
    outcomes = at_once([lambda: actions.register(meeting.pk, acting_user=a, seats=2),
                        lambda: actions.register(meeting.pk, acting_user=b, seats=1)])
    taken_by_a, taken_by_b = outcomes
    assert not [o for o in outcomes if isinstance(o, Exception) and not isinstance(o, SeatsShort)], outcomes
    if isinstance(taken_by_a, Registration):
        assert (taken_by_a.state, taken_by_b.state) == (R.APPROVED, R.WAITLISTED)
    else:
        assert (taken_by_a.left, taken_by_b.state) == (1, R.APPROVED)
    assert seats_taken(meeting) == (4 if isinstance(taken_by_a, Registration) else 3)
