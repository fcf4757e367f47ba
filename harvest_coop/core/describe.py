"""Offers and amounts in words, as a member reads them before signing and in
`ape run offer list`: "give 1,000 g of tomatoes from batch 1 for 5 credit,
delivery by the maker within 2 days, expires 2026-12-06 10:00 UTC"."""

from __future__ import annotations

from collections.abc import Callable

from harvest_coop.core.constants import Delivery
from harvest_coop.core.offers import Offer
from harvest_coop.core.units import format_credit, format_grams, format_time

__all__ = ["describe_amount", "describe_offer", "duration_words"]

# (token address) -> "harvest" | "credit" | "other"
KindOf = Callable[[str], str]
# (batch id) -> crop name, or None if unknown
CropOf = Callable[[int], str | None]


def duration_words(seconds: int) -> str:
    """`2 days`, `3 hours`, `90 seconds`."""
    for unit, size in (("week", 604_800), ("day", 86_400), ("hour", 3_600), ("minute", 60)):
        if seconds >= size and seconds % size == 0:
            n = seconds // size
            return f"{n} {unit}{'' if n == 1 else 's'}"
    return f"{seconds} seconds"


def describe_amount(token: str, token_id: int, amount: int, kind_of: KindOf, crop_of: CropOf) -> str:
    """`1,000 g of tomatoes from batch 1`, `5 credit`, `7 units of token 0x…#3`."""
    kind = kind_of(token)
    if kind == "harvest":
        crop = crop_of(token_id)
        return f"{format_grams(amount)} of {crop or 'produce'} from batch {token_id}"
    if kind == "credit":
        return format_credit(amount)
    suffix = f"#{token_id}" if token_id else ""
    return f"{amount:,} units of token {token}{suffix}"


def describe_offer(offer: Offer, kind_of: KindOf, crop_of: CropOf) -> str:
    """The whole offer in one sentence: what is given for what, delivery,
    expiry, partial fills and the most fee the maker accepts."""
    give = describe_amount(offer.give_token, offer.give_id, offer.give_amount, kind_of, crop_of)
    want = describe_amount(offer.want_token, offer.want_id, offer.want_amount, kind_of, crop_of)
    parts = [f"give {give} for {want}"]
    delivery = Delivery(offer.delivery)
    if delivery:
        who = {
            Delivery.GIVE: "delivery by the maker",
            Delivery.WANT: "delivery by the taker",
        }.get(delivery, "delivery by both")
        parts.append(f"{who} within {duration_words(offer.delivery_window)}")
    else:
        parts.append("swapped at once")
    parts.append(f"expires {format_time(offer.expiry)}")
    if offer.partial_fill:
        parts.append("part fills allowed")
    parts.append(f"exchange fee at most {offer.max_fee_bps / 100:g} %")
    return ", ".join(parts)
