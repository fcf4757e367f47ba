"""getVotes / quorum / quorumNumerator / proposal views of unknown ids."""

import ape

from harvest_coop.ape_layer.governance import advance_to


def test_get_votes__reads_membership_at_timepoint(governor, membership, chain, founder, outsider):
    advance_to(chain, chain.blocks.head.timestamp + 5)
    t = chain.blocks.head.timestamp - 1
    assert governor.getVotes(founder, t) == membership.getPastVotes(founder, t) == 1
    assert governor.getVotes(outsider, t) == 0


def test_quorum__is_members_at_timepoint_times_percent(governor, membership, chain, founders, member):
    advance_to(chain, chain.blocks.head.timestamp + 5)
    t0 = chain.blocks.head.timestamp - 1
    assert governor.quorum(t0) == len(founders) * 25 // 100
    membership.resign(sender=member)
    advance_to(chain, chain.blocks.head.timestamp + 5)
    assert governor.quorum(t0) == len(founders) * 25 // 100  # history, not now


def test_quorum__future_timepoint__reverts(governor, chain):
    with ape.reverts("membership: timepoint is not in the past"):
        governor.quorum(chain.blocks.head.timestamp + 100)


def test_proposal_views__unknown_id__are_zero(governor, founder):
    assert governor.proposalSnapshot(7) == 0
    assert governor.proposalDeadline(7) == 0
    assert governor.proposalEta(7) == 0
    assert governor.proposalVotes(7) == (0, 0, 0)
    assert not governor.hasVoted(7, founder)


def test_nonces__shared_with_membership(governor, membership, founder):
    assert governor.nonces(founder) == membership.nonces(founder) == 0
