"""Exporting the enterprise list to Excel (a background job, kaopu.exports): the filtered, visible rows
only, in the import's columns, phones masked by role, audited."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from kaopu.audit.models import Action, AuditEntry
from kaopu.core.testing import make_enterprise
from kaopu.directory.models import Enterprise, ImportJob
from kaopu.directory.tests._xlsx import post_import
from kaopu.exports.models import ExportJob
from kaopu.exports.testing import ask_for_export, download, export, export_rows

KEY = "directory.enterprises"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


def rows_of(client, filters=None) -> list[tuple]:  # type: ignore[no-untyped-def]
    return export_rows(client, KEY, filters)


def names(rows: list[tuple]) -> set[str]:
    return {values[0] for values in rows[1:]}


def test_the_export_has_the_import_s_chinese_headers(login, staff, world):
    rows = rows_of(login(staff))

    assert rows[0][:6] == ("企业名称", "统一社会信用代码", "所属街道", "行业", "法定代表人", "联系电话")
    assert len(rows[0]) == 16


def test_the_export_contains_only_the_filtered_rows(login, staff, world):
    rows = rows_of(login(staff), {"industry": "65"})

    assert names(rows) == {"上海甲科技有限公司"}
    assert rows[1][3] == "65 软件和信息技术服务业"
    assert rows[1][2] == "长寿路街道"


def test_the_export_follows_the_search_box(login, staff, world):
    assert names(rows_of(login(staff), {"q": "餐饮"})) == {"上海乙餐饮管理有限公司"}


def test_staff_export_only_their_district(login, staff, far_staff, world):
    assert names(rows_of(login(staff))) == {"上海甲科技有限公司", "上海乙餐饮管理有限公司"}
    assert names(rows_of(login(far_staff))) == {"上海静安丙贸易有限公司"}


def test_phones_are_masked_for_the_leader_and_shown_to_staff(login, staff, leader, world):
    assert rows_of(login(leader), {"industry": "65"})[1][5] == "138****5678"
    assert rows_of(login(staff), {"industry": "65"})[1][5] == "13812345678"


def test_dates_are_dates_and_numbers_are_numbers(login, staff, world):
    Enterprise.objects.filter(pk=world.enterprise_a.pk).update(
        established_on=date(2019, 3, 5), registered_capital=Decimal("500.5"), employees=42, is_member=True,
        member_since=date(2020, 1, 2), size="small")
    job = export(login(staff), KEY, {"industry": "65"})
    sheet = load_workbook(io.BytesIO(download(login(staff), job))).worksheets[0]
    cells = {sheet.cell(1, column).value: sheet.cell(2, column) for column in range(1, 17)}
    assert cells["成立日期"].value.date() == date(2019, 3, 5) and cells["成立日期"].number_format == "yyyy-mm-dd"
    assert cells["入会日期"].value.date() == date(2020, 1, 2) and cells["入会日期"].number_format == "yyyy-mm-dd"
    assert cells["注册资本（万元）"].value == 500.5 and cells["注册资本（万元）"].data_type == "n"
    assert cells["从业人数"].value == 42 and cells["企业规模"].value == "小型" and cells["工商联会员"].value == "是"


@pytest.mark.parametrize("persona", ["ent_user", "handler", "bank_officer", "lawyer", "chamber_officer",
                                     "sysadmin", "auditadmin"])
def test_roles_without_the_export_right_are_refused(login, world, persona):
    assert ask_for_export(login(world.users[persona]), KEY).status_code == 404
    assert not AuditEntry.objects.filter(action=Action.EXPORT).exists() and not ExportJob.objects.exists()


def test_the_button_is_on_the_list_page_for_staff_and_leaders_only(login, world):
    url = reverse("directory:enterprise_list")
    page = login(world.users["leader"]).get(url, {"industry": "65", "after": "9"}).content.decode()
    assert 'id="export-enterprises"' in page and 'id="export-people"' in page
    assert '<input type="hidden" name="industry" value="65">' in page and 'name="after"' not in page
    assert 'id="export-enterprises"' not in login(world.users["ent_user"]).get(url).content.decode()


def test_every_export_writes_an_audit_entry_with_filters_and_row_count(login, leader, world):
    rows_of(login(leader), {"industry": "65", "member": "0"})

    made, downloaded = AuditEntry.objects.filter(action=Action.EXPORT).order_by("sequence")
    assert made.actor_id == leader.pk and made.summary == "导出企业名录 1 家"
    assert made.data["rows"] == 1
    assert made.data["filters"] == {"industry": "65", "is_member": False}
    assert made.data["phones_masked"] is True
    assert downloaded.actor_id == leader.pk and downloaded.data["download"] is True


def test_a_spreadsheet_formula_in_a_name_is_exported_as_text(login, staff, world):
    make_enterprise(world.district, name="=HYPERLINK(\"http://evil\")")

    rows = rows_of(login(staff), {"q": "HYPERLINK"})

    assert rows[1][0] == "=HYPERLINK(\"http://evil\")"


def test_the_export_reads_a_bounded_number_of_queries(login, staff, world, django_assert_max_num_queries,
                                                      monkeypatch):
    monkeypatch.setattr("kaopu.directory.exporter.BATCH", 25)
    client = login(staff)
    for _ in range(60):
        make_enterprise(world.district, subdistrict=world.subdistrict, industry_id="65")

    # The request, then the job: its claim, the count, one query per batch of 25 rows (3), progress,
    # the finish with its audit entry and notification. Not one per row.
    with django_assert_max_num_queries(40):
        job = export(client, KEY)
    assert job.rows_done == 62


def test_a_staff_export_imports_again_without_changes(login, staff, world):
    client = login(staff)
    content = download(client, export(client, KEY))

    post_import(client, content, name="导出.xlsx")

    job = ImportJob.objects.latest("id")
    assert (job.created_count, job.updated_count, job.unchanged_count, job.error_count) == (0, 0, 2, 0)


def test_an_enterprise_with_only_a_section_exports_the_section(login, staff, world):
    Enterprise.objects.filter(pk=world.enterprise_b.pk).update(industry=None, industry_section_id="I")

    rows = rows_of(login(staff), {"q": "餐饮"})

    assert rows[1][3] == "I 信息传输、软件和信息技术服务业"
