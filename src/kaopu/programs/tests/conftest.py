"""Fixtures of the programs tests: the activity types, the officer's chamber with two member enterprises,
another chamber of the district with its own officer, and a chamber of the far district."""

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
from kaopu.programs.testing import make_types


@pytest.fixture
def types(db):  # type: ignore[no-untyped-def]
    return make_types()


@pytest.fixture
def chamber(world, staff):  # type: ignore[no-untyped-def]
    """The chamber officer's chamber; enterprise_a is a current member, enterprise_b left it."""
    made = chambers.the_officers_chamber(world)
    Membership.objects.create(chamber=made, enterprise=world.enterprise_a, joined_on=date(2020, 1, 1),
                              recorded_by=staff)
    Membership.objects.create(chamber=made, enterprise=world.enterprise_b, joined_on=date(2020, 1, 1),
                              left_on=date(2025, 6, 30), recorded_by=staff)
    return made
