"""Start and stop a local anvil node (from the project's npm install): the
demo's chain, the tests' chains, and the throwaway fork a proposal is
simulated on. Always on 127.0.0.1, always stopped by the pid it was started
with."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

from web3 import HTTPProvider, Web3

__all__ = ["ANVIL", "LOCAL_CHAIN_ID", "AnvilNode", "anvil_binary", "free_port"]

ROOT = Path(__file__).resolve().parents[2]
ANVIL = ROOT / "node_modules" / ".bin" / "anvil"


def anvil_binary() -> str | None:
    """The anvil executable the npm package installed for this platform
    (`@foundry-rs/anvil-<os>-<arch>/bin/anvil`), else its node launcher, else
    one on PATH. The binary itself is preferred: one process to stop, and no
    node runtime in between."""
    for candidate in sorted(ROOT.glob("node_modules/@foundry-rs/anvil-*/bin/anvil")):
        if os.access(candidate, os.X_OK):
            return str(candidate)
    return str(ANVIL) if ANVIL.exists() else shutil.which("anvil")


# Ape's "local" network is chain 1337; anvil is started with the same id so
# Ape's test accounts sign for it (`--network ethereum:local:<url>`).
LOCAL_CHAIN_ID = 1337


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class AnvilNode:
    """An anvil process on 127.0.0.1:`port`, stopped by its pid."""

    def __init__(
        self,
        port: int | None = None,
        block_time: float | None = None,
        quiet: bool = True,
        chain_id: int | None = None,
        accounts: int = 10,
        fork_url: str | None = None,
        fork_block: int | None = None,
    ) -> None:
        """A fresh chain with id `chain_id` (default LOCAL_CHAIN_ID), or with
        `fork_url` (and `fork_block`) a fork of that node's chain at that
        block, keeping the forked chain's id unless `chain_id` is given."""
        self.port = port or free_port()
        self.accounts = accounts
        self.chain_id = chain_id if chain_id is not None or fork_url else LOCAL_CHAIN_ID
        self.block_time = block_time
        self.quiet = quiet
        self.fork_url = fork_url
        self.fork_block = fork_block
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30.0) -> Web3:
        binary = anvil_binary()
        if binary is None:
            raise RuntimeError("anvil not found: run `make setup` (npm ci installs @foundry-rs/anvil)")
        if self._port_taken():
            raise RuntimeError(f"port {self.port} on 127.0.0.1 is already in use")
        cmd = [binary, "--host", "127.0.0.1", "--port", str(self.port), "--accounts", str(self.accounts)]
        if self.chain_id is not None:
            cmd += ["--chain-id", str(self.chain_id)]
        if self.fork_url is not None:
            cmd += ["--fork-url", self.fork_url]
            if self.fork_block is not None:
                cmd += ["--fork-block-number", str(self.fork_block)]
        if self.quiet:
            cmd.append("--silent")
        if self.block_time:
            cmd += ["--block-time", str(self.block_time)]
        self.process = subprocess.Popen(
            cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
        )
        w3 = Web3(HTTPProvider(self.url, request_kwargs={"timeout": 30}))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                err = self.process.stderr.read().decode() if self.process.stderr else ""
                raise RuntimeError(f"anvil exited with {self.process.returncode}: {err.strip()}")
            try:
                if w3.is_connected():
                    return w3
            except Exception:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"anvil did not answer on {self.url} within {timeout:.0f}s")

    def _port_taken(self) -> bool:
        with socket.socket() as s:
            return s.connect_ex(("127.0.0.1", self.port)) == 0

    def stop(self) -> None:
        """Stop the process this object started, and its process group (it
        was started in a session of its own, so the group is exactly it and
        any child a launcher made)."""
        if self.process is None or self.process.poll() is not None:
            return
        self._signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._signal(signal.SIGKILL)
            self.process.wait()

    def _signal(self, sig: signal.Signals) -> None:
        assert self.process is not None
        try:
            os.killpg(self.process.pid, sig)
        except ProcessLookupError:
            pass

    def __enter__(self) -> Web3:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
