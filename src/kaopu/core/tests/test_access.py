"""core.access: rules OR together, a model with no rule shows nothing, 404 for what a user may not see."""

from __future__ import annotations

import pytest
from django.db.models import Q
from django.http import Http404

from kaopu.core import access
from kaopu.directory.models import Department, Enterprise, Subdistrict


@pytest.fixture
def isolated_rules(monkeypatch):  # type: ignore[no-untyped-def]
    """The registry emptied for one test, so rules added here do not leak into others."""
    from collections import defaultdict

    monkeypatch.setattr(access, "_rules", defaultdict(list))
    return access._rules


def test_a_model_without_any_rule_shows_nothing(world, staff):
    assert access.rules_for(Subdistrict, "view") == []
    assert not access.scope(staff, Subdistrict).exists()
    with pytest.raises(Http404):
        access.get_object_for_user(staff, Subdistrict, world.subdistrict.pk)


def test_rules_are_ored(world, staff, isolated_rules):
    access.grant(Enterprise)(lambda user: Q(pk=world.enterprise_a.pk))
    access.grant(Enterprise)(lambda user: Q(pk=world.enterprise_b.pk))
    access.grant(Enterprise)(lambda user: None)
    assert set(access.scope(staff, Enterprise)) == {world.enterprise_a, world.enterprise_b}


def test_everything_lets_every_row_through(world, staff, isolated_rules):
    access.grant(Enterprise)(lambda user: Q(pk=world.enterprise_a.pk))
    access.grant(Enterprise)(lambda user: access.EVERYTHING)
    assert access.scope(staff, Enterprise).count() == Enterprise.objects.count()


def test_view_and_change_rules_are_separate(world, staff, isolated_rules):
    access.grant(Enterprise, "view")(lambda user: access.EVERYTHING)
    assert access.scope(staff, Enterprise, "view").exists()
    assert not access.scope(staff, Enterprise, "change").exists()


def test_scope_keeps_the_callers_filters_and_related_loading(world, staff):
    queryset = Enterprise.objects.select_related("subdistrict").filter(name__contains="甲")
    assert list(access.scope(staff, queryset)) == [world.enterprise_a]


def test_can_answers_for_one_object(world, staff, leader, ent_user):
    assert access.can(staff, world.enterprise_a, "change")
    assert not access.can(leader, world.enterprise_a, "change")
    assert access.can(leader, world.enterprise_a, "view")
    assert not access.can(ent_user, world.enterprise_b, "view")
    assert not access.can(staff, world.far_enterprise, "view")


def test_get_object_for_user_with_a_queryset_keeps_its_filters(world, staff):
    with pytest.raises(Http404):
        access.get_object_for_user(staff, Enterprise.objects.filter(status="deregistered"), world.enterprise_a.pk)


def test_departments_have_no_rule_yet_so_nobody_lists_them(world, staff):
    assert not access.scope(staff, Department).exists()
