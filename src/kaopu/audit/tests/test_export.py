"""The audit page's Excel export (a background job, kaopu.exports): the page's filters, objects in words,
formulas kept as text, and the export itself audited."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from kaopu.audit.log import record, verify
from kaopu.audit.models import Action, AuditEntry
from kaopu.exports.testing import download, export

KEY = "audit.entries"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


def workbook(client, filters) -> object:  # type: ignore[no-untyped-def]
    return load_workbook(BytesIO(download(client, export(client, KEY, filters)))).active


def workbook_rows(client, filters) -> list[tuple]:  # type: ignore[no-untyped-def]
    return [tuple(cell.value for cell in row) for row in workbook(client, filters).iter_rows()]


def test_the_export_holds_the_filtered_entries_newest_first_and_is_audited(login, auditadmin, staff, world):
    record(Action.UPDATE, actor=staff, target=world.enterprise_a, summary="改企业", data={"size": "small"})
    record(Action.EXPORT, actor=staff, summary="导出别的")
    record(Action.UPDATE, actor=staff, target=staff, summary="改用户")
    rows = workbook_rows(login(auditadmin), {"action": "update", "person": "staff"})
    assert rows[0][:5] == ("序号", "时间", "用户", "动作", "对象")
    assert [(row[2], row[3], row[4], row[7]) for row in rows[1:]] == [
        ("staff", "修改", f"用户「{staff.name}」", "改用户"),
        ("staff", "修改", f"企业「{world.enterprise_a.name}」", "改企业")]
    assert rows[2][9] == '{"size": "small"}'
    made = AuditEntry.objects.filter(action=Action.EXPORT, actor=auditadmin).order_by("sequence").first()
    assert made.data["filters"] == {"action": "update", "person": "staff"} and made.data["rows"] == 2
    assert made.summary == "导出审计日志 2 条"
    assert verify().ok


def test_the_time_is_a_date_time_cell(login, auditadmin, staff):
    record(Action.UPDATE, actor=staff, summary="改")
    cell = workbook(login(auditadmin), {"action": "update"}).cell(row=2, column=2)
    assert cell.is_date and cell.number_format == "yyyy-mm-dd hh:mm:ss"


def test_the_export_follows_a_date_filter(login, auditadmin, staff):
    record(Action.UPDATE, actor=staff, summary="今天的")
    client = login(auditadmin)
    assert len(workbook_rows(client, {"date_to": "2000-01-01"})) == 1  # the header only
    job = export(client, KEY, {"date_to": "2000-01-01", "date_from": "not a date"})
    assert job.parameters == {"date_to": "2000-01-01"}  # an invalid filter is dropped, as on the page


def test_only_the_audit_administrator_sees_the_button(login, world):
    assert 'id="export-entries"' in login(world.users["auditadmin"]).get(reverse("audit:entry_list")).text


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_that_would_be_a_formula_is_written_as_text(login, auditadmin, start):
    text = f"{start}HYPERLINK(\"http://evil.example\",\"点我\")"
    record(Action.UPDATE, actor_name=f"{start}cmd", summary=text, object_label=text)
    sheet = workbook(login(auditadmin), {"action": "update"})
    kept = text.replace("\r", "\n")  # XML turns a carriage return into a line feed
    assert sheet.cell(row=2, column=8).value == kept and sheet.cell(row=2, column=5).value == kept
    summary_cell = sheet.cell(row=2, column=8)
    assert summary_cell.data_type == "s"
    assert summary_cell.quotePrefix is True
