"""The offer book's rules: where signed offers are kept, which nonce a maker
signs next, what state an offer is in and how much a fill takes.

Chain reads go through `ExchangeReads`, which an Ape contract object and the
web3 layer's `ExchangeView` both satisfy, so `ape run offer` and the web
service apply the same rules.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from harvest_coop.core.offers import Offer, OfferDocument, parse_offer_document

__all__ = [
    "ExchangeReads",
    "OfferStore",
    "fill_amounts",
    "next_nonce",
    "offer_status",
    "want_for",
]


class ExchangeReads(Protocol):
    """The NutrientExchange views the offer book reads."""

    def min_nonce(self, maker: str) -> int: ...

    def is_nonce_used(self, maker: str, nonce: int) -> bool: ...

    def filled(self, offer_hash: bytes) -> int: ...

    def fee_bps(self) -> int: ...


@dataclass(frozen=True)
class OfferStore:
    """Signed offers as JSON documents in `<root>/offers/<offer hash>.json`,
    escrow records in `<root>/escrows/<escrow id>.json`."""

    root: Path

    @property
    def offers_dir(self) -> Path:
        return self.root / "offers"

    @property
    def escrows_dir(self) -> Path:
        return self.root / "escrows"

    def save_offer(self, document: dict[str, Any]) -> Path:
        """Store a signed-offer document under its hash."""
        return _save_json(self.offers_dir, str(document["offer_hash"]), document)

    def save_escrow(self, escrow_id: bytes, record: dict[str, Any]) -> Path:
        """Store an escrow record under its id."""
        return _save_json(self.escrows_dir, "0x" + escrow_id.hex(), record)

    def documents(self, chain_id: int | None = None, exchange: str | None = None) -> Iterator[OfferDocument]:
        """Every readable stored offer (of one chain and exchange if given);
        files that are not offer documents are skipped."""
        for path in sorted(self.offers_dir.glob("*.json")):
            try:
                doc = parse_offer_document(path.read_text())
            except (ValueError, KeyError, TypeError):
                continue
            if chain_id is not None and doc.chain_id != chain_id:
                continue
            if exchange is not None and doc.exchange.lower() != str(exchange).lower():
                continue
            yield doc


def _save_json(directory: Path, name: str, document: dict[str, Any]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{name}.json"
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(document, indent=2) + "\n")
    tmp.replace(path)
    return path


def next_nonce(exchange: ExchangeReads, maker: str, signed: list[OfferDocument], search: int = 256) -> int:
    """The nonce a maker signs next: at least the chain's minimum, above
    every nonce of `signed` (the maker's stored offers on this exchange),
    and not consumed on chain."""
    nonce = int(exchange.min_nonce(maker))
    for doc in signed:
        if doc.offer.maker.lower() == maker.lower():
            nonce = max(nonce, doc.offer.nonce + 1)
    for _ in range(search):
        if not exchange.is_nonce_used(maker, nonce):
            return nonce
        nonce += 1
    raise RuntimeError(f"no free nonce within {search} of {nonce - search}; cancel all offers first")


def offer_status(exchange: ExchangeReads, doc: OfferDocument, now: int) -> str:
    """open / open (N of M left) / filled / cancelled / filled or cancelled /
    expired; an open offer whose signed maximum fee is below the exchange's
    current fee is "blocked: fee above the signed maximum"."""
    offer = doc.offer
    filled = int(exchange.filled(doc.offer_hash)) if offer.partial_fill else 0
    if offer.partial_fill and filled >= offer.give_amount:
        return "filled"
    if exchange.is_nonce_used(offer.maker, offer.nonce):
        if offer.partial_fill:
            return f"cancelled ({filled} filled)" if filled else "cancelled"
        return "filled or cancelled"
    if now > offer.expiry:
        return "expired"
    if int(exchange.fee_bps()) > offer.max_fee_bps:
        return "blocked: fee above the signed maximum"
    if filled:
        return f"open ({offer.give_amount - filled} of {offer.give_amount} left)"
    return "open"


def fill_amounts(offer: Offer, amount: int | None, min_amount: int | None) -> tuple[int, int]:
    """`fill`'s `amount` and `min_amount`. No amount: all of an all-or-nothing
    offer, or "the rest" of a partially fillable one (whatever is left when
    the fill lands, at least `min_amount`, by default 1). An amount: by
    default exactly that much or nothing."""
    if amount is None:
        amount = offer.give_amount
        default_min = 1 if offer.partial_fill else amount
    else:
        default_min = amount
    return amount, default_min if min_amount is None else min_amount


def want_for(offer: Offer, amount: int) -> int:
    """What taking `amount` of what the offer gives costs the taker (the
    exchange rounds a partial fill's price up)."""
    if amount >= offer.give_amount:
        return offer.want_amount
    return -(-offer.want_amount * amount // offer.give_amount)
