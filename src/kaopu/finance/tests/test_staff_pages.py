"""The FIC staff's finance pages: the demand list and its filters, the detail with the push form
(the fitting banks pre-ticked), recording a demand for an enterprise, withdrawing; leaders read the
same pages without a button. Refusals come back on the field, in Chinese, and write nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from kaopu.finance.models import DemandEvent, DemandMatch, DemandPush, FinancingDemand
from kaopu.finance.testing import make_demand
from kaopu.finance.tests.scenario import build

pytestmark = pytest.mark.django_db
D = FinancingDemand.State


@pytest.fixture
def scenario(world):  # type: ignore[no-untyped-def]
    return build(world)


def _ids(response) -> list[int]:  # type: ignore[no-untyped-def]
    return [demand.pk for demand in response.context["page"].items]


def test_the_list_shows_the_districts_demands_newest_first(login, staff, scenario):  # type: ignore[no-untyped-def]
    response = login(staff).get(reverse("finance:demand_list"))
    assert _ids(response) == [scenario.demand_b.pk, scenario.demand_a2.pk, scenario.demand_a.pk]
    html = response.content.decode()
    assert "上海甲科技有限公司" in html and "农商银行" in html
    assert "记录融资需求" in html or reverse("finance:demand_new") in html


@pytest.mark.parametrize(("query", "expected"), [
    ({"state": "submitted"}, ["demand_a2"]),
    ({"state": "pushed"}, ["demand_b", "demand_a"]),
    ({"bank": "bank"}, ["demand_a"]),
    ({"bank": "other_bank"}, ["demand_b", "demand_a"]),
    ({"amount": "lt100"}, ["demand_b"]),
    ({"amount": "100_500"}, ["demand_a2", "demand_a"]),
    ({"amount": "gt5000"}, []),
    ({"urgency": "urgent"}, []),
    ({"industry": "I"}, ["demand_a2", "demand_a"]),
    ({"state": "no-such-state"}, ["demand_b", "demand_a2", "demand_a"]),  # a stale link: no filter, no 500
])
def test_the_list_filters(login, staff, scenario, query, expected):  # type: ignore[no-untyped-def]
    if "bank" in query:
        query = {"bank": getattr(scenario.alliance, query["bank"]).pk}
    response = login(staff).get(reverse("finance:demand_list"), query)
    assert response.status_code == 200
    assert _ids(response) == [getattr(scenario, name).pk for name in expected]


def test_the_list_pages_by_keyset(login, staff, world, ent_user, scenario):  # type: ignore[no-untyped-def]
    for _ in range(31):
        make_demand(world.enterprise_a, ent_user)
    client = login(staff)
    first = client.get(reverse("finance:demand_list"))
    assert len(first.context["page"].items) == 30 and first.context["page"].has_next
    second = client.get(reverse("finance:demand_list") + "?" + first.context["next_query"])
    assert len(second.context["page"].items) == 4
    assert not set(_ids(first)) & set(_ids(second))


def test_the_detail_pre_ticks_the_banks_whose_products_fit(login, staff, scenario):  # type: ignore[no-untyped-def]
    demand = scenario.demand_a2
    DemandMatch.objects.filter(demand=demand).delete()
    DemandMatch.objects.create(demand=demand, product=scenario.other_product, score=80, rank=1)
    response = login(staff).get(reverse("finance:demand_detail", args=[demand.pk]))
    form = response.context["push_form"]
    assert form.initial["banks"] == [str(scenario.alliance.other_bank.pk)]
    html = response.content.decode()
    assert 'id="push-form"' in html and "工商银行" in html
    assert str(scenario.alliance.far_bank.name) not in html  # another district's bank is never offered


def test_staff_push_a_demand_to_two_banks(login, staff, scenario):  # type: ignore[no-untyped-def]
    demand, alliance = scenario.demand_a2, scenario.alliance
    response = login(staff).post(reverse("finance:demand_push", args=[demand.pk]),
                                 {"banks": [alliance.bank.pk, alliance.other_bank.pk], "note": "企业急需"})
    assert response.status_code == 302
    demand.refresh_from_db()
    assert demand.state == D.PUSHED
    assert set(demand.pushes.values_list("bank_id", "note")) == {(alliance.bank.pk, "企业急需"),
                                                                 (alliance.other_bank.pk, "企业急需")}


def test_pushing_to_no_bank_is_refused_on_the_field(login, staff, scenario):  # type: ignore[no-untyped-def]
    demand = scenario.demand_a2
    response = login(staff).post(reverse("finance:demand_push", args=[demand.pk]), {"banks": []})
    assert response.status_code == 422
    assert response.context["push_form"].errors["banks"] == ["银行：请至少选择一家银行。"]
    assert "银行：请至少选择一家银行。" in response.content.decode()
    assert not DemandPush.objects.filter(demand=demand).exists()


def test_pushing_to_another_districts_bank_is_refused(login, staff, scenario):  # type: ignore[no-untyped-def]
    demand = scenario.demand_a2
    response = login(staff).post(reverse("finance:demand_push", args=[demand.pk]),
                                 {"banks": [scenario.alliance.far_bank.pk]})
    assert response.status_code == 422
    assert "banks" in response.context["push_form"].errors
    assert not DemandPush.objects.filter(demand=demand).exists()


def test_a_demand_without_consent_has_no_push_form(login, staff, world, ent_user, scenario):  # type: ignore[no-untyped-def]
    demand = make_demand(world.enterprise_a, ent_user, consent_to_share=False)
    response = login(staff).get(reverse("finance:demand_detail", args=[demand.pk]))
    assert not response.context["can_push"]
    assert "同意" in response.content.decode()
    refused = login(staff).post(reverse("finance:demand_push", args=[demand.pk]),
                                {"banks": [scenario.alliance.bank.pk]})
    assert refused.status_code == 422
    assert not DemandPush.objects.filter(demand=demand).exists()


def test_staff_withdraw_only_with_a_reason(login, staff, scenario):  # type: ignore[no-untyped-def]
    demand = scenario.demand_a
    client = login(staff)
    refused = client.post(reverse("finance:demand_withdraw", args=[demand.pk]), {"reason": " "})
    assert refused.status_code == 422
    assert refused.context["withdraw_form"].errors["reason"][0].startswith("原因")
    demand.refresh_from_db()
    assert demand.state == D.PUSHED
    done = client.post(reverse("finance:demand_withdraw", args=[demand.pk]), {"reason": "企业电话告知已不需要"})
    assert done.status_code == 302
    demand.refresh_from_db()
    assert demand.state == D.WITHDRAWN and demand.withdrawn_reason == "企业电话告知已不需要"
    assert set(demand.pushes.values_list("state", flat=True)) == {DemandPush.State.WITHDRAWN}


def test_leaders_read_without_buttons(login, leader, scenario):  # type: ignore[no-untyped-def]
    client = login(leader)
    html = client.get(reverse("finance:demand_detail", args=[scenario.demand_a2.pk])).content.decode()
    assert 'id="push-form"' not in html and "demand_withdraw" not in html
    assert reverse("finance:demand_withdraw", args=[scenario.demand_a2.pk]) not in html
    listing = client.get(reverse("finance:demand_list")).content.decode()
    assert reverse("finance:demand_new") not in listing
    assert client.post(reverse("finance:demand_push", args=[scenario.demand_a2.pk]),
                       {"banks": [scenario.alliance.bank.pk]}).status_code == 404


def test_staff_record_a_demand_for_an_enterprise(login, staff, world, scenario):  # type: ignore[no-untyped-def]
    data = {"enterprise": world.enterprise_b.credit_code, "amount": "１,２００", "term_months": "24",
            "purpose": "equipment", "purpose_detail": "购置数控机床", "urgency": "soon", "contact_name": "吴佳怡",
            "contact_phone": "13900001111", "consent_to_share": "on", "collateral": ["equipment"]}
    response = login(staff).post(reverse("finance:demand_new"), data)
    assert response.status_code == 302
    demand = FinancingDemand.objects.latest("id")
    assert demand.enterprise == world.enterprise_b and demand.amount == Decimal("1200.0000")
    assert demand.submitted_by == staff and demand.collateral == ["equipment"]
    assert response["Location"] == reverse("finance:demand_detail", args=[demand.pk])


@pytest.mark.parametrize(("field", "value", "message"), [
    ("amount", "-5", "金额"), ("amount", "abc", "金额"), ("amount", "3000000", "金额"),
    ("term_months", "0", "期限"), ("purpose_detail", "", "资金用途"), ("contact_phone", "12", "联系电话"),
])
def test_staff_bad_demand_input_lands_on_its_field(login, staff, world, field, value, message):  # type: ignore[no-untyped-def]
    data = {"enterprise": world.enterprise_a.name, "amount": "300", "term_months": "12",
            "purpose": "working_capital", "purpose_detail": "备货", "contact_name": "周晓东",
            "contact_phone": "13812345678", "consent_to_share": "on", field: value}
    before = FinancingDemand.objects.count()
    response = login(staff).post(reverse("finance:demand_new"), data)
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert errors[field][0].startswith(message), errors[field]
    assert FinancingDemand.objects.count() == before


def test_staff_cannot_record_for_another_districts_enterprise(login, staff, world):  # type: ignore[no-untyped-def]
    data = {"enterprise": world.far_enterprise.credit_code, "amount": "300", "term_months": "12",
            "purpose": "working_capital", "purpose_detail": "备货", "contact_name": "周晓东",
            "contact_phone": "13812345678"}
    response = login(staff).post(reverse("finance:demand_new"), data)
    assert response.status_code == 422
    assert "enterprise" in response.context["form"].errors
    assert not FinancingDemand.objects.filter(enterprise=world.far_enterprise).exists()


def test_the_timeline_shows_everything_to_staff(login, staff, scenario):  # type: ignore[no-untyped-def]
    response = login(staff).get(reverse("finance:demand_detail", args=[scenario.demand_a.pk]))
    kinds = [event.kind for event in response.context["events"]]
    assert kinds == [DemandEvent.Kind.SUBMITTED, DemandEvent.Kind.PUSHED, DemandEvent.Kind.PUSHED,
                     DemandEvent.Kind.CLAIMED]


def test_only_the_banks_of_the_three_best_fitting_products_are_ticked(world, login, staff, ent_user):  # type: ignore[no-untyped-def]
    from kaopu.finance.matching import match_batch
    from kaopu.finance.testing import make_bank, make_product

    banks = [make_bank(world.district, f"测试银行{n}普陀支行") for n in range(5)]
    for n, bank in enumerate(banks):  # the lower the rate, the better the fit: bank 0 best
        make_product(bank, f"产品{n}", rate_min=Decimal("3.00") + n, rate_max=Decimal("9.00"))
    demand = make_demand(world.enterprise_a, ent_user)
    match_batch(FinancingDemand.objects.filter(pk=demand.pk))
    response = login(staff).get(reverse("finance:demand_detail", args=[demand.pk]))
    assert response.context["push_form"].initial["banks"] == [str(bank.pk) for bank in banks[:3]]
    assert "5 家银行有适合的产品，已勾选匹配度最高的 3 家" in response.content.decode()


def test_leaders_see_the_contact_phone_masked_staff_whole_on_the_page_and_in_the_api(  # type: ignore[no-untyped-def]
        login, staff, leader, scenario):
    from kaopu.core.api_testing import bearer_client

    demand = scenario.demand_a2
    phone = demand.contact_phone
    assert len(phone) >= 11
    masked = phone[:3] + "*" * (len(phone) - 7) + phone[-4:]
    url = reverse("finance:demand_detail", args=[demand.pk])
    leader_page = login(leader).get(url).content.decode()
    assert phone not in leader_page and masked in leader_page
    assert phone in login(staff).get(url).content.decode()
    api = f"/api/v1/finance/demands/{demand.pk}"
    assert bearer_client(leader).get(api).json()["contact_phone"] == masked
    assert bearer_client(staff).get(api).json()["contact_phone"] == phone
