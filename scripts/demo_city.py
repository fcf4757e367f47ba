"""The demo's city: a second co-op federated with the first by both co-ops'
own proposals, two epochs of the first co-op's community pool, and a trade
across the federation. Every step is a transaction a member would send.

`grow` runs while the demo's clock is early (the proposals and the pool's
epochs move it by weeks; what the demo later offers for trade is logged
after); `trade_across` runs at the end, on fresh produce.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from web3 import Web3
from web3.contract import Contract

from frontend.devchain import log_harvest
from harvest_coop.core.constants import DAY, MAX_UINT256
from harvest_coop.core.offers import Offer, typed_data
from harvest_coop.testing.keys import wallet_sign
from harvest_coop.web3_layer.governance import advance_time, pass_call
from harvest_coop.web3_layer.sender import transact

Say = Callable[[str], None]
RIVERSIDE = "Riverside Coop"
ARBITER = 4  # Harvest Coop's fifth founder (anvil's account 5): not a party to the demo's escrow


def _govern(
    w3: Web3,
    coop: dict[str, Contract],
    voters: list[str],
    target: Contract,
    call: str,
    *args: Any,
    what: str,
    say: Say,
) -> None:
    say(f"governance: passing {what!r} ...")
    pass_call(w3, coop, voters, target, call, *args, description=what, say=say)


def federate(
    w3: Web3,
    first: dict[str, Contract],
    first_voters: list[str],
    second: dict[str, Contract],
    second_voters: list[str],
    say: Say,
) -> None:
    """`first`'s members ask, `second`'s members accept: both by proposal."""
    _govern(
        w3,
        first,
        first_voters,
        first["Federation"],
        "propose_federation",
        second["Federation"].address,
        what=f"Federate with {RIVERSIDE}",
        say=say,
    )
    _govern(
        w3,
        second,
        second_voters,
        second["Federation"],
        "accept_federation",
        first["Federation"].address,
        what="Accept the federation with Harvest Coop",
        say=say,
    )
    say(f"federation: Harvest Coop and {RIVERSIDE} are federated (both governances agreed)")


def elect_arbiter(w3: Web3, coop: dict[str, Contract], voters: list[str], arbiter: str, say: Say) -> None:
    """The members elect who decides disputed escrows (until then the
    timelock decides them, one proposal per dispute)."""
    _govern(
        w3,
        coop,
        voters,
        coop["NutrientExchange"],
        "set_arbiter",
        arbiter,
        what="Elect the arbiter of disputes",
        say=say,
    )
    say(f"exchange: {arbiter[:10]}.. is the arbiter of disputed escrows (elected by proposal)")


def pool_epochs(w3: Web3, coop: dict[str, Contract], members: list[str], say: Say) -> None:
    """Growers give to the pool; over the next two epochs members take
    unequal parts of their equal shares (what the transparency page shows)."""
    harvest, pool = coop["HarvestToken"], coop["ResourcePool"]
    squash = log_harvest(coop, members[3], "squash", 6_000, 90, "Allotment 3")
    beans = log_harvest(coop, members[2], "beans", 3_000, 90, "Balcony planters, Elm St")
    transact(harvest.functions.safeTransferFrom(members[3], pool.address, squash, 5_000, b""), members[3])
    say(f"pool: {members[3][:10]}.. gave 5 kg of squash (batch {squash}) to the community pool")
    length = int(pool.functions.epoch_length().call())
    advance_time(w3, length)
    share = int(pool.functions.claimable(members[0], harvest.address, squash).call())
    for member, part in zip(members, (1, 1, 2, 5), strict=False):  # all, all, half, a fifth
        if share // part:
            transact(pool.functions.claim(harvest.address, squash, share // part), member)
    transact(harvest.functions.setApprovalForAll(pool.address, True), members[2])
    transact(pool.functions.donate(harvest.address, beans, 2_500), members[2])
    epoch = int(pool.functions.epoch().call()[0])
    say(f"pool: epoch {epoch}: four members claimed squash (shares of {share:,} g), beans were given")
    advance_time(w3, length)
    for member in members[1:4]:
        transact(pool.functions.claim(harvest.address, beans, 400), member)
    say(f"pool: epoch {epoch + 1}: three members claimed beans")


def grow(
    w3: Web3,
    harvest_coop: dict[str, Contract],
    founders: list[str],
    riverside: dict[str, Contract],
    riverside_founders: list[str],
    say: Say,
) -> None:
    """Federation by both governances, an elected arbiter, then two epochs
    of the pool."""
    federate(w3, harvest_coop, founders[:3], riverside, riverside_founders, say)
    elect_arbiter(w3, harvest_coop, founders[:3], founders[ARBITER], say)
    pool_epochs(w3, harvest_coop, founders, say)


def trade_across(
    w3: Web3, harvest_coop: dict[str, Contract], grower: str, payer: str, cook: str, batch: int, say: Say
) -> None:
    """A Riverside cook buys Harvest Coop produce on Harvest Coop's exchange
    with credit a Harvest member paid them."""
    harvest, credit, exchange = (
        harvest_coop["HarvestToken"],
        harvest_coop["CoopCredit"],
        harvest_coop["NutrientExchange"],
    )
    transact(credit.functions.transfer(cook, 10 * 10**18), payer)
    transact(credit.functions.approve(exchange.address, MAX_UINT256), cook)
    now = int(w3.eth.get_block("latest")["timestamp"])
    nonce = 7_001
    offer = Offer(
        maker=grower,
        give_token=harvest.address,
        give_id=batch,
        give_amount=2_000,
        want_token=credit.address,
        want_id=0,
        want_amount=4 * 10**18,
        expiry=now + 7 * DAY,
        nonce=nonce,
        max_fee_bps=50,
    )
    signature = wallet_sign(w3, grower, typed_data(offer, w3.eth.chain_id, exchange.address))
    transact(exchange.functions.fill(offer.as_tuple(), signature, 2_000, 2_000), cook)
    say(
        f"exchange: {cook[:10]}.. of {RIVERSIDE} bought 2 kg (batch {batch}) from {grower[:10]}.. across the federation"
    )
