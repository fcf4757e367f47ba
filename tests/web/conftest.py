"""The web service's tests: a real anvil with a co-op made through the factory
and seeded (`frontend.devchain`), the service on a free 127.0.0.1 port in a
thread (stopped by the test module that started it), and a throwaway
PostgreSQL cluster started on a free port and stopped by its pid.

Cast: `founders` (anvil #1-#5), `applicant` (#7), `outsider` (#6, #9); the
relayer pays with anvil #9's key.
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests
from web3 import Web3

from frontend.config import Config
from frontend.demo_hook import ServiceHandle, start_service
from frontend.devchain import Seeded, seed
from harvest_coop.testing.anvil import AnvilNode, free_port
from harvest_coop.testing.keys import anvil_key

ROOT = Path(__file__).resolve().parents[2]
RELAYER_KEY = "0x" + anvil_key(9).hex()


@dataclass
class Stack:
    node: AnvilNode
    w3: Web3
    seeded: Seeded


@pytest.fixture(scope="module")
def chain(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """One anvil per test module, with a seeded co-op."""
    node = AnvilNode()
    w3 = node.start()
    try:
        seeded = seed(w3, tmp_path_factory.mktemp("deployment") / "local.json")
        yield Stack(node, w3, seeded)
    finally:
        node.stop()


def service_config(**changes: object) -> Config:
    base = Config(rate_limit=100_000, rate_window=60.0, poll_seconds=0.2, rpc_timeout=5.0)
    return base.with_(**changes)


@contextmanager
def running_service(
    chain: Stack, database_url: str, relayer_key: str | None = None, **config: object
) -> Iterator[ServiceHandle]:
    """A service for the module's chain on a free port, with the test
    configuration changed by `config`, indexed; stopped (by its pid) when
    the block ends, whatever happened in it."""
    handle = start_service(
        chain.node.url,
        chain.seeded.deployment_file,
        port=free_port(),
        database_url=database_url,
        relayer_key=relayer_key,
        config=service_config(**config),
    )
    try:
        handle.wait_indexed()
        yield handle
    finally:
        handle.stop()


@contextmanager
def stream_lines(service: ServiceHandle) -> Iterator[tuple[list[str], threading.Event]]:
    """The service's event stream (`/api/stream`), read in a thread while the
    block runs: the lines received so far, and an event set when the first
    index update arrives. The stream must be served as text/event-stream."""
    lines: list[str] = []
    indexed = threading.Event()
    with requests.get(f"{service.url}/api/stream", stream=True, timeout=20) as response:
        kind = response.headers["content-type"]
        assert kind.startswith("text/event-stream") and "text/html" not in kind, kind

        def read() -> None:
            for line in response.iter_lines(decode_unicode=True):
                lines.append(line or "")
                if line and line.startswith("data:") and '"index"' in line:
                    indexed.set()
                    return

        threading.Thread(target=read, daemon=True).start()
        yield lines, indexed


@pytest.fixture(scope="module")
def service(chain: Stack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServiceHandle]:
    """The service for the module's chain (SQLite), caught up."""
    db = tmp_path_factory.mktemp("db") / "index.db"
    with running_service(chain, f"sqlite:///{db}", relayer_key=RELAYER_KEY) as handle:
        yield handle


def wait_for(check, timeout: float = 20.0, what: str = "the condition"):  # type: ignore[no-untyped-def]
    """Poll `check()` until it returns something truthy."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def caught_up(handle: ServiceHandle, w3: Web3) -> None:
    """Until the index has the node's current head."""
    head = w3.eth.block_number
    wait_for(
        lambda: (
            (requests.get(f"{handle.url}/api/health", timeout=5).json().get("indexed_block") or -1) >= head
        ),
        what=f"the index to reach block {head}",
    )


# -- PostgreSQL ------------------------------------------------------------------------------


def _pg_bin(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    for version in sorted(Path("/usr/lib/postgresql").glob("*"), reverse=True):
        candidate = version / "bin" / name
        if candidate.exists():
            return str(candidate)
    pytest.skip(f"PostgreSQL's {name} is not installed (make setup installs Debian's postgresql)")
    raise AssertionError


@dataclass
class Postgres:
    url: str
    process: subprocess.Popen[bytes]


@pytest.fixture(scope="session")
def postgres() -> Iterator[Postgres]:
    """A throwaway PostgreSQL cluster on a free port (as the `postgres` user when root: it refuses root)."""
    initdb, server = _pg_bin("initdb"), _pg_bin("postgres")
    user = None
    if os.geteuid() == 0:
        try:
            user = pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root and there is no postgres user to run the server as")
    base = Path(tempfile.mkdtemp(prefix="harvest-pg-"))
    data, sockets = base / "data", base / "sock"
    sockets.mkdir()
    if user is not None:
        os.chown(base, user.pw_uid, user.pw_gid)
        os.chown(sockets, user.pw_uid, user.pw_gid)
    run_as = {"user": user.pw_uid, "group": user.pw_gid} if user is not None else {}
    subprocess.run(
        [initdb, "-D", str(data), "-U", "harvest", "--auth=trust", "-E", "UTF8"],
        check=True,
        capture_output=True,
        **run_as,  # type: ignore[arg-type]
    )
    port = free_port()
    process = subprocess.Popen(
        [
            server,
            "-D",
            str(data),
            "-p",
            str(port),
            "-k",
            str(sockets),
            "-c",
            "listen_addresses=127.0.0.1",
            "-c",
            "fsync=off",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        **run_as,  # type: ignore[arg-type]
    )
    url = f"postgresql+psycopg://harvest@127.0.0.1:{port}/postgres"
    try:
        import psycopg

        deadline = time.monotonic() + 30
        while True:
            try:
                psycopg.connect(f"host=127.0.0.1 port={port} user=harvest dbname=postgres").close()
                break
            except psycopg.OperationalError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield Postgres(url, process)
    finally:
        if process.poll() is None:
            os.kill(process.pid, signal.SIGINT)  # fast shutdown
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.kill(process.pid, signal.SIGKILL)
                process.wait()
        shutil.rmtree(base, ignore_errors=True)


def fresh_database(postgres: Postgres, name: str) -> str:
    """A new empty database on the cluster; its URL."""
    import psycopg

    port = postgres.url.rsplit(":", 1)[1].split("/")[0]
    with psycopg.connect(f"host=127.0.0.1 port={port} user=harvest dbname=postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return postgres.url.rsplit("/", 1)[0] + f"/{name}"


# -- the browser ------------------------------------------------------------------------------

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = ROOT / ".state" / "web-test-screenshots"


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium (never a downloaded browser), driven by Playwright; one for the session."""
    executable = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(executable).exists():
        pytest.fail("Debian's chromium is not installed: run `make setup` (it installs it when missing)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()
