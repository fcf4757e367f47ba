"""`fill` of partially fillable offers: a filled amount per offer hash, the
taker pays its share rounded up, never more than the offer fills."""

import ape
from exchange_helpers import DAY, GIVE_AMOUNT, HARVEST_ID, WANT_AMOUNT, escrow_of

from harvest_coop.exchange import offer_digest


def test_fill__partial__tracks_filled(exchange, traders, make_offer, fill, chain):
    offer = make_offer(partial_fill=True)
    digest = offer_digest(offer, chain.chain_id, exchange)
    fill(offer, amount=300)
    assert exchange.filled(digest) == 300
    assert exchange.remaining(offer.as_tuple()) == GIVE_AMOUNT - 300
    fill(offer, amount=700)
    assert exchange.filled(digest) == GIVE_AMOUNT
    assert exchange.remaining(offer.as_tuple()) == 0


def test_fill__partial__pays_proportionally(traders, make_offer, fill, credit, maker, taker):
    offer = make_offer(partial_fill=True)
    maker_before, taker_before = credit.balanceOf(maker), credit.balanceOf(taker)
    fill(offer, amount=250)
    assert credit.balanceOf(maker) == maker_before + WANT_AMOUNT // 4
    assert credit.balanceOf(taker) == taker_before - WANT_AMOUNT // 4


def test_fill__partial__rounds_payment_up(exchange, traders, make_offer, fill, credit, maker):
    offer = make_offer(give_amount=3, want_amount=10, partial_fill=True)
    before = credit.balanceOf(maker)
    receipt = fill(offer, amount=1)
    assert credit.balanceOf(maker) == before + 4  # ceil(10 / 3)
    event = receipt.decode_logs(exchange.OfferFilled)[0]
    assert (event.give_amount, event.want_amount) == (1, 4)
    fill(offer, amount=2)
    assert credit.balanceOf(maker) == before + 4 + 7  # ceil(20 / 3)


def test_fill__partial__whole_amount_pays_exactly(traders, make_offer, fill, credit, maker):
    offer = make_offer(give_amount=3, want_amount=10, partial_fill=True)
    before = credit.balanceOf(maker)
    fill(offer, amount=3)
    assert credit.balanceOf(maker) == before + 10


def test_fill__partial__does_not_consume_the_nonce(exchange, traders, make_offer, fill, maker):
    offer = make_offer(partial_fill=True, nonce=42)
    fill(offer, amount=GIVE_AMOUNT)
    assert not exchange.is_nonce_used(maker, 42)


def test_fill__partial__beyond_what_is_left__reverts(traders, make_offer, fill, founders):
    offer = make_offer(partial_fill=True)
    fill(offer, amount=600)
    with ape.reverts("exchange: fill exceeds what is left"):
        fill(offer, amount=401, sender=founders[3])
    fill(offer, amount=400, sender=founders[3])
    with ape.reverts("exchange: fill exceeds what is left"):
        fill(offer, amount=1)


def test_fill__partial__more_than_offered__reverts(traders, make_offer, fill):
    with ape.reverts("exchange: fill exceeds what is left"):
        fill(make_offer(partial_fill=True), amount=GIVE_AMOUNT + 1)


def test_fill__partial__by_several_takers(traders, make_offer, fill, founders, harvest):
    offer = make_offer(partial_fill=True)
    before = [harvest.balanceOf(f, HARVEST_ID) for f in founders[1:5]]
    for taker_ in founders[1:5]:
        fill(offer, amount=250, sender=taker_)
    assert [harvest.balanceOf(f, HARVEST_ID) for f in founders[1:5]] == [b + 250 for b in before]


def test_fill__partial_escrows__have_distinct_ids(exchange, traders, make_offer, fill):
    offer = make_offer(partial_fill=True, delivery=1, delivery_window=DAY)
    first = escrow_of(exchange, fill(offer, amount=100))
    second = escrow_of(exchange, fill(offer, amount=100))
    assert (first.fill_index, second.fill_index) == (0, 100)
    assert first.escrow_id != second.escrow_id
    assert exchange.escrow_status(first.escrow_id).state == 1
    assert exchange.escrow_status(second.escrow_id).state == 1
