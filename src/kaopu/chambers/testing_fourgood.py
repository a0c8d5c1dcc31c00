"""Four-Good evaluation data for tests and the demo, made through the real actions.

``make_cycle`` makes an open cycle of a district with one indicator per dimension (weights 40/30/20/10,
maxima 10/10/5/20: different maxima, so that a test of the formula notices a missing ÷ max) and the given
reviewers; ``apply`` has a chamber submit an application; ``score`` has a reviewer submit scores.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from kaopu.accounts.models import User
from kaopu.chambers import actions_fourgood as actions
from kaopu.chambers import selectors_fourgood
from kaopu.chambers.demo_fourgood import INDICATORS
from kaopu.chambers.models import Application, Chamber, Cycle, Indicator, Review
from kaopu.core.workdays import local_today


def make_cycle(staff: User, reviewers: Sequence[User], *, name: str = "2025—2026年度四好商会评价",
               open_it: bool = True, deadline: date | None = None, spread: str = "2",
               first_year: int = 2025) -> Cycle:
    today = local_today()
    deadline = deadline or today + timedelta(days=30)
    cycle = actions.create_cycle(acting_user=staff, name=name, first_year=first_year, last_year=first_year + 1,
                                 application_deadline=deadline, review_deadline=deadline + timedelta(days=30),
                                 spread=spread)
    dimensions = {d.order: d for d in cycle.dimensions.all()}
    for order, indicator, maximum, weight, guidance in INDICATORS:
        actions.save_indicator(cycle.pk, acting_user=staff, dimension_id=dimensions[order].pk, name=indicator,
                               max_score=maximum, weight=weight, guidance=guidance)
    actions.set_reviewers(cycle.pk, acting_user=staff, reviewers=list(reviewers))
    if open_it:
        actions.move_cycle(cycle.pk, acting_user=staff, move="open")
    return Cycle.objects.get(pk=cycle.pk)


def indicators(cycle: Cycle) -> list[Indicator]:
    return selectors_fourgood.indicators(cycle)


def apply(cycle: Cycle, chamber: Chamber, user: User, self_scores: Sequence[Any] | None = None) -> Application:
    """The chamber's application, self-assessed (full marks unless given) and submitted."""
    application = actions.start_application(cycle.pk, chamber.pk, acting_user=user)
    rows = indicators(cycle)
    given = self_scores or [row.max_score for row in rows]
    actions.save_self_assessment(application.pk, acting_user=user, summary="本会积极开展四好商会创建工作。",
                                 entries={row.pk: (str(score), "已按要求开展，详见佐证材料。")
                                          for row, score in zip(rows, given, strict=True)})
    return actions.submit_application(application.pk, acting_user=user)


def score(application: Application, reviewer: User, scores: Sequence[Any], *, submit: bool = True) -> Review:
    """The reviewer's scores of the indicators in their order (e.g. ["8", "9", "4", "15"])."""
    rows = indicators(application.cycle)
    return actions.save_review(application.pk, acting_user=reviewer, submit=submit,
                               scores={row.pk: (str(value), f"{reviewer.name}的意见")
                                       for row, value in zip(rows, scores, strict=True)})


def to_reviewing(cycle: Cycle, staff: User) -> Cycle:
    return actions.move_cycle(cycle.pk, acting_user=staff, move="review")


def total(values: Sequence[str]) -> Decimal:
    return sum((Decimal(v) for v in values), Decimal(0))
