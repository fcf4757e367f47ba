"""Who may sign an offer: the maker's key (ECDSA, low-s only, 65-byte or
EIP-2098 64-byte form) or the maker's contract wallet (ERC-1271)."""

import ape
import pytest
from exchange_helpers import HARVEST_ID

from harvest_coop.testing.keys import malleate

MAX = 2**256 - 1


def split(signature: bytes) -> tuple[int, int, int]:
    return int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:64], "big"), signature[64]


def test_signature__high_s__reverts(traders, make_offer, fill, sign):
    offer = make_offer()
    malleated = malleate(sign(offer))
    with ape.reverts("exchange: invalid signature"):
        fill(offer, signature=malleated)


def test_signature__compact_eip2098(traders, make_offer, fill, sign, erc1155_token, taker):
    offer = make_offer()
    r, s, v = split(sign(offer))
    compact = r.to_bytes(32, "big") + (s | ((v - 27) << 255)).to_bytes(32, "big")
    before = erc1155_token.balanceOf(taker, HARVEST_ID)
    fill(offer, signature=compact)
    assert erc1155_token.balanceOf(taker, HARVEST_ID) == before + offer.give_amount


@pytest.mark.parametrize("length", [1, 32, 63])
def test_signature__wrong_length__reverts(traders, make_offer, fill, sign, length):
    offer = make_offer()
    with ape.reverts("exchange: invalid signature"):
        fill(offer, signature=sign(offer)[:length])


def test_signature__bad_v__reverts(traders, make_offer, fill, sign):
    offer = make_offer()
    signature = sign(offer)
    with ape.reverts("exchange: invalid signature"):
        fill(offer, signature=signature[:64] + bytes([29]))


def test_signature__garbage__reverts(traders, make_offer, fill):
    with ape.reverts("exchange: invalid signature"):
        fill(make_offer(), signature=b"\x01" * 65)


@pytest.fixture
def wallet_owner(founders):
    return founders[4]


@pytest.fixture
def wallet(project, wallet_owner, exchange, exchange_membership, erc1155_token, deployer):
    """A member's ERC-1271 smart-contract wallet holding harvest."""
    contract = project.ExchangeWallet1271.deploy(wallet_owner, sender=wallet_owner)
    exchange_membership.set_member(contract, True, sender=deployer)
    erc1155_token._mint_for_testing(contract, HARVEST_ID, 10**6, sender=deployer)
    contract.execute(
        erc1155_token, erc1155_token.setApprovalForAll.encode_input(exchange, True), sender=wallet_owner
    )
    return contract


def test_signature__erc1271_wallet(
    traders, wallet, wallet_owner, make_offer, fill, sign, erc1155_token, taker
):
    offer = make_offer(maker=wallet)
    before = erc1155_token.balanceOf(wallet, HARVEST_ID)
    fill(offer, signature=sign(offer, wallet_owner))
    assert erc1155_token.balanceOf(wallet, HARVEST_ID) == before - offer.give_amount


def test_signature__erc1271_wallet_refuses__reverts(traders, wallet, make_offer, fill, sign, arbiter):
    offer = make_offer(maker=wallet)
    with ape.reverts("exchange: invalid signature"):
        fill(offer, signature=sign(offer, arbiter))


def test_signature__contract_without_erc1271__reverts(
    traders, exchange_membership, make_offer, fill, sign, deployer, erc20_token
):
    exchange_membership.set_member(erc20_token, True, sender=deployer)
    with ape.reverts("exchange: invalid signature"):
        fill(make_offer(maker=erc20_token), signature=b"\x01" * 65)
