"""Two FIC staff moving the same lead at once, with real threads on PostgreSQL: one move, one StageChange,
and the other gets a message (never an error page, never a second row)."""

from __future__ import annotations

from typing import Any

import pytest

from kaopu.accounts.roles import Role
from kaopu.core.testing import at_once, build_world, make_user
from kaopu.core.workdays import local_today
from kaopu.investment import actions
from kaopu.investment.actions import InvestmentError
from kaopu.investment.models import FollowUp, Lead, StageChange
from kaopu.investment.testing import make_lead

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]
S = Lead.Stage


def _two_staff() -> tuple[Any, Any]:
    world = build_world()
    staff = world.users["staff"]
    return staff, make_user("staff_b", Role.FIC_STAFF, staff.organisation)


def test_two_staff_signing_at_once_make_one_move() -> None:
    a, b = _two_staff()
    lead = make_lead(a)
    today = local_today()
    outcomes = at_once(
        [
            lambda: actions.move_lead(lead.pk, acting_user=a, move="sign", amount="100", on=today),
            lambda: actions.move_lead(lead.pk, acting_user=b, move="sign", amount="200", on=today),
        ]
    )
    refused = [o for o in outcomes if isinstance(o, InvestmentError)]
    moved = [o for o in outcomes if isinstance(o, Lead)]
    assert len(refused) == 1 and len(moved) == 1, outcomes
    assert refused[0].field == "stage"
    assert StageChange.objects.filter(lead=lead, to_stage=S.SIGNED).count() == 1
    lead.refresh_from_db()
    assert lead.signed_amount == moved[0].signed_amount


def test_land_and_terminate_at_once_leave_one_consistent_outcome() -> None:
    a, b = _two_staff()
    today = local_today()
    lead = actions.move_lead(make_lead(a), acting_user=a, move="sign", amount="100", on=today)
    outcomes = at_once(
        [
            lambda: actions.move_lead(lead.pk, acting_user=a, move="land", amount="90", on=today),
            lambda: actions.move_lead(lead.pk, acting_user=b, move="terminate", reason="other", note="暂停"),
        ]
    )
    assert sum(isinstance(o, Lead) for o in outcomes) == 1
    assert sum(isinstance(o, InvestmentError) for o in outcomes) == 1
    lead.refresh_from_db()
    last = StageChange.objects.filter(lead=lead).order_by("-id").first()
    assert lead.stage in (S.LANDED, S.TERMINATED) and last.to_stage == lead.stage
    assert StageChange.objects.filter(lead=lead).count() == 3


def test_follow_ups_at_once_both_recorded_and_the_last_next_step_wins() -> None:
    a, b = _two_staff()
    lead = make_lead(a)
    today = local_today()
    outcomes = at_once(
        [
            lambda i=i, u=u: actions.record_follow_up(
                lead.pk,
                acting_user=u,
                happened_on=today,
                method="phone",
                note=f"第{i}次",
                next_step=f"步骤{i}",
                next_step_on=today,
            )
            for i, u in enumerate([a, b, a, b])
        ]
    )
    assert all(isinstance(o, FollowUp) for o in outcomes), outcomes
    lead.refresh_from_db()
    last = FollowUp.objects.filter(lead=lead).order_by("-id").first()
    assert lead.next_step == last.next_step
