"""The start pages' Four-Good to-dos: each count and the list its link opens read the same selector, so the
number shown is the number of rows listed; and the pages keep a fixed number of queries whatever the size."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kaopu.chambers.testing import make_chamber
from kaopu.chambers.testing_fourgood import apply, score, to_reviewing
from kaopu.chambers.tests.fourgood_fixtures import cycle, reviewer  # noqa: F401
from kaopu.core.registry import registry


def _todo(key: str):  # type: ignore[no-untyped-def]
    return registry.todos[key]


def test_the_officer_has_an_application_to_submit_until_it_is_submitted(  # type: ignore[no-untyped-def]
        cycle, chamber, chamber_officer, login):  # noqa: F811
    todo = _todo("chambers.fourgood_to_submit")
    assert todo.count(chamber_officer) == 1
    page = login(chamber_officer).get(todo.url(chamber_officer)).content.decode()
    assert cycle.name in page and cycle.application_deadline.isoformat() in page
    apply(cycle, chamber, chamber_officer)
    assert todo.count(chamber_officer) == 0


def test_reviewers_and_staff_counts_match_their_lists(  # type: ignore[no-untyped-def]
        cycle, world, staff, reviewer, chamber, chamber_officer, other_chamber, login):  # noqa: F811
    a = apply(cycle, chamber, chamber_officer)
    apply(cycle, other_chamber, staff)
    to_reviewing(cycle, staff)
    to_score, results = _todo("chambers.fourgood_to_score"), _todo("chambers.fourgood_results")
    assert to_score.count(reviewer) == 2 and results.count(staff) == 0
    score(a, staff, ["8", "8", "4", "16"])
    score(a, reviewer, ["8", "8", "4", "16"])
    assert to_score.count(reviewer) == 1 and to_score.count(staff) == 1 and results.count(staff) == 1
    page = login(reviewer).get(to_score.url(reviewer)).content.decode()
    assert page.count("/chambers/fourgood/applications/") == 1 and other_chamber.name in page
    page = login(staff).get(results.url(staff)).content.decode()
    assert page.count("/chambers/fourgood/applications/") == 1 and chamber.name in page


def _add_scored(cycle, staff, reviewer, world, how_many: int) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """``how_many`` more chambers apply (the cycle reopened for it) and both reviewers score them."""
    cycle.state = "open"
    cycle.save(update_fields=["state"])
    added = [apply(cycle, make_chamber(world.district), staff) for _n in range(how_many)]
    cycle.state = "reviewing"
    cycle.save(update_fields=["state"])
    for application in added:
        score(application, staff, ["8", "8", "4", "16"])
        score(application, reviewer, ["9", "7", "4", "16"])


@pytest.mark.parametrize("name", ["fourgood:ranking", "fourgood:cycle", "fourgood:export"])
def test_the_cycle_pages_keep_a_fixed_number_of_queries(  # type: ignore[no-untyped-def]
        name, cycle, world, staff, reviewer, login, django_assert_max_num_queries):  # noqa: F811
    client = login(staff)
    _add_scored(cycle, staff, reviewer, world, 2)
    url = reverse(name, args=[cycle.pk])
    client.get(url)  # warm the session and the caches
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _add_scored(cycle, staff, reviewer, world, 6)
    with django_assert_max_num_queries(len(small)):
        assert client.get(url).status_code == 200
