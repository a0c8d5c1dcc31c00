"""The enterprise detail page: who may open it, what each persona sees, and a fixed number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kaopu.core.testing import AUDIT_APPEND_QUERIES
from kaopu.directory.models import EnterprisePerson, Person, PersonTitle


def detail_url(enterprise_or_pk) -> str:  # type: ignore[no-untyped-def]
    return reverse("directory:enterprise_detail", args=[getattr(enterprise_or_pk, "pk", enterprise_or_pk)])


def edit_url(enterprise) -> str:  # type: ignore[no-untyped-def]
    return reverse("directory:enterprise_edit", args=[enterprise.pk])


def add_people(enterprise, count: int) -> list[Person]:  # type: ignore[no-untyped-def]
    people = []
    for n in range(count):
        person = Person.objects.create(district=enterprise.district, name=f"王小{n}", phone=f"1390000{n:04d}")
        PersonTitle.objects.create(person=person, kind="npc", level="district")
        PersonTitle.objects.create(person=person, kind="cppcc", level="township")
        EnterprisePerson.objects.create(enterprise=enterprise, person=person, role="contact", position="经理")
        people.append(person)
    return people


@pytest.mark.parametrize("persona", ["staff", "leader"])
def test_staff_and_leader_open_every_enterprise_of_their_district(world, login, persona):
    client = login(world.users[persona])
    for enterprise in (world.enterprise_a, world.enterprise_b):
        response = client.get(detail_url(enterprise))
        assert response.status_code == 200
        assert enterprise.name in response.text
        assert enterprise.credit_code in response.text


@pytest.mark.parametrize("persona", ["staff", "leader", "ent_user", "other_ent_user", "handler",
                                     "chamber_officer", "bank_officer", "lawyer", "sysadmin", "secadmin",
                                     "auditadmin"])
def test_another_districts_enterprise_is_not_found(world, login, persona):
    response = login(world.users[persona]).get(detail_url(world.far_enterprise))
    assert response.status_code == 404
    assert world.far_enterprise.name not in response.text


def test_far_staff_get_404_for_this_districts_enterprises_and_see_their_own(world, login, far_staff):
    client = login(far_staff)
    assert client.get(detail_url(world.enterprise_a)).status_code == 404
    assert client.get(detail_url(world.far_enterprise)).status_code == 200


def test_enterprise_user_opens_its_own_enterprise_and_gets_404_for_another(world, login, ent_user):
    client = login(ent_user)
    assert client.get(detail_url(world.enterprise_a)).status_code == 200
    response = client.get(detail_url(world.enterprise_b))
    assert response.status_code == 404
    assert world.enterprise_b.name not in response.text


@pytest.mark.parametrize("persona", ["handler", "chamber_officer", "bank_officer", "lawyer",
                                     "sysadmin", "secadmin", "auditadmin"])
def test_roles_without_directory_access_get_404(world, login, persona):
    assert login(world.users[persona]).get(detail_url(world.enterprise_a)).status_code == 404


def test_an_id_that_does_not_exist_is_404_like_a_forbidden_one(login, staff):
    client = login(staff)
    assert client.get(detail_url(99_999_999)).status_code == 404
    assert client.get("/directory/enterprises/99999999999999999999999/").status_code == 404


def test_anonymous_visitors_are_sent_to_the_login_page(world, client):
    response = client.get(detail_url(world.enterprise_a))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_staff_see_the_phone_in_full_and_an_edit_link(world, login, staff):
    add_people(world.enterprise_a, 1)
    text = login(staff).get(detail_url(world.enterprise_a)).text
    assert "13812345678" in text
    assert "13900000000" in text
    assert edit_url(world.enterprise_a) in text


def test_leader_sees_masked_phones_and_no_edit_link(world, login, leader):
    add_people(world.enterprise_a, 1)
    text = login(leader).get(detail_url(world.enterprise_a)).text
    assert "13812345678" not in text
    assert "138****5678" in text
    assert "139****0000" in text
    assert edit_url(world.enterprise_a) not in text


def test_enterprise_user_sees_its_own_phones_whole_and_may_edit_its_contact_details(world, login, ent_user):
    # Its own enterprise's numbers are its own data; masking is for other people's.
    text = login(ent_user).get(detail_url(world.enterprise_a)).text
    assert "13812345678" in text
    assert edit_url(world.enterprise_a) in text


def test_people_and_their_titles_are_listed(world, login, staff):
    add_people(world.enterprise_a, 2)
    text = login(staff).get(detail_url(world.enterprise_a)).text
    assert "王小0" in text
    assert "王小1" in text
    assert "经理" in text


def _queries_for(client, url: str) -> int:  # type: ignore[no-untyped-def]
    client.get(url)  # warm the session and the reference-data cache
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_detail_page_runs_as_many_queries_for_ten_people_as_for_one(world, login, staff,
                                                                         django_assert_num_queries):
    client = login(staff)
    add_people(world.enterprise_a, 1)
    add_people(world.enterprise_b, 10)
    with_one = _queries_for(client, detail_url(world.enterprise_a))
    with django_assert_num_queries(with_one):
        response = client.get(detail_url(world.enterprise_b))
    assert response.text.count("王小") == 10
    assert with_one <= 5 + AUDIT_APPEND_QUERIES, with_one  # staff see phones unmasked: one audit entry
