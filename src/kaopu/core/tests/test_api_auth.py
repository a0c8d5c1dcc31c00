"""Who the JSON API lets in: a bearer token, or the browser session; everyone else gets 401."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from kaopu.accounts.models import ApiToken
from kaopu.core.api_testing import API

URL = f"{API}/enterprises"


def _bearer(raw: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {raw}"})


def test_a_valid_token_lets_its_user_in(world, staff):  # type: ignore[no-untyped-def]
    _token, raw = ApiToken.issue(staff, "script")
    response = _bearer(raw).get(URL)
    assert response.status_code == 200
    assert len(response.json()["items"]) == 2


def test_no_token_is_401_with_a_json_body(world):  # type: ignore[no-untyped-def]
    response = Client().get(URL)
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["errors"] == []


def test_a_revoked_token_is_401(world, staff):  # type: ignore[no-untyped-def]
    token, raw = ApiToken.issue(staff, "old script")
    token.revoked_at = timezone.now()
    token.revoked_because = ApiToken.RevokedBecause.OWNER
    token.save(update_fields=["revoked_at", "revoked_because"])
    assert _bearer(raw).get(URL).status_code == 401


def test_the_token_of_a_deactivated_user_is_401(world, staff):  # type: ignore[no-untyped-def]
    _token, raw = ApiToken.issue(staff, "script")
    staff.is_active = False
    staff.save(update_fields=["is_active"])
    assert _bearer(raw).get(URL).status_code == 401


@pytest.mark.parametrize("header", ["Bearer ", "Bearer kp_wrong", "Token abc", "Basic c3RhZmY6eA==",
                                    "Bearer " + "x" * 5000, "Bearer kp_\u4e2d\u6587"])
def test_malformed_or_unknown_credentials_are_401(world, header):  # type: ignore[no-untyped-def]
    assert Client(headers={"Authorization": header}).get(URL).status_code == 401


def test_a_write_without_credentials_is_401_not_a_csrf_error(world):  # type: ignore[no-untyped-def]
    response = Client(enforce_csrf_checks=True).post(URL, {}, content_type="application/json")
    assert response.status_code == 401


def test_token_writes_need_no_csrf_token(world, staff):  # type: ignore[no-untyped-def]
    _token, raw = ApiToken.issue(staff, "script")
    client = Client(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {raw}"})
    response = client.patch(f"{URL}/{world.enterprise_a.pk}", {"employees": 5}, content_type="application/json")
    assert response.status_code == 200


def test_a_logged_in_browser_reads_with_its_session(world, ent_user, login):  # type: ignore[no-untyped-def]
    response = login(ent_user).get(URL)
    assert [item["id"] for item in response.json()["items"]] == [world.enterprise_a.pk]


def test_a_session_write_without_the_csrf_header_is_403(world, staff):  # type: ignore[no-untyped-def]
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(staff, backend="kaopu.accounts.backends.UserBackend")
    response = browser.patch(f"{URL}/{world.enterprise_a.pk}", {"employees": 5}, content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    world.enterprise_a.refresh_from_db()
    assert world.enterprise_a.employees is None


def test_last_used_is_written_at_most_once_a_minute(world, ent_user, django_assert_num_queries):  # type: ignore[no-untyped-def]
    # The enterprise's own user: staff reading unmasked phone numbers would add the audit entry of that.
    token, raw = ApiToken.issue(ent_user, "script")
    client = _bearer(raw)
    client.get(f"{URL}/{world.enterprise_a.pk}")
    token.refresh_from_db()
    first_use = token.last_used_at
    assert first_use is not None
    # The second call within the minute reads the token and the enterprise, and writes nothing.
    with django_assert_num_queries(3):
        client.get(f"{URL}/{world.enterprise_a.pk}")
    token.refresh_from_db()
    assert token.last_used_at == first_use

    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first_use - timedelta(minutes=2))
    client.get(f"{URL}/{world.enterprise_a.pk}")
    token.refresh_from_db()
    assert token.last_used_at > first_use


def test_the_api_acts_as_the_token_user_in_the_audit_log(world, ent_user):  # type: ignore[no-untyped-def]
    from kaopu.audit.models import AuditEntry

    _token, raw = ApiToken.issue(ent_user, "erp")
    _bearer(raw).patch(f"{URL}/{world.enterprise_a.pk}", {"employees": 7}, content_type="application/json")
    assert AuditEntry.objects.get(action="update").actor == ent_user
