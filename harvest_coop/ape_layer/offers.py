"""Offers from Ape: parse what a member types, check it against the chain
before anything is signed or sent, sign an offer in the member's Ape
account, fill a signed offer (approving the exchange first if asked).

Every refusal is a `ValueError` with one sentence that says what to do
instead; `ape run offer` (scripts/offer.py) prints it as one line. The rules
of the offer book are `harvest_coop.core.offer_book`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from harvest_coop.core.constants import MAX_UINT256, Delivery, TokenKind
from harvest_coop.core.describe import describe_amount, describe_offer
from harvest_coop.core.offer_book import OfferStore, fill_amounts, next_nonce, offer_status, want_for
from harvest_coop.core.offers import Escrow, Offer, OfferDocument, offer_document, sign_offer
from harvest_coop.core.units import format_time, parse_token_amount

__all__ = [
    "Market",
    "approve_for",
    "check_document_for",
    "check_fill",
    "check_offer",
    "fill_document",
    "make_signed_offer",
    "parse_leg",
]


@dataclass
class Market:
    """An exchange with the co-op's tokens and member register, as Ape
    contract objects (built from the project's contract types, so they work
    against any node, not only Ape's test chain)."""

    exchange: Any
    harvest: Any
    credit: Any
    membership: Any

    @classmethod
    def of(cls, project: Any, exchange: Any) -> Market:
        harvest = project.HarvestToken.at(exchange.HARVEST())
        return cls(
            exchange=exchange,
            harvest=harvest,
            credit=project.CoopCredit.at(exchange.CREDIT()),
            membership=project.Membership.at(exchange.MEMBERSHIP()),
        )

    def kind_of(self, token: str) -> str:
        """ "harvest", "credit" or "other"."""
        if token.lower() == str(self.harvest.address).lower():
            return "harvest"
        if token.lower() == str(self.credit.address).lower():
            return "credit"
        return "other"

    def crop_of(self, batch: int) -> str | None:
        crop = str(self.harvest.batch(batch).crop)
        return crop or None

    def describe(self, offer: Offer) -> str:
        return describe_offer(offer, self.kind_of, self.crop_of)

    def amount(self, token: str, token_id: int, amount: int) -> str:
        return describe_amount(token, token_id, amount, self.kind_of, self.crop_of)

    def who(self, account: str) -> str:
        """`0xabc… (member #3)` or `0xabc… (not a member)`."""
        member_id = int(self.membership.member_id(account))
        if self.membership.is_member(account):
            return f"{account} (member #{member_id})"
        if self.membership.is_network_member(account):
            return f"{account} (member of a federated co-op)"
        return f"{account} (not a member)"


def parse_leg(text: str, market: Market) -> tuple[str, int, int]:
    """`TOKEN[:ID]:AMOUNT` -> (token address, id, amount in base units).

    TOKEN is `harvest`, `credit` or an allowed token's address; ID the batch
    (for an ERC-1155); AMOUNT a number of base units or one with a unit
    (`1000g`, `2kg`, `5 credit`)."""
    parts = str(text).split(":")
    if len(parts) not in (2, 3):
        raise ValueError(f"use TOKEN[:ID]:AMOUNT, not {text!r} (e.g. harvest:7:1000g, credit:5credit)")
    name = parts[0].strip()
    exchange = market.exchange
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
    if kind == TokenKind.ERC20 and len(parts) == 3:
        raise ValueError(f"{name} is an ERC-20: it has no id (use {name}:AMOUNT)")
    if kind == TokenKind.ERC1155 and len(parts) != 3:
        raise ValueError(f"{name} is an ERC-1155: give TOKEN:ID:AMOUNT (the batch id)")
    return token, token_id, parse_token_amount(parts[-1], market.kind_of(token))


def _now() -> int:
    from ape import chain

    return int(chain.pending_timestamp)


def _chain_id() -> int:
    from ape import chain

    return int(chain.chain_id)


def _check_holds(market: Market, holder: str, token: str, token_id: int, amount: int, who: str) -> None:
    """ValueError unless `holder` holds `amount` of a fresh, unfrozen batch
    (or of credit)."""
    kind = market.kind_of(token)
    if kind == "harvest":
        batch = market.harvest.batch(token_id)
        if int(batch.grams) == 0:
            raise ValueError(f"batch {token_id} does not exist")
        if batch.frozen:
            raise ValueError(f"batch {token_id} ({batch.crop}) is frozen by governance: it cannot be traded")
        if int(batch.best_before) < _now():
            raise ValueError(
                f"batch {token_id} ({batch.crop}) was best before {format_time(batch.best_before)}: "
                "it can only be composted now"
            )
        held = int(market.harvest.balanceOf(holder, token_id))
    elif kind == "credit":
        held = int(market.credit.balanceOf(holder))
    else:
        return
    if held < amount:
        raise ValueError(
            f"{who} hold{'s' if who != 'you' else ''} {market.amount(token, token_id, held)}, "
            f"not {market.amount(token, token_id, amount)}"
        )


def _approved(market: Market, owner: str, token: str, amount: int) -> bool:
    if market.kind_of(token) == "harvest":
        return bool(market.harvest.isApprovedForAll(owner, market.exchange))
    if market.kind_of(token) == "credit":
        return int(market.credit.allowance(owner, market.exchange)) >= amount
    return True


def approve_for(account: Any, market: Market, token: str, amount: int) -> bool:
    """Let the exchange take `amount` of `token` from `account` (ERC-20
    allowance or ERC-1155 operator approval); True if a transaction was sent."""
    if _approved(market, str(account.address), token, amount):
        return False
    if market.kind_of(token) == "harvest":
        market.harvest.setApprovalForAll(market.exchange, True, sender=account)
    elif market.kind_of(token) == "credit":
        market.credit.approve(market.exchange, MAX_UINT256, sender=account)
    return True


def check_offer(market: Market, maker: str, give: tuple[str, int, int], expiry: int, approve: bool) -> None:
    """What can be checked before signing: the maker is a member of this or
    a federated co-op, holds a fresh batch (or the credit) it gives, has let
    the exchange take it (or asked for `--approve`), and the expiry is ahead."""
    if not market.membership.is_network_member(maker):
        raise ValueError(
            f"{maker} is not a member of this co-op (nor of a federated one): only members make offers"
        )
    if expiry <= _now():
        raise ValueError("the offer would already be expired: give a later --expires-in")
    token, token_id, amount = give
    _check_holds(market, maker, token, token_id, amount, "you")
    if not approve and not _approved(market, maker, token, amount):
        raise ValueError(
            "the exchange may not take what you give yet: add --approve (one transaction) "
            "or approve the exchange in your wallet"
        )


def make_signed_offer(
    account: Any,
    market: Market,
    give: tuple[str, int, int],
    want: tuple[str, int, int],
    offers: OfferStore,
    delivery: int = Delivery.NONE,
    window: int = 0,
    expiry: int = 0,
    nonce: int | None = None,
    partial: bool = False,
    max_fee_bps: int = 0,
    confirm: Any = None,
) -> dict[str, Any]:
    """Build and sign an offer of `account` (the next free nonce unless
    given); return its JSON document. `confirm(text)` is asked with the
    offer in words before the signature (it raises to stop)."""
    chain_id = _chain_id()
    exchange = market.exchange
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
    if confirm is not None:
        confirm(market.describe(offer))
    signature = sign_offer(account, offer, chain_id, exchange)
    return offer_document(offer, signature, chain_id, exchange)


def check_document_for(exchange: Any, doc: OfferDocument) -> None:
    """ValueError unless the offer was signed for this exchange and chain."""
    chain_id = _chain_id()
    if doc.exchange.lower() != str(exchange.address).lower() or doc.chain_id != chain_id:
        raise ValueError(
            f"the offer is for exchange {doc.exchange} on chain {doc.chain_id}, "
            f"not {exchange.address} on chain {chain_id}"
        )


def check_fill(market: Market, taker: str, doc: OfferDocument, amount: int, approve: bool) -> None:
    """What can be checked before a fill: the offer is still open, taker and
    maker are members, the maker still holds what it gives and lets the
    exchange take it, the taker holds what it pays (and approved it, or asked
    for `--approve`)."""
    check_document_for(market.exchange, doc)
    offer = doc.offer
    status = offer_status(market.exchange, doc, _now())
    if status == "expired":
        raise ValueError(f"the offer expired at {format_time(offer.expiry)}")
    if status.startswith("filled") or status.startswith("cancelled"):
        raise ValueError(f"the offer is no longer open: {status}")
    if status.startswith("blocked"):
        raise ValueError("the exchange's fee is now above what the maker signed: the offer cannot be filled")
    if offer.maker.lower() == taker.lower():
        raise ValueError("you made this offer: a maker cannot take its own offer")
    if not market.membership.is_network_member(taker):
        raise ValueError(
            f"{taker} is not a member of this co-op (nor of a federated one): only members trade"
        )
    if not market.membership.is_network_member(offer.maker):
        raise ValueError(f"the maker {offer.maker} is no longer a member: the offer cannot be filled")
    _check_holds(market, offer.maker, offer.give_token, offer.give_id, amount, "the maker")
    if not _approved(market, offer.maker, offer.give_token, amount):
        raise ValueError(
            "the maker no longer lets the exchange take what it gives: the offer cannot be filled"
        )
    pay = want_for(offer, amount)
    _check_holds(market, taker, offer.want_token, offer.want_id, pay, "you")
    if not approve and not _approved(market, taker, offer.want_token, pay):
        raise ValueError("the exchange may not take what you pay yet: add --approve (one transaction)")


def fill_document(
    account: Any,
    market: Market,
    doc: OfferDocument,
    amount: int | None = None,
    approve: bool = False,
    min_amount: int | None = None,
) -> tuple[Any, Escrow | None]:
    """Check, then fill a signed offer; return the receipt and the escrow
    record (if a delivery escrow was opened). See `fill_amounts` for
    `amount` and `min_amount`; the taker's `OfferFilled` says what was taken."""
    offer = doc.offer
    amount, min_amount = fill_amounts(offer, amount, min_amount)
    exchange = market.exchange
    if offer.partial_fill:
        left = int(exchange.remaining(offer.as_tuple()))
        take = min(amount, left)
    else:
        take = amount
    check_fill(market, str(account.address), doc, take, approve)
    if approve:
        # At most what taking all of `amount` costs.
        approve_for(account, market, offer.want_token, want_for(offer, amount))
    receipt = exchange.fill(offer.as_tuple(), doc.signature, amount, min_amount, sender=account)
    opened = receipt.decode_logs(exchange.EscrowOpened)
    return receipt, (Escrow.from_value(opened[0].escrow) if opened else None)
