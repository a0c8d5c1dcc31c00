"""Screenshots of an appeal's page on the staff's and the department's side, at desktop and phone widths,
showing its number and the enterprise's contact (into test-results/); the page must fit the phone."""

from __future__ import annotations

import pytest
from e2e_helpers import DESKTOP, PHONE, log_in, settle

from kaopu.appeals import actions
from kaopu.appeals.models import Appeal, Category
from kaopu.core.masking import mask_phone

pytestmark = pytest.mark.browser


@pytest.fixture
def dispatched(world):  # type: ignore[no-untyped-def]
    staff = world.users["staff"]
    for n in range(3):  # a few before it, so that its number is not 1
        actions.submit_appeal(enterprise=world.enterprise_b, acting_user=world.users["other_ent_user"],
                              kind=Appeal.Kind.CONSULTATION, category=Category.objects.get(name="审批"),
                              title=f"审批咨询{n}", content="内容", contact_name="吴佳怡", contact_phone="13761205566")
    appeal = actions.submit_appeal(
        enterprise=world.enterprise_a, acting_user=world.users["ent_user"], kind=Appeal.Kind.HELP,
        category=Category.objects.get(name="融资"), title="流动资金贷款到期，续贷审批缓慢，请求协调",
        content="我司一笔 500 万元流动资金贷款将于下月到期，续贷审批至今未有结果，请求协调银行加快办理。",
        contact_name="周晓东", contact_phone="021-62345678转801")
    actions.accept(appeal.pk, acting_user=staff)
    return actions.dispatch(appeal.pk, acting_user=staff, lead=world.department)


@pytest.mark.parametrize(("label", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)])
@pytest.mark.parametrize(("username", "path"), [("staff", "/appeals/{pk}/"), ("handler", "/appeals/inbox/{pk}/"),
                                                ("leader", "/appeals/{pk}/")])
def test_appeal_page_shows_number_and_contact(dispatched, live_server, new_page, results_dir, label, viewport,
                                             username, path):
    page = new_page(viewport=viewport)
    log_in(page, live_server.url, username)
    page.goto(live_server.url + path.format(pk=dispatched.pk))
    settle(page)
    number = dispatched.number  # PT-<this year in Shanghai>-000004
    assert number.startswith("PT-") and number.endswith("-000004")
    assert page.locator("#appeal-number").inner_text() == number
    assert page.title().startswith(f"{number} 流动资金贷款到期")
    phone = page.locator("#contact-phone").inner_text()
    assert phone == (mask_phone("021-62345678转801") if username == "leader" else "021-62345678转801"), phone
    page.screenshot(path=str(results_dir / f"appeal-number-{username}-{label}.png"), full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"the appeal page is {overflow}px wider than a {viewport['width']}px screen"


@pytest.mark.parametrize(("label", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)])
def test_the_contact_choice_and_the_numbered_list(dispatched, world, live_server, new_page, results_dir, label,
                                                  viewport):
    from kaopu.directory.models import EnterprisePerson, Person

    user = world.users["ent_user"]
    user.name, user.phone = "周晓东", "13916628800"
    user.save(update_fields=["name", "phone"])
    person = Person.objects.create(district=world.district, name="陈静", phone="13812340002")
    EnterprisePerson.objects.create(enterprise=world.enterprise_a, person=person, role="contact")
    page = new_page(viewport=viewport)
    log_in(page, live_server.url, "ent_user")
    page.goto(f"{live_server.url}/appeals/my/new/")
    settle(page)
    assert page.locator("input[name=contact][value=self]").is_checked()
    page.screenshot(path=str(results_dir / f"appeal-contact-form-{label}.png"), full_page=True)
    staff = new_page(viewport=viewport)
    log_in(staff, live_server.url, "staff")
    staff.goto(f"{live_server.url}/appeals/all/?q=4")
    settle(staff)
    assert staff.locator("#appeal-table tbody .appeal-number").all_inner_texts() == [dispatched.number]
    staff.screenshot(path=str(results_dir / f"appeal-number-list-{label}.png"), full_page=True)
    for shown in (page, staff):
        assert shown.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1
