"""Honours (kaopu.giving.actions.save_honour, remove_honour): exactly one holder, the three levels, the
certificate re-encoded, staff of the district only; the cockpit's count and the platform search."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import IntegrityError, transaction
from django.http import Http404

from kaopu.audit.models import AuditEntry
from kaopu.chambers.tests.uploads import jpeg_upload
from kaopu.core.registry import Scope
from kaopu.giving import actions, metrics, search
from kaopu.giving.models import Honour
from kaopu.giving.testing import make_honour, receipt

pytestmark = pytest.mark.django_db


def test_an_honour_of_each_holder_kind(world, staff, chamber):
    fic = make_honour(staff)
    firm = make_honour(staff, kind="enterprise", enterprise=world.enterprise_a.pk, title="上海市文明单位")
    person = make_honour(staff, kind="person", person_name="周晓东", enterprise=world.enterprise_a,
                         title="上海市优秀中国特色社会主义事业建设者", level="municipal")
    own = make_honour(staff, kind="chamber", chamber=chamber.pk, title="全国“四好”商会")
    assert [h.holder for h in (fic, firm, person, own)] == [
        "区工商联", "上海甲科技有限公司", "周晓东（上海甲科技有限公司）", chamber.name]
    assert fic.district_id == world.district.pk and person.get_level_display() == "市级（省部级）"
    assert "新增荣誉「上海市文明单位」（上海甲科技有限公司，2024年，国家级）" in AuditEntry.objects.filter(
        object_type="giving.honour").values_list("summary", flat=True)


@pytest.mark.parametrize(("values", "field"), [
    ({"level": "galactic"}, "level"), ({"year": "1900"}, "year"), ({"year": "2027"}, "year"),
    ({"title": ""}, "title"), ({"awarded_by": ""}, "awarded_by"), ({"kind": "person", "person_name": ""},
                                                                    "person_name"),
    ({"kind": "enterprise"}, "enterprise"),
])
def test_bad_input_is_refused(world, staff, values, field, pin_clock):
    pin_clock(date(2026, 9, 28))
    with pytest.raises(actions.GivingError) as refused:
        make_honour(staff, **values)
    assert refused.value.field == field and refused.value.message
    assert not Honour.objects.exists()


def test_only_staff_of_the_district_record_and_remove(world, staff, far_staff, leader, ent_user):
    for user in (leader, ent_user):
        with pytest.raises(actions.GivingError):
            make_honour(user)
    honour = make_honour(staff)
    with pytest.raises(Http404):
        actions.remove_honour(honour.pk, acting_user=far_staff)
    actions.remove_honour(honour.pk, acting_user=staff)
    assert not Honour.objects.exists()


def test_the_certificate_is_re_encoded_and_a_non_image_refused(world, staff, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    honour = make_honour(staff, certificate=jpeg_upload("证书.jpg", size=(300, 200)))
    assert honour.certificate_type == "image/jpeg" and honour.certificate.name.startswith("giving/certificates/")
    with pytest.raises(actions.GivingError) as refused:
        actions.save_honour(honour.pk, acting_user=staff, certificate=receipt("证书.png"), kind="fic",
                            title=honour.title, level=honour.level, year=honour.year, awarded_by="全国工商联")
    assert refused.value.field == "certificate"


def test_the_database_holds_exactly_one_holder(world, staff):
    base = {"district": world.district, "title": "x", "level": "district", "year": 2024, "awarded_by": "y",
            "created_by": staff}
    for wrong in ({"kind": "fic", "enterprise": world.enterprise_a}, {"kind": "enterprise"},
                  {"kind": "person", "person_name": ""}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Honour.objects.create(**base, **wrong)


def test_the_cockpit_counts_the_honours_of_the_years_the_period_touches(world, staff, far_staff):
    for year in (2024, 2025, 2025):
        make_honour(staff, year=year)
    make_honour(far_staff, year=2025)
    scope = Scope((world.district.pk,), date(2025, 1, 1), date(2025, 12, 31))
    assert metrics.compute(scope)["giving.honours"] == 2
    both = Scope((world.district.pk, world.far_district.pk), date(2024, 6, 1), date(2025, 5, 31))
    assert {k: v["giving.honours"] for k, v in metrics.by_district(both).items()} == {
        world.district.pk: 3, world.far_district.pk: 1}


def test_the_search_finds_the_districts_honours_and_donations_only(world, staff, far_staff):
    from kaopu.giving.testing import make_donation

    make_honour(staff, kind="enterprise", enterprise=world.enterprise_a, title="上海市文明单位")
    make_donation(staff, enterprise=world.enterprise_a, recipient="普陀区教育基金会")
    assert [hit.text for hit in search.honour_hits(staff, "甲科技", 5)] == ["上海市文明单位"]
    assert len(search.donation_hits(staff, "教育基金", 5)) == 1
    assert search.honour_hits(far_staff, "文明", 5) == [] and search.donation_hits(far_staff, "教育", 5) == []
