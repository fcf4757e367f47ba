"""`make generate`: the shipped artifacts, the typed event records and the
ABI reference, all from the contracts as Ape compiles them.

    python -m harvest_coop.ape_layer.generate          # write them
    python -m harvest_coop.ape_layer.generate --check  # exit 1 if any is stale

Writes `harvest_coop/core/artifacts/<Name>.json` (ABI and deploy bytecode of
every deployable contract), `harvest_coop/core/events.py` (one frozen
dataclass per contract event) and `docs/reference.md` (every external
function's full signature and every event's fields and indexed flags). A unit
test runs the same rendering and fails if a committed file differs.
"""

from __future__ import annotations

import argparse
import json
import keyword
import sys
from pathlib import Path
from typing import Any

from harvest_coop.core.abi import ARTIFACTS_DIR, SHIPPED

__all__ = ["compiled_artifacts", "events_module", "main", "reference_doc", "rendered"]

ROOT = Path(__file__).resolve().parents[2]
EVENTS_PY = ROOT / "harvest_coop" / "core" / "events.py"
REFERENCE_MD = ROOT / "docs" / "reference.md"

# What each contract is, for the reference's headings.
SUMMARY = {
    "TimelockController": "snekmate's timelock with a bounded delay: the only privileged account of a co-op.",
    "Membership": "The soulbound member register (ERC-721 + ERC-5192) and its votes (ERC-5805/6372).",
    "CoopGovernor": "OpenZeppelin Governor 5.x's interface: proposals, votes, queue, execute, veto.",
    "HarvestToken": "Produce as perishable ERC-1155 harvest batches.",
    "CoopCredit": "The co-op's unit of account: an ERC-20 with ERC-2612 permit.",
    "NutrientExchange": "Wallet-signed offers, escrow and pull withdrawals.",
    "ResourcePool": "The community store: donations, the exchange's fee, equal claims per epoch.",
    "Federation": "Federation between co-ops: proposed by one governance, accepted by the other.",
    "CoopFactory": "Deploys and wires a complete co-op in two transactions.",
    "CoopRegistry": "Every co-op the factory made, under a unique name.",
}


def compiled_artifacts(project: Any) -> dict[str, dict[str, Any]]:
    """{name: {"contractName", "abi", "bytecode"}} of the shipped contracts."""
    out = {}
    for name in SHIPPED:
        contract_type = getattr(project, name).contract_type
        abi = [entry.model_dump(mode="json", by_alias=True, exclude_none=True) for entry in contract_type.abi]
        code = contract_type.deployment_bytecode.to_bytes()
        out[name] = {"contractName": name, "abi": abi, "bytecode": "0x" + code.hex()}
    return out


def render_artifact(artifact: dict[str, Any]) -> str:
    return json.dumps(artifact, indent=1, sort_keys=True) + "\n"


# ------------------------------------------------------------------ types


def _param_type(param: dict[str, Any]) -> str:
    """A Solidity ABI type with tuples spelled out: `(address,uint256)[]`."""
    typ: str = param["type"]
    if typ.startswith("tuple"):
        inner = ",".join(_param_type(c) for c in param["components"])
        return f"({inner}){typ[len('tuple') :]}"
    return typ


def _py_type(param: dict[str, Any]) -> str:
    typ: str = param["type"]
    if typ.endswith("]"):
        return f"list[{_py_type({**param, 'type': typ[: typ.rindex('[')]})}]"
    if typ.startswith("tuple"):
        return "dict[str, Any]"
    if typ == "address" or typ == "string":
        return "str"
    if typ == "bool":
        return "bool"
    if typ.startswith("bytes"):
        return "bytes"
    return "int"


def _field(name: str) -> str:
    return f"{name}_" if keyword.iskeyword(name) else name


def events_module(abis: dict[str, list[dict[str, Any]]]) -> str:
    """Python source of `harvest_coop/core/events.py`."""
    lines = [
        '"""Typed records of every co-op contract event (generated: `make generate`).',
        "",
        "One frozen dataclass per (contract, event), named `<Contract><Event>`, with",
        "the event's fields in order; `EVENTS` maps (contract, event name) to its",
        "class and `decode_event` builds one from a decoded log's arguments (web3.py's",
        "`args`, Ape's `event_arguments`). Structs stay `dict`s, addresses `str`.",
        "Do not edit: tools regenerate it from the compiled ABIs, and a unit test",
        "fails if it is stale.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "from collections.abc import Mapping",
        "from dataclasses import dataclass, fields",
        "from typing import Any, ClassVar",
        "",
        '__all__ = ["EVENTS", "EventRecord", "decode_event"]',
        "",
        "",
        "@dataclass(frozen=True)",
        "class EventRecord:",
        '    """Base of every event record."""',
        "",
        '    CONTRACT: ClassVar[str] = ""',
        '    EVENT: ClassVar[str] = ""',
        "    INDEXED: ClassVar[tuple[str, ...]] = ()",
        "",
    ]
    registry: list[tuple[str, str, str]] = []
    for contract in sorted(abis):
        for entry in sorted((e for e in abis[contract] if e["type"] == "event"), key=lambda e: e["name"]):
            cls = f"{contract}{entry['name']}"
            registry.append((contract, entry["name"], cls))
            indexed_names = [f'"{_field(i["name"])}"' for i in entry["inputs"] if i.get("indexed")]
            indexed = "(" + ", ".join(indexed_names) + ("," if len(indexed_names) == 1 else "") + ")"
            signature = f"{entry['name']}({','.join(_param_type(i) for i in entry['inputs'])})"
            lines += [
                "",
                "@dataclass(frozen=True)",
                f"class {cls}(EventRecord):",
                f'    """`{contract}.{signature}`."""',
                "",
                f'    CONTRACT: ClassVar[str] = "{contract}"',
                f'    EVENT: ClassVar[str] = "{entry["name"]}"',
                f"    INDEXED: ClassVar[tuple[str, ...]] = {indexed}",
            ]
            if entry["inputs"]:
                lines.append("")
            for param in entry["inputs"]:
                lines.append(f"    {_field(param['name'])}: {_py_type(param)}")
            lines.append("")
    lines += [
        "",
        "EVENTS: dict[tuple[str, str], type[EventRecord]] = {",
        *[f'    ("{c}", "{e}"): {cls},' for c, e, cls in registry],
        "}",
        "",
        "",
        "def decode_event(contract: str, event: str, args: Mapping[str, Any]) -> EventRecord:",
        '    """The typed record of `contract`\'s `event` from its decoded arguments."""',
        "    cls = EVENTS[(contract, event)]",
        "    values = {}",
        "    for name in (f.name for f in fields(cls)):",
        '        key = name[:-1] if name.endswith("_") and name[:-1] in args else name',
        "        value = args[key]",
        "        if isinstance(value, (bytes, bytearray)):",
        "            value = bytes(value)",
        "        values[name] = value",
        "    return cls(**values)",
        "",
    ]
    return "\n".join(lines)


def reference_doc(abis: dict[str, list[dict[str, Any]]]) -> str:
    """Markdown of `docs/reference.md`."""
    out = [
        "# Contract reference",
        "",
        "Every external function (full signature: arguments and return types, and",
        "whether it is a view) and every event (fields, `indexed` marked) of every",
        "deployable contract, generated from the shipped ABIs",
        "(`harvest_coop/core/artifacts/`) by `make generate`; a unit test fails if",
        "this file drifts from them. What the functions do is in each contract's",
        "NatSpec and in [exchange.md](exchange.md); the README explains the",
        "co-op's rules.",
        "",
    ]
    for contract in [c for c in SHIPPED if c in abis]:
        abi = abis[contract]
        out += [f"## {contract}", "", SUMMARY.get(contract, ""), "", "### Functions", ""]
        functions = sorted(
            (e for e in abi if e["type"] == "function"), key=lambda e: (e["name"], len(e["inputs"]))
        )
        ctor = [e for e in abi if e["type"] == "constructor"]
        if ctor:
            args = ", ".join(f"{_param_type(i)} {i['name']}" for i in ctor[0]["inputs"])
            out.append(f"- `constructor({args})`")
        for fn in functions:
            args = ", ".join(f"{_param_type(i)} {i['name']}".rstrip() for i in fn["inputs"])
            returns = ", ".join(
                (f"{_param_type(o)} {o['name']}" if o.get("name") else _param_type(o))
                for o in fn.get("outputs", [])
            )
            mutability = fn.get("stateMutability", "nonpayable")
            tag = "" if mutability == "nonpayable" else f" *{mutability}*"
            out.append(f"- `{fn['name']}({args})" + (f" -> ({returns})`" if returns else "`") + tag)
        events = sorted((e for e in abi if e["type"] == "event"), key=lambda e: e["name"])
        out += ["", "### Events", ""]
        if not events:
            out.append("(none)")
        for ev in events:
            fields = ", ".join(
                f"{_param_type(i)}{' indexed' if i.get('indexed') else ''} {i['name']}" for i in ev["inputs"]
            )
            out.append(f"- `{ev['name']}({fields})`")
        out.append("")
    return "\n".join(out)


def rendered(project: Any) -> dict[Path, str]:
    """Every generated file's path and its content, rendered from `project`."""
    artifacts = compiled_artifacts(project)
    abis = {name: art["abi"] for name, art in artifacts.items()}
    files = {ARTIFACTS_DIR / f"{name}.json": render_artifact(art) for name, art in artifacts.items()}
    files[EVENTS_PY] = events_module(abis)
    files[REFERENCE_MD] = reference_doc(abis)
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description="Write (or --check) the generated files.")
    parser.add_argument("--check", action="store_true", help="exit 1 if a committed file is stale")
    args = parser.parse_args()
    from ape import project

    stale = []
    for path, text in rendered(project).items():
        current = path.read_text() if path.is_file() else None
        if current == text:
            continue
        stale.append(path)
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
    for path in stale:
        print(f"{'stale' if args.check else 'wrote'} {path.relative_to(ROOT)}")
    if args.check and stale:
        sys.exit("generated files are stale: run `make generate`")


if __name__ == "__main__":
    main()
