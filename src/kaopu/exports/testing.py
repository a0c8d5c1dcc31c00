"""Helpers for the tests of every app's exports: ask for one through the page, download its file.

The test settings run tasks at once (HUEY_IMMEDIATE), so ``ask_for_export`` returns a finished job;
``queue_only()`` keeps the tasks queued instead, to test what the request itself does.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator, Mapping
from typing import Any

from django.urls import reverse
from huey.contrib.djhuey import HUEY
from openpyxl import load_workbook

from kaopu.exports.models import ExportJob


def ask_for_export(client: Any, key: str, filters: Mapping[str, Any] | None = None) -> Any:
    """POST the list page's export button for ``key`` with ``filters``; the response (a redirect)."""
    return client.post(reverse("exports:create", args=[key]), dict(filters or {}))


def export(client: Any, key: str, filters: Mapping[str, Any] | None = None) -> ExportJob:
    """Ask for an export as the logged-in user; the job it made (finished, with the tasks run at once)."""
    response = ask_for_export(client, key, filters)
    assert response.status_code == 302, response.status_code
    return ExportJob.objects.get(pk=int(response["Location"].rstrip("/").rsplit("/", 1)[-1]))


def download(client: Any, job: ExportJob) -> bytes:
    response = client.get(reverse("exports:download", args=[job.pk]))
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].startswith("attachment")
    return b"".join(response.streaming_content)


def read_rows(content: bytes) -> list[tuple[Any, ...]]:
    """Every row of the first sheet, as values."""
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def export_rows(client: Any, key: str, filters: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]:
    """Ask, let the job run, download: the rows of the file (header first)."""
    job = export(client, key, filters)
    assert job.status == ExportJob.Status.DONE, (job.status, job.error_message)
    return read_rows(download(client, job))


@contextlib.contextmanager
def queue_only() -> Iterator[list[Any]]:
    """Tasks enqueued inside the block are kept (yielded list) instead of run: what a real queue does."""
    queued: list[Any] = []
    original = HUEY.enqueue
    HUEY.enqueue = queued.append  # type: ignore[method-assign]
    try:
        yield queued
    finally:
        HUEY.enqueue = original  # type: ignore[method-assign]


def run_queued(queued: list[Any]) -> None:
    """Run the tasks a queue_only() block kept, as the consumer would."""
    while queued:
        HUEY.execute(queued.pop(0))
