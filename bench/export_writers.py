"""Which .xlsx writer the exports use, chosen by measurement (docs/performance.md, "Exports").

    python bench/export_writers.py [ROWS]          # every writer installed, each in its own process
    python bench/export_writers.py --one NAME ROWS  # one writer (what the line above runs)

Each writer writes ROWS (default 200,000) rows of the enterprise export's 16 columns (text in Chinese,
a date column, a decimal, an integer, yes/no words, one text in a hundred starting with "=", which
must stay text), made in memory by the same generator, to a file in a temporary folder. Reported:
rows/s, wall seconds, peak RSS of the process (``ru_maxrss``; the interpreter and its imports are
about 40 MB of it), and the file's size. Writers that are not installed are skipped; only openpyxl
and XlsxWriter are dependencies of Kaopu, the others are here to be compared (pip install them into a
scratch environment).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

HEADERS = ["企业名称", "统一社会信用代码", "所属街道", "行业", "法定代表人", "联系电话", "成立日期", "注册资本（万元）",
           "企业规模", "从业人数", "高新技术企业", "专精特新", "工商联会员", "入会日期", "地址", "状态"]
DATES = {6, 13}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def rows(count: int) -> Iterator[list[Any]]:
    start = date(2000, 1, 1)
    for n in range(count):
        name = f"=上海{n}科技有限公司" if n % 100 == 0 else f"上海{n % 977}号供应链科技有限公司{n}"
        yield [name, f"91310107{n:010d}", "长寿路街道", "65 软件和信息技术服务业", "王小明", "138****5678",
               start + timedelta(days=n % 9000), Decimal(n % 5000) / 4, "小型", n % 300, "是", "否", "是",
               None if n % 3 else start + timedelta(days=n % 7000), f"上海市普陀区长寿路{n % 999}号", "存续"]


def write_openpyxl(path: str, count: int) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet("企业名录")
    sheet.append([WriteOnlyCell(sheet, h) for h in HEADERS])
    for values in rows(count):
        cells = []
        for index, value in enumerate(values):
            cell = WriteOnlyCell(sheet, value)
            if isinstance(value, str) and value.startswith(FORMULA_STARTS):
                cell.data_type, cell.quotePrefix = "s", True
            elif index in DATES:
                cell.number_format = "yyyy-mm-dd"
            cells.append(cell)
        sheet.append(cells)
    book.save(path)


def write_xlsxwriter(path: str, count: int) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(path, {"constant_memory": True, "tmpdir": os.path.dirname(path)})
    sheet = book.add_worksheet("企业名录")
    quoted = book.add_format({"quote_prefix": True})
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, HEADERS)
    for row, values in enumerate(rows(count), start=1):
        for column, value in enumerate(values):
            if value is None:
                continue
            if isinstance(value, str):
                if value.startswith(FORMULA_STARTS):
                    sheet.write_string(row, column, value, quoted)
                else:
                    sheet.write_string(row, column, value)
            elif isinstance(value, date):
                sheet.write_datetime(row, column, value, day)
            else:
                sheet.write_number(row, column, value)
    book.close()


def write_pyexcelerate(path: str, count: int) -> None:
    # PyExcelerate keeps the whole sheet in memory (no streaming); no per-cell quote prefix either.
    from pyexcelerate import Workbook

    book = Workbook()
    book.new_sheet("企业名录", data=[HEADERS, *rows(count)])
    book.save(path)


def write_rustpy(path: str, count: int) -> None:
    # rustpy-xlsxwriter takes dicts; no per-cell style (a quote prefix cannot be set): for comparison only.
    from rustpy_xlsxwriter import FastExcel

    FastExcel(path).sheet("企业名录", (dict(zip(HEADERS, values, strict=True)) for values in rows(count))).save()


WRITERS = {"openpyxl (write-only)": write_openpyxl, "XlsxWriter (constant_memory)": write_xlsxwriter,
           "PyExcelerate": write_pyexcelerate, "rustpy-xlsxwriter": write_rustpy}


def run_one(name: str, count: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "export.xlsx")
        started = time.perf_counter()
        WRITERS[name](path, count)
        seconds = time.perf_counter() - started
        size = os.path.getsize(path)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"| {name} | {count / seconds:,.0f} | {seconds:.1f} s | {peak:.0f} MB | {size / 1e6:.1f} MB |")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("rows", nargs="?", type=int, default=200_000)
    parser.add_argument("--one")
    args = parser.parse_args()
    if args.one:
        run_one(args.one, args.rows)
        return
    print(f"{args.rows:,} rows × {len(HEADERS)} columns, Python {sys.version.split()[0]}")
    print("| writer | rows/s | time | peak RSS | file |\n|---|---:|---:|---:|---:|")
    for name in WRITERS:
        result = subprocess.run([sys.executable, __file__, "--one", name, str(args.rows)], capture_output=True,
                                text=True, check=False)
        print(result.stdout.strip() if result.returncode == 0 else f"| {name} | not installed or failed: "
              f"{result.stderr.strip().splitlines()[-1] if result.stderr.strip() else '?'} | | | |")


if __name__ == "__main__":
    main()
