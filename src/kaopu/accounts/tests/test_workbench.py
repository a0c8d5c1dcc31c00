"""The chamber officer's start-page links (accounts.workbench): the pages of other apps open to them,
without a query. Their chamber's own entries are the chambers module's (chambers/tests/test_workbench.py)."""

from __future__ import annotations

from kaopu.core.registry import registry


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
