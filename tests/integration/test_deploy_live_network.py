"""`ape run deploy` on a network Ape treats as live, with a keyfile account.

The "live" network is an anvil node started with Sepolia's chain id and one
block a second (Ape waits for confirmations on live networks); the deployer
is a keyfile account in a throw-away Ape data folder, unlocked with the
passphrase from HARVEST_COOP_PASSPHRASE. Nothing here has a key in the repo.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from eth_account import Account
from web3 import Web3

from harvest_coop.core.constants import TIMELOCK_ROLES
from harvest_coop.testing.anvil import AnvilNode

ROOT = Path(__file__).resolve().parents[2]
SEPOLIA = 11_155_111
FOUNDERS = [
    "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
    "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
    "0x90F79bf6EB2c4f870365E785982E1f101E93b906",
]


@pytest.fixture(scope="module")
def live_node() -> Iterator[AnvilNode]:
    node = AnvilNode(
        chain_id=SEPOLIA, block_time=0.25
    )  # a block every quarter second: live-network waits, short
    node.start()
    try:
        yield node
    finally:
        node.stop()


@pytest.fixture(scope="module")
def keyfile_account(tmp_path_factory: pytest.TempPathFactory, live_node: AnvilNode) -> tuple[Path, str]:
    """An Ape data folder holding one encrypted keyfile account, funded on the node."""
    data = tmp_path_factory.mktemp("ape-data")
    (data / "accounts").mkdir()
    account = Account.create()
    keystore = Account.encrypt(account.key, "correct horse")
    (data / "accounts" / "coop-deployer.json").write_text(json.dumps(keystore))
    w3 = Web3(Web3.HTTPProvider(live_node.url))
    w3.provider.make_request("anvil_setBalance", [account.address, hex(10**20)])
    return data, account.address


def run_deploy(
    node: AnvilNode, data: Path, out: Path, *extra: str, passphrase: str | None
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "HARVEST_COOP_PASSPHRASE"}
    env["APE_DATA_FOLDER"] = str(data)
    # The node's real block time, as a person would tell Ape in their config
    # for a network it does not know: Ape waits half a block time between
    # its confirmation polls (Sepolia's default, 15 s, would wait 7 s a
    # transaction on a node that makes four blocks a second).
    env["APE_ETHEREUM_SEPOLIA"] = json.dumps({"block_time": 1, "required_confirmations": 2})
    if passphrase is not None:
        env["HARVEST_COOP_PASSPHRASE"] = passphrase
    return subprocess.run(
        [
            str(Path(sys.executable).parent / "ape"),
            "run",
            "deploy",
            "--network",
            f"ethereum:sepolia:{node.url}",
            "--out",
            str(out),
            *extra,
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        stdin=subprocess.DEVNULL,
    )


def deploy_as_the_keyfile_account(
    node: AnvilNode, data: Path, out: Path, *extra: str
) -> subprocess.CompletedProcess[str]:
    """`ape run deploy` as the funded keyfile account, its passphrase given,
    confirmed with --yes, for the three founders, with `extra` options."""
    founders = [arg for f in FOUNDERS for arg in ("--founder", f)]
    return run_deploy(
        node, data, out, "--account", "coop-deployer", "--yes", *founders, *extra, passphrase="correct horse"
    )


def test_deploy__live_network_without_account__refuses(live_node, keyfile_account, tmp_path):
    data, _ = keyfile_account
    result = run_deploy(live_node, data, tmp_path, passphrase=None)
    assert result.returncode != 0
    assert "is live: pass --account ALIAS" in result.stdout + result.stderr
    assert not list(tmp_path.glob("sepolia-*.json"))


def test_deploy__keyfile_without_passphrase__refuses(live_node, keyfile_account, tmp_path):
    data, _ = keyfile_account
    result = run_deploy(live_node, data, tmp_path, "--account", "coop-deployer", "--yes", passphrase=None)
    assert result.returncode != 0
    assert "set HARVEST_COOP_PASSPHRASE" in result.stdout + result.stderr


def test_deploy__keyfile_account__deploys_and_keeps_no_role(live_node, keyfile_account, tmp_path):
    data, deployer = keyfile_account
    result = deploy_as_the_keyfile_account(live_node, data, tmp_path)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "correct horse" not in result.stdout + result.stderr
    [path] = list(tmp_path.glob("sepolia-*.json"))
    record = json.loads(path.read_text())
    assert record["chain_id"] == SEPOLIA
    w3 = Web3(Web3.HTTPProvider(live_node.url))
    from harvest_coop.web3_layer.contracts import contract, load_coop

    assert path.name == f"sepolia-{SEPOLIA}-{bytes(w3.eth.get_block(0)['hash']).hex()[:8]}.json"
    coop = load_coop(w3, path)
    timelock = coop["TimelockController"]
    assert not any(timelock.functions.hasRole(role, deployer).call() for role in TIMELOCK_ROLES.values())
    assert [coop["Membership"].functions.is_member(f).call() for f in FOUNDERS] == [True] * 3
    assert not coop["Membership"].functions.is_member(deployer).call()
    # A live network's factory: a day of voting and a day of timelock at least.
    factory = contract(w3, "CoopFactory", record["factory"])
    assert (factory.functions.MIN_VOTING_PERIOD().call(), factory.functions.MIN_TIMELOCK_DELAY().call()) == (
        86_400,
        86_400,
    )


def test_deploy__live_network__timings_below_its_floor__one_line_and_nothing_sent(
    live_node, keyfile_account, tmp_path
):
    data, deployer = keyfile_account
    w3 = Web3(Web3.HTTPProvider(live_node.url))
    before = w3.eth.get_transaction_count(deployer)
    result = deploy_as_the_keyfile_account(live_node, data, tmp_path, "--voting-period", "300")
    assert result.returncode != 0
    out = result.stdout + result.stderr
    assert "--voting-period 300 is below this network's minimum of 86400 seconds" in out
    assert "Traceback" not in out
    assert w3.eth.get_transaction_count(deployer) == before  # nothing sent
    assert not list(tmp_path.glob("sepolia-*.json"))
