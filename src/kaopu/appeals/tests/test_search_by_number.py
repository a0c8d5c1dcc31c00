"""Staff find an appeal by its number — whole, as year and sequence, or by its last digits — in the list's
search box and through the API's ``q`` filter; words still find titles; the page's queries stay fixed."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kaopu.appeals.models import Appeal
from kaopu.core.api_testing import API, bearer_client


@pytest.fixture
def numbered(submit):  # type: ignore[no-untyped-def]
    """Four appeals: PT-2026-000001 … 000004, the third titled with the digits "3" in it."""
    titles = ["贷款续贷困难", "招工难", "厂房租金3月上涨", "审批慢"]
    return [submit(title=title) for title in titles]


def _found(login, user, q: str) -> list[str]:  # type: ignore[no-untyped-def]
    response = login(user).get(reverse("appeals:staff_list"), {"q": q})
    assert response.status_code == 200
    return [appeal.number for appeal in response.context["page"].items]


@pytest.mark.parametrize(("q", "numbers"), [
    ("PT-2026-000002", ["PT-2026-000002"]),
    ("pt-2026-2", ["PT-2026-000002"]),
    ("PT 2026 000002", ["PT-2026-000002"]),
    ("2026-2", ["PT-2026-000002"]),
    ("000004", ["PT-2026-000004"]),
    ("4", ["PT-2026-000004"]),
    ("3", ["PT-2026-000003"]),  # the sequence 3, and the title holding "3": the same appeal
    ("招工", ["PT-2026-000002"]),
    ("JA-2026-000002", []),  # another district's number
    ("PT-2025-000002", []),
    ("99", []),
])
def test_the_staff_list_finds_an_appeal_by_its_number(world, login, staff, numbered, q, numbers) -> None:  # type: ignore[no-untyped-def]
    assert _found(login, staff, q) == numbers


def test_last_digits_find_the_number_and_titles_holding_them(world, login, staff, numbered, submit) -> None:  # type: ignore[no-untyped-def]
    submit(title="第2批补贴")
    assert _found(login, staff, "2") == ["PT-2026-000005", "PT-2026-000002"]  # newest first


def test_the_list_shows_each_rows_number(world, login, staff, numbered) -> None:  # type: ignore[no-untyped-def]
    page = login(staff).get(reverse("appeals:staff_list")).content.decode()
    for appeal in numbered:
        assert f'<span class="code muted small appeal-number">{appeal.number}</span>' in page


def test_searching_by_number_runs_as_many_queries_as_listing(world, login, staff, numbered, submit) -> None:  # type: ignore[no-untyped-def]
    client = login(staff)
    client.get(reverse("appeals:staff_list"))  # warm the per-process caches (reference data)

    def queries(**params: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("appeals:staff_list"), params).status_code == 200
        return len(captured)

    listing = queries()
    for _n in range(10):
        submit()
    assert queries(q="PT-2026-000003") == queries(q="3") == queries(q="招工") == queries() == listing


def test_another_districts_staff_do_not_find_it(world, login, numbered) -> None:  # type: ignore[no-untyped-def]
    assert _found(login, world.users["far_staff"], "PT-2026-000001") == []


@pytest.mark.parametrize(("q", "numbers"), [
    ("PT-2026-000003", ["PT-2026-000003"]), ("2026-000001", ["PT-2026-000001"]), ("4", ["PT-2026-000004"]),
    ("审批", ["PT-2026-000004"])])
def test_the_api_filter_finds_an_appeal_by_its_number(world, staff, numbered, q, numbers) -> None:  # type: ignore[no-untyped-def]
    response = bearer_client(staff).get(f"{API}/appeals", {"q": q})
    assert response.status_code == 200
    assert [item["number"] for item in response.json()["items"]] == numbers


def test_a_department_and_an_enterprise_find_only_their_own_by_number(world, numbered, in_progress) -> None:  # type: ignore[no-untyped-def]
    assert bearer_client(world.users["handler"]).get(f"{API}/appeals", {"q": in_progress.number}).json()[
        "items"][0]["id"] == in_progress.pk
    assert bearer_client(world.users["handler"]).get(f"{API}/appeals", {"q": "PT-2026-000001"}).json()["items"] == []
    assert bearer_client(world.users["other_ent_user"]).get(f"{API}/appeals", {"q": "1"}).json()["items"] == []
    own = bearer_client(world.users["ent_user"]).get(f"{API}/appeals", {"q": "PT-2026-000001"}).json()["items"]
    assert [item["number"] for item in own] == ["PT-2026-000001"]
    assert Appeal.objects.count() == 5
