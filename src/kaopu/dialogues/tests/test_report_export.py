"""The follow-up reports as .xlsx: the figures of the page, as numbers, rates formatted as percentages."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from kaopu.appeals.models import Appeal, Category
from kaopu.dialogues import actions
from kaopu.dialogues.testing import make_meeting, soon
from kaopu.dialogues.views_staff import FIGURES

LABEL = {name: str(label) for name, label, _how in FIGURES}  # the sheet's words, in the site's language


@pytest.fixture(autouse=True)
def _fixed_today(pin_clock):  # type: ignore[no-untyped-def]
    pin_clock(date(2026, 9, 28))


@pytest.fixture
def meeting(world, staff, ent_user, other_ent_user):  # type: ignore[no-untyped-def]
    """Two approved registrations, one checked in; two issues, one of them an appeal."""
    meeting = make_meeting(world.district, staff, theme="导出测试早餐会", starts_at=soon())  # check-in is open
    for user in (ent_user, other_ent_user):
        actions.approve(actions.register(meeting.pk, acting_user=user).pk, acting_user=staff)
    first = meeting.registrations.order_by("id").first()
    actions.check_in(meeting.pk, acting_user=staff, code=first.code)
    issue = actions.add_issue(meeting.pk, acting_user=staff, enterprise=world.enterprise_a, summary="融资难，请协调。")
    actions.add_issue(meeting.pk, acting_user=staff, enterprise=world.enterprise_b, summary="用工招聘难。")
    actions.issues_to_appeals(meeting.pk, acting_user=staff,
                              items=[(issue.pk, Appeal.Kind.HELP, Category.objects.get(name="融资"))])
    return meeting


def _sheet(response):  # type: ignore[no-untyped-def]
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].startswith("attachment;")
    return load_workbook(io.BytesIO(response.content)).active


def test_meeting_report_workbook_has_the_figures_and_each_issue(world, login, staff, meeting) -> None:  # type: ignore[no-untyped-def]
    sheet = _sheet(login(staff).get(f"/dialogues/{meeting.pk}/report.xlsx"))
    rows = [tuple(row) for row in sheet.iter_rows(values_only=True)]
    assert "导出测试早餐会" in rows[0][0] and "第1期" in rows[0][0]
    figures = {name: dict((row[0], row[1]) for row in rows[2:14])[label] for name, label in LABEL.items()}
    assert figures["registered"] == 2 and figures["approved"] == 2 and figures["attended"] == 1
    assert figures["issues"] == 2 and figures["appeals"] == 1 and figures["closed"] == 0
    assert figures["completion_rate"] == 0 and figures["on_time_rate"] is None  # nothing closed: no on-time rate
    issue_rows = [row for row in rows if row and row[0] in (world.enterprise_a.name, world.enterprise_b.name)]
    appeal = Appeal.objects.get(source_meeting=meeting)
    assert (world.enterprise_a.name, "融资难，请协调。", appeal.pk, appeal.get_state_display()) == issue_rows[0][:4]
    assert issue_rows[1][2] in (None, "")
    rate_cell = next(row for row in sheet.iter_rows(min_row=3) if row[0].value == LABEL["completion_rate"])[1]
    assert rate_cell.number_format == "0.0%"


def test_series_and_year_workbooks_have_a_row_per_meeting_and_a_total(world, login, staff, meeting) -> None:  # type: ignore[no-untyped-def]
    make_meeting(world.district, staff, theme="第二场", starts_at=meeting.starts_at)
    make_meeting(world.district, staff, theme="草稿不计", state="draft", starts_at=meeting.starts_at)
    year = timezone.localtime(meeting.starts_at).year
    client = login(staff)
    for url in (f"/dialogues/reports/series.xlsx?kind={meeting.kind_id}&year={year}",
                f"/dialogues/reports/year.xlsx?year={year}"):
        sheet = _sheet(client.get(url))
        rows = [row for row in sheet.iter_rows(values_only=True)]
        assert rows[1][:5] == ("会议", "日期", LABEL["registered"], LABEL["approved"], LABEL["attended"])
        body = rows[2:]
        assert [r[0].split(" · ")[-1] for r in body[:-1]] == ["导出测试早餐会", "第二场"], url
        assert body[-1][0] == "合计" and body[-1][2:7] == (2, 2, 1, 2, 1)


def test_exports_follow_the_access_rules(world, login, far_staff, ent_user, meeting) -> None:  # type: ignore[no-untyped-def]
    assert login(far_staff).get(f"/dialogues/{meeting.pk}/report.xlsx").status_code == 404
    assert login(ent_user).get("/dialogues/reports/year.xlsx?year=2026").status_code == 404
    year = timezone.localtime(meeting.starts_at).year
    sheet = _sheet(login(far_staff).get(f"/dialogues/reports/year.xlsx?year={year}"))
    assert [row[0] for row in sheet.iter_rows(min_row=3, values_only=True)] == ["合计"]
