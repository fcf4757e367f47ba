"""The service's configuration, read once from the environment.

Every setting has a default that runs against a local `make demo` chain:

| variable                  | default                        | meaning |
|---------------------------|--------------------------------|---------|
| HARVEST_RPC_URL           | http://127.0.0.1:8545          | the node's JSON-RPC endpoint |
| HARVEST_PUBLIC_RPC_URL    | HARVEST_RPC_URL                | the RPC URL a wallet is told to add |
| HARVEST_DEPLOYMENT        | deployments/local.json         | the deployment file (`ape run deploy`) |
| HARVEST_DATABASE_URL      | sqlite:///.state/index.db      | SQLAlchemy URL (sqlite:/// or postgresql+psycopg://) |
| HARVEST_HOST              | 127.0.0.1                      | address the service listens on |
| HARVEST_PORT              | 8000                           | port |
| HARVEST_CORS_ORIGIN       | (none)                         | the one origin allowed to call the API from a browser |
| HARVEST_RELAYER_KEY       | (none)                         | private key that pays for relayed votes (never logged) |
| HARVEST_CONFIRMATIONS     | 0                              | blocks the index waits behind the head |
| HARVEST_POLL_SECONDS      | 1.0                            | how often the index asks for new blocks |
| HARVEST_RANGE_BLOCKS      | 2000                           | most blocks per eth_getLogs request |
| HARVEST_MAX_BODY_BYTES    | 65536                          | largest request body accepted |
| HARVEST_RATE_LIMIT        | 30/60                          | write requests per client: N per S seconds |
| HARVEST_RPC_TIMEOUT       | 10                             | seconds before an RPC call is retried |
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

__all__ = ["Config", "ConfigError"]

ROOT = Path(__file__).resolve().parent.parent


class ConfigError(ValueError):
    """A setting that cannot be used, with one sentence saying which and why."""


def _int(env: Mapping[str, str], name: str, default: int, low: int = 0) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError as err:
        raise ConfigError(f"{name} must be an integer, not {raw!r}") from err
    if value < low:
        raise ConfigError(f"{name} must be at least {low}")
    return value


def _float(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError as err:
        raise ConfigError(f"{name} must be a number, not {raw!r}") from err
    if value <= 0:
        raise ConfigError(f"{name} must be positive")
    return value


@dataclass(frozen=True)
class Config:
    """Everything the service needs; `Config.from_env()` reads it."""

    rpc_url: str = "http://127.0.0.1:8545"
    deployment_file: Path = ROOT / "deployments" / "local.json"
    database_url: str = f"sqlite:///{ROOT / '.state' / 'index.db'}"
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
    rpc_timeout: float = 10.0
    public_rpc_url: str | None = None
    start_indexer: bool = True

    @property
    def wallet_rpc_url(self) -> str:
        """The RPC URL a wallet adds for this chain."""
        return self.public_rpc_url or self.rpc_url

    def with_(self, **changes: object) -> Config:
        """A copy with some settings changed (tests, the demo)."""
        return replace(self, **changes)  # type: ignore[arg-type]

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Config:
        """Read the HARVEST_* variables (see the module docstring)."""
        env = os.environ if env is None else env
        deployment = Path(env.get("HARVEST_DEPLOYMENT") or cls.deployment_file)
        rate = env.get("HARVEST_RATE_LIMIT") or "30/60"
        try:
            count, _, window = rate.partition("/")
            rate_limit, rate_window = int(count), float(window or 60)
        except ValueError as err:
            raise ConfigError(
                f"HARVEST_RATE_LIMIT must look like 30/60 (requests/seconds), not {rate!r}"
            ) from err
        if rate_limit < 1 or rate_window <= 0:
            raise ConfigError("HARVEST_RATE_LIMIT needs at least one request per positive window")
        key = env.get("HARVEST_RELAYER_KEY") or None
        if key is not None:
            hexkey = key.removeprefix("0x")
            if len(hexkey) != 64 or any(c not in "0123456789abcdefABCDEF" for c in hexkey):
                raise ConfigError("HARVEST_RELAYER_KEY must be a 32-byte hex private key")
        return cls(
            rpc_url=env.get("HARVEST_RPC_URL") or cls.rpc_url,
            deployment_file=deployment if deployment.is_absolute() else Path.cwd() / deployment,
            database_url=env.get("HARVEST_DATABASE_URL") or cls.database_url,
            host=env.get("HARVEST_HOST") or cls.host,
            port=_int(env, "HARVEST_PORT", cls.port, 1),
            cors_origin=env.get("HARVEST_CORS_ORIGIN") or None,
            relayer_key=key,
            confirmations=_int(env, "HARVEST_CONFIRMATIONS", cls.confirmations),
            poll_seconds=_float(env, "HARVEST_POLL_SECONDS", cls.poll_seconds),
            range_blocks=_int(env, "HARVEST_RANGE_BLOCKS", cls.range_blocks, 1),
            max_body_bytes=_int(env, "HARVEST_MAX_BODY_BYTES", cls.max_body_bytes, 1024),
            rate_limit=rate_limit,
            rate_window=rate_window,
            rpc_timeout=_float(env, "HARVEST_RPC_TIMEOUT", cls.rpc_timeout),
            public_rpc_url=env.get("HARVEST_PUBLIC_RPC_URL") or None,
        )
