"""set_epoch_length: timelock only, one day to one year; the running epoch
keeps its length and the new one applies from the next epoch."""

import ape
from pool_helpers import DAY

from harvest_coop.ape_layer.governance import call

YEAR = 365 * DAY


def test_set_epoch_length__timelock__applies_from_the_next_epoch_and_logs(bare_pool, timelock_stand_in):
    number, start, end = bare_pool.epoch()
    tx = bare_pool.set_epoch_length(30 * DAY, sender=timelock_stand_in)
    events = tx.decode_logs(bare_pool.EpochLengthSet)
    assert [(e.epoch_length, e.from_epoch, e.from_time) for e in events] == [(30 * DAY, number + 1, end)]
    assert bare_pool.epoch_length() == 30 * DAY
    # The running epoch is unchanged ...
    assert tuple(bare_pool.epoch()) == (number, start, end)


def test_set_epoch_length__after_the_running_epoch__epochs_have_the_new_length(
    chain, bare_pool, timelock_stand_in
):
    number, _, end = bare_pool.epoch()
    bare_pool.set_epoch_length(2 * DAY, sender=timelock_stand_in)
    chain.mine(timestamp=int(end))
    assert tuple(bare_pool.epoch()) == (number + 1, end, end + 2 * DAY)
    chain.mine(timestamp=int(end) + 5 * DAY)
    assert tuple(bare_pool.epoch()) == (number + 3, end + 4 * DAY, end + 6 * DAY)


def test_set_epoch_length__twice_in_one_epoch__the_last_applies_from_the_same_boundary(
    chain, bare_pool, timelock_stand_in
):
    number, start, end = bare_pool.epoch()
    bare_pool.set_epoch_length(2 * DAY, sender=timelock_stand_in)
    tx = bare_pool.set_epoch_length(3 * DAY, sender=timelock_stand_in)
    event = tx.decode_logs(bare_pool.EpochLengthSet)[0]
    assert (event.from_epoch, event.from_time) == (number + 1, end)
    assert tuple(bare_pool.epoch()) == (number, start, end)
    chain.mine(timestamp=int(end) + 3 * DAY)
    assert tuple(bare_pool.epoch()) == (number + 2, end + 3 * DAY, end + 6 * DAY)


def test_set_epoch_length__bounds__one_day_and_one_year_accepted(bare_pool, timelock_stand_in):
    bare_pool.set_epoch_length(DAY, sender=timelock_stand_in)
    bare_pool.set_epoch_length(YEAR, sender=timelock_stand_in)
    assert bare_pool.epoch_length() == YEAR == bare_pool.MAX_EPOCH_LENGTH()
    assert bare_pool.MIN_EPOCH_LENGTH() == DAY


def test_set_epoch_length__out_of_bounds__reverts(bare_pool, timelock_stand_in):
    for length in (0, DAY - 1, YEAR + 1):
        with ape.reverts("pool: epoch length must be one day to one year"):
            bare_pool.set_epoch_length(length, sender=timelock_stand_in)


def test_set_epoch_length__not_the_timelock__reverts(bare_pool, founder, deployer):
    for who in (founder, deployer):
        with ape.reverts("pool: only the timelock (a passed proposal)"):
            bare_pool.set_epoch_length(2 * DAY, sender=who)


def test_set_epoch_length__through_real_governance__sets(pool, run_proposal):
    run_proposal([call(pool, "set_epoch_length", 14 * DAY)], "two-week epochs")
    assert pool.epoch_length() == 14 * DAY


def test_set_epoch_length__shorter_mid_epoch_after_a_claim__no_second_share_before_the_running_epoch_ends(
    chain, bare_pool, bare_harvest, timelock_stand_in, founders, log_batch, next_epoch
):
    # Neither renumbered nor restarted: a member who took its share of the
    # running epoch takes no more in what would be a new epoch under the new
    # length, and a fresh share (of what is left) once the running one ends.
    grower, claimer = founders[3], founders[1]
    batch = log_batch(token=bare_harvest, who=grower)
    bare_harvest.safeTransferFrom(grower, bare_pool, batch, 1_000, b"", sender=grower)
    next_epoch(bare_pool)
    bare_pool.claim(bare_harvest, batch, 200, sender=claimer)
    number, start, end = bare_pool.epoch()
    bare_pool.set_epoch_length(DAY, sender=timelock_stand_in)
    chain.mine(timestamp=int(start) + 2 * DAY)
    assert tuple(bare_pool.epoch()) == (number, start, end)
    with ape.reverts("pool: above your equal share of this epoch"):
        bare_pool.claim(bare_harvest, batch, 1, sender=claimer)
    chain.mine(timestamp=int(end))
    assert tuple(bare_pool.epoch()) == (number + 1, end, end + DAY)
    with ape.reverts("pool: above your equal share of this epoch"):
        bare_pool.claim(bare_harvest, batch, 161, sender=claimer)
    bare_pool.claim(bare_harvest, batch, 160, sender=claimer)  # 800 g left, five members
