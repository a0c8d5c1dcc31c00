"""A financing demand with several wrong fields is refused once, with every error at once, each naming its
field: on the enterprise's form, on the staff's form, through the API, and in the action itself; and the
product form likewise. Nothing is written."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from kaopu.core.api_testing import API, bearer_client
from kaopu.finance import actions
from kaopu.finance.models import FinancingDemand, LoanProduct
from kaopu.finance.testing import DEMAND_DATA, alliance

pytestmark = pytest.mark.django_db

# Five wrong fields at once, and the start of each field's sentence (its Chinese label).
WRONG = {"amount": "三百", "term_months": "400", "purpose": "", "contact_name": "", "contact_phone": "abc"}
NAMED = {"amount": "金额：", "term_months": "期限：", "purpose": "用途：", "contact_name": "联系人：",
         "contact_phone": "联系电话："}
GOOD_POST = {"amount": "300", "term_months": "12", "purpose": "working_capital", "purpose_detail": "旺季备货",
             "urgency": "normal", "contact_name": "周晓东", "contact_phone": "13812345678", "consent_to_share": "on"}


def test_the_action_names_every_wrong_field_not_only_the_first(world, ent_user):
    with pytest.raises(actions.InvalidFields) as caught:
        actions.submit_demand(enterprise=world.enterprise_a, acting_user=ent_user, data={**DEMAND_DATA, **WRONG})
    errors = caught.value.errors
    assert [error.field for error in errors] == list(WRONG)
    for error in errors:
        assert error.message.startswith(NAMED[error.field]), error.message
    assert not FinancingDemand.objects.exists()


def test_the_enterprises_form_shows_every_error_together_on_its_field(login, ent_user, world):
    response = login(ent_user).post(reverse("finance:my_demand_new"), {**GOOD_POST, **WRONG})
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert sorted(errors) == sorted(WRONG)
    html = response.content.decode()
    for field, start in NAMED.items():
        assert errors[field][0].startswith(start), errors[field]
        assert errors[field][0] in html
    # The summary on top lists them all, each a link to its field.
    assert "请更正以下 5 处问题：" in html
    assert html.count('href="#id_') >= 5
    assert not FinancingDemand.objects.exists()


def test_a_forms_own_refusal_and_the_actions_rules_show_together(login, ent_user, world):
    # contact_name too long is the form's own check (max_length); the amount is the action's rule.
    response = login(ent_user).post(reverse("finance:my_demand_new"),
                                    {**GOOD_POST, "contact_name": "周" * 51, "amount": "0"})
    errors = response.context["form"].errors
    assert sorted(errors) == ["amount", "contact_name"]
    assert len(errors["contact_name"]) == 1  # the form's sentence alone, not the action's as well
    assert errors["amount"][0].startswith("金额：")


def test_the_staff_form_shows_the_enterprise_and_the_demands_errors_together(login, staff, world):
    response = login(staff).post(reverse("finance:demand_new"), {**GOOD_POST, **WRONG, "enterprise": "不存在的企业"})
    assert response.status_code == 422
    assert sorted(response.context["form"].errors) == sorted([*WRONG, "enterprise"])


def _post(client, body):  # type: ignore[no-untyped-def]
    return client.post(f"{API}/finance/demands", json.dumps(body), content_type="application/json")


def test_the_api_answers_every_wrong_field_in_one_422(ent_user, world):
    body = {key: value for key, value in {**DEMAND_DATA, **WRONG}.items() if key != "purpose_detail"}
    response = _post(bearer_client(ent_user), body)
    assert response.status_code == 422
    answer = response.json()
    assert answer["detail"] == "输入有误，请查看各字段的错误说明。"
    fields = [error["field"] for error in answer["errors"]]
    assert fields == ["amount", "term_months", "purpose", "purpose_detail", "contact_name", "contact_phone"]
    for error in answer["errors"]:
        start = NAMED.get(error["field"], "资金用途说明：")
        assert error["message"].startswith(start), error
    assert not FinancingDemand.objects.exists()


def test_an_empty_api_body_names_every_required_field(ent_user, world):
    response = _post(bearer_client(ent_user), {})
    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == [
        "amount", "term_months", "purpose", "purpose_detail", "contact_name", "contact_phone"]


def test_staff_through_the_api_hear_of_the_missing_enterprise_with_the_rest(staff, world):
    response = _post(bearer_client(staff), {**DEMAND_DATA, "amount": "-1"})
    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == ["enterprise_id", "amount"]


def test_the_product_form_shows_every_error_together(login, staff, world):
    banks = alliance(world)
    response = login(staff).post(reverse("finance:product_new"), {
        "bank": banks.bank.pk, "name": "", "kind": "credit", "amount_min": "abc", "amount_max": "500",
        "rate_min": "30", "rate_max": "4", "term_min_months": "6", "term_max_months": "0"})
    assert response.status_code == 422
    assert sorted(response.context["form"].errors) == ["amount_min", "name", "rate_min", "term_max_months"]
    assert not LoanProduct.objects.exists()
