"""“My enterprise”: an enterprise user's own entry; every other role gets 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

URL = reverse("directory:my_enterprise")


def test_enterprise_user_sees_its_own_enterprise(world, login, ent_user):
    response = login(ent_user).get(URL)
    assert response.status_code == 200
    assert world.enterprise_a.name in response.text
    assert world.enterprise_b.name not in response.text


def test_the_other_enterprise_user_sees_its_own_one(world, login, other_ent_user):
    response = login(other_ent_user).get(URL)
    assert world.enterprise_b.name in response.text
    assert world.enterprise_a.name not in response.text


@pytest.mark.parametrize("persona", ["staff", "leader", "far_staff", "handler", "chamber_officer",
                                     "bank_officer", "lawyer", "sysadmin", "secadmin", "auditadmin"])
def test_other_roles_have_no_own_enterprise(world, login, persona):
    assert login(world.users[persona]).get(URL).status_code == 404


def test_the_start_page_of_an_enterprise_user_links_to_its_enterprise_in_the_menu(login, ent_user):
    response = login(ent_user).get(reverse("core:home"))
    assert response.status_code == 200
    assert f'href="{URL}"' in response.content.decode()
