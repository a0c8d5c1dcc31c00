"""Fixtures of the admin walks (test_admin_forms, test_admin_chinese)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import models
from django.test import Client
from django.urls import reverse

from kaopu.audit.log import record
from kaopu.audit.models import Action
from kaopu.core.testing import PASSWORD, World


@pytest.fixture
def one_of_each(world: World, client: Client) -> Callable[[type[models.Model]], models.Model]:
    """An existing row of every admin model: the personas' directory and accounts, the reference data
    loaded after migrating, an audit entry, axes' records of a failed and a successful login, and a term
    of the content guard's lexicon."""
    from kaopu.publicity.models import LexiconTerm  # the walk is core's; the row is the publicity app's

    LexiconTerm.objects.create(term="示例赌博词", category="gambling", severity="high", note="管理后台巡检")
    record(Action.CREATE, actor=world.users["staff"], summary="管理后台巡检")
    login_url = reverse("accounts:login")
    client.post(login_url, {"username": "staff", "password": "wrong-password"})
    client.post(login_url, {"username": "leader", "password": PASSWORD})
    client.logout()

    def first(model: type[models.Model]) -> models.Model:
        row = model._default_manager.order_by("pk").first()
        assert row is not None, f"{model._meta.label}: make an example row in the one_of_each fixture"
        return row

    return first
