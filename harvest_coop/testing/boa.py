"""The co-op on titanoboa, made by the factory as on a real chain.

`deploy_stack` declares the blueprints, stores the chunked initcodes and
deploys the CoopFactory (which deploys the CoopRegistry), exactly as
`harvest_coop.ape_layer.stack` does on Ape; `create_coop` sends the
factory's two transactions as the creator and returns the co-op's eight
contracts by name (from the registry's record). Contracts are compiled once per process. The storage
helpers read a contract's packed words directly, for property tests whose
per-step checks would otherwise be dominated by view calls.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import boa
from eth_utils.crypto import keccak

from harvest_coop.core.constants import COOP_CONTRACTS
from harvest_coop.core.params import CoopParams
from harvest_coop.core.stack_code import (
    BLUEPRINT_CONTRACTS,
    CHUNKED_CONTRACTS,
    RECORD_FIELDS,
    address_of,
    chunk_codes,
    coop_config,
    factory_arguments,
)

__all__ = [
    "CONTRACTS",
    "Stack",
    "compiled",
    "create_coop",
    "deploy_stack",
    "end_federation",
    "federate",
    "layout_slot",
    "mapping_slot",
    "read_slot",
]

CONTRACTS = Path(__file__).resolve().parents[2] / "contracts"


@cache
def compiled(name: str) -> Any:
    """Contract `name` (from contracts/ or contracts/test/) compiled once: a
    titanoboa deployer (`.deploy(...)`, `.at(address)`)."""
    for path in (CONTRACTS / f"{name}.vy", CONTRACTS / "test" / f"{name}.vy"):
        if path.is_file():
            return boa.load_partial(str(path))
    raise FileNotFoundError(f"no contract {name} under {CONTRACTS}")


@dataclass(frozen=True)
class Stack:
    """The factory's deployment in a titanoboa environment."""

    blueprints: dict[str, str]
    chunks: dict[str, list[str]]
    factory: Any
    registry: Any


def _store_chunks(name: str) -> list[str]:
    initcode = compiled(name).compiler_data.bytecode
    return [str(boa.env.deploy_code(bytecode=code)[0]) for code in chunk_codes(name, initcode)]


def deploy_stack(deployer: Any = None) -> Stack:
    """Declare the blueprints, store the chunked initcodes and deploy the
    factory, from `deployer` (titanoboa's default account if None)."""
    with boa.env.prank(address_of(deployer or boa.env.eoa)):
        blueprints = {name: str(compiled(name).deploy_as_blueprint().address) for name in BLUEPRINT_CONTRACTS}
        chunks = {name: _store_chunks(name) for name in CHUNKED_CONTRACTS}
        factory = compiled("CoopFactory").deploy(*factory_arguments({**blueprints, **chunks}))
    registry = compiled("CoopRegistry").at(factory.REGISTRY())
    if address_of(registry.FACTORY()) != address_of(factory):
        raise RuntimeError("the registry does not answer to the factory that deployed it")
    return Stack(blueprints=blueprints, chunks=chunks, factory=factory, registry=registry)


def create_coop(stack: Stack, creator: Any, params: CoopParams) -> dict[str, Any]:
    """Make a complete co-op: `create_coop` then `finish_coop`, both as
    `creator`. Returns its contracts by name (`COOP_CONTRACTS`)."""
    params.validate()
    with boa.env.prank(address_of(creator)):
        stack.factory.create_coop(coop_config(params))
        stack.factory.finish_coop(params.name, params.credit_name, params.credit_symbol)
    record = stack.registry.coop(params.name)
    return {name: compiled(name).at(getattr(record, RECORD_FIELDS[name])) for name in COOP_CONTRACTS}


def federate(first: dict[str, Any], second: dict[str, Any]) -> None:
    """Federate two co-ops as their governances would: `first`'s timelock
    proposes, `second`'s accepts (the timelocks are pranked, no proposals)."""
    with boa.env.prank(address_of(first["TimelockController"])):
        first["Federation"].propose_federation(address_of(second["Federation"]))
    with boa.env.prank(address_of(second["TimelockController"])):
        second["Federation"].accept_federation(address_of(first["Federation"]))


def end_federation(coop: dict[str, Any], other: dict[str, Any]) -> None:
    """`coop`'s governance ends its federation with `other` (timelock pranked)."""
    with boa.env.prank(address_of(coop["TimelockController"])):
        coop["Federation"].end_federation(address_of(other["Federation"]))


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


@lru_cache(maxsize=1 << 16)
def mapping_slot(base: int, *keys: int | str | bytes) -> int:
    """Slot of `map[k1][k2]...` in Vyper's layout: keccak(slot ‖ key) per level
    (remembered: property tests ask for the same few slots at every step)."""
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
