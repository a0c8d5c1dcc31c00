"""Two staff issue the same year's invoices at once: each member gets one invoice (PostgreSQL, real threads)."""

from __future__ import annotations

import pytest

from kaopu.core.testing import at_once, make_enterprise
from kaopu.membership import actions
from kaopu.membership.models import Invoice, Member
from kaopu.membership.testing import make_member


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_issuing_the_years_invoices_twice_at_once_makes_each_invoice_once(staff, world, categories):
    for n in range(5):
        make_member(staff, make_enterprise(world.district, name=f"上海并发{n}号有限公司"), categories["会员"])
    actions.set_dues_rate(acting_user=staff, year=2026, category=categories["会员"], amount="800")
    outcomes = at_once([lambda: actions.issue_invoices(acting_user=staff, year=2026)] * 2)
    assert sorted(outcomes) == [0, 5]
    assert Invoice.objects.count() == 5
    assert all(m.outstanding == 800 for m in Member.objects.all())


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_payments_at_once_never_overpay_an_invoice(staff, invoice):
    outcomes = at_once([lambda n=n: actions.record_payment(
        invoice, acting_user=staff, amount="2000", paid_on="2026-09-01", method="cash",
        receipt_number=f"HF-{n}") for n in range(2)])
    assert sum(isinstance(o, actions.MembershipError) for o in outcomes) == 1
    assert Invoice.objects.get(pk=invoice.pk).paid == 2000
