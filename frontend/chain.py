"""Chain access: one node, through web3.py for contract calls and plain
JSON-RPC (single or batched) for the indexer's hot path, with retries.

Every failure of the node (refused connection, timeout, a JSON-RPC error
that is not the caller's fault) raises `ChainUnavailable`; `backoff` gives
the delays the indexer sleeps between attempts, so a node that restarts or
stalls slows the service down but never crashes it.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests
from web3 import HTTPProvider, Web3
from web3.contract import Contract

from harvest_coop.web3_layer.contracts import contract

__all__ = ["BlockHeader", "Chain", "ChainTimeout", "ChainUnavailable", "RpcError", "backoff"]

LOG_ADDRESSES = 1000  # addresses per eth_getLogs request: about 45 kB of JSON


class ChainUnavailable(RuntimeError):
    """The node did not answer (down, restarting, too slow)."""


class ChainTimeout(ChainUnavailable):
    """The node took the request but did not answer within the timeout (a
    request too heavy for it, or a node that stalls)."""


class RpcError(RuntimeError):
    """The node answered with a JSON-RPC error."""

    def __init__(self, method: str, error: Any) -> None:
        message = error.get("message", str(error)) if isinstance(error, dict) else str(error)
        super().__init__(f"{method}: {message}")
        self.error = error


@dataclass(frozen=True)
class BlockHeader:
    """What the index keeps of a block."""

    number: int
    hash: str
    parent_hash: str
    timestamp: int

    @classmethod
    def from_rpc(cls, block: dict[str, Any]) -> BlockHeader:
        return cls(
            int(block["number"], 16),
            block["hash"],
            block["parentHash"],
            int(block["timestamp"], 16),
        )


def backoff(first: float = 0.25, cap: float = 15.0) -> Iterator[float]:
    """Exponential delays: first, 2*first, ... up to cap, forever."""
    delay = first
    while True:
        yield delay
        delay = min(delay * 2, cap)


class Chain:
    """A node at `url`: `w3` for contract calls, `rpc`/`batch` for raw JSON-RPC."""

    def __init__(self, url: str, timeout: float = 10.0) -> None:
        self.url = url
        self.timeout = timeout
        self.w3 = Web3(HTTPProvider(url, request_kwargs={"timeout": timeout}))
        self._local = threading.local()
        self._ids = itertools.count(1)
        self._contracts: dict[tuple[str, str], Contract] = {}
        self.batch_size = 1000  # calls per batched request: less after the node refused one

    def redact(self, text: str) -> str:
        """`text` without this node's URL's credentials, path or query: a
        hosted node's URL holds its API key (`https://…/v3/KEY`,
        `user:password@host`), and node errors quote it."""
        parts = urlsplit(self.url)
        try:
            port = f":{parts.port}" if parts.port else ""
        except ValueError:
            port = ""
        text = text.replace(self.url, f"{parts.scheme}://{parts.hostname or ''}{port}")
        secret_path = parts.path + (f"?{parts.query}" if parts.query else "")
        for secret in (secret_path, parts.path, parts.password, parts.username):
            if secret and secret != "/":
                text = text.replace(secret, "…")
        return text

    @property
    def _session(self) -> requests.Session:
        session: requests.Session | None = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            self._local.session = session
        return session

    def _post(self, payload: Any) -> Any:
        try:
            response = self._session.post(self.url, json=payload, timeout=self.timeout)
            response.raise_for_status()
            return response.json()
        except requests.ReadTimeout as err:
            raise ChainTimeout(f"{self.url}: {type(err).__name__}: {err}") from err
        except (requests.RequestException, ValueError) as err:
            raise ChainUnavailable(f"{self.url}: {type(err).__name__}: {err}") from err

    def rpc(self, method: str, params: list[Any]) -> Any:
        """One JSON-RPC call; its `result`."""
        answer = self._post({"jsonrpc": "2.0", "id": next(self._ids), "method": method, "params": params})
        if not isinstance(answer, dict):
            raise ChainUnavailable(f"{method}: the node sent no JSON-RPC object")
        if "error" in answer:
            raise RpcError(method, answer["error"])
        return answer.get("result")

    def batch(self, calls: list[tuple[str, list[Any]]]) -> list[Any]:
        """Several JSON-RPC calls in batched requests, their results in order.
        A batch the node refuses whole (one error object: it caps batches,
        or takes none) is sent again in halves, down to single requests,
        and later batches are no longer than the last it took."""
        results: list[Any] = []
        while len(results) < len(calls):
            chunk = calls[len(results) : len(results) + self.batch_size]
            if len(chunk) == 1:
                results.append(self.rpc(*chunk[0]))
                continue
            answers = self._batch(chunk)
            if answers is None:
                self.batch_size = len(chunk) // 2
                continue
            results.extend(answers)
        return results

    def _batch(self, calls: list[tuple[str, list[Any]]]) -> list[Any] | None:
        """One batched request; None if the node refused it whole."""
        first = next(self._ids)
        payload = [
            {"jsonrpc": "2.0", "id": first + i, "method": m, "params": p} for i, (m, p) in enumerate(calls)
        ]
        for _ in range(len(calls) - 1):
            next(self._ids)
        answers = self._post(payload)
        if not isinstance(answers, list):
            return None
        by_id = {a.get("id"): a for a in answers if isinstance(a, dict)}
        results = []
        for i, (method, _) in enumerate(calls):
            answer = by_id.get(first + i)
            if answer is None:
                raise ChainUnavailable(f"{method}: missing from the batched answer")
            if "error" in answer:
                raise RpcError(method, answer["error"])
            results.append(answer.get("result"))
        return results

    # -- what the indexer reads ------------------------------------------------

    def head(self) -> int:
        """The latest block number."""
        return int(self.rpc("eth_blockNumber", []), 16)

    def header(self, number: int) -> BlockHeader | None:
        """Block `number`'s header, None if the chain is shorter."""
        block = self.rpc("eth_getBlockByNumber", [hex(number), False])
        return None if block is None else BlockHeader.from_rpc(block)

    def headers(self, numbers: list[int]) -> dict[int, BlockHeader | None]:
        """Several headers in batched requests of at most 200."""
        out: dict[int, BlockHeader | None] = {}
        for start in range(0, len(numbers), 200):
            chunk = numbers[start : start + 200]
            blocks = self.batch([("eth_getBlockByNumber", [hex(n), False]) for n in chunk])
            for n, block in zip(chunk, blocks, strict=True):
                out[n] = None if block is None else BlockHeader.from_rpc(block)
        return out

    def logs(self, addresses: list[str], first: int, last: int) -> list[dict[str, Any]]:
        """Raw logs of `addresses` in blocks first..last (inclusive), in chain
        order; at most `LOG_ADDRESSES` addresses a request (a request is
        otherwise as long as there are co-ops, and nodes refuse bodies of a
        few megabytes: anvil about 2, geth 5)."""
        if not addresses or last < first:
            return []
        out: list[dict[str, Any]] = []
        for start in range(0, len(addresses), LOG_ADDRESSES):
            chunk = addresses[start : start + LOG_ADDRESSES]
            result = self.rpc(
                "eth_getLogs", [{"address": chunk, "fromBlock": hex(first), "toBlock": hex(last)}]
            )
            out.extend(result or [])
        if len(addresses) > LOG_ADDRESSES:
            out.sort(key=lambda r: (int(r["blockNumber"], 16), int(r["logIndex"], 16)))
        return out

    def chain_id(self) -> int:
        return int(self.rpc("eth_chainId", []), 16)

    def contract(self, name: str, address: str) -> Contract:
        """Shipped contract `name` at `address` on this node (built once: web3.py
        takes tens of milliseconds to build a contract object from an ABI)."""
        key = (name, address.lower())
        found = self._contracts.get(key)
        if found is None:
            found = self._contracts[key] = contract(self.w3, name, address)
        return found
