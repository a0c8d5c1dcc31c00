"""The enterprise's finance pages: its demands with each bank's progress and grant, asking for money
(consent clearly worded; after submitting, the products that fit), changing a demand no bank has
seen, withdrawing; internal events and other enterprises' demands never show."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kaopu.finance import actions
from kaopu.finance.models import DemandEvent, FinancingDemand
from kaopu.finance.tests.scenario import build

pytestmark = pytest.mark.django_db
D = FinancingDemand.State
GOOD = {"amount": "300", "term_months": "12", "purpose": "working_capital", "purpose_detail": "旺季备货",
        "urgency": "normal", "contact_name": "周晓东", "contact_phone": "13812345678", "consent_to_share": "on"}


@pytest.fixture
def scenario(world):  # type: ignore[no-untyped-def]
    return build(world)


def test_my_demands_lists_only_my_enterprises(login, ent_user, scenario):  # type: ignore[no-untyped-def]
    response = login(ent_user).get(reverse("finance:my_demands"))
    assert [d.pk for d in response.context["page"].items] == [scenario.demand_a2.pk, scenario.demand_a.pk]
    html = response.content.decode()
    assert "农商银行" in html and "工商银行" in html  # the banks of demand_a
    assert "80" not in [str(d.amount) for d in response.context["page"].items]


def test_the_form_explains_and_asks_for_consent_in_words(login, ent_user, scenario):  # type: ignore[no-untyped-def]
    html = login(ent_user).get(reverse("finance:my_demand_new")).content.decode()
    assert "靠谱金融服务盟" in html
    assert "本企业同意区工商联将本需求" in html and "统一社会信用代码" in html
    assert 'name="consent_to_share"' in html


def test_submitting_shows_the_products_that_fit(login, ent_user, scenario):  # type: ignore[no-untyped-def]
    client = login(ent_user)
    response = client.post(reverse("finance:my_demand_new"), GOOD)
    assert response.status_code == 302
    demand = FinancingDemand.objects.latest("id")
    assert response["Location"] == reverse("finance:my_demand", args=[demand.pk]) + "?new=1"
    assert demand.enterprise_id == ent_user.enterprise_id and demand.submitted_by == ent_user
    assert demand.amount == Decimal("300.0000") and demand.consent_to_share
    page = client.get(response["Location"])
    names = [match.product.name for match in page.context["matches"]]
    assert "鑫e贷" in names and "经营快贷" in names and "上行快线" not in names  # not the far district's
    assert "适合您需求的产品" in page.content.decode()


@pytest.mark.parametrize(("field", "value", "start"), [
    ("amount", "0", "金额：必须大于 0"), ("amount", "1.23456", "金额：最多 4 位小数"), ("amount", "三百", "金额："),
    ("term_months", "abc", "期限："), ("term_months", "400", "期限：应为 1 至 360 个月"),
    ("purpose", "", "用途："), ("purpose_detail", "   ", "资金用途说明：此项"),
    ("contact_name", "", "联系人："), ("contact_phone", "abc", "联系电话：应为7至20位数字"),
])
def test_bad_input_is_refused_on_its_field_and_writes_nothing(login, ent_user, scenario, field, value, start):  # type: ignore[no-untyped-def]
    before = FinancingDemand.objects.count()
    response = login(ent_user).post(reverse("finance:my_demand_new"), {**GOOD, field: value})
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert errors[field][0].startswith(start), errors[field]
    assert errors[field][0] in response.content.decode()
    assert FinancingDemand.objects.count() == before


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(amount=st.one_of(st.text(max_size=12), st.decimals(allow_nan=True, allow_infinity=True).map(str)))
def test_any_amount_text_is_saved_exactly_or_refused_on_the_amount(login, ent_user, scenario, amount):  # type: ignore[no-untyped-def]
    before = FinancingDemand.objects.count()
    response = login(ent_user).post(reverse("finance:my_demand_new"), {**GOOD, "amount": amount})
    if response.status_code == 302:
        demand = FinancingDemand.objects.latest("id")
        assert demand.amount == actions.parse_amount(amount)
        demand.delete()
    else:
        assert response.status_code == 422
        assert list(response.context["form"].errors) == ["amount"]
        assert FinancingDemand.objects.count() == before


def test_the_detail_shows_each_banks_progress_and_the_grant(login, ent_user, bank_officer, scenario):  # type: ignore[no-untyped-def]
    actions.grant(acting_user=bank_officer, push_id=scenario.push_mine.pk, amount="280", rate="3.45", term_months=12)
    response = login(ent_user).get(reverse("finance:my_demand", args=[scenario.demand_a.pk]))
    html = response.content.decode()
    assert "上海农商银行普陀支行" in html and "中国工商银行上海普陀支行" in html
    assert "280万元，年利率3.45%，期限12个月" in html
    assert "已放款" in html and "待认领" in html
    assert not response.context["can_withdraw"] and not response.context["can_edit"]


def test_internal_events_are_hidden_from_the_enterprise(login, ent_user, staff, scenario):  # type: ignore[no-untyped-def]
    DemandEvent.objects.create(demand=scenario.demand_a, kind=DemandEvent.Kind.NOTE, actor=staff,
                               text="内部：企业上月有一笔逾期", internal=True)
    response = login(ent_user).get(reverse("finance:my_demand", args=[scenario.demand_a.pk]))
    assert "内部：企业上月有一笔逾期" not in response.content.decode()
    assert all(not event.internal for event in response.context["events"])


def test_edit_while_not_pushed(login, ent_user, scenario):  # type: ignore[no-untyped-def]
    client = login(ent_user)
    demand = scenario.demand_a2
    form = client.get(reverse("finance:my_demand_edit", args=[demand.pk]))
    assert form.context["form"].initial["amount"] == "120"
    response = client.post(reverse("finance:my_demand_edit", args=[demand.pk]), {**GOOD, "amount": "150.5"})
    assert response.status_code == 302
    demand.refresh_from_db()
    assert demand.amount == Decimal("150.5000")
    assert demand.events.filter(kind=DemandEvent.Kind.EDITED).exists()


def test_a_pushed_demand_cannot_be_changed(login, ent_user, scenario):  # type: ignore[no-untyped-def]
    demand = scenario.demand_a
    client = login(ent_user)
    assert client.get(reverse("finance:my_demand_edit", args=[demand.pk])).status_code == 302
    response = client.post(reverse("finance:my_demand_edit", args=[demand.pk]), {**GOOD, "amount": "999"})
    assert response.status_code == 422
    assert "只有尚未推送给银行的需求可以修改" in response.content.decode()
    demand.refresh_from_db()
    assert demand.amount == Decimal("300.0000")


def test_withdraw_tells_the_banks(login, ent_user, scenario):  # type: ignore[no-untyped-def]
    response = login(ent_user).post(reverse("finance:my_withdraw", args=[scenario.demand_a.pk]),
                                    {"reason": "已通过股东借款解决"})
    assert response.status_code == 302
    demand = FinancingDemand.objects.get(pk=scenario.demand_a.pk)
    assert demand.state == D.WITHDRAWN
    assert set(demand.pushes.values_list("state", flat=True)) == {"withdrawn"}


def test_a_granted_demand_cannot_be_withdrawn(login, ent_user, bank_officer, scenario):  # type: ignore[no-untyped-def]
    actions.grant(acting_user=bank_officer, push_id=scenario.push_mine.pk, amount="280", rate="3.45", term_months=12)
    response = login(ent_user).post(reverse("finance:my_withdraw", args=[scenario.demand_a.pk]), {"reason": ""})
    assert response.status_code == 422
    assert "不能撤回" in response.content.decode()
    assert FinancingDemand.objects.get(pk=scenario.demand_a.pk).state == D.GRANTED


def test_the_products_of_the_alliance(login, ent_user, scenario):  # type: ignore[no-untyped-def]
    scenario.other_product.is_active = False
    scenario.other_product.save(update_fields=["is_active"])
    response = login(ent_user).get(reverse("finance:products_browse"))
    names = [product.name for product in response.context["products"]]
    assert names == ["鑫e贷"]  # active products of the district's banks only


def test_my_demands_filter_by_state_with_counts(login, ent_user, scenario):  # type: ignore[no-untyped-def]
    client = login(ent_user)
    response = client.get(reverse("finance:my_demands"))
    tabs = [(tab.label, tab.count, tab.active) for tab in response.context["state_tabs"]]
    assert tabs == [("全部", 2, True), ("待推送", 1, False), ("银行对接中", 1, False), ("已放款", 0, False),
                    ("未获放款", 0, False), ("已撤回", 0, False)]
    pushed = client.get(reverse("finance:my_demands"), {"state": "pushed"})
    assert [d.pk for d in pushed.context["page"].items] == [scenario.demand_a.pk]
    granted = client.get(reverse("finance:my_demands"), {"state": "granted"})
    assert granted.context["page"].items == [] and "没有处于此状态的需求。" in granted.content.decode()


def test_my_demands_mark_a_demand_no_bank_can_see(login, ent_user, world, scenario):  # type: ignore[no-untyped-def]
    hidden = actions.submit_demand(enterprise=world.enterprise_a, acting_user=ent_user, data={
        "amount": "50", "term_months": 6, "purpose": "working_capital", "purpose_detail": "备货",
        "contact_name": "周晓东", "contact_phone": "13812345678"})
    html = login(ent_user).get(reverse("finance:my_demands")).content.decode()
    row = html[html.index(f'id="demand-{hidden.pk}"'):]
    assert "银行不可见" in row[:row.index("</tr>")]
