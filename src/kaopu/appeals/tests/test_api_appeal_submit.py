"""POST /api/v1/appeals: an enterprise user for its own enterprise, FIC staff on an enterprise's behalf."""

from __future__ import annotations

from datetime import date

import pytest

from kaopu.appeals.models import Appeal, Category
from kaopu.core.api_testing import API, bearer_client
from kaopu.dialogues.testing import make_meeting


def _body(**fields):  # type: ignore[no-untyped-def]
    body = {"kind": "help", "category": Category.objects.get(name="融资").pk, "title": "贷款续贷困难",
            "content": "企业流动资金贷款到期，续贷审批缓慢，请求协调。"}
    body.update(fields)
    return body


def _post(user, body):  # type: ignore[no-untyped-def]
    return bearer_client(user).post(f"{API}/appeals", body, content_type="application/json")


def _fields(response) -> set[str]:  # type: ignore[no-untyped-def]
    assert response.status_code == 422, response.content
    return {error["field"] for error in response.json()["errors"]}


def test_enterprise_user_submits_for_its_own_enterprise(world, ent_user):  # type: ignore[no-untyped-def]
    response = _post(ent_user, _body(is_confidential=True))
    assert response.status_code == 201
    body = response.json()
    appeal = Appeal.objects.get(pk=body["id"])
    assert (appeal.enterprise, appeal.created_by, appeal.source, appeal.state) == (
        world.enterprise_a, ent_user, "online", "submitted")
    assert appeal.is_confidential and body["due_on"] == "2026-09-29"
    assert [event["action"] for event in body["timeline"]] == ["submit"]


def test_enterprise_user_may_name_its_own_enterprise_but_no_other(world, ent_user):  # type: ignore[no-untyped-def]
    assert _post(ent_user, _body(enterprise=world.enterprise_a.pk)).status_code == 201
    assert _fields(_post(ent_user, _body(enterprise=world.enterprise_b.pk))) == {"enterprise"}
    assert Appeal.objects.count() == 1


def test_enterprise_user_may_not_claim_a_meeting_source(world, ent_user):  # type: ignore[no-untyped-def]
    assert _fields(_post(ent_user, _body(source="breakfast", source_meeting_id=3))) == {"source", "source_meeting_id"}


def test_staff_submit_on_behalf_with_the_source_and_meeting(world, staff):  # type: ignore[no-untyped-def]
    meeting = make_meeting(world.district, staff)
    response = _post(staff, _body(enterprise=world.enterprise_b.pk, source="breakfast",
                                  source_meeting_id=meeting.pk))
    assert response.status_code == 201
    appeal = Appeal.objects.get(pk=response.json()["id"])
    assert (appeal.enterprise, appeal.source, appeal.source_meeting, appeal.created_by) == (
        world.enterprise_b, "breakfast", meeting, staff)


def test_a_meeting_that_does_not_exist_in_the_district_is_refused(world, staff, far_staff):  # type: ignore[no-untyped-def]
    elsewhere = make_meeting(world.far_district, far_staff)
    for meeting_id in (elsewhere.pk, elsewhere.pk + 1000):
        response = _post(staff, _body(enterprise=world.enterprise_b.pk, source="breakfast",
                                      source_meeting_id=meeting_id))
        assert response.status_code == 409
        assert str(meeting_id) in response.json()["detail"]
    assert not Appeal.objects.exists()


def test_staff_must_name_the_enterprise_and_the_source(world, staff):  # type: ignore[no-untyped-def]
    assert _fields(_post(staff, _body())) == {"enterprise", "source"}


def test_staff_may_not_submit_for_another_districts_enterprise(world, staff):  # type: ignore[no-untyped-def]
    assert _fields(_post(staff, _body(enterprise=world.far_enterprise.pk, source="hotline"))) == {"enterprise"}


def test_a_meeting_id_needs_a_meeting_source(world, staff):  # type: ignore[no-untyped-def]
    body = _body(enterprise=world.enterprise_a.pk, source="hotline", source_meeting_id=7)
    assert _fields(_post(staff, body)) == {"source_meeting_id"}


@pytest.mark.parametrize("persona", ["handler", "leader", "bank_officer", "sysadmin"])
def test_other_roles_may_not_submit(world, persona, request):  # type: ignore[no-untyped-def]
    response = _post(request.getfixturevalue(persona), _body(enterprise=world.enterprise_a.pk, source="hotline"))
    assert response.status_code == 403
    assert not Appeal.objects.exists()


@pytest.mark.parametrize(("fields", "expected"), [
    ({"title": "   "}, {"title"}),
    ({"content": ""}, {"content"}),
    ({"title": "长" * 101}, {"title"}),
    ({"kind": "wish"}, {"kind"}),
    ({"category": 987654}, {"category"}),
    ({"title": "a\x00b"}, {"title"}),
])
def test_invalid_input_is_422_naming_the_field(world, ent_user, fields, expected):  # type: ignore[no-untyped-def]
    assert _fields(_post(ent_user, _body(**fields))) == expected
    assert not Appeal.objects.exists()


def test_a_retired_category_is_refused(world, ent_user):  # type: ignore[no-untyped-def]
    category = Category.objects.get(name="融资")
    category.is_active = False
    category.save()
    assert _fields(_post(ent_user, _body())) == {"category"}


def test_on_31_december_with_next_year_unknown_the_deadline_is_provisional_not_refused(  # type: ignore[no-untyped-def]
        world, ent_user, pin_clock, library_until):
    library_until(2026)
    pin_clock(date(2026, 12, 31), hour=23)
    response = _post(ent_user, _body())
    assert response.status_code == 201, response.content
    body = response.json()
    # Thursday 31 December + 1 working day, counted Monday–Friday: Friday 1 January 2027.
    assert (body["due_on"], body["due_provisional"]) == ("2027-01-01", True)


def test_submit_without_authentication_is_401(world, client):  # type: ignore[no-untyped-def]
    assert client.post(f"{API}/appeals", _body(), content_type="application/json").status_code == 401
