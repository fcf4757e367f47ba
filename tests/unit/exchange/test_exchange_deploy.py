"""NutrientExchange's constructor: wiring, defaults, and no role for the deployer."""

import ape
import pytest
from eth_utils import keccak
from exchange_helpers import ZERO_ADDRESS

from harvest_coop.core.offers import DOMAIN_NAME, DOMAIN_VERSION, OFFER_TYPE


def test_deploy__wires_the_coop(exchange, exchange_membership, timelock_stand_in, erc1155_token, erc20_token):
    assert exchange.MEMBERSHIP() == exchange_membership.address
    assert exchange.TIMELOCK() == timelock_stand_in.address
    assert exchange.HARVEST() == erc1155_token.address
    assert exchange.CREDIT() == erc20_token.address


def test_deploy__defaults(exchange, timelock_stand_in, erc1155_token, erc20_token):
    assert exchange.arbiter() == timelock_stand_in.address
    assert exchange.fee_bps() == 0
    assert exchange.pool() == ZERO_ADDRESS
    assert exchange.paused() is False
    assert exchange.token_kind(erc20_token) == 1
    assert exchange.token_kind(erc1155_token) == 2
    assert exchange.MAX_FEE_BPS() == 1_000


def test_deploy__emits_allowed_tokens_and_arbiter(
    project, chain, deployer, exchange_membership, timelock_stand_in, erc1155_token, erc20_token
):
    contract = project.NutrientExchange.deploy(
        exchange_membership, timelock_stand_in, erc1155_token, erc20_token, ZERO_ADDRESS, sender=deployer
    )
    receipt = chain.get_receipt(contract.txn_hash)
    allowed = receipt.decode_logs(contract.TokenAllowed)
    assert [(e.token, e.kind) for e in allowed] == [(erc1155_token.address, 2), (erc20_token.address, 1)]
    arbiters = receipt.decode_logs(contract.ArbiterSet)
    assert [e.arbiter for e in arbiters] == [timelock_stand_in.address]


def test_deploy__eip712_domain(exchange, chain):
    fields, name, version, chain_id, verifying, salt, extensions = exchange.eip712Domain()
    assert fields == b"\x0f"
    assert (name, version) == (DOMAIN_NAME, DOMAIN_VERSION)
    assert chain_id == chain.chain_id
    assert verifying == exchange.address
    assert int.from_bytes(salt, "big") == 0 and list(extensions) == []


def test_deploy__offer_type(exchange):
    assert exchange.OFFER_TYPE() == OFFER_TYPE
    assert exchange.OFFER_TYPEHASH() == keccak(text=OFFER_TYPE)


def test_deploy__without_tokens(project, deployer, exchange_membership, timelock_stand_in):
    contract = project.NutrientExchange.deploy(
        exchange_membership, timelock_stand_in, ZERO_ADDRESS, ZERO_ADDRESS, ZERO_ADDRESS, sender=deployer
    )
    assert contract.token_kind(ZERO_ADDRESS) == 0
    assert contract.HARVEST() == ZERO_ADDRESS


def test_deploy__zero_timelock__reverts(project, deployer, exchange_membership, erc1155_token, erc20_token):
    with ape.reverts("exchange: timelock is the zero address"):
        project.NutrientExchange.deploy(
            exchange_membership, ZERO_ADDRESS, erc1155_token, erc20_token, ZERO_ADDRESS, sender=deployer
        )


def test_deploy__timelock_not_the_coops__reverts(
    project, deployer, exchange_membership, outsider, erc1155_token, erc20_token
):
    with ape.reverts("exchange: timelock is not the co-op's"):
        project.NutrientExchange.deploy(
            exchange_membership, outsider, erc1155_token, erc20_token, ZERO_ADDRESS, sender=deployer
        )


def test_deploy__credit_not_an_erc20__reverts(
    project, deployer, exchange_membership, timelock_stand_in, erc1155_token
):
    with ape.reverts("exchange: credit is not an ERC-20"):
        project.NutrientExchange.deploy(
            exchange_membership,
            timelock_stand_in,
            erc1155_token,
            erc1155_token,
            ZERO_ADDRESS,
            sender=deployer,
        )


def test_deploy__harvest_not_an_erc1155__reverts(
    project, deployer, exchange_membership, timelock_stand_in, erc20_token
):
    with ape.reverts("exchange: harvest is not an ERC-1155"):
        project.NutrientExchange.deploy(
            exchange_membership, timelock_stand_in, erc20_token, erc20_token, ZERO_ADDRESS, sender=deployer
        )


@pytest.mark.parametrize(
    "call",
    [
        lambda ex, who, addr: ex.set_arbiter(addr, sender=who),
        lambda ex, who, addr: ex.set_fee(1, sender=who),
        lambda ex, who, addr: ex.set_pool(addr, sender=who),
        lambda ex, who, addr: ex.set_paused(True, sender=who),
        lambda ex, who, addr: ex.set_token_allowed(ex.CREDIT(), False, sender=who),
    ],
    ids=["set_arbiter", "set_fee", "set_pool", "set_paused", "set_token_allowed"],
)
def test_deploy__deployer_keeps_no_role(exchange, deployer, call):
    with ape.reverts("exchange: only the timelock (a passed proposal)"):
        call(exchange, deployer, deployer.address)


def test_supports_interface(exchange):
    assert exchange.supportsInterface(bytes.fromhex("01ffc9a7"))
    assert exchange.supportsInterface(bytes.fromhex("4e2312e0"))
    assert not exchange.supportsInterface(bytes.fromhex("d9b67a26"))
    assert not exchange.supportsInterface(bytes.fromhex("ffffffff"))


def test_deploy__without_tokens__allows_neither(project, deployer, exchange_membership, timelock_stand_in):
    contract = project.NutrientExchange.deploy(
        exchange_membership, timelock_stand_in, ZERO_ADDRESS, ZERO_ADDRESS, ZERO_ADDRESS, sender=deployer
    )
    assert contract.HARVEST() == ZERO_ADDRESS and contract.CREDIT() == ZERO_ADDRESS
    assert contract.arbiter() == timelock_stand_in.address
