"""federation_ended: a co-op that ended its federation with this one (or
withdrew its side) tells it; a caller this co-op has nothing with changes
nothing."""

from federation_helpers import ACTIVE, NONE, ZERO_ADDRESS


def test_federation_ended__from_a_federated_coop__drops_it(
    project, deployer, fed_a, members_a, timelock_stand_in, hostile
):
    other = project.MockMembership.deploy(timelock_stand_in, sender=deployer)
    peer = hostile(other)
    fed_a.accept_federation(peer, sender=timelock_stand_in)
    tx = peer.execute(fed_a, fed_a.federation_ended.encode_input(), sender=deployer)
    assert fed_a.federation_status(peer) == NONE
    assert members_a.federated(0) == ZERO_ADDRESS
    event = tx.decode_logs(fed_a.FederationEnded)[0]
    assert (event.coop, event.membership, event.ended_here, event.was_active, event.notified) == (
        peer.address,
        other.address,
        False,
        True,
        True,
    )


def test_federation_ended__from_a_coop_proposed_to__clears_the_proposal(
    fed_a, timelock_stand_in, hostile, members_a, deployer
):
    peer = hostile(members_a)
    fed_a.propose_federation(peer, sender=timelock_stand_in)
    peer.execute(fed_a, fed_a.federation_ended.encode_input(), sender=deployer)
    assert fed_a.federation_status(peer) == NONE


def test_federation_ended__from_anyone_else__changes_nothing(fed_a, fed_b, founder, federate):
    federate()
    tx = fed_a.federation_ended(sender=founder)
    assert not tx.decode_logs(fed_a.FederationEnded)
    assert fed_a.federation_status(fed_b) == ACTIVE
