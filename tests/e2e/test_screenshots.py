"""Screenshots of the list and detail pages at desktop and phone widths, into test-results/.

They are for people to look at; the assertions only catch the worst layout failure: a page wider
than the phone's screen, which forces sideways scrolling.
"""

from __future__ import annotations

import pytest
from e2e_helpers import DESKTOP, PHONE, log_in, settle

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
        settle(page)
        page.screenshot(path=str(results_dir / f"{name}-{label}.png"), full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{name} page is {overflow}px wider than a {viewport['width']}px screen"


@pytest.mark.parametrize(("label", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)])
def test_import_result_and_export_job_screenshots(world, live_server, new_page, results_dir, settings, tmp_path,
                                                   label, viewport):
    from kaopu.directory.tests._xlsx import HEADERS, code, row, workbook_bytes

    settings.MEDIA_ROOT = tmp_path
    roster = tmp_path / "名录.xlsx"
    roster.write_bytes(workbook_bytes([
        row(1, 行业="I"), row(2, 联系电话="12345"), row(3, 行业="A65"), row(4, 所属街道="火星街道"),
        row(1, 法定代表人="李四"), row(5, 统一社会信用代码="\u200b" + code(5))], HEADERS))
    page = new_page(viewport=viewport)
    log_in(page, live_server.url, "staff")
    page.goto(f"{live_server.url}/directory/imports/")
    page.set_input_files("input[type=file]", str(roster))
    page.click("main form button[type=submit]")
    settle(page)
    assert "/directory/imports/" in page.url, page.content()[:3000]
    assert page.locator("#count-errors").inner_text() == "3", page.url
    assert page.locator("#count-warnings").inner_text() == "2"
    shots = {"import-result": page.url}
    page.goto(f"{live_server.url}/directory/enterprises/?industry=65")
    page.click("#export-enterprises")
    settle(page)
    shots["export-job"] = page.url
    for name, url in shots.items():
        page.goto(url)
        settle(page)
        page.screenshot(path=str(results_dir / f"{name}-{label}.png"), full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{name} page is {overflow}px wider than a {viewport['width']}px screen"


@pytest.mark.parametrize(("label", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)])
def test_reply_review_screenshots(world, live_server, new_page, results_dir, label, viewport):  # type: ignore[no-untyped-def]
    """A reply waiting for review (staff's form, the department's notice) and a co-handler's missing
    opinion on the lead department's page."""
    from kaopu.accounts.models import Organisation
    from kaopu.accounts.roles import OrganisationKind, Role
    from kaopu.appeals import actions
    from kaopu.appeals.models import Appeal, Category
    from kaopu.core.testing import make_user
    from kaopu.directory.models import Department

    co_department = Department.objects.create(district=world.district, name="区人社局")
    organisation = Organisation.objects.create(kind=OrganisationKind.DEPARTMENT, name=co_department.name,
                                               district=world.district, department=co_department)
    make_user("rsj_e2e", Role.DEPARTMENT_HANDLER, organisation)
    category = Category.objects.get(name="融资")
    category.reply_review_required = True
    category.save()
    users = world.users
    appeals = []
    for title in ("贷款续贷困难", "厂房租金补贴咨询"):
        appeal = actions.submit_appeal(enterprise=world.enterprise_a, acting_user=users["ent_user"],
                                       kind=Appeal.Kind.HELP, category=category, title=title,
                                       content="企业流动资金贷款到期，续贷审批缓慢，请求协调。")
        actions.accept(appeal.pk, acting_user=users["staff"])
        actions.dispatch(appeal.pk, acting_user=users["staff"], lead=world.department, co_handlers=[co_department])
        actions.sign_for(appeal.pk, acting_user=users["handler"])
        appeals.append(appeal)
    actions.reply(appeals[0].pk, acting_user=users["handler"], text="已协调合作银行，材料补齐后 3 个工作日内审批。")

    page = new_page(viewport=viewport)
    log_in(page, live_server.url, "staff")
    shots = [("review-queue", "staff", "/appeals/triage/?queue=review"),
             ("review-form", "staff", f"/appeals/{appeals[0].pk}/"),
             ("opinion-missing", "handler", f"/appeals/inbox/{appeals[1].pk}/")]
    for name, user, path in shots:
        if user != "staff":
            page = new_page(viewport=viewport)
            log_in(page, live_server.url, user)
        page.goto(live_server.url + path)
        settle(page)
        page.screenshot(path=str(results_dir / f"{name}-{label}.png"), full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{name} page is {overflow}px wider than a {viewport['width']}px screen"
    assert page.locator("#missing-opinions").count() == 1
