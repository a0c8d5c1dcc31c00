"""The roster import measured against Django's bulk_create and COPY of the same rows (docs/performance.md).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kaopu_bench_import python bench/excel_import.py [--rows N]

What it does, in one run (``--runs`` times, medians reported):

1. A fresh database (dropped and created), migrated, with the demo district and its subdistricts
   and one FIC staff user.
2. A roster of N enterprises written once to ``bench/results/roster-N.xlsx`` in the columns and the
   formats of the platform's own export (``65 软件和信息技术服务业``, dates as dates, 是/否 …), from the
   same deterministic generator as ``kaopu seed``.
3. Each run, on an empty enterprise table: ``bulk_create`` of the same rows (Enterprise objects built
   from Python values, batches of 1,000, as the issue measured it), then ``COPY`` of the same rows,
   then the import of the file as a job, then the same file again (every row unchanged). The import
   runs in a child process, as the task queue's worker does, which reports its own peak memory.

The table is emptied (TRUNCATE) between the steps, so each writes the same rows into the same empty
table with the same indexes.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/kaopu_bench_import"
USER = "bench_import"


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kaopu.settings")
    os.environ.setdefault("KAOPU_VAR_DIR", str(ROOT / "var" / "bench"))
    import django

    django.setup()


def peak_memory_mb() -> float:
    """This process's peak resident memory. Not getrusage's ru_maxrss: Linux keeps that across execve, so a
    child started by a big parent would report the parent's peak. VmHWM belongs to the address space."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- The rows ---------------------------------------------------------------------------------


def generated_rows(count: int) -> list[tuple[object, ...]]:
    """The enterprise rows of ``kaopu seed`` (COPY column order of seeding.ENTERPRISE_COLUMNS)."""
    from django.utils import timezone

    from kaopu.directory import demo, seeding

    district, subdistricts = seeding.prepare_district(demo.DISTRICT_NAME)
    rows: list[tuple[object, ...]] = []
    for chunk in seeding.generate_chunks(district_id=district.pk, subdistricts=subdistricts,
                                         admin_code=demo.DISTRICT_CODE, first_serial=0, count=count,
                                         first_enterprise_id=1, first_person_id=1, people=False,
                                         now=timezone.now()):
        rows.extend(chunk.enterprises)
    return rows


def write_roster(rows: list[tuple[object, ...]], path: Path) -> None:
    """The rows as a workbook in the export's columns and formats (write-only, streamed to disk)."""
    from openpyxl import Workbook

    from kaopu.core.spreadsheet import safe_append
    from kaopu.directory.importer import COLUMNS, SIZE_LABELS, STATUS_LABELS
    from kaopu.directory.models import IndustryDivision, Subdistrict
    from kaopu.directory.seeding import ENTERPRISE_COLUMNS

    divisions = {d.code: f"{d.code} {d.name}" for d in IndustryDivision.objects.all()}
    subdistricts = dict(Subdistrict.objects.values_list("pk", "name"))
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("企业名录")
    safe_append(sheet, [column.header for column in COLUMNS])
    yes_no = {True: "是", False: "否"}
    for values in rows:
        row = dict(zip(ENTERPRISE_COLUMNS, values, strict=True))
        safe_append(sheet, [
            row["name"], row["credit_code"], subdistricts[row["subdistrict_id"]], divisions[row["industry_id"]],
            row["legal_representative"], row["phone"], row["established_on"], row["registered_capital"],
            SIZE_LABELS[row["size"]], row["employees"], yes_no[row["is_high_tech"]],
            yes_no[row["is_specialised"]], yes_no[row["is_member"]], row["member_since"], row["address"],
            STATUS_LABELS[row["status"]]])
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)


# --- The steps --------------------------------------------------------------------------------


def truncate() -> None:
    """An empty enterprise table (CASCADE empties the tables that refer to it, users among them: the
    importing user is made again)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE directory_enterprise CASCADE")
    create_user()


def create_user() -> None:
    from kaopu.accounts.models import Organisation, User
    from kaopu.accounts.roles import OrganisationKind, Role
    from kaopu.directory import demo, seeding

    district, _subdistricts = seeding.prepare_district(demo.DISTRICT_NAME)
    fic, _created = Organisation.objects.get_or_create(kind=OrganisationKind.FIC, district=district,
                                                       defaults={"name": "普陀区工商联"})
    user = User.objects.filter(username=USER).first() or User(username=USER, name="导入压测员")
    user.role, user.organisation = Role.FIC_STAFF, fic
    user.set_unusable_password()
    user.save()


def time_bulk_create(rows: list[tuple[object, ...]]) -> float:
    from django.db import transaction

    from kaopu.directory.models import Enterprise
    from kaopu.directory.seeding import ENTERPRISE_COLUMNS

    names = ENTERPRISE_COLUMNS[1:]
    started = time.perf_counter()
    for start in range(0, len(rows), 1000):
        with transaction.atomic():
            Enterprise.objects.bulk_create([Enterprise(**dict(zip(names, values[1:], strict=True)))
                                            for values in rows[start:start + 1000]])
    return time.perf_counter() - started


def time_copy(rows: list[tuple[object, ...]]) -> float:
    from django.db import connection, transaction

    from kaopu.directory.seeding import ENTERPRISE_COLUMNS, copy_rows

    started = time.perf_counter()
    with transaction.atomic():
        connection.ensure_connection()
        with connection.connection.cursor() as cursor:
            copy_rows(cursor, "directory_enterprise", ENTERPRISE_COLUMNS[1:], [row[1:] for row in rows])
    return time.perf_counter() - started


def time_import(path: Path) -> dict[str, float]:
    """The import of ``path`` as a job, in a child process like the queue's worker; its figures."""
    output = subprocess.run([sys.executable, __file__, "child", str(path)], check=True, capture_output=True,
                            text=True, env=os.environ).stdout
    return json.loads(output.strip().splitlines()[-1])


def child(path: Path) -> None:
    """Run one import job of ``path`` and print its time, peak memory and counts as JSON."""
    from django.core.files import File

    from kaopu.accounts.models import User
    from kaopu.directory import importer
    from kaopu.directory.models import ImportJob

    user = User.objects.get(username=USER)
    with path.open("rb") as handle:  # streamed into the job's storage, never whole in memory
        job = importer.create_job(upload=File(handle, name=path.name), user=user, language="zh-hans")
    before = peak_memory_mb()
    started = time.perf_counter()
    importer.run_import(job.pk)
    seconds = time.perf_counter() - started
    job = ImportJob.objects.get(pk=job.pk)
    assert job.status == ImportJob.Status.DONE, (job.status, job.error_message)
    print(json.dumps({"seconds": seconds, "peak_mb": peak_memory_mb(), "before_mb": before,
                      "reader": "calamine" if workbook_reader_fast(path) else "openpyxl",
                      "created": job.created_count, "updated": job.updated_count,
                      "unchanged": job.unchanged_count, "errors": job.error_count,
                      "warnings": getattr(job, "warning_count", 0)}))


def workbook_reader_fast(path: Path) -> bool:
    from django.conf import settings

    from kaopu.core.workbook_reader import expanded_size

    with path.open("rb") as handle:
        return expanded_size(handle) <= settings.KAOPU_IMPORT_FAST_READ_MAX_BYTES


# --- Set-up and report ------------------------------------------------------------------------


def fresh_database(url: str) -> None:
    """Drop and create the database of ``url`` and migrate it, with the district and the user."""
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f"CREATE DATABASE \"{name}\" TEMPLATE template0 LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'")
    setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    create_user()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--steps", default="bulk_create,copy,import,reimport",
                        help="a comma-separated subset of bulk_create,copy,import,reimport")
    args = parser.parse_args()
    steps = args.steps.split(",")
    url = os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    if not url.startswith("postgres"):
        sys.exit("The benchmark runs on PostgreSQL: set DATABASE_URL to a database it may drop and create.")
    fresh_database(url)
    rows = generated_rows(args.rows)
    roster = RESULTS / f"roster-{args.rows}.xlsx"
    if not roster.exists():
        write_roster(rows, roster)
    print(f"{args.rows} rows, {roster.stat().st_size / 1e6:.1f} MB file, {args.runs} runs", flush=True)
    results: dict[str, list[float]] = {step: [] for step in steps}
    memory: dict[str, list[tuple[float, float]]] = {"import": [], "reimport": []}
    readers = set()
    for run in range(1, args.runs + 1):
        if "bulk_create" in steps:
            truncate()
            results["bulk_create"].append(time_bulk_create(rows))
        if "copy" in steps:
            truncate()
            results["copy"].append(time_copy(rows))
        truncate()
        first = time_import(roster)
        assert first["created"] == args.rows, first
        imports = [("import", first)]
        if "reimport" in steps:
            again = time_import(roster)
            assert again["unchanged"] == args.rows, again
            imports.append(("reimport", again))
        for name, figures in imports:
            if name in results:
                results[name].append(figures["seconds"])
            memory[name].append((figures["before_mb"], figures["peak_mb"]))
            readers.add(figures["reader"])
        print(f"run {run}: " + ", ".join(f"{name} {values[-1]:.1f} s" for name, values in results.items()),
              flush=True)
    bulk_rate = args.rows / statistics.median(results["bulk_create"]) if results.get("bulk_create") else None
    print(f"\nreader: {', '.join(sorted(readers))}")
    print("\n| step | median s | rows/s | × bulk_create | worker MB before → peak |\n|---|---|---|---|---|")
    for name, values in results.items():
        seconds = statistics.median(values)
        rate = args.rows / seconds
        ratio = f"{rate / bulk_rate:.2f}" if bulk_rate else "—"
        peak = ""
        if memory.get(name):
            peak = (f"{statistics.median(before for before, _peak in memory[name]):.0f} → "
                    f"{statistics.median(peak for _before, peak in memory[name]):.0f}")
        print(f"| {name} | {seconds:.1f} | {rate:,.0f} | {ratio} | {peak} |")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "child":
        setup_django()
        child(Path(sys.argv[2]))
    else:
        main()
