"""The publicity duty's background job: the dead-link check of published articles (huey, nightly).

Imported by the app's tasks module (kaopu.publicity.tasks), which huey discovers.
"""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from kaopu.publicity import links

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(minute="40", hour="2"))
def check_links() -> None:
    """Every night at 02:40: every published article's links (kaopu.publicity.links.check_all)."""
    summary = links.check_all()
    logger.info("link check: %s articles, %s links, %s dead (%s new), %s outside", summary.articles,
                summary.links, summary.dead, summary.newly_dead, summary.outside)
