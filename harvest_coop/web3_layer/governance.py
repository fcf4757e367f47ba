"""Drive a proposal from propose to execute with web3.py, moving a local
node's clock (anvil's `evm_increaseTime`): the twin of
`harvest_coop.ape_layer.governance.pass_proposal`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from web3 import Web3
from web3.contract import Contract

from harvest_coop.core.constants import ProposalState, VoteSupport
from harvest_coop.core.proposals import Action, proposal_of
from harvest_coop.web3_layer.sender import transact

__all__ = ["advance_time", "pass_call", "pass_proposal"]


def advance_time(w3: Web3, seconds: int) -> None:
    """Move a local node's clock forward and mine a block (anvil / hardhat RPC)."""
    w3.provider.make_request("evm_increaseTime", [int(seconds)])  # type: ignore[arg-type]
    w3.provider.make_request("evm_mine", [])  # type: ignore[arg-type]


def _now(w3: Web3) -> int:
    return int(w3.eth.get_block("latest")["timestamp"])


def pass_proposal(
    w3: Web3,
    governor: Contract,
    proposer: str,
    voters: list[str],
    actions: list[Action],
    description: str,
    say: Callable[[str], Any] = print,
) -> int:
    """Propose, vote for with every voter, queue and execute, moving the
    node's clock; every step is a real transaction. The description gets the
    proposer's `#proposer=` suffix (front-running guard). Resumes a proposal
    already part-way: run it again after a failure and it proposes only if
    the proposal does not exist, votes only with voters who have not, queues
    only if not queued, executes only if not executed."""
    proposal = proposal_of(actions, description, proposer)
    targets = [Web3.to_checksum_address(t) for t in proposal.targets]
    args = (targets, proposal.values, proposal.calldatas)
    proposal_id = proposal.proposal_id
    fns = governor.functions

    def state() -> ProposalState:
        return ProposalState(fns.state(proposal_id).call())

    if fns.proposalSnapshot(proposal_id).call() == 0:
        transact(fns.propose(*args, proposal.description), proposer)
        say(f"  proposed: {description!r}")
    if state() == ProposalState.PENDING:
        advance_time(w3, fns.proposalSnapshot(proposal_id).call() - _now(w3) + 1)
    if state() == ProposalState.ACTIVE:
        for voter in voters:
            if not fns.hasVoted(proposal_id, voter).call():
                transact(fns.castVote(proposal_id, VoteSupport.FOR), voter)
        say(f"  {len(voters)} members voted for")
        advance_time(w3, fns.proposalDeadline(proposal_id).call() - _now(w3) + 1)
    if state() == ProposalState.SUCCEEDED:
        transact(fns.queue(*args, proposal.description_hash), proposer)
        say("  queued on the timelock")
    if state() == ProposalState.QUEUED:
        eta = fns.proposalEta(proposal_id).call()
        advance_time(w3, max(eta - _now(w3), 0) + 1)
        transact(fns.execute(*args, proposal.description_hash), proposer)
        say("  executed by the timelock")
    final = state()
    if final != ProposalState.EXECUTED:
        raise RuntimeError(f"proposal {description!r} ended {final.label}, not Executed")
    return proposal_id


def pass_call(
    w3: Web3,
    coop: dict[str, Contract],
    voters: list[str],
    target: Contract,
    call: str,
    *args: Any,
    description: str | None = None,
    say: Callable[[str], Any] = print,
) -> int:
    """`pass_proposal` of one call, `target.call(*args)`, proposed by the
    first voter in `coop`'s governor; the description defaults to the call."""
    calldata = target.encode_abi(call, args=list(args))
    return pass_proposal(
        w3,
        coop["CoopGovernor"],
        voters[0],
        voters,
        [(target.address, 0, calldata)],
        description or f"{call} {args}",
        say,
    )
