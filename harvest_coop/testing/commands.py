"""Commands run as a person types them, in a subprocess, for the tests that
check what a person sees: the exit code, one clear line, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from harvest_coop.testing.scripts import ROOT, script_env

__all__ = ["APE", "fails_with", "run_command", "succeeds"]

APE = str(Path(sys.executable).parent / "ape")


def run_command(tmp: Path, *args: str, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    """`args` run from the repository with its state under `tmp`
    (`script_env`); the output must never hold a traceback."""
    result = subprocess.run(
        list(args), cwd=ROOT, env=script_env(tmp), capture_output=True, text=True, timeout=timeout
    )
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    return result


def fails_with(result: subprocess.CompletedProcess[str], message: str) -> None:
    """A non-zero exit whose output says `message` on one line."""
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert any(message in line for line in output.splitlines()), output


def succeeds(result: subprocess.CompletedProcess[str]) -> str:
    """A zero exit; returns the output."""
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-3000:]
    return output
