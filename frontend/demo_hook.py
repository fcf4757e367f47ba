"""Start the service inside another program (`make demo`, tests): uvicorn in
a thread, stopped by `handle.stop()`.

    from frontend.demo_hook import start_service
    service = start_service(node.url, path, port=8000)   # after seeding
    print(f"  web page:    {service.url}")
    ...
    service.stop()
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import requests
import uvicorn

from frontend.app import create_app
from frontend.config import SERVER_OPTIONS, Config

__all__ = ["ServiceHandle", "start_service"]


@dataclass
class ServiceHandle:
    """A running service: its `url`, and `stop()`."""

    url: str
    server: uvicorn.Server
    thread: threading.Thread

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=15)

    def wait_indexed(self, timeout: float = 60.0) -> None:
        """Until /api/health says the index caught up with the head."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                health = requests.get(f"{self.url}/api/health", timeout=5).json()
                if health.get("status") == "ok":
                    return
            except requests.RequestException:
                pass
            time.sleep(0.1)
        raise TimeoutError(f"the service at {self.url} did not catch up in {timeout:.0f}s")


def start_service(
    rpc_url: str,
    deployment_file: str | Path,
    port: int = 8000,
    database_url: str | None = None,
    relayer_key: str | None = None,
    config: Config | None = None,
) -> ServiceHandle:
    """The service on 127.0.0.1:`port` for the chain at `rpc_url`; returns when it answers."""
    base = config or Config.from_env({k: v for k, v in os.environ.items() if k.startswith("HARVEST_")})
    changes: dict[str, object] = {"rpc_url": rpc_url, "deployment_file": Path(deployment_file), "port": port}
    if database_url:
        changes["database_url"] = database_url
    if relayer_key:
        changes["relayer_key"] = relayer_key
    cfg = base.with_(**changes)
    app = create_app(cfg)
    server = uvicorn.Server(
        uvicorn.Config(app, host=cfg.host, port=cfg.port, log_level="warning", **SERVER_OPTIONS)
    )
    thread = threading.Thread(target=server.run, name="harvest-web", daemon=True)
    thread.start()
    url = f"http://{cfg.host}:{cfg.port}"
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"the web service did not start on {url}")
        time.sleep(0.05)
    return ServiceHandle(url, server, thread)
