"""set_governor: wired once by the deployer, replaced only by governance."""

import ape

from harvest_coop.ape_layer.governance import call, queue_proposal
from harvest_coop.core.constants import CANCELLER_ROLE, EXECUTOR_ROLE, PROPOSER_ROLE
from harvest_coop.core.eip712 import ballot_typed_data
from harvest_coop.core.proposals import proposal_of
from harvest_coop.testing.keys import anvil_key, sign_typed_data


def test_set_governor__timelock__replaces_and_logs(bare_membership, timelock_stand_in, governor):
    tx = bare_membership.set_governor(governor, sender=timelock_stand_in)
    assert bare_membership.governor() == governor.address
    assert tx.decode_logs(bare_membership.GovernorSet)[0].governor == governor.address


def test_set_governor__not_a_contract__reverts(bare_membership, timelock_stand_in, founder):
    with ape.reverts("membership: governor must be a contract"):
        bare_membership.set_governor(founder, sender=timelock_stand_in)


def test_set_governor__migration_through_governance__new_governor_takes_signed_votes(
    project, membership, governor, timelock, chain, founders, make_proposal
):
    new = project.CoopGovernor.deploy(
        "Test Coop Governor v2", membership, timelock, 10, 100, 25, 0, sender=founders[0]
    )
    actions = [
        call(membership, "set_governor", new),
        call(timelock, "grantRole", PROPOSER_ROLE, new),
        call(timelock, "grantRole", CANCELLER_ROLE, new),
        call(timelock, "grantRole", EXECUTOR_ROLE, new),
        call(timelock, "revokeRole", PROPOSER_ROLE, governor),
        call(timelock, "revokeRole", CANCELLER_ROLE, governor),
        call(timelock, "revokeRole", EXECUTOR_ROLE, governor),
    ]
    migration = proposal_of(actions, "migrate", founders[0])
    queue_proposal(chain, governor, founders[0], founders, migration)
    # A proposal on the old governor, open across the migration.
    old = make_proposal(description="left on the old governor")
    governor.propose(old.targets, old.values, old.calldatas, old.description, sender=founders[3])
    old_pid = governor.hashProposal(*old.id_args())
    governor.execute(*migration.id_args(), sender=founders[0])
    assert membership.governor() == new.address
    assert not timelock.hasRole(EXECUTOR_ROLE, governor)

    # The new governor runs a proposal end to end, with a signed ballot.
    p = make_proposal(description=f"admit after migration #proposer={founders[1].address}")
    new.propose(p.targets, p.values, p.calldatas, p.description, sender=founders[1])
    pid = new.hashProposal(*p.id_args())
    chain.mine(timestamp=new.proposalSnapshot(pid) + 1)
    voter = founders[2]
    data = ballot_typed_data(
        "Test Coop Governor v2", chain.chain_id, new.address, pid, 1, voter.address, new.nonces(voter)
    )
    new.castVoteBySig(pid, 1, voter, sign_typed_data(data, anvil_key(3)), sender=founders[0])
    assert new.hasVoted(pid, voter)
    # The old governor can no longer take signed ballots.
    chain.mine(timestamp=max(governor.proposalSnapshot(old_pid) + 1, chain.pending_timestamp))
    voter = founders[3]
    data = ballot_typed_data(
        "Test Coop Governor",
        chain.chain_id,
        governor.address,
        old_pid,
        1,
        voter.address,
        governor.nonces(voter),
    )
    with ape.reverts("membership: only the governor"):
        governor.castVoteBySig(old_pid, 1, voter, sign_typed_data(data, anvil_key(4)), sender=founders[0])
