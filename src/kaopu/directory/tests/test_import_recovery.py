"""An import whose worker died is queued again by the periodic sweep, and finishes."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from kaopu.directory import importer, tasks
from kaopu.directory.models import Enterprise, ImportJob
from kaopu.directory.tests._xlsx import row, upload, workbook_bytes


def upload_job(user, rows) -> ImportJob:  # type: ignore[no-untyped-def]
    """A stored job that no worker took (create_job queues nothing)."""
    return importer.create_job(upload=upload(workbook_bytes(rows)), user=user)


def _stall(job: ImportJob, *, status: str, minutes: int = 30) -> None:
    past = timezone.now() - timedelta(minutes=minutes)
    ImportJob.objects.filter(pk=job.pk).update(status=status, heartbeat_at=past, created_at=past, rows_done=7)


def test_a_running_job_without_progress_is_imported_again(world, staff) -> None:  # type: ignore[no-untyped-def]
    job = upload_job(staff, [row(1), row(2)])
    _stall(job, status=ImportJob.Status.RUNNING)
    tasks.recover_stalled_imports.call_local()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert job.created_count == 2 and job.rows_done == 2
    assert job.attempts == 1
    assert Enterprise.objects.filter(name__startswith="上海导入").count() >= 2


def test_a_job_with_recent_progress_is_left_alone(world, staff) -> None:  # type: ignore[no-untyped-def]
    job = upload_job(staff, [row(1)])
    _stall(job, status=ImportJob.Status.RUNNING, minutes=2)
    assert importer.stalled_jobs() == []
    tasks.recover_stalled_imports.call_local()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.RUNNING


def test_a_job_interrupted_too_often_fails_with_a_message(world, staff) -> None:  # type: ignore[no-untyped-def]
    job = upload_job(staff, [row(1)])
    _stall(job, status=ImportJob.Status.RUNNING)
    ImportJob.objects.filter(pk=job.pk).update(attempts=importer.MAX_ATTEMPTS)
    tasks.recover_stalled_imports.call_local()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert job.error_message
