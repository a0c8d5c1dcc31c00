"""Reference data shipped with the code: GB/T 4754-2017 industry sections and divisions.

Loaded by migration 0002, and again after every ``post_migrate`` (Django sends it after ``flush``
too, which transactional tests run), so the classification is always present and never edited.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

INDUSTRIES_CSV = Path(__file__).resolve().parent / "data" / "gbt4754_2017.csv"


def industry_rows() -> list[dict[str, str]]:
    with INDUSTRIES_CSV.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def load_industries(section_model: Any, division_model: Any, using: str = "default") -> int:
    """Create the sections and divisions that are missing; returns how many rows were created."""
    rows = industry_rows()
    sections = [section_model(code=r["code"], name=r["name"]) for r in rows if r["level"] == "section"]
    divisions = [division_model(code=r["code"], name=r["name"], section_id=r["section"])
                 for r in rows if r["level"] == "division"]
    if division_model.objects.using(using).count() == len(divisions):
        return 0
    before = section_model.objects.using(using).count() + division_model.objects.using(using).count()
    section_model.objects.using(using).bulk_create(sections, ignore_conflicts=True)
    division_model.objects.using(using).bulk_create(divisions, ignore_conflicts=True)
    after = section_model.objects.using(using).count() + division_model.objects.using(using).count()
    return after - before


def ensure_industries(sender: Any = None, using: str = "default", **kwargs: Any) -> None:
    """post_migrate receiver."""
    from kaopu.directory.models import IndustryDivision, IndustrySection

    load_industries(IndustrySection, IndustryDivision, using=using)
