"""Who sees which chamber: staff their district's, leaders read, an officer only their own chamber."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from kaopu.chambers.models import Chamber
from kaopu.chambers.models.chamber import validate_chamber_code
from kaopu.chambers.testing import chamber_code
from kaopu.core import access
from kaopu.core.testing import make_credit_code


def test_staff_see_their_districts_chambers_only(world, chamber, other_chamber, far_chamber):
    assert set(access.scope(world.users["staff"], Chamber)) == {chamber, other_chamber}
    assert set(access.scope(world.users["far_staff"], Chamber)) == {far_chamber}


def test_a_leader_reads_but_does_not_change(world, chamber):
    assert list(access.scope(world.users["leader"], Chamber)) == [chamber]
    assert not access.scope(world.users["leader"], Chamber, "change").exists()


def test_an_officer_sees_only_their_own_chamber_even_by_guessing_its_id(world, chamber, other_chamber):
    officer = world.users["chamber_officer"]
    assert list(access.scope(officer, Chamber)) == [chamber]
    with pytest.raises(Http404):
        access.get_object_for_user(officer, Chamber, other_chamber.pk)
    assert not access.scope(officer, Chamber, "change").exists()  # the chamber's record is the FIC's


@pytest.mark.parametrize("persona", ["ent_user", "handler", "bank_officer", "lawyer", "sysadmin", "secadmin",
                                     "auditadmin"])
def test_other_roles_see_no_chamber(world, chamber, persona):
    assert not access.scope(world.users[persona], Chamber).exists()


def test_a_chambers_code_is_a_social_organisations():
    assert validate_chamber_code(chamber_code(7).lower()) == chamber_code(7)
    with pytest.raises(ValidationError) as refused:
        validate_chamber_code(make_credit_code(7))  # an enterprise's code (91…)
    assert refused.value.code == "not_social_organisation"
