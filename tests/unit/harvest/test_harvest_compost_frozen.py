"""compost_frozen: only the timelock (a passed proposal) composts a frozen
batch, from a member's (or a former member's) holding; never from a co-op
contract, whose holdings belong to its escrows."""

import ape
import pytest

ZERO_ADDRESS = "0x0000000000000000000000000000000000000000"


@pytest.fixture
def frozen(harvest, timelock_stand_in, batch_id):
    harvest.freeze(batch_id, "never grown", sender=timelock_stand_in)
    return batch_id


def test_compost_frozen__timelock__burns_and_logs(harvest, timelock_stand_in, grower, frozen):
    tx = harvest.compost_frozen(grower, frozen, 3_000, sender=timelock_stand_in)
    assert harvest.balanceOf(grower, frozen) == 2_000
    assert harvest.total_supply(frozen) == 2_000
    composted = tx.decode_logs(harvest.Composted)
    assert [(e.id, e.holder, e.amount) for e in composted] == [(frozen, grower.address, 3_000)]
    by_governance = tx.decode_logs(harvest.CompostedByGovernance)
    assert [(e.id, e.holder, e.amount) for e in by_governance] == [(frozen, grower.address, 3_000)]
    burn = tx.decode_logs(harvest.TransferSingle)[0]
    assert (burn._operator, burn._from, burn._to, burn._value) == (
        timelock_stand_in.address,
        grower.address,
        ZERO_ADDRESS,
        3_000,
    )


def test_compost_frozen__expired_batch__allowed(harvest, timelock_stand_in, grower, frozen, expire):
    expire(harvest, frozen)
    harvest.compost_frozen(grower, frozen, 5_000, sender=timelock_stand_in)
    assert harvest.total_supply(frozen) == 0


def test_compost_frozen__member_who_left__allowed(
    harvest, mock_membership, deployer, timelock_stand_in, grower, frozen
):
    mock_membership.set_member(grower, False, sender=deployer)
    harvest.compost_frozen(grower, frozen, 5_000, sender=timelock_stand_in)
    assert harvest.balanceOf(grower, frozen) == 0


@pytest.mark.parametrize("retired", [False, True])
def test_compost_frozen__coop_contract_holder__reverts(
    harvest, timelock_stand_in, grower, receiver, batch_id, retired
):
    exchange_like = receiver(0, member=False)
    harvest.set_coop_contract(exchange_like, True, sender=timelock_stand_in)
    harvest.safeTransferFrom(grower, exchange_like, batch_id, 100, b"", sender=grower)
    if retired:
        harvest.set_coop_contract(exchange_like, False, sender=timelock_stand_in)
    harvest.freeze(batch_id, "fraud", sender=timelock_stand_in)
    with ape.reverts("harvest: a co-op contract's holdings belong to its escrows"):
        harvest.compost_frozen(exchange_like, batch_id, 100, sender=timelock_stand_in)
    assert harvest.balanceOf(exchange_like, batch_id) == 100


def test_compost_frozen__not_frozen__reverts(harvest, timelock_stand_in, grower, batch_id):
    with ape.reverts("harvest: batch not frozen"):
        harvest.compost_frozen(grower, batch_id, 1, sender=timelock_stand_in)


def test_compost_frozen__unknown_batch__reverts(harvest, timelock_stand_in, grower):
    with ape.reverts("harvest: unknown batch"):
        harvest.compost_frozen(grower, 9, 1, sender=timelock_stand_in)


@pytest.mark.parametrize("who", ["grower", "member", "deployer", "outsider"])
def test_compost_frozen__not_the_timelock__reverts(harvest, request, grower, frozen, who):
    with ape.reverts("harvest: caller is not the timelock"):
        harvest.compost_frozen(grower, frozen, 1, sender=request.getfixturevalue(who))


def test_compost_frozen__zero_amount__reverts(harvest, timelock_stand_in, grower, frozen):
    with ape.reverts("harvest: zero amount"):
        harvest.compost_frozen(grower, frozen, 0, sender=timelock_stand_in)


def test_compost_frozen__more_than_balance__reverts(harvest, timelock_stand_in, grower, frozen):
    with ape.reverts("harvest: insufficient balance"):
        harvest.compost_frozen(grower, frozen, 5_001, sender=timelock_stand_in)
