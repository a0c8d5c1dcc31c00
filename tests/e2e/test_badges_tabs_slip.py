"""Screenshots of the department inbox with its tabs and counts, the staff list with its state badges and
the dispatch slip (交办单), at desktop and phone widths, into test-results/; the slip printed (print media)
and as a PDF from Chromium (page.pdf), which must be one A4 page. The assertions catch the worst failures:
a page wider than the phone, a tab bar or count missing, a slip that is not one A4 sheet."""

from __future__ import annotations

import re
from datetime import date

import pytest
from e2e_helpers import DESKTOP, PHONE, log_in, settle

pytestmark = pytest.mark.browser

A4_POINTS = (595, 842)  # 210 × 297 mm at 72 points per inch, rounded as Chromium writes the MediaBox


@pytest.fixture
def scene(world, time_machine):  # type: ignore[no-untyped-def]
    from kaopu.accounts.models import Organisation
    from kaopu.accounts.roles import OrganisationKind, Role
    from kaopu.appeals import actions
    from kaopu.appeals.models import Appeal, Category, Event
    from kaopu.core.testing import local_moment, make_user
    from kaopu.directory.models import Department

    # Monday 2026-09-28, 10:00 in Shanghai: the deadlines below never depend on the day the test runs.
    time_machine.move_to(local_moment(date(2026, 9, 28), 10, 0), tick=True)
    users = world.users
    staff, handler, enterprise = users["staff"], users["handler"], users["ent_user"]
    enterprise.name, enterprise.phone = "王经理", "13900001111"
    enterprise.save(update_fields=["name", "phone"])
    staff.name = "李交办"
    staff.save(update_fields=["name"])
    other = Department.objects.create(district=world.district, name="区人社局")
    other_org = Organisation.objects.create(kind=OrganisationKind.DEPARTMENT, name=other.name,
                                            district=world.district, department=other)
    other_handler = make_user("other_handler", Role.DEPARTMENT_HANDLER, other_org)
    category = Category.objects.get(name="融资")

    content = "企业流动资金贷款到期，续贷审批缓慢，请求协调银行与担保机构。"

    def submit(title: str) -> Appeal:
        return actions.submit_appeal(enterprise=world.enterprise_a, acting_user=enterprise, kind=Appeal.Kind.HELP,
                                     category=category, title=title, content=content)

    def dispatched(title: str, lead=None, co=()) -> Appeal:  # type: ignore[no-untyped-def]
        appeal = submit(title)
        actions.accept(appeal.pk, acting_user=staff)
        return actions.dispatch(appeal.pk, acting_user=staff, lead=lead or world.department, co_handlers=list(co))

    def late(appeal: Appeal) -> Appeal:
        Appeal.objects.filter(pk=appeal.pk).update(due_on=date(2026, 9, 25))
        return appeal

    slip = dispatched("厂房租金减免政策咨询，希望明确申请条件和办理流程", co=[other])
    Event.objects.filter(appeal=slip, action="dispatch").update(
        text="请市场监管局牵头，会同人社局于三个工作日内与企业联系，核实情况后书面答复。")
    late(dispatched("营业执照变更登记材料多次被退回"))
    actions.sign_for(dispatched("食品经营许可证续期办理进度").pk, acting_user=handler)
    late(actions.sign_for(dispatched("市场监管抽查结果异议").pk, acting_user=handler))
    dispatched("稳岗补贴申领咨询", lead=other, co=[world.department])
    replied = actions.sign_for(dispatched("知识产权质押融资").pk, acting_user=handler)
    actions.reply(replied.pk, acting_user=handler, text="已协调银行办理。")
    closed = actions.sign_for(dispatched("个体户转企业登记").pk, acting_user=handler)
    actions.reply(closed.pk, acting_user=handler, text="已办结。")
    actions.rate(closed.pk, acting_user=enterprise, rating="5")
    unhappy = actions.sign_for(dispatched("招聘会场地申请").pk, acting_user=handler)
    actions.reply(unhappy.pk, acting_user=handler, text="场地已满。")
    actions.rate(unhappy.pk, acting_user=enterprise, rating="1", comment="没有给出替代方案。")
    declined = submit("与企业经营无关的个人纠纷")
    actions.decline(declined.pk, acting_user=staff, reason="不属于企业诉求受理范围。")
    submit("新提交的用工诉求")
    withdrawn = submit("已自行解决的诉求")
    actions.withdraw(withdrawn.pk, acting_user=enterprise)
    assert other_handler.pk
    return {"slip": slip}


def _shoot(page, path, viewport) -> None:  # type: ignore[no-untyped-def]
    page.screenshot(path=str(path), full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{path.name} is {overflow}px wider than a {viewport['width']}px screen"


@pytest.mark.parametrize(("label", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)])
def test_inbox_badges_and_slip_screenshots(scene, live_server, new_page, results_dir, label, viewport):
    handler = new_page(viewport=viewport)
    log_in(handler, live_server.url, "handler")
    handler.goto(f"{live_server.url}/appeals/inbox/")
    tabs = handler.locator("nav.tabs#inbox-tabs a")
    assert tabs.count() == 7
    assert handler.locator("#tab-todo").get_attribute("aria-current") == "page"
    counts = {tab: handler.locator(f"#tab-{tab} .tab-count").inner_text() for tab in ("todo", "sign_for", "reply",
                                                                                       "opinion", "overdue")}
    # to reply: two in progress, one reopened by a 非常不满意 rating; one co-handled waiting for our opinion
    assert counts == {"todo": "6", "sign_for": "2", "reply": "3", "opinion": "1", "overdue": "2"}
    _shoot(handler, results_dir / f"inbox-{label}.png", viewport)
    handler.click("#tab-overdue")
    settle(handler)
    assert handler.locator("#inbox-table .badge.danger").count() == 2
    _shoot(handler, results_dir / f"inbox-overdue-{label}.png", viewport)

    staff = new_page(viewport=viewport)
    log_in(staff, live_server.url, "staff")
    staff.goto(f"{live_server.url}/appeals/all/")
    tones = set(staff.locator("#appeal-table .badge").evaluate_all("els => els.map(e => e.className)"))
    assert {"badge info", "badge warn", "badge ok", "badge danger", "badge neutral"} <= tones
    _shoot(staff, results_dir / f"badges-staff-list-{label}.png", viewport)

    slip_url = f"{live_server.url}/appeals/{scene['slip'].pk}/slip/"
    staff.goto(slip_url)
    assert staff.locator("#dispatch-slip table.slip-table").is_visible()
    _shoot(staff, results_dir / f"slip-{label}.png", viewport)


def test_the_slip_prints_alone_on_one_a4_page(scene, live_server, new_page, results_dir):
    page = new_page(viewport=DESKTOP)
    log_in(page, live_server.url, "staff")
    page.goto(f"{live_server.url}/appeals/{scene['slip'].pk}/slip/")
    page.emulate_media(media="print")
    for hidden in ("header.topbar", "footer.footer", ".page-head", "#print-slip"):
        assert not page.locator(hidden).is_visible(), hidden
    assert page.locator("#dispatch-slip").is_visible()
    page.screenshot(path=str(results_dir / "slip-print-media.png"), full_page=True)
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    (results_dir / "slip.pdf").write_bytes(pdf)
    boxes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    assert len(boxes) == 1, f"{len(boxes)} pages"
    width, height = (round(float(value)) for value in boxes[0])
    assert (width, height) == A4_POINTS


@pytest.mark.parametrize(("label", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)])
def test_the_other_tab_bars_screenshots(scene, live_server, new_page, results_dir, label, viewport):
    """The tab bars of other pages, now the same component: the triage queues (with counts), the appeal
    settings, a meeting's staff pages, the legal service's pages and the notifications' filter."""
    from django.urls import reverse

    from kaopu.accounts.models import User
    from kaopu.dialogues.testing import make_meeting

    meeting = make_meeting(scene["slip"].district, User.objects.get(username="staff"), theme="民营企业早餐会")
    page = new_page(viewport=viewport)
    log_in(page, live_server.url, "staff")
    for name, path in [("triage", reverse("appeals:triage")), ("settings", reverse("appeals:settings_categories")),
                       ("meeting", reverse("dialogues:meeting_detail", args=[meeting.pk])),
                       ("legal", reverse("legal:request_list")), ("notifications", reverse("notifications:list"))]:
        page.goto(live_server.url + path)
        settle(page)
        assert page.locator("nav.tabs a[aria-current=page]").count() == 1, name
        _shoot(page, results_dir / f"tabs-{name}-{label}.png", viewport)
