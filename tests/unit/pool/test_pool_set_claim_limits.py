"""set_claim_limits: timelock only, each at most MAX_CLAIM_LIMIT (0 stops
claims of that kind); a resource recorded in the running epoch keeps the
limit recorded with it."""

import ape
from pool_helpers import CREDIT, DAY

from harvest_coop.ape_layer.governance import call


def test_set_claim_limits__timelock__sets_and_logs(bare_pool, timelock_stand_in):
    tx = bare_pool.set_claim_limits(2_000, 5 * CREDIT, sender=timelock_stand_in)
    assert tuple(bare_pool.claim_limits()) == (2_000, 5 * CREDIT)
    events = tx.decode_logs(bare_pool.ClaimLimitsSet)
    assert [(e.harvest_limit, e.credit_limit) for e in events] == [(2_000, 5 * CREDIT)]


def test_set_claim_limits__zero_and_maximum__accepted(bare_pool, timelock_stand_in):
    maximum = bare_pool.MAX_CLAIM_LIMIT()
    assert maximum == 10**30
    bare_pool.set_claim_limits(0, maximum, sender=timelock_stand_in)
    assert tuple(bare_pool.claim_limits()) == (0, maximum)


def test_set_claim_limits__above_the_maximum__reverts(bare_pool, timelock_stand_in):
    with ape.reverts("pool: harvest limit above the maximum"):
        bare_pool.set_claim_limits(10**30 + 1, 0, sender=timelock_stand_in)
    with ape.reverts("pool: credit limit above the maximum"):
        bare_pool.set_claim_limits(0, 10**30 + 1, sender=timelock_stand_in)


def test_set_claim_limits__not_the_timelock__reverts(bare_pool, founder):
    with ape.reverts("pool: only the timelock (a passed proposal)"):
        bare_pool.set_claim_limits(1, 1, sender=founder)


def test_set_claim_limits__resource_recorded_this_epoch__keeps_its_limit_until_the_next(
    chain, bare_pool, bare_harvest, timelock_stand_in, founders, next_epoch
):
    grower, claimer = founders[3], founders[1]
    now = int(chain.pending_timestamp)
    batch = bare_harvest.log_harvest("Kale", 10_000, now - DAY, now + 60 * DAY, "", sender=grower)
    batch = batch.decode_logs(bare_harvest.HarvestLogged)[0].id
    bare_harvest.safeTransferFrom(grower, bare_pool, batch, 5_000, b"", sender=grower)
    next_epoch(bare_pool)
    bare_pool.claim(bare_harvest, batch, 10, sender=claimer)  # recorded: limit 10,000, share 1,000
    bare_pool.set_claim_limits(20, CREDIT, sender=timelock_stand_in)
    bare_pool.claim(bare_harvest, batch, 500, sender=claimer)
    next_epoch(bare_pool)
    with ape.reverts("pool: above the per-member limit of this epoch"):
        bare_pool.claim(bare_harvest, batch, 21, sender=claimer)
    bare_pool.claim(bare_harvest, batch, 20, sender=claimer)


def test_set_claim_limits__through_real_governance__sets(pool, run_proposal):
    run_proposal([call(pool, "set_claim_limits", 123, 4 * CREDIT)], "new limits")
    assert tuple(pool.claim_limits()) == (123, 4 * CREDIT)
