"""Fixtures of the Four-Good tests (imported by each test_fourgood_*.py): a second FIC staff member who
reviews with ``staff``, and an open cycle of the district with both as reviewers, the clock pinned."""

from __future__ import annotations

from datetime import date

import pytest

from kaopu.accounts.roles import Role
from kaopu.chambers import testing_fourgood
from kaopu.core.testing import make_user

TODAY = date(2026, 9, 28)


@pytest.fixture
def reviewer(world):  # type: ignore[no-untyped-def]
    return make_user("reviewer", Role.FIC_STAFF, world.users["staff"].organisation, name="王评审")


@pytest.fixture
def cycle(world, staff, reviewer, pin_clock):  # type: ignore[no-untyped-def]
    pin_clock(TODAY)
    return testing_fourgood.make_cycle(staff, [staff, reviewer])
