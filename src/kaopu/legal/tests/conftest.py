"""The legal service team of the test world (kaopu.legal.testing.make_team)."""

from __future__ import annotations

import pytest

from kaopu.legal.testing import Team, make_team


@pytest.fixture
def team(world) -> Team:  # type: ignore[no-untyped-def]
    return make_team(world)
