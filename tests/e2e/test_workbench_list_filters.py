"""The filtered lists the start page's to-dos of legal, financing and investment open (legal.workbench,
finance.workbench, investment.workbench): each shows its filter in words with a way back to the whole
list, at desktop and phone widths, without sideways scrolling. Screenshots into test-results/."""

from __future__ import annotations

from datetime import timedelta

import pytest
from e2e_helpers import DESKTOP, PHONE, log_in, settle

from kaopu.core.registry import registry
from kaopu.core.workdays import local_today
from kaopu.finance.testing import alliance, make_demand
from kaopu.investment.models import Lead
from kaopu.investment.testing import make_lead
from kaopu.legal.models import LegalRequest
from kaopu.legal.testing import advance, make_team, submit

pytestmark = pytest.mark.browser
S = LegalRequest.State


@pytest.fixture
def filled(world):  # type: ignore[no-untyped-def]
    team = make_team(world)
    staff, ent = world.users["staff"], world.users["ent_user"]
    advance(submit(ent, topic="劳动合同到期不续签的补偿"), staff, team.lawyer, to=S.COMPLETED)
    advance(submit(ent, topic="商标被抢注怎么办"), staff, team.lawyer, to=S.ASSIGNED)
    submit(ent, topic="租赁合同审查")
    alliance(world)
    make_demand(world.enterprise_a, ent, consent_to_share=False, amount="260")
    make_demand(world.enterprise_a, ent, amount="80")
    late = make_lead(staff, name="温州某智能装备华东研发中心")
    Lead.objects.filter(pk=late.pk).update(next_step="回访投资方", next_step_on=local_today() - timedelta(days=2))
    make_lead(staff, name="杭州某生物医药项目")
    return world


PAGES = [  # (who, to-do, what the filtered list says, a row it shows)
    ("ent_user", "legal.to_rate", "已办结待评价", "劳动合同到期不续签的补偿"),
    ("ent_user", "finance.to_consent", "只显示银行尚不可见的需求", "260"),
    ("lawyer", "legal.lawyer_to_start", "只显示“已指派”的申请", "商标被抢注怎么办"),
    ("staff", "investment.next_step_overdue", "只显示下一步已逾期的线索", "温州某智能装备华东研发中心"),
]


@pytest.mark.parametrize(("label", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)])
def test_the_lists_the_to_dos_open_say_their_filter(filled, live_server, new_page, results_dir, label, viewport):
    for who, key, says, row in PAGES:
        page = new_page(viewport=viewport)
        log_in(page, live_server.url, who)
        page.goto(live_server.url + registry.todos[key].url(filled.users[who]))
        settle(page)
        page.screenshot(path=str(results_dir / f"workbench-{key}-{label}.png"), full_page=True)
        text = page.inner_text("main")
        assert says in text and row in text, key
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{key}: {overflow}px wider than a {viewport['width']}px screen"
        page.close()
