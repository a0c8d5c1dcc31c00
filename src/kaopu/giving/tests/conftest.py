"""Fixtures of the giving tests: the clock pinned on a fixed day (donations may not be dated after today),
the officer's chamber with enterprise_a as a member since 2020 and enterprise_b a member who left, another
chamber of the district with its own officer, a chamber of the far district."""

from __future__ import annotations

from datetime import date

import pytest

from kaopu.chambers import testing as chambers
from kaopu.chambers.models import Membership
from kaopu.chambers.tests.conftest import (  # noqa: F401  (the fixtures, shared)
    far_chamber,
    other_chamber,
    other_chamber_and_officer,
    other_chamber_officer,
)

TODAY = date(2026, 9, 28)


@pytest.fixture(autouse=True)
def _today(pin_clock):  # type: ignore[no-untyped-def]
    pin_clock(TODAY)


@pytest.fixture
def chamber(world, staff):  # type: ignore[no-untyped-def]
    """The chamber officer's chamber; enterprise_a a member since 2020, enterprise_b from 2020 to mid-2025."""
    made = chambers.the_officers_chamber(world)
    Membership.objects.create(chamber=made, enterprise=world.enterprise_a, joined_on=date(2020, 1, 1),
                              recorded_by=staff)
    Membership.objects.create(chamber=made, enterprise=world.enterprise_b, joined_on=date(2020, 1, 1),
                              left_on=date(2025, 6, 30), recorded_by=staff)
    return made
