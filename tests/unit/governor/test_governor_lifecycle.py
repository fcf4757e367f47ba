"""state through a proposal's life: queue, execute, defeat, capture attempts."""

import ape

from harvest_coop.ape_layer.governance import advance_to, call
from harvest_coop.core.constants import ProposalState
from harvest_coop.core.proposals import proposal_of


def _state(governor, pid):
    return ProposalState(governor.state(pid)).label


def test_lifecycle__passed_proposal__pending_active_succeeded_queued_executed(
    governor, timelock, membership, chain, founders, newcomer, make_proposal
):
    p = make_proposal()
    governor.propose(p.targets, p.values, p.calldatas, p.description, sender=founders[0])
    pid = governor.hashProposal(*p.id_args())
    assert _state(governor, pid) == "Pending"
    advance_to(chain, governor.proposalSnapshot(pid) + 1)
    assert _state(governor, pid) == "Active"
    for f in founders[:3]:
        governor.castVote(pid, 1, sender=f)
    advance_to(chain, governor.proposalDeadline(pid) + 1)
    assert _state(governor, pid) == "Succeeded"
    with ape.reverts("governor: proposal is not queued"):
        governor.execute(*p.id_args(), sender=founders[0])
    tx = governor.queue(*p.id_args(), sender=founders[0])
    eta = tx.decode_logs(governor.ProposalQueued)[0].etaSeconds
    assert eta == governor.proposalEta(pid) == chain.blocks.head.timestamp + 50
    assert _state(governor, pid) == "Queued"
    with ape.reverts("governor: proposal has not succeeded"):
        governor.queue(*p.id_args(), sender=founders[0])
    with ape.reverts():  # the timelock's delay has not passed
        governor.execute(*p.id_args(), sender=founders[0])
    advance_to(chain, eta)
    tx = governor.execute(*p.id_args(), sender=founders[4])
    assert tx.decode_logs(governor.ProposalExecuted)[0].proposalId == pid
    assert _state(governor, pid) == "Executed"
    assert membership.is_member(newcomer)
    with ape.reverts("governor: proposal is not queued"):
        governor.execute(*p.id_args(), sender=founders[0])


def test_lifecycle__no_quorum__defeated(governor, chain, founders, make_proposal):
    # 5 members, quorum 25% -> 1 vote is enough; nobody votes -> defeated.
    p = make_proposal()
    governor.propose(p.targets, p.values, p.calldatas, p.description, sender=founders[0])
    pid = governor.hashProposal(*p.id_args())
    advance_to(chain, governor.proposalDeadline(pid) + 1)
    assert governor.quorum(governor.proposalSnapshot(pid)) == 1
    assert _state(governor, pid) == "Defeated"
    with ape.reverts("governor: proposal has not succeeded"):
        governor.queue(*p.id_args(), sender=founders[0])


def test_lifecycle__tie__defeated(governor, chain, founders, open_proposal):
    pid, _ = open_proposal()
    governor.castVote(pid, 1, sender=founders[0])
    governor.castVote(pid, 0, sender=founders[1])
    advance_to(chain, governor.proposalDeadline(pid) + 1)
    assert _state(governor, pid) == "Defeated"


def test_lifecycle__abstain_counts_toward_quorum_only(
    governor, membership, chain, founders, run_proposal, make_proposal
):
    run_proposal([call(governor, "updateQuorumNumerator", 50)], "quorum 50%")
    ids = []
    for text, proposer in (("needs two of five", founders[0]), ("only abstentions", founders[1])):
        p = make_proposal(description=text)
        governor.propose(*p.propose_args(), sender=proposer)
        ids.append(governor.hashProposal(*p.id_args()))
    pid, abstained = ids
    advance_to(chain, governor.proposalSnapshot(abstained) + 1)
    governor.castVote(pid, 1, sender=founders[0])
    governor.castVote(pid, 2, sender=founders[1])
    governor.castVote(abstained, 2, sender=founders[2])
    governor.castVote(abstained, 2, sender=founders[3])
    advance_to(chain, governor.proposalDeadline(abstained) + 1)
    assert governor.quorum(governor.proposalSnapshot(pid)) == 2
    assert _state(governor, pid) == "Succeeded"  # the abstention made the quorum
    assert governor.quorum(governor.proposalSnapshot(abstained)) == 2
    assert _state(governor, abstained) == "Defeated"  # but abstentions carry nothing


def test_capture__deployer_cannot_schedule_on_timelock(timelock, deployer, membership, newcomer):
    with ape.reverts():
        timelock.schedule(
            membership.address,
            0,
            membership.admit.encode_input(newcomer),
            b"\x00" * 32,
            b"\x00" * 32,
            50,
            sender=deployer,
        )


def test_capture__member_cannot_change_governor_parameters(governor, founder):
    with ape.reverts("governor: only governance (the timelock)"):
        governor.setVotingDelay(0, sender=founder)
    with ape.reverts("governor: only governance (the timelock)"):
        governor.setVotingPeriod(1, sender=founder)
    with ape.reverts("governor: only governance (the timelock)"):
        governor.updateQuorumNumerator(1, sender=founder)


def test_parameters__through_governance__change_and_log(governor, run_proposal, chain):
    run_proposal(
        [
            call(governor, "setVotingDelay", 20),
            call(governor, "setVotingPeriod", 200),
            call(governor, "updateQuorumNumerator", 40),
        ],
        "slower, bigger quorum",
    )
    assert governor.votingDelay() == 20
    assert governor.votingPeriod() == 200
    assert governor.quorumNumerator() == 40
    # A proposal snapshotted before the change keeps the old numerator.
    assert governor.quorumNumerator(1) == 25


def test_parameters__out_of_range__refused_by_the_contract(governor, run_proposal):
    import pytest
    from ape.exceptions import ContractLogicError

    with pytest.raises(ContractLogicError):
        run_proposal([call(governor, "setVotingPeriod", 0)], "zero period")
    assert governor.votingPeriod() == 100


def test_timelock_delay__changed_only_through_governance(timelock, run_proposal, founder):
    with ape.reverts("timelock_controller: caller must be timelock"):
        timelock.update_delay(0, sender=founder)
    run_proposal([call(timelock, "update_delay", 77)], "timelock 77s")
    assert timelock.get_minimum_delay() == 77


def test_views__openzeppelin_constants(governor, chain):
    assert governor.COUNTING_MODE() == "support=bravo&quorum=for,abstain"
    assert governor.CLOCK_MODE() == "mode=timestamp"
    assert governor.clock() == chain.blocks.head.timestamp
    assert governor.version() == "1"
    assert governor.proposalThreshold() == 0
    assert governor.quorumDenominator() == 100
    assert governor.supportsInterface("0x01ffc9a7")


def test_proposal_with_value__forwards_ether_through_timelock(governor, founders, outsider, ready_proposal):
    p = proposal_of([(outsider.address, 10**15, b"")], "pay a grower")
    pid = ready_proposal(p)
    before = outsider.balance
    governor.execute(*p.id_args(), sender=founders[1], value=10**15)
    assert outsider.balance == before + 10**15
    assert _state(governor, pid) == "Executed"


def test_execute__several_calls__run_in_order_through_chained_operations(
    governor, membership, chain, founders, newcomer, applicant, run_proposal
):
    # The expel only works after the first admit, the second admit after both.
    pid = run_proposal(
        [
            call(membership, "admit", newcomer),
            call(membership, "expel", newcomer),
            call(membership, "admit", applicant),
        ],
        "admit, expel, admit",
    )
    assert _state(governor, pid) == "Executed"
    assert not membership.is_member(newcomer) and membership.is_expelled(newcomer)
    assert membership.is_member(applicant)
