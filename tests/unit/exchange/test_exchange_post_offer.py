"""`post_offer`: a maker whose wallet cannot sign typed data publishes the
offer on-chain; takers fill it with an empty signature."""

import ape
from exchange_helpers import GIVE_AMOUNT, HARVEST_ID

from harvest_coop.core.offers import Offer, offer_digest


def test_post_offer__then_fill_without_signature(
    exchange, traders, make_offer, fill, maker, taker, erc1155_token, chain
):
    offer = make_offer()
    receipt = exchange.post_offer(offer.as_tuple(), sender=maker)
    digest = offer_digest(offer, chain.chain_id, exchange)
    events = receipt.decode_logs(exchange.OfferPosted)
    assert len(events) == 1
    assert (events[0].offer_hash, events[0].maker) == (digest, maker.address)
    assert Offer(*events[0].offer) == offer
    assert exchange.posted(digest)
    before = erc1155_token.balanceOf(taker, HARVEST_ID)
    fill(offer, signature=b"")
    assert erc1155_token.balanceOf(taker, HARVEST_ID) == before + GIVE_AMOUNT


def test_post_offer__signature_still_accepted(exchange, traders, make_offer, fill, maker):
    offer = make_offer()
    exchange.post_offer(offer.as_tuple(), sender=maker)
    fill(offer)


def test_post_offer__not_the_maker__reverts(exchange, traders, make_offer, taker):
    with ape.reverts("exchange: only the maker"):
        exchange.post_offer(make_offer().as_tuple(), sender=taker)


def test_post_offer__twice__reverts(exchange, traders, make_offer, maker):
    offer = make_offer()
    exchange.post_offer(offer.as_tuple(), sender=maker)
    with ape.reverts("exchange: offer already posted"):
        exchange.post_offer(offer.as_tuple(), sender=maker)


def test_post_offer__outsider__reverts(exchange, make_offer, outsider):
    with ape.reverts("exchange: not a network member"):
        exchange.post_offer(make_offer(maker=outsider).as_tuple(), sender=outsider)


def test_post_offer__expired__reverts(exchange, traders, make_offer, maker, chain):
    offer = make_offer(expiry=chain.pending_timestamp - 1)
    with ape.reverts("exchange: offer expired"):
        exchange.post_offer(offer.as_tuple(), sender=maker)


def test_post_offer__used_nonce__reverts(exchange, traders, make_offer, fill, maker):
    fill(make_offer(nonce=9))
    with ape.reverts("exchange: offer cancelled or filled"):
        exchange.post_offer(make_offer(nonce=9, want_amount=1).as_tuple(), sender=maker)


def test_post_offer__paused__reverts(exchange, traders, make_offer, maker, timelock_stand_in):
    exchange.set_paused(True, sender=timelock_stand_in)
    with ape.reverts("exchange: paused"):
        exchange.post_offer(make_offer().as_tuple(), sender=maker)


def test_post_offer__token_not_allowed__reverts(exchange, traders, make_offer, maker, project, deployer):
    other = project.TokenERC1155.deploy(sender=deployer)
    with ape.reverts("exchange: token not allowed"):
        exchange.post_offer(make_offer(give_token=other).as_tuple(), sender=maker)


def test_post_offer__cancelled_posted_offer__does_not_fill(exchange, traders, make_offer, fill, maker):
    offer = make_offer()
    exchange.post_offer(offer.as_tuple(), sender=maker)
    exchange.cancel(offer.as_tuple(), sender=maker)
    with ape.reverts("exchange: offer cancelled or filled"):
        fill(offer, signature=b"")
