"""Members: adding an enterprise with its role, changing a role (history kept), recording leaving; the
officer keeps their own chamber's members only; every change audited with the names."""

from __future__ import annotations

from datetime import date

import pytest
from django.http import Http404

from kaopu.audit.models import AuditEntry
from kaopu.chambers import actions
from kaopu.chambers.actions import ChamberError
from kaopu.chambers.models import Membership

DAY = date(2026, 5, 20)


@pytest.fixture(autouse=True)
def _clock(pin_clock):  # type: ignore[no-untyped-def]
    pin_clock(DAY)


def test_an_officer_adds_an_enterprise_to_their_chamber_and_it_is_audited(world, chamber):
    officer = world.users["chamber_officer"]
    membership = actions.add_member(chamber, acting_user=officer, enterprise=world.enterprise_a,
                                    role=Membership.Role.VICE_PRESIDENT, joined_on=date(2026, 5, 1),
                                    representative="王强")
    assert (membership.role, membership.joined_on, membership.left_on) == ("vice", date(2026, 5, 1), None)
    entry = AuditEntry.objects.latest("sequence")
    assert "上海甲科技有限公司" in entry.summary and chamber.name in entry.summary and entry.actor == officer


def test_an_enterprise_already_a_member_is_refused_with_its_name(world, chamber):
    actions.add_member(chamber, acting_user=world.users["staff"], enterprise=world.enterprise_a)
    with pytest.raises(ChamberError) as refused:
        actions.add_member(chamber, acting_user=world.users["staff"], enterprise=world.enterprise_a)
    assert refused.value.field == "enterprise" and "上海甲科技有限公司" in refused.value.message


def test_an_enterprise_may_belong_to_several_chambers(world, chamber, other_chamber):
    actions.add_member(chamber, acting_user=world.users["staff"], enterprise=world.enterprise_a)
    actions.add_member(other_chamber, acting_user=world.users["staff"], enterprise=world.enterprise_a)
    assert Membership.objects.filter(enterprise=world.enterprise_a, left_on__isnull=True).count() == 2


def test_an_enterprise_of_another_district_is_refused(world, chamber):
    with pytest.raises(ChamberError) as refused:
        actions.add_member(chamber, acting_user=world.users["staff"], enterprise=world.far_enterprise)
    assert refused.value.field == "enterprise"


def test_a_join_date_in_the_future_is_refused(world, chamber):
    with pytest.raises(ChamberError) as refused:
        actions.add_member(chamber, acting_user=world.users["staff"], enterprise=world.enterprise_a,
                           joined_on=date(2026, 6, 1))
    assert refused.value.field == "joined_on" and "入会日期" in refused.value.message


def test_an_officer_cannot_touch_another_chambers_members_even_by_id(world, chamber, other_chamber):
    officer = world.users["chamber_officer"]
    with pytest.raises(Http404):
        actions.add_member(other_chamber, acting_user=officer, enterprise=world.enterprise_a)
    theirs = actions.add_member(other_chamber, acting_user=world.users["staff"], enterprise=world.enterprise_b)
    with pytest.raises(Http404):
        actions.record_leaving(theirs.pk, acting_user=officer)
    with pytest.raises(Http404):
        actions.change_role(theirs.pk, acting_user=officer, role="president")


def test_a_leader_reads_but_does_not_add(world, chamber):
    with pytest.raises(ChamberError):
        actions.add_member(chamber, acting_user=world.users["leader"], enterprise=world.enterprise_a)


def test_a_role_change_ends_the_period_and_opens_a_new_one(world, chamber):
    officer = world.users["chamber_officer"]
    first = actions.add_member(chamber, acting_user=officer, enterprise=world.enterprise_a, joined_on=date(2025, 1, 1))
    second = actions.change_role(first, acting_user=officer, role=Membership.Role.PRESIDENT, on=date(2026, 3, 1))
    first.refresh_from_db()
    assert first.left_on == date(2026, 3, 1) and (second.role, second.joined_on, second.left_on) == (
        "president", date(2026, 3, 1), None)
    assert "会员 → 会长" in AuditEntry.objects.latest("sequence").summary


def test_a_role_change_before_the_period_began_is_refused(world, chamber):
    first = actions.add_member(chamber, acting_user=world.users["staff"], enterprise=world.enterprise_a,
                               joined_on=date(2026, 1, 10))
    with pytest.raises(ChamberError) as refused:
        actions.change_role(first, acting_user=world.users["staff"], role="director", on=date(2026, 1, 1))
    assert refused.value.field == "on" and "2026-01-10" in refused.value.message


def test_the_same_role_is_refused(world, chamber):
    first = actions.add_member(chamber, acting_user=world.users["staff"], enterprise=world.enterprise_a)
    with pytest.raises(ChamberError) as refused:
        actions.change_role(first, acting_user=world.users["staff"], role="member")
    assert refused.value.field == "role"


def test_leaving_closes_the_period_and_a_later_change_is_refused(world, chamber):
    first = actions.add_member(chamber, acting_user=world.users["staff"], enterprise=world.enterprise_a,
                               joined_on=date(2026, 1, 10))
    actions.record_leaving(first, acting_user=world.users["staff"], on=date(2026, 5, 1))
    first.refresh_from_db()
    assert first.left_on == date(2026, 5, 1)
    assert "退会" in AuditEntry.objects.latest("sequence").summary
    with pytest.raises(ChamberError) as refused:
        actions.change_role(first, acting_user=world.users["staff"], role="president")
    assert refused.value.field == "membership" and "2026-05-01" in refused.value.message
    again = actions.add_member(chamber, acting_user=world.users["staff"], enterprise=world.enterprise_a)
    assert again.left_on is None  # rejoining opens a new period


def test_a_dissolved_chamber_takes_no_new_members(world, chamber):
    actions.change_status(chamber, acting_user=world.users["staff"], status="dissolved", on=date(2026, 4, 1))
    with pytest.raises(ChamberError) as refused:
        actions.add_member(chamber, acting_user=world.users["staff"], enterprise=world.enterprise_a)
    assert refused.value.field == "chamber"
