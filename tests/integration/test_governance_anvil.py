"""A full proposal on a real anvil node: deploy script, then contract calls only."""

import json

from harvest_coop.roles import TIMELOCK_ROLES
from harvest_coop.web3_coop import advance_time, description_hash, load_coop, transact


def test_deploy_script__writes_every_core_contract_and_leaves_no_privilege(w3, deployed):
    record = json.loads(deployed.read_text())
    assert record["chain_id"] == w3.eth.chain_id
    assert {"Membership", "CoopGovernor", "TimelockController"} <= set(record["contracts"])
    coop = load_coop(w3, deployed)
    timelock = coop["TimelockController"]
    for account in w3.eth.accounts[:10]:
        for role in TIMELOCK_ROLES.values():
            assert not timelock.functions.hasRole(role, account).call()
    members = [a for a in w3.eth.accounts[:10] if coop["Membership"].functions.is_member(a).call()]
    assert members == w3.eth.accounts[1:6]


def test_full_proposal__admit_new_member__propose_vote_queue_execute(w3, deployed):
    coop = load_coop(w3, deployed)
    membership, governor = coop["Membership"], coop["CoopGovernor"]
    founders = w3.eth.accounts[1:6]
    newcomer = w3.eth.accounts[8]
    assert not membership.functions.is_member(newcomer).call()

    calldata = membership.encode_abi("admit", args=[newcomer])
    targets, values, calldatas = [membership.address], [0], [calldata]
    description = "Admit the newcomer who runs the rooftop beds"
    transact(governor.functions.propose(targets, values, calldatas, description), founders[0])
    pid = governor.functions.hashProposal(targets, values, calldatas, description_hash(description)).call()
    assert governor.functions.state(pid).call() == 0  # Pending

    advance_time(w3, 11)
    assert governor.functions.state(pid).call() == 1  # Active
    for f in founders[:3]:
        transact(governor.functions.castVote(pid, 1), f)
    transact(governor.functions.castVote(pid, 0), founders[3])
    assert governor.functions.proposalVotes(pid).call() == [1, 3, 0]

    advance_time(w3, 301)
    assert governor.functions.state(pid).call() == 4  # Succeeded
    transact(governor.functions.queue(targets, values, calldatas, description_hash(description)), founders[4])
    assert governor.functions.state(pid).call() == 5  # Queued

    advance_time(w3, 61)
    receipt = transact(
        governor.functions.execute(targets, values, calldatas, description_hash(description)), newcomer
    )
    assert governor.functions.state(pid).call() == 7  # Executed
    assert membership.functions.is_member(newcomer).call()
    assert membership.functions.getVotes(newcomer).call() == 1
    joined = membership.events.MemberJoined().process_receipt(receipt)
    assert joined[0]["args"]["account"] == newcomer
