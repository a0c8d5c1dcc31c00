"""A year's dues and arrears computed by hand, then by the platform.

The year 2025 of the district, with the rates 会员 1,000 元, 理事 3,000 元, 常务理事 5,000 元, and five members:

====  ===========================  ========  ===================  ======  =============  ======  =======
who   member                       category  joined / left        dues    paid           waived  owes
====  ===========================  ========  ===================  ======  =============  ======  =======
A     上海甲科技有限公司           理事      joined 2023-05-10    3,000   1,000 + 500    0       1,500
B     上海乙餐饮管理有限公司       会员      joined 2025-08-15    500*    500            0       0
C     王建国 (individual)          常务理事  joined 2025-06-30    5,000   0              2,000   3,000
D     上海丁贸易有限公司           会员      left 2025-04-30      1,000   0              0       1,000
E     上海戊物流有限公司           会员      left 2024-12-31      —       —              —       —
====  ===========================  ========  ===================  ======  =============  ======  =======

The proration rule: a member who joins on or after 1 July owes half the year (B: 1,000 / 2 = 500); one who
joins before owes the whole year (C joined on 30 June: 5,000); a member who left during the year owes the
whole year (D); one who left before 1 January is not invoiced (E).

Totals: 4 invoices; dues 3,000 + 500 + 5,000 + 1,000 = 9,500; paid 1,500 + 500 = 2,000; waived 2,000;
outstanding 9,500 − 2,000 − 2,000 = 5,500 = 1,500 (A) + 3,000 (C) + 1,000 (D). In arrears: A, C, D.
"""

from __future__ import annotations

from decimal import Decimal

from kaopu.core.testing import make_enterprise
from kaopu.directory.models import Enterprise
from kaopu.membership import actions, selectors
from kaopu.membership.testing import invoice_of, make_member, make_person


def test_a_year_of_dues_and_arrears_matches_the_hand_computed_one(staff, world, categories):
    member, director, standing = categories["会员"], categories["理事"], categories["常务理事"]
    for category, amount in ((member, "1000"), (director, "3,000元"), (standing, "５０００")):
        actions.set_dues_rate(acting_user=staff, year=2025, category=category, amount=amount)
    a = make_member(staff, world.enterprise_a, director, "2023-05-10")
    b = make_member(staff, world.enterprise_b, member, "2025-08-15")
    c = make_person(staff, standing, "王建国", "2025-06-30", work_unit="上海建国实业有限公司", position="董事长")
    d = make_member(staff, make_enterprise(world.district, name="上海丁贸易有限公司"), member, "2020-01-01")
    actions.end_membership(d, acting_user=staff, left_on="2025-04-30")
    e = make_member(staff, make_enterprise(world.district, name="上海戊物流有限公司"), member, "2019-01-01")
    actions.end_membership(e, acting_user=staff, left_on="2024-12-31")

    assert actions.issue_invoices(acting_user=staff, year=2025) == 4

    actions.record_payment(invoice_of(a, 2025), acting_user=staff, amount="1000", paid_on="2025-03-01",
                           method="transfer", receipt_number="HF2025-001")
    actions.record_payment(invoice_of(a, 2025), acting_user=staff, amount="500.00", paid_on="2025-11-20",
                           method="cash", receipt_number="HF2025-002")
    actions.record_payment(invoice_of(b, 2025), acting_user=staff, amount="500", paid_on="2025-09-01",
                           method="transfer", receipt_number="HF2025-003")
    actions.waive_dues(invoice_of(c, 2025), acting_user=staff, amount="2000", reason="经营困难，经会长办公会同意减免")

    assert {m.name: invoice_of(m, 2025).amount for m in (a, b, c, d)} == {
        "上海甲科技有限公司": Decimal("3000.00"), "上海乙餐饮管理有限公司": Decimal("500.00"),
        "王建国": Decimal("5000.00"), "上海丁贸易有限公司": Decimal("1000.00")}
    assert not e.invoices.exists()
    totals = selectors.year_totals(staff, 2025)
    assert (totals.invoices, totals.amount, totals.paid, totals.waived, totals.outstanding) == (
        4, Decimal("9500"), Decimal("2000"), Decimal("2000"), Decimal("5500"))
    arrears = {m.name: m.outstanding for m in selectors.in_arrears(staff)}
    assert arrears == {"上海甲科技有限公司": Decimal("1500.00"), "王建国": Decimal("3000.00"),
                       "上海丁贸易有限公司": Decimal("1000.00")}
    assert [i.year for i in selectors.arrears_by_year(a)] == [2025]
    # The directory's flag followed: B joined, D left.
    assert Enterprise.objects.filter(pk=world.enterprise_b.pk, is_member=True, member_since="2025-08-15").exists()
    assert Enterprise.objects.filter(name="上海丁贸易有限公司", is_member=False, member_since=None).exists()


def test_the_proration_rule_halves_from_the_first_of_july_only_in_the_year_of_joining():
    from datetime import date

    assert actions.dues_for(Decimal("1000.00"), date(2025, 6, 30), 2025) == Decimal("1000.00")
    assert actions.dues_for(Decimal("1000.00"), date(2025, 7, 1), 2025) == Decimal("500.00")
    assert actions.dues_for(Decimal("999.99"), date(2025, 12, 31), 2025) == Decimal("500.00")  # 499.995 → 500.00
    assert actions.dues_for(Decimal("1000.00"), date(2024, 12, 1), 2025) == Decimal("1000.00")
