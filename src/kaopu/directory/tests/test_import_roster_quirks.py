"""A roster as FIC offices keep it: sections for industries, capital in 万元 with its unit, the same
enterprise twice, phones that are not phones, credit codes with hyphens and invisible characters, and
dates in every customary form. Each quirk is read as a person reads it, or reported naming the field.

Every test runs with both readers (core/workbook_reader.py): calamine for an ordinary file, openpyxl
above the fast-read limit; they must give the same result.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from kaopu.directory import importer
from kaopu.directory.models import Enterprise, ImportJob
from kaopu.directory.tests._xlsx import HEADERS, code, post_import, read_rows, row, workbook_bytes

CAPITAL, DATE, ADDRESS = "注册资本（万元）", "成立日期", "地址"
WIDE = [*HEADERS, CAPITAL, DATE, ADDRESS]


@pytest.fixture(autouse=True, params=["calamine", "openpyxl"])
def reader(request, settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    settings.KAOPU_IMPORT_FAST_READ_MAX_BYTES = 10**9 if request.param == "calamine" else 0
    return request.param


def wide(n: int, capital: Any = None, established: Any = None, address: Any = None, **overrides: Any) -> list[Any]:
    return [*row(n, **overrides), capital, established, address]


def import_rows(client: Any, rows: list[list[Any]], headers: list[str] = WIDE) -> ImportJob:
    response = post_import(client, workbook_bytes(rows, headers))
    assert response.status_code == 302
    job = ImportJob.objects.latest("id")
    assert job.status == ImportJob.Status.DONE, job.error_message
    return job


def errors_of(job: ImportJob) -> dict[int, str]:
    return {error["row"]: f"【{error['column']}】{error['message']}" for error in job.row_errors}


def warnings_of(job: ImportJob) -> dict[int, str]:
    return {warning["row"]: f"【{warning['column']}】{warning['message']}" for warning in job.row_warnings}


def enterprise(n: int) -> Enterprise:
    return Enterprise.objects.get(credit_code=code(n))


# --- Industry ---------------------------------------------------------------------------------

SECTIONS = {"I": ("I", None), "c": ("C", None), "制造业": ("C", None), "C 制造业": ("C", None),
            "I信息传输、软件和信息技术服务业": ("I", None), "65": (None, "65"), "I65": (None, "65"),
            "I 65 软件和信息技术服务业": (None, "65"), "软件和信息技术服务业": (None, "65"), "6513": (None, "65"),
            "教育": (None, "83")}


def test_a_section_is_stored_as_the_section_and_a_division_as_the_division(login, staff, world):
    written = list(SECTIONS)
    job = import_rows(login(staff), [wide(n, 行业=value) for n, value in enumerate(written)])

    assert (job.created_count, job.error_count) == (len(written), 0), job.row_errors
    for n, value in enumerate(written):
        stored = enterprise(n)
        assert (stored.industry_section_id, stored.industry_id) == SECTIONS[value], value
        assert stored.section_code == SECTIONS[value][0] or stored.industry.section_id == "I" or value == "教育"


def test_a_letter_that_contradicts_the_division_is_an_error_naming_both(login, staff, world):
    job = import_rows(login(staff), [wide(1, 行业="A65"), wide(2, 行业="I 制造业"), wide(3, 行业="Z")])

    assert (job.created_count, job.error_count) == (0, 3)
    errors = errors_of(job)
    assert errors[2] == ("【行业】门类 A 与大类 65（软件和信息技术服务业，属于门类 I 信息传输、软件和信息技术服务业）"
                         "不符；请改正门类字母或大类代码。")
    assert "行业门类 I 是“信息传输、软件和信息技术服务业”，不是“制造业”" in errors[3]
    assert errors[4].startswith("【行业】“Z”不是 GB/T 4754-2017 中的行业")


def test_a_section_keeps_a_division_of_that_section_and_replaces_one_of_another(login, staff, world):
    client = login(staff)
    import_rows(client, [wide(1, 行业="65"), wide(2, 行业="65")])

    job = import_rows(client, [wide(1, 行业="I"), wide(2, 行业="C")])

    assert (job.unchanged_count, job.updated_count) == (1, 1)
    assert (enterprise(1).industry_id, enterprise(1).industry_section_id) == ("65", None)
    assert (enterprise(2).industry_id, enterprise(2).industry_section_id) == (None, "C")
    import_rows(client, [wide(2, 行业="31")])
    assert (enterprise(2).industry_id, enterprise(2).industry_section_id) == ("31", None)


def test_enterprises_with_only_a_section_are_found_by_the_section_filter(login, staff, world):
    client = login(staff)
    import_rows(client, [wide(1, 行业="C"), wide(2, 行业="31"), wide(3, 行业="I")])

    page = client.get("/directory/enterprises/", {"section": "C"}).content.decode()

    assert "上海导入1号科技有限公司" in page and "上海导入2号科技有限公司" in page
    assert "上海导入3号科技有限公司" not in page
    assert "制造业" in page  # the section's name where the division would be


# --- Capital ------------------------------------------------------------------------------------

CAPITALS = {"500万元": Decimal("500"), "80万": Decimal("80"), "１２００": Decimal("1200"),
            "1,200.5": Decimal("1200.5"), "3 000 万元": Decimal("3000"), 35.5: Decimal("35.5"), 0: Decimal("0")}


def test_capital_in_wan_is_read_with_its_unit_full_width_digits_and_separators(login, staff, world):
    written = list(CAPITALS)
    job = import_rows(login(staff), [wide(n, capital=value) for n, value in enumerate(written)])

    assert (job.created_count, job.error_count) == (len(written), 0), job.row_errors
    for n, value in enumerate(written):
        assert enterprise(n).registered_capital == CAPITALS[value], value


def test_capital_in_yuan_or_yi_or_another_currency_is_refused_never_guessed(login, staff, world):
    job = import_rows(login(staff), [wide(1, capital="5000000元"), wide(2, capital="1.2亿"),
                                     wide(3, capital="500万美元"), wide(4, capital="五百万"), wide(5, capital="-3")])

    assert (job.created_count, job.error_count) == (0, 5)
    errors = errors_of(job)
    assert errors[2] == ("【注册资本（万元）】注册资本的单位是万元，“5000000元”是其他单位；请换算后填写，"
                         "例如 5000000元 应写成 500（万元）。")
    assert errors[3] == "【注册资本（万元）】注册资本以“亿”为单位；请换算为万元填写（1亿元 = 10000万元）。"
    assert "“500万美元”是其他单位" in errors[4]
    assert errors[5].startswith("【注册资本（万元）】注册资本：“五百万”不是数字。")
    assert "-3" in errors[6]


# --- The same enterprise twice --------------------------------------------------------------


@pytest.mark.parametrize("chunk", [1000, 2], ids=["same chunk", "across chunks"])
def test_a_repeated_enterprise_is_merged_when_the_rows_agree(login, staff, world, monkeypatch, chunk):
    monkeypatch.setattr(importer, "CHUNK_SIZE", chunk)
    rows = [wide(1), wide(2), wide(3), wide(1, address="上海市普陀区长寿路 1 号"), wide(1, capital="500万")]

    job = import_rows(login(staff), rows)

    assert (job.created_count, job.merged_count, job.error_count) == (3, 2, 0)
    merged = enterprise(1)
    assert (merged.address, merged.registered_capital, merged.legal_representative) == (
        "上海市普陀区长寿路 1 号", Decimal("500"), "张1")
    assert job.rows_done == len(rows)


@pytest.mark.parametrize("chunk", [1000, 2], ids=["same chunk", "across chunks"])
def test_a_repeated_enterprise_that_contradicts_is_an_error_naming_both_rows(login, staff, world, monkeypatch,
                                                                           chunk):
    monkeypatch.setattr(importer, "CHUNK_SIZE", chunk)
    rows = [wide(1), wide(2), wide(3), wide(1, 法定代表人="李四", 联系电话="13900000000")]

    job = import_rows(login(staff), rows)

    assert (job.created_count, job.merged_count, job.error_count) == (3, 0, 1)
    assert errors_of(job)[5] == ("【统一社会信用代码】与第 2 行的统一社会信用代码相同（同一企业），"
                                 "但【法定代表人】【联系电话】不同；请改正其中一行，或删除一行。")
    assert enterprise(1).legal_representative == "张1"


def test_a_repeat_after_a_rejected_first_row_is_imported_as_the_correction(login, staff, world):
    job = import_rows(login(staff), [wide(1, 所属街道="火星街道"), wide(1)])

    assert (job.created_count, job.error_count, job.merged_count) == (1, 1, 0)
    assert enterprise(1).subdistrict == world.subdistrict


# --- Phones -------------------------------------------------------------------------------------

GOOD_PHONES = ["021-61234567", "13812345678", "+86 138 1234 5678", "6123 4567", "400-820-8820",
               "021-61234567转123", "(021)61234567", "13812345678/021-61234567", "0571-8888888"]
BAD_PHONES = ["12345", "1381234567", "138123456789", "02161234", "tel:13812345678", "1281234567x"]


def test_mobile_and_landline_numbers_are_accepted_as_written(login, staff, world):
    job = import_rows(login(staff), [wide(n, 联系电话=phone) for n, phone in enumerate(GOOD_PHONES)])

    assert (job.created_count, job.warning_count, job.error_count) == (len(GOOD_PHONES), 0, 0), job.row_warnings
    assert [enterprise(n).phone for n in range(len(GOOD_PHONES))] == GOOD_PHONES


def test_a_wrong_phone_is_a_warning_the_row_is_imported_and_a_known_phone_kept(login, staff, world):
    client = login(staff)
    import_rows(client, [wide(0)])
    rows = [wide(n, 联系电话=phone, address=f"地址{n}") for n, phone in enumerate(BAD_PHONES)]

    job = import_rows(client, rows)

    assert (job.created_count, job.updated_count, job.warning_count, job.error_count) == (
        len(BAD_PHONES) - 1, 1, len(BAD_PHONES), 0)
    assert enterprise(0).phone == "13800000000"  # kept, not overwritten with the wrong one
    assert enterprise(0).address == "地址0"
    assert all(enterprise(n).phone == "" for n in range(1, len(BAD_PHONES)))
    assert warnings_of(job)[3] == ("【联系电话】“1381234567”不是大陆手机号（以 13…19 开头的 11 位数字）或座机号"
                                   "（如 021-61234567）；联系电话未导入，该行其余内容已导入。")


def test_the_report_workbook_lists_warnings_and_errors_in_separate_columns(login, staff, world):
    client = login(staff)
    job = import_rows(client, [wide(1, 联系电话="12345"), wide(2, 所属街道="火星街道", 联系电话="12345"), wide(3)])

    assert (job.created_count, job.error_count, job.warning_count) == (2, 1, 1)
    rows = read_rows(b"".join(client.get(f"/directory/imports/{job.pk}/errors.xlsx").streaming_content))
    assert rows[0][-4:] == ("原行号", "导入结果", "错误说明", "警告说明")
    by_row = {values[-4]: values[-3:] for values in rows[1:]}
    assert set(by_row) == {2, 3}
    assert by_row[2][0] == "已导入（有警告）" and by_row[2][1] is None and "12345" in by_row[2][2]
    assert by_row[3][0] == "未导入" and "火星街道" in by_row[3][1]
    page = client.get(f"/directory/imports/{job.pk}/").content.decode()
    assert 'id="count-warnings">1<' in page and 'id="count-errors">1<' in page
    assert 'id="import-warnings"' in page


# --- Credit codes -------------------------------------------------------------------------------


def test_credit_codes_lose_hyphens_spaces_and_invisible_characters(login, staff, world):
    hyphen, spaced, hidden = code(1), code(2), code(3)
    rows = [wide(1, 统一社会信用代码=f"{hyphen[:8]}-{hyphen[8:]}"),
            wide(2, 统一社会信用代码=f"{spaced[:6]} {spaced[6:12]} {spaced[12:]}"),
            wide(3, 统一社会信用代码=f"\ufeff{hidden[:9]}\u200b{hidden[9:]}")]

    job = import_rows(login(staff), rows)

    assert (job.created_count, job.error_count, job.warning_count) == (3, 0, 1)
    assert Enterprise.objects.filter(credit_code__in=[hyphen, spaced, hidden]).count() == 3
    assert warnings_of(job) == {4: "【统一社会信用代码】统一社会信用代码中有 2 个不可见字符（零宽空格或字节顺序标记，"
                                   "多从网页或其他软件复制而来），已删除。"}


def test_the_length_message_counts_the_characters_a_person_sees(login, staff, world):
    job = import_rows(login(staff), [wide(1, 统一社会信用代码="\u200b" + code(1)[:17] + "\u200b")])

    assert errors_of(job)[2] == "【统一社会信用代码】统一社会信用代码应为 18 位，当前为 17 位。"


# --- Dates ------------------------------------------------------------------------------------

DATES = ["2019年3月5日", "2019/3/5", "2019.03.05", "20190305", 43529, "2019-03-05 00:00:00", "２０１９－０３－０５",
         date(2019, 3, 5)]


def test_dates_in_every_customary_form(login, staff, world):
    job = import_rows(login(staff), [wide(n, established=value) for n, value in enumerate(DATES)])

    assert (job.created_count, job.error_count) == (len(DATES), 0), job.row_errors
    assert {enterprise(n).established_on for n in range(len(DATES))} == {date(2019, 3, 5)}


def test_an_impossible_date_names_the_forms(login, staff, world):
    job = import_rows(login(staff), [wide(1, established="2019年2月30日")])

    assert errors_of(job)[2] == ("【成立日期】“2019年2月30日”不是日期；请写成 2024-05-31、2024/5/31 或 2024年5月31日。")


# --- All of it at once ------------------------------------------------------------------------


def test_a_roster_with_every_quirk_imports_as_expected(login, staff, world):
    rows = [
        wide(1, 行业="I", capital="500万元", established="2019年3月5日"),
        wide(2, 行业="制造业", capital="80万", established=43529, 联系电话="021-6123 4567"),
        wide(3, 行业="A65"),  # error: section contradicts the division
        wide(4, capital="5000000元"),  # error: yuan
        wide(1, 行业="I", address="上海市普陀区长寿路 1 号"),  # merged into row 2
        wide(2, 法定代表人="王五"),  # error: contradicts row 3
        wide(5, 联系电话="12345"),  # warning
        wide(6, 统一社会信用代码="\u200b" + code(6)),  # warning
        [None] * len(WIDE),  # an empty row between two others
        wide(7, established="2019.03.05"),
    ]

    job = import_rows(login(staff), rows)

    assert (job.created_count, job.merged_count, job.error_count, job.warning_count) == (5, 1, 3, 2)
    assert job.rows_done == len(rows)
    assert set(errors_of(job)) == {4, 5, 7}
    assert set(warnings_of(job)) == {8, 9}
    assert enterprise(7).established_on == date(2019, 3, 5)
    assert (enterprise(1).industry_section_id, enterprise(1).registered_capital, enterprise(1).address) == (
        "I", Decimal("500"), "上海市普陀区长寿路 1 号")
    assert (enterprise(2).industry_section_id, enterprise(2).established_on) == ("C", date(2019, 3, 5))
