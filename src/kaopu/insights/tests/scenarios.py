"""The audit scenarios of kaopu.insights.actions (core/tests/test_every_write_audited.py walks them), on the
walk's day, 2026-09-28."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kaopu.core.tests.audit_scenarios import Act, Stage, given
from kaopu.insights import actions as ins
from kaopu.insights.testing import enter, indicator


def _custom(s: Stage) -> Any:
    return ins.add_indicator(acting_user=s.user("staff"), name="民营企业进出口额占比", unit="percent",
                             definition="民营企业货物进出口总额占全区的比重。")


def scenarios() -> dict[str, Callable[[Stage], Act]]:
    staff = "staff"
    return {
        "enter_value": lambda s: Act(lambda: enter(s.user(staff), "share_tax", 2025, "61.2"),
                                     "民营经济指标「税收占比」普陀区2025年数值：61.20%"),
        "correct_value": given(lambda s: enter(s.user(staff), "share_tax", 2025, "61.2"), lambda v, s: Act(
            lambda: ins.correct_value(v, acting_user=s.user(staff), value="61.5", source=v.source,
                                      source_date=v.source_date), "数值由“61.20%”改为“61.50%”")),
        "add_indicator": lambda s: Act(lambda: _custom(s), "民营企业进出口额占比"),
        "update_indicator": given(_custom, lambda i, s: Act(lambda: ins.update_indicator(
            i, acting_user=s.user(staff), name="民营企业出口额占比", unit="percent", definition="出口。"),
            "民营企业出口额占比")),
        "set_indicator_active": lambda s: Act(lambda: ins.set_indicator_active(
            indicator("share_high_tech"), acting_user=s.user(staff), active=False),
            "停用民营经济指标「高新技术企业占比」"),
    }
