"""The audit log's scheduled work (``kaopu run_huey`` discovers the ``tasks`` modules)."""

from __future__ import annotations

import logging

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from kaopu.audit import checkpoints

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(minute=f"*/{settings.AUDIT_CHECKPOINT_MINUTES}"))
def write_checkpoint() -> None:
    """A signed checkpoint every AUDIT_CHECKPOINT_MINUTES: entries deleted from the end of the log
    after a checkpoint are reported by `kaopu audit verify`; the window of the newest few minutes is
    what a schedule cannot cover."""
    try:
        checkpoints.write()
    except checkpoints.CheckpointError:
        logger.exception("audit checkpoint not written")
        raise
