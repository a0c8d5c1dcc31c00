"""The investment entry of the start pages (investment.workbench), read through the registry: the count of
leads whose next step is overdue against hand-built leads, its link showing exactly those leads, the
district rule, and one query whatever the number of leads."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from kaopu.core.registry import registry
from kaopu.investment import actions
from kaopu.investment.models import Lead
from kaopu.investment.testing import make_lead

KEY = "investment.next_step_overdue"
TODAY = date(2026, 11, 18)


@pytest.fixture(autouse=True)
def _pinned(pin_clock):  # type: ignore[no-untyped-def]
    pin_clock(TODAY, hour=14)


def _lead(staff, name: str, due: date | None, move: dict | None = None) -> Lead:  # type: ignore[no-untyped-def]
    lead = make_lead(staff, name=name)
    if move:
        actions.move_lead(lead, acting_user=staff, **move)
    Lead.objects.filter(pk=lead.pk).update(next_step="回访投资方" if due else "", next_step_on=due)
    return lead


@pytest.fixture
def leads(world):  # type: ignore[no-untyped-def]
    staff, far = world.users["staff"], world.users["far_staff"]
    yesterday, today = TODAY - timedelta(days=1), TODAY
    return {
        "late": _lead(staff, "洽谈中逾期", yesterday),
        "late_signed": _lead(staff, "已签约逾期", TODAY - timedelta(days=30),
                             {"move": "sign", "amount": "100", "on": today.isoformat()}),
        "due_today": _lead(staff, "今天到期", today),
        "later": _lead(staff, "下周到期", today + timedelta(days=7)),
        "no_step": _lead(staff, "没有下一步", None),
        "ended": _lead(staff, "已终止", yesterday, {"move": "terminate", "reason": "no_space", "note": "层高不够"}),
        "far_late": _lead(far, "静安逾期", yesterday),
    }


def test_staff_count_the_open_leads_of_their_district_whose_next_step_is_overdue(world, leads, login):  # type: ignore[no-untyped-def]
    staff = world.users["staff"]
    assert registry.todos[KEY].count(staff) == 2
    assert registry.todos[KEY].count(world.users["far_staff"]) == 1
    response = login(staff).get(registry.todos[KEY].url(staff))
    assert response.status_code == 200
    assert {lead.pk for lead in response.context["page"].items} == {leads["late"].pk, leads["late_signed"].pk}
    assert "只显示下一步已逾期的线索" in response.content.decode()


def test_the_overdue_filter_keeps_the_lists_other_filters(world, leads, login):  # type: ignore[no-untyped-def]
    staff = world.users["staff"]
    response = login(staff).get(registry.todos[KEY].url(staff), {"stage": "signed"})
    assert [lead.pk for lead in response.context["page"].items] == [leads["late_signed"].pk]


def test_only_staff_see_the_entry(world, leads):  # type: ignore[no-untyped-def]
    assert KEY in {todo.key for todo in registry.todos_for(world.users["staff"])}
    for who in ("leader", "ent_user", "bank_officer", "lawyer", "chamber_officer"):
        assert KEY not in {todo.key for todo in registry.todos_for(world.users[who])}


def test_the_count_runs_one_query_whatever_the_number_of_leads(world, django_assert_num_queries):  # type: ignore[no-untyped-def]
    staff = world.users["staff"]
    for size in (2, 12):
        for i in range(size):
            _lead(staff, f"线索{size}-{i}", TODAY - timedelta(days=i % 3))
        with django_assert_num_queries(1):
            registry.todos[KEY].count(staff)
