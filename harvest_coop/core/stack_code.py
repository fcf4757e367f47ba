"""Where the CoopFactory's code lives on chain: blueprints and code chunks.

Shared by the Ape, web3.py and titanoboa layers (`ape_layer.stack`,
`web3_layer.stack`, `testing.boa`): plain bytes and tuples, no chain access.

A contract whose initcode fits is stored as an EIP-5202 blueprint: a
contract whose code is `0xFE7100` followed by the initcode, deployed by
`create_from_blueprint`. EIP-170 caps a contract's code at 24,576 bytes, so a
blueprint holds at most 24,573 bytes of initcode. Membership's initcode
(~27.4 KB) and NutrientExchange's (~24.9 KB) are larger: each is stored in
two chunk contracts whose code is an 11-byte reader that returns the rest of
the code to any caller, followed by one half of the initcode. The factory
reads both halves and deploys the joined initcode with `raw_create`
(EIP-3860 allows initcode up to 49,152 bytes). The ResourcePool (~12 KB of
initcode) and the Federation (~4 KB) are blueprints.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from harvest_coop.core.constants import COOP_CONTRACTS, DAY, TX_GAS_CAP
from harvest_coop.core.params import CoopParams

__all__ = [
    "BLUEPRINT_CONTRACTS",
    "CHUNKED_CONTRACTS",
    "COOP_CONTRACTS",
    "FACTORY_ARGUMENTS",
    "LIVE_FLOOR",
    "NO_FLOOR",
    "RECORD_FIELDS",
    "TX_GAS_CAP",
    "TimingFloor",
    "address_of",
    "blueprint_code",
    "chunk_codes",
    "coop_config",
    "creation_code",
    "factory_arguments",
    "floor_for",
    "is_live_network",
]

# The registry record's field for each contract name.
RECORD_FIELDS = {
    "TimelockController": "timelock",
    "Membership": "membership",
    "CoopGovernor": "governor",
    "HarvestToken": "harvest",
    "CoopCredit": "credit",
    "NutrientExchange": "exchange",
    "ResourcePool": "pool",
    "Federation": "federation",
}

# EIP-170 and EIP-3860.
MAX_CODE_SIZE = 24_576
MAX_INITCODE_SIZE = 49_152

# EIP-5202: 0xFE71, version 0, no data section.
BLUEPRINT_PREAMBLE = bytes.fromhex("fe7100")

# The chunk reader (CoopFactory's `_CHUNK_HEADER`): return code[11:].
# PUSH1 11, CODESIZE, SUB, DUP1, PUSH1 11, RETURNDATASIZE, CODECOPY, RETURNDATASIZE, RETURN
CHUNK_HEADER = bytes.fromhex("600b380380600b3d393df3")
MAX_CHUNK = MAX_CODE_SIZE - len(CHUNK_HEADER)

# Which contracts the factory deploys from a blueprint and which from two chunks.
BLUEPRINT_CONTRACTS = (
    "TimelockController",
    "Federation",
    "CoopGovernor",
    "HarvestToken",
    "CoopCredit",
    "ResourcePool",
    "CoopRegistry",
)
CHUNKED_CONTRACTS = ("Membership", "NutrientExchange")

# CoopFactory's constructor: its arguments in order (a blueprint address, or
# a pair of chunk addresses).
FACTORY_ARGUMENTS = (
    "TimelockController",
    "Federation",
    "Membership",
    "CoopGovernor",
    "HarvestToken",
    "CoopCredit",
    "NutrientExchange",
    "ResourcePool",
    "CoopRegistry",
)


def address_of(account: Any) -> str:
    """The address of an account, a contract or an address string."""
    return str(getattr(account, "address", account))


def creation_code(runtime: bytes) -> bytes:
    """Deploy code that stores `runtime` as the new contract's code (the
    EIP-5202 deployer: PUSH2 len, RETURNDATASIZE, DUP2, PUSH1 10,
    RETURNDATASIZE, CODECOPY, RETURN)."""
    if len(runtime) > MAX_CODE_SIZE:
        raise ValueError(f"{len(runtime)} bytes of code exceed EIP-170's {MAX_CODE_SIZE}")
    return b"\x61" + len(runtime).to_bytes(2, "big") + bytes.fromhex("3d81600a3d39f3") + runtime


def blueprint_code(name: str, initcode: bytes) -> bytes:
    """The deploy code of `name`'s EIP-5202 blueprint (what Ape's `declare` sends)."""
    runtime = BLUEPRINT_PREAMBLE + initcode
    if len(runtime) > MAX_CODE_SIZE:
        raise ValueError(
            f"{name}'s initcode ({len(initcode)} bytes) no longer fits an EIP-5202 blueprint "
            f"(EIP-170: {MAX_CODE_SIZE - len(BLUEPRINT_PREAMBLE)} bytes): store it in chunks "
            "(CHUNKED_CONTRACTS) and deploy it with raw_create in CoopFactory"
        )
    return creation_code(runtime)


def chunk_codes(name: str, initcode: bytes) -> list[bytes]:
    """The deploy codes of the two chunk contracts holding `name`'s initcode
    (first half first)."""
    if len(initcode) > min(2 * MAX_CHUNK, MAX_INITCODE_SIZE):
        raise ValueError(f"{name}'s initcode ({len(initcode)} bytes) does not fit two chunks")
    half = (len(initcode) + 1) // 2
    return [creation_code(CHUNK_HEADER + part) for part in (initcode[:half], initcode[half:])]


@dataclass(frozen=True)
class TimingFloor:
    """The shortest voting period and timelock delay (seconds) the factory
    lets a co-op have: fixed when the stack is deployed on a network."""

    voting_period: int = 0
    timelock_delay: int = 0


# A throwaway test chain: any timings (tests pass proposals in seconds).
NO_FLOOR = TimingFloor()
# A live network: the other members always get a day to vote against a
# proposal and a day to veto it before it runs.
LIVE_FLOOR = TimingFloor(voting_period=DAY, timelock_delay=DAY)


def is_live_network(network_name: str) -> bool:
    """True unless the (Ape) network is local or a fork."""
    return not (network_name == "local" or network_name.endswith("-fork"))


def floor_for(network_name: str) -> TimingFloor:
    """The timing floor of a stack deployed on the named network."""
    return LIVE_FLOOR if is_live_network(network_name) else NO_FLOOR


def factory_arguments(code: dict[str, str | list[str]], floor: TimingFloor = NO_FLOOR) -> list[Any]:
    """CoopFactory's constructor arguments from {contract name: blueprint
    address or [chunk, chunk] addresses} and the network's timing floor."""
    return [*(code[name] for name in FACTORY_ARGUMENTS), floor.voting_period, floor.timelock_delay]


def coop_config(params: CoopParams) -> tuple[Any, ...]:
    """`ICoopFactory.CoopConfig` as the tuple the ABI encodes."""
    return (
        params.name,
        params.symbol,
        [address_of(f) for f in params.founders],
        params.voting_delay,
        params.voting_period,
        params.quorum_percent,
        params.timelock_delay,
        params.admission.as_tuple(),
        params.max_proxies,
    )
