"""The staff pages and the enterprise user's page: who reaches what, and a fixed number of queries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kaopu.core.testing import make_enterprise
from kaopu.membership import actions
from kaopu.membership.models import Member
from kaopu.membership.testing import make_member, make_person

pytestmark = pytest.mark.django_db


def _members(staff, world, categories, n, start=0):  # type: ignore[no-untyped-def]
    for i in range(start, start + n):
        if i % 3 == 0:
            make_person(staff, categories["会员"], f"会员{i}", phone="13912345678")
        else:
            make_member(staff, make_enterprise(world.district, name=f"上海会员{i}号有限公司"), categories["理事"])


LISTS = [
    ("membership:member_list", ""),
    ("membership:member_list", "?category=1&kind=enterprise&joined=2024&arrears=1"),
    ("membership:arrears", ""),
    ("membership:invoice_list", "?year=2026&unpaid=1"),
    ("membership:application_list", ""),
    ("membership:dues", "?year=2026"),
    ("membership:committee", ""),
]


@pytest.mark.parametrize(("name", "query"), LISTS)
def test_a_list_page_makes_the_same_number_of_queries_at_two_sizes(name, query, staff, world, categories, login,
                                                                   django_assert_num_queries):
    client = login(staff)
    actions.set_dues_rate(acting_user=staff, year=2026, category=categories["会员"], amount="1000")
    actions.set_dues_rate(acting_user=staff, year=2026, category=categories["理事"], amount="3000")
    actions.save_term(acting_user=staff, number=12, starts_on="2022-06-01", ends_on="2027-05-31")
    _members(staff, world, categories, 3)
    actions.issue_invoices(acting_user=staff, year=2026)
    url = reverse(name) + query
    client.get(url)  # warm the caches (the session, the menu)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _members(staff, world, categories, 40, start=3)
    actions.issue_invoices(acting_user=staff, year=2026)
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_the_member_list_masks_phones_and_filters_by_arrears(staff, world, categories, login, invoice):
    make_person(staff, categories["会员"], "李红", phone="13912345678")
    client = login(staff)
    page = client.get(reverse("membership:member_list")).content.decode()
    assert "13912345678" not in page and "139****5678" in page
    owing = client.get(reverse("membership:member_list") + "?arrears=1").content.decode()
    assert "上海甲科技有限公司" in owing and "李红" not in owing


def test_staff_record_a_payment_through_the_page(staff, login, invoice):
    client = login(staff)
    response = client.post(reverse("membership:invoice_change", args=[invoice.pk, "pay"]), {
        "amount": "1,000", "paid_on": "2026-09-20", "method": "cash", "receipt_number": "HF-9"}, follow=True)
    assert "收据" not in response.content.decode() or response.status_code == 200
    invoice.refresh_from_db()
    assert invoice.paid == 1000


def test_a_refused_payment_shows_the_rule_and_writes_nothing(staff, login, invoice):
    client = login(staff)
    response = client.post(reverse("membership:invoice_change", args=[invoice.pk, "pay"]), {
        "amount": "5000", "paid_on": "2026-09-20", "method": "cash", "receipt_number": "HF-9"}, follow=True)
    assert "3000.00" in response.content.decode()
    invoice.refresh_from_db()
    assert invoice.paid == 0


def test_staff_enter_a_member_by_the_enterprises_name(staff, world, categories, login):
    client = login(staff)
    response = client.post(reverse("membership:member_new"), {
        "kind": "enterprise", "category": categories["会员"].pk, "joined_on": "2026-01-15",
        "enterprise": "上海乙餐饮管理有限公司"})
    member = Member.objects.get(enterprise=world.enterprise_b)
    assert response.status_code == 302 and response["Location"] == reverse("membership:member_detail",
                                                                            args=[member.pk])


def test_the_statement_is_an_excel_workbook_of_the_year(staff, login, invoice):
    from io import BytesIO

    from openpyxl import load_workbook

    response = login(staff).get(reverse("membership:statement_export") + "?year=2026")
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[1][0] == "上海甲科技有限公司" and rows[1][3] == 3000
    assert rows[-1][3] == 3000


def test_the_enterprise_user_sees_their_dues_and_applies(ent_user, other_ent_user, login, invoice):
    page = login(ent_user).get(reverse("membership:our_membership")).content.decode()
    assert "3000.00" in page
    response = login(other_ent_user).post(reverse("membership:apply"), {"statement": "愿意加入"}, follow=True)
    assert response.status_code == 200
    assert world_application_count(other_ent_user) == 1


def world_application_count(user):  # type: ignore[no-untyped-def]
    from kaopu.membership.models import Application

    return Application.objects.filter(enterprise_id=user.enterprise_id).count()


@pytest.mark.parametrize("persona", ["ent_user", "chamber_officer", "handler", "bank_officer"])
def test_staff_pages_answer_404_to_other_roles(persona, world, login, member):
    client = login(world.users[persona])
    for name, args in (("membership:member_list", []), ("membership:member_detail", [member.pk]),
                       ("membership:dues", []), ("membership:arrears", [])):
        assert client.get(reverse(name, args=args)).status_code == 404


def test_leaders_read_but_cannot_post(leader, login, invoice):
    client = login(leader)
    assert client.get(reverse("membership:invoice_detail", args=[invoice.pk])).status_code == 200
    assert client.post(reverse("membership:invoice_change", args=[invoice.pk, "pay"]), {
        "amount": "1", "paid_on": "2026-09-20", "method": "cash", "receipt_number": "X"}).status_code == 404


def test_staff_rename_and_retire_a_category_on_the_dues_page(staff, categories, login):
    from kaopu.membership.actions import MembershipError
    from kaopu.membership.testing import make_person

    category = categories["常务理事"]
    login(staff).post(reverse("membership:dues_change", args=["category"]), {
        "year": "2026", "category": category.pk, "name": "常委", "order": "30", "is_active": "0"})
    category.refresh_from_db()
    assert (category.name, category.is_active) == ("常委", False)
    with pytest.raises(MembershipError):
        make_person(staff, category, "李四")
