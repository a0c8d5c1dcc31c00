"""Who sees an export job and downloads its file: only the user who asked for it."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from kaopu.core.access import grant
from kaopu.exports.models import ExportJob


@grant(ExportJob, "view")
def user_sees_own_export_jobs(user: Any) -> Q | None:
    # A file may hold the personal data of a million enterprises: nobody but its owner sees the job or
    # downloads the file, not even a colleague with the same rights (they can make their own).
    if not getattr(user, "is_authenticated", False):
        return None
    return Q(user_id=user.pk)
