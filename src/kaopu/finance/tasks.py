"""Background jobs of finance (huey): keeping the stored matches of open demands current.

The actions (kaopu.finance.actions) call :func:`schedule_rematch` after commit whenever a product
or a demand changes; the consumer (`kaopu run_huey`; `kaopu demo` starts one) runs
:func:`rematch` through kaopu.finance.matching.match_batch. Tests run tasks in the calling thread
(HUEY_IMMEDIATE). A nightly run catches anything a lost task missed.

When staff enter a year's working-day calendar, :func:`recount_days_to_grant` fills in the working
days to a grant that could not be counted before.
"""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from kaopu.core.signals import on_calendar_year_changed
from kaopu.finance import actions, matching
from kaopu.finance.models import FinancingDemand

logger = logging.getLogger(__name__)


@on_calendar_year_changed
@db_task()
def recount_days_to_grant(year: int) -> None:
    """After staff entered (or corrected) the calendar of ``year``: see actions.recount_days_to_grant."""
    changed = actions.recount_days_to_grant(year)
    logger.info("working-day calendar %s entered: %d demands' days to grant recounted", year, changed)


def rematch_now(district_id: int, demand_ids: list[int] | None = None) -> int:
    """Match again the open demands of the district, or just ``demand_ids`` of the district in
    whatever state (a demand submitted and granted before the queue reached it still gets its
    count of products that fit, which the figures read); the number of demands matched."""
    if demand_ids is None:
        return matching.match_batch(matching.open_demands(district_id))
    return matching.match_batch(FinancingDemand.objects.filter(district_id=district_id, pk__in=list(demand_ids)))


@db_task()
def rematch(district_id: int, demand_ids: list[int] | None = None) -> int:
    return rematch_now(district_id, demand_ids)


def schedule_rematch(district_id: int, demand_ids: list[int] | None = None) -> None:
    """Queue a re-match: ``None`` for every open demand of the district (a product changed), a list
    for just those demands (one was submitted or edited)."""
    rematch(district_id, None if demand_ids is None else [int(pk) for pk in demand_ids])


@db_periodic_task(crontab(hour="2", minute="40"))
def rematch_every_night() -> None:
    """Every open demand of every district, at night (products' rates change, tasks can be lost)."""
    matching.match_batch(matching.open_demands())
