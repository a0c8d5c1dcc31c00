"""Every write of the exports: asking for one, running it, each download, expiry and stalled jobs.

An export is asked for from a list page (``request_export``): the job is stored with the page's
filters and queued, and the request returns at once. The task (``run_export``) counts the rows, writes
the workbook into a folder of its own under MEDIA_ROOT/exports/partial/, moves the finished file to
MEDIA_ROOT/exports/<uuid>.xlsx and, in one transaction, marks the job done, records the EXPORT audit
entry and tells the owner. A failure leaves no file, only the job marked failed with a message. The
owner downloads the file (each download audited, ``record_download``) until it expires
(KAOPU_EXPORT_KEEP_HOURS); the hourly sweep (``expire_exports``) deletes it then.

What a kind exports, how it counts and writes its rows, is the app's business (kaopu.core.exporting):
nothing here knows a particular list.
"""

from __future__ import annotations

import logging
import os
import shutil
import time
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kaopu.audit.log import record
from kaopu.audit.models import Action
from kaopu.core import exporting, jobs
from kaopu.core.spreadsheet import StreamingWorkbook
from kaopu.exports.models import ExportJob, export_path
from kaopu.notifications.actions import notify

logger = logging.getLogger(__name__)

# The progress written to the job (and the heartbeat) at most this often, whatever the batch size.
PROGRESS_SECONDS = 1.0
MAX_ATTEMPTS = jobs.MAX_ATTEMPTS
PARTIAL_DIR = "exports/partial"


class ExportRefused(Exception):
    """No such export, or the user may not make it (the page answers 404, as for a row not shown)."""


def keep_for() -> timedelta:
    return timedelta(hours=settings.KAOPU_EXPORT_KEEP_HOURS)


def request_export(user: Any, key: str, query: Mapping[str, Any], *, language: str = "") -> ExportJob:
    """Store a job for the export ``key`` with the list page's filters ``query`` (validated by the kind,
    as the page validates them) and queue it; the request does no per-row work. Raises ExportRefused
    for an unknown kind or a user who may not make it. If the queue cannot be reached the job is
    returned failed, with a message saying so. Call it outside a transaction: the worker must see the
    job when it takes it."""
    kind = exporting.get(key)
    if kind is None or not getattr(user, "is_authenticated", False) or not kind.may_export(user):
        raise ExportRefused(key)
    job = ExportJob.objects.create(
        user=user, district_id=user.district_id, kind=key, parameters=kind.parameters(user, query),
        language=language, file_name=f"{kind.words}-{timezone.localdate():%Y%m%d}.xlsx")
    from kaopu.exports import tasks  # the tasks module imports this one

    try:
        tasks.run_export(job.pk)
    except Exception:  # the queue's storage is down: say so on the job page instead of a 500
        logger.exception("export job %s could not be queued", job.pk)
        ExportJob.objects.filter(pk=job.pk, status=ExportJob.Status.QUEUED).update(
            status=ExportJob.Status.FAILED, finished_at=timezone.now(), error_message=_(
                "The export could not be queued; try again later or tell the system administrator."))
    job.refresh_from_db()
    return job


def run_export(job_id: int) -> None:
    """Write the file of a queued job (the task). A job already taken (a doubled or retried task) is
    left alone. Outcome: done (file, audit entry, notification, in one transaction) or failed with a
    message and no file."""
    job = jobs.claim(ExportJob, job_id, rows_done=0, error_message="")
    if job is None:
        return
    with translation.override(job.language or settings.LANGUAGE_CODE):
        _Run(job).run()


class _Run:
    def __init__(self, job: ExportJob) -> None:
        self.job = job
        self.kind = exporting.get(job.kind)
        self.folder = Path(default_storage.path(f"{PARTIAL_DIR}/{job.pk}"))
        self._saved_at = 0.0

    def run(self) -> None:
        kind, user = self.kind, self.job.user
        if kind is None or not user.is_active or not kind.may_export(user):
            # The role changed (or the kind was removed) between the request and the run.
            self._fail(_("You may no longer make this export, so it was not made."))
            return
        try:
            name = self._export(kind, user)
        except Exception:
            logger.exception("export job %s failed", self.job.pk)
            shutil.rmtree(self.folder, ignore_errors=True)
            self._fail(_("The export stopped because of an unexpected error after %(rows)d rows; no file was "
                         "kept. Try again, or tell the system administrator.") % {"rows": self.job.rows_done})
            return
        try:
            self._finish(kind, name)
        except Exception:
            default_storage.delete(name)
            raise

    def _export(self, kind: exporting.ExportKind, user: Any) -> str:
        """Count, write and move the file into place; the storage name of the finished file."""
        shutil.rmtree(self.folder, ignore_errors=True)  # what an interrupted attempt left
        self.folder.mkdir(parents=True)
        self._save(rows_estimated=kind.count(user, self.job.parameters))
        book = StreamingWorkbook(self.folder / "export.xlsx", tmpdir=self.folder)
        try:
            # The workbook is in Chinese whatever the page's language: its headers are the import's.
            with translation.override(settings.LANGUAGE_CODE):
                self.job.rows_done = kind.write(user, self.job.parameters, book, self._progress)
        except BaseException:
            book.discard()
            raise
        book.close()
        name = export_path()
        final = Path(default_storage.path(name))
        final.parent.mkdir(parents=True, exist_ok=True)
        os.replace(self.folder / "export.xlsx", final)  # same file system: the file appears whole
        shutil.rmtree(self.folder, ignore_errors=True)
        return name

    def _progress(self, rows_done: int) -> None:
        self.job.rows_done = rows_done
        if time.monotonic() - self._saved_at >= PROGRESS_SECONDS:
            self._save()

    def _save(self, **fields: Any) -> None:
        self._saved_at = time.monotonic()
        values = {"rows_done": self.job.rows_done, "heartbeat_at": timezone.now(), **fields}
        ExportJob.objects.filter(pk=self.job.pk).update(**values)
        for name, value in values.items():
            setattr(self.job, name, value)

    def _fail(self, message: str) -> None:
        job = self.job
        job.status, job.error_message, job.finished_at = ExportJob.Status.FAILED, message, timezone.now()
        job.save(update_fields=["status", "error_message", "finished_at", "rows_done"])

    def _finish(self, kind: exporting.ExportKind, name: str) -> None:
        job, user = self.job, self.job.user
        now = timezone.now()
        job.file.name, job.size = name, default_storage.size(name)
        job.status, job.finished_at, job.heartbeat_at = ExportJob.Status.DONE, now, now
        job.expires_at = now + keep_for()
        with transaction.atomic():
            job.save(update_fields=["file", "size", "status", "finished_at", "heartbeat_at", "expires_at", "rows_done"])
            record(Action.EXPORT, actor=user, object_type=kind.object_type, object_label=f"导出文件「{job.file_name}」",
                   summary=f"导出{kind.words} {job.rows_done} {kind.unit}",
                   data={"filters": job.parameters, "rows": job.rows_done, **kind.audit_data(user, job.parameters),
                         "job": job.pk, "file": job.file_name, "size": job.size})
            notify([user], kind="exports.done", url=reverse("exports:detail", args=[job.pk]),
                   title=_("Your export is ready: %(name)s") % {"name": job.file_name},
                   body=_("%(rows)d rows. Download it from the export's page until %(until)s.") % {
                       "rows": job.rows_done, "until": timezone.localtime(job.expires_at).strftime("%Y-%m-%d %H:%M")})


def record_download(job: ExportJob, *, request: Any) -> None:
    """The audit entry of one download of a finished export (by its owner: the view fetched the job
    through the access rules)."""
    kind = job.export_kind
    words, unit = (kind.words, kind.unit) if kind is not None else (job.kind, "行")
    record(Action.EXPORT, request=request, object_type=kind.object_type if kind is not None else "exports.exportjob",
           object_label=f"导出文件「{job.file_name}」", summary=f"下载导出的{words} {job.rows_done} {unit}",
           data={"job": job.pk, "file": job.file_name, "rows": job.rows_done, "size": job.size, "download": True})


def expire_exports() -> int:
    """Delete the files past their time and mark their jobs expired (the hourly sweep), one audited
    transaction per job; the file is removed once its job's change is committed. The number expired."""
    expired = 0
    due = ExportJob.objects.filter(status=ExportJob.Status.DONE, expires_at__lte=timezone.now())
    for job_id in list(due.values_list("pk", flat=True)[:1000]):
        with transaction.atomic():
            job = ExportJob.objects.select_for_update().filter(pk=job_id, status=ExportJob.Status.DONE).first()
            if job is None:
                continue
            name = job.file.name
            job.status, job.file = ExportJob.Status.EXPIRED, ""
            job.save(update_fields=["status", "file"])
            record(Action.DELETE, actor_name="system", target=job,
                   summary=f"删除到期的导出文件「{job.file_name}」（{job.rows_done} 行，保留 "
                           f"{settings.KAOPU_EXPORT_KEEP_HOURS} 小时）",
                   data={"job": job.pk, "kind": job.kind, "owner": job.user_id, "rows": job.rows_done})
        if name:
            default_storage.delete(name)
        expired += 1
    return expired


def stalled_jobs() -> list[int]:
    """Jobs whose worker was lost: running without progress, or queued long ago and never taken."""
    return jobs.stalled_jobs(ExportJob)


def requeue_stalled(job_id: int) -> bool:
    """Put a stalled job back in the queue (an export starts over from nothing, so running it again is
    safe), or fail it after MAX_ATTEMPTS. True when the job should be enqueued again."""
    with translation.override(settings.LANGUAGE_CODE):
        message = _("The export was interrupted %(count)d times (the background worker stopped). Ask for it "
                    "again, perhaps with narrower filters.") % {"count": MAX_ATTEMPTS}
    outcome = jobs.requeue_stalled(ExportJob, job_id, failure=message)
    if outcome is None:
        shutil.rmtree(default_storage.path(f"{PARTIAL_DIR}/{job_id}"), ignore_errors=True)
    return bool(outcome)
