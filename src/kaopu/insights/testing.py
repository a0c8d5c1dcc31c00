"""Helpers for the cockpit's tests (unit and browser): appeal rows made by hand, with the facts the actions
would have left on them, then counted by kaopu.appeals.kpi.rebuild."""

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
