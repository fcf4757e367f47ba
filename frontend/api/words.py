"""The words the page shows while the wallet asks: amounts in grams and in
credit to its last decimal (never a float, never wei), and a proposal's
description quoted."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import Connection, select

from frontend.index import models
from harvest_coop.core.units import format_credit

__all__ = ["described", "leg"]

# the front-running guard's suffix, as the page drops it (only at the end)
_PROPOSER_SUFFIX = re.compile(r"\s*#proposer=0x[0-9a-fA-F]{40}$")


def leg(conn: Connection, coop: dict[str, Any], token: str, token_id: int, amount: int) -> str:
    """One side of an offer in `coop`: produce by its batch's crop, the co-op's credit, or another token."""
    if token.lower() == str(coop["harvest"]).lower():
        b = models.batches.c
        crop = conn.execute(select(b.crop).where(b.coop == coop["name"], b.id == token_id)).scalar()
        return f"{amount:,} g of {crop if crop is not None else 'produce'} from batch {token_id}"
    if token.lower() == str(coop["credit"]).lower():
        return format_credit(amount)
    return f"{amount:,} of token {token} (id {token_id})"


def described(description: str, most: int = 80) -> str:
    """A proposal's description quoted inside a sentence, without its
    `#proposer=0x…` suffix, cut at `most` characters: a member tells the
    proposer's words from the service's."""
    text = _PROPOSER_SUFFIX.sub("", description).strip()
    if len(text) > most:
        text = text[: most - 1] + "\u2026"
    return f"\u201c{text}\u201d"
