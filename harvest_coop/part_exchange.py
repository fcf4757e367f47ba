"""Deployment of the exchange part: NutrientExchange, registered with HarvestToken.

The exchange is deployed after HarvestToken and CoopCredit (it allow-lists
both). HarvestToken lets its deployer register the co-op's own contracts
exactly once (`bootstrap_coop_contracts`), so the exchange can hold produce in
escrow from the first block without the deployer keeping any power: the
window closes in the same deployment, and `check` verifies it.
"""

from __future__ import annotations

from typing import Any

from harvest_coop.exchange import deploy_exchange


def part(project: Any, deployer: Any, contracts: dict[str, Any]) -> dict[str, Any]:
    """`harvest_coop.deployment.Part`: deploy after the harvest part."""
    harvest = contracts["HarvestToken"]
    exchange = deploy_exchange(
        deployer,
        contracts["Membership"],
        contracts["TimelockController"],
        harvest,
        contracts["CoopCredit"],
    )
    harvest.bootstrap_coop_contracts([exchange], sender=deployer)
    new = {"NutrientExchange": exchange}
    check({**contracts, **new})
    return new


def check(contracts: dict[str, Any]) -> None:
    """Raise unless the exchange is wired as the co-op expects."""
    harvest, exchange = contracts["HarvestToken"], contracts["NutrientExchange"]
    timelock = str(contracts["TimelockController"].address)
    problems = []
    if not harvest.bootstrapped():
        problems.append("HarvestToken's one-time bootstrap is still open")
    if not harvest.is_coop_contract(exchange):
        problems.append("the exchange may not hold harvest tokens")
    if str(exchange.TIMELOCK()) != timelock:
        problems.append("the exchange does not answer to the co-op's timelock")
    if problems:
        raise RuntimeError("exchange part wiring: " + "; ".join(problems))
