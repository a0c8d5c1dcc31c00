"""Payments, waivers, reminders and the idempotent issuing of a year's invoices."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kaopu.audit.models import AuditEntry
from kaopu.membership import actions
from kaopu.membership.actions import F, MembershipError
from kaopu.membership.models import Invoice, Member, Payment
from kaopu.notifications.models import Notification


def pay(invoice, staff, amount="1000", receipt="HF-001", **more):  # type: ignore[no-untyped-def]
    return actions.record_payment(invoice, acting_user=staff, amount=amount, paid_on="2026-09-01",
                                  method="transfer", receipt_number=receipt, **more)


def test_partial_payments_lower_the_balance_until_it_is_paid(staff, invoice):
    assert invoice.amount == Decimal("3000.00")
    pay(invoice, staff, "1000", "HF-001")
    assert Member.objects.get(pk=invoice.member_id).outstanding == Decimal("2000.00")
    pay(invoice, staff, "2000", "HF-002")
    member = Member.objects.get(pk=invoice.member_id)
    assert (member.outstanding, member.in_arrears) == (Decimal("0"), False)
    assert AuditEntry.objects.filter(summary__contains="收到「上海甲科技有限公司」2026 年会费 2000.00 元").exists()


def test_paying_more_than_the_balance_is_refused(staff, invoice):
    pay(invoice, staff, "2500", "HF-001")
    with pytest.raises(MembershipError) as refused:
        pay(invoice, staff, "600", "HF-002")
    assert refused.value.field == "amount" and "500.00" in refused.value.message
    assert Payment.objects.count() == 1


def test_a_receipt_number_is_used_once_in_the_district(staff, invoice):
    pay(invoice, staff, "100", "HF-007")
    with pytest.raises(MembershipError) as refused:
        pay(invoice, staff, "100", "HF-007")
    assert refused.value.field == "receipt_number"
    assert Invoice.objects.get(pk=invoice.pk).paid == Decimal("100.00")  # nothing half-written


def test_a_waiver_needs_a_reason_and_cannot_exceed_what_is_unpaid(staff, invoice):
    with pytest.raises(MembershipError) as no_reason:
        actions.waive_dues(invoice, acting_user=staff, amount="500", reason="")
    assert no_reason.value.field == "reason"
    pay(invoice, staff, "2800")
    with pytest.raises(MembershipError):
        actions.waive_dues(invoice, acting_user=staff, amount="300", reason="困难")
    actions.waive_dues(invoice, acting_user=staff, amount="200", reason="受灾减免")
    assert not Member.objects.get(pk=invoice.member_id).in_arrears


def test_issuing_twice_issues_nothing_more(staff, invoice):
    assert actions.issue_invoices(acting_user=staff, year=2026) == 0
    assert Invoice.objects.count() == 1


def test_issuing_needs_every_members_rate(staff, member):
    with pytest.raises(MembershipError) as refused:
        actions.issue_invoices(acting_user=staff, year=2026)
    assert "理事" in refused.value.message and refused.value.field == "year"
    with pytest.raises(MembershipError):
        actions.issue_invoices(acting_user=staff, year=2027)


def test_a_reminder_tells_the_enterprises_users_at_most_once_a_week(staff, ent_user, other_ent_user, invoice,
                                                                    pin_clock):
    assert actions.remind_member(invoice.member, acting_user=staff) == 1
    assert Notification.objects.filter(user=ent_user, kind="membership.arrears").count() == 1
    assert not Notification.objects.filter(user=other_ent_user).exists()
    assert AuditEntry.objects.filter(summary__contains="催缴会员「上海甲科技有限公司」欠缴会费 3000.00 元").exists()
    with pytest.raises(MembershipError):
        actions.remind_member(invoice.member, acting_user=staff)
    pin_clock(invoice.issued_on + timedelta(days=7), hour=11)
    assert actions.remind_member(invoice.member, acting_user=staff) == 1


def test_a_member_without_arrears_is_not_reminded(staff, member):
    with pytest.raises(MembershipError):
        actions.remind_member(member, acting_user=staff)


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=12))
def test_an_amount_is_a_positive_yuan_amount_with_two_decimals_or_refused(text):
    try:
        amount = actions.parse_yuan(text, F("amount", "金额"))
    except MembershipError as error:
        assert error.field == "amount" and error.message.startswith("金额")
    else:
        assert Decimal("0") < amount <= Decimal("1000000") and amount == amount.quantize(Decimal("0.01"))
