"""Two co-ops made by the factory federate by governance on both sides (each
step a passed proposal of that co-op), and what federation allows: holding
each other's produce, trading through either exchange, giving to either
pool (claims stay with a co-op's own members). After either ends it, new
cross-co-op moves are refused and nothing already held is lost."""

import ape
import pytest
from federation_helpers import ACTIVE, CREDIT, DAY, NONE

from harvest_coop.ape_layer.governance import call, pass_proposal
from harvest_coop.core.constants import Delivery
from harvest_coop.core.offers import Escrow, Offer, sign_offer
from harvest_coop.core.proposals import proposal_of

MAX = 2**256 - 1

# Both governances' steps run once per module, before the first test (Ape's
# snapshot isolation wants module fixtures set up first); the one-sided
# proposal alone is test_federation_propose_federation.py's.
pytestmark = pytest.mark.usefixtures("federated")


def _pass(chain, coop, founders, actions, description):
    return pass_proposal(
        chain, coop["CoopGovernor"], founders[0], founders, proposal_of(actions, description, founders[0])
    )


@pytest.fixture(scope="module")
def federated(chain, coop, other_coop, founders, other_founders):
    """Co-op A's governance proposed federation to co-op B, B's accepted;
    each co-op then minted its credit to a member of the other (for the
    trades)."""
    _pass(
        chain,
        coop,
        founders,
        [call(coop["Federation"], "propose_federation", other_coop["Federation"])],
        "federate with Other Coop",
    )
    _pass(
        chain,
        other_coop,
        other_founders,
        [
            call(other_coop["Federation"], "accept_federation", coop["Federation"]),
            call(other_coop["CoopCredit"], "mint", founders[1], 100 * CREDIT),
        ],
        "accept federation with Test Coop",
    )
    _pass(
        chain, coop, founders, [call(coop["CoopCredit"], "mint", other_founders[0], 100 * CREDIT)], "credit"
    )
    return coop, other_coop


@pytest.fixture
def batch_of(chain):
    """`who` logs a harvest at `coop`; returns its id."""

    def _log(coop, who, grams=10_000, shelf=30 * DAY):
        now = int(chain.pending_timestamp)
        tx = coop["HarvestToken"].log_harvest("Beans", grams, now - DAY, now + shelf, "", sender=who)
        return int(tx.decode_logs(coop["HarvestToken"].HarvestLogged)[0].id)

    return _log


def test_acceptance__both_sides_active(federated, founders, other_founders):
    coop, other_coop = federated
    assert coop["Federation"].federation_status(other_coop["Federation"]) == ACTIVE
    assert other_coop["Federation"].federation_status(coop["Federation"]) == ACTIVE
    assert coop["Membership"].federated(0) == other_coop["Membership"].address
    assert other_coop["Membership"].federated(0) == coop["Membership"].address
    assert coop["Membership"].is_network_member(other_founders[0])
    assert other_coop["Membership"].is_network_member(founders[0])


def test_federated__members_hold_and_pass_on_each_other_s_harvest(
    federated, founders, other_founders, batch_of
):
    coop, other_coop = federated
    a_harvest, b_harvest = coop["HarvestToken"], other_coop["HarvestToken"]
    a_batch = batch_of(coop, founders[0])
    a_harvest.safeTransferFrom(founders[0], other_founders[0], a_batch, 500, b"", sender=founders[0])
    a_harvest.safeTransferFrom(other_founders[0], founders[1], a_batch, 200, b"", sender=other_founders[0])
    a_harvest.safeTransferFrom(
        other_founders[0], other_founders[1], a_batch, 100, b"", sender=other_founders[0]
    )
    assert a_harvest.balanceOf(other_founders[1], a_batch) == 100
    b_batch = batch_of(other_coop, other_founders[0])
    b_harvest.safeTransferFrom(other_founders[0], founders[2], b_batch, 300, b"", sender=other_founders[0])
    assert b_harvest.balanceOf(founders[2], b_batch) == 300


def _swap(chain, coop, maker, taker, batch, nonce=1, delivery=Delivery.NONE):
    exchange, harvest, credit = coop["NutrientExchange"], coop["HarvestToken"], coop["CoopCredit"]
    harvest.setApprovalForAll(exchange, True, sender=maker)
    credit.approve(exchange, MAX, sender=taker)
    offer = Offer(
        maker=maker.address,
        give_token=harvest.address,
        give_id=batch,
        give_amount=1_000,
        want_token=credit.address,
        want_id=0,
        want_amount=5 * CREDIT,
        delivery=delivery,
        delivery_window=DAY if delivery else 0,
        expiry=chain.pending_timestamp + DAY,
        nonce=nonce,
    )
    signature = sign_offer(maker, offer, chain.chain_id, exchange)
    return exchange.fill(offer.as_tuple(), signature, 1_000, 1_000, sender=taker)


def test_federated__trade_through_either_exchange(chain, federated, founders, other_founders, batch_of):
    coop, other_coop = federated
    # Through co-op A's exchange: A's member sells to B's member.
    a_batch = batch_of(coop, founders[0])
    _swap(chain, coop, founders[0], other_founders[0], a_batch)
    assert coop["HarvestToken"].balanceOf(other_founders[0], a_batch) == 1_000
    # Through co-op B's exchange: B's member sells to A's member.
    b_batch = batch_of(other_coop, other_founders[1])
    _swap(chain, other_coop, other_founders[1], founders[1], b_batch)
    assert other_coop["HarvestToken"].balanceOf(founders[1], b_batch) == 1_000


def test_federated__give_to_either_pool_claim_only_from_one_s_own(
    chain, federated, founders, other_founders, batch_of
):
    coop, other_coop = federated
    a_pool, a_harvest = coop["ResourcePool"], coop["HarvestToken"]
    a_batch = batch_of(coop, founders[0])
    a_harvest.safeTransferFrom(founders[0], other_founders[0], a_batch, 1_000, b"", sender=founders[0])
    # B's member gives A's produce to A's pool.
    tx = a_harvest.safeTransferFrom(other_founders[0], a_pool, a_batch, 600, b"", sender=other_founders[0])
    assert tx.decode_logs(a_pool.Donated)[0].donor == other_founders[0].address
    _, _, end = a_pool.epoch()
    chain.mine(timestamp=int(end))
    with ape.reverts("pool: only members of this co-op claim"):
        a_pool.claim(a_harvest, a_batch, 1, sender=other_founders[0])
    a_pool.claim(a_harvest, a_batch, 120, sender=founders[1])


def test_ended_by_the_other_side__cross_moves_refused_nothing_lost(
    chain, federated, founders, other_founders, other_coop, batch_of
):
    coop, _ = federated
    a_harvest, a_exchange = coop["HarvestToken"], coop["NutrientExchange"]
    b_member, a_member = other_founders[0], founders[1]
    a_batch = batch_of(coop, founders[0])
    a_harvest.safeTransferFrom(founders[0], b_member, a_batch, 500, b"", sender=founders[0])
    # An escrow in A's exchange that will owe produce to B's member.
    receipt = _swap(chain, coop, founders[0], b_member, a_batch, nonce=7, delivery=Delivery.GIVE)
    escrow = Escrow.from_value(receipt.decode_logs(a_exchange.EscrowOpened)[0].escrow)

    _pass(
        chain,
        other_coop,
        other_founders,
        [call(other_coop["Federation"], "end_federation", coop["Federation"])],
        "end federation with Test Coop",
    )
    assert coop["Federation"].federation_status(other_coop["Federation"]) == NONE
    assert not coop["Membership"].is_network_member(b_member)

    # New cross-co-op moves are refused, both ways.
    with ape.reverts("harvest: receiver is not in the co-op network"):
        a_harvest.safeTransferFrom(founders[0], b_member, a_batch, 1, b"", sender=founders[0])
    with ape.reverts("harvest: sender may only redeem or compost"):
        a_harvest.safeTransferFrom(b_member, a_member, a_batch, 1, b"", sender=b_member)
    # What B's member holds is not lost: it redeems and composts it.
    coop["HarvestToken"].redeem(a_batch, 300, sender=b_member)
    coop["HarvestToken"].compost(a_batch, 200, sender=b_member)
    assert a_harvest.balanceOf(b_member, a_batch) == 0
    # The escrow still settles: B's member withdraws its produce to a member of A.
    a_exchange.confirm(escrow.as_tuple(), sender=b_member)
    with ape.reverts("harvest: receiver is not in the co-op network"):
        a_exchange.withdraw(escrow.as_tuple(), b_member, sender=b_member)
    a_exchange.withdraw(escrow.as_tuple(), a_member, sender=b_member)
    assert a_harvest.balanceOf(a_member, a_batch) == 1_000
