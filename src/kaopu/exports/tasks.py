"""Background jobs of the exports (huey). Started with `kaopu run_huey`; run inline in tests."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from kaopu.exports import actions


@db_task()
def run_export(job_id: int) -> None:
    """Write the file of ExportJob ``job_id``; progress and outcome are written to the job itself."""
    actions.run_export(job_id)


@db_periodic_task(crontab(minute="*/5"))
def recover_stalled_exports() -> None:
    """Every five minutes: queue again the exports whose worker was lost (see actions.stalled_jobs)."""
    for job_id in actions.stalled_jobs():
        if actions.requeue_stalled(job_id):
            run_export(job_id)


@db_periodic_task(crontab(minute="7"))
def expire_exports() -> None:
    """Every hour: delete the files kept longer than KAOPU_EXPORT_KEEP_HOURS."""
    actions.expire_exports()
