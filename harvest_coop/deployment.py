"""Deploy and wire a complete co-op with Ape, and record where it went.

The wiring rule: the timelock is the only holder of every privileged role in
every co-op contract, the governor is its only proposer, canceller and
executor (so a proposal's calls run together, through `CoopGovernor.execute`,
which anyone may call), and the deployer keeps nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from harvest_coop.params import CoopParams
from harvest_coop.roles import (
    CANCELLER_ROLE,
    DEFAULT_ADMIN_ROLE,
    EXECUTOR_ROLE,
    PROPOSER_ROLE,
    TIMELOCK_ROLES,
    ZERO_ADDRESS,
)

DEPLOYMENTS_DIR = Path(__file__).resolve().parent.parent / "deployments"

# Later parts of the co-op (harvest, credit, exchange, pool) register a
# function here: (project, deployer, contracts so far) -> new contracts.
Part = Callable[[Any, Any, dict[str, Any]], dict[str, Any]]
EXTRA_PARTS: list[Part] = []


def deploy_core(project: Any, deployer: Any, params: CoopParams) -> dict[str, Any]:
    """Deploy TimelockController, Membership and CoopGovernor and wire them.

    The timelock starts with the deployer as a bootstrap admin only long enough
    to grant the governor its roles; the admin role is renounced before this
    returns.
    """
    params.validate()
    timelock = project.TimelockController.deploy(params.timelock_delay, [], [], deployer, sender=deployer)
    membership = project.Membership.deploy(
        params.name,
        params.symbol,
        timelock,
        params.founders,
        params.admission.as_tuple(),
        params.max_proxies,
        sender=deployer,
    )
    governor = project.CoopGovernor.deploy(
        f"{params.name} Governor"[:50],
        membership,
        timelock,
        params.voting_delay,
        params.voting_period,
        params.quorum_percent,
        sender=deployer,
    )
    membership.set_governor(governor, sender=deployer)
    timelock.grantRole(PROPOSER_ROLE, governor, sender=deployer)
    timelock.grantRole(CANCELLER_ROLE, governor, sender=deployer)
    timelock.grantRole(EXECUTOR_ROLE, governor, sender=deployer)
    timelock.renounceRole(DEFAULT_ADMIN_ROLE, deployer, sender=deployer)
    return {
        "TimelockController": timelock,
        "Membership": membership,
        "CoopGovernor": governor,
    }


def deploy_coop(project: Any, deployer: Any, params: CoopParams) -> dict[str, Any]:
    """Deploy a complete co-op: the core, then every registered part."""
    contracts = deploy_core(project, deployer, params)
    for part in EXTRA_PARTS:
        contracts.update(part(project, deployer, contracts))
    check_no_privileged_eoa(contracts, [deployer.address])
    return contracts


def privileged_accounts(contracts: dict[str, Any], candidates: list[str]) -> list[str]:
    """Which of `candidates` hold any role on the timelock (should be none)."""
    timelock = contracts["TimelockController"]
    found: list[str] = []
    for account in candidates:
        for role_name, role in TIMELOCK_ROLES.items():
            if timelock.hasRole(role, account):
                found.append(f"{account} holds {role_name} on TimelockController")
    return found


def check_no_privileged_eoa(contracts: dict[str, Any], candidates: list[str]) -> None:
    """Raise if a candidate (the deployer, usually) kept a privilege."""
    found = privileged_accounts(contracts, candidates)
    if found:
        raise RuntimeError("deployment left privileges behind: " + "; ".join(found))
    timelock = contracts["TimelockController"]
    if contracts["Membership"].governor() != contracts["CoopGovernor"].address:
        raise RuntimeError("Membership's governor is not the deployed CoopGovernor")
    governor = contracts["CoopGovernor"]
    for role_name in ("PROPOSER_ROLE", "CANCELLER_ROLE", "EXECUTOR_ROLE"):
        if not timelock.hasRole(TIMELOCK_ROLES[role_name], governor):
            raise RuntimeError(f"the governor lacks {role_name} on the timelock")
    if timelock.hasRole(EXECUTOR_ROLE, ZERO_ADDRESS):
        raise RuntimeError("anyone may execute on the timelock: a proposal would not be all-or-nothing")


def deployment_record(chain_id: int, block: int, contracts: dict[str, Any]) -> dict[str, Any]:
    """The JSON document every tool reads: chain id, addresses, first block."""
    return {
        "chain_id": chain_id,
        "block": block,
        "contracts": {name: str(c.address) for name, c in contracts.items()},
    }


def write_deployment(network_name: str, record: dict[str, Any], directory: Path = DEPLOYMENTS_DIR) -> Path:
    """Write `deployments/<network-name>.json` (atomically) and return its path."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{network_name}.json"
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(record, indent=2) + "\n")
    tmp.replace(path)
    return path


def read_deployment(path: Path) -> dict[str, Any]:
    """Read a deployment file, refusing one without the core contracts."""
    record: dict[str, Any] = json.loads(Path(path).read_text())
    missing = {"Membership", "CoopGovernor", "TimelockController"} - set(record["contracts"])
    if missing:
        raise ValueError(f"{path}: deployment file lacks {sorted(missing)}")
    return record
