"""ERC-5805/6372 reads: checkpoints at past timepoints."""

import ape

from harvest_coop.ape_layer.governance import advance_to


def _now(chain) -> int:
    return chain.blocks.head.timestamp


def test_clock__is_block_timestamp_mode(membership, chain):
    assert membership.CLOCK_MODE() == "mode=timestamp"
    assert membership.clock() == _now(chain)


def test_get_past_votes__future_or_present__reverts(membership, chain, founder):
    with ape.reverts("membership: timepoint is not in the past"):
        membership.getPastVotes(founder, _now(chain) + 10)
    with ape.reverts("membership: timepoint is not in the past"):
        membership.getPastTotalSupply(_now(chain) + 10)


def test_past_votes__follow_delegation_history(membership, chain, member, proxy_holder):
    advance_to(chain, _now(chain) + 10)
    t0 = _now(chain)
    advance_to(chain, t0 + 10)
    membership.invoke_transaction("delegate", proxy_holder, sender=member)
    t1 = _now(chain)
    advance_to(chain, t1 + 10)
    membership.invoke_transaction("delegate", member, sender=member)
    t2 = _now(chain)
    advance_to(chain, t2 + 10)
    assert membership.getPastVotes(proxy_holder, t0) == 1
    assert membership.getPastVotes(proxy_holder, t1) == 2
    assert membership.getPastVotes(proxy_holder, t1 + 5) == 2
    assert membership.getPastVotes(proxy_holder, t2) == 1
    assert membership.getPastVotes(member, t1) == 0
    assert membership.getPastVotes(member, t2) == 1
    assert membership.getPastVotes(member, t0) == 1


def test_past_total_supply__follows_joins_and_leaves(membership, chain, member, founders):
    advance_to(chain, _now(chain) + 10)
    t0 = _now(chain)
    advance_to(chain, t0 + 10)
    membership.resign(sender=member)
    t1 = _now(chain)
    advance_to(chain, t1 + 10)
    assert membership.getPastTotalSupply(t0) == len(founders)
    assert membership.getPastTotalSupply(t1) == len(founders) - 1
    assert membership.getPastVotes(member, t0) == 1
    assert membership.getPastVotes(member, t1) == 0


def test_past_votes__before_first_checkpoint__zero(membership, founder):
    assert membership.getPastVotes(founder, 0) == 0
    assert membership.getPastTotalSupply(0) == 0


def test_vote_weight__returns_weight_permanent_id_and_no_departed_proxy(membership, chain, founder):
    advance_to(chain, _now(chain) + 5)
    assert membership.vote_weight(founder, _now(chain) - 1) == (1, 1, 0)


def test_vote_weight__non_member__reverts(membership, chain, outsider, member):
    advance_to(chain, _now(chain) + 5)
    with ape.reverts("membership: only members vote (the voter left or was expelled)"):
        membership.vote_weight(outsider, _now(chain) - 1)
    membership.resign(sender=member)
    with ape.reverts("membership: only members vote (the voter left or was expelled)"):
        membership.vote_weight(member, _now(chain) - 3)
