"""The dispatch slip (交办单): the district's title, the customary rows (编号 … 交办意见), the dispatcher and
a signature and seal block, A4 print styles, no form; printed from the staff's and the department's page
of the appeal, and shown to exactly those who may open that page (404 for anyone else)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kaopu.appeals import actions
from kaopu.appeals.models import Appeal, Event
from kaopu.audit.models import Action, AuditEntry

pytestmark = pytest.mark.django_db
CSS = (Path(__file__).resolve().parents[2] / "core" / "static" / "kaopu" / "kaopu.css").read_text()


def slip_url(appeal: Appeal) -> str:
    return reverse("appeals:dispatch_slip", args=[appeal.pk])


@pytest.fixture
def dispatched(world, submit, other_department):  # type: ignore[no-untyped-def]
    """Submitted by the enterprise's user (with a phone), accepted and dispatched with a co-handler and an
    instruction in the dispatch's timeline entry."""
    ent_user = world.users["ent_user"]
    ent_user.phone = "13900001111"
    ent_user.name = "王经理"
    ent_user.save(update_fields=["phone", "name"])
    staff = world.users["staff"]
    staff.name = "李交办"
    staff.save(update_fields=["name"])
    appeal = submit(title="贷款续贷困难", content="企业流动资金贷款到期，续贷审批缓慢，请求协调。")
    actions.accept(appeal.pk, acting_user=staff)
    appeal = actions.dispatch(appeal.pk, acting_user=staff, lead=world.department, co_handlers=[other_department])
    Event.objects.filter(appeal=appeal, action="dispatch").update(text="请于三个工作日内与企业联系。")
    return appeal


def _main(page: str) -> str:
    return page[page.index("<main"):page.index("</main>")]


def _row(page: str, label: str) -> str:
    match = re.search(rf"<th scope=\"row\">{re.escape(label)}</th>(.*?)</tr>", page, re.DOTALL)
    assert match, label
    return re.sub(r"<[^>]+>", " ", match.group(1)).strip()


def test_the_slip_has_the_customary_title_rows_and_signature_block(world, login, dispatched):
    page = login(world.users["staff"]).get(slip_url(dispatched)).content.decode()
    assert "普陀区工商联企业诉求交办单" in page
    assert _row(page, "编号") == dispatched.number and dispatched.number.startswith("PT-2026-")
    assert _row(page, "企业名称") == "上海甲科技有限公司"
    assert "王经理" in _row(page, "联系人") and "13900001111" in _row(page, "联系人")
    assert "求助" in _row(page, "诉求类型") and "融资" in _row(page, "诉求类型")
    assert _row(page, "诉求标题") == "贷款续贷困难"
    assert "续贷审批缓慢" in _row(page, "诉求内容")
    assert _row(page, "受理时间").startswith("2026年9月28日")
    assert _row(page, "承办部门（牵头）") == "区市场监管局"
    assert _row(page, "协办部门") == "区人社局"
    limit = _row(page, "办理时限")
    assert "签收截止：2026年9月29日" in limit and "10" in limit and "工作日" in limit
    assert _row(page, "交办意见") == "请于三个工作日内与企业联系。"
    assert "李交办" in _row(page, "交办人") and "2026年9月28日" in _row(page, "交办人")
    receipt = _row(page, "签收")
    assert "签收人" in receipt and "签收日期" in receipt and "盖章" in receipt
    order = [page.index(f'<th scope="row">{label}</th>') for label in (
        "编号", "企业名称", "联系人", "诉求类型", "诉求标题", "诉求内容", "受理时间", "承办部门（牵头）", "协办部门",
        "办理时限", "交办意见", "交办人", "签收")]
    assert order == sorted(order)


def test_the_slip_page_has_no_form_and_prints_alone_on_a4(world, login, dispatched):
    page = login(world.users["staff"]).get(slip_url(dispatched)).content.decode()
    assert "<form" not in _main(page)
    assert 'data-print' in page and 'class="page-head no-print"' in page
    assert re.search(r"@page slip \{ size: A4;", CSS)
    hidden = r"@media print \{\n  \.topbar, \.footer, \.messages, \.no-print, \.page-head \{ display: none"
    print_rules = re.search(hidden, CSS)
    assert print_rules and re.search(r"@media print \{\n  \.slip \{ page: slip;", CSS)


def test_the_slip_without_an_instruction_leaves_room_to_write_one(world, login, dispatched):
    Event.objects.filter(appeal=dispatched, action="dispatch").update(text="")
    page = login(world.users["staff"]).get(slip_url(dispatched)).content.decode()
    assert _row(page, "交办意见") == "" and 'class="slip-instruction"' in page


def test_an_appeal_recorded_by_staff_shows_the_person_who_raised_it(world, login, submit):
    staff = world.users["staff"]
    appeal = actions.submit_appeal(enterprise=world.enterprise_a, acting_user=staff, kind="help",
                                   category=Appeal.objects.get(pk=submit().pk).category, title="座谈会上的诉求",
                                   content="用工难。", source="breakfast", contact_name="周晓东",
                                   contact_phone="13812345678")
    page = login(staff).get(slip_url(appeal)).content.decode()
    assert 'id="slip-contact"' in page and "周晓东" in page and "13812345678" in page
    assert _row(page, "承办部门（牵头）") == "—"


def test_the_staff_and_the_department_pages_link_to_the_slip(world, login, dispatched, other_handler):
    link = f'href="{slip_url(dispatched)}" id="slip-link"'
    staff_page = login(world.users["staff"]).get(reverse("appeals:staff_detail", args=[dispatched.pk]))
    assert link in staff_page.content.decode()
    for user in (world.users["handler"], other_handler):
        page = login(user).get(reverse("appeals:inbox_detail", args=[dispatched.pk])).content.decode()
        assert link in page


@pytest.mark.parametrize("persona", ["staff", "leader", "handler", "other_handler"])
def test_those_who_may_open_the_appeal_may_print_its_slip(world, login, dispatched, persona, other_handler):
    user = other_handler if persona == "other_handler" else world.users[persona]
    assert login(user).get(slip_url(dispatched)).status_code == 200


@pytest.mark.parametrize("persona", ["ent_user", "other_ent_user", "far_staff", "bank_officer", "lawyer",
                                     "chamber_officer", "auditadmin", "third_department"])
def test_anyone_else_gets_404(world, login, dispatched, persona, django_user_model):
    if persona == "third_department":
        from kaopu.accounts.models import Organisation
        from kaopu.accounts.roles import OrganisationKind, Role
        from kaopu.core.testing import make_user
        from kaopu.directory.models import Department

        third = Department.objects.create(district=world.district, name="区税务局")
        organisation = Organisation.objects.create(kind=OrganisationKind.DEPARTMENT, name=third.name,
                                                   district=world.district, department=third)
        user = make_user("third", Role.DEPARTMENT_HANDLER, organisation)
    else:
        user = world.users[persona]
    assert login(user).get(slip_url(dispatched)).status_code == 404


def test_a_confidential_appeal_s_slip_is_hidden_from_the_leader_as_its_page_is(world, login, submit):
    secret = submit(is_confidential=True)
    actions.accept(secret.pk, acting_user=world.users["staff"])
    actions.dispatch(secret.pk, acting_user=world.users["staff"], lead=world.department)
    assert login(world.users["leader"]).get(reverse("appeals:staff_detail", args=[secret.pk])).status_code == 404
    assert login(world.users["leader"]).get(slip_url(secret)).status_code == 404
    assert login(world.users["handler"]).get(slip_url(secret)).status_code == 200


def test_the_leader_reads_the_contact_masked_and_staff_reading_it_is_audited(world, login, dispatched):
    leader_page = login(world.users["leader"]).get(slip_url(dispatched)).content.decode()
    assert "13900001111" not in leader_page and "139****1111" in leader_page
    assert not AuditEntry.objects.filter(action=Action.VIEW_PERSONAL).exists()
    login(world.users["staff"]).get(slip_url(dispatched))
    entry = AuditEntry.objects.get(action=Action.VIEW_PERSONAL)
    assert entry.actor_id == world.users["staff"].pk and entry.object_id == str(dispatched.pk)
    assert entry.summary == "查看 上海甲科技有限公司 的联系电话（未遮盖）"


def test_the_slip_runs_the_same_queries_however_long_the_timeline(world, login, dispatched, submit):
    client = login(world.users["handler"])
    client.get(slip_url(dispatched))
    short = submit()
    actions.accept(short.pk, acting_user=world.users["staff"])
    actions.dispatch(short.pk, acting_user=world.users["staff"], lead=world.department)
    actions.sign_for(dispatched.pk, acting_user=world.users["handler"])
    actions.request_extension(dispatched.pk, acting_user=world.users["handler"], reason="需要协调银行", working_days=5)
    actions.instruct(dispatched.pk, acting_user=world.users["leader"], instruction="请抓紧。")

    def queries(appeal: Appeal) -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(slip_url(appeal)).status_code == 200
        return len(context)

    assert queries(short) == queries(dispatched)


def test_the_department_reads_the_contact_it_must_call_and_that_is_audited(world, login, dispatched):
    page = login(world.users["handler"]).get(slip_url(dispatched)).content.decode()
    assert "13900001111" in page and "续贷审批缓慢" in page
    entry = AuditEntry.objects.get(action=Action.VIEW_PERSONAL)
    assert entry.actor_id == world.users["handler"].pk and entry.object_type == "appeals.appeal"
