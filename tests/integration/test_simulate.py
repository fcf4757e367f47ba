"""`ape run simulate` (issue 11) on the demo co-op, as a member types it: a
parameter change reported from a fork while the original chain stays
exactly as it was; a proposal whose execution reverts, one that would be
defeated, and every mistake as one line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from eth_abi.abi import encode as abi_encode
from web3 import Web3

from harvest_coop.core.constants import ProposalState, VoteSupport
from harvest_coop.core.proposals import proposal_of
from harvest_coop.testing.anvil import free_port
from harvest_coop.testing.commands import APE, fails_with, run_command, succeeds
from harvest_coop.web3_layer.governance import advance_time
from harvest_coop.web3_layer.sender import transact

COOP = "Harvest Coop"


def simulate(tmp: Path, demo: dict, *args: str) -> Any:
    return run_command(tmp, APE, "run", "simulate", *args, "--network", demo["network"])


def report_of(result: Any) -> dict[str, Any]:
    """The JSON report `--json` prints (after Ape's connection line)."""
    succeeds(result)
    return dict(json.loads(result.stdout[result.stdout.index("{") :]))


def free_proposer(demo: dict) -> str:
    """A member with no proposal open (one open proposal per member), the
    clock moved past the earliest deadline if every member has one."""
    w3, coop = demo["w3"], demo["coop"]
    governor, membership = coop["CoopGovernor"], coop["Membership"]
    members = [a for a in w3.eth.accounts[:10] if membership.functions.is_member(a).call()]
    deadlines = {a: governor.functions.open_proposal_deadline(a).call() for a in members}
    now = w3.eth.get_block("latest")["timestamp"]
    if all(d >= now for d in deadlines.values()):
        advance_time(w3, min(deadlines.values()) - now + 1)
        now = w3.eth.get_block("latest")["timestamp"]
    return next(a for a in members if deadlines[a] < now)


def propose(demo: dict, actions: list[Any], description: str) -> int:
    """A proposal made on the original chain by a founder, the way a member does."""
    proposer = free_proposer(demo)
    proposal = proposal_of(actions, description, proposer)
    transact(demo["coop"]["CoopGovernor"].functions.propose(*proposal.propose_args()), proposer)
    return proposal.proposal_id


def snapshot_of_original(demo: dict, proposal_id: int) -> dict[str, Any]:
    w3, coop = demo["w3"], demo["coop"]
    return {
        "block": w3.eth.block_number,
        "state": coop["CoopGovernor"].functions.state(proposal_id).call(),
        "votes": coop["CoopGovernor"].functions.proposalVotes(proposal_id).call(),
        "max_proxies": coop["Membership"].functions.max_proxies().call(),
        "members": coop["Membership"].functions.totalSupply().call(),
        "credit": coop["CoopCredit"].functions.totalSupply().call(),
    }


def test_simulate__parameter_change__reported__original_untouched(cli_tmp, demo):
    membership = demo["coop"]["Membership"]
    before_value = membership.functions.max_proxies().call()
    pid = propose(
        demo,
        [(membership.address, 0, membership.encode_abi("set_max_proxies", args=[before_value + 2]))],
        "Let members hold two more proxies",
    )
    before = snapshot_of_original(demo, pid)
    report = report_of(simulate(cli_tmp, demo, COOP, hex(pid), "--json"))
    assert report["outcome"] == "executed", report
    assert report["state_before"] == "Pending"
    assert {
        "contract": "Membership",
        "view": "max_proxies",
        "before": before_value,
        "after": before_value + 2,
    } in report["changes"]
    assert any(e["event"] == "ProposalExecuted" for e in report["events"])
    assert report["votes_cast"] >= 1
    assert snapshot_of_original(demo, pid) == before  # not one block or value moved


def test_simulate__text_report_and_progress(cli_tmp, demo):
    membership = demo["coop"]["Membership"]
    pid = propose(
        demo,
        [(membership.address, 0, membership.encode_abi("set_max_proxies", args=[4]))],
        "Four proxies per member",
    )
    output = succeeds(simulate(cli_tmp, demo, COOP, str(pid)))
    for step in ("starting a fork of", "moved past the voting delay", "queued on the timelock", "executed"):
        assert step in output, output
    assert "Membership.max_proxies: " in output and "-> 4" in output
    assert "fork stopped" in output


def test_simulate__credit_mint__balances_before_and_after(cli_tmp, demo):
    credit = demo["coop"]["CoopCredit"]
    receiver = demo["w3"].eth.accounts[2]
    pid = propose(
        demo,
        [(credit.address, 0, credit.encode_abi("mint", args=[receiver, 7 * 10**18]))],
        "Seven credit for the kale grower",
    )
    before = credit.functions.balanceOf(receiver).call()
    report = report_of(simulate(cli_tmp, demo, COOP, hex(pid), "--json"))
    [change] = [b for b in report["balances"] if b["account"] == Web3.to_checksum_address(receiver)]
    assert (int(change["before"]), int(change["after"])) == (before, before + 7 * 10**18)
    assert credit.functions.balanceOf(receiver).call() == before


def test_simulate__execution_reverts__reason_reported(cli_tmp, demo):
    membership = demo["coop"]["Membership"]
    pid = propose(
        demo,
        [(membership.address, 0, membership.encode_abi("set_max_proxies", args=[9]))],
        "Let a member hold nine proxies",
    )
    report = report_of(simulate(cli_tmp, demo, COOP, hex(pid), "--json"))
    assert report["outcome"] == "reverted"
    assert "max_proxies above limit" in report["revert_reason"], report["revert_reason"]


def test_simulate__defeated_even_with_every_remaining_vote(cli_tmp, demo):
    w3, governor, membership = demo["w3"], demo["coop"]["CoopGovernor"], demo["coop"]["Membership"]
    pid = propose(
        demo,
        [(membership.address, 0, membership.encode_abi("set_max_proxies", args=[1]))],
        "One proxy only",
    )
    advance_time(
        w3, governor.functions.proposalSnapshot(pid).call() - w3.eth.get_block("latest")["timestamp"] + 1
    )
    members = [a for a in w3.eth.accounts[:10] if membership.functions.is_member(a).call()]
    voters = [m for m in members if membership.functions.getVotes(m).call() > 0]
    for voter in voters[: len(voters) // 2 + 1]:
        transact(governor.functions.castVote(pid, VoteSupport.AGAINST), voter)
    assert governor.functions.state(pid).call() == ProposalState.ACTIVE
    report = report_of(simulate(cli_tmp, demo, COOP, hex(pid), "--json"))
    assert report["outcome"] == "defeated"
    assert "ends Defeated" in report["revert_reason"]


def test_simulate__mistakes__one_line(cli_tmp, demo):
    fails_with(
        simulate(cli_tmp, demo, "Nowhere Coop", "1"),
        "no co-op named 'Nowhere Coop' on this chain (known: 'Harvest Coop')",
    )
    fails_with(simulate(cli_tmp, demo, COOP, "0x1234"), f"co-op {COOP!r} has no proposal 0x1234")
    fails_with(simulate(cli_tmp, demo, COOP, "twelve"), "'twelve' is not a proposal id")
    executed = next(
        int(log["args"]["proposalId"])
        for log in demo["coop"]["CoopGovernor"].events.ProposalCreated().get_logs(from_block=0)
        if demo["coop"]["CoopGovernor"].functions.state(int(log["args"]["proposalId"])).call()
        == ProposalState.EXECUTED
    )
    fails_with(
        simulate(cli_tmp, demo, COOP, hex(executed)),
        "is Executed: only a Pending or Active proposal can be simulated",
    )
    port = free_port()
    fails_with(
        run_command(
            cli_tmp, APE, "run", "simulate", COOP, "1", "--network", f"ethereum:local:http://127.0.0.1:{port}"
        ),
        f"cannot reach the node at http://127.0.0.1:{port}",
    )


@pytest.mark.parametrize("network_form", ["url"])
def test_simulate__against_any_rpc_url(cli_tmp, demo, network_form):
    """The same report through web3 directly, as the web service calls it."""
    from harvest_coop.core.deployment import read_deployment
    from harvest_coop.web3_layer.simulate import simulate as simulate_on_fork

    membership = demo["coop"]["Membership"]
    pid = propose(
        demo,
        [(membership.address, 0, membership.encode_abi("set_max_proxies", args=[5]))],
        "Five proxies per member",
    )
    registry = read_deployment(demo["path"]).registry
    assert registry is not None
    messages: list[str] = []
    report = simulate_on_fork(demo["node"].url, registry, COOP, pid, say=messages.append)
    assert report.outcome == "executed"
    assert any(c.view == "max_proxies" and c.after == 5 for c in report.changes)
    assert messages[0].startswith("reading proposal") and messages[-1] == "fork stopped"


def test_simulate__a_description_that_is_not_utf8__breaks_no_simulation(cli_tmp, demo):
    """Attack: a proposal's description is any bytes (the governor takes a
    string and never checks it). A member proposes with one that is not
    UTF-8, so decoding every ProposalCreated of the history fails, and
    with it the simulation of every proposal made since. Rule: such a
    proposal breaks no other simulation, and is simulated itself (its
    description hash is that of the bytes as sent)."""
    w3, coop = demo["w3"], demo["coop"]
    membership, governor = coop["Membership"], coop["CoopGovernor"]
    value = membership.functions.max_proxies().call()
    calldata = membership.encode_abi("set_max_proxies", args=[value + 1])
    selector = governor.encode_abi("propose", args=[[membership.address], [0], [calldata], ""])[:10]
    body = abi_encode(
        ["address[]", "uint256[]", "bytes[]", "bytes"],
        [[membership.address], [0], [bytes.fromhex(calldata[2:])], b"poisoned \xff\xfe description"],
    )
    sent = w3.eth.send_transaction(
        {"from": free_proposer(demo), "to": governor.address, "data": selector + body.hex()}
    )
    receipt = w3.eth.wait_for_transaction_receipt(sent)
    assert receipt["status"] == 1
    poisoned = int.from_bytes(bytes(receipt["logs"][0]["data"])[:32], "big")  # ProposalCreated's proposalId
    honest = propose(
        demo,
        [(membership.address, 0, membership.encode_abi("set_max_proxies", args=[value + 3]))],
        "Three more proxies, proposed after the poisoned one",
    )
    assert report_of(simulate(cli_tmp, demo, COOP, hex(honest), "--json"))["outcome"] == "executed"
    report = report_of(simulate(cli_tmp, demo, COOP, hex(poisoned), "--json"))
    assert report["outcome"] == "executed", report
    assert report["description"] == "poisoned \ufffd\ufffd description"
