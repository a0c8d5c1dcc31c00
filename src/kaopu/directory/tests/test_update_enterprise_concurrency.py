"""Two staff members saving the same enterprise at once: both changes land, each audited once."""

from __future__ import annotations

import threading

import pytest
from django.db import connections

from kaopu.audit.log import verify
from kaopu.audit.models import Action, AuditEntry
from kaopu.core.testing import build_world
from kaopu.directory.actions import update_enterprise
from kaopu.directory.models import Enterprise

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def test_concurrent_updates_of_different_fields_both_persist() -> None:
    world = build_world()
    staff, enterprise = world.users["staff"], world.enterprise_a
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def save(changes: dict) -> None:
        try:
            barrier.wait()
            update_enterprise(enterprise, changes=changes, acting_user=staff)
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=({"address": "上海市普陀区长寿路 1 号"},)),
               threading.Thread(target=save, args=({"employees": 120},))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    enterprise.refresh_from_db()
    assert enterprise.address == "上海市普陀区长寿路 1 号"
    assert enterprise.employees == 120
    updates = AuditEntry.objects.filter(action=Action.UPDATE, object_id=str(enterprise.pk))
    assert sorted(next(iter(e.data)) for e in updates) == ["address", "employees"]
    assert verify().ok


def test_many_concurrent_saves_keep_the_audit_chain_intact() -> None:
    world = build_world()
    staff = world.users["staff"]
    enterprises = list(Enterprise.objects.filter(district=world.district))
    barrier = threading.Barrier(6)

    def save(n: int) -> None:
        try:
            barrier.wait()
            for round_ in range(5):
                update_enterprise(enterprises[n % len(enterprises)], changes={"employees": n * 100 + round_},
                                  acting_user=staff)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    result = verify()
    assert result.ok, result.problems
    assert AuditEntry.objects.filter(action=Action.UPDATE).count() == 30
