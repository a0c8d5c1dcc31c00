"""The giving pages: report with a file, confirm and return through the pages, a bad form's message, the
honour form with its certificate, the start pages' to-dos, the chamber page's sections, and the lists'
fixed number of queries at two data sizes."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kaopu.chambers.tests.uploads import jpeg_upload
from kaopu.giving.models import Category, Donation, Honour
from kaopu.giving.testing import categories, make_donation, make_honour, receipt

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


def _report(category: Category, **extra):  # type: ignore[no-untyped-def]
    return {"kind": "enterprise", "donated_on": "2026-09-01", "category": category.pk, "money": "88,000",
            "goods_value": "", "recipient": "普陀区教育基金会", "project": "爱心助学", **extra}


def test_an_enterprise_reports_staff_confirm_and_the_enterprise_sees_it(world, login, ent_user, staff):
    client = login(ent_user)
    response = client.post(reverse("giving:donation_new"), _report(categories()["助学"], uploads=[receipt()]))
    donation = Donation.objects.get()
    assert response.status_code == 302 and donation.state == Donation.State.REPORTED
    assert donation.money == Decimal("88000.00") and donation.evidence.count() == 1
    home = login(staff).get(reverse("core:home")).content.decode()
    assert "待确认的捐赠" in home
    response = login(staff).post(reverse("giving:donation_confirm", args=[donation.pk]), follow=True)
    assert "捐赠已确认" in response.content.decode()
    page = login(ent_user).get(reverse("giving:my_donations")).content.decode()
    assert 'data-state="confirmed"' in page and "普陀区教育基金会" in page


def test_a_returned_report_shows_the_reason_and_the_enterprise_sends_it_again(world, login, ent_user, staff):
    donation = make_donation(ent_user)
    login(staff).post(reverse("giving:donation_return", args=[donation.pk]), {"reason": "请补充加盖公章的收据。"})
    client = login(ent_user)
    assert "被退回的捐赠报送" in client.get(reverse("core:home")).content.decode()
    page = client.get(reverse("giving:donation_detail", args=[donation.pk])).content.decode()
    assert "请补充加盖公章的收据。" in page and 'id="return-reason"' in page
    response = client.post(reverse("giving:donation_edit", args=[donation.pk]), _report(categories()["公益"]))
    assert response.status_code == 302
    assert Donation.objects.get().state == Donation.State.REPORTED


def test_a_bad_form_says_which_field_and_why_and_writes_nothing(login, ent_user):
    response = login(ent_user).post(reverse("giving:donation_new"), _report(categories()["公益"], money="0"))
    page = response.content.decode()
    assert response.status_code == 200 and "资金与物资折价至少一项大于 0" in page
    assert not Donation.objects.exists()


def test_staff_record_a_donation_by_credit_code_and_it_is_confirmed(world, login, staff):
    values = _report(categories()["公益"], enterprise=world.enterprise_a.credit_code.lower())
    response = login(staff).post(reverse("giving:donation_new"), values)
    assert response.status_code == 302
    assert Donation.objects.get().state == Donation.State.CONFIRMED


def test_staff_record_an_honour_with_its_certificate_and_the_holder_reads_it(world, login, staff, ent_user):
    values = {"kind": "enterprise", "enterprise": world.enterprise_a.name, "title": "上海市文明单位",
              "level": "municipal", "year": "2025", "awarded_by": "上海市精神文明建设委员会",
              "certificate": jpeg_upload("证书.jpg")}
    response = login(staff).post(reverse("giving:honour_new"), values)
    honour = Honour.objects.get()
    assert response.status_code == 302 and honour.certificate_type == "image/jpeg"
    client = login(ent_user)
    assert "上海市文明单位" in client.get(reverse("giving:honour_list")).content.decode()
    image = client.get(reverse("giving:honour_certificate", args=[honour.pk]))
    assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"


def test_a_non_image_certificate_is_refused(world, login, staff):
    values = {"kind": "fic", "title": "全国“五好”县级工商联", "level": "national", "year": "2024",
              "awarded_by": "全国工商联", "certificate": receipt("证书.jpg")}
    page = login(staff).post(reverse("giving:honour_new"), values).content.decode()
    assert "证书.jpg" in page and not Honour.objects.exists()


def test_the_chamber_page_shows_its_honours_and_its_donation_total(world, login, staff, chamber, chamber_officer):
    make_honour(staff, kind="chamber", chamber=chamber, title="全国“四好”商会", year=2025)
    make_donation(staff, kind="chamber", chamber=chamber, money="2000000", category="乡村振兴")
    page = login(chamber_officer).get(reverse("chambers:our_chamber"), follow=True).content.decode()
    assert "全国“四好”商会" in page and "累计捐赠200.00万元" in page


def test_the_category_page_adds_and_retires(login, staff):
    client = login(staff)
    client.post(reverse("giving:categories"), {"name": "应急救援", "sort_order": "65", "is_active": "on"})
    row = Category.objects.get(name="应急救援")
    client.post(reverse("giving:category_edit", args=[row.pk]), {"name": "应急救援", "sort_order": "65"})
    row.refresh_from_db()
    assert not row.is_active


def _donations(world, staff, n):  # type: ignore[no-untyped-def]
    category = categories()["公益"]
    Donation.objects.bulk_create([Donation(
        district=world.district, kind="enterprise", enterprise=(world.enterprise_a, world.enterprise_b)[i % 2],
        category=category, donated_on=date(2020 + i % 6, 3, 1), money=Decimal(100 + i), recipient=f"受赠方{i}",
        state=("confirmed", "reported")[i % 2], created_by=staff) for i in range(n)])


def _honours(world, staff, n):  # type: ignore[no-untyped-def]
    Honour.objects.bulk_create([Honour(
        district=world.district, title=f"荣誉{i}", level=("national", "municipal", "district")[i % 3],
        year=2016 + i % 10, awarded_by="某单位", kind=("fic", "enterprise")[i % 2],
        enterprise=world.enterprise_a if i % 2 else None, created_by=staff) for i in range(n)])


@pytest.mark.parametrize(("persona", "name"), [("staff", "giving:donation_list"), ("ent_user", "giving:my_donations"),
                                               ("staff", "giving:honour_list"), ("ent_user", "giving:honour_list")])
def test_a_list_makes_the_same_queries_for_few_and_many_rows(persona, name, world, login, staff):
    client = login(world.users[persona])
    url = reverse(name)
    _donations(world, staff, 4)
    _honours(world, staff, 4)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _donations(world, staff, 90)
    _honours(world, staff, 90)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(few) == len(many), [q["sql"] for q in many.captured_queries]


def test_the_honour_counts_per_year_and_level(world, login, staff):
    _honours(world, staff, 9)  # 2016–2024, levels national, municipal, district in turn
    page = login(staff).get(reverse("giving:honour_list"), {"level": "national"}).content.decode()
    assert len(re.findall(r'href="/giving/honours/\d+/"', page)) == 3  # the filtered list: 荣誉0, 荣誉3, 荣誉6
    assert 'id="honour-counts"' in page and "国家级" in page
