"""`python -m frontend`: the service on HARVEST_HOST:HARVEST_PORT (127.0.0.1:8000)."""

from __future__ import annotations

import logging
import sys

import uvicorn

from frontend.app import create_app
from frontend.config import SERVER_OPTIONS, Config, ConfigError
from harvest_coop.core.deployment import DeploymentFileError


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        config = Config.from_env()
        app = create_app(config)
    except (ConfigError, DeploymentFileError, ValueError) as err:
        sys.exit(f"harvest-coop service: {err}")
    print(f"harvest-coop: the page is at http://{config.host}:{config.port}/ (API docs at /docs)", flush=True)
    uvicorn.run(app, host=config.host, port=config.port, log_level="info", **SERVER_OPTIONS)


if __name__ == "__main__":
    main()
