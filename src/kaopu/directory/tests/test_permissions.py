"""The directory's access rules, role by role, through the one helper every page uses (core.access)."""

from __future__ import annotations

import pytest
from django.http import Http404

from kaopu.core import access
from kaopu.core.testing import ENTERPRISES_VISIBLE_TO
from kaopu.directory import permissions
from kaopu.directory.models import Enterprise, EnterprisePerson, Person

# persona -> which of the world's enterprises it may see ("a", "b": this district; "far": another one)
_LETTER = {"enterprise_a": "a", "enterprise_b": "b", "far_enterprise": "far"}
SEES = {persona: {_LETTER[name] for name in names} for persona, names in ENTERPRISES_VISIBLE_TO.items()}
CHANGES = {**{name: set() for name in SEES}, "staff": {"a", "b"}, "far_staff": {"far"},
           "ent_user": {"a"}, "other_ent_user": {"b"}}


def enterprises_by_letter(world):  # type: ignore[no-untyped-def]
    return {"a": world.enterprise_a, "b": world.enterprise_b, "far": world.far_enterprise}


def letters(world, queryset) -> set[str]:  # type: ignore[no-untyped-def]
    by_pk = {e.pk: letter for letter, e in enterprises_by_letter(world).items()}
    return {by_pk[pk] for pk in queryset.values_list("pk", flat=True)}


@pytest.mark.parametrize("persona", SEES)
def test_each_role_sees_exactly_its_enterprises(world, persona):
    user = world.users[persona]
    assert letters(world, access.scope(user, Enterprise)) == SEES[persona]


@pytest.mark.parametrize("persona", CHANGES)
def test_each_role_changes_exactly_its_enterprises(world, persona):
    user = world.users[persona]
    assert letters(world, access.scope(user, Enterprise, "change")) == CHANGES[persona]


@pytest.mark.parametrize("persona", SEES)
def test_get_object_answers_404_for_every_enterprise_a_role_may_not_see(world, persona):
    user = world.users[persona]
    for letter, enterprise in enterprises_by_letter(world).items():
        if letter in SEES[persona]:
            assert access.get_object_for_user(user, Enterprise, enterprise.pk) == enterprise
        else:
            with pytest.raises(Http404):
                access.get_object_for_user(user, Enterprise, enterprise.pk)


@pytest.mark.parametrize("bad_id", [0, -1, 10**9, 2**70, "abc", None])
def test_get_object_answers_404_for_ids_that_do_not_exist(staff, bad_id):
    with pytest.raises(Http404):
        access.get_object_for_user(staff, Enterprise, bad_id)


def test_an_inactive_user_sees_nothing(staff):
    staff.is_active = False
    assert not access.scope(staff, Enterprise).exists()


def test_anonymous_sees_nothing(db):
    from django.contrib.auth.models import AnonymousUser

    assert not access.scope(AnonymousUser(), Enterprise).exists()


def test_enterprise_user_sees_only_the_people_of_its_own_enterprise(world, ent_user, staff, far_staff):
    own = Person.objects.create(district=world.district, name="张三")
    other = Person.objects.create(district=world.district, name="李四")
    EnterprisePerson.objects.create(enterprise=world.enterprise_a, person=own, role="legal_rep")
    EnterprisePerson.objects.create(enterprise=world.enterprise_b, person=other, role="legal_rep")
    assert set(access.scope(ent_user, Person)) == {own}
    assert set(access.scope(staff, Person)) == {own, other}
    assert not access.scope(far_staff, Person).exists()


def test_a_person_linked_twice_to_an_enterprise_is_listed_once(world, ent_user):
    person = Person.objects.create(district=world.district, name="王五")
    EnterprisePerson.objects.create(enterprise=world.enterprise_a, person=person, role="legal_rep")
    EnterprisePerson.objects.create(enterprise=world.enterprise_a, person=person, role="controller")
    assert list(access.scope(ent_user, Person)) == [person]


@pytest.mark.parametrize(("persona", "create", "export", "browse", "personal"), [
    ("staff", True, True, True, True),
    ("leader", False, True, True, False),
    ("ent_user", False, False, False, False),
    ("handler", False, False, False, False),
    ("sysadmin", False, False, False, False),
    ("auditadmin", False, False, False, False),
])
def test_named_predicates_by_role(world, persona, create, export, browse, personal):
    user = world.users[persona]
    assert permissions.can_create_enterprise(user) is create
    assert permissions.can_import(user) is create
    assert permissions.can_export(user) is export
    assert permissions.can_browse_directory(user) is browse
    assert permissions.sees_personal_data(user) is personal


@pytest.mark.parametrize(("phone", "masked"), [
    ("13812345678", "138****5678"),
    ("021-62541234", "021*****1234"),
    ("1234", "****"),
    ("62541234", "62**1234"),
])
def test_phone_numbers_are_masked_keeping_head_and_tail(phone, masked):
    assert permissions.mask_phone(phone) == masked


def test_only_staff_see_phone_numbers_in_full(staff, leader, ent_user):
    assert permissions.phone_for(staff, "13812345678") == "13812345678"
    assert permissions.phone_for(leader, "13812345678") == "138****5678"
    assert permissions.phone_for(ent_user, "13812345678") == "138****5678"
    assert permissions.phone_for(leader, "") == ""
