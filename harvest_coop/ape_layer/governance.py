"""Drive a proposal from propose to execute with Ape contract objects.

The proposal itself (ids, the `#proposer=` suffix, timelock operations) is
`harvest_coop.core.proposals`; this module adds what needs a chain: encoding
a call with a contract's ABI, moving the clock, and moving a proposal
through its states. `pass_proposal` resumes where a proposal is: run it
again after a failure part-way and it finishes the job (it proposes only if
the proposal does not exist, votes only with voters who have not, queues
only if not queued).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from harvest_coop.core.constants import ProposalState, VoteSupport
from harvest_coop.core.proposals import Action, Proposal

__all__ = ["advance_to", "call", "pass_proposal", "queue_proposal"]

Log = Callable[[str], None]


def call(contract: Any, method: str, *args: Any) -> Action:
    """One (target, value, calldata) action calling `contract.method(*args)`."""
    calldata = getattr(contract, method).encode_input(*args)
    return str(contract.address), 0, bytes(calldata)


def advance_to(chain: Any, timestamp: int) -> None:
    """Mine a block at `timestamp` or later (never moves time backwards).

    Ape's providers set the next block's time where they can (its test chain,
    `foundry`); a node reached by URL (`ethereum:local:http://…`) does not,
    so the clock is moved with anvil's and hardhat's `evm_increaseTime`."""
    target = max(int(timestamp), int(chain.pending_timestamp))
    try:
        chain.mine(timestamp=target)
        return
    except Exception:  # noqa: BLE001 - the provider cannot set a timestamp
        pass
    provider = chain.provider
    head = int(chain.blocks.head.timestamp)
    try:
        if target > head:
            provider.make_request("evm_increaseTime", [target - head])
        provider.make_request("evm_mine", [])
    except Exception as err:  # noqa: BLE001
        raise RuntimeError(
            f"this node cannot move its clock ({err}); wait until {target} or use a local node"
        ) from err


def _state(governor: Any, proposal_id: int) -> ProposalState:
    return ProposalState(governor.state(proposal_id))


def queue_proposal(
    chain: Any,
    governor: Any,
    proposer: Any,
    voters: list[Any],
    proposal: Proposal,
    log: Log | None = None,
) -> int:
    """Propose, vote for with every voter, queue, and wait out the timelock
    delay: the proposal is then ready to execute. Returns its id. Resumes a
    proposal already part-way (see the module docstring).

    `log` (a callable taking a string) reports progress, since on a real node
    each step is a transaction.
    """
    say = log or (lambda _msg: None)
    proposal_id = proposal.proposal_id
    if int(governor.proposalSnapshot(proposal_id)) == 0:
        governor.propose(*proposal.propose_args(), sender=proposer)
        say(f"proposed {proposal_id:#x}")
    state = _state(governor, proposal_id)
    if state == ProposalState.PENDING:
        advance_to(chain, governor.proposalSnapshot(proposal_id) + 1)
        state = _state(governor, proposal_id)
    if state == ProposalState.ACTIVE:
        voted = 0
        for voter in voters:
            if not governor.hasVoted(proposal_id, voter):
                governor.castVote(proposal_id, VoteSupport.FOR, sender=voter)
                voted += 1
        say(f"{voted} members voted for")
        advance_to(chain, governor.proposalDeadline(proposal_id) + 1)
        state = _state(governor, proposal_id)
    if state == ProposalState.SUCCEEDED:
        governor.queue(*proposal.id_args(), sender=proposer)
        say(f"queued on the timelock until {governor.proposalEta(proposal_id)}")
        state = ProposalState.QUEUED
    if state == ProposalState.QUEUED:
        advance_to(chain, governor.proposalEta(proposal_id))
        return proposal_id
    if state == ProposalState.EXECUTED:
        return proposal_id
    raise RuntimeError(f"proposal {proposal_id:#x} ended {state.label}, not Succeeded")


def pass_proposal(
    chain: Any,
    governor: Any,
    proposer: Any,
    voters: list[Any],
    proposal: Proposal,
    log: Log | None = None,
) -> int:
    """`queue_proposal`, then execute (unless already executed). Returns the
    proposal id."""
    proposal_id = queue_proposal(chain, governor, proposer, voters, proposal, log)
    if _state(governor, proposal_id) != ProposalState.EXECUTED:
        governor.execute(*proposal.id_args(), sender=proposer)
        if log:
            log("executed")
    return proposal_id
