"""The demo's membership data (kaopu.membership.demo): consistent with the directory's member flag."""

from __future__ import annotations

from datetime import date

from django.db.models import F

from kaopu.core.testing import make_enterprise
from kaopu.directory.models import Enterprise
from kaopu.membership import demo, selectors
from kaopu.membership.models import Application, Invoice, Member, Payment, Seat


def test_the_demo_makes_a_member_for_every_flagged_enterprise_and_two_years_of_dues(world, staff):
    Enterprise.objects.filter(pk=world.enterprise_a.pk).update(is_member=True, member_since=date(2019, 4, 1))
    Enterprise.objects.filter(pk=world.enterprise_b.pk).update(is_member=True, member_since=date(2026, 8, 1))
    make_enterprise(world.district, name="上海申请入会科技有限公司")
    demo.load_demo(world.district)
    demo.load_demo(world.district)  # a second load adds nothing

    flagged = set(Enterprise.objects.filter(district=world.district, is_member=True).values_list("pk", flat=True))
    members = Member.objects.filter(district=world.district)
    assert set(members.exclude(enterprise=None).values_list("enterprise_id", flat=True)) == flagged
    assert members.filter(kind="individual").count() == len(demo.INDIVIDUALS)
    assert not members.exclude(enterprise=None).exclude(joined_on=F("enterprise__member_since")).exists()
    invoices = Invoice.objects.filter(district=world.district)
    assert set(invoices.values_list("year", flat=True)) == {2025, 2026}
    assert invoices.get(member__enterprise=world.enterprise_b, year=2026).amount == 500  # joined 1 August: half
    assert not invoices.filter(member__enterprise=world.enterprise_b, year=2025).exists()
    # qiye1's enterprise (the first member enterprise) owes part of this year's dues.
    first = invoices.get(member__enterprise=world.enterprise_a, year=2026)
    assert 0 < first.paid < first.amount
    assert not invoices.filter(paid__gt=F("amount") - F("waived")).exists()
    for member in members:
        owed = sum((i.balance for i in member.invoices.all()), 0)
        assert (member.outstanding, member.in_arrears) == (owed, owed > 0)
    assert Payment.objects.filter(district=world.district).count() >= 1
    assert Seat.objects.filter(position="chair").count() == 1
    assert selectors.current_term(staff, date(2026, 9, 28)).number == 12
    assert Application.objects.filter(status="pending").count() >= 1
