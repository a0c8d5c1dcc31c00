"""Routing rules in the browser: FIC staff keep the district's rules (诉求设置 › 分派规则), try a draft on
recent appeals before saving it, and the dispatch form of an accepted appeal pre-selects the departments
a rule suggests, naming the rule; staff dispatch and the appeal goes to that department.

Screenshots of the rules page, the test page and the dispatch form, on a desktop and on a phone (390
px), go to /tmp/e2e_routing_shots/<test>/.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from e2e_helpers import PHONE, cast, field

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/e2e_routing_shots")
RULE = "融资诉求交人社局"
TITLE = "流动资金贷款续贷审批缓慢"


@pytest.fixture
def routing_world(world) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    """The personas, the categories, a second department, a rule sending 融资 to it with the world's
    department co-handling, and an accepted appeal of that category (through the actions); a
    staff-entered calendar for a year around today that the holiday library does not know yet."""
    from django.utils import timezone

    from kaopu.appeals import actions
    from kaopu.appeals.actions_routing import RuleInput, create_rule
    from kaopu.appeals.models import Appeal, Category, ensure_categories
    from kaopu.core import workdays
    from kaopu.core.models import CalendarDay, CalendarYear
    from kaopu.directory.models import Department

    ensure_categories()  # created by post_migrate, so absent after another test's flush
    workdays.forget()
    today = workdays.local_today()
    for year in (today.year, today.year + 1):
        if workdays.known_calendar(year) is None:
            entered = CalendarYear.objects.create(year=year, notice="e2e", entered_at=timezone.now())
            if date(year, 1, 1).weekday() < 5:
                CalendarDay.objects.create(year=entered, date=date(year, 1, 1), kind=CalendarDay.Kind.HOLIDAY,
                                           name="元旦")
    workdays.forget()
    staff = world.users["staff"]
    rsj = Department.objects.create(district=world.district, name="区人社局")
    loan, law = Category.objects.get(name="融资"), Category.objects.get(name="法律")
    create_rule(acting_user=staff, data=RuleInput(name="法律诉求交市场监管局", category=law, lead=world.department))
    create_rule(acting_user=staff, data=RuleInput(name=RULE, category=loan, lead=rsj, co_handlers=[world.department]))
    older = actions.submit_appeal(enterprise=world.enterprise_b, acting_user=staff, kind=Appeal.Kind.HELP,
                                  category=loan, title="企业担保贷款贴息申请", content="请协助办理贷款贴息。")
    actions.accept(older.pk, acting_user=staff)
    appeal = actions.submit_appeal(enterprise=world.enterprise_a, acting_user=world.users["ent_user"],
                                   kind=Appeal.Kind.HELP, category=loan, title=TITLE,
                                   content="我司在银行的流动资金贷款下月到期，续贷审批迟迟没有结果，请求协调。")
    actions.accept(appeal.pk, acting_user=staff)
    world.rsj, world.appeal = rsj, appeal
    yield world
    workdays.forget()


@pytest.fixture
def people(routing_world, live_server, new_page, request) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    (shots := SHOTS / request.node.name.removeprefix("test_")[:30]).mkdir(parents=True, exist_ok=True)
    yield cast(new_page, live_server.url, shots)


def dispatch_form_values(page: Any) -> tuple[str, list[str]]:
    """What the dispatch form would send (whatever widgets it uses): the lead and the co-handlers."""
    return page.evaluate("""() => {
        const form = document.querySelector("form[action$='/dispatch/']");
        const data = new FormData(form);
        return [data.get("lead"), data.getAll("co_handlers")];
    }""")


def test_the_dispatch_form_preselects_the_rules_suggestion_and_staff_dispatch_it(routing_world, people):  # type: ignore[no-untyped-def]
    from kaopu.appeals.models import Appeal, Event

    world = routing_world
    staff = people("staff")
    staff.go(f"/appeals/{world.appeal.pk}/")
    note = staff.page.locator("#routing-suggestion")
    assert note.inner_text().strip() == f"按规则“{RULE}”建议"
    lead, co_handlers = dispatch_form_values(staff.page)
    assert (lead, co_handlers) == (str(world.rsj.pk), [str(world.department.pk)])
    staff.page.locator("#appeal-actions").scroll_into_view_if_needed()
    staff.shot("dispatch-form-suggested")
    staff.click("button", "派单")
    assert "已派单" in staff.messages() and "已派单" in staff.heading()
    assert "区人社局" in staff.page.locator("main dl.facts").nth(1).inner_text()
    assert f"已按规则“{RULE}”的建议派单" in staff.page.locator("main ol.timeline").inner_text()
    appeal = Appeal.objects.get(pk=world.appeal.pk)
    assert appeal.lead_department == world.rsj
    assert list(appeal.co_handlers.values_list("department", flat=True)) == [world.department.pk]
    assert Event.objects.get(appeal=appeal, action="dispatch").data["routing"]["followed"] is True

    phone = people("staff", viewport=PHONE)
    phone.go(f"/appeals/{routing_world.appeal.pk - 1}/")  # the other accepted 融资 appeal
    assert phone.page.locator("#routing-suggestion").is_visible()
    phone.page.locator("#routing-suggestion").scroll_into_view_if_needed()
    phone.shot("phone-dispatch-form-suggested")


def test_staff_try_a_draft_rule_before_saving_it(routing_world, people):  # type: ignore[no-untyped-def]
    from kaopu.appeals.models import RoutingRule

    staff = people("staff")
    staff.go("/appeals/settings/")
    staff.click("link", "分派规则")
    rows = staff.page.locator("#routing-table tbody tr")
    assert rows.count() == 2 and RULE in rows.nth(1).inner_text()
    staff.shot("rules")
    form = staff.page.locator("#add-rule form")
    field(form, "名称").fill("提到贷款的诉求")
    field(form, "关键词").fill("贷款，续贷")
    field(form, "建议主办部门").select_option(label="区市场监管局")
    field(form, "顺序").fill("1")
    staff.click("button", "保存前试算", form)
    counts = staff.page.locator("#trial-counts").inner_text()
    assert "匹配的诉求\n2" in counts and "由它给出建议的诉求\n2" in counts
    table = staff.page.locator("#trial-table").inner_text()
    assert TITLE in table and RULE in table and "有变化" in table
    assert RoutingRule.objects.count() == 2  # nothing saved
    staff.shot("draft-trial")
    staff.click("button", "新增该规则", staff.page.locator("#rule-form"))  # the draft's form, filled
    assert "分派规则“提到贷款的诉求”已添加，位于第 1 条。" in staff.messages()
    assert RoutingRule.objects.order_by("position").first().name == "提到贷款的诉求"

    phone = people("staff", viewport=PHONE)
    phone.go("/appeals/settings/routing/")
    phone.shot("phone-rules")
    rule = RoutingRule.objects.get(name=RULE)
    phone.go(f"/appeals/settings/routing/{rule.pk}/test/")
    assert "#" in phone.page.locator("#trial-table").inner_text()
    phone.shot("phone-rule-trial")
