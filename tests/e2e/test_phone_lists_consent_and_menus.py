"""Issue 13 in the browser, at a phone's width (390 px) and a desktop's: the short lists, the demand form
with every error at once, the demand no bank can see, and a district leader's menu.

- The enterprise's appeals, its financing demands and a bank's worklist are compact rows: each row is
  measured under 80 px high on a phone (a card of labelled cells was about 180 px), with the state
  filter above the enterprise's lists;
- the demand form sent empty shows every error at once, in a summary on top and on each field;
- a demand submitted without consent says first that no bank can see it; the button gives consent;
- a district leader's menu has no settings page and no API tokens.

Screenshots go to /tmp/e2e_everywhere_shots/<test>/ (headless Chromium has no CJK font: Chinese shows as boxes).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from e2e_helpers import DESKTOP, PHONE, cast, settle

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/e2e_everywhere_shots")
ROW_MAX_PX = 80
VIEWPORTS = [("phone", PHONE), ("desktop", DESKTOP)]


@pytest.fixture
def busy_world(world) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    """Enterprise A with appeals in several states and demands in several states (one without consent),
    pushed to the persona bank."""
    from kaopu.appeals import actions as appeals
    from kaopu.appeals.models import Appeal, Category
    from kaopu.finance import actions as finance
    from kaopu.finance.models import ensure_policy_schemes
    from kaopu.finance.testing import alliance, make_demand, make_product

    staff, handler, ent_user = world.users["staff"], world.users["handler"], world.users["ent_user"]
    category = Category.objects.get(name="融资")
    titles = ["厂房租金补贴如何申请", "员工社保缴费基数调整咨询", "高新技术企业认定材料问题", "用电增容审批进度缓慢",
              "知识产权质押贷款政策咨询", "园区道路施工影响物流车辆通行，请求协调施工时段"]
    for n, title in enumerate(titles):
        appeal = appeals.submit_appeal(enterprise=world.enterprise_a, acting_user=ent_user, kind=Appeal.Kind.HELP,
                                       category=category, title=title, content="请协调。")
        if n % 3 >= 1:
            appeals.accept(appeal.pk, acting_user=staff)
            appeals.dispatch(appeal.pk, acting_user=staff, lead=world.department)
            appeals.sign_for(appeal.pk, acting_user=handler)
        if n % 3 == 2:
            appeals.reply(appeal.pk, acting_user=handler, text="已协调。")
    ensure_policy_schemes()
    banks = alliance(world)
    make_product(banks.bank, "鑫e贷")
    for n in range(5):
        demand = make_demand(world.enterprise_a, ent_user, amount=str(100 + 50 * n))
        if n % 2:
            finance.push_demand(acting_user=staff, demand_id=demand.pk, banks=[banks.bank, banks.other_bank])
    world.unshared = make_demand(world.enterprise_a, ent_user, amount="80", consent_to_share=False)
    yield world


@pytest.fixture
def people(busy_world, live_server, new_page, request) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(exist_ok=True)
    yield cast(new_page, live_server.url, SHOTS / request.node.name.replace("[", "-").rstrip("]"))


def _row_heights(page: Any, rows: str) -> list[float]:
    return [box["height"] for box in (row.bounding_box() for row in page.locator(rows).all()) if box]


def _no_sideways_scrolling(page: Any) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{page.url} is {overflow}px wider than the screen"


@pytest.mark.parametrize(("label", "viewport"), VIEWPORTS)
def test_the_lists_are_compact_rows_with_a_state_filter(busy_world, people, label, viewport):  # type: ignore[no-untyped-def]
    enterprise = people("ent_user", viewport=viewport)
    lists = [("appeals", "/appeals/my/", "#appeal-table tbody tr", 6), ("demands", "/finance/my/",
                                                                        "#demand-table tbody tr", 6)]
    for name, path, rows, count in lists:
        enterprise.go(path)
        enterprise.shot(f"{name}-{label}")
        assert enterprise.page.locator("nav.tabs a").count() >= 5
        heights = _row_heights(enterprise.page, rows)
        assert len(heights) == count, name
        if label == "phone":
            assert max(heights) < ROW_MAX_PX, f"{name}: rows of {heights} px on a phone"
        _no_sideways_scrolling(enterprise.page)
    # The filter narrows the list to its tab.
    enterprise.go("/appeals/my/")
    enterprise.page.locator("nav.tabs a[href='?state=replied']").click()
    settle(enterprise.page)
    assert enterprise.page.locator("#appeal-table tbody tr").count() == 2
    enterprise.shot(f"appeals-to-rate-{label}")

    officer = people("bank_officer", viewport=viewport)
    officer.go("/finance/bank/")
    officer.shot(f"bank-worklist-{label}")
    heights = _row_heights(officer.page, "#push-table tbody tr")
    assert len(heights) == 2
    if label == "phone":
        assert max(heights) < ROW_MAX_PX, f"the bank's worklist: rows of {heights} px on a phone"
    _no_sideways_scrolling(officer.page)


@pytest.mark.parametrize(("label", "viewport"), VIEWPORTS)
def test_the_demand_form_shows_every_error_at_once(busy_world, people, label, viewport):  # type: ignore[no-untyped-def]
    enterprise = people("ent_user", viewport=viewport)
    enterprise.go("/finance/my/new/")
    form = enterprise.page.locator("main form#demand-form")
    form.locator("input[name=contact_name]").fill("")
    form.locator("input[name=amount]").fill("三百")
    form.locator("button[type=submit]").click()
    settle(enterprise.page)
    summary = enterprise.page.locator("#form-errors li")
    assert summary.count() == 5  # amount, term, purpose, what for, contact person
    assert enterprise.page.locator(".field.has-error").count() == 5
    assert "金额：" in summary.first.inner_text()
    _no_sideways_scrolling(enterprise.page)
    enterprise.shot(f"demand-form-errors-{label}")


@pytest.mark.parametrize(("label", "viewport"), VIEWPORTS)
def test_a_demand_no_bank_can_see_says_so_first_and_takes_consent(busy_world, people, label, viewport):  # type: ignore[no-untyped-def]
    enterprise = people("ent_user", viewport=viewport)
    enterprise.go(f"/finance/my/{busy_world.unshared.pk}/")
    notice = enterprise.page.locator("#no-consent")
    assert notice.is_visible()
    assert notice.bounding_box()["y"] < enterprise.page.locator("#progress").bounding_box()["y"]
    _no_sideways_scrolling(enterprise.page)
    enterprise.shot(f"no-consent-{label}")
    notice.get_by_role("button").click()
    settle(enterprise.page)
    assert enterprise.page.locator("#no-consent").count() == 0
    assert "区工商联现在可以将您的需求推送给产品适合的银行" in enterprise.messages()
    enterprise.shot(f"consent-given-{label}")


@pytest.mark.parametrize(("label", "viewport"), VIEWPORTS)
def test_a_leaders_menu_has_no_settings_nor_tokens(busy_world, people, label, viewport):  # type: ignore[no-untyped-def]
    leader = people("leader", viewport=viewport)
    leader.go("/")
    if label == "phone":
        leader.page.locator("label.nav-toggle-label").click()
    entries = [text.strip() for text in leader.page.locator("nav.mainnav a").all_text_contents()]
    assert "诉求概览" in entries and "融资统计" in entries
    assert not [entry for entry in entries if "设置" in entry or "令牌" in entry], entries
    for group in ("诉求", "法律服务", "更多"):  # the groups that hold settings and tokens for others
        leader.page.locator("nav.mainnav details.navgroup > summary", has_text=group).click()
        leader.shot(f"leader-menu-{group}-{label}")
