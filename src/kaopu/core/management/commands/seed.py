"""``kaopu seed --enterprises N`` and ``--appeals N``: bulk synthetic data for benchmarks and load tests.

Fast on PostgreSQL (COPY; a million enterprises in a few minutes on two cores), plain batches of
INSERTs on SQLite. Seeding twice adds more rows: credit codes continue after the last seeded one.

``--appeals N`` adds N appeals with their whole timelines (kaopu.appeals.seeding: the same stories
as the demo's) to a district that has enterprises, submitted over the past twelve months; with both
options the enterprises are seeded first. The measures' rollup is rebuilt afterwards.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kaopu.appeals import seeding as appeal_seeding
from kaopu.directory import seeding


class Command(BaseCommand):
    help = ("Add N synthetic enterprises (and their people with --people) and/or N appeals with their "
            "timelines to a district, fast.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--enterprises", type=int, metavar="N")
        parser.add_argument("--appeals", type=int, metavar="N",
                            help="appeals with their timelines, from the district's enterprises")
        parser.add_argument("--district", default=settings.KAOPU_DEFAULT_DISTRICT)
        parser.add_argument("--people", action="store_true",
                            help="also a legal representative per enterprise and some contacts")
        parser.add_argument("--chunk", type=int, default=None,
                            help=f"rows generated per COPY (default {seeding.CHUNK:,} enterprises, "
                                 f"{appeal_seeding.CHUNK:,} appeals)")
        parser.add_argument("--months", type=int, default=12, help="appeals are submitted over this many months")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enterprises"] is None and options["appeals"] is None:
            raise CommandError("give --enterprises N and/or --appeals N")
        for name in ("enterprises", "appeals", "chunk", "months"):
            if options[name] is not None and options[name] < 1:
                raise CommandError(f"--{name} must be a positive number")
        if options["enterprises"]:
            self._enterprises(options)
        if options["appeals"]:
            self._appeals(options)

    def _progress(self, options: dict[str, Any], count: int, chunk: int, what: str) -> Any:
        started = time.monotonic()

        def progress(done: int) -> None:
            if options["verbosity"] >= 1 and (done == count or done % (chunk * 5) < chunk):
                rate = done / max(time.monotonic() - started, 1e-6)
                self.stdout.write(f"  {done:,} / {count:,} {what} ({rate:,.0f}/s)")
        return progress

    def _enterprises(self, options: dict[str, Any]) -> None:
        count, chunk = options["enterprises"], options["chunk"] or seeding.CHUNK
        try:
            result = seeding.seed(count=count, district_name=options["district"], people=options["people"],
                                  progress=self._progress(options, count, chunk, "enterprises"), chunk=chunk)
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(
            f"Seeded {result.enterprises:,} enterprises and {result.people:,} people into "
            f"{options['district']} in {result.seconds:.1f} s ({result.rows_per_second:,.0f} rows/s)."))

    def _appeals(self, options: dict[str, Any]) -> None:
        count, chunk = options["appeals"], options["chunk"] or appeal_seeding.CHUNK
        try:
            result = appeal_seeding.seed_appeals(
                count=count, district_name=options["district"], months=options["months"], chunk=chunk,
                progress=self._progress(options, count, chunk, "appeals"))
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(
            f"Seeded {result.appeals:,} appeals with {result.events:,} timeline events into "
            f"{options['district']} in {result.seconds:.1f} s ({result.rows_per_second:,.0f} rows/s)."))
