"""`confirm`: the side that receives a physical delivery confirms it; the last
awaited confirmation releases the escrow."""

import ape
from exchange_helpers import DAY

from harvest_coop.core.constants import Delivery


def test_confirm__by_taker__releases(exchange, open_escrow, taker, maker):
    escrow = open_escrow(delivery=Delivery.GIVE)
    receipt = exchange.confirm(escrow.as_tuple(), sender=taker)
    events = receipt.decode_logs(exchange.EscrowConfirmed)
    assert [(e.escrow_id, e.party, e.released) for e in events] == [(escrow.escrow_id, taker.address, True)]
    status = exchange.escrow_status(escrow.escrow_id)
    assert (status.state, status.pending) == (3, 0)
    assert exchange.owed(escrow.as_tuple(), maker) == (0, escrow.want_amount)
    assert exchange.owed(escrow.as_tuple(), taker) == (escrow.give_amount, 0)


def test_confirm__by_maker_of_a_delivered_payment__releases(exchange, open_escrow, maker):
    escrow = open_escrow(delivery=Delivery.WANT)
    exchange.confirm(escrow.as_tuple(), sender=maker)
    assert exchange.escrow_status(escrow.escrow_id).state == 3


def test_confirm__both_deliveries__need_both(exchange, open_escrow, maker, taker):
    escrow = open_escrow(delivery=Delivery.GIVE | Delivery.WANT)
    receipt = exchange.confirm(escrow.as_tuple(), sender=maker)
    assert not receipt.decode_logs(exchange.EscrowConfirmed)[0].released
    status = exchange.escrow_status(escrow.escrow_id)
    assert (status.state, status.pending) == (1, 1)
    receipt = exchange.confirm(escrow.as_tuple(), sender=taker)
    assert receipt.decode_logs(exchange.EscrowConfirmed)[0].released
    assert exchange.escrow_status(escrow.escrow_id).state == 3


def test_confirm__not_awaited_from_caller__reverts(exchange, open_escrow, maker):
    escrow = open_escrow(delivery=Delivery.GIVE)
    with ape.reverts("exchange: no confirmation awaited from you"):
        exchange.confirm(escrow.as_tuple(), sender=maker)


def test_confirm__twice__reverts(exchange, open_escrow, maker, taker):
    escrow = open_escrow(delivery=Delivery.GIVE | Delivery.WANT)
    exchange.confirm(escrow.as_tuple(), sender=maker)
    with ape.reverts("exchange: no confirmation awaited from you"):
        exchange.confirm(escrow.as_tuple(), sender=maker)


def test_confirm__outsider__reverts(exchange, open_escrow, outsider, arbiter):
    escrow = open_escrow()
    for who in (outsider, arbiter):
        with ape.reverts("exchange: not a party"):
            exchange.confirm(escrow.as_tuple(), sender=who)


def test_confirm__released__reverts(exchange, open_escrow, taker):
    escrow = open_escrow()
    exchange.confirm(escrow.as_tuple(), sender=taker)
    with ape.reverts("exchange: escrow not open"):
        exchange.confirm(escrow.as_tuple(), sender=taker)


def test_confirm__disputed__reverts(exchange, open_escrow, taker, maker):
    escrow = open_escrow()
    exchange.dispute(escrow.as_tuple(), sender=maker)
    with ape.reverts("exchange: escrow not open"):
        exchange.confirm(escrow.as_tuple(), sender=taker)


def test_confirm__tampered_record__reverts(exchange, open_escrow, taker):
    escrow = open_escrow()
    record = list(escrow.as_tuple())
    record[6] += 1  # give_amount
    with ape.reverts("exchange: unknown escrow"):
        exchange.confirm(tuple(record), sender=taker)


def test_confirm__after_the_window(exchange, open_escrow, taker, chain):
    escrow = open_escrow()
    chain.pending_timestamp = escrow.deadline + DAY
    exchange.confirm(escrow.as_tuple(), sender=taker)
    assert exchange.escrow_status(escrow.escrow_id).state == 3


def test_confirm__while_paused(exchange, open_escrow, taker, timelock_stand_in):
    escrow = open_escrow()
    exchange.set_paused(True, sender=timelock_stand_in)
    exchange.confirm(escrow.as_tuple(), sender=taker)
