"""safeBatchTransferFrom: several batches at once; one bad id reverts all."""

import ape
import pytest

ACCEPT, REJECT, WRONG_VALUE, REENTER = 0, 1, 2, 3
DAY = 86_400


@pytest.fixture
def three_batches(harvest, grower, log_batch) -> list[int]:
    return [
        log_batch(harvest, grower, crop="Tomatoes", grams=1_000),
        log_batch(harvest, grower, crop="Kale", grams=2_000, shelf=2 * DAY),
        log_batch(harvest, grower, crop="Beans", grams=3_000),
    ]


def test_safe_batch_transfer_from__member_to_member__moves_all(harvest, grower, member, three_batches):
    tx = harvest.safeBatchTransferFrom(grower, member, three_batches, [100, 200, 300], b"", sender=grower)
    assert harvest.balanceOfBatch([member] * 3, three_batches) == [100, 200, 300]
    assert harvest.balanceOfBatch([grower] * 3, three_batches) == [900, 1_800, 2_700]
    event = tx.decode_logs(harvest.TransferBatch)[0]
    assert (event._operator, event._from, event._to) == (grower.address, grower.address, member.address)
    assert list(event._ids) == three_batches and list(event._values) == [100, 200, 300]


def test_safe_batch_transfer_from__same_id_twice__adds_up(harvest, grower, member, three_batches):
    first = three_batches[0]
    harvest.safeBatchTransferFrom(grower, member, [first, first], [400, 600], b"", sender=grower)
    assert harvest.balanceOf(member, first) == 1_000
    assert harvest.balanceOf(grower, first) == 0


def test_safe_batch_transfer_from__same_id_twice_overspent__reverts(harvest, grower, member, three_batches):
    first = three_batches[0]
    with ape.reverts("harvest: insufficient balance"):
        harvest.safeBatchTransferFrom(grower, member, [first, first], [600, 600], b"", sender=grower)


def test_safe_batch_transfer_from__approved_operator__moves(harvest, grower, member, outsider, three_batches):
    harvest.setApprovalForAll(outsider, True, sender=grower)
    harvest.safeBatchTransferFrom(grower, member, three_batches, [1, 1, 1], b"", sender=outsider)
    assert harvest.balanceOfBatch([member] * 3, three_batches) == [1, 1, 1]


def test_safe_batch_transfer_from__unapproved_caller__reverts(harvest, grower, member, three_batches):
    with ape.reverts("harvest: caller is not holder or approved"):
        harvest.safeBatchTransferFrom(grower, member, three_batches, [1, 1, 1], b"", sender=member)


def test_safe_batch_transfer_from__to_outsider__reverts(harvest, grower, outsider, three_batches):
    with ape.reverts("harvest: receiver is not in the co-op network"):
        harvest.safeBatchTransferFrom(grower, outsider, three_batches, [1, 1, 1], b"", sender=grower)


def test_safe_batch_transfer_from__member_who_left__reverts(
    harvest, mock_membership, deployer, grower, member, three_batches
):
    mock_membership.set_member(grower, False, sender=deployer)
    with ape.reverts("harvest: sender may only redeem or compost"):
        harvest.safeBatchTransferFrom(grower, member, three_batches, [1, 1, 1], b"", sender=grower)


def test_safe_batch_transfer_from__one_expired_id__reverts_all(harvest, chain, grower, member, three_batches):
    # Kale (the second batch) keeps two days; the others a week.
    chain.mine(timestamp=int(harvest.batch(three_batches[1]).best_before) + 1)
    with ape.reverts("harvest: batch expired"):
        harvest.safeBatchTransferFrom(grower, member, three_batches, [1, 1, 1], b"", sender=grower)
    assert harvest.balanceOfBatch([member] * 3, three_batches) == [0, 0, 0]
    # Without the expired batch, the others still move.
    harvest.safeBatchTransferFrom(
        grower, member, [three_batches[0], three_batches[2]], [1, 1], b"", sender=grower
    )


def test_safe_batch_transfer_from__one_frozen_id__reverts_all(
    harvest, timelock_stand_in, grower, member, three_batches
):
    harvest.freeze(three_batches[2], "never grown", sender=timelock_stand_in)
    with ape.reverts("harvest: batch frozen"):
        harvest.safeBatchTransferFrom(grower, member, three_batches, [1, 1, 1], b"", sender=grower)


def test_safe_batch_transfer_from__one_unknown_id__reverts_all(harvest, grower, member, three_batches):
    with ape.reverts("harvest: unknown batch"):
        harvest.safeBatchTransferFrom(grower, member, three_batches + [99], [1, 1, 1, 1], b"", sender=grower)


def test_safe_batch_transfer_from__one_zero_amount__reverts_all(harvest, grower, member, three_batches):
    with ape.reverts("harvest: zero amount"):
        harvest.safeBatchTransferFrom(grower, member, three_batches, [1, 0, 1], b"", sender=grower)


def test_safe_batch_transfer_from__one_short_balance__reverts_all(harvest, grower, member, three_batches):
    with ape.reverts("harvest: insufficient balance"):
        harvest.safeBatchTransferFrom(grower, member, three_batches, [1, 1, 3_001], b"", sender=grower)


def test_safe_batch_transfer_from__length_mismatch__reverts(harvest, grower, member, three_batches):
    with ape.reverts("harvest: ids and amounts length mismatch"):
        harvest.safeBatchTransferFrom(grower, member, three_batches, [1, 1], b"", sender=grower)


def test_safe_batch_transfer_from__empty__reverts(harvest, grower, member):
    with ape.reverts("harvest: no batches"):
        harvest.safeBatchTransferFrom(grower, member, [], [], b"", sender=grower)


def test_safe_batch_transfer_from__coop_contract__hook_receives_batch(
    harvest, timelock_stand_in, grower, receiver, three_batches
):
    pool = receiver(ACCEPT, member=False)
    harvest.set_coop_contract(pool, True, sender=timelock_stand_in)
    harvest.safeBatchTransferFrom(grower, pool, three_batches, [5, 6, 7], b"\xca\xfe", sender=grower)
    assert pool.received_calls() == 1
    assert [pool.last_ids(i) for i in range(3)] == three_batches
    assert [pool.last_amounts(i) for i in range(3)] == [5, 6, 7]
    assert pool.last_data() == b"\xca\xfe"


def test_safe_batch_transfer_from__receiver_rejects__reverts(harvest, grower, receiver, three_batches):
    wallet = receiver(REJECT)
    with ape.reverts("receiver: rejected"):
        harvest.safeBatchTransferFrom(grower, wallet, three_batches, [1, 1, 1], b"", sender=grower)


def test_safe_batch_transfer_from__receiver_wrong_value__reverts(harvest, grower, receiver, three_batches):
    wallet = receiver(WRONG_VALUE)
    with ape.reverts("harvest: receiver rejected the tokens"):
        harvest.safeBatchTransferFrom(grower, wallet, three_batches, [1, 1, 1], b"", sender=grower)


def test_safe_batch_transfer_from__receiver_reenters__consistent(
    harvest, grower, member, receiver, deployer, three_batches
):
    wallet = receiver(REENTER)
    back = harvest.safeBatchTransferFrom.encode_input(wallet, member, three_batches, [1, 2, 3], b"")
    wallet.set_reentry(harvest, back, sender=deployer)
    harvest.safeBatchTransferFrom(grower, wallet, three_batches, [10, 20, 30], b"", sender=grower)
    assert harvest.balanceOfBatch([wallet] * 3, three_batches) == [9, 18, 27]
    assert harvest.balanceOfBatch([member] * 3, three_batches) == [1, 2, 3]
    assert [harvest.total_supply(i) for i in three_batches] == [1_000, 2_000, 3_000]


def test_safe_batch_transfer_from__to_a_retired_coop_contract_that_is_a_network_member__reverts(
    harvest, grower, receiver, timelock_stand_in, three_batches
):
    """A retired co-op contract that Membership calls a network member (a
    federated co-op admitted it) receives nothing: the retirement stands."""
    retired = receiver(ACCEPT, member=True)
    harvest.set_coop_contract(retired, True, sender=timelock_stand_in)
    harvest.set_coop_contract(retired, False, sender=timelock_stand_in)
    with ape.reverts("harvest: receiver is a retired co-op contract"):
        harvest.safeBatchTransferFrom(grower, retired, three_batches, [1, 1, 1], b"", sender=grower)
