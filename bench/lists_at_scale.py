"""The chamber and FIC member lists at 10,000 and at 1,000,000 enterprises (docs/performance.md, "Chambers,
membership and activities (issue 16)"): every page is a keyset page with the same number of queries at both
sizes, and every query on a chambers_/membership_ table reads about one page of rows from an index.

    .venv/bin/python bench/lists_at_scale.py                  # 10,000 then 1,000,000 enterprises (~3 min)
    .venv/bin/python bench/lists_at_scale.py --sizes 2000 50000 --keep

It creates its own database (kaopu_bench_lists on 127.0.0.1:5432, user postgres; dropped at the end unless
--keep), migrates it, and fills it with SQL (generate_series, a few seconds per 100,000 rows). The data grows
from one size to the next by the same formulas on the enterprise id, so the smaller data set is the first
rows of the larger one:

- enterprises 1..N of one district; one in five is an FIC member;
- 200 chambers (kinds, subdistricts, a few dissolved); every tenth enterprise is a member of one of them, and
  the first chamber is the big one: also every tenth enterprise (the next one) up to id 250,000, one in seven
  a director (理事), a fifth of the periods ended — at 1,000,000 enterprises 125,000 periods, the big chamber
  20,500 current members; its officer is a chamber-officer user;
- the FIC's members (membership_member): the member enterprises (200,000 at 1M) in four categories, one in
  nine in arrears, one in 95 a former member, one individual member per 1,000 enterprises; one invoice each
  (2025, unpaid when in arrears); applications to join (pending and approved) from non-members.

Then, at each size, each page is requested through django.test.Client (settings kaopu.settings_bench, as
the other benchmarks) as FIC staff — and the big chamber's member list once as its officer: one warm-up,
three timed requests (the median is shown), one request whose queries are captured and run again under
EXPLAIN (ANALYZE, BUFFERS) when they touch a chambers_ or membership_ table. Printed per page: status,
queries, time, and per such query the indexes or sequential scans, the rows those scans read (returned +
removed by a filter) and the execution time. The last table compares the sizes. Exit 1 when a page does
not answer 200 or its number of queries differs between the sizes; a page whose reads grow with the size is
marked "GROWS" (a finding, not a failure: the chamber page's council, for one, reads the whole council).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from dataclasses import dataclass, field
from typing import Any

PG = "postgres://postgres@127.0.0.1:5432"
PASSWORD = "Bench@2026-kaopu"
TABLES = ("chambers_", "membership_")  # the queries explained
# The tables that grow with the enterprises, whose reads are counted (the 200 chambers and 4 categories do
# not grow: PostgreSQL may well read those whole).
GROWING = ("chambers_membership", "membership_member", "membership_invoice", "membership_application",
           "membership_memberevent")
CHAMBERS = 200
BIG_CHAMBER_UNTIL = 250_000  # the big chamber takes every tenth enterprise (id % 10 = 1) up to this id


@dataclass
class Measured:
    """One page at one size: what the table shows."""

    path: str
    status: int
    queries: int
    ms: float
    plans: list[dict[str, Any]] = field(default_factory=list)

    @property
    def rows_read(self) -> int:
        return sum(plan["rows"] for plan in self.plans)

    @property
    def indexes(self) -> str:
        names: list[str] = []
        for plan in self.plans:
            names += [name for name in plan["scans"] if name not in names]
        return ", ".join(names) or "—"

    @property
    def execution_ms(self) -> float:
        return sum(plan["ms"] for plan in self.plans)


# --- the database ------------------------------------------------------------------------------------------


def server(database: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG}/{database}", autocommit=True) as connection:
        connection.execute(sql)


def create_database(name: str) -> None:
    server("postgres", f"DROP DATABASE IF EXISTS {name}")
    server("postgres", f"CREATE DATABASE {name} TEMPLATE template0 LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'")


def drop_database(name: str) -> None:
    from django.db import connections

    connections.close_all()
    server("postgres", f"DROP DATABASE IF EXISTS {name}")


def setup_django(database: str) -> None:
    os.environ["DATABASE_URL"] = f"{PG}/{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kaopu.settings_bench")
    # The pages, not the login's second step: the middleware still runs, staff need no code (as bench/cockpit.sh).
    os.environ["KAOPU_TWO_FACTOR_REQUIRED_ROLES"] = "system_admin"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()


@dataclass
class World:
    """The rows every size shares: the district, its FIC and staff, the chambers and the big one's officer."""

    district: int
    subdistricts: list[int]
    chambers: list[int]
    categories: list[int]
    staff: Any
    officer: Any


def build_world() -> World:
    from datetime import date

    from kaopu.accounts.models import Organisation
    from kaopu.accounts.roles import OrganisationKind, Role
    from kaopu.chambers.models import Chamber
    from kaopu.core.testing import make_user
    from kaopu.directory import credit_code
    from kaopu.directory.models import District, Subdistrict
    from kaopu.membership.models import Category

    district = District.objects.create(name="普陀区")
    subdistricts = [Subdistrict.objects.create(district=district, name=f"第{i + 1}街道", sort_order=i).pk
                    for i in range(8)]
    fic = Organisation.objects.create(kind=OrganisationKind.FIC, name="普陀区工商联", district=district)
    staff = make_user("bench_staff", Role.FIC_STAFF, fic)
    kinds = [Chamber.Kind.SUBDISTRICT, Chamber.Kind.INDUSTRY, Chamber.Kind.REGIONAL, Chamber.Kind.YOUTH,
             Chamber.Kind.OTHER]
    chambers = Chamber.objects.bulk_create([
        Chamber(district=district, name=f"普陀区第{i:03d}商会", kind=kinds[i % len(kinds)],
                founded_on=date(2010, 1, 1), subdistrict_id=subdistricts[i % len(subdistricts)],
                status=Chamber.Status.DISSOLVED if i % 40 == 39 else Chamber.Status.ACTIVE,
                status_changed_on=date(2024, 1, 1) if i % 40 == 39 else None,
                credit_code=credit_code.complete(f"51310107{800_000_000 + i:09d}")) for i in range(CHAMBERS)])
    big = chambers[0]
    organisation = Organisation.objects.create(kind=OrganisationKind.CHAMBER, name=big.name, district=district)
    Chamber.objects.filter(pk=big.pk).update(organisation=organisation)
    officer = make_user("bench_officer", Role.CHAMBER_OFFICER, organisation)
    categories = [Category.objects.create(district=district, name=name, order=order).pk
                  for name, order in (("会员", 10), ("理事", 20), ("常务理事", 30), ("执委", 40))]
    return World(district.pk, subdistricts, [c.pk for c in chambers], categories, staff, officer)


def _enterprise_indexes(cursor: Any) -> list[tuple[str, str]]:
    """The enterprise table's indexes that back no constraint (rebuilt after a big insert: faster than
    maintaining two GIN and a dozen B-tree indexes row by row)."""
    cursor.execute("""
        SELECT i.indexname, i.indexdef FROM pg_indexes i
        WHERE i.tablename = 'directory_enterprise'
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = (quote_ident(i.indexname))::regclass)""")
    return list(cursor.fetchall())


def grow(world: World, first: int, last: int) -> None:
    """Add enterprises first..last and everything derived from them (the same formulas at every size)."""
    from django.db import connection, transaction

    w = {"district": world.district, "subdistricts": world.subdistricts, "chambers": world.chambers,
         "big": world.chambers[0], "staff": world.staff.pk, "first": first, "last": last, "cats": world.categories,
         "until": BIG_CHAMBER_UNTIL, "n": CHAMBERS}
    with transaction.atomic(), connection.cursor() as cursor:
        # Foreign keys checked row by row, not at the commit: an index cannot be built over pending checks.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        indexes = _enterprise_indexes(cursor)
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        cursor.execute("""
            INSERT INTO directory_enterprise (id, district_id, subdistrict_id, name, credit_code,
                legal_representative, size, is_high_tech, is_specialised, is_member, member_since, address, phone,
                status, created_at, updated_at)
            SELECT g, %(district)s, (%(subdistricts)s::bigint[])[1 + g %% 8], '上海测试' || g || '号有限公司',
                   '91310107' || lpad(g::text, 10, '0'), '', '', false, false, g %% 5 = 0,
                   CASE WHEN g %% 5 = 0 THEN date '2000-01-01' + (g %% 9000) END, '', '', 'active', now(), now()
            FROM generate_series(%(first)s, %(last)s) AS g""", w)
        for _name, definition in indexes:
            cursor.execute(definition)
        cursor.execute("SELECT setval(pg_get_serial_sequence('directory_enterprise', 'id'), %(last)s)", w)
        # Every tenth enterprise in one of the 200 chambers (500 each at 1M) ...
        cursor.execute("""
            INSERT INTO chambers_membership (chamber_id, enterprise_id, role, representative, joined_on, left_on,
                                             recorded_by_id, created_at)
            SELECT (%(chambers)s::bigint[])[1 + (g / 10) %% %(n)s], g,
                   CASE WHEN g %% 70 = 0 THEN 'director' ELSE 'member' END, '', date '2020-01-01', NULL,
                   %(staff)s, now()
            FROM generate_series(%(first)s, %(last)s) AS g WHERE g %% 10 = 0""", w)
        # ... and the big chamber: the next tenth up to 250,000, one in seven a director, a fifth ended.
        cursor.execute("""
            INSERT INTO chambers_membership (chamber_id, enterprise_id, role, representative, joined_on, left_on,
                                             recorded_by_id, created_at)
            SELECT %(big)s, g, CASE WHEN g %% 7 = 0 THEN 'director' ELSE 'member' END, '', date '2019-01-01',
                   CASE WHEN (g / 10) %% 5 = 0 THEN date '2024-06-01' END, %(staff)s, now()
            FROM generate_series(%(first)s, least(%(last)s, %(until)s)) AS g WHERE g %% 10 = 1""", w)
        # The FIC's members: the member enterprises, then one individual member per 1,000 enterprises.
        cursor.execute("""
            INSERT INTO membership_member (district_id, kind, enterprise_id, person_name, work_unit, position, phone,
                name, category_id, joined_on, joined_year, left_on, outstanding, in_arrears, reminded_at, created_at)
            SELECT %(district)s, 'enterprise', e.id, '', '', '', '', e.name,
                   (%(cats)s::bigint[])[CASE WHEN e.id %% 50 = 0 THEN 4 WHEN e.id %% 17 = 0 THEN 3
                                             WHEN e.id %% 6 = 0 THEN 2 ELSE 1 END],
                   e.member_since, extract(year FROM e.member_since)::int,
                   CASE WHEN e.id %% 95 = 0 THEN e.member_since + 365 END,
                   CASE WHEN e.id %% 9 = 0 THEN 1000 ELSE 0 END, e.id %% 9 = 0, NULL, now()
            FROM directory_enterprise e WHERE e.is_member AND e.id BETWEEN %(first)s AND %(last)s ORDER BY e.id""", w)
        cursor.execute("""
            INSERT INTO membership_member (district_id, kind, enterprise_id, person_name, work_unit, position, phone,
                name, category_id, joined_on, joined_year, left_on, outstanding, in_arrears, reminded_at, created_at)
            SELECT %(district)s, 'individual', NULL, '个人会员' || g, '某单位', '', '', '个人会员' || g,
                   (%(cats)s::bigint[])[1], date '2015-03-01', 2015, NULL, 0, false, NULL, now()
            FROM generate_series(%(first)s, %(last)s) AS g WHERE g %% 1000 = 7""", w)
        cursor.execute("""
            INSERT INTO membership_invoice (district_id, member_id, year, category_id, amount, paid, waived,
                                            waiver_reason, issued_on, issued_by_id)
            SELECT m.district_id, m.id, 2025, m.category_id, 1000, CASE WHEN m.in_arrears THEN 0 ELSE 1000 END, 0,
                   '', date '2025-01-15', %(staff)s
            FROM membership_member m WHERE m.enterprise_id BETWEEN %(first)s AND %(last)s""", w)
        cursor.execute("""
            INSERT INTO membership_application (district_id, enterprise_id, statement, applicant_id, status,
                                                decided_by_id, decided_at, reason, created_at)
            SELECT %(district)s, g, '申请入会', NULL, CASE WHEN g %% 1000 = 3 THEN 'pending' ELSE 'approved' END,
                   CASE WHEN g %% 1000 = 3 THEN NULL ELSE %(staff)s END,
                   CASE WHEN g %% 1000 = 3 THEN NULL ELSE now() END, '', now()
            FROM generate_series(%(first)s, %(last)s) AS g WHERE g %% 500 = 3""", w)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def counts() -> dict[str, int]:
    from django.db import connection

    tables = ["directory_enterprise", "chambers_membership", "membership_member", "membership_invoice",
              "membership_application"]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(f"SELECT '{t}', count(*) FROM {t}" for t in tables))
        return dict(cursor.fetchall())


# --- the pages ---------------------------------------------------------------------------------------------


def targets(world: World) -> dict[str, tuple[str, Any]]:
    """Each measured page: its path and who asks for it. Cursors are taken from the middle of each list."""
    from kaopu.chambers.models import Chamber, Membership
    from kaopu.membership.models import Member

    big = world.chambers[0]
    current = Membership.objects.filter(chamber_id=big, left_on__isnull=True).order_by("-pk")
    deep = current.values_list("pk", flat=True)[current.count() // 2]
    members = Member.objects.filter(left_on__isnull=True).order_by("-pk")
    middle = members.values_list("pk", flat=True)[members.count() // 2]
    later_chamber = Chamber.objects.order_by("name", "pk").values_list("pk", flat=True)[29]
    staff, officer = world.staff, world.officer
    return {
        "chamber list": ("/chambers/", staff),
        "chamber list, kind": ("/chambers/?kind=industry", staff),
        "chamber list, status": ("/chambers/?status=dissolved", staff),
        "chamber list, subdistrict": (f"/chambers/?subdistrict={world.subdistricts[2]}", staff),
        "chamber list, name": ("/chambers/?q=第01", staff),
        "chamber list, next page": (f"/chambers/?after={later_chamber}", staff),
        "big chamber's members": (f"/chambers/{big}/members/", staff),
        "… role director": (f"/chambers/{big}/members/?role=director", staff),
        "… half-way via the cursor": (f"/chambers/{big}/members/?after={deep}", staff),
        "… empty role (exec_vice)": (f"/chambers/{big}/members/?role=exec_vice", staff),
        "… as its officer": (f"/chambers/{big}/members/", officer),
        "a small chamber's members": (f"/chambers/{world.chambers[7]}/members/", staff),
        "big chamber's page": (f"/chambers/{big}/", staff),
        "FIC members": ("/membership/", staff),
        "… category": (f"/membership/?category={world.categories[2]}", staff),
        "… individual": ("/membership/?kind=individual", staff),
        "… joined 2010": ("/membership/?joined=2010", staff),
        "… in arrears": ("/membership/?arrears=1", staff),
        "… not in arrears": ("/membership/?arrears=0", staff),
        "… category + arrears + year": (f"/membership/?category={world.categories[1]}&arrears=1&joined=2010",
                                        staff),
        "… half-way via the cursor ": (f"/membership/?after={middle}", staff),
        "… former members": ("/membership/?current=0", staff),
        "arrears list": ("/membership/arrears/", staff),
        "applications": ("/membership/applications/", staff),
    }


def summarise(plan: dict[str, Any], tables: dict[str, str]) -> dict[str, Any]:
    """What one EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) plan does to the tables that grow with the data
    (GROWING): the indexes it walks (or "Seq Scan on …"), the rows it reads from them (index entries
    returned, plus rows removed by a filter or a recheck, times loops), the shared buffers and the execution
    time. ``tables`` maps index names to their tables (a bitmap index scan names only its index)."""
    scans: list[str] = []
    rows = 0

    def walk(node: dict[str, Any]) -> None:
        nonlocal rows
        table = node.get("Relation Name") or tables.get(node.get("Index Name", ""), "")
        loops = node.get("Actual Loops", 1)
        if table in GROWING:
            if node["Node Type"] == "Bitmap Heap Scan":
                # The rows its filter removes were counted as its bitmap index scans' entries; a lossy
                # bitmap's page reads more rows, removed again by the recheck.
                rows += node.get("Rows Removed by Index Recheck", 0) * loops
            else:
                removed = node.get("Rows Removed by Filter", 0) + node.get("Rows Removed by Index Recheck", 0)
                rows += (node.get("Actual Rows", 0) + removed) * loops
                backward = " backward" if node.get("Scan Direction") == "Backward" else ""
                scans.append(node["Index Name"] + backward if "Index Name" in node else f"Seq Scan on {table}")
        for child in node.get("Plans", []):
            walk(child)

    walk(plan["Plan"])
    top = plan["Plan"]
    return {"scans": scans, "rows": rows, "ms": plan["Execution Time"],
            "buffers": top.get("Shared Hit Blocks", 0) + top.get("Shared Read Blocks", 0)}


def explain(sql: str, tables: dict[str, str]) -> dict[str, Any]:
    import json

    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql)
        (result,) = cursor.fetchone()
    plan = (json.loads(result) if isinstance(result, str) else result)[0]
    return summarise(plan, tables)


def measure(world: World) -> dict[str, Measured]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, tablename FROM pg_indexes WHERE schemaname = 'public'")
        tables = dict(cursor.fetchall())
    clients: dict[int, Client] = {}
    results: dict[str, Measured] = {}
    for name, (path, user) in targets(world).items():
        if user.pk not in clients:
            clients[user.pk] = Client()
            clients[user.pk].force_login(user, backend="kaopu.accounts.backends.UserBackend")
        client = clients[user.pk]
        client.get(path)  # warm the caches, as a running server has them
        times = []
        for _ in range(3):
            started = time.perf_counter()
            client.get(path)
            times.append((time.perf_counter() - started) * 1000)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        plans = [{"sql": q["sql"], **explain(q["sql"], tables)} for q in captured.captured_queries
                 if any(t in q["sql"] for t in TABLES) and q["sql"].lstrip().upper().startswith("SELECT")]
        results[name] = Measured(path, response.status_code, len(captured), statistics.median(times), plans)
        print(f"  {name:30} {path:55} HTTP {response.status_code}  {len(captured):2} queries  "
              f"{statistics.median(times):6.1f} ms")
        for plan in plans:
            print(f"      {plan['rows']:>7} rows  {plan['ms']:7.2f} ms  {plan['buffers']:>5} buffers  "
                  f"{', '.join(plan['scans']) or '(no growing table)'}  ← {plan['sql'][:90]}")
    return results


# --- the report --------------------------------------------------------------------------------------------


def grows(small: Measured, large: Measured) -> bool:
    """Reads that follow the data: more than twice (and more than a page) those at the small size."""
    return large.rows_read > max(2 * small.rows_read, small.rows_read + 60)


def report(results: dict[int, dict[str, Measured]]) -> tuple[str, list[str]]:
    small, large = min(results), max(results)
    a_label, b_label = f"{small:,}", f"{large:,}"
    lines = [f"| page | queries at {a_label} / {b_label} | time ms at {a_label} / {b_label} | "
             f"rows read at {a_label} / {b_label} | SQL ms at {b_label} | index at {b_label} |",
             "|---|---:|---:|---:|---:|---|"]
    problems: list[str] = []
    for name, b in results[large].items():
        a = results[small][name]
        flag = " **GROWS**" if grows(a, b) else ""
        lines.append(f"| {name} `{b.path}` | {a.queries} / {b.queries} | {a.ms:.0f} / {b.ms:.0f} | "
                     f"{a.rows_read:,} / {b.rows_read:,}{flag} | {b.execution_ms:.2f} | {b.indexes} |")
        if a.status != 200 or b.status != 200:
            problems.append(f"{name}: HTTP {a.status} / {b.status}")
        if a.queries != b.queries:
            problems.append(f"{name}: {a.queries} queries at {a_label}, {b.queries} at {b_label}")
        if flag:
            print(f"finding: {name} reads {a.rows_read:,} rows at {a_label} and {b.rows_read:,} at {b_label}")
    return "\n".join(lines), problems


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 1_000_000],
                        help="numbers of enterprises, smallest first (default: 10000 1000000)")
    parser.add_argument("--database", default="kaopu_bench_lists", help="the throw-away database's name")
    parser.add_argument("--keep", action="store_true", help="do not drop the database at the end")
    args = parser.parse_args(argv)
    sizes = sorted(args.sizes)
    create_database(args.database)
    setup_django(args.database)
    from django.core.management import call_command

    try:
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        print(f"migrated {args.database} in {time.perf_counter() - started:.0f} s")
        world = build_world()
        results: dict[int, dict[str, Measured]] = {}
        loaded = 0
        for size in sizes:
            started = time.perf_counter()
            grow(world, loaded + 1, size)
            loaded = size
            print(f"\n=== {size:,} enterprises (filled in {time.perf_counter() - started:.0f} s): "
                  + ", ".join(f"{table} {n:,}" for table, n in counts().items()))
            results[size] = measure(world)
        if len(sizes) < 2:
            return 0
        table, problems = report(results)
        print("\n" + table)
        for problem in problems:
            print("FAILED:", problem)
        return 1 if problems else 0
    finally:
        if not args.keep:
            drop_database(args.database)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
