"""Durations, amounts and offers as people type and read them.

Amounts: a plain integer (or an exact `1.5e18`) is in base units (grams of
produce; the 18-decimal unit of credit); `5 credit` / `5credit` / `0.5 credit`
is whole credit; `1000g`, `2 kg` / `2kg` are grams of produce. A unit that
does not fit the token ("3 kg" of credit) is refused.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation

__all__ = [
    "CREDIT_DECIMALS",
    "format_credit",
    "format_grams",
    "format_time",
    "parse_amount",
    "parse_duration",
    "parse_token_amount",
]

CREDIT_DECIMALS = 18
_UNITS = {"s": 1, "m": 60, "h": 3_600, "d": 86_400, "w": 604_800}
_AMOUNT = re.compile(r"\s*([0-9][0-9_.,]*(?:e[0-9]+)?)\s*([a-z]*)\s*", re.IGNORECASE)


def parse_duration(text: str) -> int:
    """`90`, `15m`, `2h`, `3d`, `1w` -> seconds; ValueError says what to type."""
    match = re.fullmatch(r"\s*(\d+)\s*([smhdw]?)\s*", str(text))
    if not match:
        raise ValueError(f"not a duration: {text!r} (use 90, 15m, 2h, 3d, 1w)")
    return int(match.group(1)) * _UNITS[match.group(2) or "s"]


def _decimal(text: str, original: str) -> Decimal:
    try:
        value = Decimal(text.replace("_", "").replace(",", ""))
    except InvalidOperation as err:
        raise ValueError(f"not an amount: {original!r}") from err
    if not value.is_finite() or value < 0:
        raise ValueError(f"not an amount: {original!r}")
    return value


def _integer(value: Decimal, original: str) -> int:
    if value != value.to_integral_value():
        raise ValueError(f"{original!r} is not a whole number of base units")
    if value >= 2**256:
        raise ValueError(f"amount too large: {original!r}")
    return int(value)


def parse_amount(text: str) -> int:
    """An integer amount in base units; `5e18` is accepted if exact."""
    return _integer(_decimal(str(text).strip(), str(text)), str(text))


def parse_token_amount(text: str, kind: str) -> int:
    """An amount of a token of `kind` ("credit", "harvest" or "other") in base
    units, with the units that kind allows (see the module docstring)."""
    match = _AMOUNT.fullmatch(str(text))
    if not match:
        raise ValueError(f"not an amount: {text!r} (e.g. 1000g, 2kg, 5 credit, 1.5e18)")
    number, unit = match.group(1), match.group(2).lower()
    value = _decimal(number, str(text))
    if unit == "":
        amount = _integer(value, str(text))
    elif unit in ("credit", "credits", "cred") and kind == "credit":
        amount = _integer(value * 10**CREDIT_DECIMALS, str(text))
    elif unit in ("g", "gram", "grams") and kind == "harvest":
        amount = _integer(value, str(text))
    elif unit in ("kg", "kilo", "kilos") and kind == "harvest":
        amount = _integer(value * 1000, str(text))
    else:
        allowed = {"credit": "credit", "harvest": "g or kg"}.get(kind, "no unit (base units)")
        raise ValueError(f"{text!r}: unit {unit!r} does not fit this token (use {allowed})")
    if amount == 0:
        raise ValueError(f"the amount must be more than zero, not {text!r}")
    return amount


def format_credit(amount: int) -> str:
    """18-decimal credit for people, to its last decimal at any size:
    `5 credit`, `0.25 credit`, `1,234,567.5 credit`, `2.000000000000000001 credit`."""
    whole, fraction = divmod(int(amount), 10**CREDIT_DECIMALS)
    decimals = f"{fraction:0{CREDIT_DECIMALS}d}".rstrip("0")
    return f"{whole:,}.{decimals} credit" if decimals else f"{whole:,} credit"


def format_grams(grams: int) -> str:
    """`1,000 g`."""
    return f"{int(grams):,} g"


def format_time(timestamp: int) -> str:
    """A unix time as `2026-12-06 10:00 UTC`; one past the calendar (an
    offer signed to expire at 2**64-1, "until cancelled") as its number."""
    try:
        return datetime.fromtimestamp(int(timestamp), tz=UTC).strftime("%Y-%m-%d %H:%M UTC")
    except (OverflowError, OSError, ValueError):
        return f"unix time {int(timestamp):,} (after the year 9999)"
