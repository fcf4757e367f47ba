"""`make demo`'s script as a person meets it: started on its own anvil (a
free port), its printout read, the copy-paste commands it prints run as
printed, its web page and API answering at the URL it prints, then
stopped with Ctrl-C (SIGINT to its pid)."""

from __future__ import annotations

import shlex
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

from harvest_coop.testing.anvil import free_port
from harvest_coop.testing.scripts import script_env

ROOT = Path(__file__).resolve().parents[2]
APE = str(Path(sys.executable).parent / "ape")


def _read_until(process: subprocess.Popen[str], marker: str, timeout: float) -> str:
    """The demo's output up to the line holding `marker`."""
    assert process.stdout is not None
    lines: list[str] = []
    deadline = time.monotonic() + timeout
    for line in process.stdout:
        lines.append(line)
        if marker in line:
            return "".join(lines)
        assert time.monotonic() < deadline, "".join(lines)
    raise AssertionError(f"the demo ended before printing {marker!r}:\n" + "".join(lines))


def _port_open(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def test_demo__prints_what_to_do__its_commands_work__ctrl_c_stops_it(tmp_path):
    port, web_port = free_port(), free_port()
    while web_port == port:
        web_port = free_port()
    process = subprocess.Popen(
        [sys.executable, "scripts/demo.py", "--port", str(port), "--web-port", str(web_port)],
        cwd=ROOT,
        env=script_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        out = _read_until(process, "press Ctrl-C to stop", timeout=900)
        assert "Traceback" not in out, out
        assert f"RPC:         http://127.0.0.1:{port}" in out
        network = f"ethereum:local:http://127.0.0.1:{port}"
        assert f"--network {network}" in out
        for name in ("Membership", "CoopGovernor", "TimelockController", "NutrientExchange"):
            assert name in out
        assert "executed by the timelock" in out
        assert "transactions confirmed" in out  # the deployment's progress
        assert "deployer (keeps no role)" in out
        assert out.count("founding member") == 5
        # The roles a co-op needs, as the chain shows them: growers, an elected
        # arbiter (by proposal, not a party to the escrow in delivery), a lent vote.
        assert "is the arbiter of disputed escrows (elected by proposal)" in out
        said_and_shown = out.count("arbiter of disputed escrows (elected by proposal)")
        assert said_and_shown == 2, out  # said when elected, then the account's role
        growers = [line for line in out.splitlines() if "founding member; grower (" in line]
        for crop in ("tomatoes", "kale", "strawberries", "potatoes"):
            assert any(crop in line for line in growers), (crop, growers)
        assert "(elected by proposal); lends its vote to" in out  # the fifth founder does both
        assert out.count("(TEST KEY)") == 13  # ten in Harvest Coop's list, Riverside Coop's three founders
        assert """ape accounts import demo3 --use-mnemonic --hd-path "m/44'/60'/0'/0/3\"""" in out
        assert "23,000 g of potatoes (batch 6)" in out  # 2 kg sold to Riverside's cook across the federation
        assert "Harvest Coop and Riverside Coop are federated (both governances agreed)" in out
        assert out.count("Riverside Coop founder") == 3
        assert "four members claimed squash" in out and "three members claimed beans" in out
        assert "across the federation" in out
        assert 'ape run simulate "Harvest Coop" 0x' in out  # the open proposal, ready to simulate

        # The wallet page and the API answer at the URL printed, for this chain's co-op.
        page = f"http://127.0.0.1:{web_port}/"
        assert f"web page:    {page}" in out
        answer = requests.get(page, timeout=30)
        assert answer.status_code == 200 and "<html" in answer.text.lower(), answer.text[:300]
        health = requests.get(page + "api/health", timeout=30).json()
        assert health["status"] == "ok", health
        coops = requests.get(page + "api/coops", timeout=30).json()
        assert "Harvest Coop" in str(coops) and "Riverside Coop" in str(coops), coops

        commands = [line.strip() for line in out.splitlines() if line.strip().startswith("ape run offer")]
        sign = next(c for c in commands if " sign " in c)
        fill = next(c for c in commands if " fill " in c)
        env = script_env(tmp_path)
        for command in (sign, fill):
            argv = shlex.split(command)
            result = subprocess.run(
                [APE, *argv[1:]], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
            )
            output = result.stdout + result.stderr
            assert result.returncode == 0 and "Traceback" not in output, f"{command}\n{output}"
        # The printed sign command says how to fill what it signed.
        signed = subprocess.run(
            [APE, *shlex.split(sign)[1:]], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
        )
        assert "fill it with: ape run offer fill" in signed.stdout, signed.stdout + signed.stderr
        listed = subprocess.run(
            [APE, "run", "offer", "list", "--network", network],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert listed.stdout.count("[filled or cancelled]") == 1, listed.stdout
        assert listed.stdout.count("[open]") == 2, listed.stdout  # the two signed by the sign command

        process.send_signal(signal.SIGINT)
        rest, _ = process.communicate(timeout=60)
        assert "stopping" in rest and "Traceback" not in rest, rest
        assert process.returncode == 0
        assert not _port_open(port), "Ctrl-C left anvil running"
        assert not _port_open(web_port), "Ctrl-C left the web service running"
    finally:
        if process.poll() is None:  # a failed assertion: Ctrl-C, so the demo stops its anvil
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
