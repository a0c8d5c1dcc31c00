"""The donation totals against hand-computed cases (kaopu.giving.selectors), Decimal throughout, confirmed
donations only, and the totals page's fixed number of queries."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kaopu.chambers.models import Membership
from kaopu.core.registry import Scope
from kaopu.giving import actions, metrics, selectors
from kaopu.giving.models import Donation
from kaopu.giving.testing import categories, make_donation

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def donations(world, staff, far_staff, chamber, ent_user):  # type: ignore[no-untyped-def]
    """enterprise_a: a member of the chamber since 2020; enterprise_b: a member from 2020 to 2025-06-30."""
    a, b = world.enterprise_a, world.enterprise_b
    make_donation(staff, enterprise=a, donated_on=date(2024, 3, 1), category="公益", money="100000")
    make_donation(staff, enterprise=a, donated_on=date(2019, 6, 1), category="助学", money="50000.50",
                  goods_value="20000", goods="图书")  # before joining
    make_donation(staff, enterprise=a, donated_on=date(2025, 7, 1), category="抗疫", money="",
                  goods_value="30000.25", goods="口罩")
    make_donation(ent_user, donated_on=date(2026, 1, 1), money="999999")  # reported, not confirmed
    make_donation(staff, enterprise=b, donated_on=date(2025, 6, 30), category="公益", money="10000")  # last day
    make_donation(staff, enterprise=b, donated_on=date(2025, 7, 1), category="公益", money="7000")  # after leaving
    make_donation(staff, kind="person", person_name="张三", enterprise=b, donated_on=date(2024, 1, 1),
                  category="乡村振兴", money="3000")
    make_donation(staff, kind="chamber", chamber=chamber, donated_on=date(2023, 5, 5), category="抗洪救灾",
                  money="200000", goods_value="50000", goods="冲锋舟")
    make_donation(far_staff, enterprise=world.far_enterprise, money="1000000")  # another district


def test_the_cumulative_total_keeps_money_and_goods_apart(donations, staff):
    total = selectors.total(selectors.donations(staff))
    assert (total.money, total.goods, total.total, total.count) == (D("370000.50"), D("100000.25"),
                                                                    D("470000.75"), 7)
    assert all(isinstance(value, Decimal) for value in (total.money, total.goods, total.total))
    assert selectors.in_words(total.total) == "47.00万元"


def test_by_year(donations, staff):
    years = {year: (a.money, a.goods, a.count) for year, a in selectors.by_year(selectors.donations(staff))}
    assert years == {2025: (D("17000.00"), D("30000.25"), 3), 2024: (D("103000.00"), D("0.00"), 2),
                     2023: (D("200000.00"), D("50000.00"), 1), 2019: (D("50000.50"), D("20000.00"), 1)}
    assert [year for year, _a in selectors.by_year(selectors.donations(staff))] == [2025, 2024, 2023, 2019]


def test_by_category_in_the_categories_order(donations, staff):
    rows = [(name, a.money, a.goods) for name, a in selectors.by_category(selectors.donations(staff))]
    assert rows == [("乡村振兴", D("3000.00"), D("0.00")), ("抗疫", D("0.00"), D("30000.25")),
                    ("抗洪救灾", D("200000.00"), D("50000.00")), ("助学", D("50000.50"), D("20000.00")),
                    ("公益", D("117000.00"), D("0.00"))]


def test_top_donors(donations, staff, chamber):
    rows = [(d.kind, d.name, d.amounts.total) for d in selectors.top_donors(selectors.donations(staff))]
    assert rows == [("chamber", chamber.name, D("250000.00")), ("enterprise", "上海甲科技有限公司", D("200000.75")),
                    ("enterprise", "上海乙餐饮管理有限公司", D("17000.00")),
                    ("person", "张三（上海乙餐饮管理有限公司）", D("3000.00"))]
    assert len(selectors.top_donors(selectors.donations(staff), limit=2)) == 2


def test_a_chambers_total_is_its_own_and_its_members_while_members(donations, staff, chamber, other_chamber,
                                                                   world):
    # enterprise_a in the other chamber in two touching periods (a change of role on 2024-06-30): each of its
    # donations made while a member counts once.
    Membership.objects.create(chamber=other_chamber, enterprise=world.enterprise_a, joined_on=date(2024, 1, 1),
                              left_on=date(2024, 6, 30), recorded_by=staff)
    Membership.objects.create(chamber=other_chamber, enterprise=world.enterprise_a, joined_on=date(2024, 6, 30),
                              role="vice", recorded_by=staff)
    rows = {row.name: (row.own.total, row.members.total, row.total) for row in selectors.by_chamber(staff)}
    assert rows[chamber.name] == (D("250000.00"), D("140000.25"), D("390000.25"))
    assert rows[other_chamber.name] == (D("0.00"), D("130000.25"), D("130000.25"))
    officer = selectors.chamber_total(staff, chamber)
    assert officer is not None and officer.members.count == 3


def test_an_officer_and_an_enterprise_see_only_their_own_in_every_total(donations, chamber_officer, ent_user,
                                                                        chamber):
    assert selectors.total(selectors.donations(chamber_officer)).total == D("250000.00")
    # enterprise_a's three confirmed donations (its reported one does not count)
    assert selectors.total(selectors.donations(ent_user)).total == D("200000.75")
    assert [d.name for d in selectors.top_donors(selectors.donations(ent_user))] == ["上海甲科技有限公司"]


def test_the_cockpit_reads_the_same_definition(donations, world):
    scope = Scope((world.district.pk,), date(2025, 1, 1), date(2025, 12, 31))
    assert metrics.compute(scope)["giving.donations_amount"] == D("47000.25")
    both = Scope((world.district.pk, world.far_district.pk), date(2026, 1, 1), date(2026, 12, 31))
    per = metrics.by_district(both)
    assert per[world.district.pk]["giving.donations_amount"] == D("0.00")
    assert per[world.far_district.pk]["giving.donations_amount"] == D("1000000.00")


@pytest.mark.parametrize(("amount", "words"), [
    (D("702000000"), "7.02亿元"), (D("701999999.99"), "7.02亿元"), (D("100000000"), "1.00亿元"),
    (D("99999999.99"), "10000.00万元"), (D("356000"), "35.60万元"), (D("10000"), "1.00万元"),
    (D("9999.5"), "9999.50元"), (D("0"), "0.00元"),
])
def test_amounts_in_words_as_chinese_reports_write_them(amount, words):
    assert selectors.in_words(amount) == words


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(st.decimals(min_value=0, max_value=10**9, places=2),
                               st.decimals(min_value=0, max_value=10**9, places=2),
                               st.sampled_from(Donation.State.values), st.integers(2015, 2026)), max_size=12))
def test_every_total_is_the_exact_sum_of_the_confirmed_rows(rows, world, staff):
    Donation.objects.all().delete()
    category = categories()["公益"]
    made = [Donation(district=world.district, kind="enterprise", enterprise=world.enterprise_a, category=category,
                     donated_on=date(year, 6, 1), money=money, goods_value=goods if money or goods else D("0.01"),
                     recipient="某基金会", state=state, return_reason="x" if state == "returned" else "",
                     created_by=staff) for money, goods, state, year in rows]
    Donation.objects.bulk_create(made)
    confirmed = [d for d in made if d.state == Donation.State.CONFIRMED]
    total = selectors.total(selectors.donations(staff))
    assert total.money == sum((d.money for d in confirmed), D("0.00"))
    assert total.goods == sum((d.goods_value for d in confirmed), D("0.00"))
    assert sum((a.total for _y, a in selectors.by_year(selectors.donations(staff))), D("0.00")) == total.total
    assert sum((a.total for _n, a in selectors.by_category(selectors.donations(staff))), D("0.00")) == total.total


def _bulk(world, staff, chamber, n):  # type: ignore[no-untyped-def]
    category = categories()["公益"]
    Donation.objects.bulk_create([Donation(
        district=world.district, kind=("enterprise", "chamber")[i % 2], category=category,
        enterprise=world.enterprise_a if i % 2 == 0 else None, chamber=chamber if i % 2 else None,
        donated_on=date(2016 + i % 10, 1 + i % 12, 1), money=D(1000 + i), recipient="某基金会",
        state="confirmed", created_by=staff) for i in range(n)])


def test_the_totals_page_makes_the_same_queries_for_few_and_many_donations(world, staff, chamber, login):
    client = login(staff)
    url = reverse("giving:totals")
    _bulk(world, staff, chamber, 3)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _bulk(world, staff, chamber, 120)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url).content.decode()
    assert len(few) == len(many)
    # No query reads donation rows one by one: every one on the donations table groups or sums.
    reads = [q["sql"] for q in many.captured_queries if 'FROM "giving_donation"' in q["sql"]]
    assert reads and all("SUM(" in sql or "COUNT(" in sql for sql in reads)
    assert "累计捐赠" in page


def test_the_donor_kinds_and_states_count_as_documented(world, staff, ent_user):
    donation = make_donation(ent_user, money="500")
    assert selectors.total(selectors.donations(staff)).count == 0
    actions.confirm_donation(donation.pk, acting_user=staff)
    assert selectors.total(selectors.donations(staff)).total == D("500.00")


def test_the_exports_hold_the_lists_rows_and_the_totals_tables(donations, staff, login, settings, tmp_path):
    import io

    from openpyxl import load_workbook

    from kaopu.exports.testing import download, export

    settings.MEDIA_ROOT = tmp_path
    client = login(staff)
    book = load_workbook(io.BytesIO(download(client, export(client, "giving.donations", {"state": "confirmed"}))))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert rows[0][:3] == ("日期", "捐赠方类型", "捐赠方") and len(rows) == 1 + 7
    assert ("个人", "张三", "上海乙餐饮管理有限公司") in {row[1:4] for row in rows}
    book = load_workbook(io.BytesIO(download(client, export(client, "giving.totals"))))
    by_year = list(book["按年度"].iter_rows(values_only=True))
    assert by_year[-1][:4] == ("合计", 370000.5, 100000.25, 470000.75)
    assert [row[0] for row in book["按类别"].iter_rows(min_row=2, values_only=True)] == [
        "乡村振兴", "抗疫", "抗洪救灾", "助学", "公益"]


def test_as_of_a_day_the_cockpit_counts_only_the_donations_confirmed_by_its_end(donations, world):
    """2025's confirmed donations were all confirmed when recorded (the test's today); dated confirmations:
    the 30 000.25 of goods on 2026-01-10 (after the year) and the rest on 2025-12-31 23:30 (Shanghai)."""
    from kaopu.core.testing import local_moment

    year = Scope((world.district.pk,), date(2025, 1, 1), date(2025, 12, 31))
    now = metrics.compute(year)
    in_2025 = Donation.objects.filter(district=world.district, donated_on__year=2025)
    in_2025.update(decided_at=local_moment(date(2025, 12, 31), 23, 30))
    in_2025.filter(goods_value=D("30000.25")).update(decided_at=local_moment(date(2026, 1, 10)))
    as_of = Scope((world.district.pk,), date(2025, 1, 1), date(2025, 12, 31), as_of=date(2025, 12, 31))
    assert metrics.compute(as_of)["giving.donations_amount"] == D("17000.00")  # 10 000 + 7 000
    assert metrics.by_district(as_of)[world.district.pk] == metrics.compute(as_of)
    assert metrics.donations_by_category(as_of).rows == [("公益", (D("17000.00"),))]
    assert metrics.compute(year) == now
