"""One financing demand's whole loop in the browser: an enterprise, FIC staff and two banks' officers,
each in their own context.

The enterprise asks for 300万元 through the form (fields found by their Chinese labels, the consent
ticked) and sees the products that fit; staff open the demand under 融资服务 → 融资需求, find both
banks whose products fit pre-ticked and push it; the first bank's officer finds it under 待认领,
claims it and records a grant of 280万元 at 3.45 % for 12 months; the second bank's officer sees the
demand pushed to their bank (and leaves it), but the first bank's push is 404 to them; the enterprise
sees the grant — bank, amount, rate, term — on its demand, on a phone too; the figures page
(finance:figures) counts one demand granted and 280万元. Once the world is built, everything goes
through the pages. Screenshots of every step go to /tmp/e2e_financing_shots/.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from e2e_helpers import PHONE, cast, field, settle

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/e2e_financing_shots")
PURPOSE = "承接央企供应链订单，需垫付原材料采购资金，预计三个月回款。"


@pytest.fixture
def finance_world(world) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    """The personas, two alliance banks with a product each that fits a 300万元 one-year demand, and
    the policy schemes (post_migrate makes them; another test's flush empties them)."""
    from kaopu.finance.models import ensure_policy_schemes
    from kaopu.finance.testing import alliance, make_product

    ensure_policy_schemes()
    banks = alliance(world)
    make_product(banks.bank, "鑫e贷", amount_max=Decimal("500"))
    make_product(banks.other_bank, "经营快贷", amount_max=Decimal("1000"))
    world.banks = banks
    yield world


@pytest.fixture
def people(finance_world, live_server, new_page) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    yield cast(new_page, live_server.url, SHOTS)


def test_a_demand_goes_from_the_enterprise_to_two_banks_to_a_grant_and_the_figures(finance_world, people):  # type: ignore[no-untyped-def]
    world = finance_world
    banks = world.banks
    enterprise_name = world.enterprise_a.name
    enterprise = people("ent_user")

    # 1. The enterprise: 融资服务 → 提交融资需求; the form by its labels; consent ticked.
    enterprise.menu("融资服务")
    assert "我的融资需求" in enterprise.heading()
    enterprise.click("link", "提交融资需求")
    form = enterprise.page.locator("main form#demand-form")
    field(form, "金额（万元）").fill("300")
    field(form, "期限（月）").fill("12")
    field(form, "用途").select_option(label="流动资金")
    field(form, "资金用途说明").fill(PURPOSE)
    field(form, "联系人").fill("周晓东")
    field(form, "联系电话").fill("13812345678")
    form.locator("input[name=consent_to_share]").check()
    enterprise.shot("demand-form")
    form.locator("button[type=submit]").click()
    settle(enterprise.page)
    assert re.search(r"/finance/my/\d+/\?new=1$", enterprise.page.url), enterprise.page.url
    demand_path = enterprise.page.url.removeprefix(enterprise.base_url).split("?")[0]
    assert enterprise.page.locator("#demand-state").inner_text() == "待推送"
    matches = enterprise.page.locator("#matches").inner_text()
    assert "鑫e贷" in matches and "经营快贷" in matches
    enterprise.shot("demand-submitted")

    # 2. Staff: 融资需求 → the demand; both banks whose products fit are ticked; push.
    staff = people("staff")
    staff.menu("融资需求")
    staff.click("link", enterprise_name)
    push_form = staff.page.locator("#push-form")
    for bank in (banks.bank, banks.other_bank):
        assert push_form.get_by_label(bank.name).is_checked(), bank.name
    staff.shot("demand-detail")
    staff.click("button", "推送", scope=push_form)
    assert "需求已推送给银行" in staff.messages()
    assert staff.page.locator("#demand-state").inner_text() == "银行对接中"
    assert staff.page.locator("#pushes").inner_text().count("待认领") == 2

    # 3. The first bank's officer: 待认领 → claim → grant 280万元 at 3.45 % for 12 months.
    officer = people("bank_officer")
    officer.menu("本行融资需求")
    officer.click("link", enterprise_name)
    push_path = officer.page.url.removeprefix(officer.base_url)
    assert "13812345678" in officer.page.locator("main").inner_text()  # the contact, shared with consent
    officer.click("button", "认领此需求")
    assert officer.page.locator("#push-state").inner_text() == "已认领"
    grant = officer.page.locator("#grant-form")
    field(grant, "放款金额（万元）").fill("280")
    field(grant, "年利率（%）").fill("3.45")
    field(grant, "放款期限（月）").fill("12")
    field(grant, "产品").select_option(label="鑫e贷")
    officer.shot("grant-form")
    officer.click("button", "登记放款", scope=grant)
    assert "放款已登记" in officer.messages()
    assert officer.page.locator("#push-state").inner_text() == "已放款"
    officer.click("link", "工作台")
    officer.page.get_by_role("link", name="已放款", exact=True).click()
    settle(officer.page)
    assert enterprise_name in officer.page.locator("#push-table").inner_text()

    # 4. The second bank's officer sees the demand pushed to their bank, never the first bank's push.
    other = people("other_bank_officer")
    other.go("/finance/bank/")
    assert enterprise_name in other.page.locator("#push-table").inner_text()
    other.click("link", enterprise_name)
    assert "上海农商银行" not in other.page.locator("#bank-actions").inner_text()
    response = other.page.goto(other.base_url + push_path)
    assert response is not None and response.status == 404
    other.shot("other-bank-404")

    # 5. The enterprise sees the grant on its demand, on a phone too.
    enterprise.go(demand_path)
    progress = enterprise.page.locator("#progress").inner_text()
    assert banks.bank.name in progress and "已放款" in progress
    assert "280万元，年利率3.45%，期限12个月" in progress
    assert enterprise.page.locator("#demand-state").inner_text() == "已放款"
    enterprise.shot("granted")
    phone = people("ent_user", viewport=PHONE)
    phone.go(demand_path)
    assert "280万元，年利率3.45%，期限12个月" in phone.page.locator("#progress").inner_text()
    assert phone.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    phone.shot("granted-phone")

    # 6. The figures page counts it: one demand granted, 280万元.
    staff.menu("融资统计")
    tiles = {tile.locator(".kpi-label").inner_text(): tile.locator(".kpi-value").inner_text()
             for tile in staff.page.locator("#figures-tiles .kpi-tile").all()}
    staff.shot("figures")
    assert tiles["已放款"] == "1", tiles
    assert tiles["放款金额（万元）"] == "280", tiles
    bank_row = staff.page.locator("#figures-banks tr", has_text=banks.bank.short_name).inner_text()
    assert "280" in bank_row
