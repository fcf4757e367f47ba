"""Reentrancy: a token that calls back into the exchange during a transfer
finds every state-changing function locked.

Vyper's lock reverts without data, while every other refusal of the exchange
has a reason; so an empty revert proves the call-back hit the lock (and not,
say, "exchange: unknown escrow")."""

import pytest
from exchange_helpers import escrow_of


@pytest.fixture
def evil(project, deployer, exchange, timelock_stand_in, traders, maker, taker):
    """An allowed ERC-1155 that calls back on every transfer; maker and taker
    hold it and approved the exchange."""
    token = project.TokenReentrant.deploy(sender=deployer)
    exchange.set_token_allowed(token, True, sender=timelock_stand_in)
    for person in (maker, taker):
        token._mint_for_testing(person, 1, 10_000, sender=deployer)
        token.setApprovalForAll(exchange, True, sender=person)
    return token


@pytest.fixture
def settleable(exchange, open_escrow, chain):
    """An escrow anyone could settle (its window is over): a tempting
    call-back, since it would succeed outside a fill."""
    escrow = open_escrow(nonce=900)
    chain.pending_timestamp = escrow.deadline + 1
    return escrow


def test_reentrancy__during_fill__is_locked(exchange, evil, settleable, make_offer, fill, taker):
    evil.set_attack(exchange, exchange.settle.encode_input(settleable.as_tuple()), sender=taker)
    fill(make_offer(give_token=evil, give_id=1, give_amount=10))
    assert evil.reentry_attempts() == 1
    assert not evil.reentry_succeeded()
    assert evil.reentry_response() == b""
    assert exchange.escrow_status(settleable.escrow_id).state == 1  # still open
    # The same call outside a transfer works.
    exchange.settle(settleable.as_tuple(), sender=taker)


@pytest.mark.parametrize(
    "call", ["fill", "cancel_all", "withdraw", "confirm", "dispute", "resolve", "post_offer", "set_paused"]
)
def test_reentrancy__during_escrow_fill__every_entry_is_locked(
    exchange, evil, make_offer, fill, sign, taker, call, deployer
):
    other = make_offer(nonce=901)
    record = tuple([b"\x00" * 32] + [deployer.address] * 3 + [0] * 3 + [deployer.address] + [0] * 6)
    payloads = {
        "fill": exchange.fill.encode_input(
            other.as_tuple(), sign(other), other.give_amount, other.give_amount
        ),
        "cancel_all": exchange.cancel_all.encode_input(5),
        "withdraw": exchange.withdraw.encode_input(record, deployer),
        "confirm": exchange.confirm.encode_input(record),
        "dispute": exchange.dispute.encode_input(record),
        "resolve": exchange.resolve.encode_input(record, 0, 0),
        "post_offer": exchange.post_offer.encode_input(other.as_tuple()),
        "set_paused": exchange.set_paused.encode_input(True),
    }
    evil.set_attack(exchange, payloads[call], sender=taker)
    escrow = escrow_of(
        exchange,
        fill(make_offer(give_token=evil, give_id=1, give_amount=10, delivery=1, delivery_window=100)),
    )
    assert evil.reentry_attempts() == 1
    assert not evil.reentry_succeeded()
    assert evil.reentry_response() == b""
    assert exchange.escrow_status(escrow.escrow_id).state == 1
    assert exchange.min_nonce(evil) == 0


def test_reentrancy__during_withdraw__is_locked(exchange, evil, settleable, make_offer, fill, maker, taker):
    escrow = escrow_of(
        exchange,
        fill(
            make_offer(give_token=evil, give_id=1, give_amount=10, delivery=1, delivery_window=100, nonce=902)
        ),
    )
    exchange.confirm(escrow.as_tuple(), sender=taker)
    evil.set_attack(exchange, exchange.settle.encode_input(settleable.as_tuple()), sender=taker)
    attempts = evil.reentry_attempts()
    exchange.withdraw(escrow.as_tuple(), taker, sender=taker)
    assert evil.reentry_attempts() == attempts + 1
    assert not evil.reentry_succeeded()
    assert evil.reentry_response() == b""
    assert evil.balanceOf(taker, 1) == 10_000 + 10
    assert exchange.escrow_status(settleable.escrow_id).state == 1


def test_reentrancy__outside_a_transfer__refusals_have_reasons(exchange, evil, deployer, taker):
    """The contrast that makes the empty revert above meaningful."""
    record = tuple([b"\x00" * 32] + [deployer.address] * 3 + [0] * 3 + [deployer.address] + [0] * 6)
    evil.set_attack(exchange, exchange.confirm.encode_input(record), sender=taker)
    evil.safeTransferFrom(taker, deployer, 1, 1, b"", sender=taker)
    assert not evil.reentry_succeeded()
    assert b"exchange: unknown escrow" in bytes(evil.reentry_response())
