"""confirm_federation: only the co-op this one proposed to, only while the
proposal stands (the other half of its `accept_federation`)."""

import ape
from federation_helpers import ACTIVE, NONE


def test_confirm__by_the_coop_proposed_to__activates(
    fed_a, members_a, timelock_stand_in, hostile, project, deployer
):
    other = project.MockMembership.deploy(timelock_stand_in, sender=deployer)
    peer = hostile(other)
    fed_a.propose_federation(peer, sender=timelock_stand_in)
    tx = peer.execute(fed_a, fed_a.confirm_federation.encode_input(), sender=deployer)
    assert fed_a.federation_status(peer) == ACTIVE
    assert members_a.federated(0) == other.address
    events = tx.decode_logs(fed_a.FederationActivated)
    assert [(e.coop, e.membership, e.accepted_here) for e in events] == [(peer.address, other.address, False)]


def test_confirm__caller_not_proposed_to__reverts(
    fed_a, fed_b, founder, timelock_stand_in, hostile, members_b, deployer
):
    with ape.reverts("federation: no federation proposed to the caller"):
        fed_a.confirm_federation(sender=founder)
    peer = hostile(members_b)
    with ape.reverts("federation: no federation proposed to the caller"):
        peer.execute(fed_a, fed_a.confirm_federation.encode_input(), sender=deployer)
    assert fed_a.federation_status(peer) == NONE


def test_confirm__twice__reverts(fed_a, timelock_stand_in, hostile, project, deployer):
    other = project.MockMembership.deploy(timelock_stand_in, sender=deployer)
    peer = hostile(other)
    fed_a.propose_federation(peer, sender=timelock_stand_in)
    peer.execute(fed_a, fed_a.confirm_federation.encode_input(), sender=deployer)
    with ape.reverts("federation: no federation proposed to the caller"):
        peer.execute(fed_a, fed_a.confirm_federation.encode_input(), sender=deployer)
