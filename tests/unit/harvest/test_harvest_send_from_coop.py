"""send_from_coop: a registered co-op contract (the pool, the exchange) pays
out harvest it holds, under the same rules as safeTransferFrom, its own
registration checked first."""

import ape
import pytest

ACCEPT, REJECT = 0, 1


@pytest.fixture
def coop_contract(harvest, timelock_stand_in, receiver, grower, batch_id):
    """A registered co-op contract holding 100 g of `batch_id`."""
    contract = receiver(ACCEPT, member=False)
    harvest.set_coop_contract(contract, True, sender=timelock_stand_in)
    harvest.safeTransferFrom(grower, contract, batch_id, 100, b"", sender=grower)
    return contract


def _send(harvest, contract, deployer, to, id_, amount):
    return contract.execute(harvest, harvest.send_from_coop.encode_input(to, id_, amount), sender=deployer)


def test_send_from_coop__to_a_member__moves_and_logs(harvest, coop_contract, deployer, member, batch_id):
    tx = _send(harvest, coop_contract, deployer, member, batch_id, 40)
    assert harvest.balanceOf(member, batch_id) == 40
    assert harvest.balanceOf(coop_contract, batch_id) == 60
    event = tx.decode_logs(harvest.TransferSingle)[0]
    assert (event._operator, event._from, event._to, event._id, event._value) == (
        coop_contract.address,
        coop_contract.address,
        member.address,
        batch_id,
        40,
    )


def test_send_from_coop__to_a_federated_member__moves(
    harvest, coop_contract, deployer, federated_member, batch_id
):
    _send(harvest, coop_contract, deployer, federated_member, batch_id, 10)
    assert harvest.balanceOf(federated_member, batch_id) == 10


def test_send_from_coop__to_another_active_coop_contract__moves(
    harvest, coop_contract, deployer, receiver, timelock_stand_in, batch_id
):
    other = receiver(ACCEPT, member=False)
    harvest.set_coop_contract(other, True, sender=timelock_stand_in)
    _send(harvest, coop_contract, deployer, other, batch_id, 10)
    assert harvest.balanceOf(other, batch_id) == 10


def test_send_from_coop__retired_sender__still_pays_out(
    harvest, coop_contract, deployer, member, timelock_stand_in, batch_id
):
    harvest.set_coop_contract(coop_contract, False, sender=timelock_stand_in)
    _send(harvest, coop_contract, deployer, member, batch_id, 10)
    assert harvest.balanceOf(member, batch_id) == 10


def test_send_from_coop__not_a_coop_contract__reverts(harvest, grower, member, batch_id):
    with ape.reverts("harvest: only a co-op contract sends this way"):
        harvest.send_from_coop(member, batch_id, 1, sender=grower)


def test_send_from_coop__to_an_outsider__reverts(harvest, coop_contract, deployer, outsider, batch_id):
    with ape.reverts("harvest: receiver is not in the co-op network"):
        _send(harvest, coop_contract, deployer, outsider, batch_id, 1)


def test_send_from_coop__to_a_retired_coop_contract__reverts(
    harvest, coop_contract, deployer, receiver, timelock_stand_in, batch_id
):
    other = receiver(ACCEPT, member=False)
    harvest.set_coop_contract(other, True, sender=timelock_stand_in)
    harvest.set_coop_contract(other, False, sender=timelock_stand_in)
    with ape.reverts("harvest: receiver is not in the co-op network"):
        _send(harvest, coop_contract, deployer, other, batch_id, 1)


def test_send_from_coop__frozen_batch__reverts(
    harvest, coop_contract, deployer, member, timelock_stand_in, batch_id
):
    harvest.freeze(batch_id, "suspected", sender=timelock_stand_in)
    with ape.reverts("harvest: batch frozen"):
        _send(harvest, coop_contract, deployer, member, batch_id, 1)


def test_send_from_coop__expired_batch__reverts(harvest, coop_contract, deployer, member, expire, batch_id):
    expire(harvest, batch_id)
    with ape.reverts("harvest: batch expired"):
        _send(harvest, coop_contract, deployer, member, batch_id, 1)


def test_send_from_coop__unknown_batch__reverts(harvest, coop_contract, deployer, member):
    with ape.reverts("harvest: unknown batch"):
        _send(harvest, coop_contract, deployer, member, 999, 1)


def test_send_from_coop__zero_or_too_much__reverts(harvest, coop_contract, deployer, member, batch_id):
    with ape.reverts("harvest: zero amount"):
        _send(harvest, coop_contract, deployer, member, batch_id, 0)
    with ape.reverts("harvest: insufficient balance"):
        _send(harvest, coop_contract, deployer, member, batch_id, 101)


def test_send_from_coop__receiver_contract_rejects__reverts(
    harvest, coop_contract, deployer, receiver, batch_id
):
    wallet = receiver(REJECT)  # a member's smart-contract wallet that refuses
    with ape.reverts("receiver: rejected"):
        _send(harvest, coop_contract, deployer, wallet, batch_id, 1)


def test_send_from_coop__receiver_contract_accepts__hook_called(
    harvest, coop_contract, deployer, receiver, batch_id
):
    wallet = receiver(ACCEPT)
    _send(harvest, coop_contract, deployer, wallet, batch_id, 5)
    assert harvest.balanceOf(wallet, batch_id) == 5


def test_send_from_coop__to_a_retired_coop_contract_that_is_a_network_member__reverts(
    harvest, coop_contract, deployer, receiver, timelock_stand_in, batch_id
):
    """A retired co-op contract that Membership calls a network member (a
    federated co-op admitted it) still receives nothing."""
    other = receiver(ACCEPT, member=True)
    harvest.set_coop_contract(other, True, sender=timelock_stand_in)
    harvest.set_coop_contract(other, False, sender=timelock_stand_in)
    with ape.reverts("harvest: receiver is a retired co-op contract"):
        _send(harvest, coop_contract, deployer, other, batch_id, 1)
