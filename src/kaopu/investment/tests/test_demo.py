"""The demo's investment data (kaopu.investment.demo, loaded by `kaopu demo` after the other apps)."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from django.db.models import Count

from kaopu.core.management.commands import demo as demo_command
from kaopu.core.workdays import local_today
from kaopu.directory.models import District
from kaopu.investment import demo, selectors
from kaopu.investment.models import FollowUp, Lead, Partner, StageChange, Visit

S = Lead.Stage


@pytest.fixture
def loaded(world) -> District:  # type: ignore[no-untyped-def]
    """This app's demo on the test world (whose FIC staff member is called staff): fast."""
    demo.load_demo(world.district)
    return world.district


def test_the_demo_command_loads_the_investment_demo(db):  # type: ignore[no-untyped-def]
    demo_command.load_demo()
    district = District.objects.get(name="普陀区")
    assert Lead.objects.filter(district=district, owner__username="staff").count() == 50
    assert Lead.objects.filter(district=district, landed_enterprise__isnull=False).exists()


def test_partners_visits_and_leads_in_every_stage(loaded):  # type: ignore[no-untyped-def]
    assert Partner.objects.filter(district=loaded).count() == 12
    assert {"温州市工商业联合会", "泉州市工商业联合会", "晋江市工商业联合会", "上海市浙江商会"} <= set(
        Partner.objects.values_list("name", flat=True)
    )
    visits = Visit.objects.filter(district=loaded)
    assert visits.count() == 15
    today = local_today()
    assert all(today - timedelta(days=740) <= v.visited_on <= today for v in visits)
    assert visits.annotate(n=Count("local_enterprises")).filter(n=0).count() == 0
    leads = Lead.objects.filter(district=loaded)
    assert leads.count() == 50
    by_stage = dict(leads.values_list("stage").annotate(n=Count("id")))
    assert set(by_stage) == set(S.values) and all(n >= 5 for n in by_stage.values())
    assert not leads.exclude(owner__username="staff").exists()


def test_every_lead_has_a_consistent_history_and_follow_ups(loaded):  # type: ignore[no-untyped-def]
    today = local_today()
    for lead in Lead.objects.filter(district=loaded).prefetch_related("stage_changes"):
        changes = list(lead.stage_changes.order_by("id"))
        assert changes[0].from_stage == "" and changes[-1].to_stage == lead.stage, lead
        assert all(a.to_stage == b.from_stage for a, b in itertools.pairwise(changes)), lead
        if lead.stage == S.LANDED:
            assert lead.landed_on >= lead.signed_on and lead.landed_amount > 0
        assert all(c.happened_on <= today for c in changes)
    assert not Lead.objects.annotate(n=Count("follow_ups")).filter(n=0).exists()
    assert not FollowUp.objects.filter(happened_on__gt=today).exists()
    assert StageChange.objects.count() >= 50


def test_next_steps_due_this_week_and_some_overdue(loaded):  # type: ignore[no-untyped-def]
    today = local_today()
    open_leads = Lead.objects.filter(stage__in=(S.NEGOTIATING, S.SIGNED))
    assert not open_leads.filter(next_step_on__isnull=True).exists()
    assert open_leads.filter(next_step_on__range=(today, today + timedelta(days=6))).count() >= 5
    assert open_leads.filter(next_step_on__lt=today).count() >= 2
    assert not Lead.objects.filter(stage__in=(S.LANDED, S.TERMINATED), next_step_on__isnull=False).exists()


def test_figures_of_the_demo_are_meaningful(loaded):  # type: ignore[no-untyped-def]
    from kaopu.accounts.models import User

    figures = selectors.figures(User.objects.get(username="staff"))
    assert figures.total_leads == 50 and figures.total_landed > 0
    assert len(figures.by_industry) >= 4 and len(figures.conversion) >= 8


def test_demo_loads_once(loaded):  # type: ignore[no-untyped-def]
    before = list(Lead.objects.order_by("id").values_list("name", "stage"))
    demo.load_demo(loaded)
    assert list(Lead.objects.order_by("id").values_list("name", "stage")) == before
