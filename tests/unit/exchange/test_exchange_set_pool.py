"""`set_pool`: the fee pool must be a contract that may hold produce, or every
harvest fill with a fee would revert (finding 11: the timelock, an externally
owned account, a member who later resigns). On the co-op's real Membership
and HarvestToken."""

import ape
import pytest
from exchange_helpers import DAY, ZERO_ADDRESS

MAX = 2**256 - 1
RECEIVER_ACCEPTS = 0

# The module's wider fixtures first (Ape's snapshot isolation).
pytestmark = pytest.mark.usefixtures("coop_exchange", "member", "bare_membership")


@pytest.fixture
def registered_pool(project, deployer, coop_harvest, timelock_stand_in):
    """The community pool: a contract that accepts ERC-1155 and that the
    timelock registered in HarvestToken."""
    pool = project.ERC1155ReceiverMock.deploy(RECEIVER_ACCEPTS, sender=deployer)
    coop_harvest.set_coop_contract(pool, True, sender=timelock_stand_in)
    return pool


def test_set_pool__the_timelock__reverts(project, deployer, coop_exchange, timelock_stand_in):
    """A real TimelockController (snekmate's: it even declares ERC-1155
    receiver support) may not hold harvest."""
    timelock_contract = project.TimelockController.deploy(
        0, [deployer], [deployer], ZERO_ADDRESS, 0, sender=deployer
    )
    assert timelock_contract.supportsInterface(bytes.fromhex("4e2312e0"))
    with ape.reverts("exchange: pool may not hold harvest"):
        coop_exchange.set_pool(timelock_contract, sender=timelock_stand_in)
    with ape.reverts("exchange: pool is not another contract"):
        coop_exchange.set_pool(
            timelock_stand_in, sender=timelock_stand_in
        )  # the unit tests' stand-in account


def test_set_pool__an_externally_owned_account__reverts(coop_exchange, timelock_stand_in, outsider):
    with ape.reverts("exchange: pool is not another contract"):
        coop_exchange.set_pool(outsider, sender=timelock_stand_in)


def test_set_pool__a_member__reverts(coop_exchange, timelock_stand_in, member, bare_membership):
    assert bare_membership.is_member(member)
    with ape.reverts("exchange: pool is not another contract"):
        coop_exchange.set_pool(member, sender=timelock_stand_in)


def test_set_pool__unregistered_contract__reverts(project, deployer, coop_exchange, timelock_stand_in):
    stranger = project.ERC1155ReceiverMock.deploy(RECEIVER_ACCEPTS, sender=deployer)
    with ape.reverts("exchange: pool may not hold harvest"):
        coop_exchange.set_pool(stranger, sender=timelock_stand_in)


def test_set_pool__retired_contract__reverts(coop_exchange, coop_harvest, timelock_stand_in, registered_pool):
    coop_harvest.set_coop_contract(registered_pool, False, sender=timelock_stand_in)
    with ape.reverts("exchange: pool may not hold harvest"):
        coop_exchange.set_pool(registered_pool, sender=timelock_stand_in)


@pytest.mark.parametrize("contract", ["no ERC-165", "ERC-165 without the receiver"])
def test_set_pool__contract_not_declaring_the_receiver_interface__reverts(
    project, deployer, coop_exchange, coop_harvest, timelock_stand_in, contract
):
    if contract == "no ERC-165":
        candidate = project.MockMembership.deploy(timelock_stand_in, sender=deployer)
    else:
        candidate = project.TokenERC1155.deploy(sender=deployer)  # ERC-165, an ERC-1155 token
    coop_harvest.set_coop_contract(candidate, True, sender=timelock_stand_in)
    with ape.reverts("exchange: pool does not declare ERC-1155 receiver support"):
        coop_exchange.set_pool(candidate, sender=timelock_stand_in)


def test_set_pool__registered_receiver__accepted_and_harvest_fee_fills_work(
    coop_exchange,
    coop_harvest,
    coop_credit,
    registered_pool,
    timelock_stand_in,
    maker,
    taker,
    make_offer,
    chain,
):
    from harvest_coop.core.offers import sign_offer

    receipt = coop_exchange.set_pool(registered_pool, sender=timelock_stand_in)
    assert [e.pool for e in receipt.decode_logs(coop_exchange.PoolSet)] == [registered_pool.address]
    coop_exchange.set_fee(100, sender=timelock_stand_in)
    next_timestamp = chain.pending_timestamp
    batch = coop_harvest.log_harvest(
        "tomato", 5_000, next_timestamp - 60, next_timestamp + 7 * DAY, "plot 7", sender=maker
    )
    batch = batch.decode_logs(coop_harvest.HarvestLogged)[0].id
    coop_harvest.setApprovalForAll(coop_exchange, True, sender=maker)
    coop_credit.mint(taker, 10**18, sender=timelock_stand_in)
    coop_credit.approve(coop_exchange, MAX, sender=taker)
    offer = make_offer(
        give_token=coop_harvest,
        give_id=batch,
        give_amount=1_000,
        want_token=coop_credit,
        want_amount=10**18,
        max_fee_bps=100,
    )
    signature = sign_offer(maker, offer, chain.chain_id, coop_exchange)
    receipt = coop_exchange.fill(offer.as_tuple(), signature, 1_000, 1_000, sender=taker)
    assert [e.amount for e in receipt.decode_logs(coop_exchange.FeePaid)] == [10, 10**16]
    assert coop_harvest.balanceOf(registered_pool, batch) == 10
    assert coop_credit.balanceOf(registered_pool) == 10**16


def test_set_pool__retiring_the_pool_needs_a_new_pool_in_the_same_proposal(
    project, deployer, coop_exchange, coop_harvest, timelock_stand_in, registered_pool
):
    """Why docs/exchange.md says so: a pool retired in HarvestToken can no
    longer receive the harvest fee; the proposal that retires it also sets
    another pool (which passes the same checks)."""
    coop_exchange.set_pool(registered_pool, sender=timelock_stand_in)
    coop_harvest.set_coop_contract(registered_pool, False, sender=timelock_stand_in)
    successor = project.ERC1155ReceiverMock.deploy(RECEIVER_ACCEPTS, sender=deployer)
    coop_harvest.set_coop_contract(successor, True, sender=timelock_stand_in)
    coop_exchange.set_pool(successor, sender=timelock_stand_in)
    assert coop_exchange.pool() == successor.address


def test_set_pool__exchange_without_harvest__needs_no_registration(
    project, deployer, bare_membership, timelock_stand_in, coop_credit
):
    exchange = project.NutrientExchange.deploy(
        bare_membership, timelock_stand_in, ZERO_ADDRESS, coop_credit, ZERO_ADDRESS, sender=deployer
    )
    pool = project.ERC1155ReceiverMock.deploy(RECEIVER_ACCEPTS, sender=deployer)
    exchange.set_pool(pool, sender=timelock_stand_in)
    assert exchange.pool() == pool.address


def test_set_pool__zero_while_no_fee__accepted(coop_exchange, timelock_stand_in, registered_pool):
    coop_exchange.set_pool(registered_pool, sender=timelock_stand_in)
    coop_exchange.set_pool(ZERO_ADDRESS, sender=timelock_stand_in)
    assert coop_exchange.pool() == ZERO_ADDRESS
