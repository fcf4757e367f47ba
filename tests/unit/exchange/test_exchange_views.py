"""Views the wallet, the scripts and the offer book read."""

from eth_abi import encode
from eth_utils import keccak
from exchange_helpers import GIVE_AMOUNT

from harvest_coop.core.offers import offer_digest


def test_hash_offer__is_the_eip712_digest(exchange, make_offer, chain):
    offer = make_offer(partial_fill=True, delivery=3, delivery_window=5, nonce=2**200)
    assert exchange.hash_offer(offer.as_tuple()) == offer_digest(offer, chain.chain_id, exchange)


def test_domain_separator(exchange, chain):
    type_hash = keccak(
        text="EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"
    )
    expected = keccak(
        encode(
            ["bytes32", "bytes32", "bytes32", "uint256", "address"],
            [type_hash, keccak(text="NutrientExchange"), keccak(text="1"), chain.chain_id, exchange.address],
        )
    )
    assert exchange.domain_separator() == expected


def test_remaining(exchange, traders, make_offer, fill, maker, chain):
    offer = make_offer(partial_fill=True)
    assert exchange.remaining(offer.as_tuple()) == GIVE_AMOUNT
    fill(offer, amount=1)
    assert exchange.remaining(offer.as_tuple()) == GIVE_AMOUNT - 1
    chain.pending_timestamp = offer.expiry + 1
    chain.mine()
    assert exchange.remaining(offer.as_tuple()) == 0


def test_escrow_status__unknown(exchange):
    status = exchange.escrow_status(b"\x01" * 32)
    assert (status.state, status.pending, status.withdrawn, status.give_to_taker, status.want_to_maker) == (
        0,
        0,
        0,
        0,
        0,
    )


def test_owed__not_a_party(exchange, open_escrow, taker, outsider):
    escrow = open_escrow()
    exchange.confirm(escrow.as_tuple(), sender=taker)
    assert exchange.owed(escrow.as_tuple(), outsider) == (0, 0)


def test_owed__after_withdrawing(exchange, open_escrow, taker):
    escrow = open_escrow()
    exchange.confirm(escrow.as_tuple(), sender=taker)
    exchange.withdraw(escrow.as_tuple(), taker, sender=taker)
    assert exchange.owed(escrow.as_tuple(), taker) == (0, 0)
