"""A large roster is imported with a bounded number of queries per chunk of rows, never one per row."""

from __future__ import annotations

import math

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kaopu.directory import importer
from kaopu.directory.models import Enterprise, ImportJob
from kaopu.directory.tests._xlsx import row, upload, workbook_bytes

ROWS = 3 * importer.CHUNK_SIZE
# Per job, whatever its size: claiming and reading the job, reference data, the final save and the
# audit entry (with its chain head).
FIXED = 20


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


def per_chunk_bound() -> int:
    """One read of the chunk's enterprises, the bulk writes (as many as the database's parameter limit
    asks for), the savepoint around them and the progress update."""
    fields = Enterprise._meta.concrete_fields
    batch = connection.ops.bulk_batch_size(list(fields), [None] * importer.CHUNK_SIZE)
    return 1 + math.ceil(importer.CHUNK_SIZE / batch) + 3


def run(staff, content: bytes) -> tuple[ImportJob, list[str]]:  # type: ignore[no-untyped-def]
    job = importer.create_job(upload=upload(content), user=staff)
    with CaptureQueriesContext(connection) as queries:
        importer.run_import(job.pk)
    job.refresh_from_db()
    return job, [query["sql"] for query in queries.captured_queries]


def reads_of_enterprises(sql: list[str]) -> int:
    return sum(1 for q in sql if q.startswith("SELECT") and 'FROM "directory_enterprise"' in q)


def test_thousands_of_new_rows_take_a_bounded_number_of_queries_per_chunk(staff, world):
    job, sql = run(staff, workbook_bytes([row(n) for n in range(ROWS)]))

    assert job.created_count == ROWS
    assert reads_of_enterprises(sql) == 3
    assert len(sql) <= 3 * per_chunk_bound() + FIXED, "\n".join(q[:90] for q in sql)


def test_thousands_of_changed_rows_take_a_bounded_number_of_queries_per_chunk(staff, world):
    run(staff, workbook_bytes([row(n) for n in range(ROWS)]))

    job, sql = run(staff, workbook_bytes([row(n, 法定代表人="李四") for n in range(ROWS)]))

    assert (job.updated_count, job.created_count) == (ROWS, 0)
    assert reads_of_enterprises(sql) == 3
    assert len(sql) <= 3 * per_chunk_bound() + FIXED, "\n".join(q[:90] for q in sql)
    assert Enterprise.objects.filter(legal_representative="李四").count() == ROWS
