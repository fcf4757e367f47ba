"""compost: burning by the holder, the only way out of an expired batch; never
of a frozen batch (governance's evidence, see compost_frozen)."""

import ape

ZERO_ADDRESS = "0x0000000000000000000000000000000000000000"


def test_compost__expired_batch__burns_and_logs(harvest, grower, batch_id, expire):
    expire(harvest, batch_id)
    tx = harvest.compost(batch_id, 5_000, sender=grower)
    assert harvest.balanceOf(grower, batch_id) == 0
    assert harvest.total_supply(batch_id) == 0
    composted = tx.decode_logs(harvest.Composted)[0]
    assert (composted.id, composted.holder, composted.amount) == (batch_id, grower.address, 5_000)
    burn = tx.decode_logs(harvest.TransferSingle)[0]
    assert (burn._from, burn._to, burn._value) == (grower.address, ZERO_ADDRESS, 5_000)
    assert tx.decode_logs(harvest.Redeemed) == []


def test_compost__fresh_batch__allowed(harvest, grower, batch_id):
    harvest.compost(batch_id, 10, sender=grower)
    assert harvest.total_supply(batch_id) == 4_990


def test_compost__frozen_batch__reverts(harvest, timelock_stand_in, grower, batch_id):
    """A frozen batch is governance's evidence: its holder may not destroy it."""
    harvest.freeze(batch_id, "never grown", sender=timelock_stand_in)
    with ape.reverts("harvest: batch frozen; only governance may compost it"):
        harvest.compost(batch_id, 5_000, sender=grower)
    assert harvest.total_supply(batch_id) == 5_000


def test_compost__frozen_and_expired_batch__reverts(harvest, timelock_stand_in, grower, batch_id, expire):
    harvest.freeze(batch_id, "never grown", sender=timelock_stand_in)
    expire(harvest, batch_id)
    with ape.reverts("harvest: batch frozen; only governance may compost it"):
        harvest.compost(batch_id, 1, sender=grower)


def test_compost__unfrozen_again__allowed(harvest, timelock_stand_in, grower, batch_id):
    harvest.freeze(batch_id, "check", sender=timelock_stand_in)
    harvest.unfreeze(batch_id, "cleared", sender=timelock_stand_in)
    harvest.compost(batch_id, 5_000, sender=grower)
    assert harvest.total_supply(batch_id) == 0


def test_compost__member_who_left__allowed(harvest, mock_membership, deployer, grower, batch_id, expire):
    mock_membership.set_member(grower, False, sender=deployer)
    expire(harvest, batch_id)
    harvest.compost(batch_id, 5_000, sender=grower)
    assert harvest.balanceOf(grower, batch_id) == 0


def test_compost__unknown_batch__reverts(harvest, grower):
    with ape.reverts("harvest: unknown batch"):
        harvest.compost(3, 1, sender=grower)


def test_compost__zero_amount__reverts(harvest, grower, batch_id):
    with ape.reverts("harvest: zero amount"):
        harvest.compost(batch_id, 0, sender=grower)


def test_compost__more_than_balance__reverts(harvest, grower, batch_id):
    with ape.reverts("harvest: insufficient balance"):
        harvest.compost(batch_id, 5_001, sender=grower)


def test_compost__other_holders_tokens__reverts(harvest, member, batch_id):
    with ape.reverts("harvest: insufficient balance"):
        harvest.compost(batch_id, 1, sender=member)
