"""donate: anyone gives the co-op's harvest or credit; the pool pulls it,
checks that exactly the amount arrived, and logs `Donated`."""

import ape
import pytest
from pool_helpers import CREDIT, DAY

# Credit exists only by a passed proposal: `funded` mints it once per
# module, before the first test (Ape's snapshot isolation wants module
# fixtures set up first).
pytestmark = pytest.mark.usefixtures("funded")


@pytest.fixture
def batch(log_batch):
    return log_batch(grams=10_000)


def test_donate__harvest__pool_pulls_it_and_logs_donated(pool, harvest, grower, batch):
    harvest.setApprovalForAll(pool, True, sender=grower)
    tx = pool.donate(harvest, batch, 2_500, sender=grower)
    assert harvest.balanceOf(pool, batch) == 2_500
    assert harvest.balanceOf(grower, batch) == 7_500
    events = tx.decode_logs(pool.Donated)
    assert len(events) == 1
    assert (events[0].donor, events[0].id, events[0].amount, events[0].epoch) == (
        grower.address,
        batch,
        2_500,
        pool.epoch()[0],
    )


def test_donate__first_action_on_a_resource__records_what_the_pool_held_before(
    pool, harvest, grower, batch, next_epoch
):
    harvest.setApprovalForAll(pool, True, sender=grower)
    pool.donate(harvest, batch, 1_000, sender=grower)
    number = next_epoch()
    tx = pool.donate(harvest, batch, 500, sender=grower)
    recorded = tx.decode_logs(pool.HoldingsRecorded)
    assert [(e.id, e.epoch, e.holdings, e.share) for e in recorded] == [(batch, number, 1_000, 200)]
    assert pool.holdings_at_epoch_start(harvest, batch) == 1_000
    assert harvest.balanceOf(pool, batch) == 1_500


def test_donate__credit__pool_pulls_it_and_logs_donated(pool, credit, donor, funded):
    credit.approve(pool, 40 * CREDIT, sender=donor)
    before = credit.balanceOf(donor)
    tx = pool.donate(credit, 0, 40 * CREDIT, sender=donor)
    assert credit.balanceOf(pool) == 40 * CREDIT
    assert credit.balanceOf(donor) == before - 40 * CREDIT
    event = tx.decode_logs(pool.Donated)[0]
    assert (event.donor, event.id, event.amount) == (donor.address, 0, 40 * CREDIT)


def test_donate__credit_by_an_outsider__accepted(pool, credit, donor, outsider, funded):
    credit.transfer(outsider, 10 * CREDIT, sender=donor)
    credit.approve(pool, 10 * CREDIT, sender=outsider)
    pool.donate(credit, 0, 10 * CREDIT, sender=outsider)
    assert credit.balanceOf(pool) == 10 * CREDIT


# -------------------------------------------------------------- refusals


def test_donate__zero_amount__reverts(pool, harvest, grower, batch):
    with ape.reverts("pool: zero amount"):
        pool.donate(harvest, batch, 0, sender=grower)


def test_donate__other_token__reverts(pool, membership, grower):
    with ape.reverts("pool: only the co-op's harvest token and credit"):
        pool.donate(membership, 1, 1, sender=grower)


def test_donate__credit_with_an_id__reverts(pool, credit, donor):
    with ape.reverts("pool: credit has no id (use 0)"):
        pool.donate(credit, 3, 1, sender=donor)


def test_donate__harvest_without_approval__reverts(pool, harvest, grower, batch):
    with ape.reverts("harvest: caller is not holder or approved"):
        pool.donate(harvest, batch, 1, sender=grower)


def test_donate__credit_without_allowance__reverts(pool, credit, donor, funded):
    with ape.reverts("safe_transfer: token transfer reverted"):
        pool.donate(credit, 0, CREDIT, sender=donor)


def test_donate__expired_batch__reverts(pool, harvest, grower, log_batch, expire):
    batch = log_batch(shelf=2 * DAY)
    harvest.setApprovalForAll(pool, True, sender=grower)
    expire(harvest, batch)
    with ape.reverts("harvest: batch expired"):
        pool.donate(harvest, batch, 1, sender=grower)


def test_donate__harvest_of_an_outsider__reverts(pool, harvest, outsider, batch):
    harvest.setApprovalForAll(pool, True, sender=outsider)
    with ape.reverts("harvest: sender may only redeem or compost"):
        pool.donate(harvest, batch, 1, sender=outsider)


def test_donate__fee_on_transfer_credit__reverts(
    project, deployer, bare_membership, timelock_stand_in, bare_harvest, founder
):
    # Only the co-op's own credit is taken; a credit that delivered less than
    # the amount would be refused all the same.
    fee_token = project.TokenFeeOnTransfer.deploy("Fee", "FEE", 18, sender=deployer)
    pool = project.ResourcePool.deploy(
        bare_membership, timelock_stand_in, bare_harvest, fee_token, sender=deployer
    )
    fee_token._mint_for_testing(founder, 100, sender=deployer)
    fee_token.approve(pool, 100, sender=founder)
    with ape.reverts("pool: balance change differs from amount"):
        pool.donate(fee_token, 0, 100, sender=founder)
    fee_token.set_fee_bps(0, sender=deployer)
    pool.donate(fee_token, 0, 100, sender=founder)
    assert fee_token.balanceOf(pool) == 100
