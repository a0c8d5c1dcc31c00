"""Publicity's start-page to-dos (publicity.workbench), read through the registry: each count against
hand-built articles, its link showing exactly the counted rows, other districts left out, one query."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kaopu.accounts.roles import Role
from kaopu.core.registry import registry
from kaopu.core.testing import make_user
from kaopu.publicity import actions
from kaopu.publicity.models import Article, Column
from kaopu.publicity.testing import approved_article, draft_article, editorial

pytestmark = pytest.mark.django_db


@pytest.fixture
def articles(world):  # type: ignore[no-untyped-def]
    team = editorial(world)
    made = {name: draft_article(world, title=name) for name in (
        "draft", "step1", "step1b", "step2", "returned", "returned_resubmitted")}
    for name in ("step1", "step1b", "step2", "returned", "returned_resubmitted"):
        actions.submit(team.author, made[name].pk)
    actions.review(team.reviewer, made["step2"].pk, approve=True)
    for name in ("returned", "returned_resubmitted"):
        actions.review(team.reviewer, made[name].pk, approve=False, comment="请修改")
    actions.submit(team.author, made["returned_resubmitted"].pk)
    made["approved"] = approved_article(world, title="approved")
    made["scheduled"] = approved_article(world, title="scheduled")
    actions.publish(team.author, made["scheduled"].pk, at=timezone.now() + timedelta(days=1))
    far_column = Column.objects.create(district=world.far_district, name="工作动态", slug="news")
    far = world.users["far_staff"]
    made["far"], _removed = actions.create_article(far, column=far_column, title="far", body="<p>静安区</p>")
    actions.submit(far, made["far"].pk)
    return made


def _shown(client, key: str, user) -> set[str]:  # type: ignore[no-untyped-def]
    response = client.get(registry.todos[key].url(user))
    assert response.status_code == 200
    return {a.title for a in response.context["page"].items}


def _counted(key: str, user) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as captured:
        count = registry.todos[key].count(user)
    assert len(captured.captured_queries) <= 2  # the count (and the user's granted permissions)
    return count


def test_to_review_counts_what_the_user_may_decide(world, articles, login):  # type: ignore[no-untyped-def]
    team = editorial(world)
    # The reviewer decided step 1 of "step2": not theirs to decide again; the author wrote them all.
    assert _counted("publicity.to_review", team.reviewer) == 3
    assert _shown(login(team.reviewer), "publicity.to_review", team.reviewer) == {
        "step1", "step1b", "returned_resubmitted"}
    assert _counted("publicity.to_review", team.approver) == 4
    assert _shown(login(team.approver), "publicity.to_review", team.approver) == {
        "step1", "step1b", "step2", "returned_resubmitted"}
    assert _counted("publicity.to_review", team.author) == 0
    assert _counted("publicity.to_review", world.users["far_staff"]) == 0  # wrote the far district's only one
    far_reviewer = make_user("far_reviewer", Role.FIC_STAFF, world.users["far_staff"].organisation)
    assert _shown(login(far_reviewer), "publicity.to_review", far_reviewer) == {"far"}
    leader = world.users["leader"]
    assert _counted("publicity.to_review", leader) == 0
    leader.granted_permissions = ["final_approval"]
    leader.save()
    assert _counted("publicity.to_review", leader) == 1
    assert _shown(login(leader), "publicity.to_review", leader) == {"step2"}
    # The count agrees with the action's own rule, article by article.
    for user in (team.reviewer, team.approver, leader):
        allowed = {a.title for a in Article.objects.filter(state="in_review", district=world.district)
                   if actions.may_decide(user, a) is None}
        assert allowed == _shown(login(user), "publicity.to_review", user)


def test_returned_and_to_publish(world, articles, login):  # type: ignore[no-untyped-def]
    team = editorial(world)
    client = login(team.author)
    assert _counted("publicity.returned", team.author) == 1
    assert _shown(client, "publicity.returned", team.author) == {"returned"}
    assert _counted("publicity.returned", team.reviewer) == 0
    assert _counted("publicity.to_publish", team.author) == _counted("publicity.to_publish", team.reviewer)
    assert _shown(client, "publicity.to_publish", team.author) == {"approved"}  # not the scheduled one
    assert _counted("publicity.to_publish", team.author) == 1


def test_leaders_and_other_roles_see_only_their_todos(world):  # type: ignore[no-untyped-def]
    keys = {t.key for t in registry.todos_for(world.users["leader"])}
    assert "publicity.to_review" in keys and "publicity.returned" not in keys
    assert not {t.key for t in registry.todos_for(world.users["ent_user"])} & {
        "publicity.to_review", "publicity.returned", "publicity.to_publish"}


def test_the_search_finds_titles_through_the_access_rule(world, articles):  # type: ignore[no-untyped-def]
    provider = registry.search_providers["publicity.articles"]
    assert [hit.text for hit in provider.search(world.users["staff"], "step1", 10)] == ["step1b", "step1"]
    assert provider.search(world.users["far_staff"], "step1", 10) == []
    assert "q=step1" in provider.more_url(world.users["staff"], "step1")
