"""Deadlines of an appeal's steps, in working days (DESIGN.md section 4).

Defaults: accept in 1, sign for in 1, reply in 2 for a consultation, 10 for a request for help or a
suggestion, 15 for a complaint, rate in 5. Staff override them per type and category with
DeadlineRule rows; the most specific rule wins (type and category, then category, then type).
"""

from __future__ import annotations

from datetime import date

from kaopu.appeals.models import Appeal, DeadlineRule
from kaopu.core import workdays

K = Appeal.Kind
DEFAULT_WORKING_DAYS: dict[str, dict[str, int]] = {
    "accept": dict.fromkeys(K.values, 1),
    "sign_for": dict.fromkeys(K.values, 1),
    "reply": {K.CONSULTATION: 2, K.HELP: 10, K.SUGGESTION: 10, K.COMPLAINT: 15},
    "rate": dict.fromkeys(K.values, 5),
}


def working_days_for(step: str, appeal: Appeal) -> int:
    rules = {(rule.kind, rule.category_id): rule.working_days
             for rule in DeadlineRule.objects.filter(step=step)}
    for key in ((appeal.kind, appeal.category_id), ("", appeal.category_id), (appeal.kind, None)):
        if key in rules:
            return rules[key]
    return DEFAULT_WORKING_DAYS[step][appeal.kind]


def due_on(step: str, appeal: Appeal, start: date | None = None) -> date:
    """The date by which ``step`` must be done, counted from ``start`` (today, Asia/Shanghai).
    Raises workdays.UnknownCalendarYear when the deadline falls in a year nobody entered."""
    return workdays.add_working_days(start or workdays.local_today(), working_days_for(step, appeal))
