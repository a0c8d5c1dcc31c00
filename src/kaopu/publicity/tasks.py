"""Scheduled publishing: every minute the task queue publishes the approved articles whose time has come
(actions.publish_due; each in its own transaction, audited, the author told through AFTER_PUBLISH)."""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from kaopu.publicity import actions, notify
from kaopu.publicity.tasks_duty import check_links  # noqa: F401  (the link check, nightly; huey reads tasks.py)
from kaopu.publicity.tasks_tamper import check_published_pages  # noqa: F401  (the tamper check, every 10 minutes)

logger = logging.getLogger(__name__)
notify.register()


@db_periodic_task(crontab(minute="*"))
def publish_scheduled() -> int:
    published = actions.publish_due()
    if published:
        logger.info("Published %d scheduled article(s)", published)
    return published
