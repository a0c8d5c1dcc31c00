"""The menu: every entry leads to a page that exists, each role sees its own entries, one is active."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kaopu.core.context_processors import MENU

pytestmark = pytest.mark.django_db


def test_every_menu_entry_names_a_page_that_exists():
    # The menu leaves out entries whose page is missing (so that a half-installed app breaks no page);
    # this test is what catches a misspelt url name.
    for _group, entries in MENU:
        for _label, name, _roles in entries:
            assert reverse(name)


def menu_of(login, user, path=None):
    response = login(user).get(path or reverse("core:home"), follow=True)
    return response.context["nav_groups"], response.context["nav_items"]


@pytest.mark.parametrize(("persona", "present", "absent"), [
    ("staff", ["/appeals/triage/", "/legal/", "/finance/", "/investment/", "/finance/figures/"],
     ["/finance/bank/", "/legal/my/", "/legal/lawyer/"]),
    ("leader", ["/appeals/overview/", "/finance/figures/", "/investment/", "/legal/settings/"],
     ["/finance/schemes/", "/finance/bank/"]),
    ("ent_user", ["/finance/my/", "/legal/my/"], ["/finance/", "/investment/", "/legal/"]),
    ("bank_officer", ["/finance/bank/"], ["/finance/", "/finance/figures/", "/legal/", "/investment/"]),
    ("lawyer", ["/legal/lawyer/"], ["/legal/", "/finance/", "/investment/"]),
    ("handler", ["/appeals/inbox/"], ["/legal/", "/finance/", "/investment/"]),
])
def test_each_role_sees_its_own_entries(world, login, persona, present, absent):
    _groups, items = menu_of(login, world.users[persona])
    urls = {url for _label, url, _active in items}
    assert set(present) <= urls, persona
    assert not set(absent) & urls, persona


def test_exactly_one_entry_is_active_the_longest_prefix(world, login, staff):
    groups, items = menu_of(login, staff, reverse("finance:bank_list"))
    assert [url for _label, url, active in items if active] == [reverse("finance:bank_list")]
    assert [label for label, _links, active in groups if active] == ["融资服务"]
