"""Tokens: only what the timelock allows; ERC-20s that return true, false or
nothing, or revert, are handled; fee-on-transfer and silently failing tokens
are refused by measuring the balance change; stray ERC-1155 is refused."""

import ape
import pytest
from exchange_helpers import HARVEST_ID, escrow_of

MAX = 2**256 - 1


@pytest.fixture
def allow(exchange, timelock_stand_in):
    def _allow(token):
        exchange.set_token_allowed(token, True, sender=timelock_stand_in)
        return token

    return _allow


def erc20_funded(project, name, deployer, taker, exchange, allow):
    token = allow(getattr(project, name).deploy("Tok", "TOK", 18, sender=deployer))
    token._mint_for_testing(taker, 10**24, sender=deployer)
    token.approve(exchange, MAX, sender=taker)
    return token


@pytest.mark.parametrize("name", ["TokenERC20", "TokenReturnsFalse", "TokenNoReturn", "TokenBlocklist"])
def test_token__erc20_flavours__swap(
    exchange, traders, project, deployer, taker, maker, allow, make_offer, fill, name
):
    token = erc20_funded(project, name, deployer, taker, exchange, allow)
    fill(make_offer(want_token=token, want_amount=123))
    assert token.balanceOf(maker) == 123


@pytest.mark.parametrize("name", ["TokenERC20", "TokenReturnsFalse", "TokenNoReturn", "TokenBlocklist"])
def test_token__erc20_flavours__escrow_round_trip(
    exchange, traders, project, deployer, taker, maker, allow, make_offer, fill, name
):
    token = erc20_funded(project, name, deployer, taker, exchange, allow)
    escrow = escrow_of(
        exchange, fill(make_offer(want_token=token, want_amount=123, delivery=1, delivery_window=100))
    )
    assert token.balanceOf(exchange) == 123
    exchange.confirm(escrow.as_tuple(), sender=taker)
    exchange.withdraw(escrow.as_tuple(), maker, sender=maker)
    assert token.balanceOf(maker) == 123 and token.balanceOf(exchange) == 0


def test_token__returns_false__reverts(exchange, traders, project, deployer, taker, allow, make_offer, fill):
    token = erc20_funded(project, "TokenReturnsFalse", deployer, taker, exchange, allow)
    with ape.reverts("safe_transfer: token transfer returned false"):
        fill(make_offer(want_token=token, want_amount=10**25))  # more than the taker holds


def test_token__no_return_that_reverts__reverts(
    exchange, traders, project, deployer, taker, allow, make_offer, fill
):
    token = erc20_funded(project, "TokenNoReturn", deployer, taker, exchange, allow)
    with ape.reverts("safe_transfer: token transfer reverted"):
        fill(make_offer(want_token=token, want_amount=10**25))


def test_token__silently_failing__reverts(
    exchange, traders, project, deployer, taker, allow, make_offer, fill
):
    token = erc20_funded(project, "TokenNoReturn", deployer, taker, exchange, allow)
    token.set_silent(True, sender=deployer)
    with ape.reverts("safe_transfer: balance change differs from amount"):
        fill(make_offer(want_token=token, want_amount=10))


def test_token__blocklisted_taker__reverts(
    exchange, traders, project, deployer, taker, allow, make_offer, fill
):
    token = erc20_funded(project, "TokenBlocklist", deployer, taker, exchange, allow)
    token.set_blocked(taker, True, sender=deployer)
    with ape.reverts("safe_transfer: token transfer reverted"):
        fill(make_offer(want_token=token, want_amount=10))


@pytest.mark.parametrize("delivery", [0, 1])
def test_token__fee_on_transfer__reverts(
    exchange, traders, project, deployer, taker, allow, make_offer, fill, delivery
):
    token = erc20_funded(project, "TokenFeeOnTransfer", deployer, taker, exchange, allow)
    with ape.reverts("safe_transfer: balance change differs from amount"):
        fill(
            make_offer(
                want_token=token, want_amount=10_000, delivery=delivery, delivery_window=100 * delivery
            )
        )


def test_token__fee_on_transfer_switched_off__works(
    exchange, traders, project, deployer, taker, maker, allow, make_offer, fill
):
    token = erc20_funded(project, "TokenFeeOnTransfer", deployer, taker, exchange, allow)
    token.set_fee_bps(0, sender=deployer)
    fill(make_offer(want_token=token, want_amount=10_000))
    assert token.balanceOf(maker) == 10_000


def test_token__fee_switched_on_after_escrow__withdraw_still_works(
    exchange, traders, project, deployer, taker, maker, allow, make_offer, fill
):
    token = erc20_funded(project, "TokenFeeOnTransfer", deployer, taker, exchange, allow)
    token.set_fee_bps(0, sender=deployer)
    escrow = escrow_of(
        exchange, fill(make_offer(want_token=token, want_amount=10_000, delivery=1, delivery_window=100))
    )
    token.set_fee_bps(100, sender=deployer)
    exchange.confirm(escrow.as_tuple(), sender=taker)
    exchange.withdraw(escrow.as_tuple(), maker, sender=maker)
    assert token.balanceOf(maker) == 9_900  # the token took its fee; nothing stays locked
    assert token.balanceOf(exchange) == 0


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("TokenBlocklist", "safe_transfer: token transfer reverted"),
        ("TokenReturnsFalse", "safe_transfer: token transfer returned false"),
    ],
)
def test_token__split_leg_of_a_token_that_blocked_the_exchange__held_the_other_leg_paid(
    exchange,
    traders,
    project,
    deployer,
    taker,
    maker,
    allow,
    make_offer,
    fill,
    timelock_stand_in,
    erc1155_token,
    name,
    reason,
):
    """A token that refuses every transfer out of the exchange (a blocklist,
    a pause) holds only its own leg: the party's other leg is paid, the
    held leg stays owed; with nothing else to pay, the token's refusal."""
    token = erc20_funded(project, name, deployer, taker, exchange, allow)
    escrow = escrow_of(
        exchange, fill(make_offer(want_token=token, want_amount=10_000, delivery=1, delivery_window=100))
    )
    exchange.dispute(escrow.as_tuple(), sender=taker)
    exchange.resolve(escrow.as_tuple(), 300, 4_000, sender=timelock_stand_in)
    token.set_blocked(exchange, True, sender=deployer)
    harvest_before = erc1155_token.balanceOf(maker, HARVEST_ID)

    receipt = exchange.withdraw(escrow.as_tuple(), maker, sender=maker)
    held = receipt.decode_logs(exchange.EscrowLegHeld)
    assert [(e.party, e.token, e.id, e.amount) for e in held] == [(maker.address, token.address, 0, 4_000)]
    withdrawn = receipt.decode_logs(exchange.EscrowWithdrawn)
    assert [(e.give_amount, e.want_amount) for e in withdrawn] == [(escrow.give_amount - 300, 0)]
    assert erc1155_token.balanceOf(maker, HARVEST_ID) == harvest_before + escrow.give_amount - 300
    assert exchange.owed(escrow.as_tuple(), maker) == (0, 4_000)
    with ape.reverts(reason):
        exchange.withdraw(escrow.as_tuple(), maker, sender=maker)

    token.set_blocked(exchange, False, sender=deployer)
    exchange.withdraw(escrow.as_tuple(), maker, sender=maker)
    assert token.balanceOf(maker) == 4_000
    assert exchange.owed(escrow.as_tuple(), maker) == (0, 0)


def test_set_token_allowed__detects_kinds(exchange, timelock_stand_in, project, deployer):
    erc20 = project.TokenERC20.deploy("A", "A", 18, sender=deployer)
    erc1155 = project.TokenERC1155.deploy(sender=deployer)
    receipt = exchange.set_token_allowed(erc20, True, sender=timelock_stand_in)
    assert [(e.token, e.kind) for e in receipt.decode_logs(exchange.TokenAllowed)] == [(erc20.address, 1)]
    exchange.set_token_allowed(erc1155, True, sender=timelock_stand_in)
    assert (exchange.token_kind(erc20), exchange.token_kind(erc1155)) == (1, 2)
    receipt = exchange.set_token_allowed(erc20, False, sender=timelock_stand_in)
    assert [(e.token, e.kind) for e in receipt.decode_logs(exchange.TokenAllowed)] == [(erc20.address, 0)]
    assert exchange.token_kind(erc20) == 0


def test_set_token_allowed__core_tokens(exchange, timelock_stand_in, erc20_token, erc1155_token):
    exchange.set_token_allowed(erc20_token, False, sender=timelock_stand_in)
    exchange.set_token_allowed(erc1155_token, False, sender=timelock_stand_in)
    assert (exchange.token_kind(erc20_token), exchange.token_kind(erc1155_token)) == (0, 0)
    exchange.set_token_allowed(erc20_token, True, sender=timelock_stand_in)
    exchange.set_token_allowed(erc1155_token, True, sender=timelock_stand_in)
    assert (exchange.token_kind(erc20_token), exchange.token_kind(erc1155_token)) == (1, 2)


def test_set_token_allowed__no_code__reverts(exchange, timelock_stand_in, outsider):
    with ape.reverts("safe_transfer: token has no code"):
        exchange.set_token_allowed(outsider, True, sender=timelock_stand_in)


def test_set_token_allowed__not_a_token__reverts(exchange, timelock_stand_in, exchange_membership):
    with ape.reverts("safe_transfer: not an ERC-20 or ERC-1155 token"):
        exchange.set_token_allowed(exchange_membership, True, sender=timelock_stand_in)


def test_set_token_allowed__zero__reverts(exchange, timelock_stand_in):
    with ape.reverts("exchange: zero token"):
        exchange.set_token_allowed("0x" + "00" * 20, True, sender=timelock_stand_in)


def test_set_token_allowed__not_the_timelock__reverts(exchange, outsider, erc20_token):
    with ape.reverts("exchange: only the timelock (a passed proposal)"):
        exchange.set_token_allowed(erc20_token, False, sender=outsider)


def test_erc1155__direct_transfer_to_the_exchange__reverts(exchange, traders, erc1155_token, maker):
    with ape.reverts("exchange: unsolicited token transfer"):
        erc1155_token.safeTransferFrom(maker, exchange, HARVEST_ID, 1, b"", sender=maker)


def test_erc1155__batch_transfer_to_the_exchange__reverts(exchange, traders, erc1155_token, maker):
    with ape.reverts("exchange: batch transfers refused"):
        erc1155_token.safeBatchTransferFrom(maker, exchange, [HARVEST_ID], [1], b"", sender=maker)


def test_erc20__direct_transfer_is_not_anyones_escrow(exchange, open_escrow, erc20_token, maker, taker):
    """An ERC-20 cannot refuse a plain transfer: it stays outside every escrow
    and does not change what any escrow owes."""
    escrow = open_escrow()
    erc20_token.transfer(exchange, 12345, sender=maker)
    exchange.confirm(escrow.as_tuple(), sender=taker)
    assert exchange.owed(escrow.as_tuple(), maker) == (0, escrow.want_amount)
    exchange.withdraw(escrow.as_tuple(), maker, sender=maker)
    assert erc20_token.balanceOf(exchange) == 12345
