"""Gas of making a whole co-op: through the CoopFactory, and one by one.

Measured as the `gasUsed` of real transactions on an anvil node:

- `create_coop_tx1`: `CoopFactory.create_coop` (timelock, Membership and
  governor deployed and wired), `create_coop_tx2`: `finish_coop` (harvest
  token, credit and exchange deployed, the exchange registered, the co-op
  listed), and `create_coop`, their sum. Each is sent with a gas limit of
  exactly 2**24 (EIP-7825's transaction cap on Osaka-era chains), and the
  benchmark raises if either needs more;
- `create_coop_tx1_64_founders`: the first transaction for the largest
  co-op the factory accepts, the one closest to the cap;
- `deploy_one_by_one`: the same six contracts deployed and wired as
  `harvest_coop.deployment.deploy_core`, `part_harvest` and `part_exchange`
  do it, the sum of every transaction (6 deployments, `set_governor`, three
  `grantRole`, `renounceRole`, `bootstrap_coop_contracts`).

The factory path costs less although it also lists the co-op in the
registry: its transactions carry no initcode as calldata (the code is read
from blueprints and chunks deployed once per network), and 2 intrinsic
charges replace 12. The one-time cost of the stack (blueprints, chunks,
factory and registry) is in the extra figures.
"""

from __future__ import annotations

from typing import Any

from eth_account import Account
from web3 import Web3

from harvest_coop import artifacts
from harvest_coop.factory_code import (
    BLUEPRINT_CONTRACTS,
    CHUNKED_CONTRACTS,
    CREDIT_NAME,
    CREDIT_SYMBOL,
    TX_GAS_CAP,
    blueprint_code,
    chunk_codes,
    coop_config,
    factory_arguments,
)
from harvest_coop.node import AnvilNode
from harvest_coop.params import CoopParams
from harvest_coop.roles import CANCELLER_ROLE, DEFAULT_ADMIN_ROLE, EXECUTOR_ROLE, PROPOSER_ROLE
from harvest_coop.web3_coop import contract, transact


def _initcode(name: str) -> bytes:
    return bytes.fromhex(artifacts.load(name)["bytecode"].removeprefix("0x"))


def _create(w3: Web3, code: bytes, sender: str) -> tuple[str, int]:
    """Send a creation transaction of raw deploy code: (address, gasUsed)."""
    receipt = w3.eth.wait_for_transaction_receipt(w3.eth.send_transaction({"from": sender, "data": code}))
    if receipt["status"] != 1:
        raise RuntimeError("a creation transaction of the factory stack reverted")
    return receipt["contractAddress"], int(receipt["gasUsed"])


def _deploy(w3: Web3, name: str, *args: Any, sender: str) -> tuple[Any, int]:
    """Deploy contract `name` from an anvil account: (contract, gasUsed)."""
    art = artifacts.load(name)
    tx_hash = (
        w3.eth.contract(abi=art["abi"], bytecode=art["bytecode"])
        .constructor(*args)
        .transact({"from": sender})
    )
    receipt = w3.eth.wait_for_transaction_receipt(tx_hash)
    if receipt["status"] != 1:
        raise RuntimeError(f"deploying {name} reverted")
    return contract(w3, name, receipt["contractAddress"]), int(receipt["gasUsed"])


def _capped(fn: Any, sender: str, what: str) -> int:
    """Send `fn` with a gas limit of exactly 2**24; its gasUsed, or raise."""
    tx_hash = fn.transact({"from": sender, "gas": TX_GAS_CAP})
    receipt = fn.w3.eth.wait_for_transaction_receipt(tx_hash)
    if receipt["status"] != 1:
        raise RuntimeError(f"{what} does not run within the {TX_GAS_CAP:,}-gas transaction cap (EIP-7825)")
    gas = int(receipt["gasUsed"])
    if gas > TX_GAS_CAP:
        raise RuntimeError(f"{what} used {gas:,} gas, over the {TX_GAS_CAP:,} transaction cap (EIP-7825)")
    return gas


def deploy_stack(w3: Web3, deployer: str) -> tuple[Any, int]:
    """Blueprints, chunks and the factory: (factory contract, total gas)."""
    code: dict[str, Any] = {}
    total = 0
    for name in BLUEPRINT_CONTRACTS:
        code[name], gas = _create(w3, blueprint_code(name, _initcode(name)), deployer)
        total += gas
    for name in CHUNKED_CONTRACTS:
        code[name] = []
        for chunk in chunk_codes(name, _initcode(name)):
            address, gas = _create(w3, chunk, deployer)
            code[name].append(address)
            total += gas
    factory, gas = _deploy(w3, "CoopFactory", *factory_arguments(code), sender=deployer)
    return factory, total + gas


def by_factory(w3: Web3, factory: Any, creator: str, params: CoopParams) -> tuple[int, int]:
    """The factory's two transactions for `params`: (gas of tx1, gas of tx2)."""
    first = _capped(factory.functions.create_coop(coop_config(params)), creator, "create_coop")
    second = _capped(
        factory.functions.finish_coop(params.name, CREDIT_NAME, CREDIT_SYMBOL), creator, "finish_coop"
    )
    registry = contract(w3, "CoopRegistry", factory.functions.REGISTRY().call())
    if not registry.functions.is_registered(params.name).call():
        raise RuntimeError("the factory's co-op is not listed")
    return first, second


def one_by_one(w3: Web3, deployer: str, params: CoopParams) -> int:
    """Deploy and wire the six contracts as the deploy script does; total gas."""
    gas: list[int] = []

    def deployed(name: str, *args: Any) -> Any:
        instance, used = _deploy(w3, name, *args, sender=deployer)
        gas.append(used)
        return instance

    def sent(fn: Any) -> None:
        gas.append(int(transact(fn, deployer)["gasUsed"]))

    timelock = deployed("TimelockController", params.timelock_delay, [], [], deployer)
    membership = deployed(
        "Membership",
        params.name,
        params.symbol,
        timelock.address,
        params.founders,
        params.admission.as_tuple(),
        params.max_proxies,
    )
    governor = deployed(
        "CoopGovernor",
        f"{params.name} Governor"[:50],
        membership.address,
        timelock.address,
        params.voting_delay,
        params.voting_period,
        params.quorum_percent,
    )
    sent(membership.functions.set_governor(governor.address))
    for role in (PROPOSER_ROLE, CANCELLER_ROLE, EXECUTOR_ROLE):
        sent(timelock.functions.grantRole(role, governor.address))
    sent(timelock.functions.renounceRole(DEFAULT_ADMIN_ROLE, deployer))
    harvest = deployed("HarvestToken", membership.address, timelock.address)
    credit = deployed("CoopCredit", CREDIT_NAME, CREDIT_SYMBOL, timelock.address)
    exchange = deployed(
        "NutrientExchange", membership.address, timelock.address, harvest.address, credit.address
    )
    sent(harvest.functions.bootstrap_coop_contracts([exchange.address]))
    if len(gas) != 12:
        raise RuntimeError(f"expected 12 transactions one by one, sent {len(gas)}")
    return sum(gas)


def run() -> tuple[list[dict[str, Any]], dict[str, int]]:
    """Returns (rows for gas.json and the table, extra figures)."""
    node = AnvilNode(accounts=10)
    w3 = node.start()
    try:
        accounts = w3.eth.accounts
        deployer, creator, founders = accounts[0], accounts[1], list(accounts[1:6])
        params = CoopParams(name="Bench Coop", symbol="BC", founders=founders)
        factory, stack_gas = deploy_stack(w3, deployer)
        tx1, tx2 = by_factory(w3, factory, creator, params)
        big = CoopParams(
            name="Bench Coop 64", symbol="BC", founders=[Account.create().address for _ in range(64)]
        )
        tx1_64, tx2_64 = by_factory(w3, factory, creator, big)
        separate = one_by_one(w3, deployer, params)
    finally:
        node.stop()
    if tx1 + tx2 >= separate:
        raise RuntimeError(f"the factory ({tx1 + tx2:,}) costs more than deploying one by one ({separate:,})")
    cap = f"each transaction sent with a gas limit of 2**24 = {TX_GAS_CAP:,} (EIP-7825)"
    rows = [
        {
            "operation": "create_coop",
            "gas": tx1 + tx2,
            "lower_bound": None,
            "note": f"a whole co-op of 5 founders through the factory, both transactions; one by one: {separate}",
        },
        {
            "operation": "create_coop_tx1",
            "gas": tx1,
            "lower_bound": None,
            "note": f"create_coop: timelock, Membership (5 founders), governor, wired; {cap}",
        },
        {
            "operation": "create_coop_tx2",
            "gas": tx2,
            "lower_bound": None,
            "note": f"finish_coop: harvest, credit, exchange, bootstrap, registry; {cap}",
        },
        {
            "operation": "create_coop_tx1_64_founders",
            "gas": tx1_64,
            "lower_bound": None,
            "note": f"create_coop at the 64-founder maximum, the closest to the cap; its finish_coop {tx2_64}",
        },
        {
            "operation": "deploy_one_by_one",
            "gas": separate,
            "lower_bound": None,
            "note": "the same six contracts deployed and wired as deployment.py + part_harvest + part_exchange: 12 transactions",
        },
    ]
    extra = {
        "factory_stack_once": stack_gas,
        "create_coop_tx2_64_founders": tx2_64,
        "tx_gas_cap": TX_GAS_CAP,
    }
    return rows, extra


if __name__ == "__main__":
    found_rows, found_extra = run()
    for row in found_rows:
        print(f"{row['operation']:<30}{row['gas']:>12,}  {row['note']}")
    for key, value in found_extra.items():
        print(f"{key:<30}{value:>12,}")
