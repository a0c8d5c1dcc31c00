"""Helpers for the membership tests (and other apps' tests that need a member): rows made through the actions."""

from __future__ import annotations

from datetime import date
from typing import Any

from kaopu.membership import actions
from kaopu.membership.models import Category, Invoice, Member


def make_categories(staff: Any) -> dict[str, Category]:
    """会员, 理事, 常务理事 of the staff member's district, in that order."""
    return {name: actions.save_category(acting_user=staff, name=name, order=n * 10)
            for n, name in enumerate(("会员", "理事", "常务理事"), start=1)}


def make_member(staff: Any, enterprise: Any, category: Category, joined_on: date | str = "2024-03-01") -> Member:
    return actions.add_member(acting_user=staff, kind=Member.Kind.ENTERPRISE, enterprise=enterprise,
                              category=category, joined_on=joined_on)


def make_person(staff: Any, category: Category, name: str = "王建国", joined_on: date | str = "2024-03-01",
                **fields: Any) -> Member:
    return actions.add_member(acting_user=staff, kind=Member.Kind.INDIVIDUAL, category=category,
                              joined_on=joined_on, person_name=name, **fields)


def invoice_of(member: Member, year: int) -> Invoice:
    return Invoice.objects.get(member=member, year=year)
