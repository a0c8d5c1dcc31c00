"""Meetings in the platform search (dialogues/search.py): found by theme, kind, number or date with the
meeting picker's own rule, through the access rule; the staff's meeting list and the enterprise's list of
open meetings gained the same q filter that "more" opens."""

from __future__ import annotations

from datetime import date

import pytest

from kaopu.core.registry import registry
from kaopu.core.testing import local_moment
from kaopu.dialogues.models import Meeting
from kaopu.dialogues.testing import make_meeting

pytestmark = pytest.mark.django_db

MEETINGS = registry.search_providers["dialogues.meetings"]


@pytest.fixture(autouse=True)
def _fixed_today(pin_clock):  # type: ignore[no-untyped-def]
    pin_clock(date(2026, 9, 28))


@pytest.fixture
def meetings(world, staff):  # type: ignore[no-untyped-def]
    """第1期 数字经济 (open, 10-09), 第2期 数字化转型 (draft), 第3期 餐饮企业 (held), and another district's 数字."""
    return [
        make_meeting(world.district, staff, theme="数字经济企业发展", starts_at=local_moment(date(2026, 10, 9), 9)),
        make_meeting(world.district, staff, theme="数字化转型座谈", state=Meeting.State.DRAFT),
        make_meeting(world.district, staff, theme="餐饮企业食品安全", state=Meeting.State.HELD),
        make_meeting(world.far_district, staff, theme="数字贸易"),
    ]


def _themes(hits) -> list[str]:  # type: ignore[no-untyped-def]
    return [hit.text.split(" ", 2)[2] for hit in hits]


@pytest.mark.parametrize(("query", "themes"), [
    ("数字", ["数字化转型座谈", "数字经济企业发展"]),
    ("第3期", ["餐饮企业食品安全"]),
    ("2026-10-09", ["数字经济企业发展"]),
    ("早餐会", ["餐饮企业食品安全", "数字化转型座谈", "数字经济企业发展"]),
])
def test_staff_find_their_districts_meetings_by_theme_number_date_or_kind(staff, meetings, query, themes) -> None:
    assert _themes(MEETINGS.search(staff, query, 5)) == themes


def test_a_staff_hit_opens_the_meeting_and_more_opens_the_filtered_list(staff, meetings, login) -> None:
    hits = MEETINGS.search(staff, "数字经济", 5)
    assert [hit.url for hit in hits] == [f"/dialogues/{meetings[0].pk}/"]
    assert hits[0].detail.startswith("2026-10-09 09:00")
    url = MEETINGS.more_url(staff, "数字")
    assert url == "/dialogues/?q=%E6%95%B0%E5%AD%97"
    page = login(staff).get(url).context["page"]
    assert [m.theme for m in page.items] == ["数字化转型座谈", "数字经济企业发展"]


def test_an_enterprise_finds_the_open_meetings_its_list_shows(ent_user, meetings, login) -> None:
    hits = MEETINGS.search(ent_user, "数字", 5)
    assert _themes(hits) == ["数字经济企业发展"]  # neither the draft nor another district's
    assert hits[0].url == f"/dialogues/my/{meetings[0].pk}/"
    url = MEETINGS.more_url(ent_user, "数字")
    assert url == "/dialogues/my/?q=%E6%95%B0%E5%AD%97"
    assert [m.theme for m in login(ent_user).get(url).context["page"].items] == ["数字经济企业发展"]
    assert list(login(ent_user).get("/dialogues/my/", {"q": "餐饮"}).context["page"].items) == []


def test_roles_without_meetings_do_not_search_them(world) -> None:
    for name in ("handler", "bank_officer", "lawyer", "chamber_officer", "sysadmin"):
        assert MEETINGS not in registry.search_providers_for(world.users[name])


def test_one_query_whatever_the_number_of_meetings(world, staff, django_assert_num_queries) -> None:
    make_meeting(world.district, staff, theme="数字一")
    with django_assert_num_queries(1):
        MEETINGS.search(staff, "数字", 6)
    for n in range(8):
        make_meeting(world.district, staff, theme=f"数字{n}")
    with django_assert_num_queries(1):
        assert len(MEETINGS.search(staff, "数字", 6)) == 6
