"""Appeal numbers (诉求编号): PT-2026-000302, what every side reads, quotes on the phone and searches for.

A number is the district's abbreviation (District.abbreviation, "PT" for 普陀区), the year of submission
in Asia/Shanghai (a submission at 16:00 UTC on 31 December is made on 1 January in Shanghai and is numbered
in the new year), and the appeal's place among the district's appeals of that year, from 000001, in six
digits (a seventh appears after 999999). The numbers of a district and year are consecutive: the sequence
is taken from a counter row (NumberCounter) that the submission locks and increments in its own
transaction, so two submissions at once get two consecutive numbers, and a submission that fails gives its
number back with its rollback. The database keeps them unique (Appeal's constraints).

The lock is held until the submission commits: submissions of one district queue for a moment on it,
which is nothing at a district's pace (a few hundred a day); the counter row is per district and year, so
districts never wait for each other.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from itertools import groupby
from typing import Any

from django.db.models import F

from kaopu.core import workdays

WIDTH = 6  # digits of the sequence: 000302
MAX_SEQUENCE_DIGITS = 9  # the search reads at most this many digits as a sequence (a PositiveIntegerField)
# A whole number as people type it: "PT-2026-000302", "pt 2026 302", "PT2026000302".
_WHOLE = re.compile(r"^(?P<prefix>[A-Z][A-Z0-9]{0,7}?)[\s\-_/]*(?P<year>(?:19|20|21)\d{2})[\s\-_/]*(?P<seq>\d{1,9})$")
_YEAR_AND_SEQUENCE = re.compile(r"^(?P<year>(?:19|20|21)\d{2})[\s\-_/]+(?P<seq>\d{1,9})$")


def format_number(abbreviation: str, year: int, sequence: int) -> str:
    return f"{abbreviation}-{year}-{sequence:0{WIDTH}d}"


def year_of(moment: datetime) -> int:
    """The year of a submission made at ``moment``: the Asia/Shanghai date's."""
    return workdays.to_local_date(moment).year


def take(district_id: int, year: int, count: int = 1) -> int:
    """The first of ``count`` consecutive sequence numbers of ``district_id`` in ``year``, reserved. Call it
    inside the transaction that writes the appeals: the counter row stays locked (the UPDATE's row lock,
    as select_for_update would take it) until that transaction ends, and its rollback gives the numbers back.
    Two queries; three for the first appeal of a district's year (its counter row is made)."""
    from kaopu.appeals.models import NumberCounter

    counter = NumberCounter.objects.filter(district_id=district_id, year=year)
    if not counter.update(last=F("last") + count):
        # The year's first appeal: make the row (another submission may make it at the same moment; the
        # conflict is ignored and both then queue on the row's lock).
        NumberCounter.objects.bulk_create([NumberCounter(district_id=district_id, year=year, last=0)],
                                          ignore_conflicts=True)
        counter.update(last=F("last") + count)
    return counter.values_list("last", flat=True).get() - count + 1


def assign(appeal: Any, abbreviation: str, moment: datetime) -> None:
    """Give ``appeal`` (not saved yet) its number for a submission at ``moment`` (see take)."""
    appeal.number_year = year_of(moment)
    appeal.number_sequence = take(appeal.district_id, appeal.number_year)
    appeal.number = format_number(abbreviation, appeal.number_year, appeal.number_sequence)


# --- Numbering appeals written in bulk, and those that existed before numbers -----------------------


@dataclass
class Numbered:
    """What numbering gives one appeal: its year, sequence and number."""

    year: int
    sequence: int
    number: str


def number_rows(rows: Iterable[tuple[int, int, datetime]], abbreviations: dict[int, str]) -> dict[int, Numbered]:
    """Numbers for appeals written in bulk (the seeder, the demo): ``rows`` are (id, district id, created_at);
    in each district and year they are numbered in the order of their ids, after the numbers already given
    (the counters are advanced: call it in the transaction that writes them)."""
    ordered = sorted(((district, year_of(created), pk) for pk, district, created in rows))
    numbers: dict[int, Numbered] = {}
    for (district, year), group in groupby(ordered, key=lambda row: row[:2]):
        ids = [pk for _district, _year, pk in group]
        first = take(district, year, len(ids))
        for offset, pk in enumerate(ids):
            numbers[pk] = Numbered(year, first + offset,
                                   format_number(abbreviations[district], year, first + offset))
    return numbers


def number_existing(appeal_model: Any, district_model: Any, counter_model: Any, batch: int = 2000) -> int:
    """Number every appeal by district, year of submission (Asia/Shanghai) and id, from 1, and set the
    counters to the last number of each district and year. Used by migration 0013 (with its historical
    models) on appeals that had no number; it renumbers whatever numbers they had. Returns how many."""
    abbreviations = dict(district_model.objects.values_list("pk", "abbreviation"))
    rows = appeal_model.objects.order_by("district_id", "id").values_list("id", "district_id", "created_at")
    keyed = sorted((district, year_of(created), pk) for pk, district, created in rows.iterator(chunk_size=batch))
    last: dict[tuple[int, int], int] = {}
    pending: list[Any] = []
    for district, year, pk in keyed:
        sequence = last[district, year] = last.get((district, year), 0) + 1
        pending.append(appeal_model(pk=pk, number_year=year, number_sequence=sequence,
                                    number=format_number(abbreviations[district], year, sequence)))
        if len(pending) >= batch:
            appeal_model.objects.bulk_update(pending, ["number", "number_year", "number_sequence"])
            pending = []
    appeal_model.objects.bulk_update(pending, ["number", "number_year", "number_sequence"])
    counter_model.objects.all().delete()
    counter_model.objects.bulk_create([counter_model(district_id=district, year=year, last=sequence)
                                       for (district, year), sequence in last.items()])
    return len(keyed)


# --- Finding an appeal by its number ------------------------------------------------------------------


@dataclass(frozen=True)
class NumberQuery:
    """What a search text says about a number: the whole number, a year and sequence, or a sequence alone
    (the last digits people read out: "302" or "000302")."""

    number: str = ""
    year: int | None = None
    sequence: int | None = None


def parse(text: str) -> NumberQuery | None:
    """The number a search text names, or None when it names none (then it is a title search)."""
    text = unicodedata.normalize("NFKC", text or "").strip().upper()
    if not text:
        return None
    whole = _WHOLE.match(text)
    if whole:
        year, sequence = int(whole["year"]), int(whole["seq"])
        return NumberQuery(number=format_number(whole["prefix"], year, sequence), year=year, sequence=sequence)
    pair = _YEAR_AND_SEQUENCE.match(text)
    if pair:
        return NumberQuery(year=int(pair["year"]), sequence=int(pair["seq"]))
    if text.isdigit() and len(text) <= MAX_SEQUENCE_DIGITS and int(text) > 0:
        return NumberQuery(sequence=int(text))
    return None
