"""`make demo`'s script end to end on its own anvil (a free port), without waiting."""

import subprocess
import sys
from pathlib import Path

from harvest_coop.testing.anvil import free_port

ROOT = Path(__file__).resolve().parents[2]


def test_demo__deploys_seeds_and_prints_what_it_did(tmp_path):
    port = free_port()
    result = subprocess.run(
        [sys.executable, "scripts/demo.py", "--port", str(port), "--no-wait"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    out = result.stdout
    assert result.returncode == 0, out[-3000:] + result.stderr[-3000:]
    assert f"RPC:         http://127.0.0.1:{port}" in out
    for name in ("Membership", "CoopGovernor", "TimelockController"):
        assert name in out
    assert "executed by the timelock" in out
    assert "deployer (keeps no role)" in out
    assert out.count("founding member") == 5
    # The anvil it started is gone: the port is free again.
    import socket

    with socket.socket() as s:
        assert s.connect_ex(("127.0.0.1", port)) != 0
