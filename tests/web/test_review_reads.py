"""An attacker's review of the web service's read side and its indexer:
each test is one attack. A failing test shows a hole; a passing one an
attack that held and was not covered elsewhere."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from frontend.chain import Chain, RpcError
from frontend.index import models
from frontend.index.follower import Follower
from frontend.index.store import Store
from harvest_coop.core.deployment import read_deployment

from .conftest import Stack
from .test_indexer import assert_equals_fresh_index, database  # noqa: F401 (a fixture)


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
