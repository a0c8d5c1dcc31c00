"""Compile every .po catalogue of Kaopu into its .mo, in pure Python (no GNU gettext needed).

`make messages` runs it after makemessages; the compiled .mo files are committed, so a fresh
machine needs neither gettext nor this step. A test checks that every .mo matches its .po.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def catalogues() -> list[Path]:
    return sorted(ROOT.glob("**/locale/*/LC_MESSAGES/django.po"))


def main() -> int:
    for po_path in catalogues():
        catalogue = polib.pofile(str(po_path))
        catalogue.save_as_mofile(str(po_path.with_suffix(".mo")))
        print(f"compiled {po_path.relative_to(ROOT)}: {catalogue.percent_translated()}% translated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
