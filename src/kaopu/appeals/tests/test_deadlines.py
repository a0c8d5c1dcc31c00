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


def test_rules_apply_from_the_most_specific_to_the_most_general(db) -> None:  # type: ignore[no-untyped-def]
    """type and category > category only > type only > every type and category > the default."""
    tax = Category.objects.get(name="税费")
    complaint_on_tax = Appeal(kind=Appeal.Kind.COMPLAINT, category=tax)
    steps = [
        (None, 15),  # the default
        ({}, 20),  # a rule for every type and every category
        ({"kind": Appeal.Kind.COMPLAINT}, 12),
        ({"category": tax}, 8),
        ({"kind": Appeal.Kind.COMPLAINT, "category": tax}, 3),
    ]
    for fields, expected in steps:
        if fields is not None:
            DeadlineRule.objects.create(step="reply", working_days=expected, **fields)
        assert deadlines.working_days_for("reply", complaint_on_tax) == expected, fields
    # Taking the specific rules away again falls back one level at a time.
    for fields, expected in [({"kind": Appeal.Kind.COMPLAINT, "category": tax}, 8), ({"category": tax}, 12),
                             ({"kind": Appeal.Kind.COMPLAINT}, 20), ({}, 15)]:
        DeadlineRule.objects.filter(step="reply", kind=fields.get("kind", ""), category=fields.get("category")).delete()
        assert deadlines.working_days_for("reply", complaint_on_tax) == expected, fields


def test_a_rule_for_every_type_and_category_leaves_other_steps_alone(db) -> None:  # type: ignore[no-untyped-def]
    DeadlineRule.objects.create(step="rate", working_days=7)
    appeal = Appeal(kind=Appeal.Kind.CONSULTATION, category=Category.objects.get(name="法律"))
    assert deadlines.working_days_for("rate", appeal) == 7
    assert deadlines.working_days_for("reply", appeal) == 2
