"""`settle`: after the delivery window an undisputed escrow is released by
default; anyone may call it."""

import ape


def test_settle__after_the_window__releases(exchange, open_escrow, outsider, maker, taker, chain):
    escrow = open_escrow()
    chain.pending_timestamp = escrow.deadline + 1
    receipt = exchange.settle(escrow.as_tuple(), sender=outsider)
    events = receipt.decode_logs(exchange.EscrowSettled)
    assert [(e.escrow_id, e.caller) for e in events] == [(escrow.escrow_id, outsider.address)]
    assert exchange.escrow_status(escrow.escrow_id).state == 3
    assert exchange.owed(escrow.as_tuple(), maker) == (0, escrow.want_amount)
    assert exchange.owed(escrow.as_tuple(), taker) == (escrow.give_amount, 0)


def test_settle__within_the_window__reverts(exchange, open_escrow, outsider, chain):
    escrow = open_escrow()
    with ape.reverts("exchange: delivery window not over"):
        exchange.settle(escrow.as_tuple(), sender=outsider)
    chain.pending_timestamp = escrow.deadline
    with ape.reverts("exchange: delivery window not over"):
        exchange.settle(escrow.as_tuple(), sender=outsider)


def test_settle__confirmed__reverts(exchange, open_escrow, taker, outsider, chain):
    escrow = open_escrow()
    exchange.confirm(escrow.as_tuple(), sender=taker)
    chain.pending_timestamp = escrow.deadline + 1
    with ape.reverts("exchange: escrow not open"):
        exchange.settle(escrow.as_tuple(), sender=outsider)


def test_settle__unknown_escrow__reverts(exchange, open_escrow, outsider, chain):
    escrow = open_escrow()
    record = list(escrow.as_tuple())
    record[13] = 1  # fill_index
    chain.pending_timestamp = escrow.deadline + 1
    with ape.reverts("exchange: unknown escrow"):
        exchange.settle(tuple(record), sender=outsider)


def test_settle__partly_confirmed__releases(exchange, open_escrow, maker, outsider, chain):
    escrow = open_escrow(delivery=3)
    exchange.confirm(escrow.as_tuple(), sender=maker)
    chain.pending_timestamp = escrow.deadline + 1
    exchange.settle(escrow.as_tuple(), sender=outsider)
    assert exchange.escrow_status(escrow.escrow_id).state == 3
