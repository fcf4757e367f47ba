"""The co-op contracts' ABIs and deploy bytecode, shipped with the package.

`harvest_coop/core/artifacts/<Name>.json` holds `{"contractName", "abi",
"bytecode"}` of every deployable contract, written by `make generate`
(tools/generate.py, from Ape's compilation) and committed; a unit test fails
if they differ from what the compiler produces. A reader (the web service,
a script, the benchmark) therefore needs no Vyper compiler at run time.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

__all__ = ["ARTIFACTS_DIR", "SHIPPED", "abi", "artifact", "bytecode"]

ARTIFACTS_DIR = Path(__file__).resolve().parent / "artifacts"

# Every contract whose artifact ships (the deployables).
SHIPPED = (
    "TimelockController",
    "Membership",
    "CoopGovernor",
    "HarvestToken",
    "CoopCredit",
    "NutrientExchange",
    "ResourcePool",
    "Federation",
    "CoopFactory",
    "CoopRegistry",
)


@cache
def artifact(name: str) -> dict[str, Any]:
    """`{"contractName", "abi", "bytecode"}` of contract `name`."""
    path = ARTIFACTS_DIR / f"{name}.json"
    if not path.is_file():
        raise KeyError(f"no shipped artifact for {name!r} (shipped: {', '.join(SHIPPED)})")
    data: dict[str, Any] = json.loads(path.read_text())
    return data


def abi(name: str) -> list[dict[str, Any]]:
    """The ABI of contract `name`."""
    entries: list[dict[str, Any]] = artifact(name)["abi"]
    return entries


def bytecode(name: str) -> bytes:
    """The deploy (init) code of contract `name`."""
    return bytes.fromhex(str(artifact(name)["bytecode"]).removeprefix("0x"))
