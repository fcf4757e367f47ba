"""`cancel` (one offer: its nonce is consumed) and `cancel_all` (every offer
below a new minimum nonce, in one write)."""

import ape
from exchange_helpers import GIVE_AMOUNT

from harvest_coop.core.offers import offer_digest


def test_cancel__emits_and_blocks_the_fill(exchange, traders, make_offer, fill, maker, chain):
    offer = make_offer(nonce=12)
    receipt = exchange.cancel(offer.as_tuple(), sender=maker)
    events = receipt.decode_logs(exchange.OfferCancelled)
    assert [(e.offer_hash, e.maker, e.nonce) for e in events] == [
        (offer_digest(offer, chain.chain_id, exchange), maker.address, 12)
    ]
    assert exchange.is_nonce_used(maker, 12)
    assert exchange.remaining(offer.as_tuple()) == 0
    with ape.reverts("exchange: offer cancelled or filled"):
        fill(offer)


def test_cancel__not_the_maker__reverts(exchange, traders, make_offer, taker):
    with ape.reverts("exchange: only the maker"):
        exchange.cancel(make_offer().as_tuple(), sender=taker)


def test_cancel__twice__reverts(exchange, traders, make_offer, maker):
    offer = make_offer()
    exchange.cancel(offer.as_tuple(), sender=maker)
    with ape.reverts("exchange: offer cancelled or filled"):
        exchange.cancel(offer.as_tuple(), sender=maker)


def test_cancel__filled__reverts(exchange, traders, make_offer, fill, maker):
    offer = make_offer()
    fill(offer)
    with ape.reverts("exchange: offer cancelled or filled"):
        exchange.cancel(offer.as_tuple(), sender=maker)


def test_cancel__partly_filled_offer__keeps_the_filled_part(
    exchange, traders, make_offer, fill, maker, chain
):
    offer = make_offer(partial_fill=True)
    fill(offer, amount=400)
    exchange.cancel(offer.as_tuple(), sender=maker)
    assert exchange.filled(offer_digest(offer, chain.chain_id, exchange)) == 400
    assert exchange.remaining(offer.as_tuple()) == 0
    with ape.reverts("exchange: offer cancelled or filled"):
        fill(offer, amount=100)


def test_cancel__below_minimum_nonce__reverts(exchange, traders, make_offer, maker):
    exchange.cancel_all(10, sender=maker)
    with ape.reverts("exchange: offer cancelled"):
        exchange.cancel(make_offer(nonce=9).as_tuple(), sender=maker)


def test_cancel__cancels_every_offer_with_that_nonce(exchange, traders, make_offer, fill, maker):
    first, second = make_offer(nonce=3), make_offer(nonce=3, want_amount=1)
    exchange.cancel(first.as_tuple(), sender=maker)
    with ape.reverts("exchange: offer cancelled or filled"):
        fill(second)


def test_cancel_all__emits_and_blocks_lower_nonces(exchange, traders, make_offer, fill, maker):
    receipt = exchange.cancel_all(100, sender=maker)
    events = receipt.decode_logs(exchange.AllOffersCancelled)
    assert [(e.maker, e.min_nonce) for e in events] == [(maker.address, 100)]
    assert exchange.min_nonce(maker) == 100
    assert exchange.is_nonce_used(maker, 99)
    assert not exchange.is_nonce_used(maker, 100)
    for nonce in (0, 1, 99):
        offer = make_offer(nonce=nonce)
        assert exchange.remaining(offer.as_tuple()) == 0
        with ape.reverts("exchange: offer cancelled"):
            fill(offer)
    fill(make_offer(nonce=100))


def test_cancel_all__partial_offers_too(exchange, traders, make_offer, fill, maker):
    offer = make_offer(partial_fill=True, nonce=5)
    fill(offer, amount=1)
    exchange.cancel_all(6, sender=maker)
    with ape.reverts("exchange: offer cancelled"):
        fill(offer, amount=1)


def test_cancel_all__only_the_callers_offers(exchange, traders, make_offer, fill, sign, taker, founders):
    exchange.cancel_all(100, sender=taker)
    fill(make_offer(nonce=1))
    offer = make_offer(maker=founders[3], nonce=1)
    fill(offer, signature=sign(offer, founders[3]))


def test_cancel_all__not_increasing__reverts(exchange, traders, maker):
    exchange.cancel_all(10, sender=maker)
    for value in (10, 9, 0):
        with ape.reverts("exchange: minimum nonce must increase"):
            exchange.cancel_all(value, sender=maker)


def test_cancel_all__open_escrows_unaffected(exchange, open_escrow, maker, taker):
    escrow = open_escrow()
    exchange.cancel_all(1000, sender=maker)
    exchange.confirm(escrow.as_tuple(), sender=taker)
    exchange.withdraw(escrow.as_tuple(), maker, sender=maker)
    assert GIVE_AMOUNT == escrow.give_amount
