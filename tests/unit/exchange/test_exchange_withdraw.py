"""`withdraw`: each side pulls what a settled escrow owes it, to itself or to
another address; a side whose wallet refuses never blocks the other."""

import ape
import pytest
from exchange_helpers import HARVEST_ID, escrow_of

MAX = 2**256 - 1


@pytest.fixture
def released(exchange, open_escrow, taker):
    escrow = open_escrow()
    exchange.confirm(escrow.as_tuple(), sender=taker)
    return escrow


def test_withdraw__released__both_sides(exchange, released, maker, taker, erc20_token, erc1155_token):
    escrow = released
    maker_credit, taker_harvest = erc20_token.balanceOf(maker), erc1155_token.balanceOf(taker, HARVEST_ID)
    receipt = exchange.withdraw(escrow.as_tuple(), maker, sender=maker)
    events = receipt.decode_logs(exchange.EscrowWithdrawn)
    assert [(e.escrow_id, e.party, e.receiver, e.give_amount, e.want_amount) for e in events] == [
        (escrow.escrow_id, maker.address, maker.address, 0, escrow.want_amount)
    ]
    assert erc20_token.balanceOf(maker) == maker_credit + escrow.want_amount
    assert exchange.escrow_status(escrow.escrow_id).withdrawn == 0b0010  # the maker's part of the want leg
    exchange.withdraw(escrow.as_tuple(), taker, sender=taker)
    assert erc1155_token.balanceOf(taker, HARVEST_ID) == taker_harvest + escrow.give_amount
    assert exchange.escrow_status(escrow.escrow_id).state == 0  # closed: the slot is cleared
    assert erc20_token.balanceOf(exchange) == 0 and erc1155_token.balanceOf(exchange, HARVEST_ID) == 0


def test_withdraw__refunded(
    exchange, open_escrow, maker, taker, timelock_stand_in, erc20_token, erc1155_token
):
    escrow = open_escrow()
    exchange.dispute(escrow.as_tuple(), sender=taker)
    exchange.resolve(escrow.as_tuple(), 0, 0, sender=timelock_stand_in)
    maker_harvest, taker_credit = erc1155_token.balanceOf(maker, HARVEST_ID), erc20_token.balanceOf(taker)
    exchange.withdraw(escrow.as_tuple(), maker, sender=maker)
    exchange.withdraw(escrow.as_tuple(), taker, sender=taker)
    assert erc1155_token.balanceOf(maker, HARVEST_ID) == maker_harvest + escrow.give_amount
    assert erc20_token.balanceOf(taker) == taker_credit + escrow.want_amount


def test_withdraw__split(exchange, open_escrow, maker, taker, timelock_stand_in, erc20_token, erc1155_token):
    escrow = open_escrow()
    exchange.dispute(escrow.as_tuple(), sender=taker)
    exchange.resolve(escrow.as_tuple(), 300, 10**18, sender=timelock_stand_in)
    before = {p: (erc20_token.balanceOf(p), erc1155_token.balanceOf(p, HARVEST_ID)) for p in (maker, taker)}
    receipt = exchange.withdraw(escrow.as_tuple(), maker, sender=maker)
    event = receipt.decode_logs(exchange.EscrowWithdrawn)[0]
    assert (event.give_amount, event.want_amount) == (escrow.give_amount - 300, 10**18)
    exchange.withdraw(escrow.as_tuple(), taker, sender=taker)
    assert erc20_token.balanceOf(maker) == before[maker][0] + 10**18
    assert erc1155_token.balanceOf(maker, HARVEST_ID) == before[maker][1] + escrow.give_amount - 300
    assert erc20_token.balanceOf(taker) == before[taker][0] + escrow.want_amount - 10**18
    assert erc1155_token.balanceOf(taker, HARVEST_ID) == before[taker][1] + 300
    assert erc20_token.balanceOf(exchange) == 0 and erc1155_token.balanceOf(exchange, HARVEST_ID) == 0
    assert exchange.escrow_status(escrow.escrow_id).state == 0


def test_withdraw__status_marks_each_party_and_leg(exchange, open_escrow, maker, taker, timelock_stand_in):
    escrow = open_escrow()
    exchange.dispute(escrow.as_tuple(), sender=taker)
    exchange.resolve(escrow.as_tuple(), escrow.give_amount, 10**18, sender=timelock_stand_in)
    # The maker is owed only part of the want leg; the taker all of the give
    # leg and the rest of the want leg.
    assert exchange.owed(escrow.as_tuple(), maker) == (0, 10**18)
    exchange.withdraw(escrow.as_tuple(), maker, sender=maker)
    assert exchange.escrow_status(escrow.escrow_id).withdrawn == 0b0010
    assert exchange.owed(escrow.as_tuple(), maker) == (0, 0)
    with ape.reverts("exchange: already withdrawn"):
        exchange.withdraw(escrow.as_tuple(), maker, sender=maker)
    assert exchange.owed(escrow.as_tuple(), taker) == (escrow.give_amount, escrow.want_amount - 10**18)
    receipt = exchange.withdraw(escrow.as_tuple(), taker, sender=taker)
    event = receipt.decode_logs(exchange.EscrowWithdrawn)[0]
    assert (event.give_amount, event.want_amount) == (escrow.give_amount, escrow.want_amount - 10**18)
    assert exchange.escrow_status(escrow.escrow_id).state == 0


def test_withdraw__split_one_side_owed_nothing__closes_on_the_other(
    exchange, open_escrow, maker, taker, timelock_stand_in
):
    escrow = open_escrow()
    exchange.dispute(escrow.as_tuple(), sender=maker)
    exchange.resolve(escrow.as_tuple(), escrow.give_amount, 0, sender=timelock_stand_in)
    with ape.reverts("exchange: already withdrawn"):
        exchange.withdraw(escrow.as_tuple(), maker, sender=maker)
    exchange.withdraw(escrow.as_tuple(), taker, sender=taker)
    assert exchange.escrow_status(escrow.escrow_id).state == 0


def test_withdraw__to_another_receiver(exchange, released, maker, outsider, erc20_token):
    before = erc20_token.balanceOf(outsider)
    receipt = exchange.withdraw(released.as_tuple(), outsider, sender=maker)
    assert receipt.decode_logs(exchange.EscrowWithdrawn)[0].receiver == outsider.address
    assert erc20_token.balanceOf(outsider) == before + released.want_amount


def test_withdraw__twice__reverts(exchange, released, maker):
    exchange.withdraw(released.as_tuple(), maker, sender=maker)
    with ape.reverts("exchange: already withdrawn"):
        exchange.withdraw(released.as_tuple(), maker, sender=maker)


def test_withdraw__after_both__reverts(exchange, released, maker, taker):
    exchange.withdraw(released.as_tuple(), maker, sender=maker)
    exchange.withdraw(released.as_tuple(), taker, sender=taker)
    with ape.reverts("exchange: unknown escrow"):
        exchange.withdraw(released.as_tuple(), maker, sender=maker)


def test_withdraw__outsider__reverts_and_changes_nothing(exchange, released, maker, taker, outsider, arbiter):
    owed = (exchange.owed(released.as_tuple(), maker), exchange.owed(released.as_tuple(), taker))
    for who in (outsider, arbiter):
        with ape.reverts("exchange: not a party"):
            exchange.withdraw(released.as_tuple(), who, sender=who)
    assert (exchange.owed(released.as_tuple(), maker), exchange.owed(released.as_tuple(), taker)) == owed


def test_withdraw__open__reverts(exchange, open_escrow, maker):
    escrow = open_escrow()
    with ape.reverts("exchange: escrow not settled"):
        exchange.withdraw(escrow.as_tuple(), maker, sender=maker)


def test_withdraw__disputed__reverts(exchange, open_escrow, maker):
    escrow = open_escrow()
    exchange.dispute(escrow.as_tuple(), sender=maker)
    with ape.reverts("exchange: escrow not settled"):
        exchange.withdraw(escrow.as_tuple(), maker, sender=maker)


def test_withdraw__zero_receiver__reverts(exchange, released, maker):
    with ape.reverts("exchange: zero receiver"):
        exchange.withdraw(released.as_tuple(), "0x" + "00" * 20, sender=maker)


def test_withdraw__exchange_as_receiver__reverts(exchange, released, maker):
    with ape.reverts("exchange: receiver is the exchange"):
        exchange.withdraw(released.as_tuple(), exchange, sender=maker)


def test_withdraw__while_paused(exchange, released, maker, timelock_stand_in):
    exchange.set_paused(True, sender=timelock_stand_in)
    exchange.withdraw(released.as_tuple(), maker, sender=maker)


def test_withdraw__token_disallowed_since(
    exchange, released, maker, taker, timelock_stand_in, erc20_token, erc1155_token
):
    exchange.set_token_allowed(erc20_token, False, sender=timelock_stand_in)
    exchange.set_token_allowed(erc1155_token, False, sender=timelock_stand_in)
    exchange.withdraw(released.as_tuple(), maker, sender=maker)
    exchange.withdraw(released.as_tuple(), taker, sender=taker)


# ---------------------------------------------------- wallets that refuse


@pytest.fixture
def refusing_wallet(project, taker, exchange, exchange_membership, erc20_token, deployer):
    """A member's contract wallet (driven by `taker`) that refuses ERC-1155."""
    wallet = project.ExchangeRefusingReceiver.deploy(sender=taker)
    exchange_membership.set_member(wallet, True, sender=deployer)
    erc20_token._mint_for_testing(wallet, 10**24, sender=deployer)
    wallet.execute(erc20_token, erc20_token.approve.encode_input(exchange, MAX), sender=taker)
    return wallet


def fill_as(wallet, owner, exchange, offer, signature):
    return wallet.execute(
        exchange,
        exchange.fill.encode_input(offer.as_tuple(), signature, offer.give_amount, offer.give_amount),
        sender=owner,
    )


def test_fill__swap_to_a_refusing_taker__reverts(exchange, traders, refusing_wallet, taker, make_offer, sign):
    offer = make_offer()
    with ape.reverts("wallet: refusing tokens"):
        fill_as(refusing_wallet, taker, exchange, offer, sign(offer))


def test_withdraw__refusing_wallet_does_not_block_the_other_side(
    exchange, traders, refusing_wallet, taker, maker, make_offer, sign, erc20_token, erc1155_token
):
    offer = make_offer(delivery=1, delivery_window=100)
    escrow = escrow_of(exchange, fill_as(refusing_wallet, taker, exchange, offer, sign(offer)))
    assert escrow.taker == refusing_wallet.address
    refusing_wallet.execute(exchange, exchange.confirm.encode_input(escrow.as_tuple()), sender=taker)
    with ape.reverts("wallet: refusing tokens"):
        refusing_wallet.execute(
            exchange, exchange.withdraw.encode_input(escrow.as_tuple(), refusing_wallet), sender=taker
        )
    maker_credit = erc20_token.balanceOf(maker)
    exchange.withdraw(escrow.as_tuple(), maker, sender=maker)
    assert erc20_token.balanceOf(maker) == maker_credit + escrow.want_amount
    # The wallet's owner takes the harvest to an address that accepts it.
    before = erc1155_token.balanceOf(taker, HARVEST_ID)
    refusing_wallet.execute(exchange, exchange.withdraw.encode_input(escrow.as_tuple(), taker), sender=taker)
    assert erc1155_token.balanceOf(taker, HARVEST_ID) == before + escrow.give_amount
    assert exchange.escrow_status(escrow.escrow_id).state == 0


def test_withdraw__blocklisted_side_does_not_block_the_other(
    exchange,
    traders,
    project,
    deployer,
    timelock_stand_in,
    maker,
    taker,
    outsider,
    make_offer,
    fill,
    erc1155_token,
):
    token = project.TokenBlocklist.deploy("Blocky", "BLK", 6, sender=deployer)
    exchange.set_token_allowed(token, True, sender=timelock_stand_in)
    token._mint_for_testing(taker, 10**9, sender=deployer)
    token.approve(exchange, MAX, sender=taker)
    escrow = escrow_of(
        exchange, fill(make_offer(want_token=token, want_amount=10**6, delivery=1, delivery_window=100))
    )
    exchange.confirm(escrow.as_tuple(), sender=taker)
    token.set_blocked(maker, True, sender=deployer)
    with ape.reverts("safe_transfer: token transfer reverted"):
        exchange.withdraw(escrow.as_tuple(), maker, sender=maker)
    before = erc1155_token.balanceOf(taker, HARVEST_ID)
    exchange.withdraw(escrow.as_tuple(), taker, sender=taker)
    assert erc1155_token.balanceOf(taker, HARVEST_ID) == before + escrow.give_amount
    exchange.withdraw(escrow.as_tuple(), outsider, sender=maker)
    assert token.balanceOf(outsider) == 10**6
