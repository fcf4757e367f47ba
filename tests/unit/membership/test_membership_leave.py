"""resign and expel: burn the token, give every lent vote back."""

import ape


def test_resign__member__burns_and_drops_vote(membership, member, founders):
    tx = membership.resign(sender=member)
    assert not membership.is_member(member)
    assert membership.getVotes(member) == 0
    assert membership.totalSupply() == len(founders) - 1
    left = tx.decode_logs(membership.MemberLeft)[0]
    assert left.account == member and left.expelled == 0
    burn = tx.decode_logs(membership.Transfer)[0]
    assert burn.sender == member and burn.token_id == membership.member_id(member)
    with ape.reverts("membership: no such member token"):
        membership.ownerOf(membership.member_id(member))


def test_resign__non_member__reverts(membership, outsider):
    with ape.reverts("membership: not a member"):
        membership.resign(sender=outsider)


def test_resign__proxy_holder__returns_lent_votes(membership, founders, proxy_holder):
    giver_a, giver_b = founders[3], founders[4]
    membership.invoke_transaction("delegate", proxy_holder, sender=giver_a)
    membership.invoke_transaction("delegate", proxy_holder, sender=giver_b)
    assert membership.getVotes(proxy_holder) == 3
    tx = membership.resign(sender=proxy_holder)
    assert membership.getVotes(proxy_holder) == 0
    for giver in (giver_a, giver_b):
        assert membership.getVotes(giver) == 1
        assert membership.delegates(giver) == giver
    changed = tx.decode_logs(membership.DelegateChanged)
    assert {(e.delegator, e.toDelegate) for e in changed} >= {
        (giver_a.address, giver_a.address),
        (giver_b.address, giver_b.address),
    }
    assert membership.proxies_of(proxy_holder) == []


def test_resign__proxy_giver__takes_vote_back_from_holder(membership, member, proxy_holder):
    membership.invoke_transaction("delegate", proxy_holder, sender=member)
    membership.resign(sender=member)
    assert membership.getVotes(proxy_holder) == 1
    assert membership.proxies_of(proxy_holder) == []


def test_expel__timelock__burns_and_marks_expelled(bare_membership, timelock_stand_in, member):
    tx = bare_membership.expel(member, sender=timelock_stand_in)
    assert not bare_membership.is_member(member)
    assert bare_membership.is_expelled(member)
    assert tx.decode_logs(bare_membership.MemberLeft)[0].expelled == 1
    bare_membership.admit(member, sender=timelock_stand_in)
    assert not bare_membership.is_expelled(member)


def test_expel__not_timelock__reverts(bare_membership, founder, member):
    with ape.reverts("membership: only the timelock (a passed proposal)"):
        bare_membership.expel(member, sender=founder)


def test_expel__through_real_governance__expels(membership, run_proposal, member):
    from harvest_coop.ape_layer.governance import call

    run_proposal([call(membership, "expel", member)], "expel a member")
    assert not membership.is_member(member)
    assert membership.is_expelled(member)
