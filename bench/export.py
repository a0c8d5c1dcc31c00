"""The enterprise export as a background job against PostgreSQL's COPY … TO of the same columns.

    bench/export.sh                          # the whole measurement (creates and seeds the database if needed)
    python bench/export.py all               # COPY, the request, then the job in a fresh process
    python bench/export.py copy | request | job   # one part (what "all" runs)

Run with DJANGO_SETTINGS_MODULE=kaopu.settings_bench and DATABASE_URL naming a database seeded with
`kaopu seed --enterprises N` (bench/export.sh does both). The benchmark user of bench/bench.py
(bench_staff, FIC staff of the seeded district) asks for the export of every enterprise of the district:

* **copy**: ``COPY (SELECT <the export's 16 columns> FROM the enterprises of the district, joined to
  their subdistrict and industry, newest first) TO STDOUT``, read to the end by psycopg: the least any
  export of these rows can cost (the limit);
* **request**: what the export button's POST does (``actions.request_export`` with the task only
  queued): its time and queries, which must not grow with the rows;
* **job**: ``actions.run_export`` of that job in a fresh process, as the task consumer runs it: wall
  and CPU time, rows/s, peak RSS (``ru_maxrss``) and the peak of the temporary disk it used (the job's
  folder under MEDIA_ROOT/exports/partial/ plus the finished file, sampled every 0.2 s), and the size
  of the file.

Prints one line of JSON per part and, for "all", a Markdown table for docs/performance.md.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

BENCH_USER = "bench_staff"
KEY = "directory.enterprises"


def setup() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    import django

    django.setup()


def _user() -> Any:
    from kaopu.accounts.models import User

    return User.objects.select_related("organisation").get(username=BENCH_USER)


# The export's columns, as directory.exporter writes them (COLUMNS of the importer), in SQL.
COPY_SQL = """
COPY (
  SELECT e.name, e.credit_code, s.name, e.industry_id || ' ' || d.name, e.legal_representative, e.phone,
         e.established_on, e.registered_capital, e.size, e.employees,
         CASE WHEN e.is_high_tech THEN '是' ELSE '否' END, CASE WHEN e.is_specialised THEN '是' ELSE '否' END,
         CASE WHEN e.is_member THEN '是' ELSE '否' END, e.member_since, e.address, e.status
  FROM directory_enterprise e
  LEFT JOIN directory_subdistrict s ON s.id = e.subdistrict_id
  LEFT JOIN directory_industrydivision d ON d.code = e.industry_id
  WHERE e.district_id = %s
  ORDER BY e.id DESC
) TO STDOUT
"""


def measure_copy() -> dict[str, Any]:
    from django.db import connection

    user = _user()
    with connection.cursor() as cursor:
        started = time.perf_counter()
        size = rows = 0
        with cursor.cursor.copy(COPY_SQL.replace("%s", str(int(user.district_id)))) as copy:
            for block in copy:
                size += len(block)
                rows += bytes(block).count(b"\n")
        seconds = time.perf_counter() - started
    return {"part": "copy", "rows": rows, "seconds": round(seconds, 2), "bytes": size,
            "rows_per_second": round(rows / seconds)}


def measure_request() -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kaopu.exports import actions
    from kaopu.exports.testing import queue_only

    user = _user()
    with queue_only(), CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        job = actions.request_export(user, KEY, {})
        seconds = time.perf_counter() - started
    return {"part": "request", "job": job.pk, "milliseconds": round(seconds * 1000, 1), "queries": len(queries)}


class DiskWatch(threading.Thread):
    """The largest total size of the files below ``folders`` seen while it runs (every 0.2 s)."""

    def __init__(self, *folders: Path) -> None:
        super().__init__(daemon=True)
        self.folders, self.peak, self.stopped = folders, 0, threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(0.2):
            self.peak = max(self.peak, sum(self._size(folder) for folder in self.folders))

    @staticmethod
    def _size(folder: Path) -> int:
        total = 0
        for root, _dirs, files in os.walk(folder):
            for name in files:
                with contextlib.suppress(FileNotFoundError):
                    total += os.stat(os.path.join(root, name)).st_size
        return total


def measure_job(job_id: int) -> dict[str, Any]:
    from django.core.files.storage import default_storage

    from kaopu.exports import actions
    from kaopu.exports.models import ExportJob

    before = resource.getrusage(resource.RUSAGE_SELF)
    rss_before = before.ru_maxrss
    partial = Path(default_storage.path(actions.PARTIAL_DIR)) / str(job_id)
    watch = DiskWatch(partial)
    watch.start()
    started = time.perf_counter()
    actions.run_export(job_id)
    seconds = time.perf_counter() - started
    watch.stopped.set()
    watch.join()
    after = resource.getrusage(resource.RUSAGE_SELF)
    job = ExportJob.objects.get(pk=job_id)
    assert job.status == ExportJob.Status.DONE, job.error_message
    return {"part": "job", "job": job_id, "rows": job.rows_done, "seconds": round(seconds, 1),
            "cpu_seconds": round(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, 1),
            "rows_per_second": round(job.rows_done / seconds), "peak_rss_mb": round(after.ru_maxrss / 1024),
            "rss_before_mb": round(rss_before / 1024),
            "peak_temporary_disk_mb": round(max(watch.peak, job.size) / 1e6), "file_mb": round(job.size / 1e6, 1)}


def run_part(*args: str) -> dict[str, Any]:
    """One part in a fresh process (so that the job's peak RSS is its own)."""
    output = subprocess.run([sys.executable, __file__, *args], check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "all"
    if command == "all":
        copy = run_part("copy")
        print(json.dumps(copy))
        request = run_part("request")
        print(json.dumps(request))
        job = run_part("job", str(request["job"]))
        print(json.dumps(job))
        print(report(copy, request, job))
        return 0
    setup()
    if command == "copy":
        result = measure_copy()
    elif command == "request":
        result = measure_request()
    elif command == "job":
        result = measure_job(int(argv[1]))
    else:
        print(__doc__)
        return 2
    print(json.dumps(result))
    return 0


def report(copy: dict[str, Any], request: dict[str, Any], job: dict[str, Any]) -> str:
    return "\n".join([
        f"| {job['rows']:,} enterprises | time | rows/s | peak RSS | peak temporary disk |",
        "|---|---:|---:|---:|---:|",
        f"| `COPY (SELECT …) TO STDOUT` (the limit) | {copy['seconds']} s | {copy['rows_per_second']:,} | — | — |",
        f"| export job (`run_export`) | {job['seconds']} s (CPU {job['cpu_seconds']} s) | {job['rows_per_second']:,} "
        f"| {job['peak_rss_mb']} MB | {job['peak_temporary_disk_mb']} MB (file {job['file_mb']} MB) |",
        f"| the export button's request | {request['milliseconds']} ms, {request['queries']} queries | — | — | — |",
        "",
        f"Ratio: the job takes {job['seconds'] / copy['seconds']:.0f}× the time of COPY "
        f"({job['rows_per_second'] / copy['rows_per_second']:.1%} of its rows/s).",
    ])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
