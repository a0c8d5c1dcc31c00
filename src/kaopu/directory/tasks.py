"""Background jobs of the directory (huey). Started with `kaopu run_huey`; run inline in tests."""

from __future__ import annotations

from huey.contrib.djhuey import db_task

from kaopu.directory import importer


@db_task()
def import_enterprises(job_id: int) -> None:
    """Import the roster of ImportJob ``job_id``; progress and outcome are written to the job itself."""
    importer.run_import(job_id)
