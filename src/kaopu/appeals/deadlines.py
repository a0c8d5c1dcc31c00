"""Deadlines of an appeal's steps, in working days (DESIGN.md section 4).

Defaults: accept in 1, dispatch (after acceptance, or after a return was approved) in 1, sign for in 1,
a co-handler's opinion in 3 from the dispatch, reply in 2 for a consultation, 10 for a request for help
or a suggestion, 15 for a complaint, FIC staff's review of a reply (categories that want one) in 1,
rate in 5. Staff override them per type and category with
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
    "dispatch": dict.fromkeys(K.values, 1),
    "sign_for": dict.fromkeys(K.values, 1),
    "opinion": dict.fromkeys(K.values, 3),
    "reply": {K.CONSULTATION: 2, K.HELP: 10, K.SUGGESTION: 10, K.COMPLAINT: 15},
    "review": dict.fromkeys(K.values, 1),
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


def _count(appeal: Appeal, start: date, working_days: int) -> workdays.Deadline:
    result = workdays.deadline(start, working_days)
    appeal.due_from, appeal.due_working_days = start, working_days
    appeal.due_on, appeal.due_provisional = result.on, result.provisional
    return result


def set_due(appeal: Appeal, step: str, start: date | None = None, *, working_days: int | None = None
            ) -> workdays.Deadline:
    """Set the deadline of ``step`` on the (unsaved) appeal, counted from ``start`` (today, Asia/Shanghai),
    ``working_days`` after it (the step's rule when not given).

    Never refused for a missing calendar: a deadline over a year nobody entered is counted Monday–Friday
    and marked provisional (``due_provisional``); :func:`recount` corrects it once the year is entered."""
    return _count(appeal, start or workdays.local_today(), working_days or working_days_for(step, appeal))


def extend_due(appeal: Appeal, working_days: int) -> None:
    """Move the deadline ``working_days`` further, as one count from the same start (an extension)."""
    if appeal.due_on is None:
        return
    if appeal.due_from is None:  # a deadline stored without its count: extend from the deadline itself
        appeal.due_from, appeal.due_working_days = appeal.due_on, 0
    _count(appeal, appeal.due_from, (appeal.due_working_days or 0) + working_days)


def clear_due(appeal: Appeal) -> None:
    """The appeal waits for nobody's deadline (finished, declined, withdrawn or merged)."""
    appeal.due_on = appeal.due_from = appeal.due_working_days = None
    appeal.due_provisional = False


def recount(appeal: Appeal) -> bool:
    """Count the deadline again over the calendars known now; True when its date or its provisional
    mark changed. An appeal without a deadline, or without its count, is left as it is."""
    if appeal.due_on is None or appeal.due_from is None or appeal.due_working_days is None:
        return False
    before = (appeal.due_on, appeal.due_provisional)
    _count(appeal, appeal.due_from, appeal.due_working_days)
    return (appeal.due_on, appeal.due_provisional) != before


def due_on(step: str, appeal: Appeal, start: date | None = None) -> date:
    """The date by which ``step`` must be done, counted from ``start`` (today, Asia/Shanghai); a year
    nobody entered counts Monday–Friday (see :func:`set_due`, which also stores the count)."""
    return workdays.deadline(start or workdays.local_today(), working_days_for(step, appeal)).on
