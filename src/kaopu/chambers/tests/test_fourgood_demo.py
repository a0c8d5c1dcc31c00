"""The Four-Good demo: two cycles for the given chambers, a closed one with results two years ago and one
under review with partial scores, made once."""

from __future__ import annotations

from kaopu.accounts.roles import Role
from kaopu.chambers import selectors_fourgood as selectors
from kaopu.chambers.demo_fourgood import load_fourgood_demo
from kaopu.chambers.models import Application, Cycle
from kaopu.chambers.testing import make_chamber
from kaopu.chambers.tests.fourgood_fixtures import TODAY
from kaopu.core.registry import registry
from kaopu.core.testing import make_user


def test_the_demo_makes_a_closed_and_a_reviewing_cycle_once(world, staff, pin_clock, settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    pin_clock(TODAY)
    reviewer = make_user("reviewer", Role.FIC_STAFF, staff.organisation, name="刘晓燕")
    chambers = [make_chamber(world.district) for _n in range(6)]
    load_fourgood_demo(world.district, chambers)
    load_fourgood_demo(world.district, chambers)
    past, current = Cycle.objects.order_by("first_year")
    assert (past.state, current.state) == ("closed", "reviewing") and past.name == "2023—2024年度四好商会评价"
    assert past.application_deadline.year == 2024
    assert Application.objects.filter(cycle=past, result="recognised").count() == 4
    ranking = selectors.ranking(staff, current)
    assert len(ranking.standings) == 2 and len(ranking.pending) == 4
    assert registry.todos["chambers.fourgood_to_score"].count(reviewer) == 4
    assert registry.todos["chambers.fourgood_results"].count(staff) == 2
    assert all(a.evidence.count() == 1 for a in current.applications.all())
