"""Races of the Four-Good evaluation with real threads on PostgreSQL: two reviewers submitting the same
application at once, an application submitted while staff close applications, and the last review submitted
while staff close the cycle. Every outcome is consistent: never a fully scored application left unmarked, never
a submission accepted into a cycle that had stopped taking them."""

from __future__ import annotations

from typing import Any

import pytest

from kaopu.accounts.roles import Role
from kaopu.chambers import actions_fourgood as actions
from kaopu.chambers import testing
from kaopu.chambers.actions_fourgood import FourGoodError
from kaopu.chambers.models import Application, Cycle, Review
from kaopu.chambers.testing_fourgood import apply, indicators, make_cycle, score, to_reviewing
from kaopu.core.testing import at_once, build_world, make_user

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def _setup() -> tuple[Any, Any, Any, Any, Any]:
    world = build_world()
    staff = world.users["staff"]
    reviewer = make_user("reviewer", Role.FIC_STAFF, staff.organisation, name="王评审")
    cycle = make_cycle(staff, [staff, reviewer])
    chamber = testing.the_officers_chamber(world)
    return world, staff, reviewer, cycle, chamber


def _scores(application: Application) -> dict[int, tuple[str, str]]:
    return {row.pk: ("3", "") for row in indicators(application.cycle)}


def test_two_reviewers_submitting_at_once_mark_the_application_reviewed() -> None:
    world, staff, reviewer, cycle, chamber = _setup()
    application = apply(cycle, chamber, world.users["chamber_officer"])
    to_reviewing(cycle, staff)
    outcomes = at_once([
        lambda: actions.save_review(application.pk, acting_user=staff, scores=_scores(application), submit=True),
        lambda: actions.save_review(application.pk, acting_user=reviewer, scores=_scores(application), submit=True),
    ])
    assert all(isinstance(o, Review) for o in outcomes), outcomes
    application.refresh_from_db()
    assert application.reviewed_at is not None
    assert Review.objects.filter(application=application, state="submitted").count() == 2


def test_a_submission_racing_the_close_of_applications_is_in_or_refused() -> None:
    world, staff, _reviewer, cycle, chamber = _setup()
    officer = world.users["chamber_officer"]
    draft = actions.start_application(cycle.pk, chamber.pk, acting_user=officer)
    actions.save_self_assessment(draft.pk, acting_user=officer,
                                 entries={row.pk: ("1", "") for row in indicators(cycle)})
    submitted, moved = at_once([
        lambda: actions.submit_application(draft.pk, acting_user=officer),
        lambda: actions.move_cycle(cycle.pk, acting_user=staff, move="review"),
    ])
    assert isinstance(moved, Cycle) and Cycle.objects.get(pk=cycle.pk).state == "reviewing"
    state = Application.objects.get(pk=draft.pk).state
    if isinstance(submitted, FourGoodError):
        assert state == "draft" and submitted.field == "state"
    else:
        assert state == "submitted"


def test_the_last_review_racing_the_close_of_the_cycle_leaves_no_unscored_application_in_a_closed_cycle() -> None:
    world, staff, reviewer, cycle, chamber = _setup()
    application = apply(cycle, chamber, world.users["chamber_officer"])
    to_reviewing(cycle, staff)
    score(application, staff, ["8", "8", "4", "16"])
    reviewed, closed = at_once([
        lambda: actions.save_review(application.pk, acting_user=reviewer, scores=_scores(application), submit=True),
        lambda: actions.move_cycle(cycle.pk, acting_user=staff, move="close"),
    ])
    assert isinstance(reviewed, Review), reviewed  # the review is taken either way: it locked the cycle first
    application.refresh_from_db()
    assert application.reviewed_at is not None
    if isinstance(closed, Cycle):
        assert Cycle.objects.get(pk=cycle.pk).state == "closed"
    else:
        assert isinstance(closed, FourGoodError) and Cycle.objects.get(pk=cycle.pk).state == "reviewing"
