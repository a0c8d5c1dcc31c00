"""Deadlines per step, type and category, in working days; staff rules override the defaults."""

from __future__ import annotations

from datetime import date

import pytest

from kaopu.appeals import deadlines
from kaopu.appeals.models import Appeal, Category, DeadlineRule


@pytest.mark.parametrize(("kind", "expected"), [
    (Appeal.Kind.CONSULTATION, date(2026, 9, 30)),   # 2 working days
    (Appeal.Kind.SUGGESTION, date(2026, 10, 16)),    # 10, across National Day
    (Appeal.Kind.COMPLAINT, date(2026, 10, 23)),     # 15
])
def test_reply_deadline_by_type(db, kind, expected) -> None:  # type: ignore[no-untyped-def]
    appeal = Appeal(kind=kind, category=Category.objects.get(name="税费"))
    assert deadlines.due_on("reply", appeal, date(2026, 9, 28)) == expected


def test_the_most_specific_rule_wins(db) -> None:  # type: ignore[no-untyped-def]
    tax = Category.objects.get(name="税费")
    DeadlineRule.objects.create(step="reply", kind=Appeal.Kind.COMPLAINT, working_days=12)
    DeadlineRule.objects.create(step="reply", category=tax, working_days=8)
    DeadlineRule.objects.create(step="reply", kind=Appeal.Kind.COMPLAINT, category=tax, working_days=3)
    complaint_on_tax = Appeal(kind=Appeal.Kind.COMPLAINT, category=tax)
    complaint_elsewhere = Appeal(kind=Appeal.Kind.COMPLAINT, category=Category.objects.get(name="用工"))
    help_on_tax = Appeal(kind=Appeal.Kind.HELP, category=tax)
    assert deadlines.working_days_for("reply", complaint_on_tax) == 3
    assert deadlines.working_days_for("reply", complaint_elsewhere) == 12
    assert deadlines.working_days_for("reply", help_on_tax) == 8
    assert deadlines.working_days_for("rate", help_on_tax) == 5
