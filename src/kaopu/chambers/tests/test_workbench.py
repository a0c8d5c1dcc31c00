"""The chamber officer's start page: their chamber's members panel, the to-dos of terms ending and of this
year's brand projects without outcomes; the placeholder notice is gone. A fixed number of queries."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from kaopu.chambers import actions
from kaopu.chambers.testing import add_members, make_enterprises
from kaopu.core.registry import registry

DAY = date(2026, 5, 20)


@pytest.fixture(autouse=True)
def _clock(pin_clock):  # type: ignore[no-untyped-def]
    pin_clock(DAY)


def test_the_officer_sees_their_members_count_and_last_changes(world, chamber, other_chamber):
    officer = world.users["chamber_officer"]
    actions.add_member(chamber, acting_user=officer, enterprise=world.enterprise_a, role="president")
    actions.add_member(other_chamber, acting_user=world.users["staff"], enterprise=world.enterprise_b)
    rows = registry.panels["chambers.our_chamber"].rows(officer, 5)
    assert [row.text for row in rows] == ["现有会员 1 家", "上海甲科技有限公司"]
    assert rows[1].detail == "会长 · 2026-05-20"


def test_the_panel_costs_three_queries_whatever_the_members(world, chamber, django_assert_num_queries):
    officer = world.users["chamber_officer"]
    add_members(chamber, make_enterprises(world.district, 3), world.users["staff"])
    with django_assert_num_queries(3):
        registry.panels["chambers.our_chamber"].rows(officer, 5)
    add_members(chamber, make_enterprises(world.district, 40), world.users["staff"])
    with django_assert_num_queries(3):
        registry.panels["chambers.our_chamber"].rows(officer, 5)


def test_an_officer_without_a_recorded_chamber_is_told_so(world, login):
    officer = world.users["chamber_officer"]
    assert registry.panels["chambers.our_chamber"].rows(officer, 5) == []
    page = login(officer).get(reverse("chambers:our_chamber")).content.decode()
    assert "本会尚未在平台登记" in page


def test_the_start_page_shows_the_chambers_entries_and_no_placeholder(world, login, chamber):
    page = login(world.users["chamber_officer"]).get(reverse("core:home")).content.decode()
    assert "本会会员" in page and "notice-accounts-chambers_coming" not in page
    assert "accounts.chambers_coming" not in registry.notices
