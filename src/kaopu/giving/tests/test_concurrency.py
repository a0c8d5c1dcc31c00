"""Two people acting on the same donation at once, with real threads on PostgreSQL: two staff deciding make
one decision (the other is told it was already decided); a reporter's edit racing a confirmation either
lands first (and is what is confirmed) or is refused (404: no longer theirs to change)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.http import Http404

from kaopu.accounts.roles import Role
from kaopu.audit.models import AuditEntry
from kaopu.core.testing import at_once, build_world, make_user
from kaopu.giving import actions
from kaopu.giving.models import Donation
from kaopu.giving.testing import categories, make_donation

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def test_two_staff_confirming_and_returning_at_once_make_one_decision() -> None:
    world = build_world()
    staff = world.users["staff"]
    colleague = make_user("staff2", Role.FIC_STAFF, staff.organisation)
    donation = make_donation(world.users["ent_user"], money="5000")
    outcomes = at_once([
        lambda: actions.confirm_donation(donation.pk, acting_user=staff),
        lambda: actions.return_donation(donation.pk, acting_user=colleague, reason="收据不清晰"),
    ])
    decided = [o for o in outcomes if isinstance(o, Donation)]
    refused = [o for o in outcomes if isinstance(o, actions.GivingError)]
    assert len(decided) == 1 and len(refused) == 1, outcomes
    assert refused[0].field == "state"
    assert Donation.objects.get().state == decided[0].state
    assert AuditEntry.objects.filter(object_type="giving.donation", action="update").count() == 1


def test_an_edit_racing_a_confirmation_is_confirmed_as_edited_or_refused() -> None:
    world = build_world()
    staff, reporter = world.users["staff"], world.users["ent_user"]
    donation = make_donation(reporter, money="5000")
    outcomes = at_once([
        lambda: actions.update_donation(donation.pk, acting_user=reporter, category=categories()["公益"],
                                        donated_on="2026-05-20", money="6000", recipient="普陀区慈善基金会"),
        lambda: actions.confirm_donation(donation.pk, acting_user=staff),
    ])
    assert isinstance(outcomes[1], Donation), outcomes
    final = Donation.objects.get()
    assert final.state == Donation.State.CONFIRMED
    if isinstance(outcomes[0], Donation):  # the edit came first: what staff confirmed is the edited one
        assert final.money == Decimal("6000.00")
    else:
        assert isinstance(outcomes[0], Http404) and final.money == Decimal("5000.00")
