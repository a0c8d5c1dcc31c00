"""Staff enter members, change their category, end and renew membership; the directory flag follows."""

from __future__ import annotations

from datetime import date

import pytest
from django.http import Http404

from kaopu.audit.models import AuditEntry
from kaopu.directory.models import Enterprise
from kaopu.membership import actions
from kaopu.membership.actions import MembershipError
from kaopu.membership.models import MemberEvent
from kaopu.membership.testing import make_member, make_person


def flag(enterprise):  # type: ignore[no-untyped-def]
    row = Enterprise.objects.get(pk=enterprise.pk)
    return row.is_member, row.member_since


def test_entering_a_member_enterprise_sets_the_directory_flag_and_is_audited(staff, world, categories):
    member = make_member(staff, world.enterprise_a, categories["理事"], "2024-03-01")
    assert flag(world.enterprise_a) == (True, date(2024, 3, 1))
    assert member.events.get().kind == MemberEvent.Kind.JOINED
    entry = AuditEntry.objects.filter(object_type="membership.member").latest("sequence")
    assert "上海甲科技有限公司" in entry.summary and "理事" in entry.summary


def test_leaving_clears_the_flag_and_rejoining_reuses_the_row_with_its_history(staff, world, categories):
    member = make_member(staff, world.enterprise_a, categories["会员"], "2020-01-01")
    actions.end_membership(member, acting_user=staff, left_on="2024-12-31", note="主动退会")
    assert flag(world.enterprise_a) == (False, None)
    again = make_member(staff, world.enterprise_a, categories["会员"], "2026-02-01")
    assert again.pk == member.pk and again.left_on is None
    assert flag(world.enterprise_a) == (True, date(2026, 2, 1))
    assert list(again.events.order_by("id").values_list("kind", flat=True)) == ["joined", "left", "rejoined"]


def test_an_enterprise_cannot_be_entered_twice(staff, world, categories, member):
    with pytest.raises(MembershipError) as refused:
        make_member(staff, world.enterprise_a, categories["会员"])
    assert refused.value.field == "enterprise" and "会员" in refused.value.message


def test_a_future_joining_date_and_an_enterprise_of_another_district_are_refused(staff, world, categories):
    with pytest.raises(MembershipError) as future:
        make_member(staff, world.enterprise_a, categories["会员"], "2026-10-01")
    assert future.value.field == "joined_on"
    with pytest.raises(MembershipError) as far:
        make_member(staff, world.far_enterprise, categories["会员"])
    assert far.value.field == "enterprise"
    assert flag(world.far_enterprise) == (False, None)


def test_an_individual_member_needs_a_name(staff, categories):
    with pytest.raises(MembershipError) as refused:
        make_person(staff, categories["会员"], name="  ")
    assert refused.value.field == "person_name"
    person = make_person(staff, categories["会员"], "李红", work_unit="上海红星律师事务所", phone="13912345678")
    assert person.kind == "individual" and person.name == "李红"


def test_a_category_change_is_kept_in_the_history(staff, member, categories):
    actions.change_category(member, acting_user=staff, category=categories["常务理事"], on="2026-06-01")
    event = member.events.filter(kind=MemberEvent.Kind.CATEGORY).get()
    assert event.note == "理事 → 常务理事" and event.category.name == "常务理事"
    with pytest.raises(MembershipError):
        actions.change_category(member, acting_user=staff, category=categories["常务理事"], on="2026-06-02")


def test_leaving_before_joining_is_refused_and_leaves_the_flag(staff, world, member):
    with pytest.raises(MembershipError) as refused:
        actions.end_membership(member, acting_user=staff, left_on="2023-01-01")
    assert refused.value.field == "left_on"
    assert flag(world.enterprise_a) == (True, date(2024, 3, 1))


def test_only_staff_of_the_members_district_change_it(member, far_staff, leader, ent_user):
    with pytest.raises(Http404):
        actions.end_membership(member, acting_user=far_staff, left_on="2026-01-01")
    for user in (leader, ent_user):
        with pytest.raises(MembershipError):
            actions.end_membership(member, acting_user=user, left_on="2026-01-01")


def test_category_names_are_unique_in_a_district(staff, categories):
    with pytest.raises(MembershipError) as refused:
        actions.save_category(acting_user=staff, name="理事", order=5)
    assert refused.value.field == "name"
