"""A chamber officer sees the enterprises that are or were members of their chamber — their name and
registration facts, not their people — and no other enterprise: 404 on the directory's pages and API
for every other one, and the directory list stays closed to them."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from kaopu.chambers import actions
from kaopu.core import access
from kaopu.directory.models import Enterprise, EnterprisePerson, Person


@pytest.fixture
def member_a(world, chamber, pin_clock):  # type: ignore[no-untyped-def]
    pin_clock(date(2026, 5, 20))
    return actions.add_member(chamber, acting_user=world.users["staff"], enterprise=world.enterprise_a,
                              joined_on=date(2025, 1, 1))


def test_an_officer_sees_their_members_and_past_members_only(world, chamber, other_chamber, member_a):
    officer = world.users["chamber_officer"]
    actions.add_member(other_chamber, acting_user=world.users["staff"], enterprise=world.enterprise_b)
    assert list(access.scope(officer, Enterprise)) == [world.enterprise_a]
    actions.record_leaving(member_a, acting_user=officer, on=date(2026, 5, 1))
    assert list(access.scope(officer, Enterprise)) == [world.enterprise_a]  # a past member stays readable
    assert not access.scope(officer, Enterprise, "change").exists()


def test_the_directory_pages_show_a_member_without_its_people_and_404_on_others(world, login, member_a):
    person = Person.objects.create(district=world.district, name="王强", phone="13900001111")
    EnterprisePerson.objects.create(enterprise=world.enterprise_a, person=person, role="legal_rep")
    client = login(world.users["chamber_officer"])
    page = client.get(reverse("directory:enterprise_detail", args=[world.enterprise_a.pk])).content.decode()
    assert "上海甲科技有限公司" in page and world.enterprise_a.credit_code in page
    assert "王强" not in page and "13900001111" not in page and "13812345678" not in page
    assert reverse("directory:enterprise_edit", args=[world.enterprise_a.pk]) not in page
    for other in (world.enterprise_b, world.far_enterprise):
        assert client.get(reverse("directory:enterprise_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("directory:enterprise_list")).status_code == 404
    assert client.get(reverse("directory:enterprise_edit", args=[world.enterprise_a.pk])).status_code == 404


def test_staff_still_see_the_people_of_an_enterprise(world, login, member_a):
    person = Person.objects.create(district=world.district, name="王强", phone="13900001111")
    EnterprisePerson.objects.create(enterprise=world.enterprise_a, person=person, role="legal_rep")
    page = login(world.users["staff"]).get(reverse("directory:enterprise_detail", args=[world.enterprise_a.pk]))
    assert "王强" in page.content.decode()
