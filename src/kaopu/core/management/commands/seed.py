"""``kaopu seed --enterprises N``: bulk synthetic enterprises for benchmarks and load tests.

Fast on PostgreSQL (COPY; a million enterprises in a few minutes on two cores), plain batches of
INSERTs on SQLite. Seeding twice adds more rows: credit codes continue after the last seeded one.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kaopu.directory import seeding


class Command(BaseCommand):
    help = "Add N synthetic enterprises (and their people with --people) to a district, fast."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--enterprises", type=int, required=True, metavar="N")
        parser.add_argument("--district", default=settings.KAOPU_DEFAULT_DISTRICT)
        parser.add_argument("--people", action="store_true",
                            help="also a legal representative per enterprise and some contacts")
        parser.add_argument("--chunk", type=int, default=seeding.CHUNK, help="rows generated per COPY")

    def handle(self, *args: Any, **options: Any) -> None:
        count = options["enterprises"]
        if count < 1:
            raise CommandError("--enterprises must be a positive number of enterprises")
        if options["chunk"] < 1:
            raise CommandError("--chunk must be a positive number of rows")
        started = time.monotonic()

        def progress(done: int) -> None:
            if options["verbosity"] >= 1 and (done == count or done % (options["chunk"] * 5) == 0):
                rate = done / max(time.monotonic() - started, 1e-6)
                self.stdout.write(f"  {done:,} / {count:,} enterprises ({rate:,.0f}/s)")

        try:
            result = seeding.seed(count=count, district_name=options["district"], people=options["people"],
                                  progress=progress, chunk=options["chunk"])
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(
            f"Seeded {result.enterprises:,} enterprises and {result.people:,} people into "
            f"{options['district']} in {result.seconds:.1f} s ({result.rows_per_second:,.0f} rows/s)."))
