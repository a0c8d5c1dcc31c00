"""Every write of the work reports: asking for one, generating it (the task), editing its summary, each
download, and keeping the numbers of an ended period.

Asking (``request_report``) stores the report queued and returns at once; the task (``run_report``) takes
it, reads the numbers — from the period's :class:`~kaopu.reports.models.Closing` when the period has ended
and was closed before, otherwise from the registry (and then keeps them as the period's closing) — drafts
the summary, writes the .docx, and the PDF where LibreOffice is installed. Editing the summary queues the
report again: the document is written anew from the kept numbers and the new text, nothing is computed
again. Every step that changes a report is audited in its transaction.
"""

from __future__ import annotations

import logging
import time
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kaopu.audit.log import record
from kaopu.audit.models import Action
from kaopu.core import jobs, stored_files, workdays
from kaopu.directory.models import District
from kaopu.notifications.actions import notify
from kaopu.reports import document, figures, periods
from kaopu.reports.models import Closing, WorkReport

logger = logging.getLogger(__name__)
PROGRESS_SECONDS = 0.5
# The summary staff write is a paragraph or a few, not a document.
SUMMARY_MAX = 5000


class ReportRefused(Exception):
    """A request the user may not make or that is malformed: the message names the field and the rule."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.message, self.field = message, field


def scope_name(district: District | None) -> str:
    return district.name if district is not None else str(_("the whole city"))


def districts_of(district: District | None) -> list[tuple[int, str]]:
    queryset = District.objects.order_by("name")
    if district is not None:
        queryset = queryset.filter(pk=district.pk)
    return list(queryset.values_list("pk", "name"))


def title_of(district: District | None, period: periods.ReportPeriod) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        scope = district.name if district is not None else str(_("City"))
        return _("%(scope)s Federation of Industry and Commerce work report, %(period)s") % {
            "scope": scope, "period": period.words}


def request_report(user: Any, district: District | None, period: periods.ReportPeriod, *,
                   recompute: bool = False, language: str = "") -> WorkReport:
    """Store a report of ``district`` (None: the whole city, for a city-level user) and ``period`` and
    queue it. Raises ReportRefused for a scope the user may not report on or a period not yet begun.
    ``recompute``: count the numbers of an ended period again instead of reading the kept ones (the old
    closing is replaced, audited). Call it outside a transaction: the worker must see the report."""
    if user.district_id is not None and (district is None or district.pk != user.district_id):
        raise ReportRefused(_("You may report on your own district only."), "district")
    today = workdays.local_today()
    if period.start > today:
        raise ReportRefused(_("The period has not begun yet: choose a period that starts on or before today."), "start")
    if period.end < period.start:
        raise ReportRefused(_("The last day must not be before the first day."), "end")
    with transaction.atomic():
        report = WorkReport.objects.create(
            user=user, district=district, period_kind=period.kind, start=period.start, end=period.end,
            title=title_of(district, period), language=language, rows_estimated=figures.steps() + 2,
            recompute=recompute)
        record(Action.CREATE, actor=user, target=report, object_label=report.in_words,
               summary=f"生成{report.in_words}（{scope_name(district)}，{period.start}至{period.end}"
                       f"{'，重新统计' if recompute else ''}）",
               data={"district": district.pk if district else None, "kind": period.kind,
                     "start": period.start.isoformat(), "end": period.end.isoformat(), "recompute": recompute})
    _enqueue(report)
    report.refresh_from_db()
    return report


def _enqueue(report: WorkReport) -> None:
    from kaopu.reports import tasks  # the tasks module imports this one

    try:
        tasks.run_report(report.pk)
    except Exception:  # the queue's storage is down: say so on the report's page instead of a 500
        logger.exception("work report %s could not be queued", report.pk)
        WorkReport.objects.filter(pk=report.pk, status=WorkReport.Status.QUEUED).update(
            status=WorkReport.Status.FAILED, finished_at=timezone.now(), error_message=_(
                "The report could not be queued; try again later or tell the system administrator."))


def run_report(report_id: int) -> None:
    """Generate a queued report (the task). A report already taken (a doubled task) is left alone."""
    report = jobs.claim(WorkReport, report_id, rows_done=0, error_message="")
    if report is None:
        return
    with translation.override(report.language or settings.LANGUAGE_CODE):
        _Run(report).run()


class _Run:
    def __init__(self, report: WorkReport) -> None:
        self.report = report
        self._saved_at = 0.0

    def run(self) -> None:
        report = self.report
        try:
            if not report.figures:
                self._figures()
            self._save(step=_("Writing the document"))
            content = self._document()
        except Exception:
            logger.exception("work report %s failed", report.pk)
            self._fail(_("The report stopped because of an unexpected error; no document was kept. Try again, or "
                         "tell the system administrator."))
            return
        pdf, message = self._pdf(content)
        self._finish(content, pdf, message)

    def _progress(self, step: str) -> None:
        self.report.rows_done += 1
        self.report.step = step[:120]
        if time.monotonic() - self._saved_at >= PROGRESS_SECONDS:
            self._save()

    def _save(self, **fields: Any) -> None:
        self._saved_at = time.monotonic()
        values = {"rows_done": self.report.rows_done, "step": self.report.step, "heartbeat_at": timezone.now(),
                  **fields}
        WorkReport.objects.filter(pk=self.report.pk).update(**values)
        for name, value in values.items():
            setattr(self.report, name, value)

    def _figures(self) -> None:
        """The numbers: the period's kept closing when it has one (and staff did not ask to count
        again), otherwise computed from the registry — and kept when the period has ended."""
        report = self.report
        today = workdays.local_today()
        recompute = report.recompute
        closing = None if recompute else _closing_of(report.district_id, report.start, report.end)
        if closing is None:
            kept = figures.compute(districts_of(report.district), report.period, today=today,
                                   progress=self._progress, compare_districts=report.district_id is None)
            if report.end < today:
                closing = keep_closing(report.district, report.start, report.end, kept, by=report.user,
                                       replace=recompute)
        else:
            kept = closing.figures
        summary = document.draft_summary(kept, scope_name(report.district), report.period.words)
        WorkReport.objects.filter(pk=report.pk).update(figures=kept, closing=closing, generated_summary=summary,
                                                        summary=report.summary or summary)
        report.figures, report.closing, report.generated_summary = kept, closing, summary
        report.summary = report.summary or summary

    def _document(self) -> bytes:
        report = self.report
        return document.write(report.title, report.figures, report.summary, scope_name=scope_name(report.district),
                              period_words=report.period.words)

    def _pdf(self, content: bytes) -> tuple[bytes | None, str]:
        from kaopu.reports import pdf

        self._save(step=_("Converting to PDF"))
        try:
            return pdf.to_pdf(content), ""
        except pdf.PdfUnavailable as missing:
            return None, str(missing)
        except Exception as failed:  # a conversion error or time-out: the .docx is still there
            logger.warning("work report %s: no PDF (%s)", self.report.pk, failed)
            return None, _("The PDF could not be made (%(reason)s); the Word document is complete.") % {
                "reason": str(failed)[:200]}

    def _fail(self, message: str) -> None:
        report = self.report
        report.status, report.error_message, report.finished_at = WorkReport.Status.FAILED, message, timezone.now()
        report.save(update_fields=["status", "error_message", "finished_at", "rows_done", "step"])

    def _finish(self, content: bytes, pdf: bytes | None, message: str) -> None:
        report = self.report
        old = [name for name in (report.docx.name, report.pdf.name) if name]
        now = timezone.now()
        with stored_files.written() as names, transaction.atomic():
            report.docx.save("report.docx", ContentFile(content), save=False)
            names.append(report.docx.name)
            if pdf is not None:
                report.pdf.save("report.pdf", ContentFile(pdf), save=False)
                names.append(report.pdf.name)
            else:
                report.pdf = ""
            report.docx_size, report.pdf_message = len(content), message
            report.status, report.finished_at, report.heartbeat_at = WorkReport.Status.DONE, now, now
            report.rows_done, report.step = report.rows_estimated, ""
            report.save(update_fields=["docx", "docx_size", "pdf", "pdf_message", "status", "finished_at",
                                       "heartbeat_at", "rows_done", "step"])
            record(Action.UPDATE, actor=report.user, target=report, object_label=report.in_words,
                   summary=f"{report.in_words}已生成（Word {len(content)} 字节{'，PDF' if pdf else ''}）",
                   data={"docx_size": len(content), "pdf": pdf is not None, "closing": report.closing_id})
            notify([report.user], kind="reports.done", url=reverse("reports:detail", args=[report.pk]),
                   title=_("Your work report is ready: %(title)s") % {"title": report.title},
                   body=_("Download it from the report's page."))
            for name in old:
                stored_files.delete_after_commit(name)


def _closing_of(district_id: int | None, start: date, end: date) -> Closing | None:
    return Closing.objects.filter(district_id=district_id, start=start, end=end).first()


def keep_closing(district: District | None, start: date, end: date, kept: dict[str, Any], *, by: Any = None,
                 replace: bool = False) -> Closing:
    """Keep the numbers of an ended period (audited). If another worker kept them first, theirs stand
    (and are returned); ``replace`` overwrites the kept numbers (staff asked to count again)."""
    label = f"{scope_name(district)}{start}至{end}的期末数据"
    with transaction.atomic():
        existing = Closing.objects.select_for_update().filter(district=district, start=start, end=end).first()
        if existing is not None and not replace:
            return existing
        if existing is not None:
            existing.figures, existing.taken_at, existing.taken_by = kept, timezone.now(), by
            existing.save(update_fields=["figures", "taken_at", "taken_by"])
            closing = existing
        else:
            try:
                with transaction.atomic():
                    closing = Closing.objects.create(district=district, start=start, end=end, figures=kept, taken_by=by)
            except IntegrityError:  # kept by another worker between the read and the insert
                return Closing.objects.get(district=district, start=start, end=end)
        record(Action.UPDATE if existing is not None else Action.CREATE, actor=by,
               actor_name="" if by is not None else "system", target=closing, object_label=label,
               summary=f"{'重新统计' if existing is not None else '留存'}{label}",
               data={"district": district.pk if district else None, "start": start.isoformat(),
                     "end": end.isoformat(), "as_of": kept.get("as_of")})
    return closing


def periods_ended_on(day: date) -> list[periods.ReportPeriod]:
    """The month, and the quarter and year when they end, whose last day is ``day``."""
    if day != periods.month_end(day):
        return []
    ended = [periods.ReportPeriod.month(day.year, day.month)]
    if day.month % 3 == 0:
        ended.append(periods.ReportPeriod.quarter(day.year, day.month // 3))
    if day.month == 12:
        ended.append(periods.ReportPeriod.year(day.year))
    return ended


def close_periods(today: date | None = None) -> int:
    """Keep the numbers of the month (quarter, year) that ended yesterday, for every district and the
    city (the task of the first morning of a month); a period kept already is left. The number kept."""
    today = today or workdays.local_today()
    yesterday = today - timedelta(days=1)
    kept = 0
    scopes: list[District | None] = [*District.objects.order_by("name"), None]
    with translation.override(settings.LANGUAGE_CODE):
        for period in periods_ended_on(yesterday):
            for district in scopes:
                district_id = district.pk if district is not None else None
                if _closing_of(district_id, period.start, period.end) is not None:
                    continue
                numbers = figures.compute(districts_of(district), period, today=today,
                                          compare_districts=district is None)
                keep_closing(district, period.start, period.end, numbers)
                kept += 1
    return kept


def edit_summary(report: WorkReport, text: str, *, user: Any) -> WorkReport:
    """Replace the summary paragraph with staff's text and queue the document to be written again from
    the kept numbers (the numbers do not change). An empty text restores the generated summary."""
    text = text.strip()
    if len(text) > SUMMARY_MAX:
        raise ReportRefused(_("Summary: at most %(n)s characters.") % {"n": SUMMARY_MAX}, "summary")
    if report.status != WorkReport.Status.DONE:
        raise ReportRefused(_("The summary can be edited once the report is generated."), "summary")
    new = text or report.generated_summary
    with transaction.atomic():
        locked = WorkReport.objects.select_for_update().get(pk=report.pk)
        if locked.status != WorkReport.Status.DONE:
            raise ReportRefused(_("The summary can be edited once the report is generated."), "summary")
        before = locked.summary
        locked.summary, locked.summary_edited_by, locked.summary_edited_at = new, user, timezone.now()
        locked.status, locked.rows_done, locked.rows_estimated, locked.step = WorkReport.Status.QUEUED, 0, 2, ""
        locked.save(update_fields=["summary", "summary_edited_by", "summary_edited_at", "status", "rows_done",
                                   "rows_estimated", "step"])
        record(Action.UPDATE, actor=user, target=locked, object_label=locked.in_words,
               summary=f"修改{locked.in_words}的综述段落{'（恢复为生成的文字）' if not text else ''}",
               data={"before": before, "after": new})
    _enqueue(locked)
    locked.refresh_from_db()
    return locked


def record_download(report: WorkReport, kind: str, *, request: Any) -> None:
    """The audit entry of one download of a report's document (``kind``: docx or pdf)."""
    record(Action.EXPORT, request=request, target=report, object_label=report.in_words,
           summary=f"下载{report.in_words}（{kind.upper()}）", data={"report": report.pk, "kind": kind})


def stalled_reports() -> list[int]:
    return jobs.stalled_jobs(WorkReport)


def requeue_stalled(report_id: int) -> bool:
    """Queue again a report whose worker was lost (writing starts over), or fail it after MAX_ATTEMPTS."""
    with translation.override(settings.LANGUAGE_CODE):
        message = _("The report was interrupted %(count)d times (the background worker stopped). Generate it "
                    "again.") % {"count": jobs.MAX_ATTEMPTS}
    return bool(jobs.requeue_stalled(WorkReport, report_id, failure=message))
