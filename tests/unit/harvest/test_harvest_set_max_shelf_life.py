"""set_max_shelf_life: the timelock (a passed proposal) sets how long after
its harvest a batch may stay fresh, up to a hard cap; log_harvest refuses a
best-before beyond it. Stored beside the batch counter, so log_harvest reads
no extra slot."""

import ape
import pytest

DAY = 86_400
YEAR = 365 * DAY


def test_max_shelf_life__defaults_and_cap(harvest):
    assert harvest.max_shelf_life() == harvest.DEFAULT_MAX_SHELF_LIFE() == YEAR
    assert harvest.MAX_SHELF_LIFE_CAP() == 3 * YEAR


def test_max_shelf_life__set_at_deployment__logged(project, deployer, mock_membership, timelock_stand_in):
    harvest = project.HarvestToken.deploy(mock_membership, timelock_stand_in, sender=deployer)
    logged = harvest.MaxShelfLifeSet.query("*")
    assert list(logged["event_arguments"].map(lambda a: a["max_shelf_life"])) == [YEAR]


def test_set_max_shelf_life__timelock__sets_and_logs(harvest, timelock_stand_in):
    tx = harvest.set_max_shelf_life(30 * DAY, sender=timelock_stand_in)
    assert harvest.max_shelf_life() == 30 * DAY
    assert [e.max_shelf_life for e in tx.decode_logs(harvest.MaxShelfLifeSet)] == [30 * DAY]


def test_set_max_shelf_life__applies_to_later_logs(harvest, timelock_stand_in, grower, now):
    harvest.set_max_shelf_life(7 * DAY, sender=timelock_stand_in)
    with ape.reverts("harvest: best-before beyond the maximum shelf life"):
        harvest.log_harvest("Kale", 10, now - DAY, now + 6 * DAY + 1, "", sender=grower)
    harvest.log_harvest("Kale", 10, now - DAY, now + 6 * DAY, "", sender=grower)
    harvest.set_max_shelf_life(3 * YEAR, sender=timelock_stand_in)
    harvest.log_harvest("Rice", 10, now - DAY, now - DAY + 3 * YEAR, "", sender=grower)
    assert harvest.batch_count() == 2


def test_set_max_shelf_life__keeps_the_batch_count(harvest, timelock_stand_in, grower, log_batch):
    log_batch(harvest, grower)
    log_batch(harvest, grower)
    harvest.set_max_shelf_life(DAY * 10, sender=timelock_stand_in)
    assert harvest.batch_count() == 2
    assert log_batch(harvest, grower) == 3
    assert harvest.max_shelf_life() == DAY * 10


def test_set_max_shelf_life__the_cap__accepted(harvest, timelock_stand_in):
    harvest.set_max_shelf_life(3 * YEAR, sender=timelock_stand_in)
    assert harvest.max_shelf_life() == 3 * YEAR


def test_set_max_shelf_life__above_the_cap__reverts(harvest, timelock_stand_in):
    with ape.reverts("harvest: shelf life above the cap"):
        harvest.set_max_shelf_life(3 * YEAR + 1, sender=timelock_stand_in)
    with ape.reverts("harvest: shelf life above the cap"):
        harvest.set_max_shelf_life(2**256 - 1, sender=timelock_stand_in)


def test_set_max_shelf_life__zero__reverts(harvest, timelock_stand_in):
    with ape.reverts("harvest: zero shelf life"):
        harvest.set_max_shelf_life(0, sender=timelock_stand_in)


@pytest.mark.parametrize("who", ["grower", "deployer", "outsider"])
def test_set_max_shelf_life__not_the_timelock__reverts(harvest, request, who):
    with ape.reverts("harvest: caller is not the timelock"):
        harvest.set_max_shelf_life(30 * DAY, sender=request.getfixturevalue(who))
