"""redeem: picking the produce up burns the holder's tokens."""

import ape

ZERO_ADDRESS = "0x0000000000000000000000000000000000000000"


def test_redeem__holder__burns_and_logs(harvest, grower, batch_id):
    tx = harvest.redeem(batch_id, 1_200, sender=grower)
    assert harvest.balanceOf(grower, batch_id) == 3_800
    assert harvest.total_supply(batch_id) == 3_800
    redeemed = tx.decode_logs(harvest.Redeemed)[0]
    assert (redeemed.id, redeemed.holder, redeemed.amount) == (batch_id, grower.address, 1_200)
    burn = tx.decode_logs(harvest.TransferSingle)[0]
    assert (burn._operator, burn._from, burn._to) == (grower.address, grower.address, ZERO_ADDRESS)
    assert (burn._id, burn._value) == (batch_id, 1_200)
    assert tx.decode_logs(harvest.Composted) == []


def test_redeem__whole_batch__supply_zero(harvest, grower, batch_id):
    harvest.redeem(batch_id, 5_000, sender=grower)
    assert harvest.total_supply(batch_id) == 0
    assert not harvest.exists(batch_id)
    # The batch's record stays.
    assert harvest.batch(batch_id).grams == 5_000


def test_redeem__receiver_of_transfer__burns_own(harvest, grower, member, batch_id):
    harvest.safeTransferFrom(grower, member, batch_id, 700, b"", sender=grower)
    harvest.redeem(batch_id, 700, sender=member)
    assert harvest.balanceOf(member, batch_id) == 0
    assert harvest.balanceOf(grower, batch_id) == 4_300
    assert harvest.total_supply(batch_id) == 4_300


def test_redeem__member_who_left__allowed(harvest, mock_membership, deployer, grower, batch_id):
    mock_membership.set_member(grower, False, sender=deployer)
    harvest.redeem(batch_id, 5_000, sender=grower)
    assert harvest.balanceOf(grower, batch_id) == 0


def test_redeem__resigned_member_on_real_membership__allowed(
    real_harvest, bare_membership, log_batch, grower
):
    batch = log_batch(real_harvest, grower)
    bare_membership.resign(sender=grower)
    real_harvest.redeem(batch, 100, sender=grower)
    assert real_harvest.balanceOf(grower, batch) == 4_900


def test_redeem__expired_batch__reverts(harvest, grower, batch_id, expire):
    expire(harvest, batch_id)
    with ape.reverts("harvest: batch expired"):
        harvest.redeem(batch_id, 1, sender=grower)


def test_redeem__frozen_batch__reverts(harvest, timelock_stand_in, grower, batch_id):
    harvest.freeze(batch_id, "fraud suspected", sender=timelock_stand_in)
    with ape.reverts("harvest: batch frozen"):
        harvest.redeem(batch_id, 1, sender=grower)


def test_redeem__unknown_batch__reverts(harvest, grower):
    with ape.reverts("harvest: unknown batch"):
        harvest.redeem(7, 1, sender=grower)


def test_redeem__zero_amount__reverts(harvest, grower, batch_id):
    with ape.reverts("harvest: zero amount"):
        harvest.redeem(batch_id, 0, sender=grower)


def test_redeem__more_than_balance__reverts(harvest, grower, batch_id):
    with ape.reverts("harvest: insufficient balance"):
        harvest.redeem(batch_id, 5_001, sender=grower)


def test_redeem__non_holder__reverts(harvest, member, batch_id):
    with ape.reverts("harvest: insufficient balance"):
        harvest.redeem(batch_id, 1, sender=member)
