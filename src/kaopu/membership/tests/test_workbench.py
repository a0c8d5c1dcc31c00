"""The membership entries of the start pages (membership.workbench), read through the registry: each count
and the list it links to agree, and each role sees only its own."""

from __future__ import annotations

from django.urls import reverse

from kaopu.core.registry import registry
from kaopu.membership import actions


def test_staff_count_the_applications_to_decide_and_the_members_in_arrears(staff, far_staff, other_ent_user, login,
                                                                          invoice):
    actions.apply_for_membership(acting_user=other_ent_user, statement="申请入会")
    applications, arrears = registry.todos["membership.applications"], registry.todos["membership.arrears"]
    assert (applications.count(staff), arrears.count(staff)) == (1, 1)
    assert (applications.count(far_staff), arrears.count(far_staff)) == (0, 0)
    client = login(staff)
    assert client.get(applications.url(staff)).content.decode().count('class="card application"') == 1
    page = client.get(arrears.url(staff)).content.decode()
    assert page.count("membership/members/") >= 1 and "上海甲科技有限公司" in page
    assert {"membership.applications", "membership.arrears"} <= {t.key for t in registry.todos_for(staff)}


def test_an_enterprise_user_counts_only_their_own_dues_to_pay(ent_user, other_ent_user, staff, invoice, login):
    todo = registry.todos["membership.dues_to_pay"]
    assert (todo.count(ent_user), todo.count(other_ent_user)) == (1, 0)
    assert todo.url(ent_user) == reverse("membership:our_membership")
    actions.record_payment(invoice, acting_user=staff, amount="3000", paid_on="2026-09-01", method="transfer",
                           receipt_number="HF-1")
    assert todo.count(ent_user) == 0
    assert "membership.dues_to_pay" not in {t.key for t in registry.todos_for(staff)}
