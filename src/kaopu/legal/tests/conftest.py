"""The legal service team of the test world (kaopu.legal.testing.make_team), on a pinned clock."""

from __future__ import annotations

from datetime import date

import pytest

from kaopu.legal.testing import Team, make_team


@pytest.fixture(autouse=True)
def _pinned_clock(pin_clock):  # type: ignore[no-untyped-def]
    """Wednesday 18 November 2026, 14:00 in Shanghai. Sessions are recorded "an hour ago" and requests
    submitted today: run just after midnight, the session would fall before the submission's day."""
    pin_clock(date(2026, 11, 18), hour=14)


@pytest.fixture
def team(world) -> Team:  # type: ignore[no-untyped-def]
    return make_team(world)
