"""The staff's appeal list as an Excel export (a background job, kaopu.exports): the list's filters, the
same rows the list shows (confidential ones only to those who see them), dates as dates, audited."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from kaopu.accounts.roles import Role
from kaopu.appeals import actions
from kaopu.appeals.models import Appeal
from kaopu.audit.models import Action, AuditEntry
from kaopu.core.testing import make_user
from kaopu.core.tests.formulas import check_export
from kaopu.exports.testing import ask_for_export, download, export, export_rows

KEY = "appeals.staff_list"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


def test_the_rows_of_the_list_with_its_columns(login, world, in_progress, submit):
    staff = world.users["staff"]
    actions.reply(in_progress.pk, acting_user=world.users["handler"], text="已协调。")
    actions.rate(in_progress.pk, acting_user=world.users["ent_user"], rating="5")
    waiting = submit(title="厂房租金补贴", contact_name="王经理", contact_phone="021-62345678")

    rows = export_rows(login(staff), KEY)

    assert rows[0] == ("诉求编号", "标题", "企业", "联系人", "联系电话", "类别", "状态", "主办部门", "提交日期",
                       "办理时限", "办结日期", "评价")
    closed, new = rows[2], rows[1]  # newest first
    assert closed[:8] == ("PT-2026-000001", "贷款续贷困难", "上海甲科技有限公司", None, None, "融资", "已办结",
                          "区市场监管局")
    assert closed[8].date() == date(2026, 9, 28) and closed[10].date() == date(2026, 9, 28)
    assert closed[11] == "非常满意"
    # Staff read the contact's phone whole (the export's audit entry says so).
    assert new[:7] == ("PT-2026-000002", "厂房租金补贴", "上海甲科技有限公司", "王经理", "021-62345678", "融资",
                       "待受理")
    assert new[7] is None and new[9].date() == Appeal.objects.get(pk=waiting.pk).due_on and new[11] is None
    assert AuditEntry.objects.filter(action=Action.EXPORT).order_by("sequence").first().data["phones_masked"] is False


def test_dates_have_the_date_format(login, world, submit):
    submit()
    job = export(login(world.users["staff"]), KEY)
    sheet = load_workbook(io.BytesIO(download(login(world.users["staff"]), job))).worksheets[0]
    assert sheet.cell(2, 9).number_format == "yyyy-mm-dd" and sheet.cell(2, 1).value == "PT-2026-000001"


def test_the_list_s_filters_apply(login, world, in_progress, submit):
    submit(title="厂房租金补贴")
    client = login(world.users["staff"])
    assert [row[1] for row in export_rows(client, KEY, {"state": "in_progress"})[1:]] == ["贷款续贷困难"]
    assert [row[1] for row in export_rows(client, KEY, {"q": "租金"})[1:]] == ["厂房租金补贴"]
    assert [row[1] for row in export_rows(client, KEY, {"department": world.department.pk})[1:]] == ["贷款续贷困难"]
    job = export(client, KEY, {"created_from": "2026-09-01", "created_to": "2026-09-30", "overdue": "0"})
    assert job.parameters == {"created_from": "2026-09-01", "created_to": "2026-09-30", "overdue": False}
    assert job.rows_done == 2


def test_a_confidential_appeal_is_exported_only_to_those_who_see_it_in_the_list(login, world, submit):
    secret = submit(title="机密诉求", is_confidential=True)
    staff, colleague = world.users["staff"], make_user("staff2", Role.FIC_STAFF, world.users["staff"].organisation)
    actions.accept(secret.pk, acting_user=staff)  # now followed by staff, hidden from the colleague

    assert [row[1] for row in export_rows(login(staff), KEY)[1:]] == ["机密诉求"]
    assert export_rows(login(colleague), KEY)[1:] == []
    list_page = login(colleague).get(reverse("appeals:staff_list")).content.decode()
    assert "机密诉求" not in list_page


def test_other_districts_appeals_are_not_exported(login, world, submit):
    submit()
    assert export_rows(login(world.users["far_staff"]), KEY)[1:] == []


@pytest.mark.parametrize("persona", ["leader", "handler", "ent_user", "auditadmin"])
def test_only_fic_staff_have_the_list_and_its_export(login, world, persona):
    assert ask_for_export(login(world.users[persona]), KEY).status_code == 404


def test_the_export_is_audited_in_words(login, world, submit):
    submit()
    export_rows(login(world.users["staff"]), KEY, {"state": "submitted"})
    made = AuditEntry.objects.filter(action=Action.EXPORT).order_by("sequence").first()
    assert made.summary == "导出诉求清单 1 件" and made.object_type == "appeals.appeal"
    assert made.data["filters"] == {"state": "submitted"}


def test_the_button_carries_the_filters(login, world):
    page = login(world.users["staff"]).get(reverse("appeals:staff_list"), {"state": "submitted"}).content.decode()
    assert 'id="export-appeals"' in page and '<input type="hidden" name="state" value="submitted">' in page


def test_a_title_starting_like_a_formula_is_exported_as_text(login, world, submit):
    appeal = submit()
    client = login(world.users["staff"])

    def exported():  # type: ignore[no-untyped-def]
        return client.get(reverse("exports:download", args=[export(client, KEY).pk]))

    check_export(exported, lambda title: Appeal.objects.filter(pk=appeal.pk).update(title=title))


def test_the_triage_queue_s_button_exports_that_queue(login, world, submit):
    """The triage page's export carries its queue as the list's state filter: 待受理 exports the submitted
    appeals, 待交办 the accepted ones."""
    waiting, accepted = submit(title="待受理的"), submit(title="待交办的")
    actions.accept(accepted.pk, acting_user=world.users["staff"])
    client = login(world.users["staff"])
    for queue, state, title in [("accept", "submitted", "待受理的"), ("dispatch", "accepted", "待交办的")]:
        page = client.get(reverse("appeals:triage"), {"queue": queue}).content.decode()
        assert 'id="export-queue"' in page
        assert f'<input type="hidden" name="state" value="{state}">' in page
        form = page[page.index(f'action="{reverse("exports:create", args=[KEY])}"'):page.index('id="export-queue"')]
        fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', form))
        assert fields["state"] == state
        assert [row[1] for row in export_rows(client, KEY, {"state": fields["state"]})[1:]] == [title]
    assert waiting.pk


def test_the_page_s_own_state_overrides_a_stale_one_in_the_query(login, world):
    page = login(world.users["staff"]).get(reverse("appeals:triage"), {"queue": "dispatch", "state": "closed"})
    html = page.content.decode()
    assert '<input type="hidden" name="state" value="accepted">' in html
    assert '<input type="hidden" name="state" value="closed">' not in html
