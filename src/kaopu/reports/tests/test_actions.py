"""Generating a report on the task queue (run in the calling thread in tests): its numbers, the kept numbers
of an ended period (a report of a past period generated again gives the same numbers), counting again,
editing the summary, the audit entries, and the monthly closing."""

from __future__ import annotations

import io
from datetime import date

import docx
import pytest

from kaopu.appeals import kpi
from kaopu.appeals.models import Appeal
from kaopu.audit.models import AuditEntry
from kaopu.reports import actions, figures
from kaopu.reports.models import Closing, WorkReport
from kaopu.reports.periods import ReportPeriod

pytestmark = pytest.mark.usefixtures("drawn", "no_libreoffice")


def paragraphs(report: WorkReport) -> list[str]:
    report.docx.open("rb")
    try:
        return [p.text for p in docx.Document(io.BytesIO(report.docx.read())).paragraphs]
    finally:
        report.docx.close()


def generate(world, period: ReportPeriod, **kwargs) -> WorkReport:  # type: ignore[no-untyped-def]
    return actions.request_report(world.users["staff"], world.district, period, **kwargs)


def test_a_report_is_generated_with_its_numbers_summary_and_document(world, march) -> None:  # type: ignore[no-untyped-def]
    report = generate(world, ReportPeriod.month(2026, 3))
    assert report.status == WorkReport.Status.DONE and report.title == "普陀区工商联2026年3月工作报告"
    assert figures.metric_values(report.figures)["appeals.received"] == 6
    assert report.summary == report.generated_summary
    assert report.summary.startswith("2026年3月，普陀区工商联各项工作主要数据如下：企业诉求办理情况方面，收到诉求数为6")
    assert report.closing is None  # March is not over: nothing kept
    texts = paragraphs(report)
    assert texts[0] == report.title and texts[2] == report.summary
    assert report.pdf_message.startswith("本服务器未安装 LibreOffice")
    assert (report.rows_done, report.percent, report.finished_at is not None) == (report.rows_estimated, 100, True)
    entries = AuditEntry.objects.filter(object_type="reports.workreport", object_id=str(report.pk)).order_by("sequence")
    assert [e.action for e in entries] == ["create", "update"]
    assert entries[0].object_label == "工作报告「普陀区工商联2026年3月工作报告」"


def test_a_past_period_generated_again_gives_the_same_numbers(world, march) -> None:  # type: ignore[no-untyped-def]
    first = generate(world, ReportPeriod.month(2026, 2))
    assert first.closing is not None and first.figures["as_of"] == "2026-02-28"
    rate = figures.metric_values(first.figures)["appeals.response_rate"]
    assert rate == pytest.approx(0.5)
    # B2 is signed for and closed afterwards: the live figures change ...
    Appeal.objects.filter(pk=march["B2"].pk).update(state=Appeal.State.CLOSED, signed_on_time=True,
                                                    first_reply_days=3)
    kpi.rebuild()
    # ... the report of February does not.
    again = generate(world, ReportPeriod.month(2026, 2))
    assert again.closing_id == first.closing_id
    assert again.figures == first.figures
    assert [t for t in paragraphs(again)][3:] == [t for t in paragraphs(first)][3:]
    # Counting again is asked for explicitly, and audited.
    recounted = generate(world, ReportPeriod.month(2026, 2), recompute=True)
    assert figures.metric_values(recounted.figures)["appeals.response_rate"] == pytest.approx(1.0)
    assert Closing.objects.count() == 1
    assert AuditEntry.objects.filter(object_type="reports.closing", action="update").exists()


def test_staff_edit_the_summary_and_the_document_is_written_again_with_the_same_numbers(world, march) -> None:  # type: ignore[no-untyped-def]
    report = generate(world, ReportPeriod.month(2026, 3))
    before = report.figures
    edited = actions.edit_summary(report, "一季度，区工商联紧扣……\n第二段。", user=world.users["staff"])
    assert edited.status == WorkReport.Status.DONE and edited.figures == before
    texts = paragraphs(edited)
    assert texts[2:4] == ["一季度，区工商联紧扣……", "第二段。"]
    entry = AuditEntry.objects.filter(object_type="reports.workreport", summary__startswith="修改").get()
    assert entry.data == {"before": report.generated_summary, "after": "一季度，区工商联紧扣……\n第二段。"}
    restored = actions.edit_summary(edited, "  ", user=world.users["staff"])
    assert restored.summary == report.generated_summary


def test_a_summary_too_long_is_refused_and_nothing_changes(world, march) -> None:  # type: ignore[no-untyped-def]
    report = generate(world, ReportPeriod.month(2026, 3))
    with pytest.raises(actions.ReportRefused) as refused:
        actions.edit_summary(report, "字" * (actions.SUMMARY_MAX + 1), user=world.users["staff"])
    assert refused.value.field == "summary" and "5000" in refused.value.message
    report.refresh_from_db()
    assert report.summary == report.generated_summary


def test_district_staff_report_on_their_own_district_only(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(actions.ReportRefused):
        actions.request_report(world.users["staff"], world.far_district, ReportPeriod.month(2026, 2))
    with pytest.raises(actions.ReportRefused):
        actions.request_report(world.users["staff"], None, ReportPeriod.month(2026, 2))
    assert not WorkReport.objects.exists()


def test_a_period_not_begun_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(actions.ReportRefused) as refused:
        generate(world, ReportPeriod.month(2026, 4))
    assert refused.value.message == "所选期间尚未开始：请选择开始日期不晚于今天的期间。"


def test_a_failure_leaves_the_report_failed_with_a_message_and_no_file(world, march, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("boom")

    monkeypatch.setattr("kaopu.reports.document.write", broken)
    report = generate(world, ReportPeriod.month(2026, 3))
    assert report.status == WorkReport.Status.FAILED and not report.docx
    assert "意外错误" in report.error_message


def test_a_doubled_task_does_nothing(world, march) -> None:  # type: ignore[no-untyped-def]
    report = generate(world, ReportPeriod.month(2026, 3))
    name = report.docx.name
    actions.run_report(report.pk)  # already done: not claimed again
    report.refresh_from_db()
    assert report.docx.name == name


def test_the_first_morning_of_a_month_keeps_the_month_the_quarter_and_the_year(world, march) -> None:  # type: ignore[no-untyped-def]
    assert actions.close_periods(date(2026, 1, 1)) == 3 * 3  # December, Q4 and 2025; two districts and the city
    assert set(Closing.objects.filter(district=None).values_list("start", "end")) == {
        (date(2025, 12, 1), date(2025, 12, 31)), (date(2025, 10, 1), date(2025, 12, 31)),
        (date(2025, 1, 1), date(2025, 12, 31))}
    assert actions.close_periods(date(2026, 1, 1)) == 0  # kept once
    assert actions.close_periods(date(2026, 1, 2)) == 0  # not a month's first day
    assert actions.close_periods(date(2026, 3, 1)) == 3  # February only
    year = Closing.objects.get(district=world.district, start=date(2025, 1, 1))
    assert year.figures["as_of"] == "2025-12-31"
    assert figures.metric_values(year.figures)["appeals.received"] == 1  # C1, March 2025
    entry = AuditEntry.objects.filter(object_type="reports.closing").first()
    assert entry is not None and entry.actor_name == "system" and "期末数据" in entry.object_label
