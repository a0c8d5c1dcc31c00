"""Fixtures of the membership tests: the district's categories and a member enterprise (enterprise_a, the
ent_user's) with this year's invoice; the clock is pinned to 2026-09-28 (a Monday)."""

from __future__ import annotations

from datetime import date

import pytest

from kaopu.membership import actions
from kaopu.membership.testing import make_categories, make_member

TODAY = date(2026, 9, 28)


@pytest.fixture(autouse=True)
def _today(pin_clock):  # type: ignore[no-untyped-def]
    pin_clock(TODAY)


@pytest.fixture
def categories(staff):  # type: ignore[no-untyped-def]
    return make_categories(staff)


@pytest.fixture
def member(staff, world, categories):  # type: ignore[no-untyped-def]
    return make_member(staff, world.enterprise_a, categories["理事"], "2024-03-01")


@pytest.fixture
def invoice(staff, member, categories):  # type: ignore[no-untyped-def]
    for name, amount in (("会员", "1000"), ("理事", "3000"), ("常务理事", "5000")):
        actions.set_dues_rate(acting_user=staff, year=2026, category=categories[name], amount=amount)
    actions.issue_invoices(acting_user=staff, year=2026)
    return member.invoices.get(year=2026)
