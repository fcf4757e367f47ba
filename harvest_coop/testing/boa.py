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

import copy
import hashlib
import itertools
import os
import pickle
import tempfile
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

import boa
from boa.interpret import _get_default_deployer_class
from eth_utils.crypto import keccak

from harvest_coop.core.constants import COOP_CONTRACTS, DAY
from harvest_coop.core.offers import Escrow, Offer
from harvest_coop.core.params import CoopParams
from harvest_coop.core.stack_code import (
    BLUEPRINT_CONTRACTS,
    CHUNKED_CONTRACTS,
    NO_FLOOR,
    RECORD_FIELDS,
    TimingFloor,
    address_of,
    chunk_codes,
    coop_config,
    factory_arguments,
)

__all__ = [
    "CONTRACTS",
    "Stack",
    "approve_exchange",
    "block_time",
    "compiled",
    "create_coop",
    "deploy_stack",
    "end_federation",
    "federate",
    "fill_offer",
    "layout_slot",
    "mapping_slot",
    "mint_credit",
    "post_offer",
    "read_slot",
    "warp",
]

CONTRACTS = Path(__file__).resolve().parents[2] / "contracts"


# Compiled contracts kept between processes (each property-test suite is
# its own process): titanoboa's own disk cache still parses and analyses
# every contract and its imports to find its key, about a second a contract.
COMPILE_CACHE = CONTRACTS.parent / ".cache" / "boa"


@cache
def _sources_fingerprint() -> str:
    """A hash of everything a contract's compilation reads: every source under
    contracts/ and snekmate's, and the compiler's and titanoboa's versions."""
    import snekmate
    import vyper

    digest = hashlib.sha256(f"{vyper.__version__}.{vyper.__commit__}:{version('titanoboa')}".encode())
    roots = [CONTRACTS, *(Path(p) for p in snekmate.__path__)]
    for root in roots:
        for path in sorted(root.rglob("*.vy*")):
            digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:32]


# The compiler's intermediate forms: cached properties of CompilerData that
# a deployed contract does not read (the bytecode and source map are kept),
# recomputed on access if something does; without them a load takes half
# the time.
_REBUILDABLE = ("_ir_output", "assembly", "assembly_runtime")


def _without_rebuildable(data: Any) -> Any:
    kept = copy.copy(data)
    for key in _REBUILDABLE:
        kept.__dict__.pop(key, None)
    return kept


@cache
def compiled(name: str) -> Any:
    """Contract `name` (from contracts/ or contracts/test/) compiled once: a
    titanoboa deployer (`.deploy(...)`, `.at(address)`).

    The compiler's output is kept in .cache/boa under a hash of every source
    it could read (`_sources_fingerprint`), so a later process loads it
    instead of compiling; a changed source or compiler changes the hash."""
    for path in (CONTRACTS / f"{name}.vy", CONTRACTS / "test" / f"{name}.vy"):
        if path.is_file():
            break
    else:
        raise FileNotFoundError(f"no contract {name} under {CONTRACTS}")
    deployer_class = _get_default_deployer_class()
    kept = (
        COMPILE_CACHE
        / _sources_fingerprint()
        / f"{path.relative_to(CONTRACTS).as_posix().replace('/', '.')}.pickle"
    )
    try:
        data = pickle.loads(kept.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        deployer = boa.load_partial(str(path))
        data = deployer.compiler_data
        kept.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=kept.parent, delete=False) as out:
            out.write(pickle.dumps(_without_rebuildable(data), protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(out.name, kept)  # atomic: a parallel suite reads all or nothing
        return deployer
    return deployer_class(data, filename=str(path))


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


def deploy_stack(deployer: Any = None, floor: TimingFloor = NO_FLOOR) -> Stack:
    """Declare the blueprints, store the chunked initcodes and deploy the
    factory, from `deployer` (titanoboa's default account if None), with the
    network's timing `floor` (none by default: tests pass proposals in
    seconds)."""
    with boa.env.prank(address_of(deployer or boa.env.eoa)):
        blueprints = {name: str(compiled(name).deploy_as_blueprint().address) for name in BLUEPRINT_CONTRACTS}
        chunks = {name: _store_chunks(name) for name in CHUNKED_CONTRACTS}
        factory = compiled("CoopFactory").deploy(*factory_arguments({**blueprints, **chunks}, floor))
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


def block_time() -> int:
    """The titanoboa chain's current block timestamp."""
    return int(boa.env.evm.patch.timestamp)


def warp(timestamp: int) -> None:
    """Move the chain's clock forward to `timestamp` (never back)."""
    if timestamp > block_time():
        boa.env.time_travel(seconds=timestamp - block_time())


# ------------------------------------------------------ trading on a co-op

_offer_nonces = itertools.count(1)


def mint_credit(coop: dict[str, Any], to: Any, amount: int) -> None:
    """`coop`'s governance mints `amount` credit to `to` (timelock pranked)."""
    with boa.env.prank(address_of(coop["TimelockController"])):
        coop["CoopCredit"].mint(address_of(to), amount)


def approve_exchange(coop: dict[str, Any], *holders: Any) -> None:
    """Each of `holders` lets `coop`'s exchange move its produce and credit."""
    exchange = coop["NutrientExchange"].address
    for holder in holders:
        coop["HarvestToken"].setApprovalForAll(exchange, True, sender=address_of(holder))
        coop["CoopCredit"].approve(exchange, 2**255, sender=address_of(holder))


def post_offer(
    coop: dict[str, Any],
    maker: Any,
    give_token: Any,
    give_id: int,
    give_amount: int,
    want_token: Any,
    want_id: int,
    want_amount: int,
    delivery: int = 0,
) -> Offer:
    """`maker` posts an all-or-nothing offer on `coop`'s exchange (no
    signature needed): a day's delivery window if `delivery`, a week to
    expiry, a fresh nonce, no fee accepted."""
    offer = Offer(
        maker=address_of(maker),
        give_token=address_of(give_token),
        give_id=give_id,
        give_amount=give_amount,
        want_token=address_of(want_token),
        want_id=want_id,
        want_amount=want_amount,
        delivery=delivery,
        delivery_window=DAY if delivery else 0,
        expiry=block_time() + 7 * DAY,
        nonce=next(_offer_nonces),
        partial_fill=False,
        max_fee_bps=0,
    )
    coop["NutrientExchange"].post_offer(offer.as_tuple(), sender=address_of(maker))
    return offer


def fill_offer(coop: dict[str, Any], offer: Offer, taker: Any) -> Escrow | None:
    """`taker` fills all of a posted offer; the escrow record if one opened."""
    exchange = coop["NutrientExchange"]
    exchange.fill(offer.as_tuple(), b"", offer.give_amount, offer.give_amount, sender=address_of(taker))
    opened = [log for log in exchange.get_logs() if type(log).__name__ == "EscrowOpened"]
    return Escrow.from_value(tuple(opened[0].escrow)) if opened else None
