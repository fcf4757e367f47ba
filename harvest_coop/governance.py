"""Drive a proposal from propose to execute through contract calls only."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from eth_utils import keccak

# OpenZeppelin's ProposalState values, which CoopGovernor.state returns.
STATES = ("Pending", "Active", "Canceled", "Defeated", "Succeeded", "Queued", "Expired", "Executed")
AGAINST, FOR, ABSTAIN = 0, 1, 2

# OpenZeppelin 5's front-running guard: a description ending in this can be
# proposed only by the address it names.
PROPOSER_SUFFIX = re.compile(r"#proposer=0x[0-9a-fA-F]{40}")


@dataclass(frozen=True)
class Proposal:
    """The arguments that identify a proposal on OpenZeppelin's interface."""

    targets: list[str]
    values: list[int]
    calldatas: list[bytes]
    description: str

    @property
    def description_hash(self) -> bytes:
        return keccak(text=self.description)

    def id_args(self) -> tuple[list[str], list[int], list[bytes], bytes]:
        return self.targets, self.values, self.calldatas, self.description_hash


def call(contract: Any, method: str, *args: Any) -> tuple[str, int, bytes]:
    """One (target, value, calldata) action calling `contract.method(*args)`."""
    calldata = getattr(contract, method).encode_input(*args)
    return str(contract.address), 0, bytes(calldata)


def with_proposer(description: str, proposer: Any) -> str:
    """`description` ending in OpenZeppelin's `#proposer=0x…` suffix: only
    `proposer` can then propose it, so nobody can front-run the proposal and
    cancel it while Pending. A description that already ends in a suffix is
    returned unchanged."""
    address = str(getattr(proposer, "address", proposer))
    if PROPOSER_SUFFIX.fullmatch(description[-52:] if len(description) >= 52 else ""):
        return description
    return f"{description} #proposer={address}"


def proposal_of(actions: list[tuple[str, int, bytes]], description: str, proposer: Any = None) -> Proposal:
    """The proposal of `actions`; with `proposer`, the description carries the
    `#proposer=` suffix (what every helper and the demo use)."""
    if proposer is not None:
        description = with_proposer(description, proposer)
    return Proposal(
        targets=[a[0] for a in actions],
        values=[a[1] for a in actions],
        calldatas=[a[2] for a in actions],
        description=description,
    )


def advance_to(chain: Any, timestamp: int) -> None:
    """Mine a block at `timestamp` or later (never moves time backwards)."""
    target = max(int(timestamp), int(chain.pending_timestamp))
    chain.mine(timestamp=target)


def timelock_salt(governor: Any, proposal_id: int) -> bytes:
    """The salt of a proposal's timelock operations: the proposal id XOR the
    governor's address in the top 20 bytes (unique per proposal)."""
    salt = int(proposal_id) ^ (int(str(getattr(governor, "address", governor)), 16) << 96)
    return salt.to_bytes(32, "big")


def timelock_operations(governor: Any, proposal: Proposal, proposal_id: int) -> list[bytes]:
    """The timelock operation ids of a queued proposal, in order (each call
    one operation, chained by predecessor)."""
    from eth_abi import encode

    salt = timelock_salt(governor, proposal_id)
    predecessor = b"\x00" * 32
    ids = []
    for target, value, data in zip(proposal.targets, proposal.values, proposal.calldatas, strict=True):
        predecessor = keccak(
            encode(
                ["address", "uint256", "bytes", "bytes32", "bytes32"],
                [str(target), int(value), bytes(data), predecessor, salt],
            )
        )
        ids.append(predecessor)
    return ids


def queue_proposal(
    chain: Any,
    governor: Any,
    proposer: Any,
    voters: list[Any],
    proposal: Proposal,
    log: Any = None,
) -> int:
    """Propose, vote for with every voter, queue, and wait out the timelock
    delay: the proposal is then ready to execute. Returns its id.

    `log` (a callable taking a string) reports progress, since on a real node
    each step is a transaction.
    """
    say = log or (lambda _msg: None)
    governor.propose(
        proposal.targets, proposal.values, proposal.calldatas, proposal.description, sender=proposer
    )
    proposal_id = int(governor.hashProposal(*proposal.id_args()))
    say(f"proposed {proposal_id:#x}")
    advance_to(chain, governor.proposalSnapshot(proposal_id) + 1)
    for voter in voters:
        governor.castVote(proposal_id, FOR, sender=voter)
    say(f"{len(voters)} members voted for")
    advance_to(chain, governor.proposalDeadline(proposal_id) + 1)
    state = STATES[governor.state(proposal_id)]
    if state != "Succeeded":
        raise RuntimeError(f"proposal {proposal_id:#x} ended {state}, not Succeeded")
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
    log: Any = None,
) -> int:
    """`queue_proposal`, then execute. Returns the proposal id."""
    proposal_id = queue_proposal(chain, governor, proposer, voters, proposal, log)
    governor.execute(*proposal.id_args(), sender=proposer)
    if log:
        log("executed")
    return proposal_id
