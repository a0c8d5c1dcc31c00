from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kaopu.audit import checkpoints
from kaopu.audit.log import verify


class Command(BaseCommand):
    help = ("Audit log tools. `kaopu audit verify` checks the hash chain, the entries' HMACs and the newest "
            "signed checkpoint, and exits 1 if anything was changed or deleted; `kaopu audit checkpoint` "
            "writes a signed checkpoint now (the task queue writes one every few minutes).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("operation", choices=["verify", "checkpoint"])
        parser.add_argument("--checkpoints", metavar="FILE", default=None,
                            help="verify against this checkpoint file (e.g. the copy rsyslog kept on the log "
                                 "server) instead of KAOPU_AUDIT_CHECKPOINT_FILE")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["operation"] == "checkpoint":
            self._checkpoint()
        else:
            self._verify(options["checkpoints"])

    def _checkpoint(self) -> None:
        try:
            checkpoint = checkpoints.write()
        except checkpoints.CheckpointError as error:
            raise CommandError(f"no checkpoint written: {error}") from error
        self.stdout.write(f"checkpoint written: entry {checkpoint.sequence}, {checkpoint.count} entries, "
                          f"at {checkpoint.at}")

    def _verify(self, checkpoint_file: str | None) -> None:
        result = verify(checkpoint_file=checkpoint_file)
        for note in result.notes:
            self.stderr.write(f"note: {note}")
        if not result.ok:
            for problem in result.problems:
                self.stderr.write(problem)
            raise CommandError(f"audit log verification FAILED: {len(result.problems)} problem(s) "
                               f"in {result.checked} entries")
        against = (f"; matches {result.checkpoint.describe()}, entry {result.checkpoint.sequence}"
                   if result.checkpoint is not None else "")
        self.stdout.write(f"audit log OK: {result.checked} entries, chain intact, every HMAC valid{against}")
