"""A full proposal on a real anvil node: deploy script, then contract calls only."""

import json

from harvest_coop.core.constants import TIMELOCK_ROLES
from harvest_coop.core.proposals import description_hash
from harvest_coop.web3_layer.contracts import contract, load_coop
from harvest_coop.web3_layer.governance import advance_time
from harvest_coop.web3_layer.sender import transact


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


def test_deploy_script__twice__two_coops_through_one_factory_reusing_the_stack(deploy_script, w3, deployed):
    from harvest_coop.core.deployment import read_deployment

    first = read_deployment(deployed)
    code_before = {
        name: w3.eth.get_code(address)
        for name, address in first.blueprints.items()
        if isinstance(address, str)
    }
    result = deploy_script(deployed.parent, "--name", "Rooftop Coop", "--symbol", "RC")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "reusing the factory" in result.stdout + result.stderr
    second = read_deployment(deployed)
    assert second.factory == first.factory and second.blueprints == first.blueprints
    assert set(second.coops) == {"Harvest Coop", "Rooftop Coop"}
    assert second.default_coop == "Harvest Coop" and second.contracts == first.contracts
    assert set(second.coop("Rooftop Coop").values()).isdisjoint(first.contracts.values())
    registry = contract(w3, "CoopRegistry", second.registry)
    assert registry.functions.coop_count().call() == 2
    assert (
        registry.functions.coop_of(second.coop("Rooftop Coop")["NutrientExchange"]).call() == "Rooftop Coop"
    )
    assert code_before  # the blueprints were deployed once, by the first run

    again = deploy_script(deployed.parent, "--name", "Rooftop Coop")
    assert again.returncode != 0
    output = again.stdout + again.stderr
    assert "a co-op named 'Rooftop Coop' already exists on this network: choose another --name" in output
    assert "Traceback" not in output
