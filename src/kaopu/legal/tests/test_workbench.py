"""The legal entries of the start pages (legal.workbench), read through the registry: each count against
hand-built requests, its link showing exactly the counted rows, the access rule, and one query whatever
the number of requests."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kaopu.core.registry import registry
from kaopu.legal.models import LegalRequest
from kaopu.legal.testing import advance, submit

S = LegalRequest.State


@pytest.fixture
def requests(world, team):  # type: ignore[no-untyped-def]
    """Requests of enterprise A and B in every open state, and one of the far district."""
    staff, ent, other = world.users["staff"], world.users["ent_user"], world.users["other_ent_user"]
    made = {
        "a_new": submit(ent, topic="甲新申请"),
        "a_new2": submit(ent, topic="甲新申请二"),
        "b_new": submit(other, topic="乙新申请"),
        "a_assigned": advance(submit(ent, topic="甲已指派"), staff, team.lawyer, to=S.ASSIGNED),
        "a_working": advance(submit(ent, topic="甲办理中"), staff, team.lawyer, to=S.IN_PROGRESS),
        "a_done": advance(submit(ent, topic="甲待评价"), staff, team.lawyer, to=S.COMPLETED),
        "a_rated": advance(submit(ent, topic="甲已评价"), staff, team.lawyer, to=S.RATED),
        "b_done": advance(submit(other, topic="乙待评价"), staff, team.lawyer2, to=S.COMPLETED),
        "b_assigned": advance(submit(other, topic="乙已指派"), staff, team.lawyer2, to=S.ASSIGNED),
        "far_new": submit(world.users["far_staff"], enterprise=world.far_enterprise, topic="静安新申请"),
    }
    return made


def _count(key: str, user) -> int:  # type: ignore[no-untyped-def]
    return registry.todos[key].count(user)


def _shown(client, todo_key: str, user, rows: str = "page") -> set[int]:  # type: ignore[no-untyped-def]
    response = client.get(registry.todos[todo_key].url(user))
    assert response.status_code == 200
    items = response.context[rows]
    return {r.pk for r in (items.items if rows == "page" else items)}


def test_staff_count_the_requests_waiting_for_a_lawyer_in_their_district(world, requests, login):  # type: ignore[no-untyped-def]
    staff = world.users["staff"]
    assert _count("legal.to_assign", staff) == 3
    assert _count("legal.to_assign", world.users["far_staff"]) == 1
    expected = {requests[name].pk for name in ("a_new", "a_new2", "b_new")}
    assert _shown(login(staff), "legal.to_assign", staff) == expected


def test_an_enterprise_counts_only_its_own_requests_to_rate(world, requests, login):  # type: ignore[no-untyped-def]
    ent, other = world.users["ent_user"], world.users["other_ent_user"]
    assert _count("legal.to_rate", ent) == 1
    assert _count("legal.to_rate", other) == 1
    assert _shown(login(ent), "legal.to_rate", ent) == {requests["a_done"].pk}


def test_the_enterprise_panel_lists_its_own_requests_with_the_last_answer(world, requests):  # type: ignore[no-untyped-def]
    rows = registry.panels["legal.my_requests"].rows(world.users["ent_user"], 10)
    assert [row.text.split("：")[1] for row in rows] == [
        "甲已评价", "甲待评价", "甲办理中", "甲已指派", "甲新申请二", "甲新申请"]
    by_topic = {row.text.split("：")[1]: row for row in rows}
    assert by_topic["甲已评价"].detail == "已提供法律意见 · 5/5"
    assert by_topic["甲待评价"].urgent
    assert "律师" in by_topic["甲已指派"].detail
    assert "2026-11-18" in by_topic["甲新申请"].detail
    assert len(registry.panels["legal.my_requests"].rows(world.users["ent_user"], 2)) == 2


def test_a_lawyer_counts_only_the_requests_assigned_to_them(world, team, requests, login):  # type: ignore[no-untyped-def]
    lawyer, colleague = team.lawyer.user, team.lawyer2.user
    assert _count("legal.lawyer_to_start", lawyer) == 1
    assert _count("legal.lawyer_in_progress", lawyer) == 1
    assert _count("legal.lawyer_to_start", colleague) == 1
    assert _count("legal.lawyer_in_progress", colleague) == 0
    client = login(lawyer)
    assert _shown(client, "legal.lawyer_to_start", lawyer, "open_requests") == {requests["a_assigned"].pk}
    assert _shown(client, "legal.lawyer_in_progress", lawyer, "open_requests") == {requests["a_working"].pk}
    rows = registry.panels["legal.lawyer_queue"].rows(lawyer, 10)
    assert [row.text for row in rows] == ["上海甲科技有限公司：甲已指派", "上海甲科技有限公司：甲办理中"]


def test_the_entries_are_for_their_roles_only(world, requests):  # type: ignore[no-untyped-def]
    keys = {todo.key for todo in registry.todos_for(world.users["leader"])}
    assert not {key for key in keys if key.startswith("legal.")}
    assert "legal.to_assign" not in {t.key for t in registry.todos_for(world.users["ent_user"])}
    assert "legal.my_requests" not in {p.key for p in registry.panels_for(world.users["lawyer"])}


@pytest.mark.parametrize(("key", "who"), [
    ("legal.to_assign", "staff"), ("legal.to_rate", "ent_user"), ("legal.lawyer_to_start", "lawyer"),
    ("legal.lawyer_in_progress", "lawyer"), ("legal.my_requests", "ent_user"), ("legal.lawyer_queue", "lawyer")])
def test_each_entry_runs_one_query_whatever_the_number_of_requests(world, team, key, who,  # type: ignore[no-untyped-def]
                                                                    django_assert_num_queries):
    user = world.users[who]
    read = (lambda: registry.todos[key].count(user)) if key in registry.todos \
        else (lambda: registry.panels[key].rows(user, 5))
    staff, ent = world.users["staff"], world.users["ent_user"]
    for size in (1, 8):
        for i in range(size):
            advance(submit(ent, topic=f"请求{size}-{i}"), staff, team.lawyer,
                    to=[S.SUBMITTED, S.ASSIGNED, S.IN_PROGRESS, S.COMPLETED][i % 4])
        with django_assert_num_queries(1):
            read()


def test_the_to_rate_tile_opens_the_requests_without_the_service_cards_above_them(world, requests, login):  # type: ignore[no-untyped-def]
    client = login(world.users["ent_user"])
    filtered = client.get(registry.todos["legal.to_rate"].url(world.users["ent_user"])).content.decode()
    assert 'class="legal-services"' not in filtered and 'id="my-requests"' in filtered
    assert 'class="legal-services"' in client.get(reverse("legal:my_list")).content.decode()
