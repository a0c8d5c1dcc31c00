"""Two people acting on one appeal at once: exactly one succeeds, the other gets a clear message."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from kaopu.accounts.roles import Role
from kaopu.appeals import actions
from kaopu.appeals.models import Appeal, Category
from kaopu.appeals.workflow import TransitionError
from kaopu.core.testing import build_world, make_user

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def test_two_staff_accepting_at_once_one_wins() -> None:  # the clock is pinned by the appeals' conftest
    if connection.vendor != "postgresql":
        pytest.skip("row locks are tested on PostgreSQL; SQLite serialises writers")
    world = build_world()
    second_staff = make_user("staff2", Role.FIC_STAFF, world.users["staff"].organisation)
    appeal = actions.submit_appeal(enterprise=world.enterprise_a, acting_user=world.users["ent_user"],
                                   kind=Appeal.Kind.HELP, category=Category.objects.get(name="用工"),
                                   title="招工难", content="请求协助招聘。")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def accept(user) -> None:  # type: ignore[no-untyped-def]
        try:
            barrier.wait()
            actions.accept(appeal.pk, acting_user=user)
            outcomes.append("accepted")
        except TransitionError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=accept, args=(u,)) for u in (world.users["staff"], second_staff)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["accepted", "refused"]
    assert Appeal.objects.get(pk=appeal.pk).events.filter(action="accept").count() == 1
