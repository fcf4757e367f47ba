"""The co-op's governance core on titanoboa, wired as the deploy script wires it.

Compiled once per process (`boa.load_partial`), deployed per call. The
timelock's only proposer, canceller and executor is the governor; the
deployer renounces its bootstrap admin role before this returns.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import boa

from harvest_coop.params import AdmissionRules
from harvest_coop.roles import CANCELLER_ROLE, DEFAULT_ADMIN_ROLE, EXECUTOR_ROLE, PROPOSER_ROLE

CONTRACTS = Path(__file__).resolve().parent.parent / "contracts"


@cache
def blueprint(name: str) -> Any:
    """The compiled contract `name` (a titanoboa deployer)."""
    return boa.load_partial(str(CONTRACTS / f"{name}.vy"))


@dataclass
class Core:
    timelock: Any
    membership: Any
    governor: Any


def deploy_core(
    founders: list[str],
    rules: AdmissionRules,
    *,
    voting_delay: int,
    voting_period: int,
    quorum: int,
    timelock_delay: int,
    max_proxies: int = 2,
    name: str = "Machine Coop",
) -> Core:
    deployer = boa.env.eoa
    timelock = blueprint("TimelockController").deploy(timelock_delay, [], [], deployer)
    membership = blueprint("Membership").deploy(
        name, "MC", timelock.address, founders, rules.as_tuple(), max_proxies
    )
    governor = blueprint("CoopGovernor").deploy(
        f"{name} Governor", membership.address, timelock.address, voting_delay, voting_period, quorum
    )
    membership.set_governor(governor.address)
    for role in (PROPOSER_ROLE, CANCELLER_ROLE, EXECUTOR_ROLE):
        timelock.grantRole(role, governor.address)
    timelock.renounceRole(DEFAULT_ADMIN_ROLE, deployer)
    return Core(timelock, membership, governor)


def layout_slot(contract: Any, name: str) -> int:
    """The storage slot of variable `name` of a titanoboa contract."""

    def find(node: Any) -> int | None:
        if isinstance(node, dict):
            if name in node and isinstance(node[name], dict) and "slot" in node[name]:
                return int(node[name]["slot"])
            for value in node.values():
                found = find(value)
                if found is not None:
                    return found
        return None

    slot = find(contract.compiler_data.storage_layout["storage_layout"])
    if slot is None:
        raise KeyError(f"{name} is not a storage variable of {contract}")
    return slot


def mapping_slot(base: int, *keys: int | str | bytes) -> int:
    """Slot of `map[k1][k2]...` in Vyper's layout: keccak(slot ‖ key) per level."""
    from eth_utils import keccak

    slot = base
    for key in keys:
        if isinstance(key, str):
            key = int(key, 16)
        raw = key if isinstance(key, bytes) else int(key).to_bytes(32, "big")
        slot = int.from_bytes(keccak(slot.to_bytes(32, "big") + raw), "big")
    return slot


def read_slot(contract: Any, slot: int) -> int:
    """One storage word of a titanoboa contract (no call, no gas)."""
    return int(boa.env.get_storage(contract.address, slot))
