"""Deadlines of an appeal's steps, in working days (DESIGN.md section 4).

Defaults: accept in 1, sign for in 1, reply in 2 for a consultation, 10 for a request for help or a
suggestion, 15 for a complaint, rate in 5. Staff override them per type and category with
DeadlineRule rows; the most specific rule wins: type and category, then category only, then type
only, then a rule with neither (every type and category), then the defaults below. Rules are read
when a deadline is computed: changing one never moves deadlines already set.
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


def precedence(kind: str, category_id: int | None) -> tuple[tuple[str, int | None], ...]:
    """The (type, category) keys of the rules that may apply to an appeal, most specific first."""
    return ((kind, category_id), ("", category_id), (kind, None), ("", None))


def resolve(step: str, kind: str, category_id: int | None,
            rules: dict[tuple[str, int | None], int]) -> tuple[int, tuple[str, int | None] | None]:
    """The working days of ``step`` for a type and category, given the step's rules keyed by
    (type, category), and the key of the rule that decided (None: the default)."""
    for key in precedence(kind, category_id):
        if key in rules:
            return rules[key], key
    return DEFAULT_WORKING_DAYS[step][kind], None


def working_days_for(step: str, appeal: Appeal) -> int:
    rules = {(rule.kind, rule.category_id): rule.working_days
             for rule in DeadlineRule.objects.filter(step=step)}
    return resolve(step, appeal.kind, appeal.category_id, rules)[0]


def due_on(step: str, appeal: Appeal, start: date | None = None) -> date:
    """The date by which ``step`` must be done, counted from ``start`` (today, Asia/Shanghai).
    Raises workdays.UnknownCalendarYear when the deadline falls in a year nobody entered."""
    return workdays.add_working_days(start or workdays.local_today(), working_days_for(step, appeal))
