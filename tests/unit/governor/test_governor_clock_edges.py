"""One-second edges of the governor's clock (review finding 16).

A view is answered at the latest block's timestamp (`chain.mine(timestamp=T)`);
a transaction runs at the pending timestamp (`chain.pending_timestamp = T`).
Each edge is checked on both sides, so a drift of one second in either
direction fails a test.
"""

import ape
import pytest

from harvest_coop.ape_layer.governance import call
from harvest_coop.core.constants import ProposalState
from harvest_coop.core.eip712 import ballot_typed_data
from harvest_coop.core.proposals import proposal_of
from harvest_coop.testing.keys import anvil_key, sign_typed_data


def _state_at(chain, governor, pid, timestamp):
    chain.mine(timestamp=timestamp)
    return ProposalState(governor.state(pid)).label


@pytest.fixture
def proposed(governor, founders, make_proposal):
    p = make_proposal()
    governor.propose(p.targets, p.values, p.calldatas, p.description, sender=founders[0])
    return governor.hashProposal(*p.id_args())


def test_state__around_the_snapshot(chain, governor, proposed):
    snapshot = governor.proposalSnapshot(proposed)
    assert _state_at(chain, governor, proposed, snapshot - 1) == "Pending"
    assert _state_at(chain, governor, proposed, snapshot) == "Pending"
    assert _state_at(chain, governor, proposed, snapshot + 1) == "Active"


@pytest.mark.parametrize("offset, expected", [(-1, "Active"), (0, "Active"), (1, "Defeated")])
def test_state__around_the_deadline(chain, governor, proposed, offset, expected):
    deadline = governor.proposalDeadline(proposed)
    assert _state_at(chain, governor, proposed, deadline + offset) == expected


@pytest.mark.parametrize("offset, counted", [(-1, True), (0, True), (1, False)])
def test_cast_vote__around_the_deadline(chain, governor, founder, proposed, offset, counted):
    chain.pending_timestamp = governor.proposalDeadline(proposed) + offset
    if counted:
        tx = governor.castVote(proposed, 1, sender=founder)
        assert chain.blocks[tx.block_number].timestamp == governor.proposalDeadline(proposed) + offset
        assert governor.proposalVotes(proposed) == (0, 1, 0)
    else:
        with ape.reverts("governor: voting is not open"):
            governor.castVote(proposed, 1, sender=founder)


@pytest.mark.parametrize("offset, counted", [(-1, True), (0, True), (1, False)])
def test_cast_vote_by_sig__around_the_deadline(chain, governor, founders, proposed, offset, counted):
    voter = founders[1]
    data = ballot_typed_data(
        "Test Coop Governor",
        chain.chain_id,
        governor.address,
        proposed,
        1,
        voter.address,
        governor.nonces(voter),
    )
    signature = sign_typed_data(data, anvil_key(2))
    chain.pending_timestamp = governor.proposalDeadline(proposed) + offset
    if counted:
        governor.castVoteBySig(proposed, 1, voter, signature, sender=founders[0])
        assert governor.hasVoted(proposed, voter)
    else:
        with ape.reverts("governor: voting is not open"):
            governor.castVoteBySig(proposed, 1, voter, signature, sender=founders[0])


@pytest.mark.parametrize("offset, counted", [(0, False), (1, True)])
def test_cast_vote__around_the_snapshot(chain, governor, founder, proposed, offset, counted):
    chain.pending_timestamp = governor.proposalSnapshot(proposed) + offset
    if counted:
        governor.castVote(proposed, 1, sender=founder)
        assert governor.hasVoted(proposed, founder)
    else:
        with ape.reverts("governor: voting is not open"):
            governor.castVote(proposed, 1, sender=founder)


def test_quorum_numerator__at_the_update_second__is_the_new_value(
    chain, governor, founders, ready_proposal, make_proposal
):
    change = proposal_of([call(governor, "updateQuorumNumerator", 50)], "quorum 50%", founders[0])
    ready_proposal(change)
    # A proposal whose snapshot is exactly the second the update executes.
    t = chain.pending_timestamp
    chain.pending_timestamp = t
    p = make_proposal(description="snapshotted at the update")
    governor.propose(p.targets, p.values, p.calldatas, p.description, sender=founders[1])
    pid = governor.hashProposal(*p.id_args())
    snapshot = governor.proposalSnapshot(pid)
    chain.pending_timestamp = snapshot
    tx = governor.execute(*change.id_args(), sender=founders[0])
    assert chain.blocks[tx.block_number].timestamp == snapshot
    chain.mine(timestamp=snapshot + 1)
    assert governor.quorumNumerator(snapshot) == 50
    assert governor.quorumNumerator(snapshot - 1) == 25
    assert governor.quorum(snapshot) == 2  # 5 members x 50%
    assert governor.quorum(snapshot - 1) == 1  # 5 members x 25%
    # So one for-vote does not carry it, though it would have before the update.
    governor.castVote(pid, 1, sender=founders[1])
    chain.mine(timestamp=governor.proposalDeadline(pid) + 1)
    assert ProposalState(governor.state(pid)).label == "Defeated"
