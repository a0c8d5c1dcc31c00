"""A district's abbreviation begins its appeal numbers: by default the pinyin initials of its name without
the suffix, with the place names pypinyin misreads corrected; unique; the system administrator edits it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kaopu.audit.models import AuditEntry
from kaopu.directory import abbreviations
from kaopu.directory.models import District

# Shanghai's sixteen districts and Beijing's, and county-level names whose first characters have two readings.
KNOWN = {
    "普陀区": "PT", "黄浦区": "HP", "徐汇区": "XH", "长宁区": "CN", "静安区": "JA", "虹口区": "HK", "杨浦区": "YP",
    "闵行区": "MH", "宝山区": "BS", "嘉定区": "JD", "浦东新区": "PD", "金山区": "JS", "松江区": "SJ", "青浦区": "QP",
    "奉贤区": "FX", "崇明区": "CM", "东城区": "DC", "西城区": "XC", "朝阳区": "CY", "丰台区": "FT", "石景山区": "SJS",
    "海淀区": "HD", "门头沟区": "MTG", "房山区": "FS", "通州区": "TZ", "顺义区": "SY", "昌平区": "CP", "大兴区": "DX",
    "怀柔区": "HR", "平谷区": "PG", "密云区": "MY", "延庆区": "YQ", "乐清市": "YQ", "长安区": "CA", "单县": "SX",
    "番禺区": "PY", "重庆市渝中区": "CQSYZ", "六安市": "LA", "厦门市思明区": "XMSSM", "大厂回族自治县": "DC",
}


@pytest.mark.parametrize(("name", "initials"), list(KNOWN.items()))
def test_the_default_is_the_names_initials(name: str, initials: str) -> None:
    assert abbreviations.initials(name) == initials


def test_a_taken_abbreviation_gets_a_digit_and_a_name_without_letters_a_fallback() -> None:
    assert abbreviations.derive("和平区", {"HP"}) == "HP2"
    assert abbreviations.derive("和平区", {"HP", "HP2"}) == "HP3"
    assert abbreviations.derive("", set()) == abbreviations.FALLBACK
    assert abbreviations.PATTERN.match(abbreviations.derive("第1区", set()))


def test_a_new_district_gets_one_unless_it_is_given_one(db) -> None:  # type: ignore[no-untyped-def]
    assert District.objects.create(name="和平区").abbreviation == "HP"
    assert District.objects.create(name="天津市和平区", abbreviation="TJHP").abbreviation == "TJHP"
    assert District.objects.create(name="和平县").abbreviation == "HP2"  # the first is taken


def test_the_system_administrator_changes_it_in_the_admin(world, login) -> None:  # type: ignore[no-untyped-def]
    url = reverse("admin:directory_district_change", args=[world.district.pk])
    client = login(world.users["sysadmin"])
    response = client.post(url, {"name": "普陀区", "code": "310107", "abbreviation": "ptq"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert District.objects.get(pk=world.district.pk).abbreviation == "PTQ"  # typed in lower case, kept upper
    assert AuditEntry.objects.filter(object_type="directory.district", object_id=str(world.district.pk)).exists()
    taken = client.post(url, {"name": "普陀区", "code": "310107", "abbreviation": "JA"})  # 静安区's
    assert taken.status_code == 200 and "abbreviation" in taken.context["adminform"].form.errors
    wrong = client.post(url, {"name": "普陀区", "code": "310107", "abbreviation": "P-T"})
    assert "1 至 8 个大写拉丁字母或数字" in str(wrong.context["adminform"].form.errors["abbreviation"])
    assert District.objects.get(pk=world.district.pk).abbreviation == "PTQ"
