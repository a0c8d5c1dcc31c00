"""One small alliance with demands in every position, shared by the page, API and permission tests
of the finance pages (kaopu.finance.testing makes the banks and officers).

- ``demand_a``: enterprise A's, pushed to the persona bank (claimed by ``bank_officer``) and to the
  other bank; ``demand_a2``: enterprise A's, not yet pushed; ``demand_b``: enterprise B's, pushed to
  the other bank only; ``demand_far``: the far district's, pushed to the far bank.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from kaopu.accounts.models import Organisation, User
from kaopu.accounts.roles import OrganisationKind, Role
from kaopu.core.testing import World, make_user
from kaopu.finance import actions
from kaopu.finance.models import DemandPush, FinancingDemand, LoanProduct
from kaopu.finance.testing import Alliance, alliance, make_demand, make_product


@dataclass
class Scenario:
    alliance: Alliance
    product: LoanProduct  # of the persona bank
    other_product: LoanProduct  # of the other bank
    far_product: LoanProduct
    demand_a: FinancingDemand
    demand_a2: FinancingDemand
    demand_b: FinancingDemand
    demand_far: FinancingDemand
    push_mine: DemandPush  # demand_a at the persona bank, claimed by bank_officer
    push_other: DemandPush  # demand_a at the other bank
    push_b: DemandPush  # demand_b at the other bank
    push_far: DemandPush


def far_user(world: World) -> User:
    """A user of the far enterprise (the far district has no enterprise persona)."""
    organisation = Organisation.objects.create(kind=OrganisationKind.ENTERPRISE, name=world.far_enterprise.name,
                                               district=world.far_district, enterprise=world.far_enterprise)
    return make_user("far_ent_user", Role.ENTERPRISE_USER, organisation)


def build(world: World) -> Scenario:
    banks = alliance(world)
    staff, far_staff = world.users["staff"], world.users["far_staff"]
    product = make_product(banks.bank, "鑫e贷")
    other_product = make_product(banks.other_bank, "经营快贷", amount_max=Decimal("1000"))
    far_product = make_product(banks.far_bank, "上行快线")
    demand_a = make_demand(world.enterprise_a, world.users["ent_user"])
    demand_a2 = make_demand(world.enterprise_a, world.users["ent_user"], amount="120")
    demand_b = make_demand(world.enterprise_b, world.users["other_ent_user"], amount="80")
    demand_far = make_demand(world.far_enterprise, far_staff)
    pushes = actions.push_demand(acting_user=staff, demand_id=demand_a.pk, banks=[banks.bank, banks.other_bank])
    push_mine = next(push for push in pushes if push.bank_id == banks.bank.pk)
    push_other = next(push for push in pushes if push.bank_id == banks.other_bank.pk)
    actions.claim(acting_user=world.users["bank_officer"], push_id=push_mine.pk)
    (push_b,) = actions.push_demand(acting_user=staff, demand_id=demand_b.pk, banks=[banks.other_bank])
    (push_far,) = actions.push_demand(acting_user=far_staff, demand_id=demand_far.pk, banks=[banks.far_bank])
    for demand in (demand_a, demand_a2, demand_b, demand_far):
        demand.refresh_from_db()
    return Scenario(banks, product, other_product, far_product, demand_a, demand_a2, demand_b, demand_far,
                    push_mine, push_other, push_b, push_far)
