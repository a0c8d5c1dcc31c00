"""POST /api/v1/enterprises: FIC staff add an enterprise to their district, with the staff form's rules."""

from __future__ import annotations

import pytest

from kaopu.audit.models import Action, AuditEntry
from kaopu.core.api_testing import API, bearer_client
from kaopu.core.testing import make_credit_code
from kaopu.directory.models import Enterprise

NOT_STAFF = ["leader", "handler", "ent_user", "other_ent_user", "bank_officer", "lawyer", "chamber_officer",
             "sysadmin", "secadmin", "auditadmin"]


def _post(user, payload):  # type: ignore[no-untyped-def]
    return bearer_client(user).post(f"{API}/enterprises", payload, content_type="application/json")


def _valid(**changes):  # type: ignore[no-untyped-def]
    return {"name": "上海新建科技有限公司", "credit_code": make_credit_code(777), "industry": "65",
            "employees": 12, "registered_capital": "500.5",
            **changes}


def test_staff_add_an_enterprise_to_their_district_with_an_audit_entry(world, staff):  # type: ignore[no-untyped-def]
    response = _post(staff, _valid(subdistrict=world.subdistrict.pk))
    assert response.status_code == 201, response.content
    body = response.json()
    enterprise = Enterprise.objects.get(pk=body["id"])
    assert enterprise.district == world.district and enterprise.subdistrict == world.subdistrict
    assert body["industry"] == {"code": "65", "name": enterprise.industry.name, "section": "I"}
    assert body["registered_capital"] in ("500.5", "500.5000")
    entry = AuditEntry.objects.get(action=Action.CREATE, object_id=str(enterprise.pk))
    assert entry.actor == staff and entry.data["credit_code"] == enterprise.credit_code


def test_far_staff_add_to_their_own_district(world, far_staff):  # type: ignore[no-untyped-def]
    response = _post(far_staff, _valid())
    assert response.status_code == 201
    assert Enterprise.objects.get(pk=response.json()["id"]).district == world.far_district


def test_credit_code_is_normalised_like_on_the_page(world, staff):  # type: ignore[no-untyped-def]
    code = make_credit_code(778)
    response = _post(staff, _valid(credit_code=" " + code.lower()))
    assert response.status_code == 201
    assert response.json()["credit_code"] == code


@pytest.mark.parametrize("persona", NOT_STAFF)
def test_every_other_role_is_refused_with_403(persona, world, request):  # type: ignore[no-untyped-def]
    before = Enterprise.objects.count()
    response = _post(request.getfixturevalue(persona), _valid())
    assert response.status_code == 403
    assert response.json()["detail"]
    assert Enterprise.objects.count() == before


@pytest.mark.parametrize(("changes", "field"), [
    ({"credit_code": "91310100000010001X"}, "credit_code"),       # wrong check character
    ({"credit_code": "9131"}, "credit_code"),                     # wrong length
    ({"name": "甲"}, "name"),                                      # too short
    ({"name": "公" * 201}, "name"),                                # too long
    ({"industry": "ZZ"}, "industry"),                              # unknown division
    ({"size": "huge"}, "size"),                                    # not a size class
    ({"employees": -1}, "employees"),
    ({"employees": 10**40}, "employees"),
    ({"employees": "many"}, "employees"),
    ({"established_on": "2024-02-30"}, "established_on"),
    ({"registered_capital": "1" * 30}, "registered_capital"),
    ({"address": "路\x00"}, "address"),
])
def test_invalid_input_is_422_naming_the_field(world, staff, changes, field):  # type: ignore[no-untyped-def]
    response = _post(staff, _valid(**changes))
    assert response.status_code == 422, response.content
    body = response.json()
    assert field in [error["field"] for error in body["errors"]]
    assert all(error["message"] for error in body["errors"])


def test_a_credit_code_already_in_the_directory_is_422(world, staff):  # type: ignore[no-untyped-def]
    response = _post(staff, _valid(credit_code=world.far_enterprise.credit_code))
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "credit_code"


def test_subdistrict_of_another_district_is_422(world, far_staff):  # type: ignore[no-untyped-def]
    response = _post(far_staff, _valid(subdistrict=world.subdistrict.pk))
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "subdistrict"


def test_errors_come_in_the_language_of_the_request(world, staff):  # type: ignore[no-untyped-def]
    api = bearer_client(staff)
    english = api.post(f"{API}/enterprises", _valid(credit_code="9131"), content_type="application/json",
                       headers={"Accept-Language": "en"}).json()
    assert "18 characters" in english["errors"][0]["message"]


@pytest.mark.parametrize("body", ["{not json", "[1, 2]", "null", '"text"'])
def test_a_body_that_is_not_an_object_is_refused_without_a_crash(world, staff, body):  # type: ignore[no-untyped-def]
    response = bearer_client(staff).post(f"{API}/enterprises", body, content_type="application/json")
    assert response.status_code in (400, 422)
    assert response.json()["detail"]


def test_session_writes_need_the_csrf_token(world, staff):  # type: ignore[no-untyped-def]
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(staff, backend="kaopu.accounts.backends.UserBackend")
    refused = browser.post(f"{API}/enterprises", _valid(), content_type="application/json")
    assert refused.status_code == 403
    browser.get(f"{API}/docs")  # sets the csrftoken cookie, as the docs page does in a browser
    token = browser.cookies["csrftoken"].value
    accepted = browser.post(f"{API}/enterprises", _valid(), content_type="application/json",
                            headers={"X-CSRFToken": token})
    assert accepted.status_code == 201


def test_negative_capital_is_422_naming_the_field(world, staff):  # type: ignore[no-untyped-def]
    response = _post(staff, _valid(registered_capital="-5"))
    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == ["registered_capital"]
    assert not Enterprise.objects.filter(name="上海新建科技有限公司").exists()


def test_membership_cannot_be_set_through_the_directory(world, staff):  # type: ignore[no-untyped-def]
    """FIC membership is recorded on the membership pages (kaopu.membership writes the flag)."""
    response = _post(staff, _valid(is_member=True, member_since="2024-03-01"))
    assert response.status_code == 422
    assert {error["field"] for error in response.json()["errors"]} == {"is_member", "member_since"}
