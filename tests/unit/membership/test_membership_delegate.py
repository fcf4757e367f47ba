"""delegate / delegateBySig: proxies only among members, capped.

Ape's contract objects reserve the attribute `delegate`, so these tests call
the method through `invoke_transaction("delegate", ...)`.
"""

import ape

from harvest_coop.core.eip712 import delegation_typed_data
from harvest_coop.core.params import DAY
from harvest_coop.testing.keys import anvil_key, malleate, sign_typed_data


def test_delegate__to_member__moves_one_vote(membership, member, proxy_holder):
    tx = membership.invoke_transaction("delegate", proxy_holder, sender=member)
    assert membership.getVotes(member) == 0
    assert membership.getVotes(proxy_holder) == 2
    assert membership.delegates(member) == proxy_holder
    assert membership.proxies_of(proxy_holder) == [member]
    ev = tx.decode_logs(membership.DelegateChanged)[0]
    assert (ev.delegator, ev.fromDelegate, ev.toDelegate) == (member, member, proxy_holder)
    changes = {
        (e.delegate, e.previousVotes, e.newVotes) for e in tx.decode_logs(membership.DelegateVotesChanged)
    }
    assert changes == {(member.address, 1, 0), (proxy_holder.address, 1, 2)}


def test_delegate__back_to_self__restores(membership, member, proxy_holder):
    membership.invoke_transaction("delegate", proxy_holder, sender=member)
    membership.invoke_transaction("delegate", member, sender=member)
    assert membership.getVotes(member) == 1
    assert membership.getVotes(proxy_holder) == 1
    assert membership.delegates(member) == member
    assert membership.proxies_of(proxy_holder) == []


def test_delegate__switch_proxy__moves_between_holders(membership, founders, member, proxy_holder):
    other = founders[3]
    membership.invoke_transaction("delegate", proxy_holder, sender=member)
    membership.invoke_transaction("delegate", other, sender=member)
    assert membership.getVotes(proxy_holder) == 1
    assert membership.getVotes(other) == 2
    assert membership.proxies_of(proxy_holder) == []


def test_delegate__to_non_member__reverts(membership, member, outsider):
    with ape.reverts("membership: proxy must be a member"):
        membership.invoke_transaction("delegate", outsider, sender=member)


def test_delegate__by_non_member__reverts(membership, outsider, member):
    with ape.reverts("membership: only members delegate"):
        membership.invoke_transaction("delegate", member, sender=outsider)


def test_delegate__above_max_proxies__reverts(membership, founders, proxy_holder):
    membership.invoke_transaction("delegate", proxy_holder, sender=founders[0])
    membership.invoke_transaction("delegate", proxy_holder, sender=founders[1])
    with ape.reverts("membership: proxy already holds max_proxies votes"):
        membership.invoke_transaction("delegate", proxy_holder, sender=founders[3])


def test_delegate__same_delegate_again__changes_nothing(membership, member, proxy_holder):
    membership.invoke_transaction("delegate", proxy_holder, sender=member)
    tx = membership.invoke_transaction("delegate", proxy_holder, sender=member)
    assert membership.getVotes(proxy_holder) == 2
    assert tx.decode_logs(membership.DelegateChanged) == []


def _delegation_args(membership, chain, delegatee, nonce, expiry, chain_id=None, contract=None, high_s=False):
    """delegateBySig's arguments, signed by the member (test account 2)."""
    data = delegation_typed_data(
        "Test Coop", chain_id or chain.chain_id, contract or membership.address, str(delegatee), nonce, expiry
    )
    sig = sign_typed_data(data, anvil_key(2))
    if high_s:
        sig = malleate(sig)
    return (delegatee, nonce, expiry, sig[64], sig[:32], sig[32:64])


def test_delegate_by_sig__valid__delegates_and_bumps_nonce(membership, chain, member, proxy_holder, outsider):
    args = _delegation_args(membership, chain, proxy_holder, 0, chain.pending_timestamp + 1000)
    membership.delegateBySig(*args, sender=outsider)
    assert membership.delegates(member) == proxy_holder
    assert membership.nonces(member) == 1
    with ape.reverts("membership: invalid nonce"):
        membership.delegateBySig(*args, sender=outsider)


def test_delegate_by_sig__expired__reverts(membership, chain, proxy_holder, outsider):
    args = _delegation_args(membership, chain, proxy_holder, 0, chain.blocks.head.timestamp - 1)
    with ape.reverts("membership: signature expired"):
        membership.delegateBySig(*args, sender=outsider)


def test_delegate_by_sig__other_chain_or_contract__does_not_move_signers_vote(
    membership, chain, member, proxy_holder, outsider, governor
):
    expiry = chain.pending_timestamp + 1000
    for kwargs in ({"chain_id": 1}, {"contract": governor.address}):
        args = _delegation_args(membership, chain, proxy_holder, 0, expiry, **kwargs)
        # The signature recovers to some other address, which is not a member (or has another nonce).
        with ape.reverts():
            membership.delegateBySig(*args, sender=outsider)
    assert membership.delegates(member) == member


def test_delegate_by_sig__high_s__reverts(membership, chain, proxy_holder, outsider):
    args = _delegation_args(membership, chain, proxy_holder, 0, chain.pending_timestamp + 1000, high_s=True)
    with ape.reverts("ecdsa: invalid signature `s` value"):
        membership.delegateBySig(*args, sender=outsider)


def test_delegate__direct__retires_a_withheld_signed_delegation(
    membership, chain, member, proxy_holder, founders
):
    """A delegation signed and held back by its relayer cannot undo the
    member's later direct choice (review: it revived a revoked proxy)."""
    withheld = _delegation_args(membership, chain, proxy_holder, 0, chain.pending_timestamp + 100 * DAY)
    # the member's own choice, even an unchanged one
    membership.invoke_transaction("delegate", member, sender=member)
    assert membership.nonces(member) == 1
    with ape.reverts("membership: invalid nonce"):
        membership.delegateBySig(*withheld, sender=proxy_holder)
    assert membership.delegates(member) == member
    assert membership.getVotes(proxy_holder) == 1


def test_delegate__refused__keeps_the_nonce(membership, member, outsider):
    with ape.reverts("membership: proxy must be a member"):
        membership.invoke_transaction("delegate", outsider, sender=member)
    assert membership.nonces(member) == 0
