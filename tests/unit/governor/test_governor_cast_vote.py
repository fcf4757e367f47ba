"""castVote / castVoteWithReason / hasVoted / proposalVotes."""

import ape

from harvest_coop.ape_layer.governance import advance_to, call
from harvest_coop.core.proposals import proposal_of


def test_cast_vote__member__counts_one_and_logs(governor, open_proposal, founder):
    pid, _ = open_proposal()
    tx = governor.castVote(pid, 1, sender=founder)
    ev = tx.decode_logs(governor.VoteCast)[0]
    assert (ev.voter, ev.proposalId, ev.support, ev.weight, ev.reason) == (founder, pid, 1, 1, "")
    assert governor.proposalVotes(pid) == (0, 1, 0)
    assert governor.hasVoted(pid, founder)


def test_cast_vote__each_type__goes_to_its_tally(governor, open_proposal, founders):
    pid, _ = open_proposal()
    governor.castVote(pid, 0, sender=founders[0])
    governor.castVote(pid, 1, sender=founders[1])
    governor.castVote(pid, 1, sender=founders[2])
    governor.castVote(pid, 2, sender=founders[3])
    assert governor.proposalVotes(pid) == (1, 2, 1)
    assert not governor.hasVoted(pid, founders[4])


def test_cast_vote_with_reason__logs_reason(governor, open_proposal, founder):
    pid, _ = open_proposal()
    tx = governor.castVoteWithReason(pid, 2, "we need more tomatoes", sender=founder)
    assert tx.decode_logs(governor.VoteCast)[0].reason == "we need more tomatoes"
    assert governor.proposalVotes(pid) == (0, 0, 1)


def test_cast_vote__twice__reverts(governor, open_proposal, founder):
    pid, _ = open_proposal()
    governor.castVote(pid, 1, sender=founder)
    with ape.reverts("governor: already voted"):
        governor.castVote(pid, 0, sender=founder)
    with ape.reverts("governor: already voted"):
        governor.castVoteWithReason(pid, 0, "again", sender=founder)


def test_cast_vote__invalid_support__reverts(governor, open_proposal, founder):
    pid, _ = open_proposal()
    with ape.reverts("governor: support must be 0 (against), 1 (for) or 2 (abstain)"):
        governor.castVote(pid, 3, sender=founder)


def test_cast_vote__outsider__reverts(governor, open_proposal, outsider):
    pid, _ = open_proposal()
    with ape.reverts("membership: only members vote (the voter left or was expelled)"):
        governor.castVote(pid, 1, sender=outsider)


def test_cast_vote__pending__reverts(governor, founder, make_proposal):
    p = make_proposal()
    governor.propose(p.targets, p.values, p.calldatas, p.description, sender=founder)
    pid = governor.hashProposal(*p.id_args())
    with ape.reverts("governor: voting is not open"):
        governor.castVote(pid, 1, sender=founder)


def test_cast_vote__after_deadline__reverts(governor, chain, open_proposal, founder):
    pid, _ = open_proposal()
    advance_to(chain, governor.proposalDeadline(pid) + 1)
    with ape.reverts("governor: voting is not open"):
        governor.castVote(pid, 1, sender=founder)


def test_cast_vote__unknown_proposal__reverts(governor, founder):
    with ape.reverts("governor: unknown proposal"):
        governor.castVote(42, 1, sender=founder)


def test_cast_vote__proxy_holder__counts_lent_votes(
    governor, membership, chain, founders, proxy_holder, make_proposal
):
    membership.invoke_transaction("delegate", proxy_holder, sender=founders[0])
    membership.invoke_transaction("delegate", proxy_holder, sender=founders[1])
    p = make_proposal()
    governor.propose(p.targets, p.values, p.calldatas, p.description, sender=founders[3])
    pid = governor.hashProposal(*p.id_args())
    advance_to(chain, governor.proposalSnapshot(pid) + 1)
    assert governor.castVote(pid, 1, sender=proxy_holder).decode_logs(governor.VoteCast)[0].weight == 3
    with ape.reverts("governor: no votes at the proposal snapshot"):
        governor.castVote(pid, 1, sender=founders[0])
    assert governor.proposalVotes(pid) == (0, 3, 0)


def test_cast_vote__member_who_joined_after_snapshot__reverts(
    governor, membership, chain, open_proposal, applicant, founders
):
    membership.apply_for_membership(sender=applicant)
    membership.sponsor(applicant, sender=founders[0])
    membership.sponsor(applicant, sender=founders[1])
    pid, _ = open_proposal("first")
    advance_to(chain, membership.application(applicant).admit_after)
    membership.complete_admission(applicant, sender=founders[0])
    assert membership.is_member(applicant)
    with ape.reverts("membership: joined after the proposal's snapshot"):
        governor.castVote(pid, 1, sender=applicant)


def test_cast_vote__delegating_after_snapshot__does_not_change_weight(
    governor, membership, open_proposal, founders, proxy_holder
):
    pid, _ = open_proposal()
    membership.invoke_transaction("delegate", proxy_holder, sender=founders[0])
    # The giver still votes with its snapshot weight; the holder's weight is still 1.
    assert governor.castVote(pid, 1, sender=founders[0]).decode_logs(governor.VoteCast)[0].weight == 1
    assert governor.castVote(pid, 1, sender=proxy_holder).decode_logs(governor.VoteCast)[0].weight == 1


def test_cast_vote__resigned_after_snapshot__reverts(governor, membership, open_proposal, member):
    pid, _ = open_proposal()
    membership.resign(sender=member)
    with ape.reverts("membership: only members vote (the voter left or was expelled)"):
        governor.castVote(pid, 1, sender=member)


# ---- votes lent to a proxy who leaves after the snapshot (review finding 13)


def _lend_and_open(membership, open_proposal, lenders, holder):
    for lender in lenders:
        membership.invoke_transaction("delegate", holder, sender=lender)
    return open_proposal("lent votes")


def test_cast_vote__proxy_holder_expelled_after_snapshot__cannot_vote_lent_votes(
    governor, membership, chain, founders, proxy_holder, ready_proposal, make_proposal, open_proposal
):
    expulsion = proposal_of([call(membership, "expel", proxy_holder)], "expel the proxy", founders[0])
    ready_proposal(expulsion)
    pid, _ = _lend_and_open(membership, open_proposal, founders[:2], proxy_holder)
    governor.execute(*expulsion.id_args(), sender=founders[3])
    assert membership.is_expelled(proxy_holder)
    with ape.reverts("membership: only members vote (the voter left or was expelled)"):
        governor.castVote(pid, 1, sender=proxy_holder)
    # ... and the lenders each vote their own single vote instead.
    for lender in founders[:2]:
        assert governor.castVote(pid, 0, sender=lender).decode_logs(governor.VoteCast)[0].weight == 1
    assert governor.proposalVotes(pid) == (2, 0, 0)


def test_cast_vote__proxy_resigned_after_snapshot_without_voting__lender_votes_its_own(
    governor, membership, founders, proxy_holder, open_proposal
):
    pid, _ = _lend_and_open(membership, open_proposal, founders[:1], proxy_holder)
    membership.resign(sender=proxy_holder)
    tx = governor.castVote(pid, 1, sender=founders[0])
    assert tx.decode_logs(governor.VoteCast)[0].weight == 1
    with ape.reverts("governor: already voted"):
        governor.castVote(pid, 1, sender=founders[0])


def test_cast_vote__proxy_voted_before_resigning__lender_has_no_second_vote(
    governor, membership, founders, proxy_holder, open_proposal
):
    pid, _ = _lend_and_open(membership, open_proposal, founders[:1], proxy_holder)
    assert governor.castVote(pid, 1, sender=proxy_holder).decode_logs(governor.VoteCast)[0].weight == 2
    membership.resign(sender=proxy_holder)
    with ape.reverts("governor: no votes at the proposal snapshot"):
        governor.castVote(pid, 1, sender=founders[0])
    assert governor.proposalVotes(pid) == (0, 2, 0)


def test_cast_vote__proxy_readmitted_after_snapshot__cannot_vote_that_proposal(
    bare_membership, project, deployer, timelock_stand_in, chain, founders, proxy_holder
):
    # A governor over a Membership whose timelock is a plain account, so the
    # holder can be expelled and re-admitted inside one voting period.
    governor = project.CoopGovernor.deploy(
        "G", bare_membership, timelock_stand_in, 1, 1_000, 25, 0, sender=deployer
    )
    bare_membership.set_governor(governor, sender=deployer)
    bare_membership.invoke_transaction("delegate", proxy_holder, sender=founders[0])
    p = proposal_of([(founders[4].address, 0, b"")], "x")
    governor.propose(p.targets, p.values, p.calldatas, p.description, sender=founders[1])
    pid = governor.hashProposal(*p.id_args())
    advance_to(chain, governor.proposalSnapshot(pid) + 1)
    bare_membership.expel(proxy_holder, sender=timelock_stand_in)
    bare_membership.admit(proxy_holder, sender=timelock_stand_in)
    with ape.reverts("membership: joined after the proposal's snapshot"):
        governor.castVote(pid, 1, sender=proxy_holder)
    assert governor.castVote(pid, 1, sender=founders[0]).decode_logs(governor.VoteCast)[0].weight == 1


def test_cast_vote__lender_relends_after_its_proxy_left__gives_up_the_fallback(
    governor, membership, founders, proxy_holder, open_proposal
):
    pid, _ = _lend_and_open(membership, open_proposal, founders[:1], proxy_holder)
    membership.resign(sender=proxy_holder)
    membership.invoke_transaction("delegate", founders[3], sender=founders[0])
    with ape.reverts("governor: no votes at the proposal snapshot"):
        governor.castVote(pid, 1, sender=founders[0])


def test_cast_vote__lent_after_snapshot_then_proxy_left__lender_keeps_its_snapshot_vote(
    governor, membership, founders, proxy_holder, open_proposal
):
    pid, _ = open_proposal("lent after the snapshot")
    membership.invoke_transaction("delegate", proxy_holder, sender=founders[0])
    membership.resign(sender=proxy_holder)
    # Its vote was its own at the snapshot: one vote, not two.
    assert governor.castVote(pid, 1, sender=founders[0]).decode_logs(governor.VoteCast)[0].weight == 1
