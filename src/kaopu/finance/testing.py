"""Factories for finance tests: alliance banks with officers, products and demands.

The ``bank_officer`` persona (kaopu.core.testing) belongs to the bank organisation
"上海农商银行普陀支行"; :func:`alliance` makes it a member bank and adds a second bank with its own
officer, which must never see the first bank's demands.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from kaopu.accounts.models import Organisation, User
from kaopu.accounts.roles import OrganisationKind, Role
from kaopu.core.testing import World, make_user
from kaopu.directory.models import District, Enterprise
from kaopu.finance import actions
from kaopu.finance.models import Bank, DemandPush, FinancingDemand, LoanProduct


def make_bank(district: District, name: str, *, organisation: Organisation | None = None, **fields: Any) -> Bank:
    organisation = organisation or Organisation.objects.create(kind=OrganisationKind.BANK, name=name,
                                                               district=district)
    return Bank.objects.create(organisation=organisation, district=district, name=name,
                               short_name=fields.pop("short_name", name[:20]),
                               joined_on=fields.pop("joined_on", date(2024, 3, 1)), **fields)


def make_product(bank: Bank, name: str = "科创信用贷", **fields: Any) -> LoanProduct:
    values: dict[str, Any] = {
        "kind": LoanProduct.Kind.CREDIT, "amount_min": Decimal("50"), "amount_max": Decimal("500"),
        "rate_min": Decimal("3.10"), "rate_max": Decimal("4.20"), "term_min_months": 6, "term_max_months": 36,
        "collateral": [], "sizes": [],
    }
    industries = fields.pop("industries", ())
    schemes = fields.pop("policy_schemes", ())
    values.update(fields)
    product = LoanProduct.objects.create(bank=bank, name=name, **values)
    product.industries.set(industries)
    product.policy_schemes.set(schemes)
    return product


DEMAND_DATA: dict[str, Any] = {
    "amount": "300", "term_months": 12, "purpose": FinancingDemand.Purpose.WORKING_CAPITAL,
    "purpose_detail": "采购原材料，旺季备货", "collateral": [], "wants_policy_guarantee": False,
    "urgency": FinancingDemand.Urgency.NORMAL, "consent_to_share": True, "contact_name": "周晓东",
    "contact_phone": "13812345678",
}


def make_demand(enterprise: Enterprise, user: User, **overrides: Any) -> FinancingDemand:
    """A demand submitted through the real action (events, snapshot of industry and size)."""
    return actions.submit_demand(enterprise=enterprise, acting_user=user, data={**DEMAND_DATA, **overrides})


@dataclass
class Alliance:
    bank: Bank  # the bank_officer persona's bank
    other_bank: Bank
    other_officer: User  # an officer of other_bank
    far_bank: Bank  # a bank of the far district


def alliance(world: World) -> Alliance:
    officer = world.users["bank_officer"]
    bank = make_bank(world.district, officer.organisation.name, organisation=officer.organisation,
                     short_name="农商银行")
    other = make_bank(world.district, "中国工商银行上海普陀支行", short_name="工商银行")
    other_officer = make_user("other_bank_officer", Role.BANK_OFFICER, other.organisation, name="李行")
    far = make_bank(world.far_district, "上海银行静安支行", short_name="上海银行")
    return Alliance(bank, other, other_officer, far)


def start_page_demands(world: World) -> dict[str, Any]:
    """Demands of the start pages' tests, made through the actions on the clock the caller pinned; returns
    them by name, with ``alliance`` and the persona bank's pushes (``<name>_push``).

    Enterprise A, oldest first: ``granted`` (300: the persona bank granted 200 at 3.45% for 12 months),
    ``claimed`` (500: pushed to both banks, claimed by bank_officer), ``contacted`` (150: claimed, the
    enterprise contacted), ``to_claim_a`` (120: pushed to the persona bank), ``no_consent`` (50) and
    ``no_consent2`` (80), which no bank may see: 2 to consent, 6 demands (the short list shows 5).
    Enterprise B: ``to_claim_b`` (90, pushed to the persona bank) and ``other_bank`` (60, pushed to the
    other bank only). The bank officer: 2 to claim, 2 to answer (claimed, contacted), the granted one done."""
    banks = alliance(world)
    staff, officer = world.users["staff"], world.users["bank_officer"]
    ent_a, ent_b = world.users["ent_user"], world.users["other_ent_user"]
    made: dict[str, Any] = {"alliance": banks}

    def pushed(name: str, enterprise: Enterprise, user: User, amount: str, *to: Bank) -> DemandPush:
        made[name] = make_demand(enterprise, user, amount=amount)
        pushes = actions.push_demand(acting_user=staff, demand_id=made[name].pk, banks=list(to))
        made[f"{name}_push"] = next(push for push in pushes if push.bank_id == to[0].pk)
        return made[f"{name}_push"]

    push = pushed("granted", world.enterprise_a, ent_a, "300", banks.bank)
    actions.claim(acting_user=officer, push_id=push.pk)
    actions.grant(acting_user=officer, push_id=push.pk, amount="200", rate="3.45", term_months=12)
    actions.claim(acting_user=officer, push_id=pushed("claimed", world.enterprise_a, ent_a, "500", banks.bank,
                                                      banks.other_bank).pk)
    push = pushed("contacted", world.enterprise_a, ent_a, "150", banks.bank)
    actions.claim(acting_user=officer, push_id=push.pk)
    actions.record_contact(acting_user=officer, push_id=push.pk, note="电话联系了财务负责人。")
    pushed("to_claim_a", world.enterprise_a, ent_a, "120", banks.bank)
    made["no_consent"] = make_demand(world.enterprise_a, ent_a, amount="50", consent_to_share=False)
    made["no_consent2"] = make_demand(world.enterprise_a, ent_a, amount="80", consent_to_share=False)
    pushed("to_claim_b", world.enterprise_b, ent_b, "90", banks.bank)
    pushed("other_bank", world.enterprise_b, ent_b, "60", banks.other_bank)
    return made
