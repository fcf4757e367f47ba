"""`python -m frontend.index`: only the indexer (no API), configured like the
service (HARVEST_RPC_URL, HARVEST_DEPLOYMENT or HARVEST_DEPLOYMENTS_DIR, HARVEST_DATABASE_URL,
HARVEST_CONFIRMATIONS, HARVEST_RANGE_BLOCKS, HARVEST_POLL_SECONDS). Stops on
SIGINT/SIGTERM; a kill at any moment loses nothing (see follower.py)."""

from __future__ import annotations

import logging
import signal
import sys
import threading
from types import FrameType

from frontend.chain import Chain
from frontend.config import Config, ConfigError
from frontend.index.follower import Follower
from frontend.index.store import Store, open_database
from harvest_coop.core.deployment import DeploymentFileError, read_deployment


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        config = Config.from_env().resolved()
        deployment = read_deployment(config.deployment)
        engine = open_database(config.database)
    except (ConfigError, DeploymentFileError, ValueError) as err:
        sys.exit(f"harvest-coop indexer: {err}")
    follower = Follower(
        Chain(config.rpc_url, config.rpc_timeout),
        Store(engine),
        deployment,
        confirmations=config.confirmations,
        range_blocks=config.range_blocks,
    )
    stop = threading.Event()

    def _stop(_signum: int, _frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    follower.run(stop, config.poll_seconds)


if __name__ == "__main__":
    main()
