"""The audit scenarios of kaopu.reports.actions (core/tests/test_every_write_audited.py walks them), on the
walk's day, 2026-09-28. Charts are stood in for by a tiny picture and the PDF step finds no LibreOffice, so
the walk times the audit, not matplotlib or LibreOffice; the queue is stood in for where a scenario only
asks for a report."""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any
from unittest import mock

from django.test import override_settings

from kaopu.core.tests.audit_scenarios import Act, Stage, _request, given
from kaopu.reports import actions as rep
from kaopu.reports.periods import ReportPeriod
from kaopu.reports.tests.conftest import tiny_png

AUGUST = ReportPeriod.month(2026, 8)


@contextlib.contextmanager
def offline_worker(*, queue: bool = True) -> Iterator[None]:
    """No real charts or PDF; with ``queue`` False, asking only stores the report (nothing runs)."""
    from kaopu.reports.pdf import PdfUnavailable

    def no_pdf(content: bytes, **kwargs: Any) -> bytes:
        raise PdfUnavailable()

    with tempfile.TemporaryDirectory() as folder, override_settings(MEDIA_ROOT=folder), \
            mock.patch("kaopu.reports.document._default_render", lambda *a, **k: tiny_png()), \
            mock.patch("kaopu.reports.pdf.to_pdf", no_pdf), contextlib.ExitStack() as stack:
        if not queue:
            stack.enter_context(mock.patch("kaopu.reports.actions._enqueue", lambda report: None))
        yield


def _offline(call: Callable[[], Any], *, queue: bool = True) -> Callable[[], Any]:
    def run() -> Any:
        with offline_worker(queue=queue):
            return call()
    return run


def _asked(s: Stage) -> Any:
    return _offline(lambda: rep.request_report(s.user("staff"), s.world.district, AUGUST), queue=False)()


def _done(s: Stage) -> Any:
    return _offline(lambda: rep.request_report(s.user("staff"), s.world.district, AUGUST))()


def scenarios() -> dict[str, Callable[[Stage], Act]]:
    staff = "staff"
    return {
        "request_report": lambda s: Act(_offline(lambda: rep.request_report(s.user(staff), s.world.district, AUGUST),
                                                 queue=False), "生成工作报告「普陀区工商联2026年8月工作报告」"),
        "run_report": given(_asked, lambda r, s: Act(_offline(lambda: rep.run_report(r.pk)), "已生成")),
        "edit_summary": given(_done, lambda r, s: Act(_offline(lambda: rep.edit_summary(
            r, "八月，区工商联……", user=s.user(staff))), "综述段落")),
        "record_download": given(_done, lambda r, s: Act(lambda: rep.record_download(
            r, "docx", request=_request(s.user(staff))), "下载工作报告")),
        "keep_closing": lambda s: Act(lambda: rep.keep_closing(
            s.world.district, AUGUST.start, AUGUST.end, {"as_of": "2026-08-31", "sections": []}, by=s.user(staff)),
            "普陀区2026-08-01至2026-08-31的期末数据"),
        "close_periods": lambda s: Act(lambda: rep.close_periods(date(2026, 9, 1)), "期末数据"),
        "scope_name": lambda s: Act(lambda: rep.scope_name(s.world.district), reads_only=True),
        "districts_of": lambda s: Act(lambda: rep.districts_of(None), reads_only=True),
        "title_of": lambda s: Act(lambda: rep.title_of(None, AUGUST), reads_only=True),
        "periods_ended_on": lambda s: Act(lambda: rep.periods_ended_on(date(2026, 6, 30)), reads_only=True),
        "stalled_reports": lambda s: Act(rep.stalled_reports, reads_only=True),
    }
