"""`resolve`: the elected arbiter (never a party) or the timelock releases,
refunds or splits a disputed escrow."""

import ape
import pytest


@pytest.fixture
def elected(exchange, arbiter, timelock_stand_in):
    exchange.set_arbiter(arbiter, sender=timelock_stand_in)
    return arbiter


@pytest.fixture
def disputed(exchange, open_escrow, maker):
    escrow = open_escrow()
    exchange.dispute(escrow.as_tuple(), sender=maker)
    return escrow


def test_resolve__release(exchange, disputed, elected, maker, taker):
    escrow = disputed
    receipt = exchange.resolve(escrow.as_tuple(), escrow.give_amount, escrow.want_amount, sender=elected)
    events = receipt.decode_logs(exchange.EscrowResolved)
    assert [(e.escrow_id, e.arbiter, e.state, e.give_to_taker, e.want_to_maker) for e in events] == [
        (escrow.escrow_id, elected.address, 3, escrow.give_amount, escrow.want_amount)
    ]
    assert exchange.escrow_status(escrow.escrow_id).state == 3
    assert exchange.owed(escrow.as_tuple(), maker) == (0, escrow.want_amount)
    assert exchange.owed(escrow.as_tuple(), taker) == (escrow.give_amount, 0)


def test_resolve__refund(exchange, disputed, elected, maker, taker):
    escrow = disputed
    receipt = exchange.resolve(escrow.as_tuple(), 0, 0, sender=elected)
    assert receipt.decode_logs(exchange.EscrowResolved)[0].state == 4
    assert exchange.escrow_status(escrow.escrow_id).state == 4
    assert exchange.owed(escrow.as_tuple(), maker) == (escrow.give_amount, 0)
    assert exchange.owed(escrow.as_tuple(), taker) == (0, escrow.want_amount)


def test_resolve__split(exchange, disputed, elected, maker, taker):
    escrow = disputed
    give_to_taker, want_to_maker = 400, escrow.want_amount // 2
    receipt = exchange.resolve(escrow.as_tuple(), give_to_taker, want_to_maker, sender=elected)
    assert receipt.decode_logs(exchange.EscrowResolved)[0].state == 5
    status = exchange.escrow_status(escrow.escrow_id)
    assert (status.state, status.give_to_taker, status.want_to_maker, status.withdrawn) == (
        5,
        give_to_taker,
        want_to_maker,
        0,
    )
    assert exchange.owed(escrow.as_tuple(), maker) == (escrow.give_amount - give_to_taker, want_to_maker)
    assert exchange.owed(escrow.as_tuple(), taker) == (give_to_taker, escrow.want_amount - want_to_maker)


def test_resolve__split_leaving_the_maker_nothing__owes_it_nothing(exchange, disputed, elected, maker, taker):
    escrow = disputed
    exchange.resolve(escrow.as_tuple(), escrow.give_amount, 0, sender=elected)
    status = exchange.escrow_status(escrow.escrow_id)
    assert (status.state, status.withdrawn) == (5, 0)  # nothing withdrawn yet
    assert exchange.owed(escrow.as_tuple(), maker) == (0, 0)
    assert exchange.owed(escrow.as_tuple(), taker) == (escrow.give_amount, escrow.want_amount)
    with ape.reverts("exchange: already withdrawn"):
        exchange.withdraw(escrow.as_tuple(), maker, sender=maker)
    exchange.withdraw(escrow.as_tuple(), taker, sender=taker)  # the only party owed anything
    assert exchange.escrow_status(escrow.escrow_id).state == 0


def test_resolve__split_leaving_the_taker_nothing__owes_it_nothing(exchange, disputed, elected, maker, taker):
    escrow = disputed
    exchange.resolve(escrow.as_tuple(), 0, escrow.want_amount, sender=elected)
    assert exchange.escrow_status(escrow.escrow_id).withdrawn == 0
    assert exchange.owed(escrow.as_tuple(), taker) == (0, 0)
    with ape.reverts("exchange: already withdrawn"):
        exchange.withdraw(escrow.as_tuple(), taker, sender=taker)
    exchange.withdraw(escrow.as_tuple(), maker, sender=maker)
    assert exchange.escrow_status(escrow.escrow_id).state == 0


def test_resolve__by_the_timelock(exchange, disputed, timelock_stand_in, elected):
    exchange.resolve(disputed.as_tuple(), 0, 0, sender=timelock_stand_in)
    assert exchange.escrow_status(disputed.escrow_id).state == 4


def test_resolve__by_default_arbiter_the_timelock(exchange, disputed, timelock_stand_in):
    assert exchange.arbiter() == timelock_stand_in.address
    exchange.resolve(disputed.as_tuple(), 0, 0, sender=timelock_stand_in)


@pytest.mark.parametrize("who", ["outsider", "maker", "taker", "deployer"])
def test_resolve__not_the_arbiter__reverts(exchange, disputed, elected, who, request):
    with ape.reverts("exchange: only the arbiter"):
        exchange.resolve(disputed.as_tuple(), 0, 0, sender=request.getfixturevalue(who))


def test_resolve__arbiter_is_a_party__reverts(exchange, open_escrow, maker, timelock_stand_in):
    escrow = open_escrow()
    exchange.dispute(escrow.as_tuple(), sender=maker)
    exchange.set_arbiter(maker, sender=timelock_stand_in)
    with ape.reverts("exchange: arbiter is a party"):
        exchange.resolve(escrow.as_tuple(), 0, 0, sender=maker)


def test_resolve__not_disputed__reverts(exchange, open_escrow, elected, taker):
    escrow = open_escrow()
    with ape.reverts("exchange: escrow not disputed"):
        exchange.resolve(escrow.as_tuple(), 0, 0, sender=elected)
    exchange.confirm(escrow.as_tuple(), sender=taker)
    with ape.reverts("exchange: escrow not disputed"):
        exchange.resolve(escrow.as_tuple(), 0, 0, sender=elected)


def test_resolve__twice__reverts(exchange, disputed, elected):
    exchange.resolve(disputed.as_tuple(), 0, 0, sender=elected)
    with ape.reverts("exchange: escrow not disputed"):
        exchange.resolve(disputed.as_tuple(), 1, 1, sender=elected)


@pytest.mark.parametrize("extra", [(1, 0), (0, 1)])
def test_resolve__more_than_the_escrow_holds__reverts(exchange, disputed, elected, extra):
    with ape.reverts("exchange: split exceeds escrow"):
        exchange.resolve(
            disputed.as_tuple(),
            disputed.give_amount + extra[0],
            disputed.want_amount + extra[1],
            sender=elected,
        )


def test_resolve__unknown_escrow__reverts(exchange, disputed, elected):
    record = list(disputed.as_tuple())
    record[2] = record[1]  # taker := maker
    with ape.reverts("exchange: unknown escrow"):
        exchange.resolve(tuple(record), 0, 0, sender=elected)


def test_resolve__split_amount_too_large__reverts(
    exchange, traders, make_offer, fill, maker, elected, deployer, erc20_token, erc1155_token
):
    huge = 2**121
    erc1155_token._mint_for_testing(maker, 99, huge, sender=deployer)
    from exchange_helpers import escrow_of

    escrow = escrow_of(
        exchange, fill(make_offer(give_id=99, give_amount=huge, delivery=1, delivery_window=100))
    )
    exchange.dispute(escrow.as_tuple(), sender=maker)
    with ape.reverts("exchange: split amount too large"):
        exchange.resolve(escrow.as_tuple(), 2**120 + 1, 0, sender=elected)
    exchange.resolve(escrow.as_tuple(), huge, escrow.want_amount, sender=elected)  # release still works
    assert exchange.escrow_status(escrow.escrow_id).state == 3
