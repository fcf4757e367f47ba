"""apply_for_membership / sponsor: admission by enough member sponsors."""

import ape


def test_apply__outsider__opens_application(membership, applicant):
    tx = membership.apply_for_membership(sender=applicant)
    assert membership.application_of(applicant) == (True, 1, 0)
    ev = tx.decode_logs(membership.ApplicationOpened)[0]
    assert ev.applicant == applicant and ev.round == 1


def test_apply__member__reverts(membership, founder):
    with ape.reverts("membership: already a member"):
        membership.apply_for_membership(sender=founder)


def test_apply__twice__reverts(membership, applicant):
    membership.apply_for_membership(sender=applicant)
    with ape.reverts("membership: application already open"):
        membership.apply_for_membership(sender=applicant)


def test_sponsor__below_threshold__counts_without_admitting(membership, applicant, founder):
    membership.apply_for_membership(sender=applicant)
    tx = membership.sponsor(applicant, sender=founder)
    ev = tx.decode_logs(membership.Sponsored)[0]
    assert (ev.applicant, ev.sponsor, ev.sponsors, ev.needed) == (applicant, founder, 1, 2)
    assert not membership.is_member(applicant)
    assert membership.application_of(applicant) == (True, 1, 1)


def test_sponsor__reaching_threshold__admits(membership, applicant, founders):
    membership.apply_for_membership(sender=applicant)
    membership.sponsor(applicant, sender=founders[0])
    tx = membership.sponsor(applicant, sender=founders[1])
    assert membership.is_member(applicant)
    assert membership.getVotes(applicant) == 1
    assert tx.decode_logs(membership.MemberJoined)[0].route == 2
    assert membership.application_of(applicant) == (False, 1, 0)


def test_sponsor__same_member_twice__reverts(membership, applicant, founder):
    membership.apply_for_membership(sender=applicant)
    membership.sponsor(applicant, sender=founder)
    with ape.reverts("membership: already sponsored"):
        membership.sponsor(applicant, sender=founder)


def test_sponsor__non_member__reverts(membership, applicant, outsider):
    membership.apply_for_membership(sender=applicant)
    with ape.reverts("membership: only members sponsor"):
        membership.sponsor(applicant, sender=outsider)


def test_sponsor__no_application__reverts(membership, applicant, founder):
    with ape.reverts("membership: no open application"):
        membership.sponsor(applicant, sender=founder)


def test_sponsor__disabled_route__reverts(bare_membership, timelock_stand_in, applicant):
    bare_membership.set_sponsors_needed(0, sender=timelock_stand_in)
    with ape.reverts("membership: sponsored admission is disabled"):
        bare_membership.apply_for_membership(sender=applicant)


def test_apply__expelled_account__reverts(bare_membership, timelock_stand_in, member):
    bare_membership.expel(member, sender=timelock_stand_in)
    with ape.reverts("membership: expelled accounts rejoin only by proposal"):
        bare_membership.apply_for_membership(sender=member)


def test_sponsor__new_round__old_sponsorships_do_not_count(
    bare_membership, timelock_stand_in, applicant, founders
):
    bare_membership.apply_for_membership(sender=applicant)
    bare_membership.sponsor(applicant, sender=founders[0])
    bare_membership.sponsor(applicant, sender=founders[1])
    bare_membership.resign(sender=applicant)
    bare_membership.apply_for_membership(sender=applicant)
    assert bare_membership.application_of(applicant) == (True, 2, 0)
    bare_membership.sponsor(applicant, sender=founders[0])
    assert not bare_membership.is_member(applicant)
