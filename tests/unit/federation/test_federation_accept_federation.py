"""accept_federation: timelock only, of a co-op that proposed; the other
side confirms in the same call, so both lists change together."""

import ape
from federation_helpers import ACTIVE, PROPOSED


def test_accept__proposed__both_sides_active_and_logged(
    fed_a, fed_b, members_a, members_b, timelock_stand_in
):
    fed_a.propose_federation(fed_b, sender=timelock_stand_in)
    tx = fed_b.accept_federation(fed_a, sender=timelock_stand_in)
    assert fed_a.federation_status(fed_b) == ACTIVE and fed_b.federation_status(fed_a) == ACTIVE
    assert fed_a.federated_membership(fed_b) == members_b.address
    assert fed_b.federated_membership(fed_a) == members_a.address
    here = tx.decode_logs(fed_b.FederationActivated)
    there = tx.decode_logs(fed_a.FederationActivated)
    assert {(e.coop, e.membership, e.accepted_here) for e in here + there} == {
        (fed_a.address, members_a.address, True),
        (fed_b.address, members_b.address, False),
    }
    listed = tx.decode_logs(members_a.Federated) + tx.decode_logs(members_b.Federated)
    assert {e.coop for e in listed} == {members_a.address, members_b.address}
    assert members_a.federated(0) == members_b.address and members_b.federated(0) == members_a.address


def test_accept__proposed__members_of_either_are_network_members_of_both(
    federate, members_a, members_b, founder, b_member, newcomer
):
    federate()
    for membership in (members_a, members_b):
        assert membership.is_network_member(founder) and membership.is_network_member(b_member)
        assert membership.are_network_members(founder, b_member)
        assert not membership.is_network_member(newcomer)  # of neither co-op
    assert not members_a.is_member(b_member) and not members_b.is_member(founder)


def test_accept__both_proposed__either_accepts(fed_a, fed_b, timelock_stand_in):
    fed_a.propose_federation(fed_b, sender=timelock_stand_in)
    fed_b.propose_federation(fed_a, sender=timelock_stand_in)
    fed_a.accept_federation(fed_b, sender=timelock_stand_in)
    assert fed_a.federation_status(fed_b) == ACTIVE == fed_b.federation_status(fed_a)


def test_accept__not_proposed__reverts(fed_a, fed_b, timelock_stand_in):
    with ape.reverts("federation: the other co-op has not proposed federation"):
        fed_b.accept_federation(fed_a, sender=timelock_stand_in)


def test_accept__own_proposal__reverts(fed_a, fed_b, timelock_stand_in):
    # A proposing does not let A accept its own proposal.
    fed_a.propose_federation(fed_b, sender=timelock_stand_in)
    with ape.reverts("federation: the other co-op has not proposed federation"):
        fed_a.accept_federation(fed_b, sender=timelock_stand_in)
    assert fed_a.federation_status(fed_b) == PROPOSED


def test_accept__already_federated__reverts(fed_a, fed_b, timelock_stand_in, federate):
    federate()
    with ape.reverts("federation: already federated"):
        fed_b.accept_federation(fed_a, sender=timelock_stand_in)


def test_accept__not_the_timelock__reverts(fed_a, fed_b, timelock_stand_in, founder):
    fed_a.propose_federation(fed_b, sender=timelock_stand_in)
    with ape.reverts("federation: only the timelock (a passed proposal)"):
        fed_b.accept_federation(fed_a, sender=founder)


def test_accept__peer_claiming_this_coop_s_membership__reverts(fed_b, members_b, timelock_stand_in, hostile):
    peer = hostile(members_b)
    with ape.reverts("membership: not a co-op membership contract"):
        fed_b.accept_federation(peer, sender=timelock_stand_in)


def test_accept__peer_claiming_a_listed_membership__reverts(
    fed_b, members_a, timelock_stand_in, federate, hostile
):
    federate()
    with ape.reverts("membership: already federated"):
        fed_b.accept_federation(hostile(members_a), sender=timelock_stand_in)


def test_accept__seventeenth_coop__reverts(project, deployer, fed_b, members_b, timelock_stand_in, hostile):
    for _ in range(members_b.MAX_FEDERATED()):
        other = project.MockMembership.deploy(timelock_stand_in, sender=deployer)
        fed_b.accept_federation(hostile(other), sender=timelock_stand_in)
    other = project.MockMembership.deploy(timelock_stand_in, sender=deployer)
    with ape.reverts("membership: federation list full"):
        fed_b.accept_federation(hostile(other), sender=timelock_stand_in)
