"""Deployment of the harvest part of a co-op: HarvestToken and CoopCredit.

`deploy_harvest_and_credit` is what the deploy script calls once Membership
and the timelock exist; `part` has the signature of
`harvest_coop.deployment.Part`, to register in `EXTRA_PARTS`.

Wiring: both contracts take the timelock in their constructor and leave it the
only privileged account (HarvestToken: `freeze`, `unfreeze`,
`set_coop_contract`; CoopCredit: owner and sole minter, no function to add
another). The deployer keeps no role; `check_roles` verifies that on chain.
"""

from __future__ import annotations

from typing import Any

import ape

CREDIT_NAME = "Harvest Coop Credit"  # ERC-20 name and EIP-712 domain name (<= 25 chars)
CREDIT_SYMBOL = "CRED"  # <= 5 chars


def deploy_harvest_and_credit(
    deployer: Any,
    membership: Any,
    timelock: Any,
    credit_name: str = CREDIT_NAME,
    credit_symbol: str = CREDIT_SYMBOL,
    project: Any = None,
) -> dict[str, Any]:
    """Deploy HarvestToken and CoopCredit for the co-op of `membership`.

    Args:
        deployer: the account that sends the deployments (keeps nothing).
        membership: the co-op's Membership contract (its TIMELOCK() must be `timelock`).
        timelock: the co-op's TimelockController.
        credit_name: CoopCredit's name (also its EIP-712 domain name).
        credit_symbol: CoopCredit's symbol.
        project: the Ape project to deploy from (default: `ape.project`).

    Returns:
        {"HarvestToken": ..., "CoopCredit": ...}
    """
    project = project or ape.project
    harvest = project.HarvestToken.deploy(membership, timelock, sender=deployer)
    credit = project.CoopCredit.deploy(credit_name, credit_symbol, timelock, sender=deployer)
    contracts = {"HarvestToken": harvest, "CoopCredit": credit}
    check_roles(contracts, timelock, [deployer])
    return contracts


def check_roles(contracts: dict[str, Any], timelock: Any, not_privileged: list[Any]) -> None:
    """Raise if the timelock is not the only privileged account of both contracts."""
    harvest, credit = contracts["HarvestToken"], contracts["CoopCredit"]
    timelock_address = _address(timelock)
    problems: list[str] = []
    if harvest.TIMELOCK() != timelock_address or harvest.owner() != timelock_address:
        problems.append("HarvestToken is not administered by the timelock")
    if credit.owner() != timelock_address or not credit.is_minter(timelock_address):
        problems.append("CoopCredit's owner and minter is not the timelock")
    for account in not_privileged:
        address = _address(account)
        if address != timelock_address and credit.is_minter(address):
            problems.append(f"{address} can mint CoopCredit")
    for account in not_privileged:
        if harvest.is_coop_contract(_address(account)):
            problems.append(f"{_address(account)} is registered as a co-op contract")
    if problems:
        raise RuntimeError("harvest part wiring: " + "; ".join(problems))


def part(project: Any, deployer: Any, contracts: dict[str, Any]) -> dict[str, Any]:
    """`harvest_coop.deployment.Part`: deploy after the core (Membership, timelock)."""
    return deploy_harvest_and_credit(
        deployer, contracts["Membership"], contracts["TimelockController"], project=project
    )


def _address(account: Any) -> str:
    return str(getattr(account, "address", account))
