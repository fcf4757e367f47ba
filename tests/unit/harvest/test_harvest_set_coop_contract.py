"""set_coop_contract: the timelock registers the co-op's own contracts, and
retires them (they may still pay out what they hold, never receive)."""

import ape

ZERO_ADDRESS = "0x0000000000000000000000000000000000000000"
NONE, ACTIVE, RETIRED = 0, 1, 2


def test_set_coop_contract__timelock__registers_and_logs(harvest, timelock_stand_in, receiver):
    pool = receiver(0, member=False)
    tx = harvest.set_coop_contract(pool, True, sender=timelock_stand_in)
    assert harvest.is_coop_contract(pool)
    event = tx.decode_logs(harvest.CoopContractSet)[0]
    assert (event.account, event.allowed) == (pool.address, True)


def test_set_coop_contract__registered_then_removed__retired_and_logged(harvest, timelock_stand_in, receiver):
    pool = receiver(0, member=False)
    harvest.set_coop_contract(pool, True, sender=timelock_stand_in)
    tx = harvest.set_coop_contract(pool, False, sender=timelock_stand_in)
    assert not harvest.is_coop_contract(pool)
    assert harvest.coop_contract_status(pool) == RETIRED
    event = tx.decode_logs(harvest.CoopContractSet)[0]
    assert (event.account, event.allowed) == (pool.address, False)


def test_set_coop_contract__statuses(harvest, timelock_stand_in, receiver):
    pool = receiver(0, member=False)
    assert harvest.coop_contract_status(pool) == NONE
    harvest.set_coop_contract(pool, True, sender=timelock_stand_in)
    assert harvest.coop_contract_status(pool) == ACTIVE and harvest.is_coop_contract(pool)
    harvest.set_coop_contract(pool, False, sender=timelock_stand_in)
    assert harvest.coop_contract_status(pool) == RETIRED and not harvest.is_coop_contract(pool)
    harvest.set_coop_contract(pool, True, sender=timelock_stand_in)  # re-activated
    assert harvest.coop_contract_status(pool) == ACTIVE


def test_set_coop_contract__remove_unregistered__stays_none(harvest, timelock_stand_in, outsider, receiver):
    stranger = receiver(0, member=False)
    for account in (outsider, stranger):
        tx = harvest.set_coop_contract(account, False, sender=timelock_stand_in)
        assert harvest.coop_contract_status(account) == NONE
        assert not tx.decode_logs(harvest.CoopContractSet)[0].allowed


def test_set_coop_contract__retired_contract__pays_out_to_members_but_cannot_receive(
    harvest, timelock_stand_in, receiver, deployer, grower, member, batch_id
):
    """Retiring a co-op contract (the documented way to retire an exchange)
    must not trap what it holds: it may still send to members."""
    pool = receiver(0, member=False)
    harvest.set_coop_contract(pool, True, sender=timelock_stand_in)
    harvest.safeTransferFrom(grower, pool, batch_id, 50, b"", sender=grower)
    harvest.set_coop_contract(pool, False, sender=timelock_stand_in)
    pool.execute(
        harvest, harvest.safeTransferFrom.encode_input(pool, member, batch_id, 20, b""), sender=deployer
    )
    assert harvest.balanceOf(member, batch_id) == 20
    with ape.reverts("harvest: receiver is not in the co-op network"):
        harvest.safeTransferFrom(grower, pool, batch_id, 1, b"", sender=grower)
    # Still only to the co-op network: an outsider cannot receive from it.
    outside = receiver(0, member=False)
    send = harvest.safeTransferFrom.encode_input(pool, outside, batch_id, 1, b"")
    with ape.reverts("harvest: receiver is not in the co-op network"):
        pool.execute(harvest, send, sender=deployer)
    pool.execute(harvest, harvest.compost.encode_input(batch_id, 30), sender=deployer)
    assert harvest.balanceOf(pool, batch_id) == 0


def test_set_coop_contract__retired_contract__batch_transfer_out(
    harvest, timelock_stand_in, receiver, deployer, grower, member, log_batch
):
    pool = receiver(0, member=False)
    harvest.set_coop_contract(pool, True, sender=timelock_stand_in)
    ids = [log_batch(harvest, grower), log_batch(harvest, grower)]
    harvest.safeBatchTransferFrom(grower, pool, ids, [5, 6], b"", sender=grower)
    harvest.set_coop_contract(pool, False, sender=timelock_stand_in)
    send = harvest.safeBatchTransferFrom.encode_input(pool, member, ids, [5, 6], b"")
    pool.execute(harvest, send, sender=deployer)
    assert harvest.balanceOfBatch([member, member], ids) == [5, 6]


def test_set_coop_contract__member__reverts(harvest, grower, receiver):
    pool = receiver(0, member=False)
    with ape.reverts("harvest: caller is not the timelock"):
        harvest.set_coop_contract(pool, True, sender=grower)


def test_set_coop_contract__eoa__reverts(harvest, timelock_stand_in, outsider):
    with ape.reverts("harvest: not a contract"):
        harvest.set_coop_contract(outsider, True, sender=timelock_stand_in)


def test_set_coop_contract__zero_address__reverts(harvest, timelock_stand_in):
    with ape.reverts("harvest: zero address"):
        harvest.set_coop_contract(ZERO_ADDRESS, True, sender=timelock_stand_in)
