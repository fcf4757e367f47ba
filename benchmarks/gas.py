"""`make bench`: gas of every co-op operation beside its EVM lower bound.

Prints a table and rewrites benchmarks/gas.json ({"operation": gas}), which
is committed so a change's cost shows in review. Each part of the co-op has
its own module (bench_governance, bench_harvest, bench_exchange, ...)
exposing `run()`; parts whose contracts are not in this checkout are skipped
with a note.
"""

from __future__ import annotations

import datetime
import importlib
import json
import platform
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PARTS = ["bench_governance", "bench_harvest", "bench_exchange", "bench_pool", "bench_factory"]

# Targets from the issues: operation -> most gas allowed.
TARGETS = {
    "castVote": 50_000,
    "castVoteBySig": 65_000,
    "admit": 130_000,
    "harvest_transfer": 48_000,
    "swap_fill": 95_000,
    "escrow_fill+confirm": 170_000,
    "pool_claim": 70_000,
    "pool_claim_new_batch": 70_000,
}


def machine() -> str:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import os

    return f"{model or platform.machine()}, {os.cpu_count()} cores, {platform.system()}, Python {platform.python_version()}"


def collect() -> tuple[list[dict[str, Any]], dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    extra: dict[str, Any] = {}
    for part in PARTS:
        try:
            module = importlib.import_module(f"benchmarks.{part}")
        except ModuleNotFoundError as err:
            print(f"[{part}] skipped: {err}", file=sys.stderr)
            continue
        print(f"[{part}] measuring ...", file=sys.stderr, flush=True)
        result = module.run()
        if isinstance(result, tuple):
            part_rows, part_extra = result
            extra[part] = part_extra
        else:
            part_rows = result
        rows.extend(part_rows)
    return rows, extra


def table(rows: list[dict[str, Any]]) -> str:
    lines = [
        f"{'operation':<28}{'gas':>10}{'@10 members':>13}{'floor':>10}{'x floor':>9}{'target':>10}",
        "-" * 80,
    ]
    for r in rows:
        floor = r.get("lower_bound")
        ratio = f"{r['gas'] / floor:.2f}" if floor else "-"
        target = TARGETS.get(r["operation"])
        verdict = "" if target is None else (f"{target:>9} {'ok' if r['gas'] <= target else 'OVER'}")
        at10 = r.get("gas_at_10_members", "")
        lines.append(
            f"{r['operation']:<28}{r['gas']:>10}{at10!s:>13}{floor if floor else '-':>10}{ratio:>9}{verdict:>10}"
        )
    return "\n".join(lines)


def main() -> None:
    rows, extra = collect()
    by_op = {r["operation"]: r for r in rows}
    if "escrow_fill" in by_op and "escrow_confirm" in by_op:
        rows.append(
            {
                "operation": "escrow_fill+confirm",
                "gas": by_op["escrow_fill"]["gas"] + by_op["escrow_confirm"]["gas"],
                "lower_bound": (by_op["escrow_fill"].get("lower_bound") or 0)
                + (by_op["escrow_confirm"].get("lower_bound") or 0),
                "note": "a delivery escrow from fill to release",
            }
        )
    print(table(rows))
    gas = {r["operation"]: r["gas"] for r in rows}
    (HERE / "gas.json").write_text(json.dumps(dict(sorted(gas.items())), indent=2) + "\n")
    detail = {
        "date": datetime.date.today().isoformat(),
        "machine": machine(),
        "rows": rows,
        "by_size": extra,
    }
    (HERE / "gas_detail.json").write_text(json.dumps(detail, indent=2) + "\n")
    print(f"\nwrote {HERE / 'gas.json'} and gas_detail.json ({detail['date']}, {detail['machine']})")


if __name__ == "__main__":
    main()
