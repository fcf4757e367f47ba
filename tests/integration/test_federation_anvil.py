"""Two co-ops federate through their own governors on a real anvil node, and
a member of one trades with a member of the other through the exchange.

North Coop and South Coop are made by the same CoopFactory. North's members
vote a proposal that asks South to federate (`Federation.propose_federation`);
South's members vote one that accepts (`accept_federation`). Every step is a
real transaction (propose, vote, queue, execute through each timelock). Before
the federation a South member cannot take North's produce; afterwards the
same signed offer fills, and when North's governance ends the federation new
cross-co-op fills are refused again while what was bought stays with its
buyer. The node is tests/integration/conftest.py's `anvil` (a free 127.0.0.1
port, stopped by its pid after the module).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from web3 import Web3
from web3.contract import Contract
from web3.exceptions import ContractLogicError

from frontend.devchain import params as quick_params
from harvest_coop.core.constants import DAY, FederationStatus
from harvest_coop.core.offers import Offer, typed_data
from harvest_coop.core.params import AdmissionRules, CoopParams
from harvest_coop.testing.keys import wallet_sign
from harvest_coop.web3_layer.governance import pass_call
from harvest_coop.web3_layer.sender import transact
from harvest_coop.web3_layer.stack import create_coop, deploy_stack

MAX = 2**256 - 1


def params(name: str, symbol: str, founders: list[str]) -> CoopParams:
    """devchain's quick co-op, open to admission by governance alone."""
    return replace(
        quick_params(name, founders),
        symbol=symbol,
        admission=AdmissionRules(sponsors_needed=0),
        credit_name=f"{name} Credit",
        credit_symbol=symbol,
    )


@pytest.fixture(scope="module")
def city(w3: Web3) -> dict[str, Any]:
    accounts = [str(a) for a in w3.eth.accounts]
    stack = deploy_stack(w3, accounts[0])
    north, _ = create_coop(stack, accounts[1], params("North Coop", "NTH", accounts[1:4]))
    south, _ = create_coop(stack, accounts[4], params("South Coop", "STH", accounts[4:7]))
    return {"north": north, "south": south, "grower": accounts[1], "cook": accounts[4], "accounts": accounts}


def status(coop: dict[str, Contract], other: dict[str, Contract]) -> FederationStatus:
    return FederationStatus(
        coop["Federation"].functions.federation_status(other["Federation"].address).call()
    )


def govern(
    w3: Web3, coop: dict[str, Contract], voters: list[str], target: Contract, call: str, *args: Any
) -> None:
    """A proposal of one call, voted through by `voters`, queued and executed."""
    pass_call(w3, coop, voters, target, call, *args, say=lambda _: None)


def signed_offer(
    w3: Web3, north: dict[str, Contract], maker: str, batch: int, nonce: int
) -> tuple[Offer, bytes]:
    offer = Offer(
        maker=maker,
        give_token=north["HarvestToken"].address,
        give_id=batch,
        give_amount=1_000,
        want_token=north["CoopCredit"].address,
        want_id=0,
        want_amount=2 * 10**18,
        expiry=int(w3.eth.get_block("latest")["timestamp"]) + 30 * DAY,
        nonce=nonce,
        max_fee_bps=0,
    )
    exchange = north["NutrientExchange"].address
    return offer, wallet_sign(w3, maker, typed_data(offer, w3.eth.chain_id, exchange))


def test_federation__voted_by_both_co_ops__a_member_of_one_buys_from_the_other(
    w3: Web3, city: dict[str, Any]
) -> None:
    north, south, grower, cook = city["north"], city["south"], city["grower"], city["cook"]
    north_voters, south_voters = city["accounts"][1:4], city["accounts"][4:7]
    harvest, credit, exchange = north["HarvestToken"], north["CoopCredit"], north["NutrientExchange"]

    # North's grower logs kale; a North member pays the South cook some North credit to spend.
    now = int(w3.eth.get_block("latest")["timestamp"])
    receipt = transact(
        harvest.functions.log_harvest("kale", 5_000, now - 60, now + 40 * DAY, "Plot 4"), grower
    )
    batch = int(harvest.events.HarvestLogged().process_receipt(receipt)[0]["args"]["id"])
    govern(w3, north, north_voters, credit, "mint", north_voters[1], 20 * 10**18)
    transact(credit.functions.transfer(cook, 10 * 10**18), north_voters[1])
    transact(harvest.functions.setApprovalForAll(exchange.address, True), grower)
    transact(credit.functions.approve(exchange.address, MAX), cook)

    # Not federated: the South cook cannot take North's produce.
    offer, signature = signed_offer(w3, north, grower, batch, nonce=1)
    with pytest.raises(ContractLogicError):
        exchange.functions.fill(offer.as_tuple(), signature, 1_000, 1_000).call({"from": cook})

    # North's governance asks; nothing changes until South's governance accepts.
    govern(w3, north, north_voters, north["Federation"], "propose_federation", south["Federation"].address)
    assert status(north, south) == FederationStatus.PROPOSED
    assert not north["Membership"].functions.is_network_member(cook).call()
    govern(w3, south, south_voters, south["Federation"], "accept_federation", north["Federation"].address)
    assert status(north, south) == status(south, north) == FederationStatus.ACTIVE
    assert north["Membership"].functions.is_network_member(cook).call()

    # The same signed offer now fills: kale for North credit, across co-ops.
    block, paid = w3.eth.block_number, credit.functions.balanceOf(grower).call()
    transact(exchange.functions.fill(offer.as_tuple(), signature, 1_000, 1_000), cook)
    assert harvest.functions.balanceOf(cook, batch).call() == 1_000
    assert credit.functions.balanceOf(grower).call() == paid + 2 * 10**18
    filled = exchange.events.OfferFilled().get_logs(from_block=block + 1)
    assert [(e["args"]["maker"], e["args"]["taker"]) for e in filled] == [(grower, cook)]

    # North ends it alone; new cross-co-op fills are refused, the cook keeps the kale.
    govern(w3, north, north_voters, north["Federation"], "end_federation", south["Federation"].address)
    assert status(north, south) == FederationStatus.NONE
    second, second_signature = signed_offer(w3, north, grower, batch, nonce=2)
    with pytest.raises(ContractLogicError):
        exchange.functions.fill(second.as_tuple(), second_signature, 1_000, 1_000).call({"from": cook})
    assert harvest.functions.balanceOf(cook, batch).call() == 1_000
