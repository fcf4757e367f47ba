"""`pass_proposal` (Ape and web3) on both network forms a developer uses, the
`foundry` provider and a node by URL (`ethereum:local:http://…`), including
a retry after a failure part-way: the second run finishes the same proposal
instead of failing or proposing it again."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from web3 import Web3

from harvest_coop.core.constants import ProposalState
from harvest_coop.core.proposals import proposal_of
from harvest_coop.web3_layer.contracts import load_coop
from harvest_coop.web3_layer.governance import pass_proposal

ROOT = Path(__file__).resolve().parents[2]
DRIVER = Path(__file__).with_name("ape_pass_proposal_driver.py")


def _drive(network: str, step: str) -> dict:
    env = dict(os.environ)
    env.setdefault("APE_DATA_FOLDER", str(ROOT / ".ape"))
    env["PATH"] = f"{ROOT / 'node_modules' / '.bin'}{os.pathsep}{env.get('PATH', '')}"
    result = subprocess.run(
        [sys.executable, str(DRIVER), network, step],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    [line] = [line for line in result.stdout.splitlines() if line.startswith("RESULT ")]
    return json.loads(line.removeprefix("RESULT "))


@pytest.mark.parametrize("step", ["proposed", "voted", "queued"])
def test_ape_pass_proposal__url_network__resumes_after_failure(anvil, step):
    outcome = _drive(f"ethereum:local:{anvil.url}", step)
    assert (
        outcome["state_after_failure"]
        == {
            "proposed": "Pending",
            "voted": "Active",
            "queued": "Queued",
        }[step]
    )
    assert outcome["state"] == "Executed" and outcome["member"]
    assert outcome["votes"] == [0, 3, 0]  # nobody voted twice
    assert not any(m.startswith("proposed") for m in outcome["resumed"])


def test_ape_pass_proposal__foundry_provider__resumes_after_failure():
    outcome = _drive("ethereum:local:foundry", "voted")
    assert outcome["provider"] == "FoundryProvider"
    assert outcome["state_after_failure"] == "Active"
    assert outcome["state"] == "Executed" and outcome["member"]
    assert outcome["votes"] == [0, 3, 0]


class Interrupted(Exception):
    pass


@pytest.mark.parametrize("step", ["proposed", "voted for", "queued"])
def test_web3_pass_proposal__resumes_after_failure(w3, deployed, step):
    coop = load_coop(w3, deployed)
    membership, governor = coop["Membership"], coop["CoopGovernor"]
    founders = w3.eth.accounts[1:6]
    newcomer = w3.eth.accounts[{"proposed": 7, "voted for": 8, "queued": 9}[step]]
    actions = [(membership.address, 0, membership.encode_abi("admit", args=[newcomer]))]
    description = f"Admit {newcomer}"

    def interrupt(message: str) -> None:
        if step in message:
            raise Interrupted(message)

    with pytest.raises(Interrupted):
        pass_proposal(w3, governor, founders[0], founders[:3], actions, description, say=interrupt)
    proposal = proposal_of(actions, description, founders[0])
    assert governor.functions.state(proposal.proposal_id).call() != ProposalState.EXECUTED
    pass_proposal(w3, governor, founders[0], founders[:3], actions, description, say=lambda _m: None)
    assert governor.functions.state(proposal.proposal_id).call() == ProposalState.EXECUTED
    assert governor.functions.proposalVotes(proposal.proposal_id).call() == [0, 3, 0]
    assert membership.functions.is_member(Web3.to_checksum_address(newcomer)).call()
