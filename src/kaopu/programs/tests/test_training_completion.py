"""The completion rule against hand-computed cases at the boundary, and as a property."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kaopu.programs.selectors_training import meets_rule


@pytest.mark.parametrize(("attended", "held", "threshold", "passes"), [
    (8, 10, 80, True),    # exactly 80 %
    (7, 10, 80, False),   # 70 %
    (4, 5, 80, True),     # 80 %
    (3, 5, 80, False),    # 60 %
    (10, 10, 100, True),
    (9, 10, 100, False),
    (2, 3, Decimal("66.67"), False),  # 66.666… % is below 66.67 %
    (2, 3, Decimal("66.66"), True),
    (1, 1, 80, True),
    (0, 0, 80, False),    # no session held: nobody graduates
    (0, 10, 1, False),
])
def test_hand_computed_cases(attended, held, threshold, passes):
    assert meets_rule(attended, held, threshold) is passes


@given(held=st.integers(1, 200), attended=st.integers(0, 200),
       threshold=st.decimals(min_value=1, max_value=100, places=2))
def test_the_rule_is_attended_over_held_against_the_threshold(held, attended, threshold):
    attended = min(attended, held)
    assert meets_rule(attended, held, threshold) is (Decimal(attended) / Decimal(held) * 100 >= threshold
                                                     if attended * 100 != threshold * held else True)
    # Monotonic: one more session attended never loses the certificate.
    if attended < held and meets_rule(attended, held, threshold):
        assert meets_rule(attended + 1, held, threshold)
