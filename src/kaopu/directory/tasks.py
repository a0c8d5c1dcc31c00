"""Background jobs of the directory (huey). Started with `kaopu run_huey`; run inline in tests."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from kaopu.directory import importer


@db_task()
def import_enterprises(job_id: int) -> None:
    """Import the roster of ImportJob ``job_id``; progress and outcome are written to the job itself."""
    importer.run_import(job_id)


@db_periodic_task(crontab(minute="*/5"))
def recover_stalled_imports() -> None:
    """Every five minutes: queue again the imports whose worker was lost (see importer.stalled_jobs)."""
    for job_id in importer.stalled_jobs():
        if importer.requeue_stalled(job_id):
            import_enterprises(job_id)
