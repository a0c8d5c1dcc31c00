"""The chamber officer's start-page entries (accounts.workbench): what the chambers module will bring,
in Chinese, and the pages open to them today, without a query."""

from __future__ import annotations

from kaopu.core.registry import registry


def test_the_chamber_officer_is_told_what_the_chambers_module_will_bring(world):  # type: ignore[no-untyped-def]
    officer = world.users["chamber_officer"]
    notices = registry.notices_for(officer)
    assert [notice.key for notice in notices] == ["accounts.chambers_coming"]
    text = str(notices[0].text)
    for words in ("会员企业", "商会活动", "四好", "评审得分", "一会一品牌"):
        assert words in text
    for who in ("staff", "ent_user", "bank_officer", "lawyer"):
        assert "accounts.chambers_coming" not in {n.key for n in registry.notices_for(world.users[who])}


def test_the_chamber_officer_gets_the_pages_open_to_them_and_they_open(world, login,  # type: ignore[no-untyped-def]
                                                                        django_assert_num_queries):
    officer = world.users["chamber_officer"]
    with django_assert_num_queries(0):
        rows = registry.panels["accounts.chamber_links"].rows(officer, 5)
    assert [row.url for row in rows] == ["/meetings/", "/meetings/calendar/", "/board/"]
    assert rows[0].text == "近期政企沟通会议"
    client = login(officer)
    for row in rows:
        assert client.get(row.url).status_code == 200
