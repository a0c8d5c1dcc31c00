"""Chambers in the platform search (chambers/search.py): by name; staff and leaders their district's, a
chamber officer only their own chamber; "more" opens the chamber list filtered by the same text."""

from __future__ import annotations

from kaopu.core.registry import registry

CHAMBERS = registry.search_providers["chambers.chambers"]


def test_staff_find_their_districts_chambers_by_name(world, chamber, other_chamber, far_chamber):
    hits = CHAMBERS.search(world.users["staff"], "商会", 5)
    assert {hit.text for hit in hits} == {chamber.name, other_chamber.name}
    assert CHAMBERS.search(world.users["staff"], "温州", 5)[0].url == f"/chambers/{other_chamber.pk}/"


def test_more_opens_the_list_filtered_by_the_same_text(world, login, chamber, other_chamber):
    url = CHAMBERS.more_url(world.users["staff"], "温州")
    assert [c.name for c in login(world.users["staff"]).get(url).context["page"].items] == ["普陀区温州商会"]


def test_an_officer_finds_only_their_own_chamber(world, chamber, other_chamber):
    officer = world.users["chamber_officer"]
    assert [hit.text for hit in CHAMBERS.search(officer, "商会", 5)] == [chamber.name]
    assert CHAMBERS.search(officer, "温州", 5) == []


def test_other_roles_do_not_search_chambers(world, chamber):
    for persona in ("ent_user", "handler", "bank_officer", "lawyer"):
        assert world.users[persona].role not in CHAMBERS.roles or not CHAMBERS.search(world.users[persona], "商会", 5)
