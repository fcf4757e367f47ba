"""end_federation: timelock only; this co-op drops the other at once and
tells it with a fixed gas budget, through a call whose failure is ignored:
the other side can neither block nor revert the ending."""

import ape
import pytest
from federation_helpers import ACTIVE, NONE, PROPOSED, ZERO_ADDRESS


def test_end__active__both_sides_end_and_log(
    fed_a, fed_b, members_a, members_b, timelock_stand_in, federate, founder, b_member
):
    federate()
    tx = fed_b.end_federation(fed_a, sender=timelock_stand_in)
    assert fed_a.federation_status(fed_b) == NONE and fed_b.federation_status(fed_a) == NONE
    assert members_a.federated(0) == ZERO_ADDRESS and members_b.federated(0) == ZERO_ADDRESS
    assert not members_a.is_network_member(b_member) and not members_b.is_network_member(founder)
    ended = tx.decode_logs(fed_b.FederationEnded) + tx.decode_logs(fed_a.FederationEnded)
    assert {(e.coop, e.membership, e.ended_here, e.was_active, e.notified) for e in ended} == {
        (fed_a.address, members_a.address, True, True, True),
        (fed_b.address, members_b.address, False, True, True),
    }
    dropped = tx.decode_logs(members_a.Defederated) + tx.decode_logs(members_b.Defederated)
    assert {e.coop for e in dropped} == {members_a.address, members_b.address}


def test_end__by_the_proposer_side__ends_too(fed_a, fed_b, timelock_stand_in, federate):
    federate()
    fed_a.end_federation(fed_b, sender=timelock_stand_in)
    assert fed_a.federation_status(fed_b) == NONE == fed_b.federation_status(fed_a)


def test_end__a_proposal__withdraws_it(fed_a, fed_b, timelock_stand_in):
    fed_a.propose_federation(fed_b, sender=timelock_stand_in)
    tx = fed_a.end_federation(fed_b, sender=timelock_stand_in)
    event = tx.decode_logs(fed_a.FederationEnded)[0]
    assert (event.coop, event.membership, event.ended_here, event.was_active) == (
        fed_b.address,
        ZERO_ADDRESS,
        True,
        False,
    )
    # B's acceptance of the withdrawn proposal federates nothing.
    fed_b.accept_federation(fed_a, sender=timelock_stand_in)
    assert fed_a.federation_status(fed_b) == NONE and fed_b.federation_status(fed_a) == PROPOSED


def test_end__then_federate_again__needs_both_governances_again(fed_a, fed_b, timelock_stand_in):
    fed_a.propose_federation(fed_b, sender=timelock_stand_in)
    fed_b.accept_federation(fed_a, sender=timelock_stand_in)
    fed_b.end_federation(fed_a, sender=timelock_stand_in)
    # Neither side's earlier consent survives the ending: one side's
    # acceptance alone federates nothing, the other's then does.
    fed_b.accept_federation(fed_a, sender=timelock_stand_in)
    assert fed_a.federation_status(fed_b) == NONE and fed_b.federation_status(fed_a) == PROPOSED
    fed_a.accept_federation(fed_b, sender=timelock_stand_in)
    assert fed_a.federation_status(fed_b) == ACTIVE == fed_b.federation_status(fed_a)


def test_end__not_federated__changes_nothing(fed_a, fed_b, timelock_stand_in):
    # The other co-op may have ended it first: a passed proposal that ends it
    # still runs (tests/stateful/test_attacks_round5_city.py).
    tx = fed_a.end_federation(fed_b, sender=timelock_stand_in)
    assert not tx.decode_logs(fed_a.FederationEnded)
    assert fed_a.federation_status(fed_b) == NONE == fed_b.federation_status(fed_a)


def test_end__not_the_timelock__reverts(fed_a, fed_b, founder, federate):
    federate()
    with ape.reverts("federation: only the timelock (a passed proposal)"):
        fed_a.end_federation(fed_b, sender=founder)


@pytest.fixture
def hostile_peer(project, deployer, fed_a, members_a, timelock_stand_in, hostile):
    """A peer federated with A (A accepted its "proposal")."""
    other = project.MockMembership.deploy(timelock_stand_in, sender=deployer)
    peer = hostile(other)
    fed_a.accept_federation(peer, sender=timelock_stand_in)
    assert members_a.federated(0) == other.address
    return peer


@pytest.mark.parametrize("mode", ["REVERT", "BURN_GAS"])
def test_end__other_side_fails_its_notification__ends_here_all_the_same(
    fed_a, members_a, timelock_stand_in, hostile_peer, mode
):
    hostile_peer.set_behaviour(2, getattr(hostile_peer, mode)(), sender=timelock_stand_in)
    tx = fed_a.end_federation(hostile_peer, sender=timelock_stand_in)
    assert fed_a.federation_status(hostile_peer) == NONE
    assert members_a.federated(0) == ZERO_ADDRESS
    event = tx.decode_logs(fed_a.FederationEnded)[0]
    assert (event.ended_here, event.was_active, event.notified) == (True, True, False)
    assert hostile_peer.ended_calls() == 0


def test_end__other_side_accepts_its_notification__notified(fed_a, timelock_stand_in, hostile_peer):
    tx = fed_a.end_federation(hostile_peer, sender=timelock_stand_in)
    assert tx.decode_logs(fed_a.FederationEnded)[0].notified
    assert hostile_peer.ended_calls() == 1


def test_end__too_little_gas_for_the_notification__reverts(fed_a, timelock_stand_in, hostile_peer):
    # With too little gas the notification could fail silently: refused, and
    # a retry with enough gas ends it.
    with ape.reverts("federation: too little gas left to tell the other co-op"):
        fed_a.end_federation(hostile_peer, sender=timelock_stand_in, gas_limit=120_000)
    assert fed_a.federation_status(hostile_peer) == ACTIVE
    fed_a.end_federation(hostile_peer, sender=timelock_stand_in)
    assert fed_a.federation_status(hostile_peer) == NONE
