"""The co-op's contracts as web3.py objects, from a deployment file.

Used by tools that talk to a node directly (integration tests, benchmark,
web service): the same addresses `ape run deploy` wrote, the same ABIs Vyper
compiled.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from eth_utils import keccak
from web3 import Web3
from web3.contract import Contract

from harvest_coop import artifacts
from harvest_coop.deployment import read_deployment
from harvest_coop.governance import with_proposer


def contract(w3: Web3, name: str, address: str) -> Contract:
    return w3.eth.contract(address=Web3.to_checksum_address(address), abi=artifacts.load(name)["abi"])


def load_coop(w3: Web3, deployment_file: Path) -> dict[str, Contract]:
    """Every contract named in the deployment file, checked against the node's chain id."""
    record = read_deployment(deployment_file)
    if record["chain_id"] != w3.eth.chain_id:
        raise ValueError(
            f"{deployment_file} is for chain {record['chain_id']}, the node is chain {w3.eth.chain_id}"
        )
    return {name: contract(w3, name, address) for name, address in record["contracts"].items()}


def deploy(w3: Web3, name: str, *args: Any, sender: str) -> Contract:
    """Deploy `name` from an unlocked node account (anvil's) and return it."""
    art = artifacts.load(name)
    factory = w3.eth.contract(abi=art["abi"], bytecode=art["bytecode"])
    tx_hash = factory.constructor(*args).transact({"from": sender})
    receipt = w3.eth.wait_for_transaction_receipt(tx_hash)
    if receipt["status"] != 1:
        raise RuntimeError(f"deploying {name} reverted")
    return contract(w3, name, receipt["contractAddress"])


def transact(fn: Any, sender: str, value: int = 0) -> Any:
    """Send a contract call from an unlocked account, wait, and fail loudly on revert."""
    receipt = fn.w3.eth.wait_for_transaction_receipt(fn.transact({"from": sender, "value": value}))
    if receipt["status"] != 1:
        raise RuntimeError(f"{fn.fn_name} reverted")
    return receipt


def wallet_sign(w3: Web3, account: str, typed_data: dict[str, Any]) -> bytes:
    """What a wallet does with EIP-712 typed data: `eth_signTypedData_v4`
    (anvil answers for its unlocked accounts). Returns 65 bytes r||s||v."""
    response = w3.provider.make_request("eth_signTypedData_v4", [account, json.dumps(typed_data)])
    if "error" in response:
        raise RuntimeError(f"eth_signTypedData_v4 failed: {response['error']}")
    return bytes.fromhex(response["result"].removeprefix("0x"))


def advance_time(w3: Web3, seconds: int) -> None:
    """Move the node's clock forward and mine a block (anvil / hardhat RPC)."""
    w3.provider.make_request("evm_increaseTime", [seconds])
    w3.provider.make_request("evm_mine", [])


def description_hash(description: str) -> bytes:
    return keccak(text=description)


def pass_proposal_web3(
    w3: Web3,
    governor: Contract,
    proposer: str,
    voters: list[str],
    actions: list[tuple[str, int, bytes]],
    description: str,
    say: Any = print,
) -> int:
    """Propose, vote for with every voter, queue and execute, moving anvil's clock.

    The web3.py twin of `harvest_coop.governance.pass_proposal` (which drives
    Ape contract objects); every step is a real transaction on the node. The
    description gets the proposer's `#proposer=` suffix (front-running guard).
    """
    description = with_proposer(description, proposer)
    targets = [Web3.to_checksum_address(a[0]) for a in actions]
    values = [a[1] for a in actions]
    calldatas = [a[2] for a in actions]
    dh = description_hash(description)
    transact(governor.functions.propose(targets, values, calldatas, description), proposer)
    proposal_id = int(governor.functions.hashProposal(targets, values, calldatas, dh).call())
    say(f"  proposed: {description!r}")
    now = w3.eth.get_block("latest")["timestamp"]
    advance_time(w3, governor.functions.proposalSnapshot(proposal_id).call() - now + 1)
    for voter in voters:
        transact(governor.functions.castVote(proposal_id, 1), voter)
    say(f"  {len(voters)} members voted for")
    now = w3.eth.get_block("latest")["timestamp"]
    advance_time(w3, governor.functions.proposalDeadline(proposal_id).call() - now + 1)
    transact(governor.functions.queue(targets, values, calldatas, dh), proposer)
    eta = governor.functions.proposalEta(proposal_id).call()
    say("  queued on the timelock")
    now = w3.eth.get_block("latest")["timestamp"]
    advance_time(w3, max(eta - now, 0) + 1)
    transact(governor.functions.execute(targets, values, calldatas, dh), proposer)
    state = governor.functions.state(proposal_id).call()
    if state != 7:
        raise RuntimeError(f"proposal {description!r} ended in state {state}, not Executed")
    say("  executed by the timelock")
    return proposal_id
