"""freeze: the timelock (a passed proposal) stops a batch."""

import ape


def test_freeze__timelock__freezes_and_logs(harvest, timelock_stand_in, batch_id):
    tx = harvest.freeze(batch_id, "grower never had a plot", sender=timelock_stand_in)
    assert harvest.batch(batch_id).frozen is True
    assert not harvest.is_transferable(batch_id)
    event = tx.decode_logs(harvest.BatchFrozen)[0]
    assert (event.id, event.reason) == (batch_id, "grower never had a plot")


def test_freeze__keeps_other_fields(harvest, timelock_stand_in, grower, batch_id):
    before = harvest.batch(batch_id)
    harvest.freeze(batch_id, "check", sender=timelock_stand_in)
    after = harvest.batch(batch_id)
    assert (after.grower, after.best_before, after.grams) == (grower.address, before.best_before, 5_000)


def test_freeze__expired_batch__allowed(harvest, timelock_stand_in, batch_id, expire):
    expire(harvest, batch_id)
    harvest.freeze(batch_id, "late fraud report", sender=timelock_stand_in)
    assert harvest.batch(batch_id).frozen is True


def test_freeze__max_reason__accepted(harvest, timelock_stand_in, batch_id):
    harvest.freeze(batch_id, "r" * 256, sender=timelock_stand_in)
    assert harvest.batch(batch_id).frozen is True


def test_freeze__member__reverts(harvest, grower, batch_id):
    with ape.reverts("harvest: caller is not the timelock"):
        harvest.freeze(batch_id, "mine", sender=grower)


def test_freeze__deployer__reverts(harvest, deployer, batch_id):
    with ape.reverts("harvest: caller is not the timelock"):
        harvest.freeze(batch_id, "admin key", sender=deployer)


def test_freeze__unknown_batch__reverts(harvest, timelock_stand_in):
    with ape.reverts("harvest: unknown batch"):
        harvest.freeze(5, "fraud", sender=timelock_stand_in)


def test_freeze__already_frozen__reverts(harvest, timelock_stand_in, batch_id):
    harvest.freeze(batch_id, "fraud", sender=timelock_stand_in)
    with ape.reverts("harvest: batch already frozen"):
        harvest.freeze(batch_id, "fraud again", sender=timelock_stand_in)


def test_freeze__empty_reason__reverts(harvest, timelock_stand_in, batch_id):
    with ape.reverts("harvest: empty reason"):
        harvest.freeze(batch_id, "", sender=timelock_stand_in)


def test_freeze__reason_over_bound__reverts(harvest, timelock_stand_in, batch_id):
    with ape.reverts():
        harvest.freeze(batch_id, "r" * 257, sender=timelock_stand_in)
