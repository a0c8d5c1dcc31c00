"""The shared staff list: every filter narrows, nothing leaks past access.scope."""

from __future__ import annotations

from datetime import date, timedelta

from kaopu.appeals import actions
from kaopu.appeals.models import Appeal, Category
from kaopu.appeals.selectors import AppealFilters, appeal_list, state_counts, triage_list


def pks(user, **filters) -> list[int]:  # type: ignore[no-untyped-def]
    return list(appeal_list(user, AppealFilters(**filters)).values_list("pk", flat=True))


def submit_for(world, enterprise, **fields) -> Appeal:  # type: ignore[no-untyped-def]
    values = {"kind": Appeal.Kind.HELP, "category": Category.objects.get(name="融资"),
              "title": "贷款续贷困难", "content": "内容"}
    values.update(fields)
    return actions.submit_appeal(enterprise=enterprise, acting_user=world.users["staff"], **values)


def test_the_list_is_newest_first_and_scoped_to_the_user(world, staff, far_staff, submit) -> None:  # type: ignore[no-untyped-def]
    first, second = submit(), submit()
    far = actions.submit_appeal(enterprise=world.far_enterprise, acting_user=far_staff, kind=Appeal.Kind.HELP,
                                category=Category.objects.get(name="融资"), title="静安", content="内容")
    assert pks(staff) == [second.pk, first.pk]
    assert pks(far_staff) == [far.pk]


def test_state_category_source_and_title_filters_narrow_the_list(world, staff, submit) -> None:  # type: ignore[no-untyped-def]
    loan = submit()
    legal = submit(category=Category.objects.get(name="法律"), title="合同纠纷咨询")
    hotline = submit_for(world, world.enterprise_b, source=Appeal.Source.HOTLINE, title="用工问题")
    actions.accept(loan.pk, acting_user=staff)
    assert pks(staff, state="accepted") == [loan.pk]
    assert pks(staff, category=legal.category_id) == [legal.pk]
    assert pks(staff, source="hotline") == [hotline.pk]
    assert pks(staff, q="合同") == [legal.pk]
    assert pks(staff, q="  ") == [hotline.pk, legal.pk, loan.pk]


def test_department_subdistrict_and_industry_filters_narrow_the_list(world, staff, submit, in_progress) -> None:  # type: ignore[no-untyped-def]
    of_b = submit_for(world, world.enterprise_b)
    assert pks(staff, department=world.department.pk) == [in_progress.pk]
    assert in_progress.pk in pks(staff, subdistrict=world.subdistrict.pk)
    assert of_b.pk not in pks(staff, subdistrict=world.subdistrict.pk)
    assert pks(staff, industry="62") == [of_b.pk]


def test_overdue_means_open_and_past_its_due_date(world, staff, submit) -> None:  # type: ignore[no-untyped-def]
    late, on_time, finished = submit(), submit(), submit()
    Appeal.objects.filter(pk=late.pk).update(due_on=date(2026, 9, 1))
    Appeal.objects.filter(pk=finished.pk).update(due_on=date(2026, 9, 1), state="closed")
    assert pks(staff, overdue=True) == [late.pk]
    assert set(pks(staff, overdue=False)) == {on_time.pk, finished.pk}


def test_the_created_range_includes_both_ends(world, staff, submit) -> None:  # type: ignore[no-untyped-def]
    appeal = submit()
    created = appeal.created_at.astimezone().date()
    assert pks(staff, created_from=created, created_to=created) == [appeal.pk]
    assert pks(staff, created_from=created + timedelta(days=1)) == []
    assert pks(staff, created_to=created - timedelta(days=1)) == []


def test_triage_lists_submitted_appeals_nearest_deadline_first(world, staff, submit) -> None:  # type: ignore[no-untyped-def]
    later, sooner, accepted = submit(), submit(), submit()
    Appeal.objects.filter(pk=later.pk).update(due_on=date(2026, 10, 20))
    Appeal.objects.filter(pk=sooner.pk).update(due_on=date(2026, 10, 9))
    actions.accept(accepted.pk, acting_user=staff)
    assert [a.pk for a in triage_list(staff)] == [sooner.pk, later.pk]


def test_state_counts_cover_every_state_of_what_the_user_sees(world, staff, leader, submit) -> None:  # type: ignore[no-untyped-def]
    submit()
    hidden = submit(is_confidential=True)
    actions.accept(hidden.pk, acting_user=staff)
    assert state_counts(staff)["submitted"] == 1
    assert state_counts(staff)["accepted"] == 1
    assert state_counts(leader)["accepted"] == 0
    assert state_counts(leader)["closed"] == 0
