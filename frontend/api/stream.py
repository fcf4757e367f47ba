"""Live updates: the follower and the offer book publish what changed, and
every page connected to /api/stream gets it as a server-sent event."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

__all__ = ["Broadcaster"]


class Broadcaster:
    """Fan messages out from any thread to the subscribers of one event loop."""

    def __init__(self, max_subscribers: int = 200, max_per_client: int | None = None) -> None:
        self.max_subscribers = max_subscribers
        self.max_per_client = max_per_client
        self._loop: asyncio.AbstractEventLoop | None = None
        self._queues: set[asyncio.Queue[dict[str, Any]]] = set()
        self._clients: dict[str, int] = {}  # client -> its pages connected now
        self.closed = False

    def bind(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop

    def publish(self, message: dict[str, Any]) -> None:
        """Thread-safe: queue `message` for every subscriber."""
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        try:
            loop.call_soon_threadsafe(self._fanout, message)
        except RuntimeError:  # the loop is closing
            pass

    def _fanout(self, message: dict[str, Any]) -> None:
        for queue in list(self._queues):
            if queue.qsize() < 1000:
                queue.put_nowait(message)

    @property
    def subscribers(self) -> int:
        return len(self._queues)

    @property
    def full(self) -> bool:
        """As many pages are connected as the service keeps (each holds a
        connection and a queue for as long as it stays)."""
        return len(self._queues) >= self.max_subscribers

    def full_for(self, client: str) -> bool:
        """`client` (see `middleware.client_key`) has as many pages connected
        as one client may: one client cannot take every place."""
        return self.max_per_client is not None and self._clients.get(client, 0) >= self.max_per_client

    async def events(
        self, is_disconnected: Any, heartbeat: float = 15.0, client: str = ""
    ) -> AsyncIterator[str]:
        """The text of an SSE stream until the client leaves or the service stops."""
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self._queues.add(queue)
        self._clients[client] = self._clients.get(client, 0) + 1
        try:
            yield "retry: 2000\n\n"
            waited = 0.0
            while not self.closed:
                try:
                    message = await asyncio.wait_for(queue.get(), timeout=1.0)
                except TimeoutError:
                    waited += 1.0
                    if await is_disconnected():
                        return
                    if waited >= heartbeat:
                        waited = 0.0
                        yield ": still here\n\n"
                    continue
                yield f"event: {message.get('type', 'update')}\ndata: {json.dumps(message)}\n\n"
        finally:
            self._queues.discard(queue)
            left = self._clients.get(client, 1) - 1
            if left > 0:
                self._clients[client] = left
            else:
                self._clients.pop(client, None)
