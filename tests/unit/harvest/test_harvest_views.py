"""Views: batch, is_transferable, batch_count, total_supply, exists, balanceOfBatch,
supportsInterface."""

import ape

ZERO_ADDRESS = "0x0000000000000000000000000000000000000000"


def test_batch__unknown__all_empty(harvest):
    batch = harvest.batch(1)
    assert (batch.crop, batch.grams, batch.grower, batch.origin) == ("", 0, ZERO_ADDRESS, "")
    assert (batch.harvested_at, batch.best_before, batch.frozen) == (0, 0, False)


def test_is_transferable__fresh_frozen_expired_unknown(harvest, timelock_stand_in, batch_id, expire):
    assert harvest.is_transferable(batch_id)
    assert not harvest.is_transferable(batch_id + 1)
    harvest.freeze(batch_id, "check", sender=timelock_stand_in)
    assert not harvest.is_transferable(batch_id)
    harvest.unfreeze(batch_id, "fine", sender=timelock_stand_in)
    expire(harvest, batch_id)
    assert not harvest.is_transferable(batch_id)


def test_batch_count__counts_logged_batches(harvest, grower, log_batch):
    for _ in range(3):
        log_batch(harvest, grower)
    assert harvest.batch_count() == 3


def test_total_supply__falls_only_by_burns(harvest, grower, member, batch_id):
    harvest.safeTransferFrom(grower, member, batch_id, 1_000, b"", sender=grower)
    assert harvest.total_supply(batch_id) == 5_000
    harvest.redeem(batch_id, 1_000, sender=member)
    harvest.compost(batch_id, 500, sender=grower)
    assert harvest.total_supply(batch_id) == 3_500
    assert harvest.exists(batch_id)
    assert not harvest.exists(batch_id + 1)


def test_balance_of_batch__mixed_owners_and_ids(harvest, grower, member, log_batch):
    first = log_batch(harvest, grower, grams=10)
    second = log_batch(harvest, member, grams=20)
    assert harvest.balanceOfBatch([grower, member, grower, member], [first, second, second, first]) == [
        10,
        20,
        0,
        0,
    ]


def test_balance_of_batch__length_mismatch__reverts(harvest, grower):
    with ape.reverts("erc1155: owners and ids length mismatch"):
        harvest.balanceOfBatch([grower], [1, 2])


def test_supports_interface__erc165_erc1155_metadata(harvest):
    assert harvest.supportsInterface("0x01ffc9a7")
    assert harvest.supportsInterface("0xd9b67a26")
    assert harvest.supportsInterface("0x0e89341c")
    assert not harvest.supportsInterface("0xffffffff")
    assert not harvest.supportsInterface("0x80ac58cd")
