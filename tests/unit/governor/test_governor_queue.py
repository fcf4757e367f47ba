"""queue: every proposal gets its own timelock operations."""

import ape

from harvest_coop.ape_layer.governance import advance_to, call
from harvest_coop.core.constants import ProposalState
from harvest_coop.core.proposals import proposal_of, timelock_operations


def test_queue__same_description_and_first_call__both_queue_and_execute(
    governor, timelock, membership, chain, founders, newcomer, applicant, outsider, ready_proposal, member
):
    # The demo's monthly allowance after one member leaves and another joins:
    # same description, same first call, different later calls. The first
    # operations used to share an id, so the second proposal could never queue.
    description = f"Monthly allowance: one call per member #proposer={founders[0].address}"
    first = proposal_of(
        [call(membership, "admit", newcomer), call(membership, "admit", applicant)], description
    )
    second = proposal_of(
        [call(membership, "admit", newcomer), call(membership, "admit", outsider)], description
    )
    assert first.id_args()[2][0] == second.id_args()[2][0]
    pid1 = ready_proposal(first)
    pid2 = ready_proposal(second)
    assert pid1 != pid2
    assert set(timelock_operations(governor, first, pid1)).isdisjoint(
        timelock_operations(governor, second, pid2)
    )
    assert ProposalState(governor.state(pid1)).label == ProposalState(governor.state(pid2)).label == "Queued"
    governor.execute(*first.id_args(), sender=founders[1])
    assert ProposalState(governor.state(pid2)).label == "Queued"


def test_queue__logs_eta_and_schedules_chained_operations(
    governor, timelock, chain, founders, make_proposal, membership, newcomer
):
    p = proposal_of(
        [call(membership, "admit", newcomer), call(membership, "expel", newcomer)], "chain", founders[0]
    )
    governor.propose(p.targets, p.values, p.calldatas, p.description, sender=founders[0])
    pid = governor.hashProposal(*p.id_args())
    advance_to(chain, governor.proposalSnapshot(pid) + 1)
    governor.castVote(pid, 1, sender=founders[0])
    advance_to(chain, governor.proposalDeadline(pid) + 1)
    tx = governor.queue(*p.id_args(), sender=founders[0])
    scheduled = tx.decode_logs(timelock.CallScheduled)
    operations = timelock_operations(governor, p, pid)
    assert [e.id for e in scheduled] == operations
    assert scheduled[1].predecessor == operations[0]
    assert tx.decode_logs(governor.ProposalQueued)[0].etaSeconds == chain.blocks.head.timestamp + 50


def test_queue__not_succeeded__reverts(governor, open_proposal, founders):
    pid, p = open_proposal()
    with ape.reverts("governor: proposal has not succeeded"):
        governor.queue(*p.id_args(), sender=founders[0])


def test_queue__passed_but_kept_back_past_the_grace__expired_reverts(
    governor, chain, founders, open_proposal
):
    """A passed proposal kept back for months could run when the members
    who voted against it no longer make up its veto threshold (review):
    it must be queued within `GRACE_PERIOD` of its deadline."""
    pid, p = open_proposal()
    governor.castVote(pid, 1, sender=founders[0])
    grace = governor.GRACE_PERIOD()
    assert grace == 7 * 86_400
    advance_to(chain, governor.proposalDeadline(pid) + grace)
    assert governor.state(pid) == ProposalState.SUCCEEDED
    advance_to(chain, governor.proposalDeadline(pid) + grace + 1)
    assert governor.state(pid) == ProposalState.EXPIRED
    with ape.reverts("governor: proposal has not succeeded"):
        governor.queue(*p.id_args(), sender=founders[0])
