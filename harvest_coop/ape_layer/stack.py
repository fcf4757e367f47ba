"""The co-op stack on Ape: declare the blueprints, deploy the factory, make co-ops.

`deploy_stack` is done once per network: it declares the EIP-5202
blueprints (TimelockController, Federation, CoopGovernor, HarvestToken,
CoopCredit, ResourcePool and the CoopRegistry), stores Membership's and NutrientExchange's initcode in two
chunk contracts each (too large for a blueprint, see
`harvest_coop.core.stack_code`) and deploys the CoopFactory, which deploys the
registry in its constructor. `create_coop` then makes a complete co-op in
the factory's two transactions (both by the creator) and returns its eight
contracts under the names of `harvest_coop.core.constants.COOP_CONTRACTS`,
which the governance helpers, the deployment file and the web service use.
`stack_at` picks up a stack deployed earlier (from the deployment file), so a
network deploys its blueprints and factory once.

`check_no_privilege` enumerates every role and owner slot of a co-op and
raises if any of the given accounts holds one: afterwards only the co-op's
own timelock (and its governor, the timelock's proposer, canceller and
executor) holds power.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from harvest_coop.core.constants import (
    CANCELLER_ROLE,
    COOP_CONTRACTS,
    EXECUTOR_ROLE,
    PROPOSER_ROLE,
    TIMELOCK_ROLES,
    TX_GAS_CAP,
    ZERO_ADDRESS,
)
from harvest_coop.core.deployment import Deployment
from harvest_coop.core.params import CoopParams
from harvest_coop.core.stack_code import (
    BLUEPRINT_CONTRACTS,
    CHUNKED_CONTRACTS,
    RECORD_FIELDS,
    TimingFloor,
    address_of,
    chunk_codes,
    coop_config,
    factory_arguments,
    floor_for,
)


@dataclass(frozen=True)
class Stack:
    """The factory's deployment on one network: the blueprint of each
    contract that fits one, the two chunk contracts of each that does not,
    the factory and its registry."""

    project: Any
    blueprints: dict[str, str]
    chunks: dict[str, list[str]]
    factory: Any
    registry: Any
    block: int = 0

    def code_addresses(self) -> dict[str, str | list[str]]:
        """{contract: blueprint address or [chunk, chunk]}, for the deployment file."""
        return {**self.blueprints, **self.chunks}


@dataclass(frozen=True)
class CoopReceipts:
    """The receipts of a co-op's two factory transactions."""

    create: Any
    finish: Any


def declare(project: Any, name: str, deployer: Any) -> str:
    """Declare contract `name` as an EIP-5202 blueprint; returns its address."""
    receipt = getattr(project, name).declare(sender=deployer)
    if not receipt.contract_address:
        raise RuntimeError(f"declaring the {name} blueprint created no contract")
    return str(receipt.contract_address)


def deploy_code(deployer: Any, code: bytes) -> str:
    """Send a creation transaction of raw deploy code; returns the new address."""
    from ethpm_types.abi import ConstructorABI

    ecosystem = deployer.provider.network.ecosystem
    txn = ecosystem.encode_deployment(code, ConstructorABI(type="constructor", inputs=[]), sender=deployer)
    receipt = deployer.call(txn)
    if not receipt.contract_address:
        raise RuntimeError("the creation transaction created no contract")
    return str(receipt.contract_address)


def store_chunks(project: Any, name: str, deployer: Any) -> list[str]:
    """Store contract `name`'s initcode in two chunk contracts; returns their addresses."""
    initcode = getattr(project, name).contract_type.deployment_bytecode.to_bytes()
    return [deploy_code(deployer, code) for code in chunk_codes(name, initcode)]


def deploy_stack(project: Any, deployer: Any, floor: TimingFloor | None = None) -> Stack:
    """Declare the blueprints, store the chunked initcodes and deploy the
    factory (which deploys the registry), with the timing `floor` (by
    default the network's: `LIVE_FLOOR` unless it is local or a fork)."""
    if floor is None:
        floor = floor_for(deployer.provider.network.name)
    blueprints = {name: declare(project, name, deployer) for name in BLUEPRINT_CONTRACTS}
    chunks = {name: store_chunks(project, name, deployer) for name in CHUNKED_CONTRACTS}
    factory = project.CoopFactory.deploy(*factory_arguments({**blueprints, **chunks}, floor), sender=deployer)
    registry = project.CoopRegistry.at(factory.REGISTRY())
    if address_of(registry.FACTORY()) != address_of(factory):
        raise RuntimeError("the registry does not answer to the factory that deployed it")
    block = int(deployer.provider.get_block("latest").number or 0)
    return Stack(
        project=project, blueprints=blueprints, chunks=chunks, factory=factory, registry=registry, block=block
    )


def stack_at(project: Any, deployment: Deployment) -> Stack:
    """The stack a deployment file names (deployed earlier on this network);
    raises if it names none or the factory's code is not there."""
    if deployment.factory is None or deployment.registry is None:
        raise ValueError("the deployment file names no factory: deploy the stack first")
    factory = project.CoopFactory.at(deployment.factory)
    registry = project.CoopRegistry.at(deployment.registry)
    if address_of(factory.REGISTRY()) != address_of(registry):
        raise ValueError("the deployment file's registry is not its factory's")
    blueprints = {k: str(v) for k, v in deployment.blueprints.items() if isinstance(v, str)}
    chunks = {k: [str(a) for a in v] for k, v in deployment.blueprints.items() if isinstance(v, list)}
    return Stack(
        project=project,
        blueprints=blueprints,
        chunks=chunks,
        factory=factory,
        registry=registry,
        block=int(deployment.stack_block or 0),
    )


def create_coop_with_receipts(
    stack: Stack,
    creator: Any,
    params: CoopParams,
) -> tuple[dict[str, Any], CoopReceipts]:
    """`create_coop`, also returning the two transactions' receipts."""
    params.validate()
    factory, project = stack.factory, stack.project
    create = factory.create_coop(coop_config(params), sender=creator)
    finish = factory.finish_coop(params.name, params.credit_name, params.credit_symbol, sender=creator)
    record = stack.registry.coop(params.name)
    contracts = {
        name: getattr(project, name).at(getattr(record, RECORD_FIELDS[name])) for name in COOP_CONTRACTS
    }
    return contracts, CoopReceipts(create=create, finish=finish)


def create_coop(stack: Stack, creator: Any, params: CoopParams) -> dict[str, Any]:
    """Make a complete co-op through the factory: `create_coop` then
    `finish_coop`, both sent by `creator`.

    Returns the eight contracts as {"TimelockController", "Membership",
    "CoopGovernor", "HarvestToken", "CoopCredit", "NutrientExchange",
    "ResourcePool", "Federation"}.
    """
    contracts, _ = create_coop_with_receipts(stack, creator, params)
    return contracts


def privileges(contracts: dict[str, Any], accounts: list[Any]) -> list[str]:
    """Every role or owner slot of the co-op that one of `accounts` holds,
    and every wiring that would give someone other than the timelock power.
    Empty when the co-op answers only to its own governance."""
    timelock = contracts["TimelockController"]
    membership, governor = contracts["Membership"], contracts["CoopGovernor"]
    harvest, credit, exchange, pool, federation = (
        contracts["HarvestToken"],
        contracts["CoopCredit"],
        contracts["NutrientExchange"],
        contracts["ResourcePool"],
        contracts["Federation"],
    )
    timelock_address = address_of(timelock)
    found: list[str] = []

    for account in accounts:
        who = address_of(account)
        for role_name, role in TIMELOCK_ROLES.items():
            if timelock.hasRole(role, who):
                found.append(f"{who} holds {role_name} on TimelockController")
        if address_of(membership.governor()) == who:
            found.append(f"{who} is Membership's governor")
        if address_of(harvest.owner()) == who:
            found.append(f"{who} owns HarvestToken")
        if harvest.is_coop_contract(who):
            found.append(f"{who} is a registered co-op contract of HarvestToken")
        if address_of(credit.owner()) == who:
            found.append(f"{who} owns CoopCredit")
        if credit.is_minter(who):
            found.append(f"{who} can mint CoopCredit")
        if address_of(exchange.arbiter()) == who:
            found.append(f"{who} is NutrientExchange's arbiter")
        if address_of(exchange.pool()) == who:
            found.append(f"{who} receives NutrientExchange's fee")
        if address_of(pool.TIMELOCK()) == who:
            found.append(f"{who} governs ResourcePool")

    # The one-time deployer windows are closed and everything answers to the timelock.
    if not harvest.bootstrapped():
        found.append("HarvestToken's one-time bootstrap is still open to its deployer")
    # The pool is the exchange's fee pool, may hold harvest, and takes only
    # the co-op's own tokens (it has no owner or role: its only privileged
    # caller is `TIMELOCK`, checked below).
    if address_of(exchange.pool()) != address_of(pool):
        found.append("NutrientExchange's fee does not go to the co-op's ResourcePool")
    for name, contract in (("NutrientExchange", exchange), ("ResourcePool", pool)):
        if not harvest.is_coop_contract(contract):
            found.append(f"{name} may not hold the co-op's harvest")
    if address_of(pool.HARVEST()) != address_of(harvest) or address_of(pool.CREDIT()) != address_of(credit):
        found.append("ResourcePool does not take the co-op's own harvest token and credit")
    if address_of(pool.MEMBERSHIP()) != address_of(membership):
        found.append("ResourcePool does not share among the co-op's members")
    # Only the co-op's Federation edits Membership's federated list, and only
    # after both co-ops' governances agreed; its one-time wiring is used.
    if address_of(membership.FEDERATION()) != address_of(federation):
        found.append("Membership's federated list is not kept by the co-op's Federation")
    if address_of(federation.membership()) != address_of(membership):
        found.append("Federation's one-time wiring to Membership is still open or wrong")
    # Without a registry it would federate with any contract its governance names.
    if address_of(federation.REGISTRY()) == ZERO_ADDRESS:
        found.append("Federation does not check its peers against a CoopRegistry")
    if address_of(membership.governor()) != address_of(governor):
        found.append("Membership's governor is not the co-op's CoopGovernor")
    for name, contract in (
        ("Membership", membership),
        ("HarvestToken", harvest),
        ("CoopCredit", credit),
        ("NutrientExchange", exchange),
        ("ResourcePool", pool),
        ("Federation", federation),
    ):
        if address_of(contract.TIMELOCK()) != timelock_address:
            found.append(f"{name} does not answer to the co-op's timelock")
    if address_of(governor.timelock()) != timelock_address:
        found.append("CoopGovernor does not queue on the co-op's timelock")
    for role_name, role in (
        ("PROPOSER_ROLE", PROPOSER_ROLE),
        ("CANCELLER_ROLE", CANCELLER_ROLE),
        ("EXECUTOR_ROLE", EXECUTOR_ROLE),
    ):
        if not timelock.hasRole(role, governor):
            found.append(f"the governor lacks {role_name} on the timelock")
    if timelock.hasRole(EXECUTOR_ROLE, ZERO_ADDRESS):
        found.append("anyone may execute on the timelock")
    if not timelock.hasRole(TIMELOCK_ROLES["DEFAULT_ADMIN_ROLE"], timelock_address):
        found.append("the timelock does not administer itself")
    return found


def check_no_privilege(contracts: dict[str, Any], accounts: list[Any]) -> None:
    """Raise if any of `accounts` holds a role or owner slot of the co-op,
    or if the co-op's wiring leaves power outside its timelock."""
    found = privileges(contracts, accounts)
    if found:
        raise RuntimeError("co-op privileges outside its governance: " + "; ".join(found))


__all__ = [
    "COOP_CONTRACTS",
    "RECORD_FIELDS",
    "TX_GAS_CAP",
    "CoopReceipts",
    "Stack",
    "check_no_privilege",
    "coop_config",
    "create_coop",
    "create_coop_with_receipts",
    "deploy_stack",
    "privileges",
    "stack_at",
]
