"""`make bench` (web part): the service's reads from the index beside the
same answers computed live with eth_call, the indexer's catch-up beside raw
eth_getLogs on the same history, and a relayed ballot's time to a block.

Everything runs on a fresh anvil with a factory-made co-op
(`frontend.devchain`), grown to a few thousand events. Writes
benchmarks/web.json and prints a table.
"""

from __future__ import annotations

import datetime
import json
import os
import platform
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import requests
from web3 import Web3

from frontend.chain import Chain
from frontend.config import Config
from frontend.demo_hook import start_service
from frontend.devchain import Seeded, seed
from frontend.index.follower import Follower
from frontend.index.store import Store, make_engine, migrate
from harvest_coop.core.constants import DAY, VoteSupport
from harvest_coop.core.deployment import read_deployment
from harvest_coop.core.eip712 import ballot_typed_data
from harvest_coop.core.proposals import with_proposer
from harvest_coop.testing.anvil import AnvilNode, anvil_binary, free_port
from harvest_coop.testing.keys import anvil_key, sign_typed_data
from harvest_coop.web3_layer.governance import advance_time, pass_proposal
from harvest_coop.web3_layer.sender import transact

HERE = Path(__file__).resolve().parent
HARVESTS = 1_500  # each a block with HarvestLogged + TransferSingle
NEW_MEMBERS = 20
REPEAT = 60


def grow(seeded: Seeded) -> None:
    """More members (two admission proposals) and many harvests."""
    w3, coop, founders = seeded.w3, seeded.coop, seeded.founders
    membership = coop["Membership"]
    newcomers = [Web3.to_checksum_address(f"0x{i + 1:040x}") for i in range(1000, 1000 + NEW_MEMBERS)]
    for start in range(0, NEW_MEMBERS, 10):
        actions: list[tuple[str, int, bytes | str]] = [
            (membership.address, 0, membership.encode_abi("admit", args=[a]))
            for a in newcomers[start : start + 10]
        ]
        pass_proposal(
            w3, coop["CoopGovernor"], founders[0], founders[:3], actions, f"admit {start}", lambda _: None
        )
    harvest = coop["HarvestToken"]
    now = int(w3.eth.get_block("latest")["timestamp"])
    for i in range(HARVESTS):
        grower = founders[i % 4]
        transact(
            harvest.functions.log_harvest(f"crop {i}", 100 + i, now - 60, now + 30 * DAY, "bench plot"),
            grower,
        )


def timed(fn: Callable[[], Any], repeat: int = REPEAT) -> dict[str, float]:
    fn()  # warm up
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    samples.sort()
    return {
        "rps": repeat / sum(samples),
        "p50_ms": 1000 * samples[len(samples) // 2],
        "p99_ms": 1000 * samples[min(len(samples) - 1, int(len(samples) * 0.99))],
    }


def live_batches(seeded: Seeded) -> list[dict[str, Any]]:
    """The first page of /batches computed with eth_call (newest 50)."""
    harvest = seeded.coop["HarvestToken"]
    count = int(harvest.functions.batch_count().call())
    out = []
    for batch_id in range(count, max(count - 50, 0), -1):
        crop, grams, grower, harvested, best_before, origin, frozen = harvest.functions.batch(batch_id).call()
        supply = harvest.functions.total_supply(batch_id).call()
        out.append(
            {
                "id": batch_id,
                "crop": crop,
                "grams": grams,
                "grower": grower,
                "supply": supply,
                "frozen": frozen,
            }
        )
    return out


def live_members(seeded: Seeded) -> list[dict[str, Any]]:
    """The first page of /members with eth_call: each member id's owner, votes and delegate."""
    membership = seeded.coop["Membership"]
    total = int(membership.functions.totalSupply().call())
    out, member_id = [], 1
    while len(out) < min(total, 50):
        try:
            owner = membership.functions.ownerOf(member_id).call()
        except Exception:
            member_id += 1
            continue
        out.append(
            {
                "account": owner,
                "votes": membership.functions.getVotes(owner).call(),
                "delegate": membership.functions.delegates(owner).call(),
                "joined": membership.functions.joined_at(owner).call(),
            }
        )
        member_id += 1
    return out


def live_proposals(seeded: Seeded) -> list[dict[str, Any]]:
    """/proposals with eth_getLogs (ProposalCreated) and eth_call per proposal."""
    governor = seeded.coop["CoopGovernor"]
    created = governor.events.ProposalCreated().get_logs(from_block=0)
    out = []
    for entry in created[-50:]:
        pid = entry["args"]["proposalId"]
        against, for_, abstain = governor.functions.proposalVotes(pid).call()
        out.append(
            {"id": pid, "state": governor.functions.state(pid).call(), "for": for_, "against": against}
        )
    return out


def reads(seeded: Seeded, url: str) -> list[dict[str, Any]]:
    coop = "Harvest%20Coop"
    session = requests.Session()

    def get(path: str) -> Callable[[], Any]:
        return lambda: session.get(url + path, timeout=30).json()

    cases = [
        ("GET /api/coops/{coop}/batches", get(f"/api/coops/{coop}/batches"), lambda: live_batches(seeded)),
        ("GET /api/coops/{coop}/members", get(f"/api/coops/{coop}/members"), lambda: live_members(seeded)),
        (
            "GET /api/coops/{coop}/proposals",
            get(f"/api/coops/{coop}/proposals"),
            lambda: live_proposals(seeded),
        ),
    ]
    rows = []
    for name, indexed, live in cases:
        a, b = timed(indexed), timed(live, repeat=max(REPEAT // 4, 10))
        rows.append({"endpoint": name, "index": a, "live": b, "speedup": b["p50_ms"] / a["p50_ms"]})
    return rows


def catch_up(seeded: Seeded, node: AnvilNode, workdir: Path, rounds: int = 5) -> dict[str, Any]:
    """The indexer from empty to the head, beside raw eth_getLogs of the same addresses and ranges.

    Both sides use the same node, the same `Chain.logs` (request and JSON
    parsing) and the same range size; each round runs the raw pass and then
    the indexer back to back, so a change in the load of the machine hits
    both, and each side's figure is its best round."""
    chain = Chain(node.url, timeout=60)
    deployment_addresses = [seeded.stack.registry.address, *[c.address for c in seeded.coop.values()]]
    head = chain.head()
    start = seeded.stack.block
    span = Config().range_blocks
    raw_events, raw_best, best, events = 0, 1e9, 1e9, 0
    for attempt in range(rounds):
        started = time.perf_counter()
        raw_events = 0
        for first in range(start, head + 1, span):
            raw_events += len(chain.logs(deployment_addresses, first, min(first + span - 1, head)))
        raw_best = min(raw_best, time.perf_counter() - started)
        engine = make_engine(f"sqlite:///{workdir / f'catchup{attempt}.db'}")
        migrate(engine)
        follower = Follower(chain, Store(engine), read_deployment(seeded.deployment_file), range_blocks=span)
        started = time.perf_counter()
        follower.sync(timeout=600)
        best = min(best, time.perf_counter() - started)
        events = follower.progress.events_total
        engine.dispose()
    return {
        "blocks": head - start + 1,
        "events": events,
        "range_blocks": span,
        "rounds": rounds,
        "raw_get_logs_events_per_s": raw_events / raw_best,
        "indexer_events_per_s": events / best,
        "ratio": (events / best) / (raw_events / raw_best),
    }


def ballots(seeded: Seeded, url: str) -> dict[str, Any]:
    """POST /api/ballots to the vote in a block (anvil mines each transaction at once)."""
    w3, governor, membership = seeded.w3, seeded.coop["CoopGovernor"], seeded.coop["Membership"]
    founders = seeded.founders
    samples = []
    for round_ in range(3):
        description = with_proposer(f"bench ballot {round_}", founders[0])
        calldata = membership.encode_abi("set_max_proxies", args=[2])
        transact(governor.functions.propose([membership.address], [0], [calldata], description), founders[0])
        pid = int(
            governor.functions.hashProposal(
                [membership.address], [0], [bytes.fromhex(calldata[2:])], Web3.keccak(text=description)
            ).call()
        )
        advance_time(w3, 61)
        name = governor.functions.name().call()
        for index in (1, 2, 3, 4):
            voter = w3.eth.accounts[index]
            nonce = governor.functions.nonces(voter).call()
            doc = ballot_typed_data(
                name, w3.eth.chain_id, governor.address, pid, VoteSupport.FOR, voter, nonce
            )
            body = {
                "coop": "Harvest Coop",
                "proposal_id": str(pid),
                "support": 1,
                "voter": voter,
                "signature": "0x" + sign_typed_data(doc, anvil_key(index)).hex(),
            }
            started = time.perf_counter()
            answer = requests.post(f"{url}/api/ballots", json=body, timeout=60)
            answer.raise_for_status()
            w3.eth.wait_for_transaction_receipt(answer.json()["tx_hash"], poll_latency=0.01)
            samples.append(time.perf_counter() - started)
    samples.sort()
    return {"votes": len(samples), "p50_ms": 1000 * samples[len(samples) // 2], "max_ms": 1000 * samples[-1]}


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        anvil = subprocess.run([str(anvil_binary()), "--version"], capture_output=True, text=True, timeout=30)
        anvil_version = anvil.stdout.splitlines()[0] if anvil.stdout else "?"
    except (OSError, subprocess.SubprocessError, RuntimeError):
        anvil_version = "?"
    return {
        "cpu": cpu or platform.processor(),
        "cores": os.cpu_count(),
        "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "anvil": anvil_version,
    }


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        node = AnvilNode()
        w3 = node.start()
        try:
            print("[bench_web] seeding and growing a co-op ...", flush=True)
            seeded = seed(w3, workdir / "local.json")
            grow(seeded)
            print("[bench_web] indexer catch-up ...", flush=True)
            catchup = catch_up(seeded, node, workdir)
            service = start_service(
                node.url,
                seeded.deployment_file,
                port=free_port(),
                database_url=f"sqlite:///{workdir / 'service.db'}",
                relayer_key="0x" + anvil_key(9).hex(),
                config=Config(rate_limit=1_000_000, poll_seconds=0.2),
            )
            try:
                service.wait_indexed(timeout=300)
                print("[bench_web] reads ...", flush=True)
                read_rows = reads(seeded, service.url)
                print("[bench_web] relayed ballots ...", flush=True)
                relay = ballots(seeded, service.url)
            finally:
                service.stop()
        finally:
            node.stop()
    result = {
        "date": datetime.date.today().isoformat(),
        "machine": machine(),
        "reads": read_rows,
        "catch_up": catchup,
        "ballot_to_block": relay,
    }
    (HERE / "web.json").write_text(json.dumps(result, indent=2) + "\n")
    print(
        f"\n{'read (first page)':<34}{'index rps':>10}{'p50 ms':>9}{'p99 ms':>9}{'live rps':>10}{'p50 ms':>9}{'p99 ms':>9}{'x':>7}"
    )
    print("-" * 97)
    for r in read_rows:
        a, b = r["index"], r["live"]
        print(
            f"{r['endpoint']:<34}{a['rps']:>10.0f}{a['p50_ms']:>9.2f}{a['p99_ms']:>9.2f}"
            f"{b['rps']:>10.0f}{b['p50_ms']:>9.2f}{b['p99_ms']:>9.2f}{r['speedup']:>7.1f}"
        )
    c = catchup
    print(
        f"\ncatch-up of {c['events']} events in {c['blocks']} blocks: indexer {c['indexer_events_per_s']:.0f} events/s, "
        f"raw eth_getLogs {c['raw_get_logs_events_per_s']:.0f} events/s ({100 * c['ratio']:.0f}%)"
    )
    print(
        f"POST /api/ballots to the vote in a block: p50 {relay['p50_ms']:.1f} ms, max {relay['max_ms']:.1f} ms "
        f"({relay['votes']} votes, anvil automine)"
    )
    print(f"\nwrote {HERE / 'web.json'}")


if __name__ == "__main__":
    main()
