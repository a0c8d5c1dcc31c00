"""The JSON look-ups behind the pickers of the staff's appeal forms (kaopu.appeals.lookups): who may ask,
what each answers (scoped to the staff member's district), short queries, the limit, and a query count
that does not grow with the data."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kaopu.appeals import actions
from kaopu.core.lookups import LOOKUP_LIMIT
from kaopu.core.testing import local_moment, make_enterprise
from kaopu.dialogues.models import Meeting
from kaopu.dialogues.testing import make_meeting

ENTERPRISES = reverse("appeals:lookup_enterprises")
MEETINGS = reverse("appeals:lookup_meetings")
NOT_STAFF = ["ent_user", "other_ent_user", "handler", "leader", "bank_officer", "chamber_officer", "lawyer",
             "sysadmin"]


def results(client, url: str, q: str = "") -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    response = client.get(url, {"q": q})
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()["results"]


def texts(client, url: str, q: str = "") -> list[str]:  # type: ignore[no-untyped-def]
    return [row["text"] for row in results(client, url, q)]


def merge_targets_url(pk: int) -> str:
    return reverse("appeals:lookup_merge_targets", args=[pk])


# --- who may ask -------------------------------------------------------------------------------------

@pytest.mark.parametrize("persona", NOT_STAFF)
def test_only_fic_staff_may_use_the_lookups(world, login, submit, persona) -> None:  # type: ignore[no-untyped-def]
    appeal = submit()
    client = login(world.users[persona])
    for url in (ENTERPRISES, MEETINGS, merge_targets_url(appeal.pk)):
        response = client.get(url, {"q": "上海"})
        assert response.status_code == 403, (persona, url)
        assert "results" not in response.json()


def test_an_enterprise_user_cannot_enumerate_enterprises(world, login) -> None:  # type: ignore[no-untyped-def]
    client = login(world.users["ent_user"])
    for query in ("上海", "9", "", world.enterprise_b.credit_code):
        response = client.get(ENTERPRISES, {"q": query})
        assert response.status_code == 403
        assert world.enterprise_b.name not in response.content.decode()


def test_nobody_logged_in_gets_403_and_no_rows(world, client) -> None:  # type: ignore[no-untyped-def]
    response = client.get(ENTERPRISES, {"q": "上海"})
    assert response.status_code == 403  # JSON, not a redirect to the login page the script could not use
    assert world.enterprise_a.name not in response.content.decode()


def test_a_lookup_answers_get_only_and_is_not_cached(world, login, staff) -> None:  # type: ignore[no-untyped-def]
    client = login(staff)
    assert client.post(ENTERPRISES, {"q": "上海"}).status_code == 405
    response = client.get(ENTERPRISES, {"q": "上海"})
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]


# --- enterprises -------------------------------------------------------------------------------------

def test_staff_find_their_districts_enterprises_by_part_of_the_name(world, login, staff) -> None:  # type: ignore[no-untyped-def]
    rows = results(login(staff), ENTERPRISES, "甲科技")
    assert rows == [{"value": world.enterprise_a.credit_code, "text": "上海甲科技有限公司",
                     "hint": f"{world.enterprise_a.credit_code} · 长寿路街道"}]


def test_another_districts_enterprise_is_never_offered(world, login, staff) -> None:  # type: ignore[no-untyped-def]
    client = login(staff)
    assert texts(client, ENTERPRISES, "上海") == ["上海乙餐饮管理有限公司", "上海甲科技有限公司"]  # newest first
    assert texts(client, ENTERPRISES, "静安") == []
    assert texts(client, ENTERPRISES, world.far_enterprise.credit_code) == []
    # and the other district's staff see theirs only
    assert texts(login(world.users["far_staff"]), ENTERPRISES, "上海") == ["上海静安丙贸易有限公司"]


def test_enterprises_are_found_by_the_start_of_the_credit_code(world, login, staff) -> None:  # type: ignore[no-untyped-def]
    code = world.enterprise_b.credit_code
    client = login(staff)
    assert texts(client, ENTERPRISES, code) == [world.enterprise_b.name]
    assert world.enterprise_b.name in texts(client, ENTERPRISES, code[:8])
    assert texts(client, ENTERPRISES, code.lower()) == [world.enterprise_b.name]  # typed in lower case


@pytest.mark.parametrize("query", ["甲", "餐饮", "乙餐", "科"])
def test_one_and_two_character_queries_find_enterprises(world, login, staff, query) -> None:  # type: ignore[no-untyped-def]
    names = texts(login(staff), ENTERPRISES, query)
    assert names and all(query in name for name in names)


def test_an_empty_query_lists_nothing(world, login, staff) -> None:  # type: ignore[no-untyped-def]
    client = login(staff)
    assert results(client, ENTERPRISES, "") == []
    assert results(client, ENTERPRISES, "   ") == []


def test_a_full_width_or_spaced_query_is_normalised(world, login, staff) -> None:  # type: ignore[no-untyped-def]
    code = world.enterprise_a.credit_code
    full_width = "".join(chr(ord(ch) + 0xFEE0) for ch in code)  # Ｏ１２… as a Chinese keyboard may type it
    client = login(staff)
    assert texts(client, ENTERPRISES, full_width) == [world.enterprise_a.name]
    assert texts(client, ENTERPRISES, "  甲科技  ") == [world.enterprise_a.name]


def test_at_most_the_limit_of_enterprises_comes_back_newest_first(world, login, staff) -> None:  # type: ignore[no-untyped-def]
    made = [make_enterprise(world.district, name=f"上海批量{n:02d}号科技有限公司") for n in range(LOOKUP_LIMIT + 5)]
    names = texts(login(staff), ENTERPRISES, "批量")
    assert names == [e.name for e in reversed(made)][:LOOKUP_LIMIT]


def test_a_query_longer_than_100_characters_is_cut_not_refused(world, login, staff) -> None:  # type: ignore[no-untyped-def]
    assert results(login(staff), ENTERPRISES, "科" * 500) == []


def _same_queries(client, url: str, q: str, grow) -> None:  # type: ignore[no-untyped-def]
    client.get(url, {"q": q})  # warm the session and the reference data
    with CaptureQueriesContext(connection) as few:
        assert client.get(url, {"q": q}).status_code == 200
    few_rows = len(client.get(url, {"q": q}).json()["results"])
    grow()
    with CaptureQueriesContext(connection) as many:
        response = client.get(url, {"q": q})
    assert len(response.json()["results"]) > few_rows
    assert len(many.captured_queries) == len(few.captured_queries), [q["sql"] for q in many.captured_queries]


def test_the_enterprise_lookup_runs_the_same_queries_for_2_or_40_matches(world, login, staff) -> None:  # type: ignore[no-untyped-def]
    _same_queries(login(staff), ENTERPRISES, "上海", lambda: [
        make_enterprise(world.district, name=f"上海{n}号贸易有限公司") for n in range(38)])


# --- meetings ----------------------------------------------------------------------------------------

@pytest.fixture
def meetings(world, staff):  # type: ignore[no-untyped-def]
    """Three meetings of the district held or to come, a draft, a cancelled one, and one of another district."""
    held = make_meeting(world.district, staff, theme="人工智能企业座谈", state=Meeting.State.HELD,
                        starts_at=local_moment(date(2026, 9, 10), 8))
    later = make_meeting(world.district, staff, theme="跨境电商政策解读", state=Meeting.State.OPEN,
                         starts_at=local_moment(date(2026, 10, 15), 8))
    older = make_meeting(world.district, staff, theme="融资对接早餐会", state=Meeting.State.HELD,
                         starts_at=local_moment(date(2026, 8, 20), 8))
    make_meeting(world.district, staff, theme="草稿里的会议", state=Meeting.State.DRAFT)
    make_meeting(world.district, staff, theme="取消了的会议", state=Meeting.State.CANCELLED)
    make_meeting(world.far_district, world.users["far_staff"], theme="静安区的会议", state=Meeting.State.HELD)
    return held, later, older


def test_meetings_of_the_district_come_newest_first_without_drafts_or_cancelled(world, login, staff,
                                                                                  meetings) -> None:  # type: ignore[no-untyped-def]
    held, later, older = meetings
    rows = results(login(staff), MEETINGS)
    assert [row["value"] for row in rows] == [str(later.pk), str(held.pk), str(older.pk)]
    assert rows[1] == {"value": str(held.pk), "text": f"政企早餐会 第{held.number}期 人工智能企业座谈",
                       "hint": "2026-09-10"}


@pytest.mark.parametrize(("query", "expected"), [
    ("座谈", "人工智能企业座谈"), ("2026-09-10", "人工智能企业座谈"), ("2026/9/10", "人工智能企业座谈"),
    ("2026年9月10日", "人工智能企业座谈"), ("2026-08", "融资对接早餐会"), ("跨境", "跨境电商政策解读"),
])
def test_a_meeting_is_found_by_theme_day_or_month(world, login, staff, meetings, query, expected) -> None:  # type: ignore[no-untyped-def]
    assert [text.split(" ", 2)[2] for text in texts(login(staff), MEETINGS, query)] == [expected]


def test_a_meeting_is_found_by_its_number_in_the_series_and_a_wrong_date_is_just_words(
        world, login, staff, meetings) -> None:  # type: ignore[no-untyped-def]
    held = meetings[0]
    client = login(staff)
    assert str(held.pk) in [row["value"] for row in results(client, MEETINGS, f"第{held.number}期")]
    assert results(client, MEETINGS, "2026-02-30") == []
    assert results(client, MEETINGS, "静安") == []


def test_the_meeting_lookup_runs_the_same_queries_for_3_or_30_meetings(world, login, staff, meetings) -> None:  # type: ignore[no-untyped-def]
    def grow() -> None:
        for n in range(27):
            make_meeting(world.district, staff, theme=f"第{n}场", state=Meeting.State.HELD,
                         starts_at=local_moment(date(2026, 7, 1), 8) - timedelta(days=n))
    _same_queries(login(staff), MEETINGS, "", grow)


# --- the appeal to merge into ------------------------------------------------------------------------

def test_merge_targets_are_the_other_open_appeals_of_the_same_enterprise(world, login, staff, submit) -> None:  # type: ignore[no-untyped-def]
    appeal, twin, closed_one = submit(title="续贷难"), submit(title="续贷仍然困难"), submit(title="已撤回的")
    actions.withdraw(closed_one.pk, acting_user=world.users["ent_user"])
    other_enterprise = actions.submit_appeal(
        enterprise=world.enterprise_b, acting_user=staff, kind=appeal.kind, category=appeal.category,
        title="续贷乙", content="乙企业的诉求", source="hotline")
    rows = results(login(staff), merge_targets_url(appeal.pk))
    assert [row["value"] for row in rows] == [str(twin.pk)]
    twin.refresh_from_db()
    assert rows[0]["text"] == f"{twin.number} 续贷仍然困难"
    assert str(other_enterprise.pk) not in [row["value"] for row in results(login(staff),
                                                                             merge_targets_url(appeal.pk), "续贷")]


def test_merge_targets_are_found_by_title_or_number(world, login, staff, submit) -> None:  # type: ignore[no-untyped-def]
    appeal, first, second = submit(title="续贷难"), submit(title="厂房租金上涨"), submit(title="招工困难")
    client = login(staff)
    first.refresh_from_db()
    second.refresh_from_db()
    assert texts(client, merge_targets_url(appeal.pk), "租金") == [f"{first.number} 厂房租金上涨"]
    assert texts(client, merge_targets_url(appeal.pk), f"#{second.pk}") == [f"{second.number} 招工困难"]
    assert texts(client, merge_targets_url(appeal.pk), second.number) == [f"{second.number} 招工困难"]


def test_the_merge_lookup_of_an_appeal_not_visible_is_404(world, login, submit) -> None:  # type: ignore[no-untyped-def]
    appeal = submit()
    assert login(world.users["far_staff"]).get(merge_targets_url(appeal.pk)).status_code == 404


def test_the_merge_lookup_runs_the_same_queries_for_2_or_25_targets(world, login, staff, submit) -> None:  # type: ignore[no-untyped-def]
    appeal = submit()
    submit(), submit()
    _same_queries(login(staff), merge_targets_url(appeal.pk), "", lambda: [submit() for _ in range(23)])
