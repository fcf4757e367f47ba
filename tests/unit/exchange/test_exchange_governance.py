"""What only the timelock (a passed proposal) changes: arbiter, pause, tokens,
fee and pool. The deployer keeps nothing (see test_deploy.py)."""

import ape
import pytest
from exchange_helpers import ZERO_ADDRESS


def test_set_arbiter__emits(exchange, timelock_stand_in, arbiter):
    receipt = exchange.set_arbiter(arbiter, sender=timelock_stand_in)
    assert [e.arbiter for e in receipt.decode_logs(exchange.ArbiterSet)] == [arbiter.address]
    assert exchange.arbiter() == arbiter.address


def test_set_arbiter__zero__reverts(exchange, timelock_stand_in):
    with ape.reverts("exchange: zero arbiter"):
        exchange.set_arbiter(ZERO_ADDRESS, sender=timelock_stand_in)


@pytest.mark.parametrize("who", ["outsider", "arbiter", "maker"])
def test_set_arbiter__not_the_timelock__reverts(exchange, who, request):
    caller = request.getfixturevalue(who)
    with ape.reverts("exchange: only the timelock (a passed proposal)"):
        exchange.set_arbiter(caller, sender=caller)


def test_set_arbiter__old_arbiter_loses_the_role(
    exchange, timelock_stand_in, arbiter, outsider, open_escrow, maker
):
    exchange.set_arbiter(arbiter, sender=timelock_stand_in)
    exchange.set_arbiter(outsider, sender=timelock_stand_in)
    escrow = open_escrow()
    exchange.dispute(escrow.as_tuple(), sender=maker)
    with ape.reverts("exchange: only the arbiter"):
        exchange.resolve(escrow.as_tuple(), 0, 0, sender=arbiter)
    exchange.resolve(escrow.as_tuple(), 0, 0, sender=outsider)


def test_set_paused__emits_and_stops_fills(exchange, timelock_stand_in, traders, make_offer, fill):
    receipt = exchange.set_paused(True, sender=timelock_stand_in)
    assert [e.paused for e in receipt.decode_logs(exchange.PausedSet)] == [1]
    assert exchange.paused()
    with ape.reverts("exchange: paused"):
        fill(make_offer())
    exchange.set_paused(False, sender=timelock_stand_in)
    assert not exchange.paused()
    fill(make_offer())


def test_set_paused__escrows_still_settle(
    exchange, timelock_stand_in, open_escrow, maker, taker, outsider, chain
):
    released, disputed, lapsed = open_escrow(nonce=1), open_escrow(nonce=2), open_escrow(nonce=3)
    exchange.set_paused(True, sender=timelock_stand_in)
    exchange.confirm(released.as_tuple(), sender=taker)
    exchange.dispute(disputed.as_tuple(), sender=maker)
    exchange.resolve(disputed.as_tuple(), 0, 0, sender=timelock_stand_in)
    chain.pending_timestamp = lapsed.deadline + 1
    exchange.settle(lapsed.as_tuple(), sender=outsider)
    for escrow in (released, disputed, lapsed):
        exchange.withdraw(escrow.as_tuple(), maker, sender=maker)
        exchange.withdraw(escrow.as_tuple(), taker, sender=taker)
        assert exchange.escrow_status(escrow.escrow_id).state == 0


def test_set_paused__not_the_timelock__reverts(exchange, outsider):
    with ape.reverts("exchange: only the timelock (a passed proposal)"):
        exchange.set_paused(True, sender=outsider)
