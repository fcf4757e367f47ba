"""finish_coop: by the caller who started the name, deploys HarvestToken,
CoopCredit, the ResourcePool and NutrientExchange (its fee pool the
ResourcePool from its constructor), registers the exchange and the pool with
HarvestToken's one-time bootstrap and lists the co-op in the registry."""

import ape
import pytest

from harvest_coop.ape_layer.stack import COOP_CONTRACTS, RECORD_FIELDS

CREDIT_NAME, CREDIT_SYMBOL = "New Coop Credit", "NCC"


def block_time(chain, receipt) -> int:
    """The timestamp of the block a receipt is in."""
    return int(chain.blocks[receipt.block_number].timestamp)


@pytest.fixture
def started(factory, start_coop, new_name):
    """`create_coop` sent for `new_name`: (receipt, CoopStarted)."""
    receipt = start_coop()
    return receipt, receipt.decode_logs(factory.CoopStarted)[0]


@pytest.fixture
def finish(factory, creator, new_name):
    def _finish(name=None, sender=None, credit_name=CREDIT_NAME, credit_symbol=CREDIT_SYMBOL):
        return factory.finish_coop(name or new_name, credit_name, credit_symbol, sender=sender or creator)

    return _finish


def test_finish_coop__creator__logs_coop_finished(factory, started, finish, creator, new_name):
    event = finish().decode_logs(factory.CoopFinished)
    assert len(event) == 1
    assert event[0].creator == creator.address and event[0].name == new_name
    assert len({event[0].harvest, event[0].credit, event[0].exchange, event[0].pool}) == 4


def test_finish_coop__creator__registry_logs_coop_created_with_everything(
    factory, registry, started, finish, creator, new_name
):
    start_receipt, core = started
    receipt = finish()
    done = receipt.decode_logs(factory.CoopFinished)[0]
    created = receipt.decode_logs(registry.CoopCreated)
    assert len(created) == 1
    ev = created[0]
    assert ev.creator == creator.address
    assert ev.name == new_name
    assert (ev.timelock, ev.membership, ev.governor) == (core.timelock, core.membership, core.governor)
    assert (ev.harvest, ev.credit, ev.exchange, ev.pool) == (
        done.harvest,
        done.credit,
        done.exchange,
        done.pool,
    )
    assert ev.federation == core.federation
    # An indexer starts at the block the co-op's first contract was deployed in.
    assert ev.creation_block == start_receipt.block_number


def test_finish_coop__creator__wires_harvest_credit_and_exchange(project, factory, started, finish):
    _, core = started
    done = finish().decode_logs(factory.CoopFinished)[0]
    harvest = project.HarvestToken.at(done.harvest)
    credit = project.CoopCredit.at(done.credit)
    exchange = project.NutrientExchange.at(done.exchange)
    assert harvest.MEMBERSHIP() == core.membership and harvest.TIMELOCK() == core.timelock
    assert harvest.owner() == core.timelock
    assert harvest.bootstrapped() and harvest.is_coop_contract(exchange)
    assert (credit.name(), credit.symbol(), credit.decimals()) == (CREDIT_NAME, CREDIT_SYMBOL, 18)
    assert credit.owner() == core.timelock and credit.is_minter(core.timelock)
    assert exchange.MEMBERSHIP() == core.membership and exchange.TIMELOCK() == core.timelock
    assert exchange.HARVEST() == harvest.address and exchange.CREDIT() == credit.address
    assert exchange.arbiter() == core.timelock


def test_finish_coop__creator__wires_the_pool(project, factory, started, finish):
    _, core = started
    done = finish().decode_logs(factory.CoopFinished)[0]
    harvest = project.HarvestToken.at(done.harvest)
    exchange = project.NutrientExchange.at(done.exchange)
    pool = project.ResourcePool.at(done.pool)
    # The exchange's fee goes to the pool from the start, without a proposal;
    # both may hold harvest (one bootstrap, closed).
    assert exchange.pool() == pool.address and exchange.fee_bps() == 0
    assert harvest.is_coop_contract(pool) and harvest.is_coop_contract(exchange) and harvest.bootstrapped()
    assert pool.MEMBERSHIP() == core.membership and pool.TIMELOCK() == core.timelock
    assert pool.HARVEST() == harvest.address and pool.CREDIT() == done.credit
    assert pool.epoch_length() == pool.DEFAULT_EPOCH_LENGTH()
    assert pool.claim_limits() == (pool.DEFAULT_HARVEST_LIMIT(), pool.DEFAULT_CREDIT_LIMIT())


def test_finish_coop__creator__bootstrap_logs_exchange_and_pool(project, factory, started, finish):
    receipt = finish()
    done = receipt.decode_logs(factory.CoopFinished)[0]
    harvest = project.HarvestToken.at(done.harvest)
    registered = [ev.account for ev in receipt.decode_logs(harvest.CoopContractSet) if ev.allowed]
    assert registered == [done.exchange, done.pool]


def test_finish_coop__creator__lists_the_coop_and_clears_the_pending_entry(
    factory, registry, started, finish, new_name
):
    count = registry.coop_count()
    finish()
    assert registry.coop_count() == count + 1
    assert registry.is_registered(new_name)
    assert not factory.is_pending(new_name)
    assert set(factory.pending_coop(new_name)) == {"0x0000000000000000000000000000000000000000"}


def test_finish_coop__creator_within_the_name_hold__lists_the_coop(
    factory, registry, chain, started, finish, new_name
):
    # The last second of the hold: NAME_HOLD - 1 after `create_coop`'s block.
    start_receipt, _ = started
    chain.pending_timestamp = block_time(chain, start_receipt) + factory.NAME_HOLD() - 1
    finish()
    assert registry.is_registered(new_name)
    assert registry.coop(new_name).creation_block == start_receipt.block_number
    assert not factory.is_pending(new_name)


def test_finish_coop__creator__record_names_the_eight_contracts(project, registry, started, finish, new_name):
    finish()
    record = registry.coop(new_name)
    for name in COOP_CONTRACTS:
        address = getattr(record, RECORD_FIELDS[name])
        assert registry.coop_of(address) == new_name


# ---------------------------------------------------------------- refusals


def test_finish_coop__by_someone_else__reverts(started, finish, outsider):
    with ape.reverts("factory: only the creator finishes a co-op"):
        finish(sender=outsider)


def test_finish_coop__by_a_founder_who_did_not_start_it__reverts(started, finish, founders):
    with ape.reverts("factory: only the creator finishes a co-op"):
        finish(sender=founders[1])


def test_finish_coop__unknown_name__reverts(finish):
    with ape.reverts("factory: no co-op of that name is being created"):
        finish(name="Nobody Started This")


def test_finish_coop__twice__reverts(started, finish):
    finish()
    with ape.reverts("factory: no co-op of that name is being created"):
        finish()


def test_finish_coop__empty_credit_name__reverts(started, finish):
    with ape.reverts("factory: empty credit name"):
        finish(credit_name="")


def test_finish_coop__empty_credit_symbol__reverts(started, finish):
    with ape.reverts("factory: empty credit symbol"):
        finish(credit_symbol="")


def test_finish_coop__after_the_name_hold__reverts(factory, registry, chain, started, finish, new_name):
    start_receipt, _ = started
    chain.pending_timestamp = block_time(chain, start_receipt) + factory.NAME_HOLD()
    with ape.reverts("factory: the pending co-op expired; create it again"):
        finish()
    assert not factory.is_pending(new_name)
    assert not registry.is_registered(new_name)


def test_finish_coop__refused__leaves_the_coop_pending_and_unlisted(
    factory, registry, started, finish, outsider, new_name
):
    with ape.reverts("factory: only the creator finishes a co-op"):
        finish(sender=outsider)
    assert factory.is_pending(new_name)
    assert not registry.is_registered(new_name)
    _, core = started
    assert registry.coop_of(core.timelock) == ""
