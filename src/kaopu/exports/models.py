"""An export made in the background (导出任务): the user asks, the task queue writes the file, the
owner downloads it until it expires (kaopu.exports.actions)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kaopu.core import exporting
from kaopu.core.jobs import FileJob
from kaopu.directory.models import District


def export_path(_job: ExportJob | None = None, _filename: str = "") -> str:
    # Never the user's words in the path: the name shown is ``file_name``.
    return f"exports/{uuid.uuid4().hex}.xlsx"


class ExportJob(FileJob):
    """One export of a list (a kind of kaopu.core.exporting) with the filters it was asked with.
    Progress, heartbeat and attempts are the shared fields of kaopu.core.jobs.FileJob.

    The task fills in the progress as it goes; the job page polls it. Only the user who asked sees the
    job and downloads its file (permissions.py). The file is kept until ``expires_at``
    (KAOPU_EXPORT_KEEP_HOURS), then deleted by the hourly sweep and the job marked expired.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")
        EXPIRED = "expired", _("expired")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+", verbose_name=_("user"))
    # A city-level account has no district; the rows are whatever the owner's access rules allow.
    district = models.ForeignKey(District, models.PROTECT, null=True, blank=True, related_name="+",
                                 verbose_name=_("district"))
    kind = models.CharField(_("kind"), max_length=60)
    parameters = models.JSONField(_("filters"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.QUEUED)
    file = models.FileField(_("file"), upload_to=export_path, max_length=255, blank=True)
    file_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    expires_at = models.DateTimeField(_("kept until"), null=True, blank=True)

    class Meta:
        verbose_name = _("export job")
        verbose_name_plural = _("export jobs")
        ordering = ["-id"]
        indexes = [
            # The exports page lists the user's own recent jobs, newest first.
            models.Index(fields=["user", "-id"], name="exportjob_user_id"),
            # The hourly sweep finds the files past their time.
            models.Index(fields=["expires_at"], name="exportjob_expiring", condition=Q(status="done")),
            # The stalled-export sweep reads the unfinished jobs only.
            models.Index(fields=["status"], name="exportjob_unfinished",
                         condition=Q(status__in=["queued", "running"])),
        ]

    def __str__(self) -> str:
        return self.file_name

    @property
    def export_kind(self) -> exporting.ExportKind | None:
        return exporting.get(self.kind)

    @property
    def label(self) -> str:
        kind = self.export_kind
        return str(kind.label) if kind is not None else self.kind

    @property
    def filters_in_words(self) -> list[tuple[str, str]]:
        """The filters the export was asked with, as the list page names them."""
        kind = self.export_kind
        if kind is None or kind.describe is None:
            return [(name, str(value)) for name, value in self.parameters.items()]
        return kind.describe(self.user, self.parameters)

    @property
    def is_downloadable(self) -> bool:
        return self.status == self.Status.DONE and bool(self.file)
