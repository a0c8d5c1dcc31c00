"""Two workers keeping an ended period's numbers at once, with real threads on PostgreSQL: one closing is kept
and both report it, so that two reports of the period asked for at the same moment give the same numbers."""

from __future__ import annotations

from datetime import date

import pytest

from kaopu.audit.models import AuditEntry
from kaopu.core.testing import at_once, build_world
from kaopu.reports import actions
from kaopu.reports.models import Closing

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("district", [True, False], ids=["district", "city"])
def test_two_workers_keeping_a_period_at_once_keep_one(district: bool) -> None:
    world = build_world()
    scope = world.district if district else None
    start, end = date(2026, 1, 1), date(2026, 1, 31)
    outcomes = at_once([
        lambda: actions.keep_closing(scope, start, end, {"as_of": "2026-01-31", "worker": 1}),
        lambda: actions.keep_closing(scope, start, end, {"as_of": "2026-01-31", "worker": 2}),
    ])
    assert all(isinstance(o, Closing) for o in outcomes), outcomes
    assert outcomes[0].pk == outcomes[1].pk and Closing.objects.count() == 1
    kept = Closing.objects.get()
    assert kept.figures == outcomes[0].figures == outcomes[1].figures
    assert AuditEntry.objects.filter(object_type="reports.closing").count() == 1
