"""Two people acting on one demand at once, with real threads on PostgreSQL: the actions lock the
demand row first, so two banks granting leave both grants and one GRANTED demand, and a withdrawal
racing a grant leaves exactly one of them, with the pushes consistent."""

from __future__ import annotations

import pytest

from kaopu.core.testing import at_once, build_world
from kaopu.finance import actions
from kaopu.finance.actions import FinanceError
from kaopu.finance.models import DemandEvent, DemandPush, FinancingDemand
from kaopu.finance.testing import alliance, make_demand

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]
D = FinancingDemand.State
P = DemandPush.State


def _pushed_and_claimed():  # type: ignore[no-untyped-def]
    world = build_world()
    banks = alliance(world)
    demand = make_demand(world.enterprise_a, world.users["ent_user"])
    pushes = actions.push_demand(acting_user=world.users["staff"], demand_id=demand.pk,
                                 banks=[banks.bank, banks.other_bank])
    mine = next(push for push in pushes if push.bank_id == banks.bank.pk)
    other = next(push for push in pushes if push.bank_id == banks.other_bank.pk)
    actions.claim(acting_user=world.users["bank_officer"], push_id=mine.pk)
    actions.claim(acting_user=banks.other_officer, push_id=other.pk)
    return world, banks, demand, mine, other


def test_two_banks_granting_at_once_both_count_and_the_demand_is_granted_once() -> None:
    world, banks, demand, mine, other = _pushed_and_claimed()
    outcomes = at_once([
        lambda: actions.grant(acting_user=world.users["bank_officer"], push_id=mine.pk, amount="200", rate="3.5",
                              term_months=12),
        lambda: actions.grant(acting_user=banks.other_officer, push_id=other.pk, amount="100", rate="3.8",
                              term_months=12),
    ])
    assert [type(outcome) for outcome in outcomes] == [DemandPush, DemandPush]
    demand.refresh_from_db()
    assert demand.state == D.GRANTED and demand.granted_at is not None
    assert set(demand.pushes.values_list("state", flat=True)) == {P.GRANTED}
    assert demand.events.filter(kind=DemandEvent.Kind.GRANTED).count() == 2
    # granted_at was set by the first grant and kept by the second (it waited on the demand's lock)
    first, second = sorted(DemandPush.objects.filter(demand=demand).values_list("decided_at", flat=True))
    assert first <= demand.granted_at < second


@pytest.mark.parametrize("rounds", range(3))
def test_a_withdrawal_racing_a_grant_leaves_exactly_one(rounds: int) -> None:
    world, _banks, demand, mine, _other = _pushed_and_claimed()
    outcomes = at_once([
        lambda: actions.grant(acting_user=world.users["bank_officer"], push_id=mine.pk, amount="200", rate="3.5",
                              term_months=12),
        lambda: actions.withdraw_demand(acting_user=world.users["ent_user"], demand_id=demand.pk, reason="不需要了"),
    ])
    errors = [outcome for outcome in outcomes if isinstance(outcome, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], FinanceError)
    demand.refresh_from_db()
    states = dict(demand.pushes.values_list("bank_id", "state"))
    if isinstance(outcomes[0], DemandPush):  # the grant won: the withdrawal was refused
        assert demand.state == D.GRANTED and states[mine.bank_id] == P.GRANTED
        assert not demand.events.filter(kind=DemandEvent.Kind.WITHDRAWN).exists()
    else:  # the withdrawal won: no grant anywhere
        assert demand.state == D.WITHDRAWN and set(states.values()) == {P.WITHDRAWN}
        assert demand.granted_at is None
        assert not demand.events.filter(kind=DemandEvent.Kind.GRANTED).exists()
