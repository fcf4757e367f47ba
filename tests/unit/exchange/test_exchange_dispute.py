"""`dispute`: either side, within the delivery window; then only the arbiter
decides."""

import ape


def test_dispute__by_maker(exchange, open_escrow, maker):
    escrow = open_escrow()
    receipt = exchange.dispute(escrow.as_tuple(), sender=maker)
    events = receipt.decode_logs(exchange.EscrowDisputed)
    assert [(e.escrow_id, e.party) for e in events] == [(escrow.escrow_id, maker.address)]
    assert exchange.escrow_status(escrow.escrow_id).state == 2


def test_dispute__by_taker(exchange, open_escrow, taker):
    escrow = open_escrow()
    exchange.dispute(escrow.as_tuple(), sender=taker)
    assert exchange.escrow_status(escrow.escrow_id).state == 2


def test_dispute__at_the_deadline(exchange, open_escrow, taker, chain):
    escrow = open_escrow()
    chain.pending_timestamp = escrow.deadline
    exchange.dispute(escrow.as_tuple(), sender=taker)


def test_dispute__after_the_window__reverts(exchange, open_escrow, taker, chain):
    escrow = open_escrow()
    chain.pending_timestamp = escrow.deadline + 1
    with ape.reverts("exchange: delivery window is over"):
        exchange.dispute(escrow.as_tuple(), sender=taker)


def test_dispute__outsider__reverts(exchange, open_escrow, outsider):
    escrow = open_escrow()
    with ape.reverts("exchange: not a party"):
        exchange.dispute(escrow.as_tuple(), sender=outsider)


def test_dispute__twice__reverts(exchange, open_escrow, maker, taker):
    escrow = open_escrow()
    exchange.dispute(escrow.as_tuple(), sender=maker)
    with ape.reverts("exchange: escrow not open"):
        exchange.dispute(escrow.as_tuple(), sender=taker)


def test_dispute__released__reverts(exchange, open_escrow, maker, taker):
    escrow = open_escrow()
    exchange.confirm(escrow.as_tuple(), sender=taker)
    with ape.reverts("exchange: escrow not open"):
        exchange.dispute(escrow.as_tuple(), sender=maker)


def test_dispute__unknown_escrow__reverts(exchange, open_escrow, maker):
    escrow = open_escrow()
    record = list(escrow.as_tuple())
    record[12] += 1  # deadline
    with ape.reverts("exchange: unknown escrow"):
        exchange.dispute(tuple(record), sender=maker)


def test_dispute__blocks_default_settlement(exchange, open_escrow, maker, outsider, chain):
    escrow = open_escrow()
    exchange.dispute(escrow.as_tuple(), sender=maker)
    chain.pending_timestamp = escrow.deadline + 1
    with ape.reverts("exchange: escrow not open"):
        exchange.settle(escrow.as_tuple(), sender=outsider)
