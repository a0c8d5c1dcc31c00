"""Helpers for tests that make appeal rows directly (Appeal.objects.create / bulk_create, when a test only
reads them and the actions would be slow): the number every appeal must have."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from kaopu.appeals import numbering
from kaopu.directory.models import District


def number_fields(district: District | int, moment: datetime | None = None) -> dict[str, Any]:
    """The next number of ``district`` for a submission at ``moment`` (now): number, number_year and
    number_sequence, taken from the district's counter as submit_appeal takes them."""
    district_id = district if isinstance(district, int) else district.pk
    year = numbering.year_of(moment or timezone.now())
    sequence = numbering.take(district_id, year)
    abbreviation = District.objects.filter(pk=district_id).values_list("abbreviation", flat=True).get()
    return {"number": numbering.format_number(abbreviation, year, sequence), "number_year": year,
            "number_sequence": sequence}
