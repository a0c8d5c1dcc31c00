from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from kaopu.core.testing import PASSWORD

LOGIN = reverse("accounts:login")
VERIFY = reverse("twofactor:verify")


@pytest.fixture
def require_roles(settings):  # type: ignore[no-untyped-def]
    """require_roles(*roles): the installation's default requires a second factor of these roles."""

    def set_roles(*roles: str) -> None:
        settings.KAOPU_TWO_FACTOR_REQUIRED_ROLES = list(roles)

    return set_roles


def password_login(username: str, *, address: str = "10.1.1.1", password: str = PASSWORD,
                   client: Client | None = None) -> tuple[Client, Any]:
    """A fresh client (from ``address``) that typed the user's password on the login page."""
    client = client or Client(REMOTE_ADDR=address)
    response = client.post(LOGIN, {"username": username, "password": password})
    return client, response
