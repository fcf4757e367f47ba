"""The co-op factory on titanoboa, for the stateful machines.

The same steps as `harvest_coop.factory_ape`: `deploy_stack` declares the
EIP-5202 blueprints (`boa.load_partial(...).deploy_as_blueprint()`), stores
Membership's and NutrientExchange's initcode in two chunk contracts each
(see `harvest_coop.factory_code`) and deploys the CoopFactory (which deploys
the CoopRegistry); `create_coop` sends the factory's two transactions as the
creator and returns the co-op's six contracts by the names
`harvest_coop.deployment` uses. Contracts are compiled once per process
(`harvest_coop.boa_coop.blueprint`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import boa

from harvest_coop.boa_coop import blueprint as compiled
from harvest_coop.factory_code import (
    BLUEPRINT_CONTRACTS,
    CHUNKED_CONTRACTS,
    COOP_CONTRACTS,
    CREDIT_NAME,
    CREDIT_SYMBOL,
    address_of,
    chunk_codes,
    coop_config,
    factory_arguments,
    validate_for_factory,
)
from harvest_coop.params import CoopParams


@dataclass(frozen=True)
class Stack:
    """The factory's deployment in a titanoboa environment."""

    blueprints: dict[str, str]
    chunks: dict[str, list[str]]
    factory: Any
    registry: Any


def store_chunks(name: str) -> list[str]:
    """Store contract `name`'s initcode in two chunk contracts; returns their addresses."""
    initcode = compiled(name).compiler_data.bytecode
    return [str(boa.env.deploy_code(bytecode=code)[0]) for code in chunk_codes(name, initcode)]


def deploy_stack(deployer: Any = None) -> Stack:
    """Declare the blueprints, store the chunked initcodes and deploy the
    factory, from `deployer` (titanoboa's default account if None)."""
    with boa.env.prank(address_of(deployer or boa.env.eoa)):
        blueprints = {name: str(compiled(name).deploy_as_blueprint().address) for name in BLUEPRINT_CONTRACTS}
        chunks = {name: store_chunks(name) for name in CHUNKED_CONTRACTS}
        factory = compiled("CoopFactory").deploy(*factory_arguments({**blueprints, **chunks}))
    registry = compiled("CoopRegistry").at(factory.REGISTRY())
    if address_of(registry.FACTORY()) != address_of(factory):
        raise RuntimeError("the registry does not answer to the factory that deployed it")
    return Stack(blueprints=blueprints, chunks=chunks, factory=factory, registry=registry)


def create_coop(
    stack: Stack,
    creator: Any,
    params: CoopParams,
    credit_name: str = CREDIT_NAME,
    credit_symbol: str = CREDIT_SYMBOL,
) -> dict[str, Any]:
    """Make a complete co-op: `create_coop` then `finish_coop`, both as
    `creator`. Returns the six contracts by name."""
    validate_for_factory(params)
    with boa.env.prank(address_of(creator)):
        core = stack.factory.create_coop(coop_config(params))
        rest = stack.factory.finish_coop(params.name, credit_name, credit_symbol)
    addresses = [*core, *rest]
    return {name: compiled(name).at(address) for name, address in zip(COOP_CONTRACTS, addresses, strict=True)}
