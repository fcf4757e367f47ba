"""The service's parts, wired once from a `Config` (what the routes use)."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field

from sqlalchemy import Engine

from frontend.api.stream import Broadcaster
from frontend.chain import Chain
from frontend.config import Config
from frontend.index.follower import Follower
from frontend.index.store import Store, open_database
from frontend.offer_book import OfferBook
from frontend.relay import Relay
from harvest_coop.core.deployment import Deployment, read_deployment

__all__ = ["Services"]

log = logging.getLogger("harvest")


@dataclass
class Services:
    config: Config
    chain: Chain
    chain_id: int
    engine: Engine
    store: Store
    deployment: Deployment
    follower: Follower
    offer_book: OfferBook
    relay: Relay
    broadcaster: Broadcaster
    stop: threading.Event
    thread: threading.Thread | None = None
    _head: tuple[float, int | None] = (float("-inf"), None)  # when asked, the answer
    _head_lock: threading.Lock = field(default_factory=threading.Lock)

    def head(self, max_age: float = 1.0) -> int | None:
        """The node's latest block (None: it does not answer), asked at most
        once every `max_age` seconds however often the API is asked: reads
        are not rate limited, and each would otherwise be a node request
        (a hosted node's quota is the follower's too)."""
        with self._head_lock:
            asked, head = self._head
            if time.monotonic() - asked < max_age:
                return head
            try:
                head = self.chain.head()
            except Exception:
                head = None
            self._head = (time.monotonic(), head)
            return head

    @classmethod
    def build(cls, config: Config) -> Services:
        """Read the deployment, migrate the database, wire the parts. When the
        configuration names the deployment file and the database the node may
        still be down (the follower waits for it); otherwise the node is asked
        which chain it runs, to find that chain's file."""
        config = config.resolved()
        deployment = read_deployment(config.deployment)
        chain = Chain(config.rpc_url, config.rpc_timeout)
        engine = open_database(config.database)
        store = Store(engine)
        broadcaster = Broadcaster(config.max_streams, config.max_streams_per_client)
        offer_book = OfferBook(chain, engine, broadcaster.publish, config.max_open_offers)
        follower = Follower(
            chain,
            store,
            deployment,
            confirmations=config.confirmations,
            range_blocks=config.range_blocks,
            refreshers=[offer_book.refresh],
            on_update=broadcaster.publish,
        )
        governors = [
            governor
            for contracts in (deployment.contracts, *deployment.coops.values())
            if (governor := contracts.get("CoopGovernor"))
        ]
        relay = Relay(chain, config.relayer_key, governors)
        if relay.enabled:
            log.info("vote relay on: relayer %s", relay.address)
        return cls(
            config,
            chain,
            deployment.chain_id,
            engine,
            store,
            deployment,
            follower,
            offer_book,
            relay,
            broadcaster,
            threading.Event(),
        )

    def start(self) -> None:
        """Follow the chain in a background thread."""
        self.thread = threading.Thread(
            target=self.follower.run,
            args=(self.stop, self.config.poll_seconds),
            name="harvest-index",
            daemon=True,
        )
        self.thread.start()

    def close(self) -> None:
        self.stop.set()
        self.broadcaster.closed = True
        if self.thread is not None:
            self.thread.join(timeout=30)
        self.engine.dispose()
