"""An attacker's review of the web service's read side and its indexer:
each test is one attack. A failing test shows a hole; a passing one an
attack that held and was not covered elsewhere."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import requests
from playwright.sync_api import expect
from sqlalchemy import Engine, event, insert, select
from web3 import Web3

from frontend.api import reads
from frontend.chain import Chain, RpcError
from frontend.demo_hook import ServiceHandle, start_service
from frontend.devchain import log_harvest, params
from frontend.index import models
from frontend.index.follower import Follower, ReorgDuringFetch
from frontend.index.store import Store, make_engine, migrate
from harvest_coop.core.deployment import read_deployment
from harvest_coop.core.stack_code import RECORD_FIELDS
from harvest_coop.testing.anvil import free_port
from harvest_coop.web3_layer.sender import transact
from harvest_coop.web3_layer.stack import create_coop

from .conftest import Stack, caught_up, fresh_database, running_service, service_config
from .test_api import COOP, get, make_offer, post
from .test_indexer import assert_equals_fresh_index, database  # noqa: F401 (a fixture)
from .test_page import no_console_errors, visits  # noqa: F401 (a fixture)


class CappedNode(Chain):
    """A node that refuses `eth_getLogs` as public nodes do: a range of more
    than `max_blocks` blocks ("block range too large") or an answer of more
    than `max_logs` logs ("query returned more than N results")."""

    def __init__(self, url: str, max_blocks: int, max_logs: int) -> None:
        super().__init__(url, timeout=5)
        self.max_blocks = max_blocks
        self.max_logs = max_logs
        self.refused = 0

    def rpc(self, method: str, params: list[Any]) -> Any:
        if method == "eth_getLogs":
            spec = params[0]
            blocks = int(spec["toBlock"], 16) - int(spec["fromBlock"], 16) + 1
            if blocks > self.max_blocks:
                self.refused += 1
                raise RpcError(method, {"code": -32600, "message": f"block range too large ({blocks})"})
        answer = super().rpc(method, params)
        if method == "eth_getLogs" and len(answer) > self.max_logs:
            self.refused += 1
            raise RpcError(
                method, {"code": -32005, "message": f"query returned more than {self.max_logs} results"}
            )
        return answer


def capped_follower(chain: Stack, engine: Any, node: Chain) -> Follower:
    return Follower(node, Store(engine), read_deployment(chain.seeded.deployment_file))


# -- the indexer against a node that caps eth_getLogs -----------------------------------------


def test_node_capping_get_logs__the_follower_asks_for_less_and_catches_up(
    chain: Stack,
    database: Any,  # noqa: F811
) -> None:
    """Attack: public nodes cap eth_getLogs (a block range, a number of
    results), and a spammer can fill a range with logs (every co-op made
    through the public factory is followed). The follower asked for the
    same 2000 blocks again and again: stuck forever at the first range
    the node refuses. Rule: it asks for smaller ranges, catches up, and the
    index equals a fresh one."""
    engine = database("capped")
    per_block: dict[int, int] = {}
    for entry in chain.w3.eth.get_logs({"fromBlock": 0, "toBlock": "latest"}):
        per_block[entry["blockNumber"]] = per_block.get(entry["blockNumber"], 0) + 1
    # the most logs one block holds: a single block is always answered
    node = CappedNode(chain.node.url, max_blocks=7, max_logs=max(per_block.values()))
    f = capped_follower(chain, engine, node)
    head = f.sync(timeout=120)
    assert f.progress.indexed_block == head == chain.w3.eth.block_number
    assert node.refused > 0, "the node never refused: the attack did not happen"
    with engine.connect() as conn:
        assert conn.execute(select(models.coops.c.name)).scalars().all()
    assert_equals_fresh_index(chain, engine, database, "capped_fresh")


def test_node_too_slow_for_a_long_range__the_follower_asks_for_less_and_catches_up(
    chain: Stack,
    database: Any,  # noqa: F811
) -> None:
    """Attack: a range full of logs (spam co-ops' and their members') takes
    a node longer than the follower's RPC timeout to answer, every time:
    the follower timed out on the same range for ever. Rule: a range the
    node does not answer in time is asked for in halves, as a refused one."""

    def slow(request: Any) -> float:
        if isinstance(request, dict) and request.get("method") == "eth_getLogs":
            spec = request["params"][0]
            if int(spec["toBlock"], 16) - int(spec["fromBlock"], 16) >= 4:
                return 1.5
        return 0.0

    proxy = CountingProxy(chain.node.url, delay=slow)
    try:
        engine = database("slow")
        f = capped_follower(chain, engine, Chain(proxy.url, timeout=0.5))
        assert f.sync(timeout=120) == chain.w3.eth.block_number
        assert f.span < 5
    finally:
        proxy.close()
    assert_equals_fresh_index(chain, engine, database, "slow_fresh")


class BatchlessNode(Chain):
    """A node that takes no batched JSON-RPC request of more than `most`
    calls (public nodes cap batches, some take none): it answers one error
    object, as they do."""

    def __init__(self, url: str, most: int) -> None:
        super().__init__(url, timeout=5)
        self.most = most
        self.refused = 0

    def _post(self, payload: Any) -> Any:
        if isinstance(payload, list) and len(payload) > self.most:
            self.refused += 1
            return {"jsonrpc": "2.0", "id": None, "error": {"code": -32600, "message": "batch too large"}}
        return super()._post(payload)


def test_node_capping_batches__the_follower_asks_in_smaller_batches_and_catches_up(
    chain: Stack,
    database: Any,  # noqa: F811
) -> None:
    """Attack: the follower reads proposal states (and, on a reorg or from
    a node that does not date its logs, block headers) in batched requests
    of 100 and 200 calls; a node that caps batches (or takes none) answered
    with one error and the follower retried the same batch for ever. Rule:
    a refused batch is asked for in smaller ones, down to single calls; the
    index catches up and equals a fresh one; a reorg is still rolled back."""
    engine = database("batchless")
    node = BatchlessNode(chain.node.url, most=1)
    f = capped_follower(chain, engine, node)
    assert f.sync(timeout=120) == chain.w3.eth.block_number
    assert node.refused > 0, "the follower sent no batch: the attack did not happen"
    log_harvest(chain.seeded.coop, chain.seeded.founders[1], "rolled back", 10, 5, "plot")
    f.sync(timeout=60)
    answer = chain.w3.provider.make_request("anvil_rollback", [1])  # type: ignore[arg-type]
    assert "error" not in answer, answer
    f.sync(timeout=60)
    assert f.progress.reorgs == 1
    assert_equals_fresh_index(chain, engine, database, "batchless_fresh")


def test_logs_of_as_many_addresses_as_thousands_of_spam_coops__answered_in_order(chain: Stack) -> None:
    """Attack: anyone can make co-ops through the public factory, and the
    follower asks for the logs of every contract of every co-op in one
    eth_getLogs: 8 addresses a co-op. A few thousand co-ops make a request
    over the node's body limit (anvil answers "Invalid request" above about
    2 MB, geth refuses 5 MB): no range is small enough, the follower
    stalled for good. Rule: the logs of any number of addresses come back,
    the same as those of the followed ones alone, in chain order."""
    node = Chain(chain.node.url, timeout=30)
    ours = sorted({c.address for c in chain.seeded.coop.values()})
    spam = ["0x" + (0xEE << 152 | i).to_bytes(20, "big").hex() for i in range(60_000)]
    head = chain.w3.eth.block_number
    alone = node.logs(ours, 0, head)
    assert alone, "the co-op logged nothing"
    assert node.logs(sorted(ours + spam), 0, head) == alone


# -- what a member reads is what the chain says --------------------------------------------------


def every(service: ServiceHandle, path: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    while True:
        page = get(service, path, offset=len(items), limit=200).json()
        items += page["items"]
        if not page["items"] or len(items) >= page["total"]:
            return items


def test_read_figures__equal_the_chains_own_views(chain: Stack, service: ServiceHandle) -> None:
    """A member checks the service against the contracts' views: every
    batch's record and holders (HarvestToken.batch, balanceOf), every
    member's votes and delegate (Membership), every holder's and member's
    credit (CoopCredit.balanceOf), every proposal's state and tallies
    (CoopGovernor). Rule: the index shows what is true at its block."""
    caught_up(service, chain.w3)
    coop = chain.seeded.coop
    harvest, credit, membership, governor = (
        coop[n] for n in ("HarvestToken", "CoopCredit", "Membership", "CoopGovernor")
    )
    accounts = set()
    for batch in every(service, f"/api/coops/{COOP}/batches"):
        detail = get(service, f"/api/coops/{COOP}/batches/{batch['id']}").json()
        held = {h["holder"]: int(h["grams"]) for h in detail["holders"]}
        for holder, grams in held.items():
            assert harvest.functions.balanceOf(holder, batch["id"]).call() == grams, (batch["id"], holder)
        assert sum(held.values()) == batch["supply"]
        crop, grams, grower, harvested_at, best_before, origin, frozen = harvest.functions.batch(
            batch["id"]
        ).call()
        assert (crop, grams, grower, harvested_at, best_before, origin, frozen) == (
            batch["crop"],
            batch["grams"],
            batch["grower"],
            batch["harvested_at"],
            batch["best_before"],
            batch["origin"],
            batch["frozen"],
        ), batch["id"]
        accounts |= set(held)
    for member in every(service, f"/api/coops/{COOP}/members"):
        account = member["account"]
        assert membership.functions.getVotes(account).call() == member["votes"], account
        assert membership.functions.delegates(account).call() == (member["delegate"] or ZERO), account
        accounts.add(account)
    for account in accounts:
        standing = get(service, f"/api/coops/{COOP}/accounts/{account}").json()
        assert int(standing["credit"]) == credit.functions.balanceOf(account).call(), account
    for proposal in every(service, f"/api/coops/{COOP}/proposals"):
        pid = int(proposal["proposal_id"])
        assert proposal["state_code"] == governor.functions.state(pid).call(), pid
        against, for_, abstain = governor.functions.proposalVotes(pid).call()
        assert (proposal["for_votes"], proposal["against_votes"], proposal["abstain_votes"]) == (
            for_,
            against,
            abstain,
        ), pid


def test_batch_journey_of_thousands_of_steps__paged(chain: Stack, service: ServiceHandle) -> None:
    """Attack: any member who holds a gram of a batch can lengthen its
    journey without end (every transfer is a step: a gram sent back and
    forth with a friend), and the batch's answer listed every step: each
    visit to the grower's batch page fetched and drew all of them. Rule:
    the journey is paged (offset, limit) with its total, in chain order,
    and its pages put together are the whole journey."""
    coop = chain.seeded.coop
    grower, friend = chain.seeded.founders[0], chain.seeded.founders[1]
    batch = log_harvest(coop, grower, "passed around", 1_000, 30, "plot")
    harvest = coop["HarvestToken"]
    for i in range(230):
        sender, receiver = (grower, friend) if i % 2 == 0 else (friend, grower)
        transact(harvest.functions.safeTransferFrom(sender, receiver, batch, 1, b""), sender)
    caught_up(service, chain.w3)
    path = f"/api/coops/{COOP}/batches/{batch}"
    first = get(service, path).json()
    assert len(first["journey"]) <= 200 and first["journey_total"] == 231
    steps = []
    while len(steps) < first["journey_total"]:
        page = get(service, path, offset=len(steps), limit=100).json()
        assert page["journey"], "a page came back empty before the end"
        steps += page["journey"]
    assert steps[0]["step"] == "logged" and len(steps) == 231
    assert [s["block_number"] for s in steps] == sorted(s["block_number"] for s in steps)
    assert {h["holder"]: h["grams"] for h in first["holders"]} == {grower: "1000"}


class ReorgingNode(CappedNode):
    """A capped node whose chain reorganizes (`reorg()`) right after it
    answers the first eth_getLogs of a range it refused whole."""

    def __init__(self, url: str, max_blocks: int, reorg: Any) -> None:
        super().__init__(url, max_blocks, max_logs=10**9)
        self.reorg = reorg
        self.armed = False

    def rpc(self, method: str, params: list[Any]) -> Any:
        answer = super().rpc(method, params)
        if method == "eth_getLogs" and self.armed and self.refused:
            self.armed = False
            self.reorg()
        return answer


def test_reorg_between_the_halves_of_a_refused_range__retried_not_half_stored(
    chain: Stack,
    database: Any,  # noqa: F811
) -> None:
    """Attack: a range the node refuses is now fetched in parts, at
    different moments; the chain reorganizes between them (the first
    part from the old chain, the second from the new). Rule: the range is
    retried, and the index equals a fresh one of the new chain."""
    grower = chain.seeded.founders[0]
    harvest = chain.seeded.coop["HarvestToken"]

    def reorg() -> None:
        now = int(chain.w3.eth.get_block("latest")["timestamp"])
        data = harvest.encode_abi("log_harvest", args=["kept chard", 900, now - 60, now + 86_400, "plot"])
        tx = {"from": grower, "to": harvest.address, "data": data, "gas": "0x100000"}
        answer = chain.w3.provider.make_request("anvil_reorg", [3, [[tx, 0]]])  # type: ignore[arg-type]
        assert "error" not in answer, answer

    engine = database("reorg_halves")
    node = ReorgingNode(chain.node.url, max_blocks=10**6, reorg=reorg)
    f = capped_follower(chain, engine, node)
    f.sync()
    for crop in ("lost leeks", "lost kale", "lost peas", "lost beets"):
        log_harvest(chain.seeded.coop, grower, crop, 100, 5, "plot")
    node.max_blocks, node.refused, node.armed = 2, 0, True
    for _ in range(10):
        try:
            f.sync(timeout=60)
            break
        except ReorgDuringFetch:
            continue
    assert not node.armed, "the chain never reorganized during a fetch"
    with engine.connect() as conn:
        crops = set(conn.execute(select(models.batches.c.crop)).scalars())
    assert "kept chard" in crops and "lost beets" not in crops
    assert_equals_fresh_index(chain, engine, database, "reorg_halves_fresh")


# -- reads that reach the node --------------------------------------------------------------------


class CountingProxy:
    """A JSON-RPC proxy in front of the node that counts the requests the
    service sends it (a batch counts as one), on a free 127.0.0.1 port;
    `delay(request)` is how long to wait before passing a request on."""

    def __init__(self, upstream: str, delay: Any = None) -> None:
        self.requests = 0
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                proxy.requests += 1
                if delay is not None:
                    time.sleep(delay(json.loads(body)))
                answer = requests.post(upstream, data=body, headers={"content-type": "application/json"})
                self.send_response(answer.status_code)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(answer.content)))
                self.end_headers()
                self.wfile.write(answer.content)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_reads_hammered__the_node_is_asked_at_a_bounded_rate(chain: Stack, tmp_path: Path) -> None:
    """Attack: reads are not rate limited (only writes are), but two reach
    the node on every request: /api/health (the head) and a ballot to sign
    (the voter's nonce, the chain id). A visitor looping on them turns
    each request into node requests, and a hosted node's quota or rate
    limit then refuses the follower too: the index stops. Rule: however
    fast a client reads, the node sees a bounded rate from the API: the
    head at most about once a second, a ballot only within the write
    rate limit (429 beyond)."""
    proxy = CountingProxy(chain.node.url)
    service = start_service(
        proxy.url,
        chain.seeded.deployment_file,
        port=free_port(),
        database_url=f"sqlite:///{tmp_path / 'index.db'}",
        config=service_config(rate_limit=20, rate_window=60.0, poll_seconds=1.0),
    )
    try:
        service.wait_indexed()
        session = requests.Session()
        before, started = proxy.requests, time.monotonic()
        for _ in range(300):
            assert session.get(f"{service.url}/api/health", timeout=10).json()["head"] is not None
        elapsed = time.monotonic() - started
        # the follower polls once a second (a few requests each); health at most about once a second
        allowed = 8 * (elapsed + 2)
        assert proxy.requests - before <= allowed, (proxy.requests - before, elapsed)
        pid, voter = chain.seeded.live_proposal, chain.seeded.founders[0]
        path = f"{service.url}/api/coops/{COOP}/proposals/{pid}/ballot"
        answers = [session.get(path, params={"voter": voter, "support": 1}, timeout=10) for _ in range(40)]
        assert [a.status_code for a in answers].count(200) <= 20
        assert answers[-1].status_code == 429 and answers[-1].json()["error"] == "rate_limited"
    finally:
        service.stop()
        proxy.close()


def test_every_read__the_same_answer_from_postgresql(
    chain: Stack, service: ServiceHandle, postgres: Any
) -> None:
    """Attack: a member reads the same co-op from a service on SQLite and
    one on PostgreSQL. An account's standing joined a batch id (an integer
    column) with a token id (a uint256 kept as text): SQLite compares them,
    PostgreSQL refused: a 500 for every account holding produce ("My
    account" blank, and the page took its member for a non-member); and
    the holdings were in the text's order (10 before 9). Rule: each read
    route answers 200 and the same on both, holdings in numeric order."""
    seeded = chain.seeded
    founder, pid = seeded.founders[2], seeded.live_proposal
    batch = seeded.batches["tomatoes"]
    harvest = seeded.coop["HarvestToken"].address
    paths = [
        "/api/coops",
        f"/api/coops/{COOP}",
        f"/api/coops/{seeded.coop['Membership'].address}",
        f"/api/coops/{COOP}/members?include_former=true",
        f"/api/coops/{COOP}/members/{founder}",
        *(f"/api/coops/{COOP}/accounts/{account}" for account in seeded.founders),
        f"/api/coops/{COOP}/applications",
        f"/api/coops/{COOP}/batches",
        f"/api/coops/{COOP}/batches?grower={founder}",
        f"/api/coops/{COOP}/batches/{batch}",
        "/api/offers?status=all",
        f"/api/offers?status=all&token={harvest}&id={batch}",
        f"/api/offers?status=all&maker={founder}&coop={COOP}",
        f"/api/coops/{COOP}/escrows",
        f"/api/escrows/{seeded.escrow_id}",
        f"/api/coops/{COOP}/proposals",
        f"/api/coops/{COOP}/proposals/{pid}",
        f"/api/coops/{COOP}/equity",
        "/api/equity",
    ]
    # the founder holds batches of one and of two digits: listed in numeric order
    while log_harvest(seeded.coop, founder, "two digits", 10, 5, "plot") < 10:
        pass
    with running_service(chain, fresh_database(postgres, "every_read")) as other:
        caught_up(other, chain.w3)
        caught_up(service, chain.w3)
        for path in paths:
            ours, theirs = (
                requests.get(service.url + path, timeout=10),
                requests.get(other.url + path, timeout=10),
            )
            assert ours.status_code == 200, (path, ours.text[:300])
            assert theirs.status_code == 200, (path, theirs.text[:300])
            assert theirs.json() == ours.json(), path
        ids = [h["batch_id"] for h in get(service, f"/api/coops/{COOP}/accounts/{founder}").json()["harvest"]]
        assert ids == sorted(ids) and ids[0] < 10 <= ids[-1], ids


# -- thousands of co-ops (anyone can make one) --------------------------------------------------

ZERO = "0x" + "00" * 20
SPAM = 3000  # co-ops of 4 members each, as rows of the index


def _member_row(coop: str, account: str, member_id: int) -> dict[str, Any]:
    """An active member's row, joined in block 1, voting for itself."""
    return {
        "coop": coop,
        "account": account,
        "member_id": member_id,
        "route": 0,
        "active": True,
        "expelled": False,
        "joined_block": 1,
        "joined_time": 1,
        "joined_tx": "0x" + "00" * 32,
        "delegate": None,
        "votes": 1,
    }


def _address(n: int) -> str:
    return "0x" + (0x5A << 152 | n).to_bytes(20, "big").hex()


def crowd(engine: Engine, coops: int = SPAM) -> None:
    """`coops` made-up co-ops of 4 active members each, straight into the
    index (making them on anvil would take hours): what the follower
    writes for co-ops made through the public factory."""
    with engine.begin() as conn:
        conn.execute(
            insert(models.coops),
            [
                {
                    **{field: _address(8 * i + k) for k, field in enumerate(RECORD_FIELDS.values())},
                    "name": f"spam {i}",
                    "creator": _address(10**7),
                    "creation_block": 1,
                    "registered_block": 1,
                    "registered_tx": "0x" + "00" * 32,
                    "position": i,
                    "fee_bps": 0,
                    "paused": False,
                    "max_proxies": 1,
                }
                for i in range(coops)
            ],
        )
        conn.execute(
            insert(models.members),
            [
                _member_row(f"spam {i}", _address(10**6 + 4 * i + k), k + 1)
                for i in range(coops)
                for k in range(4)
            ],
        )


@pytest.fixture(scope="module")
def crowded(chain: Stack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServiceHandle]:
    """The service over an index that holds the seeded co-op and SPAM others."""
    db = tmp_path_factory.mktemp("crowded") / "index.db"
    engine = make_engine(f"sqlite:///{db}")
    migrate(engine)
    crowd(engine)
    engine.dispose()
    with running_service(chain, f"sqlite:///{db}") as handle:
        yield handle


def test_city_equity_of_thousands_of_coops__paged_and_a_cost_that_does_not_grow(tmp_path: Path) -> None:
    """Attack: /api/equity (the pool page asks for it on every visit and
    every live update) listed every co-op, with one query per co-op and a
    loop over every member per co-op: 3000 co-ops took seconds and 800 kB,
    5000 twelve seconds, quadratic. Rule: lists are paged; a page costs the
    same few queries however many co-ops there are; the city's figure
    still counts every member of every co-op."""
    engine = make_engine(f"sqlite:///{tmp_path / 'crowd.db'}")
    migrate(engine)
    crowd(engine)
    statements = []
    event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    with engine.connect() as conn:
        city = reads.city_equity(conn, offset=100, limit=50)
    assert len(statements) <= 10, f"{len(statements)} queries for one page"
    assert [c["coop"] for c in city["coops"]] == [f"spam {i}" for i in range(100, 150)]
    assert city["total"] == SPAM and (city["offset"], city["limit"]) == (100, 50)
    assert city["produce"]["people"] == 4 * SPAM
    # the curve of 12 000 people: its points at each percent of them
    assert len(city["produce"]["lorenz"]) == 101
    assert city["produce"]["lorenz"][0] == [0.0, 0.0] and city["produce"]["lorenz"][-1] == [1.0, 1.0]
    assert all(c["produce"]["people"] == 4 and c["epochs"] == [] for c in city["coops"])
    engine.dispose()


def test_a_page_of_200_coops__a_few_queries_not_four_per_coop(tmp_path: Path) -> None:
    """Attack: every open home page asks for the co-op list again on every
    indexed block, and a page of 200 co-ops (the spammer's, say) cost four
    count queries per co-op: 800 queries, a third of a second on SQLite,
    per page per visitor per block. Rule: a page of co-ops costs the same
    few queries however long it is, with the same counts."""
    engine = make_engine(f"sqlite:///{tmp_path / 'crowd.db'}")
    migrate(engine)
    crowd(engine, 400)
    statements = []
    event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    with engine.connect() as conn:
        rows, total = reads.page(conn, select(models.coops).order_by(models.coops.c.position), 100, 200)
        statements.clear()
        listed = reads.coops_json(conn, rows)
        assert len(statements) <= 6, f"{len(statements)} queries for a page of co-ops"
        assert listed == [reads.coop_json(conn, row) for row in rows]
    assert total == 400 and [c["name"] for c in listed] == [f"spam {i}" for i in range(100, 300)]
    assert all(c["members"] == 4 and c["batches"] == 0 for c in listed)
    engine.dispose()


def test_epoch_equity_of_hundreds_of_people_and_batches__paged(tmp_path: Path) -> None:
    """Attack: one epoch's figures listed everyone who shared it and every
    batch given to the pool, whole: a member who logs and gives hundreds
    of tiny batches lengthens the answer (and the page) without end.
    Rule: both lists are paged (offset, limit, with their totals), the
    figures still count everyone."""
    engine = make_engine(f"sqlite:///{tmp_path / 'pool.db'}")
    migrate(engine)
    crowd(engine, 1)
    coop, people, batches = "spam 0", 300, 250
    accounts = [_address(2 * 10**6 + i) for i in range(people)]
    with engine.begin() as conn:
        conn.execute(models.members.delete())
        conn.execute(
            insert(models.members),
            [_member_row(coop, account, i + 1) for i, account in enumerate(accounts)],
        )
        conn.execute(
            insert(models.pool_epochs),
            [{"coop": coop, "epoch": 1, "start": 10, "members": people, "block_number": 2}],
        )
        flows = [("donated", accounts[0], batch, 1_000) for batch in range(1, batches + 1)]
        flows += [("claimed", account, 1, 3) for account in accounts]
        conn.execute(
            insert(models.pool_flows),
            [
                {
                    "tx_hash": "0x" + f"{i:064x}",
                    "log_index": 0,
                    "coop": coop,
                    "kind": kind,
                    "account": account,
                    "batch_id": batch,
                    "amount": amount,
                    "epoch": 1,
                    "block_number": 3 + i,
                    "block_time": 20 + i,
                }
                for i, (kind, account, batch, amount) in enumerate(flows)
            ],
        )
    with engine.connect() as conn:
        first = reads.pool_equity(conn, coop, 1)
        assert len(first["people"]) <= 200 and len(first["batches"]) <= 200
        assert first["people_total"] == people and first["batches_total"] == batches
        assert first["produce"]["people"] == people and first["produce"]["total"] == 3 * people
        rest = reads.pool_equity(conn, coop, 1, offset=200, limit=200)
        assert len(rest["people"]) == people - 200 and len(rest["batches"]) == batches - 200
        every = first["people"] + rest["people"]
        assert sorted(p["account"] for p in every) == sorted(accounts)
        assert [b["batch_id"] for b in first["batches"] + rest["batches"]] == list(range(1, batches + 1))
    engine.dispose()


def test_account_holding_hundreds_of_batches__its_produce_paged(tmp_path: Path) -> None:
    """Attack: any member can send another a gram of each of hundreds of
    batches, and the other's standing listed every batch held, whole: the
    page asks for it on every live update ("My account", and whether the
    visitor is a member). Rule: the produce held is paged (offset, limit,
    harvest_total), in batch order."""
    engine = make_engine(f"sqlite:///{tmp_path / 'holder.db'}")
    migrate(engine)
    crowd(engine, 1)
    holder, held = _address(10**6), 300
    with engine.begin() as conn:
        row = conn.execute(select(models.coops)).mappings().one()
        conn.execute(
            insert(models.balances),
            [
                {"coop": "spam 0", "token": row["harvest"], "token_id": i, "holder": holder, "amount": 1}
                for i in range(1, held + 1)
            ],
        )
    with engine.connect() as conn:
        coop = dict(row)
        first = reads.account_json(conn, coop, holder)
        assert len(first["harvest"]) <= 200 and first["harvest_total"] == held
        rest = reads.account_json(conn, coop, holder, offset=200, limit=200)
        ids = [h["batch_id"] for h in first["harvest"] + rest["harvest"]]
        assert ids == list(range(1, held + 1))
    engine.dispose()


def test_thousands_of_coops__every_list_the_service_answers_is_paged(crowded: ServiceHandle) -> None:
    """Attack: as above, through the API: the co-op list, the city's pool
    figures and the page's configuration (asked for again by every open
    page on every indexed block) each listed every co-op. Rule: at most a
    page of co-ops in any answer, with their total."""
    config = get(crowded, "/api/config").json()
    assert len(config["coops"]) <= 200 and config["coops_total"] == SPAM + 1
    coops = get(crowded, "/api/coops", limit=200).json()
    assert len(coops["items"]) == 200 and coops["total"] == SPAM + 1
    answer = get(crowded, "/api/equity")
    assert len(answer.content) < 100_000, f"{len(answer.content)} bytes"
    city = answer.json()
    assert len(city["coops"]) <= 200 and city["total"] == SPAM + 1
    assert city["produce"]["people"] == 4 * SPAM + 5  # and the seeded co-op's five
    # the co-op registered after the made-up ones: on the last page
    (last,) = get(crowded, "/api/equity", offset=SPAM, limit=5).json()["coops"]
    assert last["coop"] == "Harvest Coop" and last["produce"]["total"] > 0


# -- co-op names any text (the factory takes any name) -----------------------------------------

ODD_NAMES = ["Roof/top", "a%2Fb", "a/b", "50% off", "Ünïcode 🍅 ?#&", "Harvest Coop/members"]


@pytest.fixture(scope="module")
def odd_coops(chain: Stack, service: ServiceHandle) -> list[str]:
    """Co-ops made through the public factory with names that hold a
    slash, a percent sign, an escape's text, unicode, `?` and `#`."""
    for i, name in enumerate(ODD_NAMES):
        founder = Web3.to_checksum_address(_address(5000 + i))
        create_coop(chain.seeded.stack, chain.seeded.account(6), params(name, [founder]))
    caught_up(service, chain.w3)
    return ODD_NAMES


def test_coop_named_with_a_slash__read_by_its_name_like_any_other(
    chain: Stack, service: ServiceHandle, odd_coops: list[str]
) -> None:
    """Attack: the factory takes any name, and the page asks for a co-op by
    `/api/coops/{encodeURIComponent(name)}`. The router matched the path
    after decoding `%2F`, so "Roof/top" was 404 (or, named "X/members",
    answered with co-op X's members); no visitor could read it. Rule:
    every co-op answers by its name, escaped as a path segment, and no name
    is taken for another."""
    for name in odd_coops:
        segment = quote(name, safe="")
        answer = get(service, f"/api/coops/{segment}")
        assert answer.status_code == 200, (name, answer.text)
        assert answer.json()["name"] == name
        members = get(service, f"/api/coops/{segment}/members")
        assert members.status_code == 200 and members.json()["total"] == 1, (name, members.text)
        proposals = get(service, f"/api/coops/{segment}/pool/epochs")
        assert proposals.status_code == 200, (name, proposals.text)
    assert get(service, "/api/coops/Roof").status_code == 404


def test_raw_path_bytes_and_escapes__json_refusals_not_500(service: ServiceHandle) -> None:
    """Attack: paths the router now reads segment by segment from the raw
    path: escapes of invalid UTF-8 or a surrogate, a lone `%`, an escaped
    NUL (bytes that are not ASCII uvicorn refuses before the service).
    Rule: a JSON 4xx refusal each, never a 500."""
    host, port = service.url.removeprefix("http://").split(":")
    for path in (
        b"/api/coops/%FF%FE/members",
        b"/api/coops/100%/members",
        b"/api/coops/%2F%00/members",
        b"/api/coops/%ED%A0%80",
        b"/api/coops/Harvest%20Coop/batches/%2F1",
    ):
        with socket.create_connection((host, int(port)), timeout=10) as conn:
            conn.sendall(b"GET " + path + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            answer = b""
            while chunk := conn.recv(65536):
                answer += chunk
        head, _, body = answer.partition(b"\r\n\r\n")
        status = int(head.split()[1])
        assert 400 <= status < 500, (path, answer[:300])
        assert b'"error"' in body, (path, answer[:300])


# -- the page: every row of a list, not the first 200 --------------------------------------------


def test_page_lists_longer_than_a_page__a_visitor_pages_to_the_oldest_row(
    chain: Stack,
    service: ServiceHandle,
    visits: Any,  # noqa: F811
) -> None:
    """Attack: the page asked each list for its first 200 rows and offered
    no way to the rest: the 201st batch, member, proposal or offer (a few
    members each at their 50 open offers push the others' offers out) was
    not on the page at all. Rule: a visitor without a wallet reaches every
    row: the list says which rows it shows, and pages to the next ones; a
    member who holds more than a page of batches can offer any of them,
    and an offer of a batch older than the newest 200 is named by its crop
    (the page named crops from the newest 200 batches only: "produce")."""
    coop = chain.seeded.coop
    grower = chain.seeded.founders[0]  # anvil #1
    for i in range(201):
        log_harvest(coop, grower, f"row {i}", 10 + i, 30, "plot")
    caught_up(service, chain.w3)
    total = get(service, f"/api/coops/{COOP}/batches", limit=1).json()["total"]
    assert total > 200
    visit = visits()
    page = visit.go(f"c/{COOP}/batches")
    expect(page.locator("main")).to_contain_text(f"1–200 of {total}")
    oldest = page.get_by_role("link", name="Batch 1", exact=True)
    expect(oldest).to_have_count(0)
    page.get_by_role("button", name="Next 200").click()
    expect(page.locator("main")).to_contain_text(f"201–{total} of {total}")
    expect(oldest).to_have_count(1)
    assert visit.axe() == []
    page.get_by_role("button", name="Previous 200").click()
    expect(page.locator("main")).to_contain_text(f"1–200 of {total}")
    no_console_errors(visit)
    # the grower, who holds more than 200 batches, can offer any of them, the newest too
    held = get(service, f"/api/coops/{COOP}/accounts/{grower}", limit=1).json()["harvest_total"]
    assert held > 200
    member = visits(1)
    member.go(f"c/{COOP}/offers")
    member.connect()
    choice = member.page.get_by_label("Produce to give").locator("option")
    expect(choice).to_have_count(held)
    no_console_errors(member)
    # an offer of a batch logged before the 201 others: the API and the page name its crop
    potatoes = chain.seeded.batches["potatoes"]
    posted = post(service, "/api/offers", make_offer(chain, 4, give_id=potatoes, nonce=201, give_amount=7))
    assert posted.status_code == 201, posted.text
    assert posted.json()["give"]["crop"] == "potatoes" and posted.json()["want"]["crop"] == ""
    answer = get(service, "/api/offers", coop=posted.json()["coop"], maker=posted.json()["maker"])
    assert answer.status_code == 200, answer.text
    listed = answer.json()["items"]
    assert [o["give"]["crop"] for o in listed if o["offer_hash"] == posted.json()["offer_hash"]] == [
        "potatoes"
    ]
    offers = visits().go(f"c/{COOP}/offers")
    expect(offers.locator("main")).to_contain_text(f"7 g of potatoes from batch {potatoes}")


def test_page_anyones_standing__a_visitor_without_wallet_reads_it(
    chain: Stack,
    service: ServiceHandle,
    visits: Any,  # noqa: F811
) -> None:
    """Attack (on the rule that a visitor without a wallet reads everything
    public): a member's credit, produce held and vote are public (on chain,
    and at /api/coops/{coop}/accounts/{account}), but the page showed them
    only to the wallet that holds them ("My account"): nobody could check
    another member's standing. Rule: each member in the members list links
    to a page of their standing, which any visitor reads."""
    caught_up(service, chain.w3)
    founder = chain.seeded.founders[2]
    standing = get(service, f"/api/coops/{COOP}/accounts/{founder}").json()
    assert standing["harvest"], "the founder holds no produce: the check would be empty"
    visit = visits()
    page = visit.go(f"c/{COOP}/members")
    page.get_by_role("link", name=f"{founder[:6]}…{founder[-4:]}").first.click()
    expect(page.locator("main h1")).to_contain_text(founder)
    main = page.locator("main")
    expect(main).to_contain_text(f"member number {standing['member']['member_id']}")
    expect(main).to_contain_text(f"Credit: {int(standing['credit']) // 10**18:,}")
    first = standing["harvest"][0]
    expect(main).to_contain_text(first["crop"])
    expect(page.get_by_role("link", name=f"Batch {first['batch_id']}", exact=True)).to_have_count(1)
    assert visit.axe() == []
    no_console_errors(visit)


def test_page_coop_named_with_a_slash__its_pages_read(
    visits: Any,  # noqa: F811
    odd_coops: list[str],
) -> None:
    """The same attack in the browser: the page links a co-op by its name
    escaped as one segment; "Roof/top" and "Harvest Coop/members" open their
    own pages, not another co-op's (or none)."""
    visit = visits()
    for name in ("Roof/top", "Harvest Coop/members"):
        page = visit.go(f"c/{quote(name, safe='')}/members")
        expect(page.locator("main h1")).to_have_text(f"Members of {name}")
        expect(page.locator("main")).to_contain_text("1 members")
    no_console_errors(visit)
