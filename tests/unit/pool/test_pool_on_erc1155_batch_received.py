"""onERC1155BatchReceived: always refuses (a donation is one batch at a time,
one event each)."""

import ape


def test_on_batch_received__batch_transfer_to_the_pool__reverts(pool, harvest, grower, log_batch):
    first, second = log_batch(), log_batch()
    with ape.reverts("pool: batch transfers refused; give one batch at a time"):
        harvest.safeBatchTransferFrom(grower, pool, [first, second], [1, 1], b"", sender=grower)
    assert harvest.balanceOf(pool, first) == 0


def test_on_batch_received__direct_call__reverts(pool, grower):
    with ape.reverts("pool: batch transfers refused; give one batch at a time"):
        pool.onERC1155BatchReceived(grower, grower, [1], [1], b"")
