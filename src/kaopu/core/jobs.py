"""What the platform's long file jobs share (an import of a roster, an export of a list): the progress
shown on the job page, the claim of a queued job by one worker, and the sweep that finds a job whose
worker was lost and queues it again or, after MAX_ATTEMPTS, fails it with a message.

A job model subclasses :class:`FileJob` and declares its own ``status`` field with at least the states
queued, running, done and failed; the functions here take the model as their first argument.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any, TypeVar

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
# A batch of rows takes about a second; a job silent for this long lost its worker (a crash, a restart).
STALL_AFTER = timedelta(minutes=10)
MAX_ATTEMPTS = 3

J = TypeVar("J", bound="FileJob")


class FileJob(models.Model):
    """The fields of a background file job besides its status, owner and files."""

    language = models.CharField(_("language"), max_length=10, blank=True)
    rows_estimated = models.PositiveIntegerField(_("rows (estimated)"), default=0)
    rows_done = models.PositiveIntegerField(_("rows done"), default=0)
    error_message = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    # Written with every batch of rows: a running job whose heartbeat stops was lost with its worker,
    # and the stalled-job sweep queues it again.
    heartbeat_at = models.DateTimeField(_("last progress at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    status: Any

    class Meta:
        abstract = True

    @property
    def is_finished(self) -> bool:
        return self.status not in (QUEUED, RUNNING)

    @property
    def percent(self) -> int | None:
        """Progress in percent, or None while the number of rows is unknown."""
        if self.status == DONE:
            return 100
        if not self.rows_estimated:
            return None
        return min(99, self.rows_done * 100 // self.rows_estimated)


def claim(model: type[J], job_id: int, **reset: Any) -> J | None:
    """Take a queued job for this worker (running, one more attempt), or None when another worker took it
    or it is not queued (a doubled or retried task leaves it alone). ``reset``: fields to clear."""
    now = timezone.now()
    claimed = model.objects.filter(pk=job_id, status=QUEUED).update(  # type: ignore[attr-defined]
        status=RUNNING, started_at=now, heartbeat_at=now, attempts=F("attempts") + 1, **reset)
    if not claimed:
        return None
    return model.objects.select_related("user").get(pk=job_id)  # type: ignore[attr-defined]


def stalled() -> Q:
    """Jobs whose worker was lost: running without progress, or queued long ago and never taken."""
    cutoff = timezone.now() - STALL_AFTER
    return Q(status=RUNNING, heartbeat_at__lt=cutoff) | Q(status=QUEUED, created_at__lt=cutoff)


def stalled_jobs(model: type[FileJob]) -> list[int]:
    return list(model.objects.filter(stalled()).values_list("pk", flat=True))  # type: ignore[attr-defined]


def requeue_stalled(model: type[FileJob], job_id: int, *, failure: str, **reset: Any) -> bool | None:
    """Queue a stalled job again (True: enqueue its task), or fail it with the message ``failure`` after
    MAX_ATTEMPTS (None), or leave it (False: not stalled, e.g. it progressed meanwhile). ``reset``: the
    fields to clear for the new start."""
    jobs = model.objects.filter(stalled(), pk=job_id)  # type: ignore[attr-defined]
    if jobs.filter(attempts__gte=MAX_ATTEMPTS).update(status=FAILED, finished_at=timezone.now(),
                                                      error_message=failure):
        return None
    return bool(jobs.update(status=QUEUED, heartbeat_at=None, rows_done=0, **reset))
