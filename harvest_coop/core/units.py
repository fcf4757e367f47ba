"""Durations and amounts as people type them on a command line."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

__all__ = ["parse_amount", "parse_duration"]

_UNITS = {"s": 1, "m": 60, "h": 3_600, "d": 86_400, "w": 604_800}


def parse_duration(text: str) -> int:
    """`90`, `15m`, `2h`, `3d`, `1w` -> seconds; ValueError says what to type."""
    match = re.fullmatch(r"\s*(\d+)\s*([smhdw]?)\s*", str(text))
    if not match:
        raise ValueError(f"not a duration: {text!r} (use 90, 15m, 2h, 3d, 1w)")
    return int(match.group(1)) * _UNITS[match.group(2) or "s"]


def parse_amount(text: str) -> int:
    """An integer amount in base units; `5e18` is accepted if exact."""
    try:
        value = Decimal(str(text).strip())
    except InvalidOperation as err:
        raise ValueError(f"not an amount: {text!r}") from err
    if not value.is_finite() or value != value.to_integral_value() or value < 0:
        raise ValueError(f"amount must be a non-negative integer: {text!r}")
    if value >= 2**256:
        raise ValueError(f"amount too large: {text!r}")
    return int(value)
