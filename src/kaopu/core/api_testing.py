"""Helpers for tests of the JSON API: a test client that sends a bearer token for a persona."""

from __future__ import annotations

from typing import Any

from django.test import Client

from kaopu.accounts.models import ApiToken

API = "/api/v1"


def bearer_client(user: Any, *, name: str = "test") -> Client:
    """A test client that calls the API as ``user`` with a fresh token (as a script would)."""
    _token, raw = ApiToken.issue(user, name)
    return Client(headers={"Authorization": f"Bearer {raw}"})
