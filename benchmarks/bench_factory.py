"""Gas of making a whole co-op: through the CoopFactory, and one by one.

Measured as the `gasUsed` of real transactions on an anvil node:

- `create_coop_tx1`: `CoopFactory.create_coop` (timelock, Federation,
  Membership and governor deployed and wired), `create_coop_tx2`:
  `finish_coop` (harvest token, credit, pool and exchange deployed, the
  exchange and the pool registered, the co-op listed), and `create_coop`, their sum. Each is sent with a gas limit of
  exactly 2**24 (EIP-7825's transaction cap on Osaka-era chains), and the
  benchmark raises if either needs more;
- `create_coop_tx1_64_founders`: the first transaction for the largest
  co-op the factory accepts, the one closest to the cap;
- `deploy_one_by_one`: the same eight contracts deployed and wired as
  the deploy script did before the factory, the sum of every transaction
  (8 deployments, `set_membership`, `set_governor`, three `grantRole`,
  `renounceRole`, `bootstrap_coop_contracts`).

The factory path costs less although it also lists the co-op in the
registry: its transactions carry no initcode as calldata (the code is read
from blueprints and chunks deployed once per network), and 2 intrinsic
charges replace 15. The one-time cost of the stack (blueprints, chunks,
factory and registry) is in the extra figures.
"""

from __future__ import annotations

from typing import Any

from eth_account import Account
from web3 import Web3

from harvest_coop.core.constants import (
    CANCELLER_ROLE,
    DEFAULT_ADMIN_ROLE,
    EXECUTOR_ROLE,
    PROPOSER_ROLE,
    TX_GAS_CAP,
    ZERO_ADDRESS,
)
from harvest_coop.core.params import CoopParams
from harvest_coop.testing.anvil import AnvilNode
from harvest_coop.web3_layer.sender import deploy_with_receipt, transact
from harvest_coop.web3_layer.stack import Stack, create_coop, deploy_stack

# Eight deployments; `set_membership`, `set_governor`, three `grantRole`,
# `renounceRole` and `bootstrap_coop_contracts`.
ONE_BY_ONE_TRANSACTIONS = 15


def _deploy(w3: Web3, name: str, *args: Any, sender: str) -> tuple[Any, int]:
    """Deploy contract `name` from an anvil account: (contract, gasUsed)."""
    contract, receipt = deploy_with_receipt(w3, name, *args, sender=sender)
    return contract, int(receipt["gasUsed"])


def by_factory(stack: Stack, creator: str, params: CoopParams) -> tuple[int, int]:
    """The factory's two transactions for `params`, each sent with a gas limit
    of exactly 2**24: (gas of tx1, gas of tx2)."""
    _, receipts = create_coop(stack, creator, params)
    if not stack.registry.functions.is_registered(params.name).call():
        raise RuntimeError("the factory's co-op is not listed")
    first, second = (int(r["gasUsed"]) for r in receipts)
    return first, second


def one_by_one(w3: Web3, deployer: str, params: CoopParams) -> int:
    """Deploy and wire the eight contracts one by one, as the deploy script
    did before the factory; total gas."""
    gas: list[int] = []

    def deployed(name: str, *args: Any) -> Any:
        instance, used = _deploy(w3, name, *args, sender=deployer)
        gas.append(used)
        return instance

    def sent(fn: Any) -> None:
        gas.append(int(transact(fn, deployer)["gasUsed"]))

    timelock = deployed("TimelockController", params.timelock_delay, [], [], deployer, 0)  # no timing floor
    federation = deployed(
        "Federation", timelock.address, ZERO_ADDRESS
    )  # no registry: stand-alone, as before the factory
    membership = deployed(
        "Membership",
        params.name,
        params.symbol,
        timelock.address,
        params.founders,
        params.admission.as_tuple(),
        params.max_proxies,
        federation.address,
        0,
    )
    governor = deployed(
        "CoopGovernor",
        f"{params.name} Governor"[:50],
        membership.address,
        timelock.address,
        params.voting_delay,
        params.voting_period,
        params.quorum_percent,
        0,
    )
    sent(federation.functions.set_membership(membership.address))
    sent(membership.functions.set_governor(governor.address))
    for role in (PROPOSER_ROLE, CANCELLER_ROLE, EXECUTOR_ROLE):
        sent(timelock.functions.grantRole(role, governor.address))
    sent(timelock.functions.renounceRole(DEFAULT_ADMIN_ROLE, deployer))
    harvest = deployed("HarvestToken", membership.address, timelock.address)
    credit = deployed("CoopCredit", params.credit_name, params.credit_symbol, timelock.address)
    pool = deployed("ResourcePool", membership.address, timelock.address, harvest.address, credit.address)
    exchange = deployed(
        "NutrientExchange",
        membership.address,
        timelock.address,
        harvest.address,
        credit.address,
        pool.address,
    )
    sent(harvest.functions.bootstrap_coop_contracts([exchange.address, pool.address]))
    if len(gas) != ONE_BY_ONE_TRANSACTIONS:
        raise RuntimeError(f"expected {ONE_BY_ONE_TRANSACTIONS} transactions one by one, sent {len(gas)}")
    return sum(gas)


def run() -> tuple[list[dict[str, Any]], dict[str, int]]:
    """Returns (rows for gas.json and the table, extra figures)."""
    node = AnvilNode(accounts=10)
    w3 = node.start()
    try:
        accounts = w3.eth.accounts
        deployer, creator, founders = accounts[0], accounts[1], list(accounts[1:6])
        params = CoopParams(name="Bench Coop", symbol="BC", founders=founders)
        stack = deploy_stack(w3, deployer)
        stack_gas = stack.gas
        tx1, tx2 = by_factory(stack, creator, params)
        big = CoopParams(
            name="Bench Coop 64", symbol="BC", founders=[Account.create().address for _ in range(64)]
        )
        tx1_64, tx2_64 = by_factory(stack, creator, big)
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
            "note": f"create_coop: timelock, Federation, Membership (5 founders), governor, wired; {cap}",
        },
        {
            "operation": "create_coop_tx2",
            "gas": tx2,
            "lower_bound": None,
            "note": f"finish_coop: harvest, credit, pool, exchange, bootstrap, registry; {cap}",
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
            "note": (
                f"the same eight contracts deployed and wired one by one, as before the factory: "
                f"{ONE_BY_ONE_TRANSACTIONS} transactions"
            ),
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
