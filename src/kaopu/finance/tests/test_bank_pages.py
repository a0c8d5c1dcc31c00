"""The bank officer's pages: the worklist's tabs, a push with the demand and the enterprise's contact,
claim, contact record, grant and decline — refusals on their field — and nothing of another bank."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from kaopu.core.workdays import local_today
from kaopu.finance import actions
from kaopu.finance.models import DemandPush, FinancingDemand
from kaopu.finance.tests.scenario import build

pytestmark = pytest.mark.django_db
P = DemandPush.State


@pytest.fixture
def scenario(world):  # type: ignore[no-untyped-def]
    return build(world)


def _tab(client, tab: str) -> list[int]:  # type: ignore[no-untyped-def]
    return [push.pk for push in client.get(reverse("finance:bank_worklist"), {"tab": tab}).context["page"].items]


def test_the_worklist_tabs(login, bank_officer, scenario):  # type: ignore[no-untyped-def]
    alliance = scenario.alliance
    client = login(bank_officer)
    assert _tab(client, "claim") == []
    assert _tab(client, "mine") == [scenario.push_mine.pk]
    other = login(alliance.other_officer)
    assert _tab(other, "claim") == [scenario.push_b.pk, scenario.push_other.pk]
    assert _tab(other, "mine") == []
    actions.grant(acting_user=bank_officer, push_id=scenario.push_mine.pk, amount="100", rate="3.5", term_months=12)
    actions.decline(acting_user=alliance.other_officer, push_id=scenario.push_b.pk, reason="financials")
    assert _tab(login(bank_officer), "granted") == [scenario.push_mine.pk]
    assert _tab(login(alliance.other_officer), "declined") == [scenario.push_b.pk]
    assert _tab(login(alliance.other_officer), "nonsense") == [scenario.push_other.pk]  # falls back to "to claim"


def test_the_push_page_shows_the_demand_and_the_contact(login, bank_officer, scenario):  # type: ignore[no-untyped-def]
    html = login(bank_officer).get(reverse("finance:bank_demand", args=[scenario.push_mine.pk])).content.decode()
    assert "上海甲科技有限公司" in html and "13812345678" in html and "采购原材料" in html
    assert 'id="grant-form"' in html and 'id="contact-form"' in html
    assert '<span class="badge " id="push-state">已认领</span>' in html
    assert "工商银行" not in html  # another bank's push and steps are not shown


def test_claim_contact_and_grant_through_the_pages(login, scenario):  # type: ignore[no-untyped-def]
    officer, push = scenario.alliance.other_officer, scenario.push_other
    client = login(officer)
    assert client.post(reverse("finance:bank_claim", args=[push.pk])).status_code == 302
    assert client.post(reverse("finance:bank_contact", args=[push.pk]),
                       {"note": "已上门走访"}).status_code == 302
    response = client.post(reverse("finance:bank_grant", args=[push.pk]), {
        "amount": "250", "rate": "3.60", "term_months": "12", "granted_on": local_today().isoformat(),
        "product": scenario.other_product.pk})
    assert response.status_code == 302
    push.refresh_from_db()
    assert push.state == P.GRANTED and push.granted_amount == Decimal("250.0000")
    assert push.granted_rate == Decimal("3.60") and push.product == scenario.other_product
    assert "已上门走访" in push.contact_note
    assert FinancingDemand.objects.get(pk=push.demand_id).state == FinancingDemand.State.GRANTED


@pytest.mark.parametrize(("field", "value", "start"), [
    ("amount", "-1", "放款金额：必须大于 0"), ("amount", "", "放款金额：此项"), ("rate", "30", "年利率：年利率最高 24"),
    ("rate", "3.456", "年利率：最多两位小数"), ("term_months", "0", "放款期限：应为 1 至"),
    ("granted_on", "tomorrow", "放款日期"),
])
def test_bad_grants_are_refused_on_their_field(login, bank_officer, scenario, field, value, start):  # type: ignore[no-untyped-def]
    data = {"amount": "250", "rate": "3.60", "term_months": "12", "granted_on": local_today().isoformat(),
            field: value}
    response = login(bank_officer).post(reverse("finance:bank_grant", args=[scenario.push_mine.pk]), data)
    assert response.status_code == 422
    errors = response.context["grant_form"].errors
    assert list(errors) == [field]
    assert errors[field][0].startswith(start), errors[field]
    push = DemandPush.objects.get(pk=scenario.push_mine.pk)
    assert push.state == P.CLAIMED and push.granted_amount is None


def test_a_grant_dated_in_the_future_is_refused(login, bank_officer, scenario):  # type: ignore[no-untyped-def]
    data = {"amount": "250", "rate": "3.60", "term_months": "12",
            "granted_on": (local_today() + timedelta(days=3)).isoformat()}
    response = login(bank_officer).post(reverse("finance:bank_grant", args=[scenario.push_mine.pk]), data)
    assert response.status_code == 422
    assert response.context["grant_form"].errors["granted_on"] == ["放款日期：不能晚于今天。"]


def test_another_banks_product_is_refused(login, bank_officer, scenario):  # type: ignore[no-untyped-def]
    data = {"amount": "250", "rate": "3.60", "term_months": "12", "product": scenario.other_product.pk}
    response = login(bank_officer).post(reverse("finance:bank_grant", args=[scenario.push_mine.pk]), data)
    assert response.status_code == 422
    assert "product" in response.context["grant_form"].errors


def test_a_colleague_cannot_grant_what_another_claimed(login, world, scenario):  # type: ignore[no-untyped-def]
    from kaopu.accounts.roles import Role
    from kaopu.core.testing import make_user

    colleague = make_user("colleague", Role.BANK_OFFICER, world.users["bank_officer"].organisation, name="同事")
    page = login(colleague).get(reverse("finance:bank_demand", args=[scenario.push_mine.pk]))
    assert not page.context["can_act"]
    response = login(colleague).post(reverse("finance:bank_grant", args=[scenario.push_mine.pk]),
                                     {"amount": "250", "rate": "3.60", "term_months": "12"})
    assert response.status_code == 422
    assert "已认领该需求" in response.content.decode()
    assert DemandPush.objects.get(pk=scenario.push_mine.pk).state == P.CLAIMED


def test_decline_needs_a_reason_and_other_needs_text(login, bank_officer, scenario):  # type: ignore[no-untyped-def]
    client = login(bank_officer)
    url = reverse("finance:bank_decline", args=[scenario.push_mine.pk])
    response = client.post(url, {"reason": "", "note": ""})
    assert response.status_code == 422
    assert response.context["decline_form"].errors["reason"][0].startswith("婉拒原因：")
    response = client.post(url, {"reason": "other", "note": ""})
    assert response.status_code == 422
    assert response.context["decline_form"].errors["note"][0].startswith("说明：此项")
    assert DemandPush.objects.get(pk=scenario.push_mine.pk).state == P.CLAIMED
    assert client.post(url, {"reason": "collateral", "note": "无房产可抵押"}).status_code == 302
    push = DemandPush.objects.get(pk=scenario.push_mine.pk)
    assert push.state == P.DECLINED and push.decline_reason == "collateral"
    html = client.get(reverse("finance:bank_demand", args=[push.pk])).content.decode()
    assert "已婉拒" in html and "不予受理" not in html


def test_a_withdrawn_demand_shows_no_buttons(login, bank_officer, ent_user, scenario):  # type: ignore[no-untyped-def]
    actions.withdraw_demand(acting_user=ent_user, demand_id=scenario.demand_a.pk, reason="不需要了")
    response = login(bank_officer).get(reverse("finance:bank_demand", args=[scenario.push_mine.pk]))
    assert response.context["withdrawn"] and not response.context["can_act"]
    assert "企业已撤回该需求" in response.content.decode()
    refused = login(bank_officer).post(reverse("finance:bank_claim", args=[scenario.push_mine.pk]))
    assert refused.status_code == 302  # back to the page, with the refusal as a message
