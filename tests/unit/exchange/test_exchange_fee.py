"""The optional exchange fee: basis points of each leg, to the community pool,
both set only by the timelock; 0 by default."""

import ape
import pytest
from exchange_helpers import GIVE_AMOUNT, HARVEST_ID, WANT_AMOUNT, ZERO_ADDRESS, escrow_of


def test_fee__swap__each_leg_pays_the_pool(
    exchange, traders, with_fee, make_offer, fill, maker, taker, pool, erc20_token, erc1155_token
):
    before = {
        p: (erc20_token.balanceOf(p), erc1155_token.balanceOf(p, HARVEST_ID)) for p in (maker, taker, pool)
    }
    receipt = fill(make_offer(max_fee_bps=with_fee))
    give_fee, want_fee = GIVE_AMOUNT // 100, WANT_AMOUNT // 100
    assert erc20_token.balanceOf(maker) == before[maker][0] + WANT_AMOUNT - want_fee
    assert erc1155_token.balanceOf(maker, HARVEST_ID) == before[maker][1] - GIVE_AMOUNT
    assert erc20_token.balanceOf(taker) == before[taker][0] - WANT_AMOUNT
    assert erc1155_token.balanceOf(taker, HARVEST_ID) == before[taker][1] + GIVE_AMOUNT - give_fee
    assert erc20_token.balanceOf(pool) == before[pool][0] + want_fee
    assert erc1155_token.balanceOf(pool, HARVEST_ID) == before[pool][1] + give_fee
    fees = receipt.decode_logs(exchange.FeePaid)
    assert [(e.payer, e.pool, e.token, e.id, e.amount) for e in fees] == [
        (maker.address, pool.address, erc1155_token.address, HARVEST_ID, give_fee),
        (taker.address, pool.address, erc20_token.address, 0, want_fee),
    ]
    filled = receipt.decode_logs(exchange.OfferFilled)[0]
    assert (filled.give_amount, filled.want_amount) == (GIVE_AMOUNT, WANT_AMOUNT)


def test_fee__escrow__holds_net_amounts(
    exchange, traders, with_fee, make_offer, fill, pool, erc20_token, erc1155_token
):
    receipt = fill(make_offer(delivery=1, delivery_window=100, max_fee_bps=with_fee))
    escrow = escrow_of(exchange, receipt)
    assert (escrow.give_amount, escrow.want_amount) == (GIVE_AMOUNT - 10, WANT_AMOUNT - WANT_AMOUNT // 100)
    assert erc1155_token.balanceOf(exchange, HARVEST_ID) == escrow.give_amount
    assert erc20_token.balanceOf(exchange) == escrow.want_amount
    assert len(receipt.decode_logs(exchange.FeePaid)) == 2


def test_fee__rounds_down_to_nothing(exchange, traders, with_fee, make_offer, fill):
    receipt = fill(make_offer(give_amount=99, want_amount=99, max_fee_bps=with_fee))
    assert receipt.decode_logs(exchange.FeePaid) == []


def test_fee__raised_after_signing__maker_not_charged(
    exchange, traders, timelock_stand_in, pool, make_offer, sign, fill, maker, erc20_token, erc1155_token
):
    """The maker signed when there was no fee; governance sets one before
    the fill: the fill is refused instead of charging the maker."""
    offer = make_offer()  # max_fee_bps 0
    signature = sign(offer)
    exchange.set_pool(pool, sender=timelock_stand_in)
    exchange.set_fee(100, sender=timelock_stand_in)
    before = (erc20_token.balanceOf(maker), erc1155_token.balanceOf(maker, HARVEST_ID))
    with ape.reverts("exchange: fee above what the maker signed"):
        fill(offer, signature=signature)
    assert (erc20_token.balanceOf(maker), erc1155_token.balanceOf(maker, HARVEST_ID)) == before
    assert exchange.remaining(offer.as_tuple()) == GIVE_AMOUNT


def test_fee__raised_above_the_signed_maximum__refused(
    exchange, traders, with_fee, timelock_stand_in, make_offer, fill
):
    offer = make_offer(max_fee_bps=with_fee)
    exchange.set_fee(with_fee + 1, sender=timelock_stand_in)
    with ape.reverts("exchange: fee above what the maker signed"):
        fill(offer)


def test_fee__lowered_after_signing__charges_the_current_fee(
    exchange, traders, with_fee, timelock_stand_in, make_offer, fill, pool, erc1155_token
):
    offer = make_offer(max_fee_bps=500)
    before = erc1155_token.balanceOf(pool, HARVEST_ID)
    receipt = fill(offer)
    assert [e.amount for e in receipt.decode_logs(exchange.FeePaid)] == [
        GIVE_AMOUNT // 100,
        WANT_AMOUNT // 100,
    ]
    assert erc1155_token.balanceOf(pool, HARVEST_ID) == before + GIVE_AMOUNT // 100


def test_fee__post_offer_above_the_signed_maximum__reverts(exchange, traders, with_fee, make_offer, maker):
    with ape.reverts("exchange: fee above what the maker signed"):
        exchange.post_offer(make_offer(max_fee_bps=with_fee - 1).as_tuple(), sender=maker)
    exchange.post_offer(make_offer(max_fee_bps=with_fee).as_tuple(), sender=maker)


def test_fee__raised_after_posting__refused(
    exchange, traders, timelock_stand_in, pool, make_offer, fill, maker
):
    offer = make_offer()
    exchange.post_offer(offer.as_tuple(), sender=maker)
    exchange.set_pool(pool, sender=timelock_stand_in)
    exchange.set_fee(1, sender=timelock_stand_in)
    with ape.reverts("exchange: fee above what the maker signed"):
        fill(offer, signature=b"")


def test_fee__set__emits(exchange, timelock_stand_in, pool):
    exchange.set_pool(pool, sender=timelock_stand_in)
    receipt = exchange.set_fee(250, sender=timelock_stand_in)
    assert [e.fee_bps for e in receipt.decode_logs(exchange.FeeSet)] == [250]
    assert exchange.fee_bps() == 250
    assert exchange.pool() == pool.address


def test_fee__above_maximum__reverts(exchange, timelock_stand_in, pool):
    exchange.set_pool(pool, sender=timelock_stand_in)
    exchange.set_fee(1_000, sender=timelock_stand_in)
    with ape.reverts("exchange: fee above maximum"):
        exchange.set_fee(1_001, sender=timelock_stand_in)


def test_fee__without_pool__reverts(exchange, timelock_stand_in):
    with ape.reverts("exchange: no pool set"):
        exchange.set_fee(1, sender=timelock_stand_in)


def test_pool__set__emits(exchange, timelock_stand_in, pool):
    receipt = exchange.set_pool(pool, sender=timelock_stand_in)
    assert [e.pool for e in receipt.decode_logs(exchange.PoolSet)] == [pool.address]


def test_pool__cleared_while_fee__reverts(exchange, timelock_stand_in, with_fee):
    with ape.reverts("exchange: fee needs a pool"):
        exchange.set_pool(ZERO_ADDRESS, sender=timelock_stand_in)
    exchange.set_fee(0, sender=timelock_stand_in)
    exchange.set_pool(ZERO_ADDRESS, sender=timelock_stand_in)
    assert exchange.pool() == ZERO_ADDRESS


@pytest.mark.parametrize("who", ["deployer", "outsider", "maker", "arbiter"])
def test_fee__not_the_timelock__reverts(exchange, who, request, pool):
    caller = request.getfixturevalue(who)
    with ape.reverts("exchange: only the timelock (a passed proposal)"):
        exchange.set_fee(0, sender=caller)
    with ape.reverts("exchange: only the timelock (a passed proposal)"):
        exchange.set_pool(pool, sender=caller)
