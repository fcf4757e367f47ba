"""The Gini coefficient, Lorenz curve and fifth shares of harvest_coop.core.equity,
against their definitions (every pair, every prefix) and their known cases."""

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from harvest_coop.core.equity import equity, gini, lorenz_curve, lorenz_share

amounts = st.lists(st.integers(min_value=0, max_value=10**24), max_size=40)


def gini_by_definition(values: list[int]) -> Fraction:
    """Half the relative mean absolute difference, over every ordered pair."""
    n, total = len(values), sum(values)
    if n == 0 or total == 0:
        return Fraction(0)
    pairs = sum(abs(a - b) for a in values for b in values)
    return Fraction(pairs, 2 * n * total)


@settings(max_examples=300)
@given(amounts)
def test_gini__equals_the_pairwise_definition(values):
    assert gini(values) == pytest.approx(float(gini_by_definition(values)), abs=1e-12)


@settings(max_examples=200)
@given(amounts, st.integers(min_value=1, max_value=1000), st.randoms())
def test_gini__ignores_order_and_scale_and_stays_in_bounds(values, scale, rnd):
    shuffled = list(values)
    rnd.shuffle(shuffled)
    g = gini(values)
    assert gini(shuffled) == pytest.approx(g, abs=1e-12)
    assert gini([v * scale for v in values]) == pytest.approx(g, abs=1e-12)
    n = len(values)
    assert 0 <= g <= (n - 1) / n + 1e-12 if n else g == 0


def test_gini__known_cases():
    assert gini([]) == 0 and gini([0, 0, 0]) == 0
    assert gini([500, 500, 500, 500]) == 0
    assert gini([0, 0, 0, 1000]) == pytest.approx(0.75)  # one of four got everything
    assert gini([1, 2, 3, 4]) == pytest.approx(0.25)


@pytest.mark.parametrize("bad", [[-1], [1.5], [True], ["3"]])
def test_gini__refuses_what_is_not_an_amount(bad):
    with pytest.raises(ValueError, match="non-negative integers"):
        gini(bad)


@settings(max_examples=200)
@given(amounts)
def test_lorenz_curve__from_0_to_1_rising_and_bowed_below_equality(values):
    points = lorenz_curve(values)
    assert points[0] == (0, 0) and points[-1] == (1, 1)
    for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
        assert x1 > x0 and y1 >= y0
    for x, y in points:
        assert y <= x  # the poorest k people never hold more than k/n
    slopes = [(y1 - y0) / (x1 - x0) for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False)]
    assert slopes == sorted(slopes)  # convex: each next person got at least as much


@settings(max_examples=200)
@given(amounts.filter(lambda v: sum(v) > 0))
def test_fifth_shares__bottom_at_most_a_fifth_top_at_least_a_fifth(values):
    e = equity(values)
    assert 0 <= e.bottom_20_share <= 0.2 + 1e-12
    assert 0.2 - 1e-12 <= e.top_20_share <= 1
    assert e.people == len(values) and e.total == sum(values)
    assert e.gini == gini(values)


def test_fifth_shares__known_cases():
    ten = [10] * 8 + [30, 30]  # 10 people, the top two got 60 of 140
    assert lorenz_share(ten, Fraction(1, 5)) == Fraction(20, 140)
    e = equity(ten)
    assert e.top_20_share == pytest.approx(60 / 140) and e.bottom_20_share == pytest.approx(20 / 140)
    equal = equity([7, 7, 7])
    assert (
        equal.gini == 0
        and equal.bottom_20_share == pytest.approx(0.2)
        and equal.top_20_share == pytest.approx(0.2)
    )
    with pytest.raises(ValueError, match="between 0 and 1"):
        lorenz_share(ten, Fraction(3, 2))
