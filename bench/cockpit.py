"""The cockpit benchmark of docs/performance.md: /cockpit/ at 30,000 and at 3,000,000 appeals.

    python bench/cockpit.py user            # the FIC staff user of the seeded district (bench_staff)
    python bench/cockpit.py targets         # name, path and user of each measured page (tab-separated)
    python bench/cockpit.py explain         # EXPLAIN ANALYZE every query of every page on appeals tables
    python bench/cockpit.py report DIR      # the Markdown tables from DIR/wrk-SIZE-PAGE-RUN.txt

Run by bench/cockpit.sh (DJANGO_SETTINGS_MODULE=kaopu.settings_bench, DATABASE_URL set), which seeds the
databases the same way as `BENCH_SUITE=appeals bench/run.sh` (and may reuse them), serves each with
gunicorn and loads it with wrk from its own process on 127.0.0.1. The bare view (/bench/bare-list/,
the enterprise list template from 50 rows in memory) is measured in the same run as the floor.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

os.environ["BENCH_SUITE"] = "appeals"  # the appeals suite's users and databases
sys.path.insert(0, str(Path(__file__).parent))

import bench  # bench/bench.py: users, wrk parsing, medians

PAGES = ["cockpit", "cockpit_year", "cockpit_12_months", "bare"]
# The tables of appeals: the cockpit must read none of them whole.
APPEAL_TABLES = ("appeals_appeal", "appeals_event", "appeals_cohandler")


def _month(today: date, back: int) -> str:
    index = today.year * 12 + today.month - 1 - back
    return f"{index // 12}-{index % 12 + 1:02d}"


def targets() -> dict[str, tuple[str, str]]:
    from kaopu.core import workdays

    today = workdays.local_today()
    last_12 = urlencode({"period": "custom", "first": _month(today, 11), "last": _month(today, 0)})
    return {
        "cockpit": ("/cockpit/", bench.BENCH_USER),  # this month against the last and a year earlier
        "cockpit_year": ("/cockpit/?period=this_year", bench.BENCH_USER),
        "cockpit_12_months": (f"/cockpit/?{last_12}", bench.BENCH_USER),
        "bare": ("/bench/bare-list/", bench.BENCH_USER),
    }


def explain() -> int:
    """EXPLAIN ANALYZE each query of each page that reads an appeals table; a problem when a plan reads
    one sequentially, or counts appeals without reaching them through an index."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from kaopu.accounts.models import User

    problems = 0
    for name, (path, username) in targets().items():
        client = Client()
        client.force_login(User.objects.get(username=username), backend="kaopu.accounts.backends.UserBackend")
        client.get(path)  # warm the per-process caches, as a running server has them
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        print(f"=== {name}  {path}  (HTTP {response.status_code}, {len(captured)} queries)")
        for query in captured.captured_queries:
            sql = query["sql"]
            print(f"--- {query['time']}s {sql}")
            if not any(table in sql for table in APPEAL_TABLES) or not sql.lstrip().upper().startswith("SELECT"):
                continue
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                plan = "\n".join(row[0] for row in cursor.fetchall())
            print(plan)
            scans = re.search(r"Seq Scan on (" + "|".join(APPEAL_TABLES) + r")\b", plan)
            # A count must reach the appeals through an index (overdue now: the overdue index; a
            # meeting's issues: source_meeting_id, a few rows per meeting), never by reading them all.
            counts_whole = re.search(r"\bCOUNT\(", sql, re.IGNORECASE) and not re.search(
                r"(Index (Only )?Scan( Backward)? using \S+|Bitmap Heap Scan) on (" + "|".join(APPEAL_TABLES) + r")\b",
                plan)
            if scans or counts_whole:
                problems += 1
                print("!!! reads an appeals table whole")
    print(f"=== {problems} problem(s)")
    return 1 if problems else 0


def report(directory: Path) -> str:
    bench.PAGES[:] = PAGES
    bench.SINGLE_PAGES.update({"cockpit", "cockpit_year", "cockpit_12_months"})
    results = bench.medians(directory)
    sizes = sorted({size for size, _page in results})
    lines = ["| page | appeals | requests/s | p50 ms | p99 ms | errors |", "|---|---:|---:|---:|---:|---:|"]
    for page in PAGES:
        for size in sizes:
            if (size, page) in results:
                r = results[(size, page)]
                lines.append(f"| {page} | {size:,} | {r['rps']:.0f} | {r['p50']:.1f} | {r['p99']:.1f} | "
                             f"{r['max_errors']:.0f} |")
    small, large = sizes[0], sizes[-1]
    lines += ["", f"| page | time at {large:,} / at {small:,} (≤ 1.3) | p50 ratio | time vs bare at {small:,} | "
              f"at {large:,} |", "|---|---:|---:|---:|---:|"]
    for page in PAGES[:-1]:
        if (small, page) not in results or (large, page) not in results:
            continue
        a, b = results[(small, page)], results[(large, page)]
        ratio = a["rps"] / b["rps"] if b["rps"] else float("inf")
        cells = [f"{ratio:.2f} {bench._mark(ratio <= 1.3)}", f"{b['p50'] / a['p50']:.2f}" if a["p50"] else "—"]
        for size in (small, large):
            bare, rps = results.get((size, "bare"), {}).get("rps"), results[(size, page)]["rps"]
            cells.append(f"{bare / rps:.2f}×" if bare and rps else "—")
        lines.append(f"| {page} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["user", "targets", "explain", "report"])
    parser.add_argument("directory", nargs="?", type=Path)
    args = parser.parse_args(argv)
    if args.command == "report":
        print(report(args.directory))
        return 0
    bench.setup_django()
    if args.command == "user":
        bench.create_user()
    elif args.command == "targets":
        for name, (path, username) in targets().items():
            print(f"{name}\t{path}\t{username}")
    else:
        return explain()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
