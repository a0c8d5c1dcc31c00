"""The notifications app's scheduled work (``kaopu run_huey`` discovers the ``tasks`` modules)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from kaopu.notifications import calendar


@db_periodic_task(crontab(minute="20"))
def warn_missing_calendar() -> None:
    """Every hour; at most one notification per person a week (calendar.warn_weekly)."""
    calendar.warn_weekly()
