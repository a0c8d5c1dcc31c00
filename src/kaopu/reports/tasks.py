"""Background jobs of the work reports (huey). Started with `kaopu run_huey`; run inline in tests."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from kaopu.reports import actions


@db_task()
def run_report(report_id: int) -> None:
    """Generate WorkReport ``report_id``; progress and outcome are written to the report itself."""
    actions.run_report(report_id)


@db_periodic_task(crontab(minute="*/5"))
def recover_stalled_reports() -> None:
    """Every five minutes: queue again the reports whose worker was lost."""
    for report_id in actions.stalled_reports():
        if actions.requeue_stalled(report_id):
            run_report(report_id)


@db_periodic_task(crontab(day="1", hour="0", minute="30"))
def close_periods() -> None:
    """On the first of each month, in its first hours: keep the numbers of the month that ended the day
    before (Asia/Shanghai) — and of the quarter and the year when they ended — for every district and the
    city, as of their last day."""
    actions.close_periods()
