"""GET /api/v1/enterprises/{id}: one enterprise with its people, or 404 for anyone who may not see it."""

from __future__ import annotations

import pytest

from kaopu.core.api_testing import API, bearer_client
from kaopu.core.testing import AUDIT_APPEND_QUERIES, ENTERPRISES_VISIBLE_TO
from kaopu.directory.models import EnterprisePerson, Person, PersonTitle

ALL = ("enterprise_a", "enterprise_b", "far_enterprise")
VISIBLE = ENTERPRISES_VISIBLE_TO
CASES = [(persona, name) for persona in sorted(VISIBLE) for name in ALL]


@pytest.mark.parametrize(("persona", "name"), CASES)
def test_detail_is_shown_exactly_to_those_who_may_see_it(persona, name, world, request):  # type: ignore[no-untyped-def]
    user = request.getfixturevalue(persona)
    enterprise = getattr(world, name)
    response = bearer_client(user).get(f"{API}/enterprises/{enterprise.pk}")
    if name in VISIBLE[persona]:
        assert response.status_code == 200
        assert response.json()["name"] == enterprise.name
    else:
        assert response.status_code == 404
        assert response.json() == {"detail": response.json()["detail"], "errors": []}


def test_a_hidden_enterprise_and_a_missing_one_answer_alike(world, ent_user):  # type: ignore[no-untyped-def]
    api = bearer_client(ent_user)
    hidden = api.get(f"{API}/enterprises/{world.enterprise_b.pk}")
    missing = api.get(f"{API}/enterprises/987654321")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()


def _with_person(world):  # type: ignore[no-untyped-def]
    person = Person.objects.create(district=world.district, name="张三", gender="M", phone="13900001111")
    PersonTitle.objects.create(person=person, kind=PersonTitle.Kind.NPC_DEPUTY, level=PersonTitle.Level.DISTRICT)
    EnterprisePerson.objects.create(enterprise=world.enterprise_a, person=person,
                                    role=EnterprisePerson.Role.LEGAL_REPRESENTATIVE, position="董事长")
    return person


def test_detail_lists_people_with_titles_and_full_phones_for_staff(world, staff):  # type: ignore[no-untyped-def]
    person = _with_person(world)
    body = bearer_client(staff).get(f"{API}/enterprises/{world.enterprise_a.pk}").json()
    assert body["people"] == [{
        "person_id": person.pk, "name": "张三", "gender": "M", "phone": "13900001111", "role": "legal_rep",
        "position": "董事长", "titles": [{"kind": "npc", "level": "district", "label": body["people"][0]
                                           ["titles"][0]["label"]}],
    }]
    assert body["phone"] == "13812345678"


def test_enterprise_user_sees_people_phones_masked(world, ent_user):  # type: ignore[no-untyped-def]
    _with_person(world)
    body = bearer_client(ent_user).get(f"{API}/enterprises/{world.enterprise_a.pk}").json()
    assert body["people"][0]["phone"] == "139****1111"
    assert body["phone"] == "138****5678"


@pytest.mark.parametrize("bad_id", ["0", "-1", str(2**63), str(10**40), "abc", "1.5"])
def test_ids_that_are_not_enterprise_ids_are_422(world, staff, bad_id):  # type: ignore[no-untyped-def]
    response = bearer_client(staff).get(f"{API}/enterprises/{bad_id}")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "enterprise_id"


def test_detail_takes_a_fixed_number_of_queries(world, staff, django_assert_num_queries):  # type: ignore[no-untyped-def]
    for _ in range(3):
        _with_person(world)
    api = bearer_client(staff)
    api.get(f"{API}/enterprises/{world.enterprise_a.pk}")
    # Token, enterprise (joined), links with people, the people's titles; the entry recording that staff
    # read the phones unmasked.
    with django_assert_num_queries(4 + AUDIT_APPEND_QUERIES):
        assert len(api.get(f"{API}/enterprises/{world.enterprise_a.pk}").json()["people"]) == 3
