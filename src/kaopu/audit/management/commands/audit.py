from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kaopu.audit.log import verify


class Command(BaseCommand):
    help = "Audit log tools. `kaopu audit verify` checks the hash chain and exits 1 if it is broken."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("operation", choices=["verify"])

    def handle(self, *args: Any, **options: Any) -> None:
        result = verify()
        if not result.ok:
            for problem in result.problems:
                self.stderr.write(problem)
            raise CommandError(f"audit log verification FAILED: {len(result.problems)} problem(s) "
                               f"in {result.checked} entries")
        self.stdout.write(f"audit log OK: {result.checked} entries, chain intact")
