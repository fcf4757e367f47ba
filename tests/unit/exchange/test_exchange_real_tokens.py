"""The exchange on the co-op's real Membership, HarvestToken and CoopCredit:
harvest rules still hold through the exchange (members only, no expired
produce), and produce that expires in escrow is composted, not stuck."""

import ape
import pytest
from exchange_helpers import DAY, escrow_of

from harvest_coop.core.constants import ZERO_ADDRESS, Delivery

MAX = 2**256 - 1
GRAMS = 5_000


@pytest.fixture
def batch(coop_exchange, coop_harvest, coop_credit, maker, taker, timelock_stand_in, chain):
    """The maker logged 5 kg of tomatoes (best before in a week); the taker
    holds 100 credit; both approved the exchange."""
    next_timestamp = chain.pending_timestamp
    receipt = coop_harvest.log_harvest(
        "tomato", GRAMS, next_timestamp - 60, next_timestamp + 7 * DAY, "plot 7", sender=maker
    )
    batch_id = receipt.decode_logs(coop_harvest.HarvestLogged)[0].id
    coop_harvest.setApprovalForAll(coop_exchange, True, sender=maker)
    coop_credit.mint(taker, 100 * 10**18, sender=timelock_stand_in)
    coop_credit.approve(coop_exchange, MAX, sender=taker)
    return batch_id


@pytest.fixture
def coop_offer(make_offer, coop_harvest, coop_credit, batch):
    def _offer(**terms):
        return make_offer(
            **{
                "give_token": coop_harvest,
                "give_id": batch,
                "give_amount": 2_000,
                "want_token": coop_credit,
                "want_amount": 10**18,
                **terms,
            }
        )

    return _offer


@pytest.fixture
def coop_fill(coop_exchange, taker, maker, chain):
    from harvest_coop.core.offers import sign_offer

    def _fill(offer, sender=None, amount=None):
        signature = sign_offer(maker, offer, chain.chain_id, coop_exchange)
        amount = amount or offer.give_amount
        return coop_exchange.fill(offer.as_tuple(), signature, amount, amount, sender=sender or taker)

    return _fill


def test_real__swap_harvest_for_credit(coop_offer, coop_fill, coop_harvest, coop_credit, batch, maker, taker):
    coop_fill(coop_offer())
    assert coop_harvest.balanceOf(taker, batch) == 2_000
    assert coop_harvest.balanceOf(maker, batch) == GRAMS - 2_000
    assert coop_credit.balanceOf(maker) == 10**18


def test_real__escrow_round_trip(
    coop_exchange, coop_offer, coop_fill, coop_harvest, coop_credit, batch, maker, taker
):
    escrow = escrow_of(coop_exchange, coop_fill(coop_offer(delivery=Delivery.GIVE, delivery_window=DAY)))
    assert coop_harvest.balanceOf(coop_exchange, batch) == 2_000
    coop_exchange.confirm(escrow.as_tuple(), sender=taker)
    coop_exchange.withdraw(escrow.as_tuple(), taker, sender=taker)
    coop_exchange.withdraw(escrow.as_tuple(), maker, sender=maker)
    assert coop_harvest.balanceOf(taker, batch) == 2_000
    assert coop_credit.balanceOf(maker) == 10**18
    assert coop_harvest.balanceOf(coop_exchange, batch) == 0
    assert coop_credit.balanceOf(coop_exchange) == 0


def test_real__expired_batch__fill_reverts(coop_offer, coop_fill, chain):
    offer = coop_offer(expiry=chain.pending_timestamp + 30 * DAY)
    chain.pending_timestamp += 8 * DAY
    with ape.reverts("harvest: batch expired"):
        coop_fill(offer)


def test_real__outsider__cannot_take(
    coop_exchange, coop_credit, outsider, timelock_stand_in, coop_offer, coop_fill
):
    coop_credit.mint(outsider, 10**18, sender=timelock_stand_in)
    coop_credit.approve(coop_exchange, MAX, sender=outsider)
    with ape.reverts("exchange: not a network member"):
        coop_fill(coop_offer(), sender=outsider)


def test_real__unregistered_exchange__cannot_hold_harvest(
    project,
    deployer,
    bare_membership,
    timelock_stand_in,
    coop_harvest,
    coop_credit,
    batch,
    maker,
    taker,
    make_offer,
    chain,
):
    from harvest_coop.core.offers import sign_offer

    unregistered = project.NutrientExchange.deploy(
        bare_membership, timelock_stand_in, coop_harvest, coop_credit, ZERO_ADDRESS, sender=deployer
    )
    coop_harvest.setApprovalForAll(unregistered, True, sender=maker)
    coop_credit.approve(unregistered, MAX, sender=taker)
    offer = make_offer(
        give_token=coop_harvest,
        give_id=batch,
        give_amount=10,
        want_token=coop_credit,
        want_amount=1,
        delivery=1,
        delivery_window=DAY,
    )
    with ape.reverts("harvest: receiver is not in the co-op network"):
        unregistered.fill(
            offer.as_tuple(), sign_offer(maker, offer, chain.chain_id, unregistered), 10, 10, sender=taker
        )
    # An immediate swap never holds harvest, so it works without registration.
    offer = make_offer(
        give_token=coop_harvest, give_id=batch, give_amount=10, want_token=coop_credit, want_amount=1, nonce=2
    )
    unregistered.fill(
        offer.as_tuple(), sign_offer(maker, offer, chain.chain_id, unregistered), 10, 10, sender=taker
    )


def test_real__expelled_taker_withdraws_to_a_member(
    coop_exchange,
    coop_offer,
    coop_fill,
    coop_harvest,
    bare_membership,
    batch,
    maker,
    taker,
    founders,
    timelock_stand_in,
):
    escrow = escrow_of(coop_exchange, coop_fill(coop_offer(delivery=Delivery.GIVE, delivery_window=DAY)))
    coop_exchange.confirm(escrow.as_tuple(), sender=taker)
    bare_membership.expel(taker, sender=timelock_stand_in)
    with ape.reverts("harvest: receiver is not in the co-op network"):
        coop_exchange.withdraw(escrow.as_tuple(), taker, sender=taker)
    coop_exchange.withdraw(escrow.as_tuple(), maker, sender=maker)  # the other side is not blocked
    household = founders[3]
    coop_exchange.withdraw(escrow.as_tuple(), household, sender=taker)
    assert coop_harvest.balanceOf(household, batch) == 2_000


def test_real__produce_expiring_in_escrow_is_composted(
    coop_exchange, coop_offer, coop_fill, coop_harvest, coop_credit, batch, maker, taker, outsider, chain
):
    escrow = escrow_of(coop_exchange, coop_fill(coop_offer(delivery=Delivery.GIVE, delivery_window=10 * DAY)))
    chain.pending_timestamp = escrow.deadline + 1  # the batch expired meanwhile
    coop_exchange.settle(escrow.as_tuple(), sender=outsider)
    supply = coop_harvest.total_supply(batch)
    receipt = coop_exchange.withdraw(escrow.as_tuple(), taker, sender=taker)
    composted = receipt.decode_logs(coop_exchange.EscrowComposted)
    assert [(e.escrow_id, e.party, e.id, e.amount) for e in composted] == [
        (escrow.escrow_id, taker.address, batch, 2_000)
    ]
    assert coop_harvest.total_supply(batch) == supply - 2_000
    assert coop_harvest.balanceOf(coop_exchange, batch) == 0
    coop_exchange.withdraw(escrow.as_tuple(), maker, sender=maker)
    assert coop_credit.balanceOf(maker) == 10**18
    assert coop_exchange.escrow_status(escrow.escrow_id).state == 0


def test_real__frozen_batch_in_escrow__withdrawal_waits_for_governance(
    coop_exchange, coop_offer, coop_fill, coop_harvest, batch, taker, timelock_stand_in
):
    escrow = escrow_of(coop_exchange, coop_fill(coop_offer(delivery=Delivery.GIVE, delivery_window=DAY)))
    coop_exchange.confirm(escrow.as_tuple(), sender=taker)
    coop_harvest.freeze(batch, "suspect", sender=timelock_stand_in)
    with ape.reverts("harvest: batch frozen"):
        coop_exchange.withdraw(escrow.as_tuple(), taker, sender=taker)
    assert coop_exchange.owed(escrow.as_tuple(), taker) == (2_000, 0)
    coop_harvest.unfreeze(batch, "cleared", sender=timelock_stand_in)
    coop_exchange.withdraw(escrow.as_tuple(), taker, sender=taker)
    assert coop_harvest.balanceOf(taker, batch) == 2_000


def test_real__frozen_and_expired_batch__a_withdrawal_does_not_compost_the_evidence(
    coop_exchange, coop_offer, coop_fill, coop_harvest, batch, maker, taker, timelock_stand_in, chain
):
    """Governance froze a batch as evidence; it expires while in escrow. The
    party's withdrawal used to compost it (EscrowComposted): now it stays in
    the exchange, owed, until governance unfreezes it."""
    escrow = escrow_of(coop_exchange, coop_fill(coop_offer(delivery=Delivery.GIVE, delivery_window=DAY)))
    coop_exchange.confirm(escrow.as_tuple(), sender=taker)
    coop_harvest.freeze(batch, "fraud report", sender=timelock_stand_in)
    chain.pending_timestamp = coop_harvest.batch(batch).best_before + 1
    supply = coop_harvest.total_supply(batch)
    with ape.reverts("harvest: batch frozen"):
        coop_exchange.withdraw(escrow.as_tuple(), taker, sender=taker)
    assert coop_harvest.total_supply(batch) == supply
    assert coop_harvest.balanceOf(coop_exchange, batch) == 2_000
    # Nobody but governance composts a frozen batch, and not out of the exchange.
    with ape.reverts("harvest: a co-op contract's holdings belong to its escrows"):
        coop_harvest.compost_frozen(coop_exchange, batch, 2_000, sender=timelock_stand_in)
    # The other side is not blocked.
    coop_exchange.withdraw(escrow.as_tuple(), maker, sender=maker)
    # Unfrozen after its best-before: the withdrawal composts it, as for any expired batch.
    coop_harvest.unfreeze(batch, "investigated", sender=timelock_stand_in)
    receipt = coop_exchange.withdraw(escrow.as_tuple(), taker, sender=taker)
    composted = receipt.decode_logs(coop_exchange.EscrowComposted)
    assert [(e.party, e.id, e.amount) for e in composted] == [(taker.address, batch, 2_000)]
    assert coop_harvest.total_supply(batch) == supply - 2_000
    assert coop_exchange.escrow_status(escrow.escrow_id).state == 0


def test_real__split_with_a_frozen_harvest_leg__credit_paid_harvest_held(
    coop_exchange, coop_offer, coop_fill, coop_harvest, coop_credit, batch, maker, taker, timelock_stand_in
):
    """A frozen harvest leg does not trap the other leg of the same party:
    each withdrawal pays what it can, the harvest stays owed."""
    escrow = escrow_of(coop_exchange, coop_fill(coop_offer(delivery=Delivery.GIVE, delivery_window=DAY)))
    coop_exchange.dispute(escrow.as_tuple(), sender=taker)
    coop_exchange.resolve(escrow.as_tuple(), 1_500, 4 * 10**17, sender=timelock_stand_in)
    coop_harvest.freeze(batch, "suspect", sender=timelock_stand_in)
    credit_before = coop_credit.balanceOf(maker)

    receipt = coop_exchange.withdraw(escrow.as_tuple(), maker, sender=maker)
    withdrawn = receipt.decode_logs(coop_exchange.EscrowWithdrawn)
    assert [(e.party, e.give_amount, e.want_amount) for e in withdrawn] == [(maker.address, 0, 4 * 10**17)]
    held = receipt.decode_logs(coop_exchange.EscrowLegHeld)
    assert [(e.escrow_id, e.party, e.token, e.id, e.amount) for e in held] == [
        (escrow.escrow_id, maker.address, coop_harvest.address, batch, 500)
    ]
    assert coop_credit.balanceOf(maker) == credit_before + 4 * 10**17
    assert coop_exchange.owed(escrow.as_tuple(), maker) == (500, 0)
    assert coop_exchange.escrow_status(escrow.escrow_id).withdrawn == 0b0010  # the maker's want leg
    with ape.reverts("harvest: batch frozen"):
        coop_exchange.withdraw(escrow.as_tuple(), maker, sender=maker)

    coop_exchange.withdraw(escrow.as_tuple(), taker, sender=taker)  # credit paid, 1,500 g held
    assert coop_exchange.owed(escrow.as_tuple(), taker) == (1_500, 0)
    assert coop_exchange.escrow_status(escrow.escrow_id).withdrawn == 0b1010

    coop_harvest.unfreeze(batch, "cleared", sender=timelock_stand_in)
    coop_exchange.withdraw(escrow.as_tuple(), maker, sender=maker)
    coop_exchange.withdraw(escrow.as_tuple(), taker, sender=taker)
    assert coop_harvest.balanceOf(maker, batch) == 5_000 - 2_000 + 500
    assert coop_harvest.balanceOf(taker, batch) == 1_500
    assert coop_exchange.escrow_status(escrow.escrow_id).state == 0
    assert coop_harvest.balanceOf(coop_exchange, batch) == 0
    assert coop_credit.balanceOf(coop_exchange) == 0


def test_real__retired_exchange__every_party_withdraws_what_it_is_owed(
    coop_exchange,
    coop_offer,
    coop_fill,
    coop_harvest,
    coop_credit,
    batch,
    maker,
    taker,
    timelock_stand_in,
    chain,
):
    """Governance retires the exchange (`set_coop_contract(exchange, False)`)
    while it holds produce in escrows released, split, refunded, still open
    and still disputed: every party still gets everything it is owed."""
    escrows = {}
    for nonce, name in enumerate(("released", "split", "refunded", "open", "disputed"), start=1):
        offer = coop_offer(give_amount=500, delivery=Delivery.GIVE, delivery_window=DAY, nonce=nonce)
        escrows[name] = escrow_of(coop_exchange, coop_fill(offer))
    coop_exchange.confirm(escrows["released"].as_tuple(), sender=taker)
    for name in ("split", "refunded", "disputed"):
        coop_exchange.dispute(escrows[name].as_tuple(), sender=taker)
    coop_exchange.resolve(escrows["split"].as_tuple(), 200, 10**17, sender=timelock_stand_in)
    coop_exchange.resolve(escrows["refunded"].as_tuple(), 0, 0, sender=timelock_stand_in)
    assert coop_harvest.balanceOf(coop_exchange, batch) == 2_500

    coop_harvest.set_coop_contract(coop_exchange, False, sender=timelock_stand_in)
    assert coop_harvest.coop_contract_status(coop_exchange) == 2  # retired

    coop_exchange.resolve(escrows["disputed"].as_tuple(), 500, 0, sender=timelock_stand_in)
    chain.pending_timestamp = escrows["open"].deadline + 1
    coop_exchange.settle(escrows["open"].as_tuple(), sender=maker)
    before = {p: (coop_harvest.balanceOf(p, batch), coop_credit.balanceOf(p)) for p in (maker, taker)}
    owed = {p: [0, 0] for p in (maker, taker)}
    for escrow in escrows.values():
        for party in (maker, taker):
            give, want = coop_exchange.owed(escrow.as_tuple(), party)
            if (give, want) == (0, 0):
                continue
            coop_exchange.withdraw(escrow.as_tuple(), party, sender=party)
            owed[party][0] += give
            owed[party][1] += want
        assert coop_exchange.escrow_status(escrow.escrow_id).state == 0  # closed
    # released + open + disputed (all to the taker) + split's 200 g; refunded + split's 300 g to the maker
    assert owed[taker][0] == 3 * 500 + 200 and owed[maker][0] == 500 + 300
    for party in (maker, taker):
        assert coop_harvest.balanceOf(party, batch) == before[party][0] + owed[party][0]
        assert coop_credit.balanceOf(party) == before[party][1] + owed[party][1]
    assert coop_harvest.balanceOf(coop_exchange, batch) == 0
    assert coop_credit.balanceOf(coop_exchange) == 0


def test_real__retired_exchange__cannot_take_new_harvest_into_escrow(
    coop_exchange, coop_offer, coop_fill, coop_harvest, timelock_stand_in
):
    coop_harvest.set_coop_contract(coop_exchange, False, sender=timelock_stand_in)
    with ape.reverts("harvest: receiver is not in the co-op network"):
        coop_fill(coop_offer(delivery=Delivery.GIVE, delivery_window=DAY))
    coop_fill(coop_offer())  # an immediate swap never holds harvest
