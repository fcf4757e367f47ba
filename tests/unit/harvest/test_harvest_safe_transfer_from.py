"""safeTransferFrom: ERC-1155 single transfers under the co-op rules."""

import ape
import pytest

from harvest_coop.core.constants import ZERO_ADDRESS
from harvest_coop.core.params import AdmissionRules

ACCEPT, REJECT, WRONG_VALUE, REENTER = 0, 1, 2, 3


def test_safe_transfer_from__member_to_member__moves_and_logs(harvest, grower, member, batch_id):
    tx = harvest.safeTransferFrom(grower, member, batch_id, 1_500, b"", sender=grower)
    assert harvest.balanceOf(grower, batch_id) == 3_500
    assert harvest.balanceOf(member, batch_id) == 1_500
    assert harvest.total_supply(batch_id) == 5_000
    event = tx.decode_logs(harvest.TransferSingle)[0]
    assert (event._operator, event._from, event._to) == (grower.address, grower.address, member.address)
    assert (event._id, event._value) == (batch_id, 1_500)


def test_safe_transfer_from__whole_balance__empties_sender(harvest, grower, member, batch_id):
    harvest.safeTransferFrom(grower, member, batch_id, 5_000, b"", sender=grower)
    assert harvest.balanceOf(grower, batch_id) == 0
    assert harvest.balanceOf(member, batch_id) == 5_000


def test_safe_transfer_from__to_self__keeps_balance(harvest, grower, batch_id):
    harvest.safeTransferFrom(grower, grower, batch_id, 100, b"", sender=grower)
    assert harvest.balanceOf(grower, batch_id) == 5_000


def test_safe_transfer_from__federated_member__both_ways(harvest, grower, member, federated_member, batch_id):
    harvest.safeTransferFrom(grower, federated_member, batch_id, 300, b"", sender=grower)
    harvest.safeTransferFrom(federated_member, member, batch_id, 100, b"", sender=federated_member)
    assert harvest.balanceOf(federated_member, batch_id) == 200
    assert harvest.balanceOf(member, batch_id) == 100


def test_safe_transfer_from__approved_operator__moves(harvest, grower, member, outsider, batch_id):
    # An operator only moves tokens between allowed holders; it never holds them.
    harvest.setApprovalForAll(outsider, True, sender=grower)
    tx = harvest.safeTransferFrom(grower, member, batch_id, 10, b"", sender=outsider)
    assert harvest.balanceOf(member, batch_id) == 10
    assert tx.decode_logs(harvest.TransferSingle)[0]._operator == outsider.address


def test_safe_transfer_from__unapproved_caller__reverts(harvest, grower, member, batch_id):
    with ape.reverts("harvest: caller is not holder or approved"):
        harvest.safeTransferFrom(grower, member, batch_id, 10, b"", sender=member)


def test_safe_transfer_from__revoked_operator__reverts(harvest, grower, member, batch_id):
    harvest.setApprovalForAll(member, True, sender=grower)
    harvest.setApprovalForAll(member, False, sender=grower)
    with ape.reverts("harvest: caller is not holder or approved"):
        harvest.safeTransferFrom(grower, member, batch_id, 10, b"", sender=member)


def test_safe_transfer_from__to_outsider__reverts(harvest, grower, outsider, batch_id):
    with ape.reverts("harvest: receiver is not in the co-op network"):
        harvest.safeTransferFrom(grower, outsider, batch_id, 10, b"", sender=grower)


def test_safe_transfer_from__to_zero_address__reverts(harvest, grower, batch_id):
    with ape.reverts("harvest: receiver is not in the co-op network"):
        harvest.safeTransferFrom(grower, "0x" + "00" * 20, batch_id, 10, b"", sender=grower)


def test_safe_transfer_from__member_who_left__reverts(
    harvest, mock_membership, deployer, grower, member, batch_id
):
    mock_membership.set_member(grower, False, sender=deployer)
    with ape.reverts("harvest: sender may only redeem or compost"):
        harvest.safeTransferFrom(grower, member, batch_id, 10, b"", sender=grower)
    assert harvest.balanceOf(grower, batch_id) == 5_000


def test_safe_transfer_from__expired_batch__reverts(harvest, grower, member, batch_id, expire):
    expire(harvest, batch_id)
    with ape.reverts("harvest: batch expired"):
        harvest.safeTransferFrom(grower, member, batch_id, 10, b"", sender=grower)


def test_safe_transfer_from__at_best_before__moves(harvest, chain, grower, member, batch_id):
    chain.pending_timestamp = int(harvest.batch(batch_id).best_before)
    harvest.safeTransferFrom(grower, member, batch_id, 10, b"", sender=grower)
    assert harvest.balanceOf(member, batch_id) == 10


def test_safe_transfer_from__frozen_batch__reverts(harvest, timelock_stand_in, grower, member, batch_id):
    harvest.freeze(batch_id, "fraud suspected", sender=timelock_stand_in)
    with ape.reverts("harvest: batch frozen"):
        harvest.safeTransferFrom(grower, member, batch_id, 10, b"", sender=grower)


def test_safe_transfer_from__frozen_and_expired__reverts_frozen(
    harvest, timelock_stand_in, grower, member, batch_id, expire
):
    harvest.freeze(batch_id, "fraud suspected", sender=timelock_stand_in)
    expire(harvest, batch_id)
    with ape.reverts("harvest: batch frozen"):
        harvest.safeTransferFrom(grower, member, batch_id, 10, b"", sender=grower)


def test_safe_transfer_from__unknown_batch__reverts(harvest, grower, member):
    with ape.reverts("harvest: unknown batch"):
        harvest.safeTransferFrom(grower, member, 42, 10, b"", sender=grower)


def test_safe_transfer_from__zero_amount__reverts(harvest, grower, member, batch_id):
    with ape.reverts("harvest: zero amount"):
        harvest.safeTransferFrom(grower, member, batch_id, 0, b"", sender=grower)


def test_safe_transfer_from__more_than_balance__reverts(harvest, grower, member, batch_id):
    with ape.reverts("harvest: insufficient balance"):
        harvest.safeTransferFrom(grower, member, batch_id, 5_001, b"", sender=grower)


def test_safe_transfer_from__no_balance__reverts(harvest, grower, member, batch_id):
    with ape.reverts("harvest: insufficient balance"):
        harvest.safeTransferFrom(member, grower, batch_id, 1, b"", sender=member)


def test_safe_transfer_from__coop_contract__receives_and_sends(
    harvest, timelock_stand_in, grower, member, receiver, deployer, batch_id
):
    pool = receiver(ACCEPT, member=False)
    harvest.set_coop_contract(pool, True, sender=timelock_stand_in)
    harvest.safeTransferFrom(grower, pool, batch_id, 400, b"donation", sender=grower)
    assert harvest.balanceOf(pool, batch_id) == 400
    assert pool.received_calls() == 1
    assert (pool.last_operator(), pool.last_from()) == (grower.address, grower.address)
    assert (pool.last_ids(0), pool.last_amounts(0)) == (batch_id, 400)
    assert pool.last_data() == b"donation"
    data = harvest.safeTransferFrom.encode_input(pool, member, batch_id, 150, b"")
    pool.execute(harvest, data, sender=deployer)
    assert harvest.balanceOf(member, batch_id) == 150


def _pull(harvest, contract, owner, batch_id, amount, deployer):
    """`contract` (an approved operator) pulls `amount` of `owner`'s batch into itself."""
    data = harvest.safeTransferFrom.encode_input(owner, contract, batch_id, amount, b"")
    contract.execute(harvest, data, sender=deployer)


@pytest.fixture
def grower_pool(harvest, timelock_stand_in, grower, receiver):
    """A registered co-op contract (a pool) the grower approved."""
    pool = receiver(ACCEPT, member=False)
    harvest.set_coop_contract(pool, True, sender=timelock_stand_in)
    harvest.setApprovalForAll(pool, True, sender=grower)
    return pool


def test_safe_transfer_from__coop_contract_pulls_into_itself__moves_and_logs(
    harvest, grower, deployer, batch_id, grower_pool
):
    """A co-op contract pulling a member's produce into itself (the pool's
    `donate`, an escrow fill) reads its own registration, not Membership."""
    pool = grower_pool
    data = harvest.safeTransferFrom.encode_input(grower, pool, batch_id, 250, b"")
    receipt = pool.execute(harvest, data, sender=deployer)
    assert harvest.balanceOf(pool, batch_id) == 250
    assert harvest.balanceOf(grower, batch_id) == 4_750
    [log] = harvest.TransferSingle.from_receipt(receipt)
    assert (log._operator, log._from, log._to, log._id, log._value) == (pool, grower, pool, batch_id, 250)
    assert pool.received_calls() == 1


def test_safe_transfer_from__coop_contract_pulls_from_one_who_left__reverts(
    harvest, mock_membership, deployer, grower, receiver, batch_id, grower_pool
):
    """Its own registration is the receiver's check; the sender is still
    asked of Membership: produce of one who left cannot be pulled in."""
    pool = grower_pool
    mock_membership.set_member(grower, False, sender=deployer)
    with ape.reverts("harvest: sender may only redeem or compost"):
        _pull(harvest, pool, grower, batch_id, 10, deployer)
    assert harvest.balanceOf(pool, batch_id) == 0


def test_safe_transfer_from__coop_contract_pulls_from_a_coop_contract__active_or_retired_moves(
    harvest, timelock_stand_in, grower, receiver, deployer, batch_id
):
    """A co-op contract, active or retired, may send into an active one (a
    retired exchange's produce can still reach the pool)."""
    old, pool = receiver(ACCEPT, member=False), receiver(ACCEPT, member=False)
    for contract in (old, pool):
        harvest.set_coop_contract(contract, True, sender=timelock_stand_in)
    harvest.safeTransferFrom(grower, old, batch_id, 300, b"", sender=grower)
    old.execute(harvest, harvest.setApprovalForAll.encode_input(pool, True), sender=deployer)
    _pull(harvest, pool, old, batch_id, 100, deployer)
    harvest.set_coop_contract(old, False, sender=timelock_stand_in)
    _pull(harvest, pool, old, batch_id, 200, deployer)
    assert (harvest.balanceOf(old, batch_id), harvest.balanceOf(pool, batch_id)) == (0, 300)


def test_safe_transfer_from__retired_coop_contract_pulls_into_itself__reverts(
    harvest, timelock_stand_in, grower, receiver, deployer, batch_id
):
    pool = receiver(ACCEPT, member=False)
    harvest.set_coop_contract(pool, True, sender=timelock_stand_in)
    harvest.set_coop_contract(pool, False, sender=timelock_stand_in)
    harvest.setApprovalForAll(pool, True, sender=grower)
    with ape.reverts("harvest: receiver is not in the co-op network"):
        _pull(harvest, pool, grower, batch_id, 10, deployer)


def test_safe_transfer_from__unregistered_contract_pulls_into_itself__reverts(
    harvest, grower, receiver, deployer, batch_id
):
    stranger = receiver(ACCEPT, member=False)
    harvest.setApprovalForAll(stranger, True, sender=grower)
    with ape.reverts("harvest: receiver is not in the co-op network"):
        _pull(harvest, stranger, grower, batch_id, 10, deployer)


def test_safe_transfer_from__coop_contract_pulls_expired_or_too_much__reverts(
    harvest, grower, deployer, batch_id, expire, grower_pool
):
    pool = grower_pool
    with ape.reverts("harvest: insufficient balance"):
        _pull(harvest, pool, grower, batch_id, 5_001, deployer)
    with ape.reverts("harvest: zero amount"):
        _pull(harvest, pool, grower, batch_id, 0, deployer)
    expire(harvest, batch_id)
    with ape.reverts("harvest: batch expired"):
        _pull(harvest, pool, grower, batch_id, 1, deployer)


def test_safe_transfer_from__unregistered_contract__reverts(harvest, grower, receiver, batch_id):
    stranger = receiver(ACCEPT, member=False)
    with ape.reverts("harvest: receiver is not in the co-op network"):
        harvest.safeTransferFrom(grower, stranger, batch_id, 10, b"", sender=grower)


def test_safe_transfer_from__removed_coop_contract__reverts(
    harvest, timelock_stand_in, grower, receiver, batch_id
):
    pool = receiver(ACCEPT, member=False)
    harvest.set_coop_contract(pool, True, sender=timelock_stand_in)
    harvest.set_coop_contract(pool, False, sender=timelock_stand_in)
    with ape.reverts("harvest: receiver is not in the co-op network"):
        harvest.safeTransferFrom(grower, pool, batch_id, 10, b"", sender=grower)


def test_safe_transfer_from__receiver_rejects__reverts(harvest, grower, receiver, batch_id):
    wallet = receiver(REJECT)
    with ape.reverts("receiver: rejected"):
        harvest.safeTransferFrom(grower, wallet, batch_id, 10, b"", sender=grower)
    assert harvest.balanceOf(grower, batch_id) == 5_000


def test_safe_transfer_from__receiver_wrong_value__reverts(harvest, grower, receiver, batch_id):
    wallet = receiver(WRONG_VALUE)
    with ape.reverts("harvest: receiver rejected the tokens"):
        harvest.safeTransferFrom(grower, wallet, batch_id, 10, b"", sender=grower)


def test_safe_transfer_from__receiver_without_hook__reverts(
    harvest, grower, mock_membership, deployer, batch_id
):
    # A member contract that does not implement the hook (here: Membership mock).
    mock_membership.set_member(mock_membership, True, sender=deployer)
    with ape.reverts():
        harvest.safeTransferFrom(grower, mock_membership, batch_id, 10, b"", sender=grower)


def test_safe_transfer_from__receiver_reenters_forwarding__consistent(
    harvest, grower, member, receiver, deployer, batch_id
):
    wallet = receiver(REENTER)
    forward = harvest.safeTransferFrom.encode_input(wallet, member, batch_id, 60, b"")
    wallet.set_reentry(harvest, forward, sender=deployer)
    tx = harvest.safeTransferFrom(grower, wallet, batch_id, 100, b"", sender=grower)
    assert harvest.balanceOf(grower, batch_id) == 4_900
    assert harvest.balanceOf(wallet, batch_id) == 40
    assert harvest.balanceOf(member, batch_id) == 60
    assert harvest.total_supply(batch_id) == 5_000
    moves = [(e._from, e._to, e._value) for e in tx.decode_logs(harvest.TransferSingle)]
    assert moves == [(grower.address, wallet.address, 100), (wallet.address, member.address, 60)]


def test_safe_transfer_from__receiver_reenters_to_overspend__reverts(
    harvest, grower, member, receiver, deployer, batch_id
):
    wallet = receiver(REENTER)
    overspend = harvest.safeTransferFrom.encode_input(wallet, member, batch_id, 101, b"")
    wallet.set_reentry(harvest, overspend, sender=deployer)
    with ape.reverts("harvest: insufficient balance"):
        harvest.safeTransferFrom(grower, wallet, batch_id, 100, b"", sender=grower)
    assert harvest.balanceOf(grower, batch_id) == 5_000


def test_safe_transfer_from__receiver_reenters_redeem__burns(harvest, grower, receiver, deployer, batch_id):
    wallet = receiver(REENTER)
    wallet.set_reentry(harvest, harvest.redeem.encode_input(batch_id, 100), sender=deployer)
    harvest.safeTransferFrom(grower, wallet, batch_id, 100, b"", sender=grower)
    assert harvest.balanceOf(wallet, batch_id) == 0
    assert harvest.total_supply(batch_id) == 4_900


@pytest.mark.parametrize("data", [b"", b"\x01" * 1_024])
def test_safe_transfer_from__data__passed_to_receiver(harvest, grower, receiver, batch_id, data):
    wallet = receiver(ACCEPT)
    harvest.safeTransferFrom(grower, wallet, batch_id, 1, data, sender=grower)
    assert wallet.last_data() == data


def test_safe_transfer_from__real_membership__resigned_member_cannot_send(
    real_harvest, bare_membership, log_batch, grower, member
):
    batch = log_batch(real_harvest, grower)
    real_harvest.safeTransferFrom(grower, member, batch, 10, b"", sender=grower)
    bare_membership.resign(sender=grower)
    with ape.reverts("harvest: sender may only redeem or compost"):
        real_harvest.safeTransferFrom(grower, member, batch, 10, b"", sender=grower)
    with ape.reverts("harvest: receiver is not in the co-op network"):
        real_harvest.safeTransferFrom(member, grower, batch, 10, b"", sender=member)


def test_safe_transfer_from__real_membership__admitted_newcomer_receives(
    real_harvest, bare_membership, timelock_stand_in, log_batch, grower, newcomer
):
    batch = log_batch(real_harvest, grower)
    with ape.reverts("harvest: receiver is not in the co-op network"):
        real_harvest.safeTransferFrom(grower, newcomer, batch, 10, b"", sender=grower)
    bare_membership.admit(newcomer, sender=timelock_stand_in)
    real_harvest.safeTransferFrom(grower, newcomer, batch, 10, b"", sender=grower)
    assert real_harvest.balanceOf(newcomer, batch) == 10


def test_safe_transfer_from__real_membership__federated_coop_member_receives(
    project, real_harvest, bare_membership, federation_stand_in, deployer, log_batch, grower, federated_member
):
    other = project.Membership.deploy(
        "Other Coop",
        "OTH",
        deployer,
        [federated_member],
        AdmissionRules(sponsors_needed=0).as_tuple(),
        0,
        ZERO_ADDRESS,
        0,
        sender=deployer,
    )
    batch = log_batch(real_harvest, grower)
    with ape.reverts("harvest: receiver is not in the co-op network"):
        real_harvest.safeTransferFrom(grower, federated_member, batch, 10, b"", sender=grower)
    bare_membership.federate(other, sender=federation_stand_in)
    real_harvest.safeTransferFrom(grower, federated_member, batch, 10, b"", sender=grower)
    assert real_harvest.balanceOf(federated_member, batch) == 10


def test_safe_transfer_from__to_a_retired_coop_contract_that_is_a_network_member__reverts(
    harvest, grower, receiver, timelock_stand_in, batch_id
):
    """A retired co-op contract that Membership calls a network member (a
    federated co-op admitted it) receives nothing: the retirement stands."""
    retired = receiver(ACCEPT, member=True)
    harvest.set_coop_contract(retired, True, sender=timelock_stand_in)
    harvest.set_coop_contract(retired, False, sender=timelock_stand_in)
    with ape.reverts("harvest: receiver is a retired co-op contract"):
        harvest.safeTransferFrom(grower, retired, batch_id, 1, b"", sender=grower)
