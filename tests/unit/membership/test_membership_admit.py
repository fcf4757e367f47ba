"""admit: only the timelock adds a member directly."""

import ape


def test_admit__timelock__mints_self_delegated_member(bare_membership, timelock_stand_in, newcomer):
    tx = bare_membership.admit(newcomer, sender=timelock_stand_in)
    assert bare_membership.is_member(newcomer)
    assert bare_membership.getVotes(newcomer) == 1
    assert bare_membership.delegates(newcomer) == newcomer
    assert bare_membership.totalSupply() == 6
    joined = tx.decode_logs(bare_membership.MemberJoined)
    assert len(joined) == 1 and joined[0].account == newcomer and joined[0].member_id == 6
    assert joined[0].route == 1
    transfers = tx.decode_logs(bare_membership.Transfer)
    assert transfers[0].receiver == newcomer and transfers[0].token_id == 6
    assert tx.decode_logs(bare_membership.Locked)[0].tokenId == 6
    votes = tx.decode_logs(bare_membership.DelegateVotesChanged)
    assert (votes[0].delegate, votes[0].previousVotes, votes[0].newVotes) == (newcomer, 0, 1)


def test_admit__member_or_outsider__reverts(bare_membership, founder, outsider, newcomer):
    for caller in (founder, outsider):
        with ape.reverts("membership: only the timelock (a passed proposal)"):
            bare_membership.admit(newcomer, sender=caller)


def test_admit__already_member__changes_nothing(bare_membership, timelock_stand_in, founder):
    # A proposal cannot get stuck on a member admitted meanwhile (by its sponsors, say).
    members, since = bare_membership.totalSupply(), bare_membership.joined_at(founder)
    tx = bare_membership.admit(founder, sender=timelock_stand_in)
    assert not tx.decode_logs(bare_membership.MemberJoined)
    assert bare_membership.is_member(founder) and bare_membership.getVotes(founder) == 1
    assert (bare_membership.totalSupply(), bare_membership.joined_at(founder)) == (members, since)


def test_admit__zero_address__reverts(bare_membership, timelock_stand_in):
    with ape.reverts("membership: zero address cannot join"):
        bare_membership.admit("0x0000000000000000000000000000000000000000", sender=timelock_stand_in)


def test_admit__returning_member__keeps_member_id(bare_membership, timelock_stand_in, member):
    old_id = bare_membership.member_id(member)
    bare_membership.resign(sender=member)
    assert not bare_membership.is_member(member)
    bare_membership.admit(member, sender=timelock_stand_in)
    assert bare_membership.member_id(member) == old_id
    assert bare_membership.ownerOf(old_id) == member
    assert bare_membership.getVotes(member) == 1


def test_admit__through_real_governance__admits(membership, run_proposal, newcomer):
    from harvest_coop.ape_layer.governance import call

    run_proposal([call(membership, "admit", newcomer)], "admit newcomer")
    assert membership.is_member(newcomer)


def test_admit__deployer_on_real_deployment__reverts(membership, deployer, newcomer):
    with ape.reverts("membership: only the timelock (a passed proposal)"):
        membership.admit(newcomer, sender=deployer)
