"""Activities for tests (of this app and of the integration tests: audit scenarios, navigation)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from kaopu.core.testing import local_moment
from kaopu.programs import actions
from kaopu.programs.models import Activity, ActivityType

TYPES = ("理论学习", "党建", "培训", "走访/考察", "志愿服务", "文体", "论坛/沙龙", "其他")


def make_types() -> dict[str, ActivityType]:
    """The eight types of the seed practice, made once (types are global)."""
    for order, name in enumerate(TYPES):
        ActivityType.objects.get_or_create(name=name, defaults={"sort_order": (order + 1) * 10})
    return {t.name: t for t in ActivityType.objects.all()}


def make_activity(user: Any, *, starts_at: datetime | None = None, type_name: str = "理论学习",
                  **values: Any) -> Activity:
    """An activity recorded by ``user`` through the real action (an officer's is their chamber's)."""
    fields: dict[str, Any] = {"title": "学习贯彻全会精神专题学习会", "place": "区工商联三楼会议室", "headcount": 40}
    fields.update(values)
    return actions.create_activity(acting_user=user, type=make_types()[type_name],
                                   starts_at=starts_at or local_moment(date(2026, 9, 15), 14), **fields)
