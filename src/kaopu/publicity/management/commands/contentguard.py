"""``kaopu contentguard scan FILE…``: the content guard for pages published outside Kaopu.

For operators who check what else the FIC publishes (a WeChat article's text, an exported HTML page): each
file is read as UTF-8 (with or without a byte-order mark) or, failing that, GB18030 (which also reads GBK and
GB2312); a file that looks like HTML is scanned as HTML. One JSON object per finding goes to standard output,
offsets counted in characters of the file's decoded text. Exit status: 1 when any finding is of high
severity, 0 otherwise, 2 when a file cannot be read (for cron and monitoring).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError
from django.utils.translation import gettext as _

from kaopu.publicity import guard
from kaopu.publicity.guard.lexicon import current_lexicon

_HTML = re.compile(r"<\s*(!doctype|html|head|body|div|p|span|a|script|iframe|meta|table|br|img|section)\b", re.I)


def decode(data: bytes) -> str:
    """The file's text: UTF-8 when it is valid UTF-8, else GB18030 (a superset of GBK and GB2312)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def looks_like_html(path: Path, text: str) -> bool:
    return path.suffix.lower() in (".html", ".htm", ".xhtml") or bool(_HTML.search(text[:5000]))


class Command(BaseCommand):
    help = "Scan text or HTML files for injected gambling, fraud, porn and other spam (content guard)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        scan = sub.add_parser("scan", help="scan files and print one JSON object per finding")
        scan.add_argument("files", nargs="+", metavar="FILE")

    def _lexicon(self) -> guard.Lexicon:
        """The lexicon in force; the shipped one alone where the database cannot be read (an operator's
        machine with no migrated database), with a warning: the scan still runs."""
        try:
            return current_lexicon()
        except DatabaseError as error:
            self.stderr.write(_("The lexicon terms in the database cannot be read (%(error)s): scanning with "
                                "the shipped lexicon only.") % {"error": error})
            return guard.default_lexicon()

    def handle(self, *args: Any, **options: Any) -> None:
        high = False
        lexicon = self._lexicon()
        for name in options["files"]:
            path = Path(name)
            try:
                text = decode(path.read_bytes())
            except (OSError, UnicodeDecodeError) as error:
                raise CommandError(_("Cannot read %(file)s: %(error)s") % {"file": name, "error": error},
                                   returncode=2) from error
            findings = guard.scan_html(text, lexicon) if looks_like_html(path, text) else guard.scan_text(text, lexicon)
            for finding in findings:
                self.stdout.write(json.dumps({"file": name, **finding.as_dict()}, ensure_ascii=False))
            high = high or guard.has_high(findings)
        if high:
            raise SystemExit(1)
