"""Importing a roster: which rows go in, which are refused and why, and that a second run changes nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from kaopu.audit.models import Action, AuditEntry
from kaopu.directory.models import Enterprise, ImportJob, Subdistrict
from kaopu.directory.tests._xlsx import HEADERS, code, post_import, row, workbook_bytes


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


def import_file(client, content: bytes) -> ImportJob:  # type: ignore[no-untyped-def]
    response = post_import(client, content)
    assert response.status_code == 302, response.content.decode()[:2000]
    return ImportJob.objects.latest("id")


def test_valid_rows_create_enterprises_in_the_importers_district(login, staff, world):
    job = import_file(login(staff), workbook_bytes([row(1), row(2, 行业="62 餐饮业")]))

    assert job.status == ImportJob.Status.DONE
    assert (job.created_count, job.updated_count, job.unchanged_count, job.error_count) == (2, 0, 0, 0)
    first = Enterprise.objects.get(credit_code=code(1))
    assert first.name == "上海导入1号科技有限公司"
    assert first.district == world.district
    assert first.subdistrict == world.subdistrict
    assert first.industry_id == "65"
    assert first.phone == "13800000001"
    assert Enterprise.objects.get(credit_code=code(2)).industry_id == "62"


def test_optional_columns_are_read_with_their_formats(login, staff, world):
    headers = [*HEADERS, "成立日期", "注册资本（万元）", "企业规模", "从业人数", "高新技术企业", "专精特新",
               "工商联会员", "入会日期", "地址", "状态"]
    values = [*row(1), "2018/5/20", "1,234.5", "小型", 35, "是", "否", "是", date(2021, 3, 1), "示例路 1 号", "存续"]
    import_file(login(staff), workbook_bytes([values], headers))

    enterprise = Enterprise.objects.get(credit_code=code(1))
    assert enterprise.established_on == date(2018, 5, 20)
    assert enterprise.registered_capital == Decimal("1234.5")
    assert (enterprise.size, enterprise.employees) == ("small", 35)
    assert (enterprise.is_high_tech, enterprise.is_specialised) == (True, False)
    # 工商联会员 and 入会日期 are read-only: membership is recorded by kaopu.membership, never by an import.
    assert (enterprise.is_member, enterprise.member_since) == (False, None)
    assert (enterprise.address, enterprise.status) == ("示例路 1 号", "active")


@pytest.mark.parametrize("industry", ["65", "软件和信息技术服务业", "65 软件和信息技术服务业", "I65", 65, "６５"])
def test_industry_is_read_from_its_code_its_name_or_both(login, staff, world, industry):
    import_file(login(staff), workbook_bytes([row(1, 行业=industry)]))

    assert Enterprise.objects.get(credit_code=code(1)).industry_id == "65"


def test_invalid_rows_are_reported_with_row_column_and_reason_and_do_not_block_valid_ones(login, staff, world):
    rows = [
        row(1),
        row(2, 统一社会信用代码=code(2)[:17] + ("0" if code(2)[17] != "0" else "1")),
        row(3, 所属街道="不存在街道"),
        row(4, 行业="99"),
        row(5, 企业名称=""),
        row(6, 联系电话="call me"),
        row(7),
    ]
    job = import_file(login(staff), workbook_bytes(rows))

    assert (job.created_count, job.error_count, job.warning_count) == (3, 4, 1)
    # A wrong phone number is a warning: the row is imported without it.
    assert dict(Enterprise.objects.filter(credit_code__in=[code(n) for n in range(1, 8)])
                .values_list("credit_code", "phone")) == {code(1): "13800000001", code(6): "",
                                                          code(7): "13800000007"}
    errors = {(e["row"], e["column"]): e["message"] for e in job.row_errors}
    assert set(errors) == {(3, "统一社会信用代码"), (4, "所属街道"), (5, "行业"), (6, "企业名称")}
    [warning] = job.row_warnings
    assert (warning["row"], warning["column"]) == (7, "联系电话")
    assert "call me" in warning["message"]
    assert "校验" in errors[(3, "统一社会信用代码")] or "check" in errors[(3, "统一社会信用代码")]
    assert "不存在街道" in errors[(4, "所属街道")]
    assert "长寿路街道" in errors[(4, "所属街道")]
    assert "99" in errors[(5, "行业")]


def test_the_job_page_lists_the_reasons(login, staff, world):
    client = login(staff)
    job = import_file(client, workbook_bytes([row(1, 所属街道="不存在街道")]))

    page = client.get(f"/directory/imports/{job.pk}/").content.decode()
    assert "不存在街道" in page
    assert 'id="error-workbook"' in page


def test_importing_the_same_file_twice_changes_nothing(login, staff, world):
    client = login(staff)
    content = workbook_bytes([row(n) for n in range(1, 6)])
    import_file(client, content)
    before = dict(Enterprise.objects.filter(credit_code__in=[code(n) for n in range(1, 6)])
                  .values_list("credit_code", "updated_at"))

    second = import_file(client, content)

    assert (second.created_count, second.updated_count, second.unchanged_count) == (0, 0, 5)
    after = dict(Enterprise.objects.filter(credit_code__in=before).values_list("credit_code", "updated_at"))
    assert after == before


def test_a_known_credit_code_updates_only_that_enterprise(login, staff, world):
    enterprise = world.enterprise_a
    values = row(1, 统一社会信用代码=enterprise.credit_code.lower(), 企业名称="上海甲科技集团有限公司", 行业="64")
    job = import_file(login(staff), workbook_bytes([values, row(2)]))

    assert (job.created_count, job.updated_count) == (1, 1)
    enterprise.refresh_from_db()
    assert (enterprise.name, enterprise.industry_id, enterprise.phone) == ("上海甲科技集团有限公司", "64",
                                                                          "13800000001")


def test_an_enterprise_of_another_district_is_not_overwritten(login, staff, world):
    far = world.far_enterprise
    job = import_file(login(staff), workbook_bytes([row(1, 统一社会信用代码=far.credit_code, 企业名称="被改名")]))

    assert (job.created_count, job.updated_count, job.error_count) == (0, 0, 1)
    far.refresh_from_db()
    assert far.name == "上海静安丙贸易有限公司"
    assert far.district == world.far_district
    assert job.row_errors[0]["row"] == 2
    assert job.row_errors[0]["column"] == "统一社会信用代码"


def test_a_credit_code_twice_in_one_file_with_another_name_is_an_error_on_the_later_row(login, staff, world):
    job = import_file(login(staff), workbook_bytes([row(1), row(2), row(3, 统一社会信用代码=code(1), 企业名称="重复")]))

    assert (job.created_count, job.error_count) == (2, 1)
    assert job.row_errors[0]["row"] == 4
    assert "2" in job.row_errors[0]["message"]
    assert Enterprise.objects.get(credit_code=code(1)).name == "上海导入1号科技有限公司"


def test_headers_are_matched_leniently(login, staff, world):
    headers = ["企业 名称", "统一社会信用代码 ", "所属街道", "行　业", "法定代表人", "联系电话", "注册资本(万元)",
               "ＦＩＣ备注"]
    job = import_file(login(staff), workbook_bytes([[*row(1), "１００", "忽略"]], headers))

    assert job.status == ImportJob.Status.DONE
    assert Enterprise.objects.get(credit_code=code(1)).registered_capital == Decimal("100")


def test_a_title_line_above_the_header_is_skipped(login, staff, world):
    job = import_file(login(staff), workbook_bytes([["普陀区企业名录（2026 年）"], HEADERS, row(1)], headers=None))

    assert job.created_count == 1
    assert job.error_count == 0


def test_the_membership_columns_are_read_only_and_never_refuse_a_row(login, staff, world):
    headers = [*HEADERS, "工商联会员", "入会日期"]
    job = import_file(login(staff), workbook_bytes([[*row(1), "否", "2020-01-01"], [*row(2), "是", "2020-01-01"]],
                                                   headers))

    assert (job.created_count, job.error_count) == (2, 0)
    assert not Enterprise.objects.filter(is_member=True).exists()


@pytest.mark.parametrize(("column", "value"), [
    ("成立日期", "2020-13-01"), ("注册资本（万元）", "-5"), ("从业人数", "3.5"), ("企业规模", "超大型"),
    ("高新技术企业", "也许"), ("状态", "迁出"),
])
def test_each_optional_column_refuses_a_bad_value(login, staff, world, column, value):
    job = import_file(login(staff), workbook_bytes([[*row(1), value]], [*HEADERS, column]))

    assert job.error_count == 1
    assert job.row_errors[0]["column"] == column
    assert value in job.row_errors[0]["message"] or column == "注册资本（万元）"
    assert not Enterprise.objects.filter(credit_code=code(1)).exists()


def test_a_subdistrict_may_be_written_without_its_suffix(login, staff, world):
    Subdistrict.objects.create(district=world.far_district, name="石门二路街道")
    job = import_file(login(staff), workbook_bytes([row(1, 所属街道="长寿路"), row(2, 所属街道="石门二路街道")]))

    assert Enterprise.objects.get(credit_code=code(1)).subdistrict == world.subdistrict
    assert job.error_count == 1  # another district's subdistrict


def test_one_audit_entry_per_import_with_counts_and_sha256(login, staff, world):
    import hashlib

    content = workbook_bytes([row(1), row(2, 行业="00")])
    job = import_file(login(staff), content)

    entries = AuditEntry.objects.filter(action=Action.IMPORT)
    assert entries.count() == 1
    entry = entries.get()
    assert entry.actor_id == staff.pk
    assert entry.object_id == str(job.pk)
    assert entry.data["sha256"] == hashlib.sha256(content).hexdigest() == job.sha256
    assert (entry.data["created"], entry.data["errors"]) == (1, 1)


def test_the_upload_is_stored_under_media_imports(login, staff, world, settings):
    job = import_file(login(staff), workbook_bytes([row(1)]))

    assert job.file.name.startswith("imports/")
    assert (settings.MEDIA_ROOT / job.file.name).exists()
    assert job.original_name == "企业名录.xlsx"


def test_an_empty_cell_does_not_erase_a_known_value(login, staff, world):
    enterprise = world.enterprise_a
    values = row(1, 统一社会信用代码=enterprise.credit_code, 企业名称=enterprise.name, 所属街道=None, 行业="",
                 法定代表人="李四", 联系电话=" ")
    job = import_file(login(staff), workbook_bytes([values]))

    assert job.updated_count == 1
    enterprise.refresh_from_db()
    assert (enterprise.subdistrict, enterprise.industry_id, enterprise.phone) == (world.subdistrict, "65",
                                                                                 "13812345678")
    assert enterprise.legal_representative == "李四"


def test_a_row_written_by_someone_else_meanwhile_is_rejected_alone(login, staff, world, monkeypatch):
    from kaopu.core.testing import make_enterprise
    from kaopu.directory import importer

    original = importer.ChunkWriter._new_values

    def racing_new(self, parsed):  # type: ignore[no-untyped-def]
        if parsed.data["credit_code"] == code(2):  # another user adds this enterprise between read and write
            make_enterprise(world.district, name="别人刚录入的企业", credit_code=code(2))
        return original(self, parsed)

    monkeypatch.setattr(importer.ChunkWriter, "_new_values", racing_new)
    job = import_file(login(staff), workbook_bytes([row(1), row(2), row(3)]))

    assert (job.created_count, job.error_count) == (2, 1)
    assert job.row_errors[0]["row"] == 3
    assert Enterprise.objects.get(credit_code=code(2)).name == "别人刚录入的企业"
    assert Enterprise.objects.filter(credit_code__in=[code(1), code(3)]).count() == 2


def test_an_import_leaves_a_members_flag_as_the_membership_module_wrote_it(login, staff, world):
    client = login(staff)
    headers = [*HEADERS, "工商联会员", "入会日期"]
    import_file(client, workbook_bytes([[*row(1)]], HEADERS))
    Enterprise.objects.filter(credit_code=code(1)).update(is_member=True, member_since=date(2020, 1, 1))

    job = import_file(client, workbook_bytes([[*row(1), "否", None]], headers))

    assert (job.unchanged_count, job.error_count) == (1, 0)
    enterprise = Enterprise.objects.get(credit_code=code(1))
    assert (enterprise.is_member, enterprise.member_since) == (True, date(2020, 1, 1))
