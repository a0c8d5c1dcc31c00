"""Migration 0016 adds the escalated and reopened counts: on a database with appeals it marks the appeals the
sweep escalated or sent to arbitration, and fills the rollup's new counters so that `kaopu kpi check` agrees."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from kaopu.appeals import actions, kpi, tasks
from kaopu.appeals.models import Appeal


@pytest.mark.django_db(transaction=True)
def test_the_migration_fills_escalated_and_reopened_from_the_history(world, submit, pin_clock) -> None:  # type: ignore[no-untyped-def]
    staff, handler, ent = world.users["staff"], world.users["handler"], world.users["ent_user"]
    late = submit()  # to accept by 09-29, escalated once that has passed
    reopened = submit()
    actions.accept(reopened.pk, acting_user=staff)
    actions.dispatch(reopened.pk, acting_user=staff, lead=world.department)
    actions.sign_for(reopened.pk, acting_user=handler)
    actions.reply(reopened.pk, acting_user=handler, text="答复")
    actions.rate(reopened.pk, acting_user=ent, rating=Appeal.Rating.DISSATISFIED, comment="没有解决")
    pin_clock(date(2026, 9, 30))
    tasks.sweep()
    executor = MigrationExecutor(connection)
    executor.migrate([("appeals", "0015_merge_routing_rules")])
    try:
        executor = MigrationExecutor(connection)
        executor.migrate([("appeals", "0016_escalated_reopened_measures")])
        assert set(Appeal.objects.filter(escalated=True).values_list("pk", flat=True)) == {late.pk}
        total = kpi.measures([world.district.pk], "all")[0]
        assert (total.escalated, total.reopened) == (1, 1)
        call_command("kpi", "check", stdout=io.StringIO())  # raises when the rollup differs
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
