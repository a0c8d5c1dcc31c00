"""FIC staff log in, search the directory by a two-character fragment, open an entry and export the list."""

from __future__ import annotations

import io

import pytest
from e2e_helpers import log_in, settle
from openpyxl import load_workbook

from kaopu.core.testing import make_credit_code, make_enterprise

pytestmark = pytest.mark.browser

TECH = ["上海云帆科技有限公司", "普陀数码科技有限公司", "长风生物科技有限公司"]
OTHER = ["上海老街餐饮管理有限公司", "技术科创中心"]  # 科 and 技 present, but not side by side


@pytest.fixture
def catalogue(world):  # type: ignore[no-untyped-def]
    for n, name in enumerate(TECH + OTHER):
        make_enterprise(world.district, name=name, credit_code=make_credit_code(800 + n),
                        subdistrict=world.subdistrict, industry_id="65")
    return world


def test_staff_search_open_and_export(catalogue, live_server, new_page, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # the export's file
    world = catalogue
    page = new_page()
    log_in(page, live_server.url, "staff")
    # FIC staff start on their start page (工作台); the menu leads to the enterprise directory.
    assert page.url.rstrip("/") == live_server.url
    page.click("nav.mainnav details.navgroup summary >> text=名录")
    page.click("nav.mainnav >> text=企业名录")
    settle(page)
    assert "/directory/enterprises/" in page.url

    page.fill("#id_q", "科技")
    page.press("#id_q", "Enter")
    settle(page)
    assert "q=%E7%A7%91%E6%8A%80" in page.url
    listed = page.locator("#enterprise-table tbody td:first-child a").all_inner_texts()
    expected = {*TECH, world.enterprise_a.name}  # 上海甲科技有限公司 matches too
    assert set(listed) == expected
    assert world.far_enterprise.name not in page.content()

    page.click(f"text={TECH[1]}")
    settle(page)
    assert page.locator("h1").inner_text().startswith(TECH[1])
    assert make_credit_code(801) in page.content()
    page.go_back()
    settle(page)

    # The export is a background job (run at once in the tests): its page offers the file.
    page.click("#export-enterprises")
    settle(page)
    assert "/exports/" in page.url
    with page.expect_download() as download_info:
        page.click("#export-download")
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    data = download.path().read_bytes()
    assert data[:4] == b"PK\x03\x04"
    sheet = load_workbook(io.BytesIO(data), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    name_column, code_column = header.index("企业名称"), header.index("统一社会信用代码")
    exported = {row[name_column]: row[code_column] for row in rows[1:]}
    assert set(exported) == expected
    assert exported[TECH[0]] == make_credit_code(800)
