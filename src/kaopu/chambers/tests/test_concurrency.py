"""Two people acting on the same chamber at once, with real threads on PostgreSQL: the same enterprise added
twice makes one open membership and the other gets a message; a role change racing a leave leaves one
consistent history (never two open periods, never an error page)."""

from __future__ import annotations

from datetime import date

import pytest

from kaopu.chambers import actions
from kaopu.chambers.actions import ChamberError
from kaopu.chambers.models import Membership
from kaopu.chambers.testing import the_officers_chamber
from kaopu.core.testing import at_once, build_world

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def test_two_people_adding_the_same_enterprise_at_once_make_one_membership() -> None:
    world = build_world()
    chamber = the_officers_chamber(world)
    staff, officer = world.users["staff"], world.users["chamber_officer"]
    outcomes = at_once([
        lambda: actions.add_member(chamber.pk, acting_user=staff, enterprise=world.enterprise_a, role="director"),
        lambda: actions.add_member(chamber.pk, acting_user=officer, enterprise=world.enterprise_a, role="member"),
    ])
    refused = [o for o in outcomes if isinstance(o, ChamberError)]
    added = [o for o in outcomes if isinstance(o, Membership)]
    assert len(refused) == 1 and len(added) == 1, outcomes
    assert refused[0].field == "enterprise" and "上海甲科技有限公司" in refused[0].message
    assert Membership.objects.filter(chamber=chamber, enterprise=world.enterprise_a).count() == 1


def test_a_role_change_racing_a_leave_leaves_one_consistent_history() -> None:
    world = build_world()
    chamber = the_officers_chamber(world)
    staff, officer = world.users["staff"], world.users["chamber_officer"]
    first = actions.add_member(chamber, acting_user=staff, enterprise=world.enterprise_a, joined_on=date(2024, 1, 1))
    outcomes = at_once([
        lambda: actions.change_role(first.pk, acting_user=staff, role="president"),
        lambda: actions.record_leaving(first.pk, acting_user=officer),
    ])
    assert sum(isinstance(o, ChamberError) for o in outcomes) == 1, outcomes
    assert sum(isinstance(o, Membership) for o in outcomes) == 1, outcomes
    periods = Membership.objects.filter(chamber=chamber, enterprise=world.enterprise_a)
    assert periods.filter(left_on__isnull=True).count() <= 1
    if isinstance(outcomes[0], Membership):  # the change came first: the leave found the period closed
        assert periods.count() == 2 and periods.get(left_on__isnull=True).role == "president"
    else:
        assert periods.count() == 1 and periods.get().left_on is not None
