"""The alliance's settings pages: banks (create with an existing or a new organisation, edit,
contacts), products (staff for any bank of the district, a bank officer for their own) and policy
schemes. Bad input is refused on its field, in Chinese, and nothing is written."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from kaopu.accounts.models import Organisation
from kaopu.accounts.roles import OrganisationKind
from kaopu.audit.models import AuditEntry
from kaopu.finance.models import Bank, BankContact, LoanProduct, PolicyScheme
from kaopu.finance.tests.scenario import build

pytestmark = pytest.mark.django_db

PRODUCT = {"name": "科技履约贷", "kind": "credit", "amount_min": "50", "amount_max": "1,000", "rate_min": "3.1",
           "rate_max": "4.2", "term_min_months": "6", "term_max_months": "36", "collateral": [],
           "industries": ["I", "M"], "sizes": ["small", "micro"], "is_active": "on", "description": "科技型中小企业"}


@pytest.fixture
def scenario(world):  # type: ignore[no-untyped-def]
    return build(world)


def test_the_bank_list_counts_each_banks_work(login, staff, scenario):  # type: ignore[no-untyped-def]
    response = login(staff).get(reverse("finance:bank_list"))
    rows = {bank.pk: bank for bank in response.context["banks"]}
    assert set(rows) == {scenario.alliance.bank.pk, scenario.alliance.other_bank.pk}
    other = rows[scenario.alliance.other_bank.pk]
    assert (other.pushed_total, other.open_total, other.granted_total, other.products_active) == (2, 2, 0, 1)


def test_staff_add_a_bank_with_an_existing_organisation(login, staff, world, scenario):  # type: ignore[no-untyped-def]
    organisation = Organisation.objects.create(kind=OrganisationKind.BANK, name="宁波银行上海普陀支行",
                                               district=world.district)
    client = login(staff)
    form = client.get(reverse("finance:bank_new")).context["form"]
    assert organisation.pk in [value for value, _label in form.fields["organisation"].choices]
    assert scenario.alliance.bank.organisation_id not in [v for v, _l in form.fields["organisation"].choices]
    response = client.post(reverse("finance:bank_new"), {
        "organisation": organisation.pk, "name": "宁波银行上海普陀支行", "short_name": "宁波银行",
        "joined_on": "2023-09-12", "hotline": "95574", "is_active": "on", "sort_order": "5"})
    assert response.status_code == 302
    bank = Bank.objects.get(name="宁波银行上海普陀支行")
    assert bank.organisation == organisation and bank.district == world.district
    assert AuditEntry.objects.filter(object_id=str(bank.pk), summary__contains="宁波银行").exists()


def test_staff_add_a_bank_with_a_new_organisation(login, staff, world):  # type: ignore[no-untyped-def]
    response = login(staff).post(reverse("finance:bank_new"), {
        "name": "南京银行上海普陀支行", "short_name": "南京银行", "joined_on": "2024-03-26", "is_active": "on"})
    assert response.status_code == 302
    bank = Bank.objects.get(name="南京银行上海普陀支行")
    assert bank.organisation.kind == OrganisationKind.BANK and bank.organisation.name == bank.name


@pytest.mark.parametrize(("field", "value", "start"), [
    ("name", "", "名称："), ("short_name", "", "简称："), ("joined_on", "2099-01-01", "加入联盟日期：不能晚于今天"),
    ("joined_on", "昨天", "加入联盟日期："), ("name", "上海农商银行普陀支行", "名称：联盟中已有"),
])
def test_bad_bank_input_is_refused(login, staff, scenario, field, value, start):  # type: ignore[no-untyped-def]
    data = {"name": "南京银行上海普陀支行", "short_name": "南京银行", "joined_on": "2024-03-26", field: value}
    before = (Bank.objects.count(), Organisation.objects.count())
    response = login(staff).post(reverse("finance:bank_new"), data)
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert list(errors) == [field] and errors[field][0].startswith(start), errors
    assert (Bank.objects.count(), Organisation.objects.count()) == before


def test_staff_edit_a_bank_and_its_contacts(login, staff, scenario):  # type: ignore[no-untyped-def]
    bank = scenario.alliance.bank
    client = login(staff)
    response = client.post(reverse("finance:bank_edit", args=[bank.pk]), {
        "name": bank.name, "short_name": "上海农商银行", "joined_on": "2021-06-18", "hotline": "021-962999",
        "is_active": "on", "sort_order": "3"})
    assert response.status_code == 302
    bank.refresh_from_db()
    assert bank.short_name == "上海农商银行" and bank.hotline == "021-962999"
    refused = client.post(reverse("finance:contact_add", args=[bank.pk]), {"name": "沈佳", "phone": "12"})
    assert refused.status_code == 422
    assert refused.context["contact_form"].errors["phone"][0].startswith("联系电话：")
    assert not BankContact.objects.filter(bank=bank).exists()
    assert client.post(reverse("finance:contact_add", args=[bank.pk]),
                       {"name": "沈佳", "title": "客户经理", "phone": "13912345678"}).status_code == 302
    contact = BankContact.objects.get(bank=bank)
    assert client.post(reverse("finance:contact_remove", args=[contact.pk])).status_code == 302
    assert not BankContact.objects.filter(pk=contact.pk).exists()


def test_the_bank_detail_lists_officers_and_products(login, leader, scenario):  # type: ignore[no-untyped-def]
    response = login(leader).get(reverse("finance:bank_detail", args=[scenario.alliance.bank.pk]))
    assert [user.username for user in response.context["officers"]] == ["bank_officer"]
    assert [product.name for product in response.context["products"]] == ["鑫e贷"]
    html = response.content.decode()
    assert reverse("finance:bank_edit", args=[scenario.alliance.bank.pk]) not in html  # read-only
    assert ("已婉拒", 0) in response.context["counts"] and "不予受理" not in html


def test_staff_add_a_product_for_a_bank(login, staff, scenario):  # type: ignore[no-untyped-def]
    scheme = PolicyScheme.objects.first()
    response = login(staff).post(reverse("finance:product_new"), {
        **PRODUCT, "bank": scenario.alliance.other_bank.pk, "policy_schemes": [scheme.pk]})
    assert response.status_code == 302
    product = LoanProduct.objects.get(name="科技履约贷")
    assert product.bank == scenario.alliance.other_bank and product.amount_max == Decimal("1000.0000")
    assert sorted(product.industries.values_list("code", flat=True)) == ["I", "M"]
    assert list(product.policy_schemes.all()) == [scheme] and product.sizes == ["small", "micro"]


def test_a_bank_officer_adds_products_to_their_own_bank_only(login, bank_officer, scenario):  # type: ignore[no-untyped-def]
    client = login(bank_officer)
    form = client.get(reverse("finance:product_new")).context["form"]
    assert form.fields["bank"].choices == [(scenario.alliance.bank.pk, scenario.alliance.bank.name)]
    response = client.post(reverse("finance:product_new"), {**PRODUCT, "bank": scenario.alliance.other_bank.pk})
    assert response.status_code == 422
    assert not LoanProduct.objects.filter(name="科技履约贷").exists()
    assert client.post(reverse("finance:product_new"),
                       {**PRODUCT, "bank": scenario.alliance.bank.pk}).status_code == 302
    assert LoanProduct.objects.get(name="科技履约贷").bank == scenario.alliance.bank


@pytest.mark.parametrize(("field", "value", "start"), [
    ("amount_min", "2000", "金额范围（万元）：下限"), ("amount_max", "-1", "最高金额：必须大于 0"),
    ("rate_max", "2.5", "年利率范围（%）：下限"), ("rate_min", "abc", "最低年利率："),
    ("term_max_months", "3", "期限范围（月）：下限"), ("name", "", "产品名称："), ("kind", "", "类型："),
])
def test_bad_products_are_refused_on_their_field(login, staff, scenario, field, value, start):  # type: ignore[no-untyped-def]
    response = login(staff).post(reverse("finance:product_new"),
                                 {**PRODUCT, "bank": scenario.alliance.bank.pk, field: value})
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert len(errors) == 1
    message = next(iter(errors.values()))[0]
    assert message.startswith(start), errors
    assert not LoanProduct.objects.filter(name=PRODUCT["name"]).exists()


def test_edit_a_product(login, bank_officer, scenario):  # type: ignore[no-untyped-def]
    product = scenario.product
    client = login(bank_officer)
    initial = client.get(reverse("finance:product_edit", args=[product.pk])).context["form"].initial
    assert initial["amount_max"] == "500" and initial["rate_min"] == "3.1"
    response = client.post(reverse("finance:product_edit", args=[product.pk]),
                           {**PRODUCT, "name": "鑫e贷（升级版）", "bank": product.bank_id, "is_active": ""})
    assert response.status_code == 302
    product.refresh_from_db()
    assert product.name == "鑫e贷（升级版）" and not product.is_active


def test_product_list_filters(login, staff, scenario):  # type: ignore[no-untyped-def]
    client = login(staff)
    names = lambda query: [p.name for p in client.get(reverse("finance:product_list"), query).context["page"].items]  # noqa: E731
    assert names({}) == ["经营快贷", "鑫e贷"]
    assert names({"bank": scenario.alliance.bank.pk}) == ["鑫e贷"]
    assert names({"kind": "mortgage"}) == []
    assert names({"active": "0"}) == []


def test_policy_schemes_add_rename_retire(login, staff):  # type: ignore[no-untyped-def]
    client = login(staff)
    assert client.post(reverse("finance:schemes"), {"name": "普陀区科技金融贴息"}).status_code == 302
    scheme = PolicyScheme.objects.get(name="普陀区科技金融贴息")
    duplicate = client.post(reverse("finance:schemes"), {"name": "普陀区科技金融贴息"})
    assert duplicate.status_code == 422
    assert duplicate.context["form"].errors["name"][0].startswith("名称：已有")
    assert client.post(reverse("finance:scheme_rename", args=[scheme.pk]),
                       {"name": "普陀区科创贴息", "description": "年贴息1个百分点"}).status_code == 302
    assert client.post(reverse("finance:scheme_active", args=[scheme.pk]), {"active": "0"}).status_code == 302
    scheme.refresh_from_db()
    assert scheme.name == "普陀区科创贴息" and not scheme.is_active
