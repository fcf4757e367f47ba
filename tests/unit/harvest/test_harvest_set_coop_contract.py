"""set_coop_contract: the timelock registers the co-op's own contracts."""

import ape

ZERO_ADDRESS = "0x0000000000000000000000000000000000000000"


def test_set_coop_contract__timelock__registers_and_logs(harvest, timelock, receiver):
    pool = receiver(0, member=False)
    tx = harvest.set_coop_contract(pool, True, sender=timelock)
    assert harvest.is_coop_contract(pool)
    event = tx.decode_logs(harvest.CoopContractSet)[0]
    assert (event.account, event.allowed) == (pool.address, True)


def test_set_coop_contract__remove__logs(harvest, timelock, receiver):
    pool = receiver(0, member=False)
    harvest.set_coop_contract(pool, True, sender=timelock)
    tx = harvest.set_coop_contract(pool, False, sender=timelock)
    assert not harvest.is_coop_contract(pool)
    assert not tx.decode_logs(harvest.CoopContractSet)[0].allowed


def test_set_coop_contract__remove_eoa__allowed(harvest, timelock, outsider):
    harvest.set_coop_contract(outsider, False, sender=timelock)
    assert not harvest.is_coop_contract(outsider)


def test_set_coop_contract__registered_contract_may_send_after_removal_of_receiver(
    harvest, timelock, receiver, deployer, grower, member, batch_id
):
    pool = receiver(0, member=False)
    harvest.set_coop_contract(pool, True, sender=timelock)
    harvest.safeTransferFrom(grower, pool, batch_id, 50, b"", sender=grower)
    harvest.set_coop_contract(pool, False, sender=timelock)
    # Like a member who left: it keeps its tokens, can burn but not move them.
    send = harvest.safeTransferFrom.encode_input(pool, member, batch_id, 1, b"")
    with ape.reverts("harvest: sender may only redeem or compost"):
        pool.execute(harvest, send, sender=deployer)
    pool.execute(harvest, harvest.compost.encode_input(batch_id, 50), sender=deployer)
    assert harvest.balanceOf(pool, batch_id) == 0


def test_set_coop_contract__member__reverts(harvest, grower, receiver):
    pool = receiver(0, member=False)
    with ape.reverts("harvest: caller is not the timelock"):
        harvest.set_coop_contract(pool, True, sender=grower)


def test_set_coop_contract__eoa__reverts(harvest, timelock, outsider):
    with ape.reverts("harvest: not a contract"):
        harvest.set_coop_contract(outsider, True, sender=timelock)


def test_set_coop_contract__zero_address__reverts(harvest, timelock):
    with ape.reverts("harvest: zero address"):
        harvest.set_coop_contract(ZERO_ADDRESS, True, sender=timelock)
