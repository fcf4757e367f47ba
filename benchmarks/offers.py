"""The offer the exchange and pool benchmarks fill: 1,000 g of a harvest
batch for 5 credit, signed by the maker's key."""

from __future__ import annotations

from eth_account.signers.local import LocalAccount

from harvest_coop.core.constants import DAY
from harvest_coop.core.offers import Offer, sign_offer

GRAMS = 1_000
PRICE = 5 * 10**18  # 5 credit


def harvest_for_credit(
    maker: LocalAccount,
    harvest: str,
    batch: int,
    credit: str,
    *,
    nonce: int,
    now: int,
    chain_id: int,
    exchange: str,
    delivery: int = 0,
) -> tuple[Offer, bytes]:
    """1,000 g of `batch` for 5 credit, open for a day; a delivery offer
    gets a day's delivery window. Returns the offer and its signature."""
    offer = Offer(
        maker=maker.address,
        give_token=harvest,
        give_id=batch,
        give_amount=GRAMS,
        want_token=credit,
        want_id=0,
        want_amount=PRICE,
        delivery=delivery,
        delivery_window=DAY if delivery else 0,
        expiry=now + DAY,
        nonce=nonce,
        partial_fill=False,
    )
    return offer, sign_offer(maker, offer, chain_id, exchange)
