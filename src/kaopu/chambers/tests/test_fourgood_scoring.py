"""How the reviewers' scores combine: the hand-computed case of the issue's Done-when, the rounding, and the
ranking's ties (kaopu.chambers.scoring, read through the ranking page and selector)."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from kaopu.chambers import scoring
from kaopu.chambers import selectors_fourgood as selectors
from kaopu.chambers.testing import make_chamber
from kaopu.chambers.testing_fourgood import apply, score, to_reviewing
from kaopu.chambers.tests.fourgood_fixtures import cycle, reviewer  # noqa: F401

D = Decimal


def test_the_hand_computed_case_of_three_chambers_and_two_reviewers(  # type: ignore[no-untyped-def]
        world, staff, reviewer, cycle, chamber, other_chamber, chamber_officer, login):  # noqa: F811
    """Indicators (max, weight): I1 (10, 40), I2 (10, 30), I3 (5, 20), I4 (20, 10); allowed spread 2.
    total = Σ weight × mean ÷ max.

    Chamber A (the officer's) — staff: 8, 9, 4, 15; reviewer: 9, 7, 5, 16.
      means 8.5, 8, 4.5, 15.5 → 40×8.5/10 + 30×8/10 + 20×4.5/5 + 10×15.5/20 = 34 + 24 + 18 + 7.75 = 83.75.
      spreads 1, 2, 1, 1: none flagged (a spread equal to 2 is not more than 2).
    Chamber B (温州商会) — staff: 10, 6, 3, 18; reviewer: 7, 6, 4, 20.
      means 8.5, 6, 3.5, 19 → 34 + 18 + 14 + 9.5 = 75.50. spreads 3, 0, 1, 2: I1 flagged.
    Chamber C (a third) — staff: 9, 7, 4, 5; reviewer: 8, 8, 4, 7.
      means 8.5, 7.5, 4, 6 → 34 + 22.5 + 16 + 3 = 75.50. spreads 1, 1, 0, 2: none flagged.
    Ranking: A 1st; B and C tie at 75.50 and share rank 2 (no rank 3).
    """
    third = make_chamber(world.district, name="普陀区长寿路街道商会")
    a = apply(cycle, chamber, chamber_officer)
    b = apply(cycle, other_chamber, staff)
    c = apply(cycle, third, staff)
    to_reviewing(cycle, staff)
    for application, first, second in ((a, "8 9 4 15", "9 7 5 16"), (b, "10 6 3 18", "7 6 4 20"),
                                       (c, "9 7 4 5", "8 8 4 7")):
        score(application, staff, first.split())
        score(application, reviewer, second.split())

    ranking = selectors.ranking(staff, cycle)

    got = {s.application.pk: (s.rank, s.combined.total) for s in ranking.standings}
    assert got == {a.pk: (1, D("83.75")), b.pk: (2, D("75.50")), c.pk: (2, D("75.50"))}
    flagged = {s.application.pk: [r.key for r in s.combined.flagged] for s in ranking.standings}
    first_indicator = ranking.indicators[0].pk
    assert flagged == {a.pk: [], b.pk: [first_indicator], c.pk: []}
    means = [r.mean for r in ranking.standings[0].combined.indicators]
    assert means == [D("8.5"), D("8"), D("4.5"), D("15.5")]
    page = login(staff).get(reverse("fourgood:ranking", args=[cycle.pk])).content.decode()
    assert "83.75" in page and page.count("75.50") == 2 and "Σ" in page  # the rule is shown in words


def test_the_total_is_rounded_half_up_once_at_the_end() -> None:
    """One indicator (max 1, weight 1) scored 0.12 and 0.13: mean 0.125 → 0.13 half up (0.12 half even);
    three indicators of max 3, weight 10, scored 1 by both: 3 × 10/3 = 10.00 exactly, not 3 × 3.33 = 9.99."""
    one = scoring.combine([scoring.IndicatorSpec(1, D(1), D(1))], {1: [D("0.12"), D("0.13")]}, D(0))
    assert one.total == D("0.13")
    thirds = scoring.combine([scoring.IndicatorSpec(k, D(3), D(10)) for k in (1, 2, 3)],
                             {k: [D(1), D(1)] for k in (1, 2, 3)}, D(0))
    assert thirds.total == D("10.00")


@given(st.lists(st.decimals(min_value=0, max_value=100, places=2), min_size=1, max_size=12))
def test_ranks_follow_the_totals_and_equal_totals_share_a_rank(totals: list[Decimal]) -> None:
    ranked = scoring.rank((k, f"商会{k}", total) for k, total in enumerate(totals))
    for position, row in enumerate(ranked, start=1):
        assert row.rank == 1 + sum(1 for t in totals if t > row.total)  # 1, 1, 3: competition ranking
        assert position >= row.rank
    assert [r.total for r in ranked] == sorted(totals, reverse=True)


@given(st.lists(st.tuples(st.integers(1, 50), st.integers(0, 50)), min_size=1, max_size=6))
def test_full_marks_from_every_reviewer_give_the_sum_of_the_weights(pairs: list[tuple[int, int]]) -> None:
    specs = [scoring.IndicatorSpec(k, D(maximum), D(weight)) for k, (maximum, weight) in enumerate(pairs)]
    combined = scoring.combine(specs, {s.key: [s.max_score, s.max_score] for s in specs}, D(0))
    assert combined.total == scoring.rounded(sum((s.weight for s in specs), D(0)))
    assert not combined.flagged
