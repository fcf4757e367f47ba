"""How evenly something was shared: the Gini coefficient, the Lorenz curve
and the shares of the bottom and top fifths, from one list of amounts.

Pure Python on integers (grams, credit in wei), exact until the final
division, so the page, the API and the tests all read the same figures from
the same function.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

__all__ = ["Equity", "equity", "gini", "lorenz_curve", "lorenz_share"]


def _sorted(amounts: list[int]) -> list[int]:
    for amount in amounts:
        if not isinstance(amount, int) or isinstance(amount, bool) or amount < 0:
            raise ValueError(f"amounts must be non-negative integers, not {amount!r}")
    return sorted(amounts)


def gini(amounts: list[int]) -> float:
    """The Gini coefficient of `amounts`: 0 when everyone got the same, up to
    (n - 1) / n when one got everything. Half the mean absolute difference
    between every two people, over the mean; 0 for no one or nothing shared."""
    values = _sorted(amounts)
    n, total = len(values), sum(values)
    if n == 0 or total == 0:
        return 0.0
    # sum over i<j of (x_j - x_i) for sorted x, in O(n): x_i appears with
    # weight (2i - n + 1) (0-based)
    weighted = sum((2 * i - n + 1) * x for i, x in enumerate(values))
    return float(Fraction(weighted, n * total))


def lorenz_curve(amounts: list[int]) -> list[tuple[Fraction, Fraction]]:
    """The Lorenz curve: (share of people, share of the total they got), from
    the one who got least, from (0, 0) to (1, 1). With nothing shared it is the
    line of equality."""
    values = _sorted(amounts)
    n, total = len(values), sum(values)
    points = [(Fraction(0), Fraction(0))]
    running = 0
    for i, x in enumerate(values, start=1):
        running += x
        points.append((Fraction(i, n), Fraction(running, total) if total else Fraction(i, n)))
    if n == 0:
        points.append((Fraction(1), Fraction(1)))
    return points


def lorenz_share(amounts: list[int], people: Fraction) -> Fraction:
    """The share of the total that the poorest `people` (a fraction of
    everyone, 0..1) got: the Lorenz curve at that point, linear between people."""
    if not 0 <= people <= 1:
        raise ValueError("people must be a fraction between 0 and 1")
    points = lorenz_curve(amounts)
    for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
        if x0 <= people <= x1:
            return y0 + (y1 - y0) * (people - x0) / (x1 - x0)
    raise AssertionError("unreachable: the curve spans 0..1")


@dataclass(frozen=True)
class Equity:
    """The figures of one distribution, as the API and the page show them."""

    people: int
    total: int
    gini: float
    bottom_20_share: float
    top_20_share: float
    lorenz: list[tuple[float, float]]


def equity(amounts: list[int]) -> Equity:
    """Every figure of `amounts` at once."""
    fifth = Fraction(1, 5)
    return Equity(
        people=len(amounts),
        total=sum(amounts),
        gini=gini(amounts),
        bottom_20_share=float(lorenz_share(amounts, fifth)),
        top_20_share=float(1 - lorenz_share(amounts, 1 - fifth)),
        lorenz=[(float(x), float(y)) for x, y in lorenz_curve(amounts)],
    )
