"""The youth-entrepreneur training in the browser: staff create a cohort with two past sessions and open it,
the enterprise applies for its young entrepreneur, staff approve, start the training, tick the attendance of
both sessions, finish and graduate the cohort (the certificate's PDF is written by the huey task, run in the
process), the enterprise downloads the certificate (a real PDF) and the public verification page, given the
number typed loosely, confirms the name and the cohort. Screenshots at 1280 px and 390 px go to
test-results/training/."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from e2e_helpers import DESKTOP, PHONE, RESULTS, field, log_in, settle

pytestmark = pytest.mark.browser
SHOTS = RESULTS / "training"
COHORT = "第十期普陀区青年企业家培训班"


@pytest.fixture
def scene(world, settings, tmp_path, time_machine):  # type: ignore[no-untyped-def]
    from kaopu.core.testing import local_moment

    settings.MEDIA_ROOT = str(tmp_path)
    time_machine.move_to(local_moment(date(2026, 9, 28)), tick=True)
    return world


def _shoot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _no_wider_than_the_screen(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def _submit(page: Any, selector: str) -> None:
    page.click(selector)
    settle(page)


def test_a_cohort_from_opening_to_a_verified_certificate(scene, live_server, new_page):  # type: ignore[no-untyped-def]
    from kaopu.programs.models import Certificate, Cohort

    base = live_server.url
    staff = new_page(DESKTOP)
    log_in(staff, base, "staff")
    staff.goto(f"{base}/programs/training/")
    _submit(staff, "#cohort-new")
    field(staff, "年度").fill("2026")
    field(staff, "培训班名称").fill(COHORT)
    field(staff, "招收名额").fill("50")
    field(staff, "报名开始日期").fill("2026-09-20")
    field(staff, "报名截止日期").fill("2026-10-10")
    _submit(staff, "#cohort-save")
    assert staff.locator("h1").inner_text() == COHORT
    for day, topic in (("2026-09-19", "民营经济促进法解读"), ("2026-09-26", "数字化转型实务")):
        staff.click("#curriculum summary")
        field(staff, "开始时间").fill(f"{day}T13:30")
        field(staff, "结束时间").fill(f"{day}T16:30")
        field(staff, "主题").fill(topic)
        field(staff, "主讲人").fill("张教授")
        _submit(staff, "#session-save")
    assert staff.locator("#curriculum li").count() == 2
    _submit(staff, "#cohort-open")
    assert staff.locator("#cohort-state").inner_text() == "报名中"

    enterprise = new_page(PHONE)
    log_in(enterprise, base, "ent_user")
    enterprise.goto(f"{base}/programs/training/apply/")
    assert COHORT in enterprise.locator("#open-cohorts").inner_text()
    field(enterprise, "学员姓名").fill("张三")
    field(enterprise, "职务").fill("总经理")
    field(enterprise, "手机号码").fill("13812345678")
    _submit(enterprise, ".apply-form button[type=submit]")
    assert "138****5678" in enterprise.locator("#own-trainees").inner_text()
    _no_wider_than_the_screen(enterprise)
    _shoot(enterprise, "01-enterprise-applied-390")

    staff.reload()
    _submit(staff, "#applications button:has-text('录取')")
    _submit(staff, "#cohort-start")
    cohort = Cohort.objects.get(name=COHORT)
    for session in cohort.sessions.all():
        staff.goto(f"{base}/programs/training/sessions/{session.pk}/")
        staff.check("#attendance-form input[name=present]")
        _submit(staff, "#attendance-save")
    staff.goto(f"{base}/programs/training/{cohort.pk}/")
    assert "2 / 2" in staff.locator("#roll-table").inner_text()
    _submit(staff, "#cohort-finish")
    _submit(staff, "#cohort-graduate")
    certificate = Certificate.objects.get(cohort=cohort)
    assert certificate.pdf_state == Certificate.PdfState.DONE  # the huey task ran in the process
    assert certificate.number in staff.locator("#roll-table").inner_text()
    _shoot(staff, "02-staff-cohort-graduated-1280")
    staff.goto(f"{base}/programs/training/alumni/")
    assert staff.locator("#alumni-headline").inner_text() == "1名学员 · 1期 · 1年"
    assert certificate.number in staff.locator("#alumni-table").inner_text()
    staff.set_viewport_size(PHONE)
    _no_wider_than_the_screen(staff)
    _shoot(staff, "02b-staff-alumni-390")

    enterprise.reload()
    with enterprise.expect_download() as download:
        enterprise.click(".certificate-link")
    path = download.value.path()
    with open(path, "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    _shoot(enterprise, "03-enterprise-certificate-390")

    visitor = new_page(PHONE)
    loose = " " + certificate.number.lower().replace("-", " - ") + " "
    visitor.goto(f"{base}/programs/verify/")
    field(visitor, "证书编号").fill(loose)
    _submit(visitor, "#verify-form button[type=submit]")
    assert visitor.locator("#verify-name").inner_text() == "张三"
    assert visitor.locator("#verify-cohort").inner_text() == COHORT
    assert "13812345678" not in visitor.content()
    _no_wider_than_the_screen(visitor)
    _shoot(visitor, "04-public-verification-390")
    desktop = new_page(DESKTOP)
    desktop.goto(f"{base}/programs/verify/?number=PT-2026-QN-AAAAAAAA")
    assert "查无此证书" in desktop.locator("#verify-none").inner_text()
    _shoot(desktop, "05-public-not-found-1280")
