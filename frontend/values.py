"""Checking what clients send: addresses, amounts, hashes. Each failure is
an `ApiError` with its own code, so a client can tell a checksum typo from
an amount that is too large."""

from __future__ import annotations

import re
from typing import Any

from eth_utils.address import is_checksum_address, to_checksum_address

from frontend.errors import ApiError

__all__ = ["address", "amount", "bytes32", "key", "segment", "uint"]

_ADDRESS = re.compile(r"0x[0-9a-fA-F]{40}")
_HASH = re.compile(r"0x[0-9a-fA-F]{64}")


def address(value: Any, what: str = "address") -> str:
    """A checksummed address; a mixed-case input must carry a valid EIP-55 checksum."""
    if not isinstance(value, str) or not _ADDRESS.fullmatch(value):
        raise ApiError("bad_address", f"{what} must be 0x and 40 hex digits, not {str(value)[:80]!r}")
    body = value[2:]
    if body != body.lower() and body != body.upper() and not is_checksum_address(value):
        raise ApiError("bad_checksum", f"{what} {value} has a wrong EIP-55 checksum (a typo?)")
    return to_checksum_address(value)


def uint(value: Any, what: str = "amount", bits: int = 256) -> int:
    """A non-negative integer below 2**bits, given as a JSON integer or a decimal string."""
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise ApiError("bad_amount", f"{what} must be an integer or a decimal string")
    if isinstance(value, str):
        text = value.strip()
        if not re.fullmatch(r"-?[0-9]+", text):
            raise ApiError("bad_amount", f"{what} must be a whole number, not {value[:80]!r}")
        if len(text.lstrip("-").lstrip("0")) > 78:  # 2**256 has 78 digits: too large, before int() reads it
            raise ApiError("bad_amount", f"{what} is over the largest uint{bits} (2**{bits}-1)")
        number = int(text)
    else:
        number = value
    if number < 0:
        raise ApiError("bad_amount", f"{what} cannot be negative")
    if number >= 2**bits:
        raise ApiError("bad_amount", f"{what} is over the largest uint{bits} (2**{bits}-1)")
    return number


def amount(value: Any, what: str = "amount") -> int:
    """A uint256 amount."""
    return uint(value, what, 256)


def bytes32(value: Any, what: str = "hash") -> str:
    """A 0x-hash of 32 bytes, lower-case."""
    if not isinstance(value, str) or not _HASH.fullmatch(value):
        raise ApiError("bad_hash", f"{what} must be 0x and 64 hex digits")
    return value.lower()


def key(value: str, what: str = "name") -> str:
    """Text the index is searched by (a co-op's name, a status): never with a
    NUL, which PostgreSQL's text refuses and no indexed text holds."""
    if "\x00" in value:
        raise ApiError("bad_text", f"{what} holds a NUL character, which no {what} has")
    return value


_SEGMENT_ESCAPE = re.compile("%(25|2F)")


def segment(value: str) -> str:
    """A path parameter as the client wrote it: `PathSegments` hands the
    routes each segment decoded with `%` and `/` escaped again (a co-op's
    name may hold a slash, which is not a separator when escaped)."""
    return _SEGMENT_ESCAPE.sub(lambda m: "%" if m.group(1) == "25" else "/", value)
