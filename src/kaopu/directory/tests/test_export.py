"""Exporting the enterprise list to Excel: the filtered, visible rows only, phones masked by role, audited."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kaopu.audit.models import Action, AuditEntry
from kaopu.core.testing import make_enterprise
from kaopu.directory.models import ImportJob
from kaopu.directory.tests._xlsx import post_import, read_rows

EXPORT_URL = reverse("directory:enterprise_export")


def export(client, query: str = "") -> list[tuple]:  # type: ignore[no-untyped-def]
    response = client.get(f"{EXPORT_URL}?{query}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return read_rows(b"".join(response.streaming_content))


def names(rows: list[tuple]) -> set[str]:
    return {values[0] for values in rows[1:]}


def test_the_export_has_chinese_headers_and_a_dated_filename(login, staff, world):
    response = login(staff).get(EXPORT_URL)

    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment")
    assert "filename*=utf-8''%E4%BC%81%E4%B8%9A%E5%90%8D%E5%BD%95-" in disposition  # 企业名录-
    rows = read_rows(b"".join(response.streaming_content))
    assert rows[0][:6] == ("企业名称", "统一社会信用代码", "所属街道", "行业", "法定代表人", "联系电话")


def test_the_export_contains_only_the_filtered_rows(login, staff, world):
    rows = export(login(staff), "industry=65")

    assert names(rows) == {"上海甲科技有限公司"}
    assert rows[1][3] == "65 软件和信息技术服务业"
    assert rows[1][2] == "长寿路街道"


def test_the_export_follows_the_search_box(login, staff, world):
    assert names(export(login(staff), "q=餐饮")) == {"上海乙餐饮管理有限公司"}


def test_staff_export_only_their_district(login, staff, far_staff, world):
    assert names(export(login(staff))) == {"上海甲科技有限公司", "上海乙餐饮管理有限公司"}
    assert names(export(login(far_staff))) == {"上海静安丙贸易有限公司"}


def test_phones_are_masked_for_the_leader_and_shown_to_staff(login, staff, leader, world):
    assert export(login(leader), "industry=65")[1][5] == "138****5678"
    assert export(login(staff), "industry=65")[1][5] == "13812345678"


@pytest.mark.parametrize("persona", ["ent_user", "handler", "bank_officer", "lawyer", "chamber_officer",
                                     "sysadmin", "auditadmin"])
def test_roles_without_the_export_right_are_refused(login, world, persona):
    assert login(world.users[persona]).get(EXPORT_URL).status_code == 403
    assert not AuditEntry.objects.filter(action=Action.EXPORT).exists()


def test_every_export_writes_an_audit_entry_with_filters_and_row_count(login, leader, world):
    export(login(leader), "industry=65&member=0")

    entry = AuditEntry.objects.get(action=Action.EXPORT)
    assert entry.actor_id == leader.pk
    assert entry.data["rows"] == 1
    assert entry.data["filters"] == {"industry": "65", "is_member": False}
    assert entry.data["phones_masked"] is True


def test_a_spreadsheet_formula_in_a_name_is_exported_as_text(login, staff, world):
    make_enterprise(world.district, name="=HYPERLINK(\"http://evil\")")

    rows = export(login(staff), "q=HYPERLINK")

    assert rows[1][0] == "=HYPERLINK(\"http://evil\")"


def test_the_export_reads_a_bounded_number_of_queries(login, staff, world, django_assert_max_num_queries):
    client = login(staff)
    for _ in range(60):
        make_enterprise(world.district, subdistrict=world.subdistrict, industry_id="65")

    # Session, user, reference data, one read of the rows, the audit entry: not one per row.
    with django_assert_max_num_queries(15):
        rows = export(client)
    assert len(rows) == 1 + 62


def test_a_staff_export_imports_again_without_changes(login, staff, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = login(staff)
    content = b"".join(client.get(EXPORT_URL).streaming_content)

    post_import(client, content, name="导出.xlsx")

    job = ImportJob.objects.latest("id")
    assert (job.created_count, job.updated_count, job.unchanged_count, job.error_count) == (0, 0, 2, 0)
