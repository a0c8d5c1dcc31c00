"""Helpers for tests of the JSON API: a test client that sends a bearer token for a persona."""

from __future__ import annotations

from typing import Any

from django.test import Client

from kaopu.accounts.models import ApiToken
from kaopu.accounts.roles import Permission

API = "/api/v1"


def bearer_client(user: Any, *, name: str = "test") -> Client:
    """A test client that calls the API as ``user`` with a fresh token (as a script would). A user whose
    role does not hold API tokens (a district leader) is granted them first, as the security
    administrator would."""
    if not user.holds(Permission.API_TOKENS):
        user.granted_permissions = sorted({*(user.granted_permissions or ()), Permission.API_TOKENS})
        type(user).objects.filter(pk=user.pk).update(granted_permissions=user.granted_permissions)
    _token, raw = ApiToken.issue(user, name)
    return Client(headers={"Authorization": f"Bearer {raw}"})
