"""accept_federation: timelock only, of a co-op that proposed; the other
side confirms in the same call, so both lists change together."""

import ape
from federation_helpers import ACTIVE, DAY, NONE, PROPOSED, ZERO_ADDRESS

from harvest_coop.ape_layer.governance import call, queue_proposal
from harvest_coop.core.proposals import proposal_of


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


def test_accept__not_proposed__stands_as_this_coops_proposal(fed_a, fed_b, timelock_stand_in):
    # The other co-op withdrew (or never proposed): the acceptance does not
    # revert (the other co-op could otherwise sink the proposal bundling it)
    # and federates nothing; it waits as B's proposal to A.
    tx = fed_b.accept_federation(fed_a, sender=timelock_stand_in)
    assert [e.coop for e in tx.decode_logs(fed_b.FederationProposed)] == [fed_a.address]
    assert not tx.decode_logs(fed_b.FederationActivated)
    assert fed_b.federation_status(fed_a) == PROPOSED and fed_a.federation_status(fed_b) == NONE
    fed_a.accept_federation(fed_b, sender=timelock_stand_in)
    assert fed_a.federation_status(fed_b) == ACTIVE == fed_b.federation_status(fed_a)


def test_accept__own_proposal__changes_nothing(fed_a, fed_b, timelock_stand_in):
    # A proposing does not let A accept its own proposal.
    fed_a.propose_federation(fed_b, sender=timelock_stand_in)
    tx = fed_a.accept_federation(fed_b, sender=timelock_stand_in)
    assert not tx.decode_logs(fed_a.FederationProposed) and not tx.decode_logs(fed_a.FederationActivated)
    assert fed_a.federation_status(fed_b) == PROPOSED and fed_b.federation_status(fed_a) == NONE


def test_accept__itself__reverts(fed_a, timelock_stand_in):
    with ape.reverts("federation: not another co-op's federation contract"):
        fed_a.accept_federation(fed_a, sender=timelock_stand_in)


def test_accept__already_federated__changes_nothing(fed_a, fed_b, members_b, timelock_stand_in, federate):
    # The other co-op may have accepted this co-op's own proposal first: a
    # passed proposal that accepts still runs (tests/stateful/test_attacks_round5_city.py).
    federate()
    tx = fed_b.accept_federation(fed_a, sender=timelock_stand_in)
    assert not tx.decode_logs(fed_b.FederationActivated)
    assert fed_a.federation_status(fed_b) == ACTIVE == fed_b.federation_status(fed_a)
    assert members_b.federated(1) == ZERO_ADDRESS


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


def test_accept__seventeenth_coop__stands_as_this_coop_s_proposal(
    project, deployer, fed_b, members_b, timelock_stand_in, hostile
):
    """With its list full, an acceptance federates nothing and does not
    revert (a third co-op filling the last slot first cannot sink the
    calls bundled with it): it stands as this co-op's own proposal."""
    for _ in range(members_b.MAX_FEDERATED()):
        other = project.MockMembership.deploy(timelock_stand_in, sender=deployer)
        fed_b.accept_federation(hostile(other), sender=timelock_stand_in)
    listed = [members_b.federated(i) for i in range(members_b.MAX_FEDERATED())]
    other = project.MockMembership.deploy(timelock_stand_in, sender=deployer)
    peer = hostile(other)
    tx = fed_b.accept_federation(peer, sender=timelock_stand_in)
    assert [log.coop for log in tx.decode_logs(fed_b.FederationProposed)] == [peer.address]
    assert fed_b.federation_status(peer) == PROPOSED
    assert [members_b.federated(i) for i in range(members_b.MAX_FEDERATED())] == listed
    assert other.address not in listed


# A co-op made by the factory federates only with co-ops its registry lists,
# and lists the Membership the registry records: a contract that merely
# answers as a Federation would (a proposal's address is easy to get wrong)
# could otherwise name a Membership that lets anyone hold the co-op's
# produce, that reverts in every transfer into the pool or the exchange, or
# that belongs to a co-op which never agreed.


def _refused_acceptance(chain, coop, founders, peer):
    proposal = proposal_of([call(coop["Federation"], "accept_federation", peer)], "federate", founders[0])
    queue_proposal(chain, coop["CoopGovernor"], founders[0], founders, proposal)
    with ape.reverts("federation: not a co-op of the registry"):
        coop["CoopGovernor"].execute(*proposal.id_args(), sender=founders[0])
    assert coop["Federation"].federation_status(peer) == NONE
    assert coop["Membership"].federated(0) == ZERO_ADDRESS


def _log(chain, harvest, who):
    now = int(chain.pending_timestamp)
    tx = harvest.log_harvest("Beans", 1_000, now - DAY, now + 30 * DAY, "", sender=who)
    return int(tx.decode_logs(harvest.HarvestLogged)[0].id)


def test_accept__factory_coop__peer_whose_membership_lies__refused_outsider_holds_nothing(
    chain, project, deployer, coop, founders, outsider, hostile
):
    liar = project.MockMembership.deploy(deployer, sender=deployer)
    liar.set_member(outsider, True, sender=deployer)
    _refused_acceptance(chain, coop, founders, hostile(liar))
    harvest = coop["HarvestToken"]
    batch = _log(chain, harvest, founders[3])
    with ape.reverts("harvest: receiver is not in the co-op network"):
        harvest.safeTransferFrom(founders[3], outsider, batch, 100, b"", sender=founders[3])


def test_accept__factory_coop__peer_whose_membership_is_no_membership__refused_gifts_still_reach_the_pool(
    chain, coop, founders, hostile
):
    # A "Membership" without `is_member` (here the co-op's own credit) would
    # make every move into a co-op contract revert.
    _refused_acceptance(chain, coop, founders, hostile(coop["CoopCredit"]))
    harvest, pool = coop["HarvestToken"], coop["ResourcePool"]
    batch = _log(chain, harvest, founders[3])
    harvest.safeTransferFrom(founders[3], pool, batch, 100, b"", sender=founders[3])
    assert harvest.balanceOf(pool, batch) == 100


def test_accept__factory_coop__peer_naming_another_coop_s_membership__refused(
    chain, coop, other_coop, founders, other_founders, hostile
):
    _refused_acceptance(chain, coop, founders, hostile(other_coop["Membership"]))
    assert not coop["Membership"].is_network_member(other_founders[0])
