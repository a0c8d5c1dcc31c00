"""The tamper check as a periodic huey task (kaopu.publicity.tamper): every ten minutes, time-boxed.

Each run checks the published pages without a fingerprint first, then the pages checked longest ago,
for at most settings.PUBLICITY_TAMPER_BUDGET_SECONDS (default 120 s), so that it never piles up behind
itself; at about 60 pages a second on two cores, 10,000 pages are all checked within the hour. A page with
a problem is withdrawn, recorded and alerted at once (tamper.respond). The lead wires it into tasks.py
(``from kaopu.publicity.tasks_tamper import check_published_pages  # noqa: F401``).
"""

from __future__ import annotations

import logging

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from kaopu.publicity import tamper

logger = logging.getLogger(__name__)
DEFAULT_BUDGET_SECONDS = 120


def run_check(budget_seconds: float | None = None) -> tamper.Report:
    """One time-boxed round of the check (the task's body; tests call it directly)."""
    budget = budget_seconds if budget_seconds is not None else getattr(
        settings, "PUBLICITY_TAMPER_BUDGET_SECONDS", DEFAULT_BUDGET_SECONDS)
    report = tamper.check_pages(tamper.due_ids(budget))
    if report.results:
        logger.warning("tamper check: %s page(s) withdrawn of %s checked: %s", len(report.results),
                       report.checked, ", ".join(str(result.article_id) for result in report.results))
    else:
        logger.info("tamper check: %s page(s) checked in %.1f s, all match", report.checked, report.seconds)
    return report


@db_periodic_task(crontab(minute="*/10"))
@lock_task("publicity-tamper-check")
def check_published_pages() -> None:
    run_check()
