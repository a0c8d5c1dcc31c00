"""The chamber's own record: staff create and edit it (a social organisation's code, what its kind covers),
change its status, link it to its officers' organisation; nobody else does."""

from __future__ import annotations

from datetime import date

import pytest
from django.http import Http404
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kaopu.accounts.models import Organisation
from kaopu.accounts.roles import OrganisationKind
from kaopu.audit.models import AuditEntry
from kaopu.chambers import actions
from kaopu.chambers.actions import ChamberError
from kaopu.chambers.models import Chamber
from kaopu.chambers.testing import chamber_code
from kaopu.core.testing import make_credit_code

DAY = date(2026, 5, 20)


@pytest.fixture(autouse=True)
def _clock(pin_clock):  # type: ignore[no-untyped-def]
    pin_clock(DAY)


def _values(world, **changes):  # type: ignore[no-untyped-def]
    values = {"name": "普陀区长寿路街道商会", "kind": "subdistrict", "founded_on": date(2012, 3, 1),
              "credit_code": chamber_code(901), "subdistrict": world.subdistrict, "secretary_general": "李敏",
              "address": "普陀区长寿路 1 号", "phone": "021-62000000", "introduction": "服务辖区企业"}
    values.update(changes)
    return values


def test_staff_record_a_chamber_and_the_audit_names_it(world):
    chamber = actions.create_chamber(acting_user=world.users["staff"], **_values(world))
    assert chamber.district == world.district and chamber.status == "active"
    assert "普陀区长寿路街道商会" in AuditEntry.objects.latest("sequence").summary


def test_an_enterprises_code_is_refused_with_the_rule_in_chinese(world):
    with pytest.raises(ChamberError) as refused:
        actions.create_chamber(acting_user=world.users["staff"], **_values(world, credit_code=make_credit_code(3)))
    assert refused.value.field == "credit_code" and "以 5 开头" in refused.value.message


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.one_of(st.text(max_size=20), st.sampled_from([chamber_code(5), make_credit_code(5)])))
def test_any_text_that_is_not_a_valid_code_is_refused_never_saved(world, text):  # type: ignore[no-untyped-def]
    try:
        chamber = actions.create_chamber(acting_user=world.users["staff"], **_values(world, credit_code=text,
                                                                                      name=f"测试{len(text)}"))
    except ChamberError as refused:
        assert refused.field in {"credit_code", "name"}
    else:  # only a valid social organisation's code passes
        assert chamber.credit_code.startswith("5")
        chamber.delete()


@pytest.mark.parametrize(("kind", "missing", "field"), [("subdistrict", "subdistrict", "subdistrict"),
                                                         ("industry", "industry_section", "industry_section"),
                                                         ("regional", "home_region", "home_region")])
def test_a_kind_names_what_it_covers(world, kind, missing, field):
    values = _values(world, kind=kind, subdistrict=None, industry_section=None, home_region="")
    with pytest.raises(ChamberError) as refused:
        actions.create_chamber(acting_user=world.users["staff"], **values)
    assert refused.value.field == field


def test_a_name_used_in_the_district_is_refused(world, chamber):
    with pytest.raises(ChamberError) as refused:
        actions.create_chamber(acting_user=world.users["staff"], **_values(world, name=chamber.name))
    assert refused.value.field == "name"


@pytest.mark.parametrize("persona", ["leader", "chamber_officer", "ent_user"])
def test_only_staff_record_or_edit_a_chamber(world, chamber, persona):
    with pytest.raises(ChamberError):
        actions.create_chamber(acting_user=world.users[persona], **_values(world))
    with pytest.raises(ChamberError):
        actions.update_chamber(chamber, acting_user=world.users[persona], name="新名称")


def test_far_staff_cannot_edit_another_districts_chamber(world, chamber):
    with pytest.raises(Http404):
        actions.update_chamber(chamber, acting_user=world.users["far_staff"], name="新名称")


def test_a_merge_names_the_chamber_and_the_date(world, chamber, other_chamber):
    with pytest.raises(ChamberError) as refused:
        actions.change_status(chamber, acting_user=world.users["staff"], status="merged", on=date(2026, 4, 1))
    assert refused.value.field == "merged_into"
    with pytest.raises(ChamberError) as refused:
        actions.change_status(chamber, acting_user=world.users["staff"], status="merged", merged_into=other_chamber)
    assert refused.value.field == "on"
    merged = actions.change_status(chamber, acting_user=world.users["staff"], status="merged", on=date(2026, 4, 1),
                                   merged_into=other_chamber)
    assert (merged.status, merged.merged_into, merged.status_changed_on) == ("merged", other_chamber, date(2026, 4, 1))
    assert "并入「普陀区温州商会」" in AuditEntry.objects.latest("sequence").summary
    active = actions.change_status(chamber, acting_user=world.users["staff"], status="active")
    assert active.merged_into is None and active.status_changed_on is None


def test_linking_creates_the_organisation_when_none_is_given(world):
    chamber = actions.create_chamber(acting_user=world.users["staff"], **_values(world))
    organisation = actions.link_organisation(chamber, acting_user=world.users["staff"])
    assert (organisation.kind, organisation.name, organisation.district) == (
        OrganisationKind.CHAMBER, chamber.name, world.district)
    chamber.refresh_from_db()
    assert chamber.organisation == organisation


def test_an_organisation_linked_to_another_chamber_is_refused(world, chamber):
    fresh = actions.create_chamber(acting_user=world.users["staff"], **_values(world))
    with pytest.raises(ChamberError) as refused:
        actions.link_organisation(fresh, acting_user=world.users["staff"], organisation=chamber.organisation)
    assert refused.value.field == "organisation"
    bank = Organisation.objects.get(kind=OrganisationKind.BANK)
    with pytest.raises(ChamberError):
        actions.link_organisation(fresh, acting_user=world.users["staff"], organisation=bank)


def test_the_record_pages_save_through_the_actions(world, login):
    client = login(world.users["staff"])
    data = {"name": "普陀区餐饮商会", "kind": "industry", "founded_on": "2015-06-01", "credit_code": chamber_code(77),
            "industry_section": "H"}
    response = client.post("/chambers/new/", data)
    chamber = Chamber.objects.get(name="普陀区餐饮商会")
    assert response.status_code == 302 and response.url == f"/chambers/{chamber.pk}/"
    refused = client.post(f"/chambers/{chamber.pk}/edit/", {**data, "credit_code": make_credit_code(5)}, follow=True)
    assert "以 5 开头" in refused.content.decode()
