"""Helpers of bench/run.sh: the benchmark user, the pages to measure, EXPLAIN ANALYZE, the report.

    python bench/bench.py user              # create the users the benchmark logs in as
    python bench/bench.py targets           # the pages to measure, one "name<TAB>path<TAB>user" a line
    python bench/bench.py explain           # EXPLAIN ANALYZE of every query those pages run
    python bench/bench.py report DIR        # medians and ratios of the wrk outputs in DIR, as Markdown

BENCH_SUITE chooses the pages: "enterprises" (the directory, sized by enterprises) or "appeals"
(the appeal pages, sized by appeals).

Run with DJANGO_SETTINGS_MODULE=kaopu.settings_bench and DATABASE_URL set (run.sh does both).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
from pathlib import Path
from urllib.parse import urlencode

BENCH_USER = "bench_staff"
BENCH_HANDLER = "bench_handler"
BENCH_PASSWORD = "Bench@2026-kaopu"
SUITE = os.environ.get("BENCH_SUITE", "enterprises")
DISTRICT = "普陀区"
# The same strings at every size: the seeded rows of the 10k database are the first rows of the
# 1M one (seeding is deterministic from serial 0), so a string found in one occurs in both.
COMMON_3 = "供应链"  # one industry word: about 3% of names
COMMON_2 = "科技"  # in about a fifth of names
SUITES = {
    "enterprises": ["list", "filtered", "search3", "search3_rare", "search2", "search2_rare", "detail", "bare"],
    "appeals": ["appeal_list", "appeal_inbox", "appeal_detail", "appeal_kpi", "bare"],
}
PAGES = SUITES[SUITE]
# Pages that show one object (no list rows, no comparison with the bare list).
SINGLE_PAGES = {"detail", "appeal_detail", "appeal_kpi"}


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kaopu.settings_bench")
    import django

    django.setup()


def create_user() -> None:
    """The FIC staff user of the seeded district (idempotent)."""
    from kaopu.accounts.models import Organisation
    from kaopu.accounts.roles import OrganisationKind, Role
    from kaopu.directory.models import District

    district = District.objects.get(name=DISTRICT)
    fic, _created = Organisation.objects.get_or_create(
        kind=OrganisationKind.FIC, district=district, defaults={"name": f"{district.name}工商联"})
    _bench_user(BENCH_USER, Role.FIC_STAFF, fic)
    if SUITE == "appeals":
        department = bench_department()
        office, _created = Organisation.objects.get_or_create(
            kind=OrganisationKind.DEPARTMENT, department=department,
            defaults={"name": department.name, "district": district})
        _bench_user(BENCH_HANDLER, Role.DEPARTMENT_HANDLER, office)


def _bench_user(username: str, role: str, organisation: object) -> None:
    from kaopu.accounts.models import User

    user = User.objects.filter(username=username).first() or User(username=username, name="压测员")
    user.role, user.organisation, user.is_active = role, organisation, True
    user.set_password(BENCH_PASSWORD)
    user.save()


def bench_department():  # type: ignore[no-untyped-def]
    """The department that leads the most appeals (read from the measures' rollup): the same
    department at every size, since every size is generated with the same mix."""
    from django.db.models import Sum

    from kaopu.appeals.models import KpiCell
    from kaopu.directory.models import Department

    busiest = (KpiCell.objects.filter(district__name=DISTRICT, dimension="department").exclude(key="")
               .values("key").annotate(n=Sum("dispatched")).order_by("-n").first())
    if busiest is None:
        raise SystemExit("no appeal was dispatched: seed appeals first (kaopu seed --appeals N)")
    return Department.objects.get(pk=int(busiest["key"]))


def appeal_targets() -> dict[str, tuple[str, str]]:
    from django.db.models import Count

    from kaopu.appeals.models import Appeal

    department = bench_department()
    detail = (Appeal.objects.filter(district__name=DISTRICT, state=Appeal.State.CLOSED, id__lte=1000)
              .annotate(n=Count("events")).filter(n__gte=6).order_by("id").values_list("id", flat=True).first())
    return {
        "appeal_list": ("/appeals/all/?" + urlencode({"state": "in_progress", "department": department.pk}),
                        BENCH_USER),
        "appeal_inbox": ("/appeals/inbox/", BENCH_HANDLER),
        "appeal_detail": (f"/appeals/{detail}/", BENCH_USER),
        "appeal_kpi": ("/appeals/measures/?by=department", BENCH_USER),
        "bare": ("/bench/bare-list/", BENCH_USER),
    }


def targets() -> dict[str, tuple[str, str]]:
    """The measured pages and who looks at them, chosen so that the same rows exist at every size."""
    if SUITE == "appeals":
        return appeal_targets()
    return {name: (path, BENCH_USER) for name, path in enterprise_targets().items()}


def enterprise_targets() -> dict[str, str]:
    from kaopu.directory.models import Enterprise, Subdistrict
    from kaopu.directory.seeding import serial_code

    def by_serial(serial: int) -> Enterprise:
        return Enterprise.objects.get(credit_code=serial_code("310107", serial))

    subdistrict = Subdistrict.objects.get(district__name=DISTRICT, name="长寿路街道")
    rare_3 = by_serial(0).name[2:6]  # its trade name and the start of its industry word: a few rows
    rare_2 = next(trade for serial in range(1, 100) if not set(trade := by_serial(serial).name[2:4]) & set("上海"))
    # ^ a trade name (one in ~20,000), not one that also straddles "上海" and another trade name
    return {
        "list": "/directory/enterprises/",
        "filtered": "/directory/enterprises/?" + urlencode({"subdistrict": subdistrict.pk, "size": "small"}),
        "search3": _search(COMMON_3),
        "search3_rare": _search(rare_3),
        "search2": _search(COMMON_2),
        "search2_rare": _search(rare_2),
        "detail": f"/directory/enterprises/{by_serial(4999).pk}/",
        "bare": "/bench/bare-list/",
    }


def _search(query: str) -> str:
    return "/directory/enterprises/?" + urlencode({"q": query})


def explain() -> int:
    """EXPLAIN ANALYZE each query of each measured page; non-zero when one reads a table or counts."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from kaopu.accounts.models import User

    problems = 0
    for name, (path, username) in targets().items():
        client = Client()
        client.force_login(User.objects.get(username=username), backend="kaopu.accounts.backends.UserBackend")
        client.get(path)  # warm the per-process caches (session, reference data), as a running server has
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        print(f"=== {name}  {path}  (HTTP {response.status_code}, {len(captured)} queries)")
        for query in captured.captured_queries:
            sql = query["sql"]
            print(f"--- {sql}")
            big_tables = ("directory_enterprise", "appeals_appeal", "appeals_event")
            if not any(table in sql for table in big_tables) or not sql.lstrip().upper().startswith("SELECT"):
                continue
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                plan = "\n".join(row[0] for row in cursor.fetchall())
            print(plan)
            if re.search(r"Seq Scan on (directory_enterprise|appeals_appeal|appeals_event)\b", plan) \
                    or re.search(r"\bCOUNT\(", sql, re.IGNORECASE):
                problems += 1
                print("!!! reads the whole table or counts")
    print(f"=== {problems} problem(s)")
    return 1 if problems else 0


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _duration_ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()  # type: ignore[union-attr]
    return float(number) * _UNITS[unit]


def parse_wrk(text: str) -> dict[str, float]:
    """Requests/s, p50, p99 (ms) and the number of non-2xx/3xx responses of one wrk --latency run."""
    def find(pattern: str) -> str:
        match = re.search(pattern, text)
        return match.group(1) if match else "0"

    return {
        "rps": float(find(r"Requests/sec:\s+([\d.]+)")),
        "p50": _duration_ms(find(r"\s50%\s+([\d.]+\w+)")),
        "p99": _duration_ms(find(r"\s99%\s+([\d.]+\w+)")),
        "errors": float(find(r"Non-2xx or 3xx responses:\s+(\d+)")) + float(find(r"Socket errors:.*?(\d+)")),
    }


def medians(directory: Path) -> dict[tuple[int, str], dict[str, float]]:
    """{(size, page): median rps, p50, p99 of its runs} from files named wrk-SIZE-PAGE-RUN.txt."""
    runs: dict[tuple[int, str], list[dict[str, float]]] = {}
    for file in sorted(directory.glob("wrk-*-*-*.txt")):
        _wrk, size, page, _run = file.stem.split("-")
        if "Requests/sec" not in file.read_text():
            continue  # an interrupted run
        runs.setdefault((int(size), page), []).append(parse_wrk(file.read_text()))
    return {key: {metric: statistics.median(run[metric] for run in values) for metric in values[0]}
            | {"runs": float(len(values)), "max_errors": max(run["errors"] for run in values)}
            for key, values in runs.items()}


def report(directory: Path) -> str:
    """The Markdown tables of docs/performance.md: per page and size, then the ratios and targets."""
    results = medians(directory)
    sizes = sorted({size for size, _page in results})
    lines = [f"| page | {SUITE} | rows shown | requests/s | p50 ms | p99 ms | errors |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for page in PAGES:
        for size in sizes:
            if (size, page) in results:
                r = results[(size, page)]
                lines.append(f"| {page} | {size:,} | {_rows_shown(directory, size, page)} | {r['rps']:.0f} | "
                             f"{r['p50']:.1f} | {r['p99']:.1f} | {r['max_errors']:.0f} |")
    lines += ["", _ratio_table(results, sizes)]
    return "\n".join(lines)


def _rows_shown(directory: Path, size: int, page: str) -> str:
    """Table rows in the page that run.sh saved before measuring (a list row is a <tr> in <tbody>)."""
    html = directory / f"page-{size}-{page}.html"
    if not html.exists():
        return "?"
    text = html.read_text()
    return "—" if page in SINGLE_PAGES else str(text.count("<tr>") - 1)


def _ratio_table(results: dict[tuple[int, str], dict[str, float]], sizes: list[int]) -> str:
    small, large = sizes[0], sizes[-1]
    lines = [f"| page | time at {large:,} / at {small:,} (≤ 1.3) | p50 ratio | "
             f"throughput vs bare at {small:,} (≥ 0.7) | at {large:,} (≥ 0.7) |",
             "|---|---:|---:|---:|---:|"]
    for page in PAGES:
        if (small, page) not in results or (large, page) not in results:
            continue
        a, b = results[(small, page)], results[(large, page)]
        time_ratio = a["rps"] / b["rps"] if b["rps"] else float("inf")
        p50_ratio = b["p50"] / a["p50"] if a["p50"] else float("inf")
        cells = [f"{time_ratio:.2f} {_mark(time_ratio <= 1.3)}", f"{p50_ratio:.2f}"]
        for size in (small, large):
            bare = results.get((size, "bare"), {}).get("rps")
            if page in SINGLE_PAGES | {"bare"} or not bare:
                cells.append("—")
            else:
                share = results[(size, page)]["rps"] / bare
                cells.append(f"{share:.2f} {_mark(share >= 0.7)}")
        lines.append(f"| {page} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _mark(ok: bool) -> str:
    return "✓" if ok else "✗"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["user", "targets", "explain", "report"])
    parser.add_argument("directory", nargs="?", type=Path)
    args = parser.parse_args(argv)
    if args.command == "report":
        print(report(args.directory))
        return 0
    setup_django()
    if args.command == "user":
        create_user()
    elif args.command == "targets":
        for name, (path, username) in targets().items():
            print(f"{name}\t{path}\t{username}")
    else:
        return explain()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
