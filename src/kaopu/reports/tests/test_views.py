"""The reports' pages: who reaches them, which reports they see (404 on a guessed id), the form's messages,
a fixed number of queries, downloads (audited)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kaopu.audit.models import AuditEntry
from kaopu.reports import actions
from kaopu.reports.models import WorkReport
from kaopu.reports.periods import ReportPeriod

pytestmark = pytest.mark.usefixtures("drawn", "no_libreoffice")


@pytest.fixture
def report(world, march) -> WorkReport:  # type: ignore[no-untyped-def]
    return actions.request_report(world.users["staff"], world.district, ReportPeriod.month(2026, 2))


@pytest.mark.parametrize("persona", ["handler", "ent_user", "bank_officer", "lawyer", "chamber_officer", "sysadmin",
                                     "auditadmin"])
def test_only_staff_and_leaders_reach_the_reports(world, login, report, persona) -> None:  # type: ignore[no-untyped-def]
    client = login(world.users[persona])
    for url in ("/reports/", f"/reports/{report.pk}/", f"/reports/{report.pk}/progress/",
                f"/reports/{report.pk}/download/docx/"):
        assert client.get(url).status_code == 404
    assert client.post("/reports/new/", {"kind": "year", "year": "2025"}).status_code == 404


def test_another_district_s_staff_get_404_on_a_guessed_id(world, login, report) -> None:  # type: ignore[no-untyped-def]
    client = login(world.users["far_staff"])
    assert report.pk not in [r.pk for r in client.get("/reports/").context["page"].items]
    for url in (f"/reports/{report.pk}/", f"/reports/{report.pk}/download/docx/", f"/reports/{report.pk}/progress/"):
        assert client.get(url).status_code == 404
    assert client.post(f"/reports/{report.pk}/summary/", {"summary": "改"}).status_code == 404


def test_a_leader_reads_and_downloads_but_neither_generates_nor_edits(world, login, report) -> None:  # type: ignore[no-untyped-def]
    client = login(world.users["leader"])
    page = client.get(f"/reports/{report.pk}/")
    assert page.status_code == 200 and 'id="summary-form"' not in page.content.decode()
    assert client.get(f"/reports/{report.pk}/download/docx/").status_code == 200
    assert client.post("/reports/new/", {"kind": "year", "year": "2025"}).status_code == 404
    assert client.post(f"/reports/{report.pk}/summary/", {"summary": "改"}).status_code == 404


def test_staff_generate_a_year_s_report_from_the_form(world, march, login) -> None:  # type: ignore[no-untyped-def]
    client = login(world.users["staff"])
    response = client.post("/reports/new/", {"kind": "year", "year": "2025"})
    report = WorkReport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/reports/{report.pk}/"
    assert (report.start.isoformat(), report.end.isoformat(), report.district_id) == ("2025-01-01", "2025-12-31",
                                                                                      world.district.pk)
    page = client.get(f"/reports/{report.pk}/").content.decode()
    assert 'id="report-download"' in page and "本服务器未安装 LibreOffice" in page


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"kind": "year", "year": ""}, "year", "年份：请填写报告年份。"),
    ({"kind": "year", "year": "1999"}, "year", "年份：应在 2000 至 2026 之间。"),
    ({"kind": "quarter", "year": "2025"}, "quarter", "季度：请选择季度。"),
    ({"kind": "month", "year": "2026", "month": "4"}, "year", "所选期间尚未开始：请选择开始日期不晚于今天的期间。"),
    ({"kind": "custom", "start": "2026-03-05", "end": "2026-03-01"}, "end", "截止日期：不能早于起始日期。"),
    ({"kind": "custom", "start": "2020-01-01", "end": "2026-03-01"}, "end", "截止日期：一份报告最长覆盖五年。"),
    ({"kind": "custom", "start": "2026-02-30", "end": "2026-03-01"}, "start", "输入一个有效的日期。"),
])
def test_bad_input_names_the_field_and_the_rule_and_stores_nothing(world, login, data, field, message) -> None:  # type: ignore[no-untyped-def]
    response = login(world.users["staff"]).post("/reports/new/", data)
    assert response.status_code == 400
    assert message in response.context["form"].errors[field]
    assert not WorkReport.objects.exists()


def test_a_city_level_user_chooses_the_city_or_a_district(world, march, login, city_staff) -> None:  # type: ignore[no-untyped-def]
    client = login(city_staff)
    february = {"kind": "month", "year": "2026", "month": "2"}
    assert client.post("/reports/new/", {**february, "district": ""}).status_code == 302
    city = WorkReport.objects.get()
    assert city.district is None and city.title == "市工商联2026年2月工作报告"
    assert [name for _pk, name in city.figures["districts"]] == ["普陀区", "静安区"]
    client.post("/reports/new/", {**february, "district": str(world.far_district.pk)})
    assert WorkReport.objects.filter(district=world.far_district).exists()
    # District staff never see the city's report.
    assert login(world.users["staff"]).get(f"/reports/{city.pk}/").status_code == 404


def test_the_list_runs_the_same_queries_whatever_the_number_of_reports(world, march, login) -> None:  # type: ignore[no-untyped-def]
    client = login(world.users["staff"])
    actions.request_report(world.users["staff"], world.district, ReportPeriod.month(2026, 1))
    client.get("/reports/")
    with CaptureQueriesContext(connection) as few:
        assert client.get("/reports/").status_code == 200
    for month in (2, 3):
        actions.request_report(world.users["staff"], world.district, ReportPeriod.month(2026, month))
    with CaptureQueriesContext(connection) as more:
        client.get("/reports/")
    assert len(more) == len(few)


def test_each_download_is_audited(world, login, report) -> None:  # type: ignore[no-untyped-def]
    client = login(world.users["staff"])
    response = client.get(f"/reports/{report.pk}/download/docx/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    assert b"".join(response.streaming_content)[:2] == b"PK"
    entry = AuditEntry.objects.filter(action="export", object_type="reports.workreport").get()
    assert entry.summary == "下载工作报告「普陀区工商联2026年2月工作报告」（DOCX）"
    assert client.get(f"/reports/{report.pk}/download/pdf/").status_code == 404  # no PDF made


def test_the_summary_form_refuses_too_long_a_text_with_its_rule(world, login, report) -> None:  # type: ignore[no-untyped-def]
    response = login(world.users["staff"]).post(f"/reports/{report.pk}/summary/", {"summary": "字" * 5001})
    assert response.status_code == 400
    assert response.context["summary_form"].errors["summary"] == ["综述：最多 5000 个字。"]
