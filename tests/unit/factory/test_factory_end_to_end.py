"""A factory-made co-op works end to end: a proposal through its governor
admits a member and mints credit, a harvest is logged, offered, held by the
exchange in a delivery escrow, confirmed and withdrawn by both sides."""

import pytest

from harvest_coop.ape_layer.governance import call, pass_proposal
from harvest_coop.core.constants import Delivery
from harvest_coop.core.offers import Escrow, Offer, sign_offer
from harvest_coop.core.proposals import proposal_of

DAY = 86_400
CREDIT = 10**18
GRAMS = 5_000


@pytest.fixture(scope="module")
def governed(chain, factory_coop, founders, newcomer):
    """One passed proposal: admit the newcomer and mint 100 credit to it."""
    membership, credit = factory_coop["Membership"], factory_coop["CoopCredit"]
    actions = [call(membership, "admit", newcomer), call(credit, "mint", newcomer, 100 * CREDIT)]
    proposal = proposal_of(actions, "admit the newcomer with a starting allowance", founders[0])
    pass_proposal(chain, factory_coop["CoopGovernor"], founders[0], founders, proposal)
    return factory_coop


def test_coop__proposal_through_the_factory_governor__admits_a_member_and_mints(governed, newcomer):
    assert governed["Membership"].is_member(newcomer)
    assert governed["Membership"].getVotes(newcomer) == 1
    assert governed["CoopCredit"].balanceOf(newcomer) == 100 * CREDIT


def test_coop__harvest__logged_escrowed_by_the_exchange_and_settled(chain, governed, founders, newcomer):
    harvest, credit, exchange = governed["HarvestToken"], governed["CoopCredit"], governed["NutrientExchange"]
    grower = founders[3]
    now = chain.pending_timestamp
    logged = harvest.log_harvest("tomato", GRAMS, now - 60, now + 7 * DAY, "plot 7", sender=grower)
    batch = logged.decode_logs(harvest.HarvestLogged)[0].id
    harvest.setApprovalForAll(exchange, True, sender=grower)
    credit.approve(exchange, 5 * CREDIT, sender=newcomer)

    offer = Offer(
        maker=grower.address,
        give_token=harvest.address,
        give_id=batch,
        give_amount=2_000,
        want_token=credit.address,
        want_id=0,
        want_amount=5 * CREDIT,
        delivery=Delivery.GIVE,
        delivery_window=DAY,
        expiry=now + DAY,
        nonce=1,
    )
    signature = sign_offer(grower, offer, chain.chain_id, exchange)
    receipt = exchange.fill(
        offer.as_tuple(), signature, offer.give_amount, offer.give_amount, sender=newcomer
    )
    escrow = Escrow.from_value(receipt.decode_logs(exchange.EscrowOpened)[0].escrow)

    # The exchange holds both legs: harvest only because the factory
    # registered it with HarvestToken's one-time bootstrap.
    assert harvest.balanceOf(exchange, batch) == 2_000
    assert credit.balanceOf(exchange) == 5 * CREDIT

    exchange.confirm(escrow.as_tuple(), sender=newcomer)
    exchange.withdraw(escrow.as_tuple(), newcomer, sender=newcomer)
    exchange.withdraw(escrow.as_tuple(), grower, sender=grower)
    assert harvest.balanceOf(newcomer, batch) == 2_000
    assert harvest.balanceOf(grower, batch) == GRAMS - 2_000
    assert credit.balanceOf(grower) == 5 * CREDIT
    assert harvest.balanceOf(exchange, batch) == 0 and credit.balanceOf(exchange) == 0
