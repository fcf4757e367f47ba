"""compost: anyone composts all the pool holds of an expired batch, so the
pool never keeps dead food; never a fresh or a frozen batch."""

import ape
from pool_helpers import DAY

from harvest_coop.ape_layer.governance import call


def test_compost__expired_batch__burns_everything_the_pool_holds_and_logs(
    pool, harvest, outsider, stock_batch, expire
):
    batch = stock_batch(given=700, shelf=8 * DAY)
    supply = harvest.total_supply(batch)
    expire(harvest, batch)
    tx = pool.compost(batch, sender=outsider)
    assert harvest.balanceOf(pool, batch) == 0
    assert harvest.total_supply(batch) == supply - 700
    events = tx.decode_logs(pool.Composted)
    assert len(events) == 1
    assert (events[0].id, events[0].caller, events[0].amount, events[0].epoch) == (
        batch,
        outsider.address,
        700,
        pool.epoch()[0],
    )
    token_events = tx.decode_logs(harvest.Composted)
    assert [(e.id, e.holder, e.amount) for e in token_events] == [(batch, pool.address, 700)]


def test_compost__returns_the_grams(pool, harvest, claimer, stock_batch, expire):
    batch = stock_batch(given=300, shelf=8 * DAY)
    expire(harvest, batch)
    assert pool.compost.call(batch, sender=claimer) == 300


def test_compost__fresh_batch__reverts(pool, claimer, stock_batch):
    batch = stock_batch(given=300)
    with ape.reverts("pool: batch not expired"):
        pool.compost(batch, sender=claimer)


def test_compost__at_best_before__still_fresh__reverts(chain, pool, harvest, claimer, stock_batch):
    batch = stock_batch(given=300, shelf=8 * DAY)
    chain.pending_timestamp = int(harvest.batch(batch).best_before)
    with ape.reverts("pool: batch not expired"):
        pool.compost(batch, sender=claimer)


def test_compost__unknown_batch__reverts(pool, claimer):
    with ape.reverts("pool: unknown batch"):
        pool.compost(999_999, sender=claimer)


def test_compost__nothing_held__reverts(pool, harvest, claimer, log_batch, expire):
    batch = log_batch(shelf=2 * DAY)
    expire(harvest, batch)
    with ape.reverts("pool: the pool holds none of this batch"):
        pool.compost(batch, sender=claimer)


def test_compost__frozen_expired_batch__reverts(pool, harvest, claimer, run_proposal, stock_batch, expire):
    batch = stock_batch(given=300, shelf=8 * DAY)
    run_proposal([call(harvest, "freeze", batch, "fraud")], "freeze the batch")
    expire(harvest, batch)
    with ape.reverts("pool: batch frozen; governance decides about it"):
        pool.compost(batch, sender=claimer)
    assert harvest.balanceOf(pool, batch) == 300
