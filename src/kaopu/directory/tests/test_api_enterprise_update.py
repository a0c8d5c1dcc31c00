"""PATCH /api/v1/enterprises/{id}: staff change any field of their district's enterprises, an
enterprise user only its own contact details (the forms of the edit page decide), others get 404."""

from __future__ import annotations

import pytest

from kaopu.audit.models import Action, AuditEntry
from kaopu.core.api_testing import API, bearer_client

# Who may change enterprise A at all; everyone else gets 404, like for an id that does not exist.
MAY_CHANGE_A = {"staff", "ent_user"}
PERSONAS = ["staff", "far_staff", "leader", "handler", "ent_user", "other_ent_user", "bank_officer", "lawyer",
            "chamber_officer", "sysadmin", "secadmin", "auditadmin"]


def _patch(user, enterprise, payload):  # type: ignore[no-untyped-def]
    return bearer_client(user).patch(f"{API}/enterprises/{enterprise.pk}", payload,
                                     content_type="application/json")


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_staff_of_the_district_and_the_enterprise_itself_may_change_it(persona, world, request):  # type: ignore[no-untyped-def]
    response = _patch(request.getfixturevalue(persona), world.enterprise_a, {"employees": 42})
    world.enterprise_a.refresh_from_db()
    if persona in MAY_CHANGE_A:
        assert response.status_code == 200, response.content
        assert response.json()["employees"] == world.enterprise_a.employees == 42
    else:
        assert response.status_code == 404
        assert world.enterprise_a.employees is None


def test_staff_change_several_fields_and_the_audit_entry_has_old_and_new(world, staff):  # type: ignore[no-untyped-def]
    response = _patch(staff, world.enterprise_a, {"name": "上海甲甲科技有限公司", "is_high_tech": True,
                                                  "size": "small"})
    assert response.status_code == 200
    world.enterprise_a.refresh_from_db()
    assert (world.enterprise_a.name, world.enterprise_a.is_high_tech, world.enterprise_a.size) == (
        "上海甲甲科技有限公司", True, "small")
    entry = AuditEntry.objects.get(action=Action.UPDATE, object_id=str(world.enterprise_a.pk))
    assert entry.data["name"] == {"old": "上海甲科技有限公司", "new": "上海甲甲科技有限公司"}
    assert set(entry.data) == {"name", "is_high_tech", "size"}


def test_absent_fields_stay_as_they_are(world, staff):  # type: ignore[no-untyped-def]
    _patch(staff, world.enterprise_a, {"address": "上海市普陀区长寿路1号"})
    world.enterprise_a.refresh_from_db()
    assert world.enterprise_a.phone == "13812345678" and world.enterprise_a.industry_id == "65"


def test_sending_the_same_values_writes_nothing(world, staff):  # type: ignore[no-untyped-def]
    response = _patch(staff, world.enterprise_a, {"phone": "13812345678"})
    assert response.status_code == 200
    assert not AuditEntry.objects.filter(action=Action.UPDATE).exists()


def test_enterprise_user_changes_its_contact_details(world, ent_user):  # type: ignore[no-untyped-def]
    response = _patch(ent_user, world.enterprise_a, {"address": "上海市普陀区新地址", "phone": "021-12345678"})
    assert response.status_code == 200
    world.enterprise_a.refresh_from_db()
    assert (world.enterprise_a.address, world.enterprise_a.phone) == ("上海市普陀区新地址", "021-12345678")
    assert AuditEntry.objects.get(action=Action.UPDATE).actor == ent_user


@pytest.mark.parametrize("field_value", [("name", "上海改名有限公司"), ("is_member", True), ("credit_code", "x"),
                                         ("status", "deregistered")])
def test_enterprise_user_may_not_change_other_fields(world, ent_user, field_value):  # type: ignore[no-untyped-def]
    field, value = field_value
    response = _patch(ent_user, world.enterprise_a, {field: value, "employees": 3})
    assert response.status_code == 403
    assert response.json()["errors"] == [{"field": field, "message": response.json()["errors"][0]["message"]}]
    world.enterprise_a.refresh_from_db()
    assert world.enterprise_a.employees is None and world.enterprise_a.name == "上海甲科技有限公司"


def test_enterprise_user_guessing_another_enterprise_id_gets_404(world, ent_user, other_ent_user):  # type: ignore[no-untyped-def]
    assert _patch(ent_user, world.enterprise_b, {"employees": 1}).status_code == 404
    assert _patch(other_ent_user, world.enterprise_a, {"employees": 1}).status_code == 404


def test_staff_of_another_district_get_404(world, far_staff, staff):  # type: ignore[no-untyped-def]
    assert _patch(far_staff, world.enterprise_a, {"employees": 1}).status_code == 404
    assert _patch(staff, world.far_enterprise, {"employees": 1}).status_code == 404


@pytest.mark.parametrize(("payload", "field"), [
    ({"credit_code": "91310100000010001X"}, "credit_code"),
    ({"name": "甲"}, "name"),
    ({"name": None}, "name"),                           # a required field cannot be emptied
    ({"employees": -5}, "employees"),
    ({"phone": "1" * 31}, "phone"),
    ({"phone": "138\x00"}, "phone"),
])
def test_invalid_changes_are_422_and_change_nothing(world, staff, payload, field):  # type: ignore[no-untyped-def]
    response = _patch(staff, world.enterprise_a, payload)
    assert response.status_code == 422, response.content
    assert field in [error["field"] for error in response.json()["errors"]]
    assert not AuditEntry.objects.filter(action=Action.UPDATE).exists()


def test_credit_code_of_another_enterprise_is_422(world, staff):  # type: ignore[no-untyped-def]
    response = _patch(staff, world.enterprise_a, {"credit_code": world.enterprise_b.credit_code})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "credit_code"


def test_membership_is_read_only_even_for_staff(world, staff):  # type: ignore[no-untyped-def]
    """FIC membership is recorded on the membership pages (kaopu.membership writes the flag)."""
    response = _patch(staff, world.enterprise_a, {"is_member": True, "member_since": "2020-01-01"})
    assert response.status_code == 403
    assert {error["field"] for error in response.json()["errors"]} == {"is_member", "member_since"}
    world.enterprise_a.refresh_from_db()
    assert not world.enterprise_a.is_member


@pytest.mark.parametrize("body", ["0", "false", "[]", '"x"', "[1]", "{bad"])
def test_a_body_that_is_not_an_object_changes_nothing(world, staff, body):  # type: ignore[no-untyped-def]
    response = bearer_client(staff).patch(f"{API}/enterprises/{world.enterprise_a.pk}", body,
                                          content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"]


def test_an_empty_object_changes_nothing(world, staff):  # type: ignore[no-untyped-def]
    response = _patch(staff, world.enterprise_a, {})
    assert response.status_code == 200
    assert not AuditEntry.objects.filter(action=Action.UPDATE).exists()
