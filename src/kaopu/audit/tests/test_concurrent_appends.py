"""Many writers appending to the audit log at once still produce one unbroken chain (PostgreSQL)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections, transaction

from kaopu.audit.log import record, verify
from kaopu.audit.models import Action, AuditEntry, ChainHead

THREADS = 8
ENTRIES_PER_THREAD = 15

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="needs real row locks across connections; SQLite serialises writers anyway"),
]


def _append(barrier: threading.Barrier, worker: int, errors: list[BaseException]) -> None:
    try:
        barrier.wait()
        for n in range(ENTRIES_PER_THREAD):
            with transaction.atomic():
                record(Action.UPDATE, actor_name=f"worker{worker}", summary=f"{worker}-{n}", data={"n": n})
    except BaseException as error:
        errors.append(error)
    finally:
        connections.close_all()


@pytest.mark.parametrize("empty_head", [True, False], ids=["first-writers-race-to-create-the-head", "head-exists"])
def test_eight_threads_appending_at_once_leave_an_unbroken_chain(transactional_db, empty_head):
    if not empty_head:
        record(Action.CREATE, summary="before the race")
    before = AuditEntry.objects.count()
    assert ChainHead.objects.exists() is not empty_head

    barrier, errors = threading.Barrier(THREADS), []
    threads = [threading.Thread(target=_append, args=(barrier, worker, errors)) for worker in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    total = before + THREADS * ENTRIES_PER_THREAD
    sequences = list(AuditEntry.objects.order_by("sequence").values_list("sequence", flat=True))
    assert sequences == list(range(1, total + 1))
    result = verify()
    assert result.ok, result.problems
    assert result.checked == total
    assert {(s.split("-")[0]) for s in AuditEntry.objects.values_list("summary", flat=True)
            if "-" in s} == {str(worker) for worker in range(THREADS)}
