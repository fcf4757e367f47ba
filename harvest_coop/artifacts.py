"""Compiled contracts (ABI + bytecode) for tools that do not run inside Ape.

Compiles with the pip-installed Vyper (the same 0.4.3 Ape uses) and caches
the result under .cache/artifacts keyed by the hash of every source file, so
web3.py tools (benchmark, demo, integration tests, web service) need no Ape
project state.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CONTRACTS = ROOT / "contracts"
CACHE = ROOT / ".cache" / "artifacts"


def _sources_digest() -> str:
    h = hashlib.sha256()
    for path in sorted(CONTRACTS.rglob("*.vy*")):
        h.update(str(path.relative_to(CONTRACTS)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def source_path(name: str) -> Path:
    """contracts/<name>.vy, or contracts/test/<name>.vy for test contracts."""
    for candidate in (CONTRACTS / f"{name}.vy", CONTRACTS / "test" / f"{name}.vy"):
        if candidate.exists():
            return candidate
    raise FileNotFoundError(f"no contract named {name} under {CONTRACTS}")


def load(name: str) -> dict[str, Any]:
    """{"abi": [...], "bytecode": "0x..."} for contract `name`."""
    CACHE.mkdir(parents=True, exist_ok=True)
    cached = CACHE / f"{name}-{_sources_digest()}.json"
    if cached.exists():
        return json.loads(cached.read_text())
    vyper = Path(sys.executable).parent / "vyper"
    out = (
        subprocess.run(
            [str(vyper), "-p", str(CONTRACTS), "-f", "abi,bytecode", str(source_path(name))],
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()
    )
    artifact = {"abi": json.loads(out[0]), "bytecode": out[1]}
    cached.write_text(json.dumps(artifact))
    return artifact
