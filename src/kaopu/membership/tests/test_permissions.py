"""An enterprise never sees another enterprise's membership rows, and staff never another district's, even by
guessing ids: 404, never 403."""

from __future__ import annotations

from django.urls import reverse

from kaopu.core import access
from kaopu.membership import actions
from kaopu.membership.models import Invoice, Member, Payment
from kaopu.membership.testing import make_member


def test_an_enterprise_user_sees_only_their_own_invoices_and_payments(staff, world, categories, invoice,
                                                                      ent_user, other_ent_user, login):
    other = make_member(staff, world.enterprise_b, categories["会员"])
    actions.set_dues_rate(acting_user=staff, year=2026, category=categories["会员"], amount="1000")
    actions.issue_invoices(acting_user=staff, year=2026)
    actions.record_payment(invoice, acting_user=staff, amount="100", paid_on="2026-09-01", method="cash",
                           receipt_number="HF-A")
    assert list(access.scope(other_ent_user, Invoice)) == [Invoice.objects.get(member=other)]
    assert not access.scope(other_ent_user, Payment).exists()
    assert list(access.scope(other_ent_user, Member)) == [other]
    page = login(other_ent_user).get(reverse("membership:our_membership")).content.decode()
    assert "3000.00" not in page and "HF-A" not in page


def test_guessed_ids_answer_404_to_another_district_and_to_enterprises(world, far_staff, ent_user, invoice,
                                                                       member, login):
    for user in (far_staff, ent_user):
        client = login(user)
        for name, args in (("membership:member_detail", [member.pk]), ("membership:invoice_detail", [invoice.pk]),
                           ("membership:invoice_change", [invoice.pk, "pay"])):
            response = client.post(reverse(name, args=args), {"amount": "1"}) if "change" in name else \
                client.get(reverse(name, args=args))
            assert response.status_code == 404, (user, name)
    assert Invoice.objects.get(pk=invoice.pk).paid == 0


def test_far_staff_see_none_of_the_districts_members(far_staff, member):
    assert not access.scope(far_staff, Member).exists()
