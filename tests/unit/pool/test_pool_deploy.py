"""The constructor: the co-op's own tokens only, the first epoch begins at
once with the default length and limits (events), the deployer keeps
nothing."""

import ape
import pytest
from pool_helpers import CREDIT, WEEK, ZERO_ADDRESS


@pytest.fixture
def deploy(project, deployer, bare_membership, timelock_stand_in, bare_harvest, bare_credit):
    def _deploy(membership=None, timelock=None, harvest=None, credit=None):
        return project.ResourcePool.deploy(
            membership or bare_membership,
            timelock or timelock_stand_in,
            harvest or bare_harvest,
            credit or bare_credit,
            sender=deployer,
        )

    return _deploy


def test_deploy__valid__first_epoch_defaults_and_events(chain, deploy, timelock_stand_in, bare_membership):
    pool = deploy()
    receipt = chain.get_receipt(pool.txn_hash)
    now = chain.provider.get_block(receipt.block_number).timestamp
    assert tuple(pool.epoch()) == (1, now, now + WEEK)
    assert tuple(pool.claim_limits()) == (10_000, 100 * CREDIT)
    lengths = receipt.decode_logs(pool.EpochLengthSet)
    assert [(e.epoch_length, e.from_epoch, e.from_time) for e in lengths] == [(WEEK, 1, now)]
    limits = receipt.decode_logs(pool.ClaimLimitsSet)
    assert [(e.harvest_limit, e.credit_limit) for e in limits] == [(10_000, 100 * CREDIT)]
    assert pool.TIMELOCK() == timelock_stand_in.address
    assert pool.MEMBERSHIP() == bare_membership.address


def test_deploy__zero_timelock__reverts(deploy):
    with ape.reverts("pool: timelock is the zero address"):
        deploy(timelock=ZERO_ADDRESS)


def test_deploy__timelock_not_membership_s__reverts(deploy, outsider):
    with ape.reverts("pool: timelock is not the co-op's"):
        deploy(timelock=outsider)


def test_deploy__harvest_not_a_contract__reverts(deploy, outsider):
    with ape.reverts("pool: harvest token is not a contract"):
        deploy(harvest=outsider)


def test_deploy__harvest_token_of_another_coop__reverts(deploy, coop):
    with ape.reverts("pool: harvest token is not the co-op's"):
        deploy(harvest=coop["HarvestToken"])


def test_deploy__credit_not_a_contract__reverts(deploy, outsider):
    with ape.reverts("pool: credit is not a contract"):
        deploy(credit=outsider)


def test_deploy__credit_of_another_coop__reverts(deploy, coop):
    with ape.reverts("pool: credit is not the co-op's"):
        deploy(credit=coop["CoopCredit"])
