"""`fill` of delivery offers: both legs move into an escrow whose record is
in `EscrowOpened` and whose id is the hash of that record."""

import ape
import pytest
from exchange_helpers import DAY, GIVE_AMOUNT, HARVEST_ID, WANT_AMOUNT, escrow_of

from harvest_coop.core.constants import Delivery
from harvest_coop.core.offers import offer_digest


def test_fill__delivery__moves_both_legs_into_escrow(
    exchange, traders, make_offer, fill, maker, taker, erc20_token, erc1155_token
):
    maker_harvest = erc1155_token.balanceOf(maker, HARVEST_ID)
    taker_credit = erc20_token.balanceOf(taker)
    maker_credit = erc20_token.balanceOf(maker)
    fill(make_offer(delivery=Delivery.GIVE, delivery_window=DAY))
    assert erc1155_token.balanceOf(maker, HARVEST_ID) == maker_harvest - GIVE_AMOUNT
    assert erc20_token.balanceOf(taker) == taker_credit - WANT_AMOUNT
    assert erc20_token.balanceOf(maker) == maker_credit
    assert erc1155_token.balanceOf(exchange, HARVEST_ID) == GIVE_AMOUNT
    assert erc20_token.balanceOf(exchange) == WANT_AMOUNT


def test_fill__delivery__emits_the_escrow_record(
    exchange, traders, make_offer, fill, maker, taker, erc20_token, erc1155_token, chain
):
    offer = make_offer(delivery=Delivery.GIVE, delivery_window=DAY)
    receipt = fill(offer)
    escrow = escrow_of(exchange, receipt)
    block_time = chain.blocks[receipt.block_number].timestamp
    assert escrow.offer_hash == offer_digest(offer, chain.chain_id, exchange)
    assert (escrow.maker, escrow.taker) == (maker.address, taker.address)
    assert (escrow.give_token, escrow.give_kind, escrow.give_id, escrow.give_amount) == (
        erc1155_token.address,
        2,
        HARVEST_ID,
        GIVE_AMOUNT,
    )
    assert (escrow.want_token, escrow.want_kind, escrow.want_id, escrow.want_amount) == (
        erc20_token.address,
        1,
        0,
        WANT_AMOUNT,
    )
    assert escrow.delivery == Delivery.GIVE
    assert escrow.deadline == block_time + DAY
    assert escrow.fill_index == 0
    opened = receipt.decode_logs(exchange.EscrowOpened)[0]
    assert opened.escrow_id == escrow.escrow_id
    assert (opened.maker, opened.taker) == (maker.address, taker.address)
    filled = receipt.decode_logs(exchange.OfferFilled)[0]
    assert (filled.offer_hash, filled.maker, filled.taker) == (
        escrow.offer_hash,
        maker.address,
        taker.address,
    )
    assert exchange.escrow_id(escrow.as_tuple()) == escrow.escrow_id


@pytest.mark.parametrize(
    "delivery, pending", [(Delivery.GIVE, 1), (Delivery.WANT, 2), (Delivery.GIVE | Delivery.WANT, 3)]
)
def test_fill__delivery__awaits_the_receivers_confirmation(exchange, open_escrow, delivery, pending):
    escrow = open_escrow(delivery=delivery)
    status = exchange.escrow_status(escrow.escrow_id)
    assert (status.state, status.pending, status.withdrawn) == (1, pending, 0)
    assert (status.give_to_taker, status.want_to_maker) == (0, 0)


def test_fill__delivery__consumes_the_nonce(exchange, traders, make_offer, fill, maker):
    offer = make_offer(delivery=Delivery.GIVE, delivery_window=DAY, nonce=77)
    fill(offer)
    assert exchange.is_nonce_used(maker, 77)
    with ape.reverts("exchange: offer cancelled or filled"):
        fill(offer)


def test_fill__delivery__nothing_owed_while_open(exchange, open_escrow, maker, taker):
    escrow = open_escrow()
    assert exchange.owed(escrow.as_tuple(), maker) == (0, 0)
    assert exchange.owed(escrow.as_tuple(), taker) == (0, 0)
