"""An export whose worker died is queued again by the periodic sweep and finishes, or fails after
MAX_ATTEMPTS with a message."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from django.core.files.storage import default_storage
from django.utils import timezone

from kaopu.exports import actions, tasks
from kaopu.exports.models import ExportJob
from kaopu.exports.testing import export, queue_only

KEY = "directory.enterprises"


def queued_job(client) -> ExportJob:  # type: ignore[no-untyped-def]
    with queue_only():
        return export(client, KEY)


def _stall(job: ExportJob, *, status: str, minutes: int = 30) -> None:
    past = timezone.now() - timedelta(minutes=minutes)
    ExportJob.objects.filter(pk=job.pk).update(status=status, heartbeat_at=past, created_at=past, rows_done=7,
                                               attempts=1 if status == "running" else 0)


def test_a_running_job_without_progress_is_made_again(login, staff, world):
    job = queued_job(login(staff))
    _stall(job, status=ExportJob.Status.RUNNING)
    partial = Path(default_storage.path(f"{actions.PARTIAL_DIR}/{job.pk}"))
    partial.mkdir(parents=True)
    (partial / "export.xlsx").write_bytes(b"half a file")  # what the lost worker left

    tasks.recover_stalled_exports.call_local()

    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE and job.rows_done == 2 and job.attempts == 2
    assert not partial.exists()


def test_a_job_never_taken_from_the_queue_is_queued_again(login, staff, world):
    job = queued_job(login(staff))
    _stall(job, status=ExportJob.Status.QUEUED)
    assert actions.stalled_jobs() == [job.pk]
    tasks.recover_stalled_exports.call_local()
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE


def test_a_job_with_recent_progress_is_left_alone(login, staff, world):
    job = queued_job(login(staff))
    _stall(job, status=ExportJob.Status.RUNNING, minutes=2)
    assert actions.stalled_jobs() == []
    tasks.recover_stalled_exports.call_local()
    job.refresh_from_db()
    assert job.status == ExportJob.Status.RUNNING


def test_a_job_interrupted_too_often_fails_with_a_message(login, staff, world):
    job = queued_job(login(staff))
    _stall(job, status=ExportJob.Status.RUNNING)
    ExportJob.objects.filter(pk=job.pk).update(attempts=actions.MAX_ATTEMPTS)
    tasks.recover_stalled_exports.call_local()
    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED and "中断" in job.error_message and not job.file
