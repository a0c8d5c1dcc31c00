"""How the reviewers' scores of the Four-Good evaluation combine into a total and a ranking (pure arithmetic,
no database: the selectors feed it, the pages, the export and the tests read it).

The rule, shown on the ranking page in these words (RULE):

- per indicator, the mean of the reviewers' scores: mean = Σ scores ÷ number of reviewers;
- the chamber's total is the weighted sum over the indicators: total = Σ weight × mean ÷ maximum score
  (an indicator scored full marks by every reviewer contributes its whole weight; with weights summing to 100
  the total is out of 100);
- an indicator is flagged when the highest and the lowest reviewer's score differ by more than the cycle's
  allowed spread (max − min > spread; a difference equal to the spread is not flagged);
- chambers are ranked by total, highest first; equal totals share a rank and the next rank is skipped
  (1, 1, 3: "standard competition ranking"); chambers with equal totals are listed by name.

Arithmetic is Decimal throughout. Means and the per-indicator contributions are kept unrounded (28
significant digits); only the total is rounded, to two decimal places, half up (ROUND_HALF_UP), and ranks
compare the rounded totals, so that two totals shown equal share a rank. Means are shown rounded to two
places as well.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

CENT = Decimal("0.01")
RULE = _("Per indicator, the mean of the reviewers' scores (sum of the scores ÷ number of reviewers). The "
         "chamber's total = Σ weight × mean ÷ maximum score over all indicators, rounded to two decimal places "
         "(half up) at the end only. An indicator is flagged when the highest and the lowest reviewer's scores "
         "differ by more than the cycle's allowed spread. Chambers are ranked by total, highest first; equal "
         "totals share a rank and the next rank is skipped (1, 1, 3).")


def rounded(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class IndicatorSpec:
    key: int
    max_score: Decimal
    weight: Decimal


@dataclass(frozen=True)
class IndicatorResult:
    key: int
    scores: tuple[Decimal, ...]
    mean: Decimal
    contribution: Decimal  # weight × mean ÷ max, unrounded
    flagged: bool

    @property
    def spread(self) -> Decimal:
        return max(self.scores) - min(self.scores) if self.scores else Decimal(0)


@dataclass(frozen=True)
class Combined:
    indicators: tuple[IndicatorResult, ...]
    total: Decimal  # rounded to 0.01, half up

    @property
    def flagged(self) -> list[IndicatorResult]:
        return [row for row in self.indicators if row.flagged]


def combine(indicators: Sequence[IndicatorSpec], scores: Mapping[int, Sequence[Decimal]], spread: Decimal) -> Combined:
    """The combination of one application: ``scores`` maps an indicator's key to every reviewer's score of it.
    An indicator nobody scored counts 0 (cannot happen for a submitted review, which scores every indicator)."""
    rows = []
    for spec in indicators:
        given = tuple(Decimal(score) for score in scores.get(spec.key, ()))
        mean = sum(given, Decimal(0)) / len(given) if given else Decimal(0)
        contribution = spec.weight * mean / spec.max_score
        flagged = bool(given) and max(given) - min(given) > spread
        rows.append(IndicatorResult(spec.key, given, mean, contribution, flagged))
    total = rounded(sum((row.contribution for row in rows), Decimal(0)))
    return Combined(tuple(rows), total)


@dataclass(frozen=True)
class Ranked:
    rank: int
    key: int
    name: str
    total: Decimal


def rank(totals: Iterable[tuple[int, str, Decimal]]) -> list[Ranked]:
    """(key, name, total) ranked: highest total first, equal totals share a rank (1, 1, 3), ties by name."""
    ordered = sorted(totals, key=lambda row: (-row[2], row[1], row[0]))
    ranked: list[Ranked] = []
    for position, (key, name, total) in enumerate(ordered, start=1):
        shared = ranked and ranked[-1].total == total
        ranked.append(Ranked(ranked[-1].rank if shared else position, key, name, total))
    return ranked
