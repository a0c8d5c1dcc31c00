"""Fixtures of the chambers tests: the chamber officer's chamber, another chamber of the district with its
own officer, and a chamber of the far district (kaopu.chambers.testing)."""

from __future__ import annotations

import pytest

from kaopu.chambers import testing


@pytest.fixture
def chamber(world):  # type: ignore[no-untyped-def]
    return testing.the_officers_chamber(world)


@pytest.fixture
def other_chamber_and_officer(world):  # type: ignore[no-untyped-def]
    return testing.another_chamber(world)


@pytest.fixture
def other_chamber(other_chamber_and_officer):  # type: ignore[no-untyped-def]
    return other_chamber_and_officer[0]


@pytest.fixture
def other_chamber_officer(other_chamber_and_officer):  # type: ignore[no-untyped-def]
    return other_chamber_and_officer[1]


@pytest.fixture
def far_chamber(world):  # type: ignore[no-untyped-def]
    return testing.far_chamber(world)
