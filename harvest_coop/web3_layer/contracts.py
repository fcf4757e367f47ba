"""The co-op's contracts as web3.py objects, from the shipped ABIs.

`load_coop` reads a deployment file and checks, before anything is used,
that the node is on the file's chain and that code exists at every address
it names (a fresh anvil and an old file would otherwise fail later and
obscurely).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from web3 import Web3
from web3.contract import Contract

from harvest_coop.core import abi as shipped
from harvest_coop.core.deployment import Deployment, DeploymentFileError, read_deployment

__all__ = ["check_code", "contract", "load_coop", "load_deployment"]


def contract(w3: Web3, name: str, address: Any) -> Contract:
    """Contract `name` (a shipped artifact) at `address`."""
    return w3.eth.contract(address=Web3.to_checksum_address(str(address)), abi=shipped.abi(name))


def check_code(w3: Web3, addresses: dict[str, Any], source: str) -> None:
    """Raise `DeploymentFileError` unless every address holds code."""
    for name, address in addresses.items():
        for one in address if isinstance(address, list) else [address]:
            if not w3.eth.get_code(Web3.to_checksum_address(str(one))):
                raise DeploymentFileError(
                    f"{source}: no contract at {one} ({name}) on this node; the chain was reset or "
                    "the file is for another node: deploy again (`ape run deploy`)"
                )


def load_deployment(w3: Web3, deployment_file: Path | str) -> Deployment:
    """Read a deployment file and check it against the node: same chain id,
    code at every address of the default co-op and of the stack."""
    deployment = read_deployment(deployment_file)
    chain_id = w3.eth.chain_id
    if deployment.chain_id != chain_id:
        raise DeploymentFileError(
            f"{deployment_file} is for chain {deployment.chain_id}, the node is chain {chain_id}"
        )
    stack = {"CoopFactory": deployment.factory, "CoopRegistry": deployment.registry}
    check_code(w3, {**deployment.contracts, **{k: v for k, v in stack.items() if v}}, str(deployment_file))
    return deployment


def load_coop(w3: Web3, deployment_file: Path | str, coop: str | None = None) -> dict[str, Contract]:
    """Every contract of co-op `coop` (the default co-op if None) of a
    deployment file, checked against the node."""
    deployment = load_deployment(w3, deployment_file)
    addresses = deployment.coop(coop)
    if coop is not None:
        check_code(w3, addresses, str(deployment_file))
    return {name: contract(w3, name, address) for name, address in addresses.items()}
