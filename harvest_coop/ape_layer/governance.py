"""Drive a proposal from propose to execute with Ape contract objects.

The proposal itself (ids, the `#proposer=` suffix, timelock operations) is
`harvest_coop.core.proposals`; this module adds what needs a chain: encoding
a call with a contract's ABI and moving a proposal through its states.
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
    """Mine a block at `timestamp` or later (never moves time backwards)."""
    target = max(int(timestamp), int(chain.pending_timestamp))
    chain.mine(timestamp=target)


def queue_proposal(
    chain: Any,
    governor: Any,
    proposer: Any,
    voters: list[Any],
    proposal: Proposal,
    log: Log | None = None,
) -> int:
    """Propose, vote for with every voter, queue, and wait out the timelock
    delay: the proposal is then ready to execute. Returns its id.

    `log` (a callable taking a string) reports progress, since on a real node
    each step is a transaction.
    """
    say = log or (lambda _msg: None)
    governor.propose(*proposal.propose_args(), sender=proposer)
    proposal_id = int(governor.hashProposal(*proposal.id_args()))
    say(f"proposed {proposal_id:#x}")
    advance_to(chain, governor.proposalSnapshot(proposal_id) + 1)
    for voter in voters:
        governor.castVote(proposal_id, VoteSupport.FOR, sender=voter)
    say(f"{len(voters)} members voted for")
    advance_to(chain, governor.proposalDeadline(proposal_id) + 1)
    state = ProposalState(governor.state(proposal_id))
    if state != ProposalState.SUCCEEDED:
        raise RuntimeError(f"proposal {proposal_id:#x} ended {state.label}, not Succeeded")
    governor.queue(*proposal.id_args(), sender=proposer)
    eta = governor.proposalEta(proposal_id)
    say(f"queued on the timelock until {eta}")
    advance_to(chain, eta)
    return proposal_id


def pass_proposal(
    chain: Any,
    governor: Any,
    proposer: Any,
    voters: list[Any],
    proposal: Proposal,
    log: Log | None = None,
) -> int:
    """`queue_proposal`, then execute. Returns the proposal id."""
    proposal_id = queue_proposal(chain, governor, proposer, voters, proposal, log)
    governor.execute(*proposal.id_args(), sender=proposer)
    if log:
        log("executed")
    return proposal_id
