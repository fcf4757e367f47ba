"""execute: a proposal's calls run together, through the governor, or not at all."""

import ape

from harvest_coop.ape_layer.governance import call
from harvest_coop.core.constants import ProposalState
from harvest_coop.core.proposals import proposal_of, timelock_operations, timelock_salt


def _state(governor, pid):
    return ProposalState(governor.state(pid)).label


def test_execute__outsider_on_the_timelock_directly__reverts(
    governor, timelock, membership, founders, newcomer, outsider, ready_proposal
):
    # The attack: anyone held the executor role and could run a proposal's
    # first calls alone, or slip a transaction in between its calls.
    p = proposal_of(
        [call(membership, "admit", newcomer), call(membership, "admit", outsider)], "two admits", founders[0]
    )
    pid = ready_proposal(p)
    salt = timelock_salt(governor, pid)
    with ape.reverts():
        timelock.execute(p.targets[0], 0, p.calldatas[0], b"\x00" * 32, salt, sender=outsider)
    assert not membership.is_member(newcomer)
    assert _state(governor, pid) == "Queued"
    governor.execute(*p.id_args(), sender=outsider)  # the governor's execute stays open to anyone
    assert membership.is_member(newcomer) and membership.is_member(outsider)
    assert _state(governor, pid) == "Executed"


def test_execute__a_later_call_reverts__nothing_applies_and_it_stays_queued(
    governor, timelock, membership, founders, newcomer, ready_proposal
):
    # The second call fails (a proxy cap above the limit): the first must not stick.
    p = proposal_of(
        [call(membership, "admit", newcomer), call(membership, "set_max_proxies", 9)],
        "admit, nine proxies",
        founders[0],
    )
    pid = ready_proposal(p)
    with ape.reverts("membership: max_proxies above limit"):
        governor.execute(*p.id_args(), sender=founders[1])
    assert not membership.is_member(newcomer)
    assert _state(governor, pid) == "Queued"
    for operation in timelock_operations(governor, p, pid):
        assert timelock.is_operation_pending(operation) and not timelock.is_operation_done(operation)


def test_execute__every_operation_done_in_one_transaction(
    governor, timelock, membership, founders, newcomer, applicant, ready_proposal
):
    p = proposal_of(
        [call(membership, "admit", newcomer), call(membership, "admit", applicant)], "two", founders[0]
    )
    pid = ready_proposal(p)
    tx = governor.execute(*p.id_args(), sender=founders[1])
    executed = tx.decode_logs(timelock.CallExecuted)
    assert [e.id for e in executed] == timelock_operations(governor, p, pid)
    assert all(timelock.is_operation_done(o) for o in timelock_operations(governor, p, pid))


def test_execute__before_the_delay__reverts(governor, chain, founders, make_proposal):
    from harvest_coop.ape_layer.governance import advance_to

    p = make_proposal()
    governor.propose(p.targets, p.values, p.calldatas, p.description, sender=founders[0])
    pid = governor.hashProposal(*p.id_args())
    advance_to(chain, governor.proposalSnapshot(pid) + 1)
    governor.castVote(pid, 1, sender=founders[0])
    advance_to(chain, governor.proposalDeadline(pid) + 1)
    governor.queue(*p.id_args(), sender=founders[0])
    chain.pending_timestamp = governor.proposalEta(pid) - 1
    with ape.reverts("timelock_controller: operation is not ready"):
        governor.execute(*p.id_args(), sender=founders[0])


def test_execute__queued_but_not_run_within_the_grace__expired_reverts(
    governor, chain, founders, make_proposal, ready_proposal
):
    from harvest_coop.ape_layer.governance import advance_to

    p = make_proposal()
    pid = ready_proposal(p)
    advance_to(chain, governor.proposalEta(pid) + governor.GRACE_PERIOD() + 1)
    assert _state(governor, pid) == "Expired"
    with ape.reverts("governor: proposal is not queued"):
        governor.execute(*p.id_args(), sender=founders[0])
