"""The work report in the browser: staff open 工作报告 from the menu, generate last year's report, watch it
wait for the background worker and then finish (the page polls its progress), and download the Word
document (and the PDF where LibreOffice is installed, otherwise the page says why there is none). The
worker is run by the test when the page shows the report queued, as a huey consumer would. Screenshots go
to test-results/work-report/ at 1280 px and 390 px."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from e2e_helpers import DESKTOP, PHONE, RESULTS, log_in

pytestmark = pytest.mark.browser
SHOTS = RESULTS / "work-report"


@pytest.fixture
def scene(world, settings, tmp_path, time_machine, monkeypatch):  # type: ignore[no-untyped-def]
    from kaopu.appeals import kpi
    from kaopu.appeals.models import Appeal
    from kaopu.core.testing import local_moment
    from kaopu.insights.testing import make_appeal

    settings.MEDIA_ROOT = str(tmp_path)
    time_machine.move_to(local_moment(date(2026, 1, 15)), tick=True)
    for month in (3, 6, 11):
        make_appeal(world, date(2025, month, 10), Appeal.State.CLOSED, lead_department=world.department,
                    signed_on_time=True, replied_late=False, first_reply_days=3, rating="5")
    kpi.rebuild()
    queued: list[int] = []
    monkeypatch.setattr("kaopu.reports.actions._enqueue", lambda report: queued.append(report.pk))
    return queued


def _shoot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_staff_generate_the_year_s_report_see_its_progress_and_download_it(scene, live_server,  # type: ignore[no-untyped-def]
                                                                          new_page, tmp_path) -> None:
    from playwright.sync_api import expect

    from kaopu.reports import actions, pdf

    page = new_page(DESKTOP)
    log_in(page, live_server.url, "staff")
    page.locator("nav.mainnav details.navgroup > summary", has_text="领导驾驶舱").click()
    page.locator("nav.mainnav").get_by_role("link", name="工作报告", exact=True).click()
    expect(page.locator("h1")).to_have_text("工作报告")
    assert page.locator("#id_kind").input_value() == "year"
    assert page.locator("#id_year").input_value() == "2025"  # in January, last year's report
    _shoot(page, "01-form")
    page.click("#report-generate")
    expect(page.locator("h1")).to_have_text("普陀区工商联2025年工作报告")
    expect(page.locator("#report-status")).to_have_text("排队中")
    expect(page.locator("#report-step")).to_have_text("等待后台任务处理")
    assert page.locator("#report-progress progress").count() == 1
    _shoot(page, "02-queued")

    # The background worker takes the report; the page, polling every second, shows it done.
    assert len(scene) == 1
    actions.run_report(scene[0])
    expect(page.locator("#report-status")).to_have_text("已完成", timeout=15_000)
    assert page.locator("#report-progress progress").get_attribute("value") == "100"
    assert "企业诉求办理情况" in page.locator("#report-sections").inner_text()
    _shoot(page, "03-done")

    with page.expect_download() as download:
        page.click("#report-download")
    saved = tmp_path / "report.docx"
    download.value.save_as(saved)
    assert download.value.suggested_filename == "普陀区工商联2025年工作报告.docx"
    import docx

    opened = docx.Document(io.BytesIO(saved.read_bytes()))
    assert opened.paragraphs[0].text == "普陀区工商联2025年工作报告"
    assert len(opened.inline_shapes) >= 1  # the appeals' charts
    if pdf.available():
        with page.expect_download() as pdf_download:
            page.click("#report-download-pdf")
        assert pdf_download.value.suggested_filename.endswith(".pdf")
    else:
        expect(page.locator("#report-no-pdf")).to_contain_text("LibreOffice")

    phone = new_page(PHONE)
    log_in(phone, live_server.url, "staff")
    phone.goto(page.url)
    expect(phone.locator("#report-download")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    _shoot(phone, "04-phone")
