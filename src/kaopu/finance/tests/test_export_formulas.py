"""The financing figures export writes a bank's name that looks like a formula as text (core.spreadsheet)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from kaopu.core.tests.formulas import check_export
from kaopu.finance import actions
from kaopu.finance.models import Bank
from kaopu.finance.testing import alliance, make_demand

pytestmark = pytest.mark.django_db


def test_a_bank_name_starting_like_a_formula_is_exported_as_text(world, login, pin_clock) -> None:  # type: ignore[no-untyped-def]
    pin_clock(date(2026, 6, 15))
    banks = alliance(world)
    demand = make_demand(world.enterprise_a, world.users["ent_user"])
    actions.push_demand(acting_user=world.users["staff"], demand_id=demand.pk, banks=[banks.bank])
    client = login(world.users["staff"])

    check_export(lambda: client.get(reverse("finance:figures_export"), {"first": "2026-01", "last": "2026-12"}),
                 lambda name: Bank.objects.filter(pk=banks.bank.pk).update(short_name=name, name=name))
