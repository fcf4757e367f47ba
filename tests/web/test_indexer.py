"""The index on anvil: reorgs (`anvil_reorg`, `anvil_rollback`), a node that
restarts, an indexer killed in the middle of a catch-up. Afterwards the
database equals a fresh full re-index of the same chain, and no
(transaction hash, log index) is stored twice. Each test runs on SQLite and
on a real PostgreSQL server."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from eth_abi.abi import encode as abi_encode
from sqlalchemy import Engine, func, select, text

from frontend.chain import Chain, ChainUnavailable
from frontend.devchain import log_harvest
from frontend.index import models
from frontend.index.follower import Follower
from frontend.index.handlers import RULES
from frontend.index.store import MIGRATIONS, Store, make_engine, migrate
from harvest_coop.core.constants import Delivery
from harvest_coop.core.deployment import read_deployment
from harvest_coop.core.offers import Offer
from harvest_coop.testing.anvil import ANVIL, AnvilNode
from harvest_coop.web3_layer.sender import transact

from .conftest import ROOT, Stack, fresh_database, wait_for

COMPARED = [t for t in models.metadata.sorted_tables if t.name not in ("blocks", "meta")]


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Any]:
    """A function making fresh empty databases of the parameter's kind."""
    made: list[Engine] = []

    def make(name: str) -> Engine:
        if request.param == "sqlite":
            url = f"sqlite:///{tmp_path / name}.db"
        else:
            url = fresh_database(
                request.getfixturevalue("postgres"),
                f"{request.node.name[:30]}_{name}".lower()
                .replace("[", "_")
                .replace("]", "")
                .replace("-", "_"),
            )
        engine = make_engine(url)
        migrate(engine)
        made.append(engine)
        return engine

    make.kind = request.param  # type: ignore[attr-defined]
    yield make
    for engine in made:
        engine.dispose()


def follower(chain: Stack, engine: Engine, url: str | None = None, **options: Any) -> Follower:
    deployment = read_deployment(chain.seeded.deployment_file)
    return Follower(Chain(url or chain.node.url, timeout=5), Store(engine), deployment, **options)


def snapshot(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every compared table's rows, without surrogate ids, in a stable order."""
    out = {}
    with engine.connect() as conn:
        for table in COMPARED:
            columns = [c for c in table.columns if c.name != "id"]
            rows = conn.execute(select(*columns)).all()
            out[table.name] = sorted(tuple(repr(v) for v in row) for row in rows)
    return out


def assert_equals_fresh_index(chain: Stack, engine: Engine, database: Any, name: str) -> None:
    fresh = database(name)
    follower(chain, fresh).sync()
    with engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(models.events)).scalar()
        distinct = conn.execute(
            select(func.count()).select_from(
                select(models.events.c.tx_hash, models.events.c.log_index).distinct().subquery()
            )
        ).scalar()
    assert total == distinct, "a (tx_hash, log_index) is stored twice"
    ours, theirs = snapshot(engine), snapshot(fresh)
    for table in ours:
        assert ours[table] == theirs[table], f"{table} differs from a fresh re-index"


def rpc(chain: Stack, method: str, params: list[Any]) -> Any:
    answer = chain.w3.provider.make_request(method, params)  # type: ignore[arg-type]
    assert "error" not in answer, answer
    return answer.get("result")


def batch_ids(engine: Engine) -> list[int]:
    with engine.connect() as conn:
        return sorted(conn.execute(select(models.batches.c.id)).scalars())


def test_reorg__anvil_reorg_replaces_blocks_without_losing_or_doubling(chain: Stack, database: Any) -> None:
    engine = database("live")
    f = follower(chain, engine)
    f.sync()
    grower = chain.seeded.founders[0]
    doomed = log_harvest(chain.seeded.coop, grower, "doomed beans", 700, 5, "plot 9")
    for _ in range(2):
        rpc(chain, "evm_mine", [])
    f.sync()
    assert doomed in batch_ids(engine)
    # replace the last 3 blocks (the doomed harvest's among them) with a block holding another harvest
    harvest = chain.seeded.coop["HarvestToken"]
    now = int(chain.w3.eth.get_block("latest")["timestamp"])
    data = harvest.encode_abi("log_harvest", args=["chard", 900, now - 60, now + 86_400, "plot 4"])
    rpc(
        chain,
        "anvil_reorg",
        [3, [[{"from": grower, "to": harvest.address, "data": data, "gas": "0x100000"}, 0]]],
    )
    f.sync()
    assert f.progress.reorgs == 1
    crops = {}
    with engine.connect() as conn:
        crops = dict(conn.execute(select(models.batches.c.id, models.batches.c.crop)).all())
    assert "doomed beans" not in crops.values() and "chard" in crops.values()
    assert_equals_fresh_index(chain, engine, database, "fresh1")


def test_reorg__anvil_rollback_shortens_the_chain(chain: Stack, database: Any) -> None:
    engine = database("live")
    f = follower(chain, engine)
    log_harvest(chain.seeded.coop, chain.seeded.founders[1], "peas", 300, 5, "plot 2")
    f.sync()
    before = len(batch_ids(engine))
    rpc(chain, "anvil_rollback", [1])
    f.sync()
    assert len(batch_ids(engine)) == before - 1
    assert_equals_fresh_index(chain, engine, database, "fresh2")


def start_anvil(port: int, state_hex: str | None = None) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [str(ANVIL), "--host", "127.0.0.1", "--port", str(port), "--chain-id", "1337", "--silent"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    chain = Chain(f"http://127.0.0.1:{port}", timeout=2)
    wait_for(lambda: _answers(chain), what="anvil to start")
    if state_hex is not None:
        chain.rpc("anvil_loadState", [state_hex])
        latest = chain.rpc("eth_getBlockByNumber", ["latest", False])
        chain.rpc("evm_setNextBlockTimestamp", [int(latest["timestamp"], 16) + 10])
        chain.rpc("evm_mine", [])
    return process


def _answers(chain: Chain) -> bool:
    try:
        chain.head()
        return True
    except Exception:
        return False


def test_node_restart__the_follower_waits_and_resumes(chain: Stack, database: Any) -> None:
    """The node goes away (the follower backs off, never crashes), comes back
    with its state, and the index ends equal to a fresh one."""
    engine = database("live")
    f = follower(chain, engine)
    stop = threading.Event()
    thread = threading.Thread(target=f.run, args=(stop, 0.1), daemon=True)
    thread.start()
    try:
        wait_for(
            lambda: f.progress.catching_up is False and f.progress.indexed_block == chain.w3.eth.block_number,
            what="catch-up",
        )
        state_hex = rpc(chain, "anvil_dumpState", [])
        port = chain.node.port
        chain.node.stop()
        wait_for(lambda: f.progress.last_error is not None, what="the follower to notice the node is gone")
        time.sleep(1.0)
        assert thread.is_alive()
        chain.node.process = start_anvil(port, state_hex)
        log_harvest(chain.seeded.coop, chain.seeded.founders[2], "after the restart", 250, 5, "plot 1")
        head = chain.w3.eth.block_number
        wait_for(
            lambda: f.progress.indexed_block == head and f.progress.last_error is None,
            timeout=40,
            what="resume",
        )
        assert thread.is_alive()
    finally:
        stop.set()
        thread.join(timeout=30)
    with engine.connect() as conn:
        crops = set(conn.execute(select(models.batches.c.crop)).scalars())
    assert "after the restart" in crops
    assert_equals_fresh_index(chain, engine, database, "fresh3")


def test_killed_mid_catch_up__resumes_from_its_checkpoint(
    chain: Stack, database: Any, tmp_path: Path
) -> None:
    for i in range(40):
        log_harvest(chain.seeded.coop, chain.seeded.founders[i % 4], f"crop {i}", 100 + i, 5, "plot")
    engine = database("live")
    url = engine.url.render_as_string(hide_password=False)
    env = {
        **os.environ,
        "HARVEST_RPC_URL": chain.node.url,
        "HARVEST_DEPLOYMENT": str(chain.seeded.deployment_file),
        "HARVEST_DATABASE_URL": url,
        "HARVEST_RANGE_BLOCKS": "1",
        "HARVEST_POLL_SECONDS": "0.1",
    }
    store = Store(engine)

    def start_indexer() -> subprocess.Popen[bytes]:
        """`python -m frontend.index` on its own, as an operator runs it."""
        return subprocess.Popen(
            [sys.executable, "-m", "frontend.index"],
            cwd=ROOT,
            env=env,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=open(tmp_path / "indexer.log", "ab"),  # noqa: SIM115 (the child keeps it)
        )

    def checkpoint() -> int:
        with engine.connect() as conn:
            found = store.checkpoint(conn)
        return found[0] if found else -1

    head = chain.w3.eth.block_number
    first = start_indexer()
    try:
        wait_for(
            lambda: checkpoint() > 25 or first.poll() is not None,
            timeout=60,
            what="the catch-up to get going",
        )
        assert first.poll() is None, "the indexer process exited"
        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
        assert checkpoint() < head, "the kill came after the catch-up ended: make the history longer"
    finally:
        if first.poll() is None:
            os.kill(first.pid, signal.SIGKILL)
            first.wait()
    second = start_indexer()
    try:
        wait_for(lambda: checkpoint() == head, timeout=120, what="the second run to catch up")
    finally:
        os.kill(second.pid, signal.SIGTERM)
        try:
            second.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.kill(second.pid, signal.SIGKILL)
            second.wait()
    assert_equals_fresh_index(chain, engine, database, "fresh4")


def test_confirmations__stay_behind_the_head(chain: Stack, database: Any) -> None:
    engine = database("live")
    f = follower(chain, engine, confirmations=3)
    f.sync()
    assert f.progress.indexed_block == chain.w3.eth.block_number - 3
    transact(
        chain.seeded.coop["HarvestToken"].functions.setApprovalForAll(chain.seeded.founders[0], True),
        chain.seeded.founders[4],
    )
    f.sync()
    assert f.progress.indexed_block == chain.w3.eth.block_number - 3


_ = AnvilNode  # the chain fixture's node


def test_derived_tables_of_other_rules__rebuilt_from_the_events_on_start(chain: Stack, database: Any) -> None:
    """An index whose derived tables an older edition of the handlers built
    (here: a batch's counters and a member row gone wrong, and no edition
    recorded) is rebuilt from its stored events when a follower starts,
    without fetching them again; an index of the current edition is left
    alone."""
    engine = database("old_rules")
    follower(chain, engine).sync()
    with engine.begin() as conn:
        conn.execute(models.meta.delete().where(models.meta.c.key == "rules"))
        conn.execute(models.batches.update().values(composted=999))
        conn.execute(models.members.delete())
        events = conn.execute(select(func.count()).select_from(models.events)).scalar()
    # a rebuild that fails half-way (the node stops answering) keeps the old
    # tables and rules in one piece, so the next start rebuilds again
    failing = follower(chain, engine)

    def node_gone(*_: Any) -> None:
        raise ChainUnavailable("the node stopped answering")

    failing._refresh_proposals = node_gone  # type: ignore[method-assign]
    with pytest.raises(ChainUnavailable):
        failing.prepare()
    with engine.connect() as conn:
        assert Store(engine).get_meta(conn, "rules") is None
        assert set(conn.execute(select(models.batches.c.composted)).scalars()) == {999}
    restarted = follower(chain, engine)
    restarted.prepare()
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(models.events)).scalar() == events
        assert Store(engine).get_meta(conn, "rules") == RULES
    assert_equals_fresh_index(chain, engine, database, "fresh_rules")
    # the current edition: nothing is rebuilt (a change survives a restart)
    with engine.begin() as conn:
        conn.execute(models.batches.update().values(composted=999))
    follower(chain, engine).prepare()
    with engine.connect() as conn:
        assert set(conn.execute(select(models.batches.c.composted)).scalars()) == {999}


def test_chain_text_with_nul_or_bad_utf8__indexed_on_both_databases(chain: Stack, database: Any) -> None:
    """Attack: any member can put a NUL character on chain (a crop and an
    origin are any UTF-8), and PostgreSQL's text cannot hold one; a
    proposal's description need not even be UTF-8. Either made the follower
    fail on that range and retry it for ever: the whole index stopped.
    Rule: every chain text is indexed on both databases; a NUL or a byte
    that is not UTF-8 is stored (and shown) as U+FFFD, the replacement
    character, and the index still equals a fresh re-index."""
    seeded = chain.seeded
    batch = log_harvest(seeded.coop, seeded.founders[3], "k\x00ale", 500, 5, "plot\x00 3")
    membership, governor = seeded.coop["Membership"], seeded.coop["CoopGovernor"]
    calldata = membership.encode_abi("set_max_proxies", args=[2])
    # A description with a NUL and a byte that is not UTF-8: `propose` with
    # its string's bytes as they are, by a founder with no proposal open
    # (one open proposal per member), one for each database.
    proposer = seeded.founders[2] if database.kind == "sqlite" else seeded.founders[3]
    selector = governor.encode_abi("propose", args=[[membership.address], [0], [calldata], ""])[:10]
    body = abi_encode(
        ["address[]", "uint256[]", "bytes[]", "bytes"],
        [
            [membership.address],
            [0],
            [bytes.fromhex(calldata[2:])],
            b"nul\x00 and bad \xff here (" + database.kind.encode() + b")",
        ],
    )
    sent = chain.w3.eth.send_transaction(
        {"from": proposer, "to": governor.address, "data": selector + body.hex()}
    )
    assert chain.w3.eth.wait_for_transaction_receipt(sent)["status"] == 1
    engine = database("nul")
    follower(chain, engine).sync()
    with engine.connect() as conn:
        crop, origin = conn.execute(
            select(models.batches.c.crop, models.batches.c.origin).where(models.batches.c.id == batch)
        ).one()
        descriptions = set(conn.execute(select(models.proposals.c.description)).scalars())
    assert (crop, origin) == ("k\ufffdale", "plot\ufffd 3")
    kind = database.kind
    assert f"nul\ufffd and bad \ufffd here ({kind})" in descriptions
    assert_equals_fresh_index(chain, engine, database, "nul_fresh")


def test_uint64_terms_beyond_int64__indexed_on_both_databases(chain: Stack, database: Any) -> None:
    """Attack: an offer's `expiry` and `delivery_window` are uint64, any
    value the maker signs, but the index kept them (and an escrow's
    deadline, fill time plus window) in 64-bit signed integers. A member
    who posts on chain an offer that never expires, with a window of
    centuries, and fills it from a second account, would make both
    databases refuse the rows and the follower retry the range for ever.
    Rule: every uint64 a member chooses is indexed as it is."""
    seeded = chain.seeded
    harvest, credit, exchange = (seeded.coop[n] for n in ("HarvestToken", "CoopCredit", "NutrientExchange"))
    t = chain.w3.eth.get_block("latest")["timestamp"]
    never = 2**64 - 1
    offer = Offer(
        maker=seeded.founders[0],
        give_token=harvest.address,
        give_id=seeded.batches["tomatoes"],
        give_amount=100,
        want_token=credit.address,
        want_id=0,
        want_amount=10**18,
        delivery=Delivery.GIVE,
        delivery_window=never - t - 10**6,
        expiry=never,
        nonce=9_000 + len(database.kind),
        max_fee_bps=50,
    )
    transact(exchange.functions.post_offer(offer.as_tuple()), seeded.founders[0])
    transact(exchange.functions.fill(offer.as_tuple(), b"", 100, 100), seeded.founders[3])
    engine = database("uint64")
    follower(chain, engine).sync()
    with engine.connect() as conn:
        deadlines = set(conn.execute(select(models.escrows.c.deadline)).scalars())
    assert any(d > 2**63 for d in deadlines), deadlines
    assert_equals_fresh_index(chain, engine, database, "uint64_fresh")


def test_migrations__build_exactly_the_tables_the_code_uses(database: Any) -> None:
    """The Alembic migrations and `frontend.index.models` describe the same
    schema, types included (a column type changed in one and not the other
    would hold values the code does not expect)."""
    engine = database("schema")
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, models.metadata) == []


def test_migration_0003__keeps_the_stored_terms(database: Any) -> None:
    """An index made before 0003 keeps its escrows' deadlines and offers'
    terms, now as decimal strings read back as the same integers."""
    engine = database("upgrade")  # at head; back to 0002 with one row of each
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0002")
        conn.execute(
            text(
                "INSERT INTO escrows (escrow_id, coop, offer_hash, maker, taker, record, state, pending,"
                " deadline, withdrawn, opened_tx, opened_block, opened_time)"
                " VALUES ('0x01', 'c', '0x02', '0xa', '0xb', '{}', 1, 1, 1797635319, '[]', '0x03', 5, 6)"
            )
        )
    migrate(engine)
    with engine.connect() as conn:
        assert conn.execute(select(models.escrows.c.deadline)).scalar_one() == 1797635319


def test_largest_batch_the_contract_takes__indexed_on_both_databases(chain: Stack, database: Any) -> None:
    """Attack: a member logs the biggest harvest HarvestToken accepts. It
    used to take 10**30 grams, which no 64-bit integer of the index holds
    (the follower stopped) and no JavaScript number shows exactly. Rule:
    `MAX_GRAMS` is below 2**53, and a batch of it is indexed on both
    databases with its grams exact."""
    harvest = chain.seeded.coop["HarvestToken"]
    biggest = harvest.functions.MAX_GRAMS().call()
    assert biggest < 2**53
    batch = log_harvest(chain.seeded.coop, chain.seeded.founders[3], "rice", biggest, 5, "paddy")
    engine = database("biggest")
    follower(chain, engine).sync()
    with engine.connect() as conn:
        grams = conn.execute(select(models.batches.c.grams).where(models.batches.c.id == batch)).scalar_one()
    assert grams == biggest
    assert_equals_fresh_index(chain, engine, database, "biggest_fresh")
