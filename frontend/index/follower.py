"""The chain follower: the registry and every contract of every registered
co-op, into the index, block range by block range.

Guarantees (tests/web/test_indexer.py checks each):

- **Exactly once.** Every log of a followed contract in a canonical block up
  to the checkpoint is in `events` once (unique (tx_hash, log_index)); a
  batch of logs, its blocks, the derived rows it changes and the new
  checkpoint are written in one database transaction, so a crash or a kill
  at any point leaves the previous checkpoint and nothing after it.
- **Canonical only.** Before each range the follower compares the parent
  hash of the next block with the stored hash of the checkpoint (or, with
  no new block, the checkpoint's own hash). On a mismatch it walks back
  over the stored block hashes to the newest block the node still has,
  deletes every event and block above it and rebuilds the derived tables
  from the remaining events, all in one transaction. A range is accepted
  only if the hash of its last block is the same before and after its logs
  were fetched and every log's block hash is the node's, so a reorg in the
  middle of a fetch is retried, not half-stored.
- **Never a crash loop.** A node that is down, restarting or slow, or any
  failed step, is logged and retried after an exponential backoff (0.25 s
  doubling to 15 s); the service keeps answering from the index meanwhile.
- **Confirmations.** Only blocks `HARVEST_CONFIRMATIONS` behind the head are
  indexed (0 on a local chain).
- **Nodes that cap eth_getLogs.** A range the node refuses (too many blocks,
  too many results: a JSON-RPC error) or does not answer within the RPC
  timeout is asked for in halves, down to one block; the next ranges are as long as the longest the node last answered,
  doubled again after `GROW_AFTER` ranges in a row that it answered.

Which blocks' hashes are known: every block that holds an indexed event (by
the block hash stored with each of its events) and every checkpoint (a row
in `blocks`: the last block of each range; when following the head that is
every block). A block in between holds no indexed event, so the newest known
block that is still canonical is a correct point to resume from; fetching
every header during a long catch-up would cost one request per block for
nothing, and a `blocks` row per block with events would repeat what the
events already say.
"""

from __future__ import annotations

import gc
import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from eth_utils.crypto import keccak
from sqlalchemy import Connection, select

from frontend.chain import BlockHeader, Chain, ChainTimeout, ChainUnavailable, RpcError, backoff
from frontend.index import models
from frontend.index.decode import LogDecoder, checksum, decode_log, decoders_of, record_of, spec_for
from frontend.index.handlers import RULES, Context, apply
from frontend.index.state import State
from frontend.index.store import Store, bulk_insert
from harvest_coop.core.constants import ProposalState
from harvest_coop.core.deployment import Deployment
from harvest_coop.core.stack_code import RECORD_FIELDS

__all__ = ["Follower", "Progress", "ReorgDuringFetch"]

log = logging.getLogger("harvest.index")

REGISTRY = ""  # the `coop` of the registry's own events

# Proposal states that can still change without an event.
STATE_SELECTOR = "0x" + keccak(text="state(uint256)")[:4].hex()  # CoopGovernor.state(proposalId)
LIVE_STATES = {ProposalState.PENDING, ProposalState.ACTIVE, ProposalState.SUCCEEDED, ProposalState.QUEUED}

# Ranges answered in a row before asking a node that refused a range for longer ones again.
GROW_AFTER = 16

# A hook run in the follower's transaction after each batch: (connection,
# state, header of the checkpoint block, whether everything was rebuilt).
Refresher = Callable[[Connection, State, BlockHeader, bool], None]


@contextmanager
def _gc_paused() -> Iterator[None]:
    """No cyclic garbage collection during one step (one range).

    A range allocates tens of thousands of small containers (the parsed
    logs, rows, records), which sets off collections that each walk the
    whole heap of a process that imported web3.py and SQLAlchemy: about a
    fifth of a catch-up's time. Reference counting still frees everything
    as usual; cycles wait until the step ends (its memory is bounded by the
    range)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class ReorgDuringFetch(RuntimeError):
    """The chain changed while a range was fetched; the range is retried."""


@dataclass
class Progress:
    """What /api/health reports."""

    indexed_block: int | None = None
    head: int | None = None
    last_error: str | None = None
    last_error_at: float | None = None
    events_total: int = 0
    reorgs: int = 0
    catching_up: bool = True


class Follower:
    """Follows one deployment's registry and co-ops into the index."""

    def __init__(
        self,
        chain: Chain,
        store: Store,
        deployment: Deployment,
        confirmations: int = 0,
        range_blocks: int = 2000,
        refreshers: list[Refresher] | None = None,
        on_update: Callable[[dict[str, Any]], None] | None = None,
    ) -> None:
        if deployment.registry is None:
            raise ValueError(
                "the deployment file names no CoopRegistry: deploy with the factory (`ape run deploy`)"
            )
        self.chain = chain
        self.store = store
        self.deployment = deployment
        self.registry = chain.w3.to_checksum_address(deployment.registry)
        self.start_block = int(deployment.stack_block or 0)
        self.confirmations = confirmations
        self.range_blocks = range_blocks
        self.span = range_blocks  # blocks per range now: less after the node refused a range
        self._answered = 0  # ranges answered in a row at `span`
        self.refreshers = refreshers or []
        self.on_update = on_update
        self.state = State()
        self.progress = Progress()
        self._coops: dict[str, dict[str, str]] | None = None
        self._prepared = False
        self._lock = threading.Lock()

    # -- setup -------------------------------------------------------------------------

    def prepare(self) -> None:
        """Check which chain the database holds; forget it if it is another one."""
        genesis = self.chain.header(0)
        chain_id = self.chain.chain_id()
        identity = f"{chain_id}:{genesis.hash if genesis else '?'}:{self.registry}"
        with self.store.engine.begin() as conn:
            known = self.store.get_meta(conn, "chain")
            if known is not None and known != identity:
                log.warning("index: the database holds another chain or registry; starting afresh")
                self.store.wipe(conn)
            self.store.set_meta(conn, "chain", identity)
            checkpoint = self.store.checkpoint(conn)
            rules = self.store.get_meta(conn, "rules")
            if checkpoint is None:
                self.store.set_meta(conn, "rules", RULES)
        self.state.reset()
        self._coops = None
        if checkpoint is not None and rules != RULES:
            log.warning(
                "index: its derived tables were built by other rules (%s, now %s): rebuilding them from its events",
                rules,
                RULES,
            )

            def new_rules(conn: Connection) -> None:
                # in the rebuild's transaction: a failed rebuild leaves the
                # old tables and rules, and the next start tries again
                self.store.clear_derived(conn)
                self.store.set_meta(conn, "rules", RULES)

            self._rebuild(self._stored_header(*checkpoint), first=new_rules)
        self._prepared = True

    def _stored_header(self, number: int, block_hash: str) -> BlockHeader:
        """The checkpoint's header as stored (its row in `blocks`)."""
        with self.store.engine.connect() as conn:
            row = (
                conn.execute(select(models.blocks).where(models.blocks.c.number == number)).mappings().first()
            )
        if row is None or row["hash"] != block_hash:
            return BlockHeader(number, block_hash, "", 0)
        return BlockHeader(number, row["hash"], row["parent_hash"], int(row["timestamp"]))

    def coops(self, conn: Connection) -> dict[str, dict[str, str]]:
        """Co-ops known to the index: name -> contract name -> address."""
        if self._coops is None:
            self._coops = {}
            for row in conn.execute(select(models.coops)).mappings():
                self._coops[row["name"]] = {c: row[RECORD_FIELDS[c]] for c in RECORD_FIELDS}
        return self._coops

    def _address_map(self, coops: dict[str, dict[str, str]]) -> dict[str, tuple[str, str]]:
        out = {self.registry.lower(): (REGISTRY, "CoopRegistry")}
        for name, contracts in coops.items():
            for contract, address in contracts.items():
                out[address.lower()] = (name, contract)
        return out

    # -- one step ------------------------------------------------------------------------

    def step(self) -> int:
        """Index the next range, or roll back a reorg. Returns the number of
        blocks the checkpoint moved (0 when caught up)."""
        with self._lock:
            if not self._prepared:
                self.prepare()
            try:
                with _gc_paused():
                    return self._step()
            except BaseException:
                self.state.reset()
                self._coops = None
                raise

    def _step(self) -> int:
        head = self.chain.head()
        self.progress.head = head
        target = head - self.confirmations
        with self.store.engine.connect() as conn:
            checkpoint = self.store.checkpoint(conn)
            coops = dict(self.coops(conn))
        last_done = checkpoint[0] if checkpoint else self.start_block - 1
        self.progress.indexed_block = last_done if checkpoint else None
        if checkpoint is not None and self._reorged(checkpoint, head, target):
            return self._rollback(checkpoint)
        if target <= last_done:
            self.progress.catching_up = False
            return 0
        first = last_done + 1
        last = min(target, first + self.span - 1)
        self.progress.catching_up = last < target
        moved = self._index_range(first, last, coops)
        self._answered += 1
        if self._answered >= GROW_AFTER and self.span < self.range_blocks:
            self.span, self._answered = min(self.span * 2, self.range_blocks), 0
        return moved

    def _reorged(self, checkpoint: tuple[int, str], head: int, target: int) -> bool:
        number, block_hash = checkpoint
        if head < number:
            return True
        if target > number:
            nxt = self.chain.header(number + 1)
            return nxt is not None and nxt.parent_hash != block_hash
        same = self.chain.header(number)
        return same is None or same.hash != block_hash

    def _index_range(self, first: int, last: int, coops: dict[str, dict[str, str]]) -> int:
        end = self.chain.header(last)
        if end is None:
            return 0
        addresses = self._address_map(coops)
        logs = self._logs(sorted(addresses), first, last)
        added: dict[str, dict[str, str]] = {}
        for raw in logs:
            if raw["address"].lower() != self.registry.lower():
                continue
            spec = spec_for("CoopRegistry", raw["topics"][0])
            if spec is None or spec.name != "CoopCreated":
                continue
            args = decode_log(spec, raw["topics"], raw["data"])
            if args["name"] in coops or args["name"] in added:
                continue
            contracts = {c: str(args[f]) for c, f in RECORD_FIELDS.items()}
            added[args["name"]] = contracts
            for contract, address in contracts.items():
                addresses[address.lower()] = (args["name"], contract)
            start = min(int(args["creation_block"]), int(raw["blockNumber"], 16))
            logs = logs + self._logs(sorted(a for a in contracts.values()), start, last)
        logs.sort(key=lambda r: (int(r["blockNumber"], 16), int(r["logIndex"], 16)))
        headers: dict[int, BlockHeader | None] = {last: end}
        if all("blockTimestamp" in r for r in logs):
            # The node dates its logs: the block of each is known from the log
            # itself (its parent hash is not needed to find a common ancestor).
            for raw in logs:
                number = int(raw["blockNumber"], 16)
                known = headers.get(number)
                if known is None:
                    headers[number] = BlockHeader(
                        number, raw["blockHash"], "", int(raw["blockTimestamp"], 16)
                    )
                elif known.hash != raw["blockHash"]:
                    raise ReorgDuringFetch(f"block {number} changed during the fetch")
        else:
            numbers = sorted({int(r["blockNumber"], 16) for r in logs} - {last})
            headers.update(self.chain.headers(numbers))
            for raw in logs:
                header = headers.get(int(raw["blockNumber"], 16))
                if header is None or header.hash != raw["blockHash"]:
                    raise ReorgDuringFetch(f"block {int(raw['blockNumber'], 16)} changed during the fetch")
        again = self.chain.header(last)
        if again is None or again.hash != end.hash:
            raise ReorgDuringFetch(f"block {last} changed during the fetch")
        rows = self._apply(logs, headers, addresses, end, rebuilt=False)
        if added:
            self._coops = None
            for name in added:
                log.info("index: following co-op %r", name)
        self.progress.indexed_block = last
        self.progress.events_total += rows
        if self.on_update is not None:
            self.on_update({"type": "index", "block": last, "events": rows, "coops": sorted(added)})
        return last - first + 1

    def _logs(self, addresses: list[str], first: int, last: int) -> list[dict[str, Any]]:
        """The logs of `addresses` in blocks first..last; a range the node
        refuses (a JSON-RPC error: too many blocks or results) or does not
        answer in time, in halves."""
        try:
            return self.chain.logs(addresses, first, last)
        except (RpcError, ChainTimeout) as err:
            if first >= last:
                raise
            middle = (first + last) // 2
            if middle - first + 1 < self.span:
                self.span, self._answered = middle - first + 1, 0
                log.info(
                    "index: the node refused %s blocks of logs (%s); asking for %s",
                    last - first + 1,
                    err,
                    self.span,
                )
            return self._logs(addresses, first, middle) + self._logs(addresses, middle + 1, last)

    def _apply(
        self,
        logs: list[dict[str, Any]],
        headers: dict[int, BlockHeader | None],
        addresses: dict[str, tuple[str, str]],
        end: BlockHeader,
        rebuilt: bool,
    ) -> int:
        rows = []
        state = self.state
        # per address: (co-op, contract, checksummed address, its decoders by topic0)
        followed: dict[str, tuple[str, str, str, dict[str, LogDecoder]]] = {}
        with self.store.engine.begin() as conn:
            state.bind(conn)
            for raw in logs:
                address = raw["address"]
                where = followed.get(address)
                if where is None:
                    coop, contract = addresses[address.lower()]
                    where = followed[address] = (coop, contract, checksum(address), decoders_of(contract))
                coop, contract, checksummed, decoders = where
                topics = raw["topics"]
                decoder = decoders.get(topics[0].lower()) if topics else None
                if decoder is None:
                    continue  # an event the shipped ABI does not know: nothing to decode
                number = int(raw["blockNumber"], 16)
                header = headers[number]
                assert header is not None
                record, args_text = decoder.decode(topics, raw["data"])
                ctx = Context(
                    coop,
                    contract,
                    checksummed,
                    number,
                    header.timestamp,
                    raw["transactionHash"],
                    int(raw["logIndex"], 16),
                )
                apply(state, ctx, record)
                rows.append(
                    {
                        "block_number": number,
                        "block_hash": header.hash,
                        "block_time": header.timestamp,
                        "tx_hash": ctx.tx_hash,
                        "log_index": ctx.log_index,
                        "address": checksummed,
                        "coop": coop,
                        "contract": contract,
                        "name": decoder.name,
                        "args": args_text,
                    }
                )
            bulk_insert(conn, models.events, rows, as_text=("args",))
            # The checkpoint's own row: the blocks that hold events are known
            # by the events' block hashes (see `Store.stored_blocks_below`).
            self.store.save_blocks(
                conn,
                [
                    {
                        "number": end.number,
                        "hash": end.hash,
                        "parent_hash": end.parent_hash,
                        "timestamp": end.timestamp,
                    }
                ],
            )
            self._finish(conn, end, rebuilt)
        return len(rows)

    def _finish(self, conn: Connection, end: BlockHeader, rebuilt: bool) -> None:
        """Proposal states at the checkpoint, the refreshers, the checkpoint.

        Proposal states are read with eth_call at the checkpoint block, and
        only when the range reaches the head: a node that keeps no old state
        (most do not, and anvil after `anvil_loadState`) cannot answer for
        old blocks. During a long catch-up they wait for the last range."""
        head = self.progress.head if self.progress.head is not None else end.number
        if end.number >= head - self.confirmations:
            self._refresh_proposals(end.number, rebuilt)
        self.state.flush()
        for refresher in self.refreshers:
            refresher(conn, self.state, end, rebuilt)
        self.state.flush()
        self.store.set_checkpoint(conn, end.number, end.hash)

    def _refresh_proposals(self, block: int, everything: bool) -> None:
        """Each live (or, after a rebuild, every) proposal's `state` at
        `block`, as raw eth_calls batched into few requests (web3.py's
        contract call costs milliseconds of encoding per proposal)."""
        proposals = self.state.table("proposals")
        coops = self.state.table("coops")
        todo: list[tuple[dict[str, Any], str]] = []
        for row in list(proposals.values()):
            if not everything and row["state"] is not None and row["state"] not in LIVE_STATES:
                continue
            coop = coops.get(row["coop"])
            if coop is not None:
                todo.append((row, coop["governor"]))
        for start in range(0, len(todo), 100):
            chunk = todo[start : start + 100]
            calls: list[tuple[str, list[Any]]] = [
                (
                    "eth_call",
                    [
                        {
                            "to": governor,
                            "data": STATE_SELECTOR + int(row["proposal_id"]).to_bytes(32, "big").hex(),
                        },
                        hex(block),
                    ],
                )
                for row, governor in chunk
            ]
            for (row, _), answer in zip(chunk, self.chain.batch(calls), strict=True):
                value = int(answer, 16)
                if value != row["state"]:
                    row["state"] = value
                    proposals.touch(row)

    # -- reorgs ----------------------------------------------------------------------------

    def _ancestor(self, below: int) -> BlockHeader | None:
        """The newest stored block at or below `below` that the node still has."""
        with self.store.engine.connect() as conn:
            stored = self.store.stored_blocks_below(conn, below, 1_000_000)
        for start in range(0, len(stored), 100):
            chunk = stored[start : start + 100]
            found = self.chain.headers([n for n, _ in chunk])
            for number, block_hash in chunk:
                header = found.get(number)
                if header is not None and header.hash == block_hash:
                    return header
        return None

    def _rollback(self, checkpoint: tuple[int, str]) -> int:
        ancestor = self._ancestor(checkpoint[0])
        keep = ancestor.number if ancestor is not None else self.start_block - 1
        genesis = self.chain.header(0)
        with self.store.engine.begin() as conn:
            known = self.store.get_meta(conn, "chain") or ""
            if ancestor is None and genesis is not None and genesis.hash not in known:
                log.warning("index: the node holds another chain now; starting afresh")
                self.store.wipe(conn)
                self.store.set_meta(conn, "chain", f"{self.chain.chain_id()}:{genesis.hash}:{self.registry}")
                deleted = 0
            else:
                deleted = self.store.truncate_above(conn, keep)
                self.store.clear_derived(conn)
        self.state.reset()
        self._coops = None
        self.progress.reorgs += 1
        log.warning(
            "index: reorg below block %s: rolled back to block %s, %s events removed; derived tables rebuilt",
            checkpoint[0],
            keep,
            deleted,
        )
        self._rebuild(ancestor)
        if self.on_update is not None:
            self.on_update({"type": "reorg", "block": keep})
        return 1

    def _rebuild(
        self, ancestor: BlockHeader | None, first: Callable[[Connection], None] | None = None
    ) -> None:
        """Replay every stored event into empty derived tables (emptied by
        `first`, run in the same transaction, when given)."""
        with self.store.engine.begin() as conn:
            if first is not None:
                first(conn)
            self.state.reset()
            self.state.bind(conn)
            stored = conn.execute(
                select(models.events).order_by(models.events.c.block_number, models.events.c.log_index)
            ).mappings()
            for row in stored:
                ctx = Context(
                    coop=row["coop"],
                    contract=row["contract"],
                    address=row["address"],
                    block_number=row["block_number"],
                    block_time=row["block_time"],
                    tx_hash=row["tx_hash"],
                    log_index=row["log_index"],
                )
                apply(self.state, ctx, record_of(row["contract"], row["name"], row["args"]))
            if ancestor is None:
                self.state.flush()
                conn.execute(models.meta.delete().where(models.meta.c.key.like("checkpoint_%")))
                for refresher in self.refreshers:
                    refresher(conn, self.state, BlockHeader(self.start_block - 1, "", "", 0), True)
                self.state.flush()
            else:
                self._finish(conn, ancestor, True)
        self.progress.indexed_block = ancestor.number if ancestor else None

    # -- running -------------------------------------------------------------------------

    def sync(self, timeout: float = 300.0) -> int:
        """Step until caught up with the head (tests, the benchmark); the head reached."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.step() == 0:
                assert self.progress.head is not None
                return self.progress.head
        raise TimeoutError("the index did not catch up in time")

    def run(self, stop: threading.Event, poll_seconds: float = 1.0) -> None:
        """Follow until `stop` is set; errors are logged and retried with backoff."""
        delays = backoff()
        failing = False
        started: float | None = None
        done_at_start = 0
        events_at_start = 0
        last_report = 0.0
        while not stop.is_set():
            try:
                moved = self.step()
                if failing:
                    log.info(
                        "index: the node answers again; following from block %s", self.progress.indexed_block
                    )
                failing = False
                delays = backoff()
                self.progress.last_error = None
            except (ChainUnavailable, RpcError, ReorgDuringFetch, Exception) as err:  # noqa: B014
                # shown by /api/health: never the node URL's key
                self.progress.last_error = self.chain.redact(f"{type(err).__name__}: {err}")
                self.progress.last_error_at = time.time()
                delay = next(delays)
                if not failing or isinstance(err, ReorgDuringFetch):
                    log.warning(
                        "index: %s; retrying in %.2fs (backing off up to 15s)",
                        self.progress.last_error,
                        delay,
                    )
                else:
                    log.debug("index: still failing: %s", self.progress.last_error)
                failing = True
                stop.wait(delay)
                continue
            head, done = self.progress.head, self.progress.indexed_block
            if moved and self.progress.catching_up and head is not None and done is not None:
                now = time.monotonic()
                if started is None:
                    started, done_at_start, events_at_start = now, done, self.progress.events_total
                if now - last_report >= 2.0:
                    last_report = now
                    rate = (self.progress.events_total - events_at_start) / max(now - started, 1e-6)
                    log.info(
                        "index: catching up: block %s of %s (%s of %s blocks to do), %s events, %.0f events/s",
                        done,
                        head,
                        done - done_at_start,
                        head - self.confirmations - done_at_start,
                        self.progress.events_total - events_at_start,
                        rate,
                    )
            elif not moved:
                if started is not None:
                    log.info("index: caught up at block %s", self.progress.indexed_block)
                    started = None
                stop.wait(poll_seconds)
