"""Proposals as OpenZeppelin's Governor identifies them, and how CoopGovernor
queues them on the timelock: plain data, usable from Ape, web3.py and
titanoboa alike (`ape_layer.governance` and `web3_layer.governance` drive a
proposal through its life with it)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from eth_abi.abi import encode as abi_encode
from eth_utils.crypto import keccak

__all__ = [
    "PROPOSER_SUFFIX",
    "Action",
    "Proposal",
    "description_hash",
    "proposal_id",
    "proposal_of",
    "timelock_operations",
    "timelock_salt",
    "with_proposer",
]

# One call of a proposal: (target, value in wei, calldata as bytes or 0x-hex).
Action = tuple[str, int, bytes | str]

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
        """keccak256 of the description (what queue / execute / cancel take)."""
        return keccak(text=self.description)

    @property
    def proposal_id(self) -> int:
        """OpenZeppelin's `hashProposal`, as CoopGovernor computes it."""
        return proposal_id(self.targets, self.values, self.calldatas, self.description_hash)

    def id_args(self) -> tuple[list[str], list[int], list[bytes], bytes]:
        """(targets, values, calldatas, description hash)."""
        return self.targets, self.values, self.calldatas, self.description_hash

    def propose_args(self) -> tuple[list[str], list[int], list[bytes], str]:
        """(targets, values, calldatas, description): `propose`'s arguments."""
        return self.targets, self.values, self.calldatas, self.description


def _address(value: Any) -> str:
    return str(getattr(value, "address", value))


def _calldata(value: Any) -> bytes:
    """Calldata as bytes (web3.py's `encode_abi` gives a 0x-hex string)."""
    if isinstance(value, str):
        return bytes.fromhex(value.removeprefix("0x"))
    return bytes(value)


def proposal_id(
    targets: list[str], values: list[int], calldatas: list[bytes], description_hash: bytes
) -> int:
    """keccak256(abi.encode(targets, values, calldatas, descriptionHash))."""
    encoded = abi_encode(
        ["address[]", "uint256[]", "bytes[]", "bytes32"],
        [[_address(t) for t in targets], list(values), [bytes(c) for c in calldatas], description_hash],
    )
    return int.from_bytes(keccak(encoded), "big")


def with_proposer(description: str, proposer: Any) -> str:
    """`description` ending in OpenZeppelin's `#proposer=0x…` suffix: only
    `proposer` can then propose it, so nobody can front-run the proposal and
    cancel it while Pending. A description that already ends in a suffix is
    returned unchanged."""
    if PROPOSER_SUFFIX.fullmatch(description[-52:] if len(description) >= 52 else ""):
        return description
    return f"{description} #proposer={_address(proposer)}"


def proposal_of(actions: list[Action], description: str, proposer: Any = None) -> Proposal:
    """The proposal of `actions`; with `proposer`, the description carries the
    `#proposer=` suffix (what every helper and the demo use)."""
    if proposer is not None:
        description = with_proposer(description, proposer)
    return Proposal(
        targets=[_address(a[0]) for a in actions],
        values=[int(a[1]) for a in actions],
        calldatas=[_calldata(a[2]) for a in actions],
        description=description,
    )


def timelock_salt(governor: Any, proposal_id: int) -> bytes:
    """The salt of a proposal's timelock operations: the proposal id XOR the
    governor's address in the top 20 bytes (unique per proposal)."""
    salt = int(proposal_id) ^ (int(_address(governor), 16) << 96)
    return salt.to_bytes(32, "big")


def timelock_operations(governor: Any, proposal: Proposal, proposal_id: int) -> list[bytes]:
    """The timelock operation ids of a queued proposal, in order (each call
    one operation, chained by predecessor)."""
    salt = timelock_salt(governor, proposal_id)
    predecessor = b"\x00" * 32
    ids = []
    for target, value, data in zip(proposal.targets, proposal.values, proposal.calldatas, strict=True):
        predecessor = keccak(
            abi_encode(
                ["address", "uint256", "bytes", "bytes32", "bytes32"],
                [_address(target), int(value), bytes(data), predecessor, salt],
            )
        )
        ids.append(predecessor)
    return ids


def description_hash(description: str) -> bytes:
    """keccak256 of a proposal's description."""
    return keccak(text=description)
