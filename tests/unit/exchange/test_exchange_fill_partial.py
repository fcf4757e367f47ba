"""`fill` of partially fillable offers: a filled amount per offer hash, the
taker pays its share rounded up, never more than the offer fills."""

import ape
import pytest
from exchange_helpers import DAY, GIVE_AMOUNT, HARVEST_ID, WANT_AMOUNT, escrow_of

from harvest_coop.core.offers import offer_digest


def test_fill__partial__tracks_filled(exchange, traders, make_offer, fill, chain):
    offer = make_offer(partial_fill=True)
    digest = offer_digest(offer, chain.chain_id, exchange)
    fill(offer, amount=300)
    assert exchange.filled(digest) == 300
    assert exchange.remaining(offer.as_tuple()) == GIVE_AMOUNT - 300
    fill(offer, amount=700)
    assert exchange.filled(digest) == GIVE_AMOUNT
    assert exchange.remaining(offer.as_tuple()) == 0


def test_fill__partial__pays_proportionally(traders, make_offer, fill, erc20_token, maker, taker):
    offer = make_offer(partial_fill=True)
    maker_before, taker_before = erc20_token.balanceOf(maker), erc20_token.balanceOf(taker)
    fill(offer, amount=250)
    assert erc20_token.balanceOf(maker) == maker_before + WANT_AMOUNT // 4
    assert erc20_token.balanceOf(taker) == taker_before - WANT_AMOUNT // 4


def test_fill__partial__rounds_payment_up(exchange, traders, make_offer, fill, erc20_token, maker):
    offer = make_offer(give_amount=3, want_amount=10, partial_fill=True)
    before = erc20_token.balanceOf(maker)
    receipt = fill(offer, amount=1)
    assert erc20_token.balanceOf(maker) == before + 4  # ceil(10 / 3)
    event = receipt.decode_logs(exchange.OfferFilled)[0]
    assert (event.give_amount, event.want_amount) == (1, 4)
    fill(offer, amount=2)
    assert erc20_token.balanceOf(maker) == before + 4 + 7  # ceil(20 / 3)


def test_fill__partial__whole_amount_pays_exactly(traders, make_offer, fill, erc20_token, maker):
    offer = make_offer(give_amount=3, want_amount=10, partial_fill=True)
    before = erc20_token.balanceOf(maker)
    fill(offer, amount=3)
    assert erc20_token.balanceOf(maker) == before + 10


def test_fill__partial__does_not_consume_the_nonce(exchange, traders, make_offer, fill, maker):
    offer = make_offer(partial_fill=True, nonce=42)
    fill(offer, amount=GIVE_AMOUNT)
    assert not exchange.is_nonce_used(maker, 42)


def test_fill__dust_front_run__takes_what_is_left(
    exchange, traders, make_offer, fill, founders, taker, erc20_token, erc1155_token
):
    """A 1-gram fill lands before the taker's "fill the rest": the taker's
    fill takes the 999 grams left instead of reverting."""
    front_runner = founders[3]
    offer = make_offer(partial_fill=True)
    fill(offer, amount=1, sender=front_runner)
    credit_before, harvest_before = erc20_token.balanceOf(taker), erc1155_token.balanceOf(taker, HARVEST_ID)
    receipt = fill(offer, amount=GIVE_AMOUNT, min_amount=1)
    event = receipt.decode_logs(exchange.OfferFilled)[0]
    paid = -(-WANT_AMOUNT * 999 // GIVE_AMOUNT)
    assert (event.taker, event.give_amount, event.want_amount) == (taker.address, 999, paid)
    assert erc1155_token.balanceOf(taker, HARVEST_ID) == harvest_before + 999
    assert erc20_token.balanceOf(taker) == credit_before - paid
    assert exchange.remaining(offer.as_tuple()) == 0


def test_fill__dust_front_runs_again_and_again__each_fill_takes_what_is_left(
    exchange, traders, make_offer, fill, founders, chain
):
    front_runner = founders[3]
    offer = make_offer(partial_fill=True)
    digest = offer_digest(offer, chain.chain_id, exchange)
    for taken in (300, 300):
        fill(offer, amount=1, sender=front_runner)
        receipt = fill(offer, amount=taken, min_amount=1)
        assert receipt.decode_logs(exchange.OfferFilled)[0].give_amount == taken
    fill(offer, amount=1, sender=front_runner)
    receipt = fill(offer, amount=GIVE_AMOUNT, min_amount=1)
    assert receipt.decode_logs(exchange.OfferFilled)[0].give_amount == GIVE_AMOUNT - 603
    assert exchange.filled(digest) == GIVE_AMOUNT


def test_fill__partial__asks_more_than_offered__takes_the_whole_offer(exchange, traders, make_offer, fill):
    offer = make_offer(partial_fill=True)
    receipt = fill(offer, amount=GIVE_AMOUNT + 1, min_amount=GIVE_AMOUNT)
    event = receipt.decode_logs(exchange.OfferFilled)[0]
    assert (event.give_amount, event.want_amount) == (GIVE_AMOUNT, WANT_AMOUNT)


def test_fill__partial__left_below_the_takers_minimum__reverts(
    exchange, traders, make_offer, fill, founders, chain
):
    offer = make_offer(partial_fill=True)
    fill(offer, amount=600, sender=founders[3])
    with ape.reverts("exchange: fill below the taker's minimum"):
        fill(offer, amount=GIVE_AMOUNT, min_amount=401)
    fill(offer, amount=GIVE_AMOUNT, min_amount=400)
    assert exchange.filled(offer_digest(offer, chain.chain_id, exchange)) == GIVE_AMOUNT


def test_fill__partial__nothing_left__reverts(traders, make_offer, fill, founders):
    offer = make_offer(partial_fill=True)
    fill(offer, amount=GIVE_AMOUNT, sender=founders[3])
    with ape.reverts("exchange: nothing left to fill"):
        fill(offer, amount=1, min_amount=0)


@pytest.mark.parametrize("partial", [True, False])
def test_fill__minimum_above_amount__reverts(traders, make_offer, fill, partial):
    with ape.reverts("exchange: minimum above the amount"):
        fill(make_offer(partial_fill=partial), amount=GIVE_AMOUNT, min_amount=GIVE_AMOUNT + 1)


def test_fill__all_or_nothing__minimum_changes_nothing(traders, make_offer, fill, founders):
    with ape.reverts("exchange: offer is all-or-nothing"):
        fill(make_offer(), amount=GIVE_AMOUNT - 1, min_amount=0)
    fill(make_offer(), amount=GIVE_AMOUNT, min_amount=0)


def test_fill__partial_escrow__holds_what_was_taken(exchange, traders, make_offer, fill, founders):
    offer = make_offer(partial_fill=True, delivery=1, delivery_window=DAY)
    fill(offer, amount=900, sender=founders[3])
    escrow = escrow_of(exchange, fill(offer, amount=GIVE_AMOUNT, min_amount=1))
    assert (escrow.give_amount, escrow.fill_index) == (100, 900)
    assert escrow.want_amount == WANT_AMOUNT // 10


def test_fill__partial__by_several_takers(traders, make_offer, fill, founders, erc1155_token):
    offer = make_offer(partial_fill=True)
    before = [erc1155_token.balanceOf(f, HARVEST_ID) for f in founders[1:5]]
    for taker_ in founders[1:5]:
        fill(offer, amount=250, sender=taker_)
    assert [erc1155_token.balanceOf(f, HARVEST_ID) for f in founders[1:5]] == [b + 250 for b in before]


def test_fill__partial_escrows__have_distinct_ids(exchange, traders, make_offer, fill):
    offer = make_offer(partial_fill=True, delivery=1, delivery_window=DAY)
    first = escrow_of(exchange, fill(offer, amount=100))
    second = escrow_of(exchange, fill(offer, amount=100))
    assert (first.fill_index, second.fill_index) == (0, 100)
    assert first.escrow_id != second.escrow_id
    assert exchange.escrow_status(first.escrow_id).state == 1
    assert exchange.escrow_status(second.escrow_id).state == 1
