"""The audit page's Excel export: the page's filters, objects in words, formulas kept as text, and the
export itself audited."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from kaopu.audit.log import record, verify
from kaopu.audit.models import Action, AuditEntry

URL = reverse("audit:entry_export")


def workbook_rows(response) -> list[tuple]:  # type: ignore[no-untyped-def]
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    return [tuple(cell.value for cell in row) for row in sheet.iter_rows()]


def test_the_export_holds_the_filtered_entries_newest_first_and_is_audited(login, auditadmin, staff, world):
    record(Action.UPDATE, actor=staff, target=world.enterprise_a, summary="改企业", data={"size": "small"})
    record(Action.EXPORT, actor=staff, summary="导出别的")
    record(Action.UPDATE, actor=staff, target=staff, summary="改用户")
    response = login(auditadmin).get(URL, {"action": "update", "person": "staff"})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    rows = workbook_rows(response)
    assert rows[0][:5] == ("序号", "时间", "用户", "动作", "对象")
    assert [(row[2], row[3], row[4], row[7]) for row in rows[1:]] == [
        ("staff", "修改", f"用户「{staff.name}」", "改用户"),
        ("staff", "修改", f"企业「{world.enterprise_a.name}」", "改企业")]
    assert rows[2][9] == '{"size": "small"}'
    export = AuditEntry.objects.get(action=Action.EXPORT, actor=auditadmin)
    assert export.data == {"filters": {"action": "update", "person": "staff"}, "rows": 2}
    assert export.summary == "导出审计日志 2 条"
    assert verify().ok


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_that_would_be_a_formula_is_written_as_text(login, auditadmin, start):
    text = f"{start}HYPERLINK(\"http://evil.example\",\"点我\")"
    record(Action.UPDATE, actor_name=f"{start}cmd", summary=text, object_label=text)
    rows = workbook_rows(login(auditadmin).get(URL, {"action": "update"}))
    sheet_row = rows[1]
    kept = text.replace("\r", "\n")  # XML turns a carriage return into a line feed
    assert sheet_row[7] == kept and sheet_row[4] == kept  # kept as it was, as text
    response = login(auditadmin).get(URL, {"action": "update"})
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    summary_cell = sheet.cell(row=2, column=8)
    assert summary_cell.data_type == "s"
    assert summary_cell.quotePrefix is True
