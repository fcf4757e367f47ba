"""`fill` of immediate swaps (delivery 0): both legs move maker<->taker in the
fill; and every refusal of a fill."""

import ape
import pytest
from exchange_helpers import DAY, GIVE_AMOUNT, HARVEST_ID, WANT_AMOUNT, ZERO_ADDRESS

from harvest_coop.core.offers import offer_digest, sign_offer


def test_fill__swap__moves_both_legs(
    exchange, traders, make_offer, fill, maker, taker, erc20_token, erc1155_token
):
    before = (
        erc20_token.balanceOf(maker),
        erc20_token.balanceOf(taker),
        erc1155_token.balanceOf(maker, HARVEST_ID),
        erc1155_token.balanceOf(taker, HARVEST_ID),
    )
    fill(make_offer())
    assert erc20_token.balanceOf(maker) == before[0] + WANT_AMOUNT
    assert erc20_token.balanceOf(taker) == before[1] - WANT_AMOUNT
    assert erc1155_token.balanceOf(maker, HARVEST_ID) == before[2] - GIVE_AMOUNT
    assert erc1155_token.balanceOf(taker, HARVEST_ID) == before[3] + GIVE_AMOUNT
    assert erc20_token.balanceOf(exchange) == 0
    assert erc1155_token.balanceOf(exchange, HARVEST_ID) == 0


def test_fill__swap__emits_offer_filled(exchange, traders, make_offer, fill, maker, taker, chain):
    offer = make_offer()
    receipt = fill(offer)
    events = receipt.decode_logs(exchange.OfferFilled)
    assert len(events) == 1
    event = events[0]
    assert event.offer_hash == offer_digest(offer, chain.chain_id, exchange)
    assert (event.maker, event.taker) == (maker.address, taker.address)
    assert (event.give_amount, event.want_amount) == (GIVE_AMOUNT, WANT_AMOUNT)
    assert receipt.decode_logs(exchange.EscrowOpened) == []
    assert receipt.decode_logs(exchange.FeePaid) == []


def test_fill__swap__consumes_the_nonce(exchange, traders, make_offer, fill, maker):
    offer = make_offer(nonce=300)
    assert exchange.remaining(offer.as_tuple()) == GIVE_AMOUNT
    fill(offer)
    assert exchange.is_nonce_used(maker, 300)
    assert not exchange.is_nonce_used(maker, 301)
    assert exchange.remaining(offer.as_tuple()) == 0
    assert exchange.filled(offer_digest(offer, exchange.provider.chain_id, exchange)) == 0


def test_fill__twice__reverts(traders, make_offer, fill, founders):
    offer = make_offer()
    fill(offer)
    with ape.reverts("exchange: offer cancelled or filled"):
        fill(offer, sender=founders[3])


def test_fill__other_offer_same_nonce__reverts(traders, make_offer, fill):
    fill(make_offer(nonce=5))
    with ape.reverts("exchange: offer cancelled or filled"):
        fill(make_offer(nonce=5, want_amount=1))


def test_fill__credit_for_harvest(
    exchange, traders, make_offer, fill, maker, taker, erc20_token, erc1155_token
):
    offer = make_offer(
        give_token=erc20_token,
        give_id=0,
        give_amount=WANT_AMOUNT,
        want_token=erc1155_token,
        want_id=HARVEST_ID,
        want_amount=GIVE_AMOUNT,
    )
    maker_credit = erc20_token.balanceOf(maker)
    taker_harvest = erc1155_token.balanceOf(taker, HARVEST_ID)
    fill(offer)
    assert erc20_token.balanceOf(maker) == maker_credit - WANT_AMOUNT
    assert erc1155_token.balanceOf(taker, HARVEST_ID) == taker_harvest - GIVE_AMOUNT


def test_fill__harvest_for_harvest(traders, make_offer, fill, maker, taker, erc1155_token, deployer):
    erc1155_token._mint_for_testing(taker, 8, 50, sender=deployer)
    offer = make_offer(want_token=erc1155_token, want_id=8, want_amount=50)
    fill(offer)
    assert erc1155_token.balanceOf(maker, 8) == 50
    assert erc1155_token.balanceOf(taker, 8) == 0


def test_fill__credit_for_credit(traders, make_offer, fill, erc20_token, maker):
    before = erc20_token.balanceOf(maker)
    fill(make_offer(give_token=erc20_token, give_id=0, give_amount=10, want_amount=11))
    assert erc20_token.balanceOf(maker) == before + 1


def test_fill__federated_taker(traders, make_offer, fill, federated_member, erc1155_token):
    before = erc1155_token.balanceOf(federated_member, HARVEST_ID)
    fill(make_offer(), sender=federated_member)
    assert erc1155_token.balanceOf(federated_member, HARVEST_ID) == before + GIVE_AMOUNT


def test_fill__federated_maker(traders, make_offer, fill, sign, federated_member):
    offer = make_offer(maker=federated_member)
    fill(offer, signature=sign(offer, federated_member))


def test_fill__outsider_taker__reverts(
    traders, make_offer, fill, outsider, erc20_token, erc1155_token, deployer, exchange
):
    erc20_token._mint_for_testing(outsider, WANT_AMOUNT, sender=deployer)
    erc20_token.approve(exchange, WANT_AMOUNT, sender=outsider)
    with ape.reverts("exchange: not a network member"):
        fill(make_offer(), sender=outsider)


def test_fill__maker_left_the_coop__reverts(
    traders, make_offer, fill, sign, exchange_membership, maker, deployer
):
    offer = make_offer()
    signature = sign(offer)
    exchange_membership.set_member(maker, False, sender=deployer)
    with ape.reverts("exchange: not a network member"):
        fill(offer, signature=signature)


def test_fill__expired_offer__reverts(traders, make_offer, fill, chain):
    offer = make_offer()
    chain.pending_timestamp = offer.expiry + 1
    with ape.reverts("exchange: offer expired"):
        fill(offer)


def test_fill__at_expiry(traders, make_offer, fill, chain):
    offer = make_offer()
    chain.pending_timestamp = offer.expiry
    fill(offer)


def test_fill__own_offer__reverts(traders, make_offer, fill, maker):
    with ape.reverts("exchange: maker cannot take own offer"):
        fill(make_offer(), sender=maker)


def test_fill__zero_amount__reverts(traders, make_offer, fill):
    with ape.reverts("exchange: zero amount"):
        fill(make_offer(partial_fill=True), amount=0)


@pytest.mark.parametrize("amount", [1, GIVE_AMOUNT - 1, GIVE_AMOUNT + 1])
def test_fill__all_or_nothing_with_other_amount__reverts(traders, make_offer, fill, amount):
    with ape.reverts("exchange: offer is all-or-nothing"):
        fill(make_offer(), amount=amount)


@pytest.mark.parametrize("terms", [{"give_amount": 0}, {"want_amount": 0}])
def test_fill__zero_amount_offer__reverts(traders, make_offer, fill, terms):
    offer = make_offer(**terms)
    with ape.reverts("exchange: zero amount"):
        fill(offer, amount=offer.give_amount or 1)


def test_fill__zero_maker__reverts(traders, make_offer, fill):
    with ape.reverts("exchange: zero maker"):
        fill(make_offer(maker=ZERO_ADDRESS), signature=b"\x00" * 65)


def test_fill__wrong_signer__reverts(traders, make_offer, fill, sign, arbiter):
    offer = make_offer()
    with ape.reverts("exchange: invalid signature"):
        fill(offer, signature=sign(offer, arbiter))


def test_fill__tampered_offer__reverts(traders, make_offer, fill, sign):
    signed = make_offer()
    tampered = make_offer(want_amount=WANT_AMOUNT - 1)
    with ape.reverts("exchange: invalid signature"):
        fill(tampered, signature=sign(signed))


def test_fill__signature_for_another_chain__reverts(traders, make_offer, fill, maker, exchange, chain):
    offer = make_offer()
    with ape.reverts("exchange: invalid signature"):
        fill(offer, signature=sign_offer(maker, offer, chain.chain_id + 1, exchange))


def test_fill__signature_for_another_exchange__reverts(traders, make_offer, fill, maker, chain, erc20_token):
    offer = make_offer()
    with ape.reverts("exchange: invalid signature"):
        fill(offer, signature=sign_offer(maker, offer, chain.chain_id, erc20_token))


def test_fill__unsigned_and_not_posted__reverts(traders, make_offer, fill):
    with ape.reverts("exchange: offer not posted"):
        fill(make_offer(), signature=b"")


def test_fill__token_not_allowed__reverts(traders, make_offer, fill, project, deployer):
    other = project.TokenERC20.deploy("Other", "OTH", 18, sender=deployer)
    with ape.reverts("exchange: token not allowed"):
        fill(make_offer(want_token=other))
    with ape.reverts("exchange: token not allowed"):
        fill(make_offer(give_token=other, give_id=0))


def test_fill__disallowed_core_token__reverts(
    traders, make_offer, fill, exchange, timelock_stand_in, erc20_token, erc1155_token
):
    exchange.set_token_allowed(erc20_token, False, sender=timelock_stand_in)
    with ape.reverts("exchange: token not allowed"):
        fill(make_offer())
    exchange.set_token_allowed(erc20_token, True, sender=timelock_stand_in)
    exchange.set_token_allowed(erc1155_token, False, sender=timelock_stand_in)
    with ape.reverts("exchange: token not allowed"):
        fill(make_offer())


def test_fill__erc20_leg_with_id__reverts(traders, make_offer, fill):
    with ape.reverts("exchange: ERC-20 id must be 0"):
        fill(make_offer(want_id=1))


def test_fill__unknown_delivery_flags__reverts(traders, make_offer, fill):
    with ape.reverts("exchange: unknown delivery flags"):
        fill(make_offer(delivery=4, delivery_window=DAY))


def test_fill__delivery_without_window__reverts(traders, make_offer, fill):
    with ape.reverts("exchange: zero delivery window"):
        fill(make_offer(delivery=1, delivery_window=0))


def test_fill__paused__reverts(traders, make_offer, fill, exchange, timelock_stand_in):
    exchange.set_paused(True, sender=timelock_stand_in)
    with ape.reverts("exchange: paused"):
        fill(make_offer())


def test_fill__taker_without_allowance__reverts(traders, make_offer, fill, erc20_token, exchange, taker):
    erc20_token.approve(exchange, 0, sender=taker)
    with ape.reverts("safe_transfer: token transfer reverted"):
        fill(make_offer())


def test_fill__maker_without_approval__reverts(traders, make_offer, fill, erc1155_token, exchange, maker):
    erc1155_token.setApprovalForAll(exchange, False, sender=maker)
    with ape.reverts():
        fill(make_offer())


def test_fill__maker_short_of_tokens__reverts(traders, make_offer, fill, erc1155_token, maker):
    with ape.reverts():
        fill(make_offer(give_amount=erc1155_token.balanceOf(maker, HARVEST_ID) + 1))
