"""Screenshots of the list and detail pages at desktop and phone widths, into test-results/.

They are for people to look at; the assertions only catch the worst layout failure: a page wider
than the phone's screen, which forces sideways scrolling.
"""

from __future__ import annotations

import pytest
from e2e_helpers import DESKTOP, PHONE, log_in

from kaopu.core.testing import make_credit_code, make_enterprise
from kaopu.directory.models import EnterprisePerson, Person, PersonTitle

pytestmark = pytest.mark.browser


@pytest.fixture
def filled(world):  # type: ignore[no-untyped-def]
    for n in range(12):
        make_enterprise(world.district, name=f"上海长风第{n}智能制造科技有限公司",
                        credit_code=make_credit_code(900 + n), subdistrict=world.subdistrict,
                        industry_id="65", size="small", is_member=n % 2 == 0, is_high_tech=n % 3 == 0,
                        legal_representative="王建国")
    enterprise = world.enterprise_a
    enterprise.legal_representative = "李明"
    enterprise.address = "上海市普陀区长寿路 1118 号悦达 889 广场 15 楼"
    enterprise.save()
    for n, role in enumerate(["legal_rep", "controller", "contact"]):
        person = Person.objects.create(district=world.district, name=["李明", "张伟", "陈静"][n],
                                       gender="M" if n < 2 else "F", phone=f"1381234{n:04d}")
        PersonTitle.objects.create(person=person, kind="npc", level="district")
        EnterprisePerson.objects.create(enterprise=enterprise, person=person, role=role, position="总经理")
    return world


@pytest.mark.parametrize(("label", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)])
def test_list_and_detail_screenshots(filled, live_server, new_page, results_dir, label, viewport):
    page = new_page(viewport=viewport)
    log_in(page, live_server.url, "staff")
    shots = {
        "list": f"{live_server.url}/directory/enterprises/",
        "detail": f"{live_server.url}/directory/enterprises/{filled.enterprise_a.pk}/",
    }
    for name, url in shots.items():
        page.goto(url)
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(results_dir / f"{name}-{label}.png"), full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{name} page is {overflow}px wider than a {viewport['width']}px screen"
