"""Integration tests against a real anvil node, started here and stopped by pid."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from web3 import Web3

from harvest_coop.core.deployment import chain_key, deployment_path
from harvest_coop.testing.anvil import AnvilNode
from harvest_coop.testing.commands import APE, run_command, succeeds
from harvest_coop.testing.scripts import load_script
from harvest_coop.web3_layer.contracts import load_coop

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def anvil() -> Iterator[AnvilNode]:
    node = AnvilNode()
    node.start()
    try:
        yield node
    finally:
        node.stop()


@pytest.fixture(scope="module")
def w3(anvil: AnvilNode) -> Web3:
    return Web3(Web3.HTTPProvider(anvil.url))


def run_deploy(anvil: AnvilNode, out: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """`ape run deploy` against the node, as a member types it."""
    env = dict(os.environ)
    env.setdefault("APE_DATA_FOLDER", str(ROOT / ".ape"))
    ape = Path(sys.executable).parent / "ape"
    return subprocess.run(
        [str(ape), "run", "deploy", "--network", f"ethereum:local:{anvil.url}", "--out", str(out), *options],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def deploy_script(anvil: AnvilNode):
    """`run_deploy` bound to the module's node: `deploy_script(out, *options)`."""
    return lambda out, *options: run_deploy(anvil, out, *options)


@pytest.fixture(scope="module")
def deployed(anvil: AnvilNode, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Run the real deploy script (`ape run deploy`) against the node."""
    out = tmp_path_factory.mktemp("deployments")
    result = run_deploy(
        anvil, out, "--voting-delay", "10", "--voting-period", "300", "--timelock-delay", "60"
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    w3 = Web3(Web3.HTTPProvider(anvil.url))
    key = chain_key(w3.eth.chain_id, bytes(w3.eth.get_block(0)["hash"]))
    path = deployment_path(out, "local", key)
    assert path.exists(), f"the deploy script did not write {path.name}: {sorted(out.iterdir())}"
    return path


@pytest.fixture(scope="module")
def cli_tmp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the module's commands keep deployment files and saved offers."""
    return tmp_path_factory.mktemp("cli")


@pytest.fixture(scope="module")
def demo(cli_tmp: Path) -> Iterator[dict[str, Any]]:
    """anvil with the demo co-op, deployed by `ape run deploy` as typed and
    seeded by the demo's own steps (scripts/demo_seed.py)."""
    node = AnvilNode()
    w3 = node.start()
    try:
        network = f"ethereum:local:{node.url}"
        succeeds(run_command(cli_tmp, APE, "run", "deploy", "--network", network))
        key = chain_key(w3.eth.chain_id, bytes(w3.eth.get_block(0)["hash"]))
        path = deployment_path(cli_tmp / "deployments", "local", key)
        coop = load_coop(w3, path)
        founders = [a for a in w3.eth.accounts[:10] if coop["Membership"].functions.is_member(a).call()]
        load_script("demo_seed").run(w3, coop, founders, lambda _msg: None)
        yield {"node": node, "w3": w3, "network": network, "coop": coop, "path": path, "key": key}
    finally:
        node.stop()
