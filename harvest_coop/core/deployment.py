"""The deployment file: where a network's co-op stack and co-ops live.

`deployments/<network>-<chain key>.json`, written by `ape run deploy` and
read by every tool (scripts, the web service, tests). The chain key is the
chain id and the start of the genesis block's hash (`chain_key`), so two
nodes that share a network name and a chain id (the demo's anvil and a fork
of another chain on the same port, or the demo restarted on a fresh chain)
never share a file, and offers saved for one chain (`state_dir`) never come
back on another. Its shape:

    {
      "chain_id": 1337,
      "block": 12,                      # the default co-op's creation block
      "contracts": {"TimelockController": "0x..", ...},   # the default co-op
      "default_coop": "Harvest Coop",
      "factory": "0x..", "registry": "0x..", "stack_block": 3,
      "blueprints": {"TimelockController": "0x..", "Membership": ["0x..", "0x.."], ...},
      "coops": {"Harvest Coop": {"TimelockController": "0x..", ...}, ...}
    }

`contracts` and `block` keep the shape readers of the first version use.
Reading validates everything and raises `DeploymentFileError` with one
sentence a person can act on.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from harvest_coop.core.constants import COOP_CONTRACTS

__all__ = [
    "Deployment",
    "DeploymentFileError",
    "chain_key",
    "deployment_path",
    "read_deployment",
    "state_dir",
    "write_deployment",
]

_ADDRESS = re.compile(r"0x[0-9a-fA-F]{40}")


class DeploymentFileError(ValueError):
    """A deployment file that is missing or not what a tool can use."""


@dataclass(frozen=True)
class Deployment:
    """A network's deployment: the factory stack and the co-ops made with it."""

    chain_id: int
    block: int
    contracts: dict[str, str]
    default_coop: str | None = None
    factory: str | None = None
    registry: str | None = None
    stack_block: int | None = None
    blueprints: dict[str, str | list[str]] = field(default_factory=dict)
    coops: dict[str, dict[str, str]] = field(default_factory=dict)

    def coop(self, name: str | None = None) -> dict[str, str]:
        """The contracts of co-op `name` (the default co-op if None)."""
        if name is None or name == self.default_coop:
            return dict(self.contracts)
        if name not in self.coops:
            known = ", ".join(sorted(self.coops)) or "none"
            raise DeploymentFileError(f"no co-op named {name!r} in this deployment (known: {known})")
        return dict(self.coops[name])

    def with_coop(self, name: str, contracts: dict[str, str], block: int, default: bool) -> Deployment:
        """This deployment with co-op `name` added (and made the default)."""
        coops = {**self.coops, name: dict(contracts)}
        if default or not self.contracts:
            return Deployment(
                self.chain_id,
                block,
                dict(contracts),
                name,
                self.factory,
                self.registry,
                self.stack_block,
                dict(self.blueprints),
                coops,
            )
        return Deployment(
            self.chain_id,
            self.block,
            dict(self.contracts),
            self.default_coop,
            self.factory,
            self.registry,
            self.stack_block,
            dict(self.blueprints),
            coops,
        )

    def to_json(self) -> dict[str, Any]:
        """The JSON document (see the module docstring)."""
        doc: dict[str, Any] = {
            "chain_id": self.chain_id,
            "block": self.block,
            "contracts": dict(self.contracts),
        }
        if self.default_coop is not None:
            doc["default_coop"] = self.default_coop
        if self.factory is not None:
            doc.update(factory=self.factory, registry=self.registry, stack_block=self.stack_block)
            doc["blueprints"] = dict(self.blueprints)
        if self.coops:
            doc["coops"] = {name: dict(c) for name, c in self.coops.items()}
        return doc

    @classmethod
    def from_json(cls, doc: Any, source: str = "the deployment file") -> Deployment:
        """Validate a parsed document; `DeploymentFileError` says what is wrong."""
        if not isinstance(doc, dict):
            raise DeploymentFileError(f"{source} is not a JSON object")
        for key in ("chain_id", "block", "contracts"):
            if key not in doc:
                raise DeploymentFileError(f"{source} has no {key!r}: not a harvest-coop deployment file")
        if not isinstance(doc["chain_id"], int) or not isinstance(doc["block"], int):
            raise DeploymentFileError(f"{source}: chain_id and block must be integers")
        contracts = _contracts(doc["contracts"], source, "contracts")
        missing = {"Membership", "CoopGovernor", "TimelockController"} - set(contracts)
        if missing:
            raise DeploymentFileError(f"{source} lacks {', '.join(sorted(missing))} in 'contracts'")
        coops = doc.get("coops", {})
        if not isinstance(coops, dict):
            raise DeploymentFileError(f"{source}: 'coops' must be an object of co-op names")
        blueprints = doc.get("blueprints", {})
        if not isinstance(blueprints, dict):
            raise DeploymentFileError(f"{source}: 'blueprints' must be an object")
        for name, value in blueprints.items():
            for address in value if isinstance(value, list) else [value]:
                _address(address, source, f"blueprints.{name}")
        factory = doc.get("factory")
        registry = doc.get("registry")
        for key, value in (("factory", factory), ("registry", registry)):
            if value is not None:
                _address(value, source, key)
        return cls(
            chain_id=doc["chain_id"],
            block=doc["block"],
            contracts=contracts,
            default_coop=doc.get("default_coop"),
            factory=factory,
            registry=registry,
            stack_block=doc.get("stack_block"),
            blueprints=blueprints,
            coops={name: _contracts(c, source, f"coops.{name}") for name, c in coops.items()},
        )


def _address(value: Any, source: str, where: str) -> str:
    if not isinstance(value, str) or not _ADDRESS.fullmatch(value):
        raise DeploymentFileError(f"{source}: {where} is not an address: {value!r}")
    return value


def _contracts(value: Any, source: str, where: str) -> dict[str, str]:
    if not isinstance(value, dict):
        raise DeploymentFileError(f"{source}: {where!r} must be an object of contract names")
    unknown = set(value) - set(COOP_CONTRACTS)
    if unknown:
        raise DeploymentFileError(f"{source}: {where} names unknown contracts {sorted(unknown)}")
    return {name: _address(address, source, f"{where}.{name}") for name, address in value.items()}


def chain_key(chain_id: int, genesis_hash: bytes | str) -> str:
    """`<chain id>-<first 4 bytes of the genesis block's hash>`: tells apart
    chains that share an id (a fresh anvil has a new genesis every start)."""
    raw = (
        bytes.fromhex(genesis_hash.removeprefix("0x"))
        if isinstance(genesis_hash, str)
        else bytes(genesis_hash)
    )
    return f"{int(chain_id)}-{raw[:4].hex()}"


def deployment_path(directory: Path | str, network_name: str, key: str) -> Path:
    """Where the deployment of `network_name` on the chain `key` lives."""
    return Path(directory) / f"{network_name}-{key}.json"


def state_dir(root: Path | str, key: str) -> Path:
    """The directory of what tools keep for the chain `key` (signed offers,
    escrow records): one per chain, so nothing outlives its chain."""
    return Path(root) / key


def read_deployment(path: Path | str) -> Deployment:
    """Read and validate a deployment file."""
    path = Path(path)
    if not path.is_file():
        raise DeploymentFileError(f"no deployment file at {path}: deploy first (`ape run deploy`)")
    try:
        doc = json.loads(path.read_text())
    except json.JSONDecodeError as err:
        raise DeploymentFileError(f"{path} is not valid JSON (line {err.lineno}: {err.msg})") from err
    return Deployment.from_json(doc, str(path))


def write_deployment(path: Path | str, deployment: Deployment) -> Path:
    """Write a deployment file atomically (a crash never leaves half a file)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(deployment.to_json(), indent=2) + "\n")
    tmp.replace(path)
    return path
