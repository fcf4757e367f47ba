"""NutrientExchange on a real anvil node, driven with web3.py.

Two members of a co-op made by the CoopFactory on the node (the timelock is
impersonated with anvil's `anvil_impersonateAccount` to mint credit): the
maker signs an offer in "the
wallet" (`eth_signTypedData_v4`, answered by anvil for its unlocked account),
the taker fills it, delivery is confirmed, both withdraw. The signature
anvil returns is checked against eth-account's for the same key; the gas of
these operations is reported by `make bench`, not asserted here. The node is tests/integration/conftest.py's `anvil`
(a free 127.0.0.1 port, stopped by its pid after the module).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from eth_account import Account
from web3 import Web3

from harvest_coop.core.constants import Delivery
from harvest_coop.core.offers import Escrow, Offer, offer_digest, typed_data
from harvest_coop.core.params import AdmissionRules, CoopParams
from harvest_coop.testing.keys import anvil_key, wallet_sign
from harvest_coop.web3_layer.governance import advance_time
from harvest_coop.web3_layer.sender import transact
from harvest_coop.web3_layer.stack import create_coop, deploy_stack

ROOT = Path(__file__).resolve().parents[2]

DAY = 86_400
MAX = 2**256 - 1


@pytest.fixture(scope="module")
def coop(w3):
    accounts = w3.eth.accounts
    deployer, maker, taker = accounts[0], accounts[1], accounts[2]
    params = CoopParams(
        name="Anvil Exchange Coop",
        symbol="AC",
        founders=[maker, taker],
        admission=AdmissionRules(sponsors_needed=0),
        credit_name="Coop Credit",
        credit_symbol="CRD",
    )
    contracts, _ = create_coop(deploy_stack(w3, deployer), maker, params)
    membership, harvest = contracts["Membership"], contracts["HarvestToken"]
    credit, exchange = contracts["CoopCredit"], contracts["NutrientExchange"]
    timelock = contracts["TimelockController"].address
    w3.provider.make_request("anvil_impersonateAccount", [timelock])
    w3.provider.make_request("anvil_setBalance", [timelock, hex(10**20)])
    for who in (maker, taker):
        transact(credit.functions.mint(who, 100 * 10**18), timelock)
        transact(credit.functions.approve(exchange.address, MAX), who)
        transact(harvest.functions.setApprovalForAll(exchange.address, True), who)
    now = w3.eth.get_block("latest")["timestamp"]
    receipt = transact(
        harvest.functions.log_harvest("tomato", 100_000, now - 60, now + 30 * DAY, "plot 7"), maker
    )
    batch = harvest.events.HarvestLogged().process_receipt(receipt)[0]["args"]["id"]
    transact(harvest.functions.log_harvest("basil", 10, now - 60, now + 30 * DAY, "plot 8"), taker)
    # Steady state, as in the benchmark: the taker already holds some of the batch.
    transact(harvest.functions.safeTransferFrom(maker, taker, batch, 1, b""), maker)
    return {
        "membership": membership,
        "harvest": harvest,
        "credit": credit,
        "exchange": exchange,
        "maker": maker,
        "taker": taker,
        "batch": batch,
    }


def make_offer(w3, coop, nonce: int, delivery: int) -> Offer:
    return Offer(
        maker=coop["maker"],
        give_token=coop["harvest"].address,
        give_id=coop["batch"],
        give_amount=2_000,
        want_token=coop["credit"].address,
        want_id=0,
        want_amount=10**18,
        delivery=delivery,
        delivery_window=DAY if delivery else 0,
        expiry=w3.eth.get_block("latest")["timestamp"] + DAY,
        nonce=nonce,
        partial_fill=False,
    )


def fill(w3, coop, offer: Offer, signature: bytes):
    return transact(
        coop["exchange"].functions.fill(offer.as_tuple(), signature, offer.give_amount, offer.give_amount),
        coop["taker"],
    )


def test_anvil__wallet_signature_is_the_offer_digests(w3, coop):
    exchange = coop["exchange"]
    offer = make_offer(w3, coop, nonce=1, delivery=0)
    document = typed_data(offer, w3.eth.chain_id, exchange.address)
    signature = wallet_sign(w3, coop["maker"], document)
    digest = offer_digest(offer, w3.eth.chain_id, exchange.address)
    assert exchange.functions.hash_offer(offer.as_tuple()).call() == digest
    assert Account._recover_hash(digest, signature=signature) == coop["maker"]
    assert signature == Account.from_key(anvil_key(1)).unsafe_sign_hash(digest).signature


def test_anvil__swap_fill(w3, coop):
    harvest, credit = coop["harvest"], coop["credit"]
    for nonce in (2, 3):  # the first fill of the maker pays for a fresh nonce word
        offer = make_offer(w3, coop, nonce=nonce, delivery=0)
        signature = wallet_sign(
            w3, coop["maker"], typed_data(offer, w3.eth.chain_id, coop["exchange"].address)
        )
        taker_before = harvest.functions.balanceOf(coop["taker"], coop["batch"]).call()
        maker_before = credit.functions.balanceOf(coop["maker"]).call()
        fill(w3, coop, offer, signature)
        assert harvest.functions.balanceOf(coop["taker"], coop["batch"]).call() == taker_before + 2_000
        assert credit.functions.balanceOf(coop["maker"]).call() == maker_before + 10**18


def test_anvil__escrow_sign_fill_confirm_withdraw(w3, coop):
    exchange, harvest, credit = coop["exchange"], coop["harvest"], coop["credit"]
    maker, taker, batch = coop["maker"], coop["taker"], coop["batch"]
    for nonce in (10, 11):  # the second escrow is the steady state (the exchange holds both tokens)
        offer = make_offer(w3, coop, nonce=nonce, delivery=Delivery.GIVE)
        signature = wallet_sign(w3, maker, typed_data(offer, w3.eth.chain_id, exchange.address))
        receipt = fill(w3, coop, offer, signature)
    opened = exchange.events.EscrowOpened().process_receipt(receipt)
    assert len(opened) == 1
    escrow = Escrow.from_value(dict(opened[0]["args"]["escrow"]))
    assert opened[0]["args"]["escrow_id"] == escrow.escrow_id
    assert exchange.functions.escrow_status(escrow.escrow_id).call()[0] == 1
    assert harvest.functions.balanceOf(exchange.address, batch).call() == 4_000  # two escrows

    advance_time(w3, 3_600)  # the tomatoes are delivered
    receipt = transact(exchange.functions.confirm(escrow.as_tuple()), taker)
    confirmed = exchange.events.EscrowConfirmed().process_receipt(receipt)[0]["args"]
    assert (confirmed["party"], confirmed["released"]) == (taker, True)

    taker_harvest = harvest.functions.balanceOf(taker, batch).call()
    maker_credit = credit.functions.balanceOf(maker).call()
    transact(exchange.functions.withdraw(escrow.as_tuple(), taker), taker)
    transact(exchange.functions.withdraw(escrow.as_tuple(), maker), maker)
    assert harvest.functions.balanceOf(taker, batch).call() == taker_harvest + 2_000
    assert credit.functions.balanceOf(maker).call() == maker_credit + 10**18
    assert exchange.functions.escrow_status(escrow.escrow_id).call()[0] == 0  # closed
    assert exchange.functions.owed(escrow.as_tuple(), maker).call() == [0, 0]


def test_anvil__wallet_signed_offer_from_another_chain_is_refused(w3, coop):
    offer = make_offer(w3, coop, nonce=20, delivery=0)
    signature = wallet_sign(
        w3, coop["maker"], typed_data(offer, w3.eth.chain_id + 1, coop["exchange"].address)
    )
    with pytest.raises(Exception, match="exchange: invalid signature"):
        coop["exchange"].functions.fill(
            offer.as_tuple(), signature, offer.give_amount, offer.give_amount
        ).transact({"from": coop["taker"]})
    assert Web3.is_address(coop["exchange"].address)
