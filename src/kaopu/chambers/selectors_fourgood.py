"""Reads of the Four-Good evaluation shared by its pages, its export, the start-page to-dos and the chamber
page's section. Every read goes through kaopu.core.access, so a reviewer's scores reach nobody else before
the application is fully reviewed (kaopu.chambers.permissions_fourgood), whichever page or file asks.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from kaopu.accounts.roles import Role
from kaopu.chambers import scoring
from kaopu.chambers.models import Application, Chamber, Cycle, Indicator, Review, Score
from kaopu.core import access
from kaopu.core.workdays import local_today


def cycles(user: Any) -> QuerySet[Cycle]:
    return access.scope(user, Cycle).order_by("-id")


def indicators(cycle: Cycle) -> list[Indicator]:
    return list(cycle.indicators.select_related("dimension").order_by("dimension__order", "order", "id"))


def applications(user: Any, cycle: Cycle) -> QuerySet[Application]:
    """The cycle's applications ``user`` may see, with how many reviews were submitted for each."""
    return (access.scope(user, Application).filter(cycle=cycle).select_related("chamber")
            .annotate(reviews_done=Count("reviews", filter=Q(reviews__state=Review.State.SUBMITTED)))
            .order_by("chamber__name", "id"))


# --- the combination ------------------------------------------------------------------------------

@dataclass
class Standing:
    """One fully reviewed application in the ranking."""

    application: Application
    combined: scoring.Combined
    rank: int = 0


@dataclass
class Ranking:
    indicators: list[Indicator]
    standings: list[Standing] = field(default_factory=list)
    pending: list[Application] = field(default_factory=list)  # submitted, not every review in yet


def specs(rows: list[Indicator]) -> list[scoring.IndicatorSpec]:
    return [scoring.IndicatorSpec(row.pk, row.max_score, row.weight) for row in rows]


def visible_scores(user: Any, application_ids: list[int]) -> QuerySet[Score]:
    """Submitted scores of these applications that ``user`` may see (none before all reviewers submitted,
    except the user's own)."""
    return (access.scope(user, Score).filter(review__application_id__in=application_ids,
                                             review__state=Review.State.SUBMITTED)
            .select_related("review__reviewer").order_by("review__reviewer_id", "indicator_id"))


def ranking(user: Any, cycle: Cycle) -> Ranking:
    """The cycle's fully reviewed applications combined and ranked (scoring.RULE), and the submitted ones
    still waiting for scores; four queries whatever the number of chambers."""
    result = Ranking(indicators(cycle))
    complete = []
    for application in applications(user, cycle).filter(state=Application.State.SUBMITTED):
        (complete if application.reviewed_at else result.pending).append(application)
    scores: dict[int, dict[int, list[Decimal]]] = defaultdict(lambda: defaultdict(list))
    for score in visible_scores(user, [a.pk for a in complete]):
        scores[score.review.application_id][score.indicator_id].append(score.score)
    standings = {a.pk: Standing(a, scoring.combine(specs(result.indicators), scores[a.pk], cycle.spread))
                 for a in complete if a.pk in scores}
    for ranked in scoring.rank((pk, s.application.chamber.name, s.combined.total) for pk, s in standings.items()):
        standings[ranked.key].rank = ranked.rank
        result.standings.append(standings[ranked.key])
    return result


@dataclass
class ReviewerColumn:
    reviewer: Any
    scores: dict[int, Score]


def reviewer_columns(user: Any, application: Application) -> list[ReviewerColumn]:
    """Each reviewer's scores of one application that ``user`` may see (empty before all submitted)."""
    columns: dict[int, ReviewerColumn] = {}
    for score in visible_scores(user, [application.pk]):
        column = columns.setdefault(score.review.reviewer_id, ReviewerColumn(score.review.reviewer, {}))
        column.scores[score.indicator_id] = score
    return list(columns.values())


# --- the start pages' to-dos and the chamber page -------------------------------------------------

def to_submit(user: Any) -> QuerySet[Cycle]:
    """Open cycles (deadline not passed) in which the officer's chamber has no submitted application."""
    if user.role != Role.CHAMBER_OFFICER:
        return Cycle.objects.none()
    submitted = Application.objects.filter(cycle=OuterRef("pk"), chamber__organisation_id=user.organisation_id,
                                           state=Application.State.SUBMITTED)
    return (access.scope(user, Cycle).filter(state=Cycle.State.OPEN, application_deadline__gte=local_today())
            .exclude(Exists(submitted)).order_by("application_deadline", "id"))


def to_score(user: Any) -> QuerySet[Application]:
    """Submitted applications of cycles under review that ``user`` reviews and has not submitted scores for."""
    if user.role != Role.FIC_STAFF:
        return Application.objects.none()
    done = Review.objects.filter(application=OuterRef("pk"), reviewer_id=user.pk, state=Review.State.SUBMITTED)
    return (Application.objects.filter(cycle__reviewers=user, cycle__state=Cycle.State.REVIEWING,
                                       state=Application.State.SUBMITTED)
            .exclude(Exists(done)).select_related("chamber", "cycle").order_by("cycle__review_deadline", "id"))


def results_to_record(user: Any) -> QuerySet[Application]:
    """Fully reviewed applications of the user's district without a final result yet."""
    if user.role != Role.FIC_STAFF:
        return Application.objects.none()
    return (access.scope(user, Application).filter(reviewed_at__isnull=False, result="")
            .select_related("chamber", "cycle").order_by("cycle_id", "id"))


def chamber_history(user: Any, chamber: Chamber) -> QuerySet[Application]:
    """The chamber's applications across cycles, newest cycle first (its page's section)."""
    return (access.scope(user, Application).filter(chamber=chamber).exclude(cycle__state=Cycle.State.DRAFT)
            .select_related("cycle").order_by("-cycle_id"))


def officer_applications(user: Any) -> QuerySet[Application]:
    return access.scope(user, Application).select_related("cycle", "chamber").order_by("-cycle_id")


def reviewer_columns_of(user: Any, applications: list[Application]) -> dict[int, dict[int, list[tuple[str, Score]]]]:
    """application id → indicator id → [(reviewer's name, score)] that ``user`` may see, in one query."""
    found: dict[int, dict[int, list[tuple[str, Score]]]] = defaultdict(lambda: defaultdict(list))
    for score in visible_scores(user, [a.pk for a in applications]):
        reviewer = score.review.reviewer
        found[score.review.application_id][score.indicator_id].append((reviewer.name or reviewer.username, score))
    return found
