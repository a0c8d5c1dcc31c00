"""Every list and detail page, and the API's list, in a number of queries that does not grow with the rows."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kaopu.core.api_testing import API, bearer_client
from kaopu.legal.models import LegalRequest
from kaopu.legal.testing import advance, submit

S = LegalRequest.State


def _queries(client, url) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


def _grow(world, team, n: int) -> list[LegalRequest]:  # type: ignore[no-untyped-def]
    made = []
    for i in range(n):
        request = submit(world.users["ent_user"], topic=f"请求{i}", service_name="法律体检" if i % 2 else "法律咨询")
        made.append(advance(request, world.users["staff"], team.lawyer if i % 2 else team.lawyer2,
                            to=[S.SUBMITTED, S.ASSIGNED, S.IN_PROGRESS, S.COMPLETED, S.RATED][i % 5]))
    return made


@pytest.mark.parametrize(("who", "url_name"), [
    ("staff", "legal:request_list"), ("leader", "legal:request_list"), ("staff", "legal:team"),
    ("staff", "legal:figures"), ("staff", "legal:settings"), ("ent_user", "legal:my_list"),
    ("lawyer", "legal:lawyer_home")])
def test_lists_do_not_grow_with_rows(world, team, login, who, url_name):  # type: ignore[no-untyped-def]
    _grow(world, team, 2)
    client = login(world.users[who])
    url = reverse(url_name)
    _queries(client, url)  # warm the caches (workdays calendar, sessions)
    small = _queries(client, url)
    _grow(world, team, 10)
    assert _queries(client, url) <= small


@pytest.mark.parametrize(("who", "url_name"), [("staff", "legal:request_detail"), ("ent_user", "legal:my_detail"),
                                               ("lawyer", "legal:lawyer_detail")])
def test_detail_does_not_grow_with_its_timeline(world, team, login, who, url_name):  # type: ignore[no-untyped-def]
    request = advance(submit(world.users["ent_user"], service_name="法律体检"), world.users["staff"], team.lawyer,
                      to=S.IN_PROGRESS)
    client = login(world.users[who])
    url = reverse(url_name, args=[request.pk])
    _queries(client, url)
    small = _queries(client, url)
    from django.utils import timezone

    from kaopu.legal import actions

    for _ in range(6):
        actions.record_session(request.pk, acting_user=team.lawyer.user, held_at=timezone.now(), mode="phone",
                               minutes=10, summary="跟进")
    assert _queries(client, url) <= small


def test_api_list_does_not_grow(world, team):  # type: ignore[no-untyped-def]
    _grow(world, team, 2)
    client = bearer_client(world.users["staff"])
    small = _queries(client, f"{API}/legal/requests")
    _grow(world, team, 8)
    assert _queries(client, f"{API}/legal/requests") <= small
