"""onERC1155Received: the co-op's harvest sent straight to the pool is a
donation (also the exchange's fee in harvest); any other token is refused."""

import ape
import pytest
from pool_helpers import CREDIT, DAY

from harvest_coop.ape_layer.governance import call
from harvest_coop.core.offers import Offer, sign_offer

# Credit exists only by a passed proposal: `funded` mints it once per
# module, before the first test (Ape's snapshot isolation wants module
# fixtures set up first).
pytestmark = pytest.mark.usefixtures("funded")

ON_RECEIVED = bytes.fromhex("f23a6e61")


def test_on_received__harvest_sent_to_the_pool__is_a_donation(pool, harvest, grower, log_batch, next_epoch):
    batch = log_batch()
    number = next_epoch()
    tx = harvest.safeTransferFrom(grower, pool, batch, 400, b"", sender=grower)
    assert harvest.balanceOf(pool, batch) == 400
    donated = tx.decode_logs(pool.Donated)
    assert [(e.donor, e.id, e.amount, e.epoch) for e in donated] == [(grower.address, batch, 400, number)]
    # The first action of the epoch on the batch recorded what was there before.
    recorded = tx.decode_logs(pool.HoldingsRecorded)
    assert [(e.id, e.epoch, e.holdings) for e in recorded] == [(batch, number, 0)]


def test_on_received__second_transfer_in_the_epoch__records_nothing_again(pool, harvest, grower, log_batch):
    batch = log_batch()
    harvest.safeTransferFrom(grower, pool, batch, 400, b"", sender=grower)
    tx = harvest.safeTransferFrom(grower, pool, batch, 100, b"", sender=grower)
    assert not tx.decode_logs(pool.HoldingsRecorded)
    assert pool.holdings_at_epoch_start(harvest, batch) == 0
    assert tx.decode_logs(pool.Donated)[0].amount == 100


def test_on_received__by_an_operator__the_holder_is_the_donor(pool, harvest, grower, claimer, log_batch):
    batch = log_batch()
    harvest.setApprovalForAll(claimer, True, sender=grower)
    tx = harvest.safeTransferFrom(grower, pool, batch, 10, b"", sender=claimer)
    assert tx.decode_logs(pool.Donated)[0].donor == grower.address


def test_on_received__called_by_anything_but_the_harvest_token__reverts(pool, grower):
    with ape.reverts("pool: only the co-op's harvest token"):
        pool.onERC1155Received(grower, grower, 1, 1, b"", sender=grower)


def test_on_received__another_erc1155__refused(project, deployer, pool, grower):
    token = project.TokenERC1155.deploy(sender=deployer)
    token._mint_for_testing(grower, 1, 10, sender=deployer)
    with ape.reverts("pool: only the co-op's harvest token"):
        token.safeTransferFrom(grower, pool, 1, 10, b"", sender=grower)


def test_on_received__pull_of_donate__answers_without_a_second_donation(pool, harvest, grower, log_batch):
    batch = log_batch()
    harvest.setApprovalForAll(pool, True, sender=grower)
    tx = pool.donate(harvest, batch, 10, sender=grower)
    assert len(tx.decode_logs(pool.Donated)) == 1


# ------------------------------------------------------ the exchange's fee


@pytest.fixture
def traded(chain, coop, founders, funded, run_proposal, log_batch):
    """A fee of 1 % set by a proposal (the pool needs none: it is the
    exchange's pool from the start); the maker holds a batch, both sides
    approved the exchange."""
    exchange, harvest, credit = coop["NutrientExchange"], coop["HarvestToken"], coop["CoopCredit"]
    run_proposal([call(exchange, "set_fee", 100)], "a 1 % fee for the pool")
    maker, taker = founders[0], founders[1]
    batch = log_batch(grams=10_000, who=maker)
    harvest.setApprovalForAll(exchange, True, sender=maker)
    credit.approve(exchange, 2**256 - 1, sender=taker)
    return maker, taker, batch


def test_on_received__exchange_fee_in_harvest_and_credit__reaches_the_pool(chain, coop, pool, traded):
    exchange, harvest, credit = coop["NutrientExchange"], coop["HarvestToken"], coop["CoopCredit"]
    maker, taker, batch = traded
    offer = Offer(
        maker=maker.address,
        give_token=harvest.address,
        give_id=batch,
        give_amount=1_000,
        want_token=credit.address,
        want_id=0,
        want_amount=10 * CREDIT,
        expiry=chain.pending_timestamp + DAY,
        nonce=1,
        max_fee_bps=100,
    )
    signature = sign_offer(maker, offer, chain.chain_id, exchange)
    tx = exchange.fill(offer.as_tuple(), signature, 1_000, 1_000, sender=taker)
    assert harvest.balanceOf(pool, batch) == 10
    assert credit.balanceOf(pool) == CREDIT // 10
    fees = tx.decode_logs(exchange.FeePaid)
    assert {(e.pool, e.amount) for e in fees} == {(pool.address, 10), (pool.address, CREDIT // 10)}
    # The harvest fee arrives through the hook: a donation by the maker.
    donated = tx.decode_logs(pool.Donated)
    assert [(e.donor, e.id, e.amount) for e in donated] == [(maker.address, batch, 10)]
    assert ON_RECEIVED  # the selector the hook answers (checked by HarvestToken)


def test_on_received__fee_on_a_leg_of_another_allowed_token__not_taken_so_nothing_sits_unclaimable(
    chain, project, deployer, coop, pool, traded, run_proposal
):
    # Governance allows a token the pool cannot share out (here a plain
    # ERC-20, as a federated co-op's credit would be): a fee on its leg
    # would sit in the pool for ever, since members claim only the co-op's
    # harvest and credit. Such a leg pays no fee; the harvest leg still does.
    exchange, harvest = coop["NutrientExchange"], coop["HarvestToken"]
    maker, taker, batch = traded
    other = project.TokenERC20.deploy("Other Credit", "OCR", 18, sender=deployer)
    other._mint_for_testing(taker, 100 * CREDIT, sender=deployer)
    other.approve(exchange, 2**256 - 1, sender=taker)
    run_proposal([call(exchange, "set_token_allowed", other, True)], "trade in the other co-op's credit")
    offer = Offer(
        maker=maker.address,
        give_token=harvest.address,
        give_id=batch,
        give_amount=1_000,
        want_token=other.address,
        want_id=0,
        want_amount=10 * CREDIT,
        expiry=chain.pending_timestamp + DAY,
        nonce=2,
        max_fee_bps=100,
    )
    signature = sign_offer(maker, offer, chain.chain_id, exchange)
    tx = exchange.fill(offer.as_tuple(), signature, 1_000, 1_000, sender=taker)
    assert other.balanceOf(pool) == 0
    assert other.balanceOf(maker) == 10 * CREDIT
    assert harvest.balanceOf(pool, batch) == 10
    assert [(e.token, e.amount) for e in tx.decode_logs(exchange.FeePaid)] == [(harvest.address, 10)]
    with ape.reverts("pool: only the co-op's harvest token and credit"):
        pool.claim(other, 0, 1, sender=maker)
