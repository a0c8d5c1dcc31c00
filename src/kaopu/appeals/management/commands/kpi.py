"""`kaopu kpi rebuild`: recompute the appeal measures' rollup from the appeals (after a bulk load or
to repair it); `kaopu kpi check` says whether the kept rollup equals a recomputed one."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from kaopu.appeals import kpi
from kaopu.appeals.models import KpiCell
from kaopu.directory.models import District


def _snapshot(district_ids: list[int] | None) -> dict[tuple, tuple[int, ...]]:
    cells = KpiCell.objects.all() if district_ids is None else KpiCell.objects.filter(district_id__in=district_ids)
    return {(c.district_id, c.month, c.dimension, c.key): tuple(getattr(c, n) for n in kpi.COUNTERS)
            for c in cells.iterator() if any(getattr(c, n) for n in kpi.COUNTERS)}


class Command(BaseCommand):
    help = "Recompute (rebuild) or verify (check) the rollup behind the appeal measures page."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["rebuild", "check"])
        parser.add_argument("--district", action="append", default=[], metavar="CODE",
                            help="only this district (its code); repeat for several; default all")

    def handle(self, *args: Any, **options: Any) -> None:
        district_ids = None
        if options["district"]:
            found = dict(District.objects.filter(code__in=options["district"]).values_list("code", "pk"))
            if missing := sorted(set(options["district"]) - set(found)):
                raise CommandError(f"unknown district code(s): {', '.join(missing)}")
            district_ids = list(found.values())
        if options["action"] == "rebuild":
            written = kpi.rebuild(district_ids)
            self.stdout.write(f"rebuilt {written} rollup cells")
            return
        with transaction.atomic():
            kept = _snapshot(district_ids)
            kpi.rebuild(district_ids)
            rebuilt = _snapshot(district_ids)
            transaction.set_rollback(True)
        differing = sorted(key for key in kept.keys() | rebuilt.keys() if kept.get(key) != rebuilt.get(key))
        if differing:
            raise CommandError(f"the rollup differs from the appeals in {len(differing)} cell(s), first "
                               f"{differing[0]}; run `kaopu kpi rebuild`")
        self.stdout.write(f"the rollup agrees with the appeals ({len(kept)} cells)")
