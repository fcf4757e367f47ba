"""expel: also of an account that is not, or no longer, a member."""

import ape

from harvest_coop.ape_layer.governance import call
from harvest_coop.core.proposals import proposal_of


def test_expel__member__leaves_marked_expelled(bare_membership, timelock_stand_in, member):
    tx = bare_membership.expel(member, sender=timelock_stand_in)
    assert not bare_membership.is_member(member) and bare_membership.is_expelled(member)
    assert tx.decode_logs(bare_membership.MemberLeft)[0].expelled
    ev = tx.decode_logs(bare_membership.Expelled)[0]
    assert ev.account == member and ev.was_member


def test_expel__non_member__marks_expelled_without_reverting(bare_membership, timelock_stand_in, outsider):
    tx = bare_membership.expel(outsider, sender=timelock_stand_in)
    assert bare_membership.is_expelled(outsider)
    ev = tx.decode_logs(bare_membership.Expelled)[0]
    assert ev.account == outsider and not ev.was_member
    assert bare_membership.totalSupply() == 5
    with ape.reverts("membership: expelled accounts rejoin only by proposal"):
        bare_membership.apply_for_membership(sender=outsider)


def test_expel__applicant__closes_the_application(bare_membership, timelock_stand_in, applicant, founders):
    bare_membership.apply_for_membership(sender=applicant)
    bare_membership.sponsor(applicant, sender=founders[0])
    bare_membership.sponsor(applicant, sender=founders[1])
    tx = bare_membership.expel(applicant, sender=timelock_stand_in)
    assert tx.decode_logs(bare_membership.ApplicationClosed)[0].reason == 3
    assert not bare_membership.application(applicant).open
    with ape.reverts("membership: no admission scheduled"):
        bare_membership.complete_admission(applicant, sender=founders[0])


def test_expel__zero_address__reverts(bare_membership, timelock_stand_in):
    with ape.reverts("membership: zero address"):
        bare_membership.expel("0x0000000000000000000000000000000000000000", sender=timelock_stand_in)


def test_expel__then_governance_admit__readmits(bare_membership, timelock_stand_in, member):
    bare_membership.expel(member, sender=timelock_stand_in)
    bare_membership.admit(member, sender=timelock_stand_in)
    assert bare_membership.is_member(member) and not bare_membership.is_expelled(member)


def test_expel__member_resigns_while_expulsion_is_queued__still_expelled_and_locked_out(
    membership, governor, chain, founders, member, ready_proposal
):
    # The attack: resign in front of a queued expulsion, then come back by sponsors.
    p = proposal_of([call(membership, "expel", member)], "expel a member", founders[0])
    pid = ready_proposal(p)
    membership.resign(sender=member)
    governor.execute(*p.id_args(), sender=founders[0])
    assert governor.state(pid) == 7  # Executed, not stuck Queued
    assert membership.is_expelled(member)
    with ape.reverts("membership: expelled accounts rejoin only by proposal"):
        membership.apply_for_membership(sender=member)
