"""The work report benchmark of docs/performance.md: a year's report at 30,000 and at 3,000,000 appeals.

    python bench/report.py measure [--runs N]   # one database (DATABASE_URL): timings as one JSON line
    python bench/report.py explain              # EXPLAIN ANALYZE every query of a year's figures on appeals tables
    python bench/report.py table FILE...        # the Markdown table from the JSON lines

Run by bench/report.sh on the appeals suite's databases (kaopu_bench_appeals_N, seeded as for the cockpit,
with the other modules' demo loaded on top). A report is a background job: it is timed as the huey worker
runs it (kaopu.reports.actions.run_report, in this process), stage by stage — the figures from the
registry, the document with its charts, the PDF — counting the numbers again on every run (no kept
closing). In the same run and process: the cockpit's year page and the bare view (/bench/bare-list/)
through Django's test client, as the floor. PostgreSQL's own counters (pg_stat_user_tables.seq_scan) of the
appeals tables are read before and after: a report must not read them whole.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

os.environ["BENCH_SUITE"] = "appeals"
sys.path.insert(0, str(Path(__file__).parent))

import bench  # bench/bench.py: users, settings
import cockpit  # bench/cockpit.py: the appeals tables

APPEAL_TABLES = cockpit.APPEAL_TABLES


def _seq_scans() -> dict[str, int]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_force_next_flush()")
        cursor.execute("SELECT relname, seq_scan FROM pg_stat_user_tables WHERE relname = ANY(%s)",
                       [list(APPEAL_TABLES)])
        return dict(cursor.fetchall())


def _timed(call):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = call()
    return time.perf_counter() - start, result


def measure(runs: int) -> dict[str, object]:
    from django.test import Client

    from kaopu.accounts.models import User
    from kaopu.appeals.models import Appeal
    from kaopu.core import workdays
    from kaopu.directory.models import District
    from kaopu.reports import actions, document, figures, pdf
    from kaopu.reports.periods import ReportPeriod

    bench.create_user()
    staff = User.objects.get(username=bench.BENCH_USER)
    district = District.objects.get(pk=staff.district_id)
    today = workdays.local_today()
    year = ReportPeriod.year(today.year)
    client = Client()
    client.force_login(staff, backend="kaopu.accounts.backends.UserBackend")
    for path in ("/bench/bare-list/", "/cockpit/?period=this_year"):
        client.get(path)  # warm the per-process caches, as a running server has them

    before = _seq_scans()
    stages: dict[str, list[float]] = {"figures": [], "document": [], "pdf": [], "whole": []}
    for _ in range(runs):
        # The whole job, as the worker runs it (HUEY_IMMEDIATE: in this process), counting again.
        seconds, job = _timed(lambda: actions.request_report(staff, district, year, recompute=True))
        assert job.status == "done", job.error_message
        stages["whole"].append(seconds)
        seconds, kept = _timed(lambda: figures.compute([(district.pk, district.name)], year, today=today))
        stages["figures"].append(seconds)
        seconds, content = _timed(lambda job=job, kept=kept: document.write(
            job.title, kept, job.summary, scope_name=district.name, period_words=year.words))
        stages["document"].append(seconds)
        if pdf.available():
            stages["pdf"].append(_timed(lambda content=content: pdf.to_pdf(content))[0])
    after = _seq_scans()
    pages = {}
    for name, path in (("cockpit_year", "/cockpit/?period=this_year"), ("bare", "/bench/bare-list/")):
        timings = []
        for _ in range(max(runs * 4, 20)):
            seconds, response = _timed(lambda path=path: client.get(path))
            assert response.status_code == 200
            timings.append(seconds)
        pages[name] = statistics.median(timings) * 1000
    return {
        "appeals": Appeal.objects.count(), "runs": runs, "period": str(year.words),
        "median_ms": {stage: round(statistics.median(v) * 1000, 1) for stage, v in stages.items() if v},
        "docx_bytes": len(content),
        "seq_scans_of_appeal_tables": {t: after.get(t, 0) - before.get(t, 0) for t in APPEAL_TABLES},
        "pages_median_ms": {k: round(v, 1) for k, v in pages.items()},
    }


def explain() -> int:
    """EXPLAIN ANALYZE each query of a year's figures that reads an appeals table (cockpit.py's rule)."""
    import re

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kaopu.accounts.models import User
    from kaopu.core import workdays
    from kaopu.directory.models import District
    from kaopu.reports import figures
    from kaopu.reports.periods import ReportPeriod

    staff = User.objects.get(username=bench.BENCH_USER)
    district = District.objects.get(pk=staff.district_id)
    year = ReportPeriod.year(workdays.local_today().year)
    with CaptureQueriesContext(connection) as captured:
        figures.compute([(district.pk, district.name)], year, today=workdays.local_today())
    problems = 0
    for query in captured.captured_queries:
        sql = query["sql"]
        if not any(table in sql for table in APPEAL_TABLES) or not sql.lstrip().upper().startswith("SELECT"):
            continue
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        print(f"--- {sql}\n{plan}")
        if re.search(r"Seq Scan on (" + "|".join(APPEAL_TABLES) + r")\b", plan):
            problems += 1
            print("!!! reads an appeals table whole")
    print(f"=== {len(captured)} queries, {problems} problem(s)")
    return 1 if problems else 0


def table(files: list[Path]) -> str:
    rows = [json.loads(line) for path in files for line in path.read_text().splitlines() if line.strip()]
    lines = ["| appeals | figures ms | document ms | PDF ms | whole job ms | cockpit year ms | bare ms | "
             "seq scans of appeals tables |", "|---:|---:|---:|---:|---:|---:|---:|---|"]
    for row in sorted(rows, key=lambda r: r["appeals"]):
        m, p = row["median_ms"], row["pages_median_ms"]
        lines.append(f"| {row['appeals']:,} | {m['figures']} | {m['document']} | {m.get('pdf', '—')} | {m['whole']} | "
                     f"{p['cockpit_year']} | {p['bare']} | "
                     f"{', '.join(f'{t} {n}' for t, n in row['seq_scans_of_appeal_tables'].items())} |")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["measure", "explain", "table"])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    if args.command == "table":
        print(table(args.files))
        return 0
    bench.setup_django()
    if args.command == "measure":
        print(json.dumps(measure(args.runs), ensure_ascii=False))
        return 0
    return explain()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
