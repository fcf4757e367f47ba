"""Offers from Ape: parse what a member types, sign an offer in their Ape
account, fill a signed offer (approving the exchange first if asked).

`ape run offer` (scripts/offer.py) is a thin click layer over this module;
the rules of the offer book are `harvest_coop.core.offer_book`.
"""

from __future__ import annotations

import re
from typing import Any

from harvest_coop.core.constants import Delivery, TokenKind
from harvest_coop.core.offer_book import OfferStore, fill_amounts, next_nonce, want_for
from harvest_coop.core.offers import Escrow, Offer, OfferDocument, offer_document, sign_offer
from harvest_coop.core.units import parse_amount

__all__ = ["approve_want", "check_document_for", "fill_document", "make_signed_offer", "parse_leg"]


def parse_leg(text: str, exchange: Any) -> tuple[str, int, int]:
    """`TOKEN[:ID]:AMOUNT` -> (token address, id, amount); ValueError says
    what is wrong."""
    parts = str(text).split(":")
    if len(parts) not in (2, 3):
        raise ValueError(f"use TOKEN[:ID]:AMOUNT, not {text!r}")
    name = parts[0].strip()
    if name.lower() == "harvest":
        token = str(exchange.HARVEST())
    elif name.lower() == "credit":
        token = str(exchange.CREDIT())
    elif re.fullmatch(r"0x[0-9a-fA-F]{40}", name):
        token = name
    else:
        raise ValueError(f"unknown token {name!r} (an address, 'harvest' or 'credit')")
    kind = int(exchange.token_kind(token))
    if kind == TokenKind.NONE:
        raise ValueError(f"{name} is not allowed on this exchange")
    if len(parts) == 3 and not parts[1].strip().isdigit():
        raise ValueError(f"the batch id must be a number, not {parts[1]!r}")
    token_id = int(parts[1]) if len(parts) == 3 else 0
    if kind == TokenKind.ERC20 and token_id != 0:
        raise ValueError(f"{name} is an ERC-20: it has no id")
    if kind == TokenKind.ERC1155 and len(parts) != 3:
        raise ValueError(f"{name} is an ERC-1155: give TOKEN:ID:AMOUNT")
    return token, token_id, parse_amount(parts[-1])


def _chain_id() -> int:
    from ape import chain

    return int(chain.chain_id)


def make_signed_offer(
    account: Any,
    exchange: Any,
    give: tuple[str, int, int],
    want: tuple[str, int, int],
    offers: OfferStore,
    delivery: int = Delivery.NONE,
    window: int = 0,
    expiry: int = 0,
    nonce: int | None = None,
    partial: bool = False,
    max_fee_bps: int = 0,
) -> dict[str, Any]:
    """Build and sign an offer of `account` (the next free nonce unless
    given); return its JSON document."""
    chain_id = _chain_id()
    maker = str(account.address)
    if nonce is None:
        nonce = next_nonce(exchange, maker, list(offers.documents(chain_id, str(exchange.address))))
    offer = Offer(
        maker=maker,
        give_token=give[0],
        give_id=give[1],
        give_amount=give[2],
        want_token=want[0],
        want_id=want[1],
        want_amount=want[2],
        delivery=delivery,
        delivery_window=window if delivery else 0,
        expiry=expiry,
        nonce=nonce,
        partial_fill=partial,
        max_fee_bps=max_fee_bps,
    )
    signature = sign_offer(account, offer, chain_id, exchange)
    return offer_document(offer, signature, chain_id, exchange)


def check_document_for(exchange: Any, doc: OfferDocument) -> None:
    """ValueError unless the offer was signed for this exchange and chain."""
    chain_id = _chain_id()
    if doc.exchange != str(exchange.address) or doc.chain_id != chain_id:
        raise ValueError(
            f"the offer is for exchange {doc.exchange} on chain {doc.chain_id}, "
            f"not {exchange.address} on chain {chain_id}"
        )


def approve_want(account: Any, exchange: Any, offer: Offer, amount: int) -> None:
    """Let the exchange take what the taker pays (ERC-20 allowance or
    ERC-1155 operator approval)."""
    from ape import Contract

    token = Contract(offer.want_token)
    if int(exchange.token_kind(offer.want_token)) == TokenKind.ERC20:
        if int(token.allowance(account, exchange)) < amount:
            token.approve(exchange, amount, sender=account)
    elif not token.isApprovedForAll(account, exchange):
        token.setApprovalForAll(exchange, True, sender=account)


def fill_document(
    account: Any,
    exchange: Any,
    doc: OfferDocument,
    amount: int | None = None,
    approve: bool = False,
    min_amount: int | None = None,
) -> tuple[Any, Escrow | None]:
    """Fill a signed offer; return the receipt and the escrow record (if a
    delivery escrow was opened). See `fill_amounts` for `amount` and
    `min_amount`; the taker's `OfferFilled` says what was taken."""
    check_document_for(exchange, doc)
    offer = doc.offer
    amount, min_amount = fill_amounts(offer, amount, min_amount)
    if approve:
        # At most what taking all of `amount` costs.
        approve_want(account, exchange, offer, want_for(offer, amount))
    receipt = exchange.fill(offer.as_tuple(), doc.signature, amount, min_amount, sender=account)
    opened = receipt.decode_logs(exchange.EscrowOpened)
    return receipt, (Escrow.from_value(opened[0].escrow) if opened else None)
