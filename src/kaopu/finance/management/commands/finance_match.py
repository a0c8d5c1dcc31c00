"""`kaopu finance_match`: refresh the stored matches (the products that fit) of financing demands —
the open ones of every district, or of the districts named, or every demand with --all-states."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kaopu.directory.models import District
from kaopu.finance import matching
from kaopu.finance.models import FinancingDemand


class Command(BaseCommand):
    help = "Match financing demands against the alliance's active loan products again and store the best ones."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--district", action="append", default=[], metavar="CODE",
                            help="only this district (its code); repeat for several; default all")
        parser.add_argument("--all-states", action="store_true",
                            help="also granted and withdrawn demands (default: submitted, pushed, unmet)")
        parser.add_argument("--chunk", type=int, default=1000, help="demands per transaction (1000)")

    def handle(self, *args: Any, **options: Any) -> None:
        demands = FinancingDemand.objects.all() if options["all_states"] else matching.open_demands()
        if options["district"]:
            found = dict(District.objects.filter(code__in=options["district"]).values_list("code", "pk"))
            if missing := sorted(set(options["district"]) - set(found)):
                raise CommandError(f"unknown district code(s): {', '.join(missing)}")
            demands = demands.filter(district_id__in=list(found.values()))
        if options["chunk"] < 1:
            raise CommandError("--chunk must be at least 1")
        done, seconds = matching.timed_batch(demands, chunk=options["chunk"])
        rate = done / seconds if seconds else 0
        self.stdout.write(f"matched {done} demands in {seconds:.1f} s ({rate:.0f} demands/s)")
