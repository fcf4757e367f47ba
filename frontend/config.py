"""The service's configuration, read once from the environment.

Every setting has a default that runs against a local `make demo` chain:

| variable                  | default                        | meaning |
|---------------------------|--------------------------------|---------|
| HARVEST_RPC_URL           | http://127.0.0.1:8545          | the node's JSON-RPC endpoint |
| HARVEST_PUBLIC_RPC_URL    | HARVEST_RPC_URL (no path/key)  | the RPC URL a wallet is told to add |
| HARVEST_DEPLOYMENT        | (found for the node's chain)   | the deployment file (`ape run deploy`) |
| HARVEST_DEPLOYMENTS_DIR   | deployments                    | where `ape run deploy` writes `<network>-<chain key>.json` |
| HARVEST_NETWORK           | (any)                          | the network name of that file (`local`, `sepolia`, ...) |
| HARVEST_DATABASE_URL      | sqlite:///.state/<chain key>/index.db | SQLAlchemy URL (sqlite:/// or postgresql+psycopg://) |
| HARVEST_OFFERS_DIR        | .state                         | the per-chain state root (the default database lives there) |
| HARVEST_HOST              | 127.0.0.1                      | address the service listens on |
| HARVEST_PORT              | 8000                           | port |
| HARVEST_CORS_ORIGIN       | (none)                         | the one origin allowed to call the API from a browser |
| HARVEST_RELAYER_KEY       | (none)                         | private key that pays for relayed votes (never logged) |
| HARVEST_CONFIRMATIONS     | 0                              | blocks the index waits behind the head |
| HARVEST_POLL_SECONDS      | 1.0                            | how often the index asks for new blocks |
| HARVEST_RANGE_BLOCKS      | 2000                           | most blocks per eth_getLogs request |
| HARVEST_MAX_BODY_BYTES    | 65536                          | largest request body accepted |
| HARVEST_RATE_LIMIT        | 30/60                          | write requests per client (IPv4 address, IPv6 /64): N per S seconds |
| HARVEST_MAX_OPEN_OFFERS   | 50                             | offers of one maker the book keeps open (not filled or cancelled; live, or expired within a day) |
| HARVEST_MAX_STREAMS       | 200                            | pages connected to /api/stream at once |
| HARVEST_MAX_STREAMS_PER_CLIENT | 16                        | of those, pages of one client (IPv4 address, IPv6 /64) |
| HARVEST_RPC_TIMEOUT       | 10                             | seconds before an RPC call is retried |

Without HARVEST_DEPLOYMENT the service asks the node for its chain id and
genesis block and reads `<HARVEST_DEPLOYMENTS_DIR>/<network>-<chain key>.json`,
the file `ape run deploy` (and `make demo`) wrote for that very chain; the
default database is kept per chain beside the offers `ape run offer` saves,
so an index never outlives its chain.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from harvest_coop.core.deployment import chain_key, deployment_path, state_dir
from harvest_coop.core.eip712 import SECP256K1_N

__all__ = ["Config", "ConfigError", "find_deployment"]

ROOT = Path(__file__).resolve().parent.parent


# How uvicorn serves the app, wherever it is started. proxy_headers=False:
# the rate limit keys on the connecting client, never on an X-Forwarded-For
# header a client can write itself.
SERVER_OPTIONS: dict[str, Any] = {"timeout_graceful_shutdown": 2, "proxy_headers": False}


class ConfigError(ValueError):
    """A setting that cannot be used, with one sentence saying which and why."""


def _int(env: Mapping[str, str], name: str, default: int, low: int = 0, high: int | None = None) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError as err:
        raise ConfigError(f"{name} must be an integer, not {raw!r}") from err
    if value < low:
        raise ConfigError(f"{name} must be at least {low}")
    if high is not None and value > high:
        raise ConfigError(f"{name} must be at most {high}, not {value}")
    return value


def _http_url(env: Mapping[str, str], name: str) -> str | None:
    """An http(s) URL with a host (a node's JSON-RPC endpoint), or None if unset:
    a URL without its scheme would only be retried for ever."""
    raw = env.get(name) or None
    if raw is None:
        return None
    try:
        parts = urlsplit(raw)
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError as err:
        raise ConfigError(f"{name} is not a URL ({err}): write it as http://HOST:PORT") from err
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"{name} must be an http:// or https:// URL with a host, not {raw!r}")
    return raw


def _origin(env: Mapping[str, str], name: str) -> str | None:
    """One browser origin, `scheme://host[:port]` exactly as a browser sends
    it (no path, not even `/`; no list): anything else would never match, and
    CORS would be off without a word."""
    raw = env.get(name) or None
    if raw is None or raw == "*":
        return raw
    try:
        parts = urlsplit(raw)
        parts.port  # noqa: B018
    except ValueError as err:
        raise ConfigError(f"{name} is not an origin ({err}): write it as https://HOST[:PORT]") from err
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.path
        or parts.query
        or parts.fragment
        or parts.username is not None
        or any(c in raw for c in " ,")
    ):
        raise ConfigError(
            f"{name} must be one origin, scheme://host[:port] with no path or trailing slash "
            f"(https://coop.example), not {raw!r}"
        )
    return raw


def _database_url(env: Mapping[str, str], name: str) -> str | None:
    """A SQLAlchemy URL of SQLite or PostgreSQL, or None if unset."""
    raw = env.get(name) or None
    if raw is None:
        return None
    try:
        backend = make_url(raw).get_backend_name()
    except (ArgumentError, ValueError) as err:
        raise ConfigError(
            f"{name} is not a database URL (sqlite:///PATH or postgresql://USER@HOST/DB)"
        ) from err
    if backend not in ("sqlite", "postgresql"):
        raise ConfigError(f"{name} must be a sqlite:/// or postgresql:// URL, not a {backend} one")
    return raw


def _relayer_key(env: Mapping[str, str], name: str) -> str | None:
    """A secp256k1 private key (32 bytes of hex, 1 <= key < n); never repeated
    in a message."""
    key = env.get(name) or None
    if key is None:
        return None
    hexkey = key.removeprefix("0x")
    if len(hexkey) != 64 or any(c not in "0123456789abcdefABCDEF" for c in hexkey):
        raise ConfigError(f"{name} must be a 32-byte hex private key")
    if not 0 < int(hexkey, 16) < SECP256K1_N:
        raise ConfigError(f"{name} is not a valid secp256k1 private key (zero, or not below the curve order)")
    return key


def _float(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError as err:
        raise ConfigError(f"{name} must be a number, not {raw!r}") from err
    if not math.isfinite(value) or value <= 0:
        raise ConfigError(f"{name} must be a positive number of seconds, not {raw!r}")
    return value


def _absolute(path: Path) -> Path:
    return path if path.is_absolute() else Path.cwd() / path


def find_deployment(directory: Path, key: str, network: str | None = None) -> Path:
    """The deployment file `ape run deploy` wrote for the chain `key` in
    `directory`: `<network>-<key>.json`, or the only `*-<key>.json` there."""
    if network is not None:
        return deployment_path(directory, network, key)
    found = sorted(directory.glob(f"*-{key}.json"))
    if len(found) == 1:
        return found[0]
    if not found:
        raise ConfigError(
            f"no deployment file for this chain ({key}) in {directory}: deploy first (`ape run deploy`), "
            "or set HARVEST_DEPLOYMENT"
        )
    names = ", ".join(p.name for p in found)
    raise ConfigError(
        f"several deployment files for this chain in {directory} ({names}): set HARVEST_NETWORK"
    )


@dataclass(frozen=True)
class Config:
    """Everything the service needs; `Config.from_env()` reads it."""

    rpc_url: str = "http://127.0.0.1:8545"
    deployment_file: Path | None = None  # None: found for the node's chain (`for_chain`)
    database_url: str | None = None  # None: SQLite in the chain's state directory
    deployments_dir: Path = ROOT / "deployments"
    network: str | None = None
    state_root: Path = ROOT / ".state"
    host: str = "127.0.0.1"
    port: int = 8000
    cors_origin: str | None = None
    relayer_key: str | None = field(default=None, repr=False)  # never printed
    confirmations: int = 0
    poll_seconds: float = 1.0
    range_blocks: int = 2000
    max_body_bytes: int = 65_536
    rate_limit: int = 30
    rate_window: float = 60.0
    max_open_offers: int = 50
    max_streams: int = 200
    max_streams_per_client: int = 16
    rpc_timeout: float = 10.0
    public_rpc_url: str | None = None
    start_indexer: bool = True

    @property
    def wallet_rpc_url(self) -> str:
        """The RPC URL a wallet adds for this chain (every visitor reads it):
        HARVEST_PUBLIC_RPC_URL, else HARVEST_RPC_URL unless it holds a path,
        a query or credentials (a hosted node's API key), which are dropped."""
        if self.public_rpc_url:
            return self.public_rpc_url
        parts = urlsplit(self.rpc_url)
        if parts.path in ("", "/") and not parts.query and parts.username is None:
            return self.rpc_url
        try:
            port = f":{parts.port}" if parts.port else ""
        except ValueError:
            port = ""
        return f"{parts.scheme}://{parts.hostname or ''}{port}"

    @property
    def deployment(self) -> Path:
        """The deployment file (after `for_chain` when none was configured)."""
        if self.deployment_file is None:
            raise ConfigError("no deployment file yet: the configuration is not resolved for a chain")
        return self.deployment_file

    @property
    def database(self) -> str:
        """The database URL (after `for_chain` when none was configured)."""
        if self.database_url is None:
            raise ConfigError("no database URL yet: the configuration is not resolved for a chain")
        return self.database_url

    def for_chain(self, chain_id: int, genesis_hash: bytes | str) -> Config:
        """This configuration with the deployment file and the database of the
        chain `chain_id` / `genesis_hash` filled in where none was given."""
        key = chain_key(chain_id, genesis_hash)
        changes: dict[str, object] = {}
        if self.deployment_file is None:
            changes["deployment_file"] = find_deployment(self.deployments_dir, key, self.network)
        if self.database_url is None:
            changes["database_url"] = f"sqlite:///{state_dir(self.state_root, key) / 'index.db'}"
        return self.with_(**changes)

    def resolved(self) -> Config:
        """`for_chain` for the node at `rpc_url` (asked only when something is missing)."""
        if self.deployment_file is not None and self.database_url is not None:
            return self
        from frontend.chain import Chain, ChainUnavailable, RpcError

        chain = Chain(self.rpc_url, self.rpc_timeout)
        try:
            chain_id = chain.chain_id()
            genesis = chain.rpc("eth_getBlockByNumber", ["0x0", False])
        except (ChainUnavailable, RpcError) as err:
            # the URL without its key, path or credentials (a hosted node's API key)
            raise ConfigError(
                f"the node at {chain.redact(self.rpc_url)} does not answer ({chain.redact(str(err))}), so the "
                "deployment file of its chain cannot be found: start it, or set HARVEST_DEPLOYMENT and "
                "HARVEST_DATABASE_URL"
            ) from err
        if not isinstance(genesis, dict) or "hash" not in genesis:
            raise ConfigError(f"the node at {chain.redact(self.rpc_url)} has no genesis block")
        return self.for_chain(chain_id, genesis["hash"])

    def with_(self, **changes: object) -> Config:
        """A copy with some settings changed (tests, the demo)."""
        return replace(self, **changes)  # type: ignore[arg-type]

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Config:
        """Read the HARVEST_* variables (see the module docstring)."""
        env = os.environ if env is None else env
        named = env.get("HARVEST_DEPLOYMENT") or None
        deployment = Path(named) if named else None
        deployments_dir = Path(env.get("HARVEST_DEPLOYMENTS_DIR") or cls.deployments_dir)
        state_root = Path(env.get("HARVEST_OFFERS_DIR") or cls.state_root)
        rate = env.get("HARVEST_RATE_LIMIT") or "30/60"
        try:
            count, _, window = rate.partition("/")
            rate_limit, rate_window = int(count), float(window or 60)
        except ValueError as err:
            raise ConfigError(
                f"HARVEST_RATE_LIMIT must look like 30/60 (requests/seconds), not {rate!r}"
            ) from err
        if rate_limit < 1 or not math.isfinite(rate_window) or rate_window <= 0:
            raise ConfigError("HARVEST_RATE_LIMIT needs at least one request per positive window")
        key = _relayer_key(env, "HARVEST_RELAYER_KEY")
        return cls(
            rpc_url=_http_url(env, "HARVEST_RPC_URL") or cls.rpc_url,
            deployment_file=None if deployment is None else _absolute(deployment),
            database_url=_database_url(env, "HARVEST_DATABASE_URL"),
            deployments_dir=_absolute(deployments_dir),
            network=env.get("HARVEST_NETWORK") or None,
            state_root=_absolute(state_root),
            host=env.get("HARVEST_HOST") or cls.host,
            port=_int(env, "HARVEST_PORT", cls.port, 1, 65_535),
            cors_origin=_origin(env, "HARVEST_CORS_ORIGIN"),
            relayer_key=key,
            confirmations=_int(env, "HARVEST_CONFIRMATIONS", cls.confirmations),
            poll_seconds=_float(env, "HARVEST_POLL_SECONDS", cls.poll_seconds),
            range_blocks=_int(env, "HARVEST_RANGE_BLOCKS", cls.range_blocks, 1),
            max_body_bytes=_int(env, "HARVEST_MAX_BODY_BYTES", cls.max_body_bytes, 1024),
            rate_limit=rate_limit,
            rate_window=rate_window,
            max_open_offers=_int(env, "HARVEST_MAX_OPEN_OFFERS", cls.max_open_offers, 1),
            max_streams=_int(env, "HARVEST_MAX_STREAMS", cls.max_streams, 1),
            max_streams_per_client=_int(env, "HARVEST_MAX_STREAMS_PER_CLIENT", cls.max_streams_per_client, 1),
            rpc_timeout=_float(env, "HARVEST_RPC_TIMEOUT", cls.rpc_timeout),
            public_rpc_url=_http_url(env, "HARVEST_PUBLIC_RPC_URL"),
        )
