"""Designating, editing and changing the status of education sites: staff of the district only, every
input checked with a message naming the field, every change audited in words."""

from __future__ import annotations

from datetime import date

import pytest
from django.http import Http404

from kaopu.audit.models import AuditEntry
from kaopu.programs import actions_sites
from kaopu.programs.actions_sites import SiteError
from kaopu.programs.models import EducationSite
from kaopu.programs.tests.lectsites import DAY, make_site

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def pinned(pin_clock):  # type: ignore[no-untyped-def]
    pin_clock(DAY)


def test_staff_designate_a_site_hosted_by_an_enterprise_named_by_its_credit_code(staff, world):  # type: ignore[no-untyped-def]
    site = make_site(staff, host_enterprise=world.enterprise_a.credit_code.lower(), subdistrict=world.subdistrict.pk)
    assert (site.district, site.host_enterprise, site.subdistrict) == (world.district, world.enterprise_a,
                                                                       world.subdistrict)
    assert (site.status, site.status_since) == (EducationSite.Status.ACTIVE, None)  # since its designation
    entry = AuditEntry.objects.get(action="create", object_type="programs.educationsite")
    assert entry.summary == "新增教育基地「上海甲科技有限公司理想信念教育指导点」（指导点）"


@pytest.mark.parametrize(("values", "field", "words"), [
    ({"name": ""}, "name", "基地名称：此项必填"),
    ({"kind": "museum"}, "kind", "基地类别：请从列表中选择"),
    ({"designated_year": "1989"}, "designated_year", "命名年份：应在 1990 到 2026 之间"),
    ({"designated_year": "2027"}, "designated_year", "命名年份：应在 1990 到 2026 之间"),
    ({"capacity": "十"}, "capacity", "容纳人数：请填写整数"),
    ({"contact_phone": "call me"}, "contact_phone", "联系电话"),
])
def test_bad_input_is_refused_naming_the_field_and_nothing_is_written(staff, values, field, words):  # type: ignore[no-untyped-def]
    with pytest.raises(SiteError) as refused:
        make_site(staff, **values)
    assert refused.value.field == field and words in refused.value.message
    assert not EducationSite.objects.exists() and not AuditEntry.objects.filter(action="create").exists()


def test_hosts_of_another_district_two_hosts_and_a_taken_name_are_refused(staff, world, far_chamber, chamber):  # type: ignore[no-untyped-def]
    with pytest.raises(SiteError, match="本区企业名录中没有"):
        make_site(staff, host_enterprise=world.far_enterprise.credit_code)
    with pytest.raises(SiteError, match="请选择本区的"):
        make_site(staff, host_chamber=far_chamber.pk)
    with pytest.raises(SiteError, match="只有一个承办方"):
        make_site(staff, host_enterprise=world.enterprise_a.pk, host_chamber=chamber.pk)
    make_site(staff)
    with pytest.raises(SiteError, match="本区已有同名的教育基地"):
        make_site(staff)


def test_only_staff_of_the_district_designate_and_a_guessed_site_is_not_found(staff, far_staff, chamber_officer,  # type: ignore[no-untyped-def]
                                                                             leader):
    for user in (chamber_officer, leader):
        with pytest.raises(SiteError):
            make_site(user)
    site = make_site(staff)
    with pytest.raises(Http404):
        actions_sites.update_site(site.pk, acting_user=far_staff, name="改名", kind="guidance", designated_year=2020)
    with pytest.raises(Http404):
        actions_sites.change_site_status(site.pk, acting_user=far_staff, status="withdrawn", on=DAY, reason="撤销")


def test_a_status_change_keeps_its_day_and_reason_and_is_audited(staff):  # type: ignore[no-untyped-def]
    site = make_site(staff)
    with pytest.raises(SiteError, match="原因：此项必填"):
        actions_sites.change_site_status(site, acting_user=staff, status="suspended", on=DAY)
    with pytest.raises(SiteError, match="不能晚于今天"):
        actions_sites.change_site_status(site, acting_user=staff, status="suspended", on=date(2026, 9, 16),
                                         reason="场馆改造")
    with pytest.raises(SiteError, match="不能早于基地命名的年份（2021）"):
        actions_sites.change_site_status(site, acting_user=staff, status="suspended", on=date(2020, 12, 31),
                                         reason="场馆改造")
    with pytest.raises(SiteError, match="已是这一状态"):
        actions_sites.change_site_status(site, acting_user=staff, status="active", on=DAY)
    actions_sites.change_site_status(site, acting_user=staff, status="suspended", on="2026-09-15", reason="场馆改造")
    site.refresh_from_db()
    assert (site.status, site.status_since, site.status_reason) == ("suspended", DAY, "场馆改造")
    with pytest.raises(SiteError, match="不能早于当前状态的日期"):
        actions_sites.change_site_status(site, acting_user=staff, status="active", on=date(2026, 9, 1))
    assert AuditEntry.objects.filter(summary="教育基地「上海甲科技有限公司理想信念教育指导点」（指导点）"
                                             "自 2026-09-15 起由“正常”改为“暂停”，原因：场馆改造").exists()


def test_an_edit_replaces_the_fields_and_names_what_changed(staff, chamber):  # type: ignore[no-untyped-def]
    site = make_site(staff)
    actions_sites.update_site(site, acting_user=staff, name="青年商会理想信念教育示范点", kind="demonstration",
                              designated_year=2023, host_chamber=chamber.pk, capacity="80")
    site.refresh_from_db()
    assert (site.kind, site.host_chamber, site.host_enterprise, site.capacity, site.address) == (
        "demonstration", chamber, None, 80, "")
    entry = AuditEntry.objects.get(action="update", object_type="programs.educationsite")
    assert "青年商会理想信念教育示范点" in entry.summary and "capacity" in entry.data["changed"]
