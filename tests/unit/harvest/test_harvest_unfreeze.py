"""unfreeze: the timelock lifts a freeze."""

import ape


def test_unfreeze__timelock__batch_moves_again(harvest, timelock_stand_in, grower, member, batch_id):
    harvest.freeze(batch_id, "fraud suspected", sender=timelock_stand_in)
    tx = harvest.unfreeze(batch_id, "investigated: genuine", sender=timelock_stand_in)
    assert harvest.batch(batch_id).frozen is False
    assert harvest.is_transferable(batch_id)
    event = tx.decode_logs(harvest.BatchUnfrozen)[0]
    assert (event.id, event.reason) == (batch_id, "investigated: genuine")
    harvest.safeTransferFrom(grower, member, batch_id, 1, b"", sender=grower)
    harvest.redeem(batch_id, 1, sender=member)


def test_unfreeze__expired_batch__still_expired(harvest, timelock_stand_in, grower, member, batch_id, expire):
    harvest.freeze(batch_id, "fraud suspected", sender=timelock_stand_in)
    expire(harvest, batch_id)
    harvest.unfreeze(batch_id, "genuine", sender=timelock_stand_in)
    with ape.reverts("harvest: batch expired"):
        harvest.safeTransferFrom(grower, member, batch_id, 1, b"", sender=grower)


def test_unfreeze__member__reverts(harvest, timelock_stand_in, grower, batch_id):
    harvest.freeze(batch_id, "fraud suspected", sender=timelock_stand_in)
    with ape.reverts("harvest: caller is not the timelock"):
        harvest.unfreeze(batch_id, "it is mine", sender=grower)


def test_unfreeze__not_frozen__reverts(harvest, timelock_stand_in, batch_id):
    with ape.reverts("harvest: batch not frozen"):
        harvest.unfreeze(batch_id, "nothing", sender=timelock_stand_in)


def test_unfreeze__unknown_batch__reverts(harvest, timelock_stand_in):
    with ape.reverts("harvest: unknown batch"):
        harvest.unfreeze(9, "nothing", sender=timelock_stand_in)


def test_unfreeze__empty_reason__reverts(harvest, timelock_stand_in, batch_id):
    harvest.freeze(batch_id, "fraud suspected", sender=timelock_stand_in)
    with ape.reverts("harvest: empty reason"):
        harvest.unfreeze(batch_id, "", sender=timelock_stand_in)
