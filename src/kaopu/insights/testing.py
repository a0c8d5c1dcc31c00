"""Helpers for the cockpit's tests (unit and browser): appeal rows made by hand, with the facts the actions
would have left on them, then counted by kaopu.appeals.kpi.rebuild; private-economy values entered through
the actions."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from kaopu.appeals.models import Appeal, Category
from kaopu.appeals.testing import number_fields
from kaopu.core.testing import local_moment


def make_appeal(world: Any, submitted: date, state: str, *, district: Any = None, enterprise: Any = None,
                **facts: Any) -> Appeal:
    """An appeal row as the actions would have left it (facts given by hand), submitted on ``submitted``."""
    district = district or world.district
    moment: datetime = local_moment(submitted)
    values = {"kind": Appeal.Kind.HELP, "category": Category.objects.get(name="融资"), "title": "诉求",
              "content": "内容", "created_by": world.users["ent_user"]}
    values.update(facts)
    return Appeal.objects.create(district=district, enterprise=enterprise or world.enterprise_a, state=state,
                                 created_at=moment, **number_fields(district, moment), **values)


# --- The private-economy indicators ---------------------------------------------------------------------

def indicator(key: str) -> Any:
    """A built-in indicator by key (seeded again if a transactional test's flush removed it)."""
    from kaopu.insights import builtins
    from kaopu.insights.models import Indicator

    builtins.seed(Indicator)
    return Indicator.objects.get(key=key)


def enter(user: Any, key: str, year: int, value: str, *, quarter: int | None = None, **facts: Any) -> Any:
    """A value entered through the action, with a source published on 10 March of the next year (a quarter's:
    on the quarter's first day, never after today)."""
    from kaopu.insights import actions

    defaults = {"source": f"区统计局《{year}年国民经济和社会发展统计公报》",
                "source_date": date(year + 1, 3, 10) if quarter is None else date(year, quarter * 3 - 2, 1)}
    return actions.enter_value(acting_user=user, indicator=indicator(key).pk, year=year, quarter=quarter, value=value,
                               **{**defaults, **facts})
