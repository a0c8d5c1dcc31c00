"""Helpers for the investment tests (and other apps' tests that need a lead): rows made through the actions."""

from __future__ import annotations

from typing import Any

from kaopu.investment import actions
from kaopu.investment.models import Lead, Partner, Visit

_counter = {"n": 0}


def make_partner(staff: Any, **fields: Any) -> Partner:
    _counter["n"] += 1
    values = {"name": f"温州市工商联{_counter['n']}", "kind": Partner.Kind.FIC, "region": "浙江省温州市"}
    values.update(fields)
    return actions.create_partner(acting_user=staff, **values)


def make_visit(staff: Any, partner: Partner | None = None, **fields: Any) -> Visit:
    values = {
        "title": "温州市工商联考察团来访",
        "visited_on": "2026-03-10",
        "members": "张三，温州市工商联，副主席",
        "topics": "产业园区考察",
        "partner": partner,
    }
    values.update(fields)
    return actions.create_visit(acting_user=staff, **values)


def make_lead(staff: Any, **fields: Any) -> Lead:
    values = {"name": "温州某智能装备项目", "industry": "C", "intended_amount": "5000"}
    values.update(fields)
    return actions.create_lead(acting_user=staff, **values)
