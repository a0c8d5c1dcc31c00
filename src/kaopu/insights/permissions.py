"""Who sees and changes the private-economy indicators (the rules of kaopu.core.access for insights).

- An indicator (a definition shared by every district) is read by FIC staff and district leaders, and
  added, changed and retired by FIC staff.
- A value belongs to a district: FIC staff enter and correct their district's (a city-level FIC, with no
  district: every district's); district leaders read their district's (a city-level leader: every one).
  Anyone else sees none, and a guessed id answers 404.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from kaopu.accounts.roles import Role
from kaopu.core.access import EVERYTHING, district_filter, grant
from kaopu.insights.models import Indicator, IndicatorValue

READERS = frozenset({Role.FIC_STAFF, Role.DISTRICT_LEADER})


@grant(Indicator, "view")
def indicators_read(user: Any) -> Q | None:
    return EVERYTHING if user.role in READERS else None


@grant(Indicator, "change")
def staff_keep_indicators(user: Any) -> Q | None:
    return EVERYTHING if user.role == Role.FIC_STAFF else None


@grant(IndicatorValue, "view")
def values_read(user: Any) -> Q | None:
    return district_filter(user) if user.role in READERS else None


@grant(IndicatorValue, "change")
def staff_keep_values(user: Any) -> Q | None:
    return district_filter(user) if user.role == Role.FIC_STAFF else None


def may_enter(user: Any) -> bool:
    """Whether the user enters values and keeps indicators (FIC staff); leaders read only."""
    return user.role == Role.FIC_STAFF
