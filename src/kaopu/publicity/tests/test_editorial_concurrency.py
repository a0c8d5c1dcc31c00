"""Two final approvers deciding one article at once (real threads on PostgreSQL): the article's row lock
lets exactly one review through at step 2; the other gets a message, not a second review row."""

from __future__ import annotations

import pytest
from django.db import connection

from kaopu.accounts.roles import Role
from kaopu.core.testing import at_once, build_world, make_user
from kaopu.publicity import actions
from kaopu.publicity.actions import PublicityError
from kaopu.publicity.models import Article, Review
from kaopu.publicity.testing import draft_article, editorial

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def test_two_final_approvers_at_once_make_one_review() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks are tested on PostgreSQL; SQLite serialises writers")
    world = build_world()
    team = editorial(world)
    second = make_user("approver2", Role.FIC_STAFF, team.author.organisation, name="终审人二")
    article = draft_article(world)
    actions.submit(team.author, article.pk)
    actions.review(team.reviewer, article.pk, approve=True)

    outcomes = at_once([lambda: actions.review(team.approver, article.pk, approve=True),
                        lambda: actions.review(second, article.pk, approve=True)])

    assert sum(isinstance(outcome, Article) for outcome in outcomes) == 1
    refused = [outcome for outcome in outcomes if isinstance(outcome, Exception)]
    assert len(refused) == 1 and isinstance(refused[0], PublicityError)
    assert Review.objects.filter(article=article, step=2).count() == 1
    assert Article.objects.get(pk=article.pk).state == Article.State.APPROVED
