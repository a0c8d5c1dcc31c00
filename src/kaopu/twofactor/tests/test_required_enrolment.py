"""Where the policy requires a second factor, a user without one reaches nothing but enrolment (and
logging out, the language switch, static files) until they have set it up; the API answers 401 to such
a session while bearer tokens keep working."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kaopu.accounts.roles import Role
from kaopu.twofactor import actions
from kaopu.twofactor.testing import login_verified

ENROL = reverse("twofactor:enrol")


@pytest.mark.parametrize("path", ["/", "/appeals/", "/directory/enterprises/", "/two-factor/", "/accounts/tokens/",
                                  "/security/two-factor/", "/no-such-page/"])
def test_every_page_sends_a_required_user_without_a_second_factor_to_enrolment(login, require_roles, staff, path):
    require_roles(Role.FIC_STAFF)
    response = login(staff).get(path)
    assert response.status_code == 302
    assert response.url == f"{ENROL}?next={path.replace('/', '%2F')}"


def test_a_post_is_sent_to_enrolment_too_and_does_nothing(login, require_roles, staff):
    require_roles(Role.FIC_STAFF)
    response = login(staff).post(reverse("accounts:tokens"), {"name": "sync"})
    assert response.status_code == 302 and response.url == ENROL
    assert not staff.api_tokens.exists()


def test_the_allow_list_stays_open(login, require_roles, staff):
    require_roles(Role.FIC_STAFF)
    client = login(staff)
    assert client.get(ENROL).status_code == 200
    assert client.get("/static/kaopu/kaopu.css").status_code == 200
    assert client.post(reverse("set_language"), {"language": "en", "next": ENROL}).status_code == 302
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_background_htmx_call_is_refused_quietly_not_redirected(login, require_roles, staff):
    require_roles(Role.FIC_STAFF)
    response = login(staff).get(reverse("notifications:bell"), HTTP_HX_REQUEST="true")
    assert response.status_code == 403 and response.content == b""


def test_a_role_the_policy_leaves_optional_goes_anywhere(login, require_roles, ent_user):
    require_roles(Role.FIC_STAFF)
    assert login(ent_user).get("/two-factor/").status_code == 200


def test_a_policy_tightened_during_a_session_reaches_it_within_the_recheck(login, pin_clock, staff, secadmin):
    from datetime import date, timedelta

    from kaopu.twofactor.session import RECHECK_SECONDS

    moment = pin_clock(date(2026, 3, 3))
    client = login(staff)
    assert client.get("/two-factor/").status_code == 200
    actions.set_policy(Role.FIC_STAFF, required=True, acting_user=secadmin)
    pin_clock(moment + timedelta(seconds=RECHECK_SECONDS + 5))
    response = client.get("/two-factor/")
    assert response.status_code == 302 and response.url.startswith(ENROL)


def test_the_api_refuses_a_session_that_owes_enrolment_but_not_a_bearer_token(login, require_roles, staff):
    from kaopu.accounts.models import ApiToken

    _token, raw = ApiToken.issue(staff, "sync")
    require_roles(Role.FIC_STAFF)
    client = login(staff)
    assert client.get("/api/v1/appeals").status_code == 401
    assert client.get("/api/v1/appeals", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200


def test_the_api_accepts_a_verified_session(client, require_roles, staff):
    require_roles(Role.FIC_STAFF)
    assert login_verified(client, staff).get("/api/v1/appeals").status_code == 200


def test_a_user_with_a_second_factor_owes_the_second_step_even_where_it_is_optional(login, ent_user):
    from kaopu.twofactor.testing import enrol

    enrol(ent_user)
    client = login(ent_user)
    response = client.get("/appeals/my/")
    assert response.status_code == 302 and response.url.startswith(reverse("twofactor:verify"))
    assert client.get("/api/v1/appeals").status_code == 401
