"""The pool's views: the epoch, the parameters, what the running epoch
recorded, and what a member has claimed and may claim."""

import ape
import pytest
from pool_helpers import CREDIT, DAY, WEEK

from harvest_coop.ape_layer.governance import call

# Credit exists only by a passed proposal: `funded` mints it once per
# module, before the first test (Ape's snapshot isolation wants module
# fixtures set up first).
pytestmark = pytest.mark.usefixtures("funded")


def test_epoch__numbered_from_one__each_default_length(pool, next_epoch, factory_receipts_block):
    number, start, end = pool.epoch()
    assert end - start == WEEK
    assert next_epoch() == number + 1
    assert tuple(pool.epoch()) == (number + 1, end, end + WEEK)


@pytest.fixture
def factory_receipts_block(coop_and_receipts, chain):
    """The first epoch began when the co-op was finished."""
    finish = coop_and_receipts[1].finish
    return chain.provider.get_block(finish.block_number).timestamp


def test_epoch__first_epoch__began_when_the_coop_was_finished(pool, factory_receipts_block):
    number, start, _ = pool.epoch()
    assert (start - factory_receipts_block) % WEEK == 0
    assert number == 1 + (start - factory_receipts_block) // WEEK


def test_epoch_length_and_claim_limits__defaults(pool):
    assert pool.epoch_length() == pool.DEFAULT_EPOCH_LENGTH() == WEEK
    assert tuple(pool.claim_limits()) == (pool.DEFAULT_HARVEST_LIMIT(), pool.DEFAULT_CREDIT_LIMIT())
    assert tuple(pool.claim_limits()) == (10_000, 100 * CREDIT)


def test_epoch_members__before_and_after_the_epoch_s_first_action(
    pool, harvest, membership, claimer, newcomer, run_proposal, stock_batch
):
    batch = stock_batch()
    assert pool.epoch_members() == membership.totalSupply() == 5
    pool.claim(harvest, batch, 1, sender=claimer)
    run_proposal([call(membership, "admit", newcomer)], "admit")
    assert membership.totalSupply() == 6
    assert pool.epoch_members() == 5


def test_holdings_at_epoch_start__before_and_after_the_first_action(
    pool, harvest, grower, claimer, stock_batch
):
    batch = stock_batch(given=1_000)
    harvest.safeTransferFrom(grower, pool, batch, 500, b"", sender=grower)  # the first action: records 1,000
    assert pool.holdings_at_epoch_start(harvest, batch) == 1_000
    pool.claim(harvest, batch, 200, sender=claimer)  # the share of 1,000 / 5
    assert pool.holdings_at_epoch_start(harvest, batch) == 1_000
    assert harvest.balanceOf(pool, batch) == 1_300


def test_holdings_at_epoch_start__nothing_recorded_yet__what_the_pool_holds(pool, harvest, stock_batch):
    batch = stock_batch(given=800)
    assert pool.holdings_at_epoch_start(harvest, batch) == 800


def test_claimed__per_epoch(pool, harvest, claimer, stock_batch, next_epoch):
    batch = stock_batch(given=1_000)
    assert pool.claimed(claimer, harvest, batch) == 0
    pool.claim(harvest, batch, 120, sender=claimer)
    pool.claim(harvest, batch, 30, sender=claimer)
    assert pool.claimed(claimer, harvest, batch) == 150
    next_epoch()
    assert pool.claimed(claimer, harvest, batch) == 0


def test_claimable__the_least_of_share_limit_and_holdings(
    pool, harvest, credit, claimer, neighbour, funded, run_proposal, stock_batch
):
    batch = stock_batch(given=1_000)
    assert pool.claimable(claimer, harvest, batch) == 200
    pool.claim(harvest, batch, 50, sender=claimer)
    assert pool.claimable(claimer, harvest, batch) == 150
    assert pool.claimable(neighbour, harvest, batch) == 200
    assert pool.claimable(claimer, credit, 0) == 0  # the pool holds no credit
    run_proposal([call(pool, "set_claim_limits", 60, CREDIT)], "small limits")
    # The batch keeps the limit recorded with it in this epoch.
    assert pool.claimable(claimer, harvest, batch) == 150
    other = stock_batch(given=1_000)
    assert pool.claimable(claimer, harvest, other) == 60


def test_claimable__who_may_not_claim__zero(
    pool, harvest, membership, outsider, newcomer, claimer, run_proposal, stock_batch, expire
):
    batch = stock_batch(given=1_000, shelf=8 * DAY)
    assert pool.claimable(outsider, harvest, batch) == 0
    run_proposal([call(membership, "admit", newcomer)], "admit")
    assert pool.claimable(newcomer, harvest, batch) == 0
    expire(harvest, batch)
    assert pool.claimable(claimer, harvest, batch) == 0


def test_claimable__frozen_batch__zero(pool, harvest, claimer, run_proposal, stock_batch):
    batch = stock_batch(given=1_000)
    run_proposal([call(harvest, "freeze", batch, "fraud")], "freeze")
    assert pool.claimable(claimer, harvest, batch) == 0


def test_views__other_token__revert(pool, membership, claimer):
    for view in (pool.holdings_at_epoch_start, pool.claimable, pool.claimed):
        args = (membership, 1) if view == pool.holdings_at_epoch_start else (claimer, membership, 1)
        with ape.reverts("pool: only the co-op's harvest token and credit"):
            view(*args)


def test_views__harvest_id_0__revert(pool, harvest, credit, claimer, donor, funded):
    """Batch ids start at 1; the pool's records of id 0 are the credit's,
    which a view of harvest id 0 used to show."""
    credit.approve(pool, 10**18, sender=donor)
    pool.donate(credit, 0, 10**18, sender=donor)
    assert pool.holdings_at_epoch_start(credit, 0) == 0  # recorded before the gift, the epoch's first action
    for view in (pool.holdings_at_epoch_start, pool.claimable, pool.claimed):
        args = (harvest, 0) if view == pool.holdings_at_epoch_start else (claimer, harvest, 0)
        with ape.reverts("pool: harvest batch ids start at 1"):
            view(*args)
    with ape.reverts("pool: harvest batch ids start at 1"):
        pool.claim(harvest, 0, 1, sender=claimer)


def test_immutables__name_the_coop_s_contracts(pool, coop):
    assert pool.MEMBERSHIP() == coop["Membership"].address
    assert pool.TIMELOCK() == coop["TimelockController"].address
    assert pool.HARVEST() == coop["HarvestToken"].address
    assert pool.CREDIT() == coop["CoopCredit"].address
