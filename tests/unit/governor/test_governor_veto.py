"""veto: members stop a passed proposal during the timelock delay (review finding 12)."""

import ape

from harvest_coop.ape_layer.governance import advance_to, call
from harvest_coop.core.constants import ProposalState
from harvest_coop.core.proposals import proposal_of, timelock_operations


def _state(governor, pid):
    return ProposalState(governor.state(pid)).label


def _thin_pass(chain, governor, membership, founders, who, queue=True):
    """A harmful proposal passed by one vote in five (quorum 25%)."""
    p = proposal_of([call(membership, "expel", who)], "expel a critic", founders[0])
    governor.propose(p.targets, p.values, p.calldatas, p.description, sender=founders[0])
    pid = governor.hashProposal(*p.id_args())
    advance_to(chain, governor.proposalSnapshot(pid) + 1)
    governor.castVote(pid, 1, sender=founders[0])
    advance_to(chain, governor.proposalDeadline(pid) + 1)
    if queue:
        governor.queue(*p.id_args(), sender=founders[0])
    return pid, p


def test_veto__majority_during_the_delay__cancels_queued_proposal(
    governor, timelock, membership, chain, founders
):
    pid, p = _thin_pass(chain, governor, membership, founders, founders[4])
    assert _state(governor, pid) == "Queued"
    assert governor.vetoes(pid) == (0, 3)  # more than 50% of the 5 members at the snapshot
    for i, vetoer in enumerate(founders[1:4], start=1):
        tx = governor.veto(pid, sender=vetoer)
        ev = tx.decode_logs(governor.VetoCast)[0]
        assert (ev.member, ev.proposalId, ev.vetoes, ev.needed) == (vetoer, pid, i, 3)
    assert tx.decode_logs(governor.ProposalVetoed)[0].vetoes == 3
    assert tx.decode_logs(governor.ProposalCanceled)[0].proposalId == pid
    first = timelock_operations(governor, p, pid)[0]
    assert tx.decode_logs(timelock.Cancelled)[0].id == first
    assert _state(governor, pid) == "Canceled"
    advance_to(chain, governor.proposalEta(pid))
    with ape.reverts("governor: proposal is not queued"):
        governor.execute(*p.id_args(), sender=founders[0])
    assert membership.is_member(founders[4])


def test_veto__below_threshold__changes_nothing(governor, membership, chain, founders):
    pid, p = _thin_pass(chain, governor, membership, founders, founders[4])
    governor.veto(pid, sender=founders[1])
    governor.veto(pid, sender=founders[2])
    assert governor.vetoes(pid) == (2, 3)
    assert governor.has_vetoed(pid, founders[1]) and not governor.has_vetoed(pid, founders[3])
    advance_to(chain, governor.proposalEta(pid))
    governor.execute(*p.id_args(), sender=founders[0])
    assert _state(governor, pid) == "Executed"
    with ape.reverts("governor: only a passed, unexecuted proposal can be vetoed"):
        governor.veto(pid, sender=founders[3])


def test_veto__succeeded_not_yet_queued__cannot_be_queued_after(governor, membership, chain, founders):
    pid, p = _thin_pass(chain, governor, membership, founders, founders[4], queue=False)
    for vetoer in founders[1:4]:
        governor.veto(pid, sender=vetoer)
    assert _state(governor, pid) == "Canceled"
    with ape.reverts("governor: proposal has not succeeded"):
        governor.queue(*p.id_args(), sender=founders[0])


def test_veto__active_or_defeated__reverts(governor, chain, founders, open_proposal):
    pid, _ = open_proposal()
    with ape.reverts("governor: only a passed, unexecuted proposal can be vetoed"):
        governor.veto(pid, sender=founders[1])
    advance_to(chain, governor.proposalDeadline(pid) + 1)
    assert ProposalState(governor.state(pid)).label == "Defeated"
    with ape.reverts("governor: only a passed, unexecuted proposal can be vetoed"):
        governor.veto(pid, sender=founders[1])


def test_veto__twice_or_by_outsider__reverts(governor, membership, chain, founders, outsider):
    pid, _ = _thin_pass(chain, governor, membership, founders, founders[4])
    governor.veto(pid, sender=founders[1])
    with ape.reverts("governor: already vetoed"):
        governor.veto(pid, sender=founders[1])
    with ape.reverts("governor: only members veto"):
        governor.veto(pid, sender=outsider)


def test_veto__minority__cannot_block_a_passed_proposal(governor, membership, chain, founders):
    # No group smaller than a majority blocks the others: 2 of 5 cannot veto.
    pid, p = _thin_pass(chain, governor, membership, founders, founders[4])
    governor.veto(pid, sender=founders[3])
    governor.veto(pid, sender=founders[4])
    assert _state(governor, pid) == "Queued"


def test_veto__threshold_from_members_at_the_snapshot(governor, membership, chain, founders, applicant):
    pid, _ = _thin_pass(chain, governor, membership, founders, founders[4])
    membership.apply_for_membership(sender=applicant)
    membership.sponsor(applicant, sender=founders[0])
    membership.sponsor(applicant, sender=founders[1])
    advance_to(chain, membership.application(applicant).admit_after)
    membership.complete_admission(applicant, sender=founders[0])
    membership.resign(sender=founders[3])
    # Members who join or leave later neither lower nor raise the bar.
    assert governor.vetoes(pid)[1] == 3


def test_set_veto_percent__governance_only_and_bounded(governor, run_proposal, founder):
    import pytest
    from ape.exceptions import ContractLogicError

    assert governor.veto_percent() == 50
    with ape.reverts("governor: only governance (the timelock)"):
        governor.set_veto_percent(10, sender=founder)
    # 100 would end the veto; under 50 a minority would cancel everything.
    for share in (100, 49):
        with pytest.raises(ContractLogicError, match="governor: veto percent must be 50..99"):
            run_proposal([call(governor, "set_veto_percent", share)], f"veto share {share}")
    run_proposal([call(governor, "set_veto_percent", 75)], "harder veto")
    assert governor.veto_percent() == 75


def _admitted_by_sponsors(membership, chain, account, sponsors):
    membership.apply_for_membership(sender=account)
    for s in sponsors:
        membership.sponsor(account, sender=s)
    advance_to(chain, membership.application(account).admit_after)
    membership.complete_admission(account, sender=account)
    assert membership.is_member(account)


def test_veto__member_admitted_after_the_snapshot__reverts(governor, membership, chain, founders, applicant):
    """The vetoes needed are counted among the members at the snapshot, so
    a member admitted later cannot add to them (review: colluders completed
    held-back admissions after a snapshot to veto the majority)."""
    pid, _ = _thin_pass(chain, governor, membership, founders, founders[4])
    _admitted_by_sponsors(membership, chain, applicant, founders[1:3])
    with ape.reverts("governor: only members since the proposal's snapshot veto"):
        governor.veto(pid, sender=applicant)
    assert governor.vetoes(pid) == (0, 3)


def test_veto__member_who_left_and_rejoined_after_the_snapshot__reverts(
    governor, membership, chain, founders
):
    pid, _ = _thin_pass(chain, governor, membership, founders, founders[4])
    membership.resign(sender=founders[3])
    _admitted_by_sponsors(membership, chain, founders[3], founders[1:3])
    with ape.reverts("governor: only members since the proposal's snapshot veto"):
        governor.veto(pid, sender=founders[3])


def test_veto__expired_proposal__reverts(governor, membership, chain, founders):
    pid, _ = _thin_pass(chain, governor, membership, founders, founders[4])
    advance_to(chain, governor.proposalEta(pid) + governor.GRACE_PERIOD() + 1)
    assert _state(governor, pid) == "Expired"
    with ape.reverts("governor: only a passed, unexecuted proposal can be vetoed"):
        governor.veto(pid, sender=founders[1])
