"""What `make demo` puts on the fresh chain so there is something real to see
(the demo's content: who applies, which crops, which offers).

Each step goes through the co-op's own rules: governance changes are real
proposals that members vote on and the timelock executes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from web3 import Web3
from web3.logs import DISCARD

from harvest_coop.core.constants import MAX_UINT256, Delivery
from harvest_coop.core.offers import Offer, typed_data
from harvest_coop.core.proposals import with_proposer
from harvest_coop.testing.keys import wallet_sign
from harvest_coop.web3_layer.governance import advance_time, pass_proposal
from harvest_coop.web3_layer.sender import transact

Say = Callable[[str], None]


def seed_membership(w3: Web3, coop: dict[str, Any], founders: list[str], say: Say) -> None:
    """A sponsored applicant joins under the real admission rules (the clock
    moves past the founders' minimum membership time, then past the
    challenge window); a founder lends its vote to another."""
    membership = coop["Membership"]
    applicant = w3.eth.accounts[7]
    now = w3.eth.get_block("latest")["timestamp"]
    ready = max(membership.functions.can_sponsor_at(f).call() for f in founders)
    if ready > now:
        say(
            f"membership: moving the clock {(ready - now) // 86_400} days, past the founders' minimum membership time"
        )
        advance_time(w3, ready - now)
    needed = membership.functions.sponsors_needed().call()
    transact(membership.functions.apply_for_membership(), applicant)
    for sponsor in founders[:needed]:
        transact(membership.functions.sponsor(applicant), sponsor)
    admit_after = membership.functions.application(applicant).call()[5]
    now = w3.eth.get_block("latest")["timestamp"]
    say(f"membership: {needed} sponsors scheduled {applicant}'s admission; waiting out the challenge window")
    advance_time(w3, max(admit_after - now, 0))
    transact(membership.functions.complete_admission(applicant), founders[0])
    say(f"membership: {applicant} was admitted by {needed} sponsors")
    transact(membership.functions.delegate(founders[1]), founders[4])
    say(f"membership: {founders[4]} lent its vote to {founders[1]}")


def seed_passed_proposal(w3: Web3, coop: dict[str, Any], founders: list[str], say: Say) -> None:
    """A passed proposal (raise max proxies), before the harvests are logged:
    a proposal moves the clock by days, and the batches offered for trade
    must still be fresh when the demo says it is running."""
    membership, governor = coop["Membership"], coop["CoopGovernor"]
    say("governance: passing 'allow three proxies per member' ...")
    calldata = membership.encode_abi("set_max_proxies", args=[3])
    pass_proposal(
        w3,
        governor,
        founders[0],
        founders[:3],
        [(membership.address, 0, calldata)],
        "Allow three proxies per member",
        say,
    )


def seed_live_proposal(w3: Web3, coop: dict[str, Any], founders: list[str], say: Say) -> None:
    """A proposal left open for voting."""
    membership, governor = coop["Membership"], coop["CoopGovernor"]
    newcomer = w3.eth.accounts[8]
    live = with_proposer("Admit the rooftop-garden newcomer", founders[1])
    transact(
        governor.functions.propose(
            [membership.address], [0], [membership.encode_abi("admit", args=[newcomer])], live
        ),
        founders[1],
    )
    say(
        "governance: the proposal 'Admit the rooftop-garden newcomer' is open (voting starts after the voting delay)"
    )


def seed_harvests(w3: Web3, coop: dict[str, Any], founders: list[str], say: Say) -> None:
    """Founders log harvests (mixed crops, one close to its best-before) and
    one passes produce to another member."""
    harvest = coop["HarvestToken"]
    now = w3.eth.get_block("latest")["timestamp"]
    day = 86_400
    logs = [
        (founders[0], "tomatoes", 12_000, now - day, now + 9 * day, "Rooftop beds, Block 7"),
        (founders[1], "kale", 4_500, now - 2 * day, now + 6 * day, "Community garden plot 12"),
        (founders[2], "strawberries", 2_000, now - day, now + 2 * 3_600, "Balcony planters, Elm St"),
        (founders[3], "potatoes", 25_000, now - 5 * day, now + 60 * day, "Allotment 3"),
    ]
    ids = []
    for grower, crop, grams, harvested_at, best_before, origin in logs:
        receipt = transact(
            harvest.functions.log_harvest(crop, grams, harvested_at, best_before, origin), grower
        )
        batch_id = harvest.events.HarvestLogged().process_receipt(receipt, errors=DISCARD)[0]["args"]["id"]
        ids.append(batch_id)
        say(f"harvest: {grower[:10]}.. logged {grams / 1000:g} kg of {crop} as batch {batch_id}")
    say("harvest: the strawberries are best before two hours from now")
    transact(harvest.functions.safeTransferFrom(founders[0], founders[1], ids[0], 1_500, b""), founders[0])
    say(f"harvest: {founders[0][:10]}.. gave 1.5 kg of tomatoes to {founders[1][:10]}..")


def seed_credit(w3: Web3, coop: dict[str, Any], founders: list[str], say: Say) -> None:
    """An equal monthly allowance of credit to every member, by a real proposal."""
    credit, governor, membership = coop["CoopCredit"], coop["CoopGovernor"], coop["Membership"]
    members = [a for a in w3.eth.accounts[:10] if membership.functions.is_member(a).call()]
    allowance = 50 * 10**18
    actions = [
        (credit.address, 0, bytes.fromhex(credit.encode_abi("mint", args=[m, allowance])[2:]))
        for m in members
    ]
    say(f"credit: passing 'monthly allowance: 50 credit to each of {len(members)} members' ...")
    pass_proposal(
        w3,
        governor,
        founders[0],
        founders[:3],
        actions,
        f"Monthly allowance: 50 credit to each of the {len(members)} members",
        say,
    )
    say(f"credit: total supply now {credit.functions.totalSupply().call() / 10**18:g} credit")


def batch_of(harvest: Any, crop: str) -> int:
    """The newest batch of `crop`."""
    for batch in range(harvest.functions.batch_count().call(), 0, -1):
        if harvest.functions.batch(batch).call()[0] == crop:
            return batch
    raise LookupError(f"no batch of {crop} was logged")


def seed_exchange(w3: Web3, coop: dict[str, Any], founders: list[str], say: Say) -> None:
    """A wallet-signed immediate swap, and a delivery escrow left open."""
    exchange, harvest, credit = coop["NutrientExchange"], coop["HarvestToken"], coop["CoopCredit"]
    chain_id = w3.eth.chain_id
    now = w3.eth.get_block("latest")["timestamp"]
    for member in founders[:4]:
        transact(harvest.functions.setApprovalForAll(exchange.address, True), member)
        transact(credit.functions.approve(exchange.address, MAX_UINT256), member)
    kale, tomatoes = batch_of(harvest, "kale"), batch_of(harvest, "tomatoes")

    swap = Offer(
        maker=founders[1],
        give_token=harvest.address,
        give_id=kale,
        give_amount=1_000,
        want_token=credit.address,
        want_id=0,
        want_amount=5 * 10**18,
        expiry=now + 7 * 86_400,
        nonce=1,
        max_fee_bps=50,  # accepts an exchange fee of up to 0.5 % (there is none yet)
    )
    signature = wallet_sign(w3, founders[1], typed_data(swap, chain_id, exchange.address))
    transact(
        exchange.functions.fill(swap.as_tuple(), signature, swap.give_amount, swap.give_amount), founders[2]
    )
    say(
        f"exchange: {founders[1][:10]}.. signed '1 kg of kale for 5 credit' in the wallet; "
        f"{founders[2][:10]}.. filled it (settled at once)"
    )

    delivery = Offer(
        maker=founders[0],
        give_token=harvest.address,
        give_id=tomatoes,
        give_amount=2_000,
        want_token=credit.address,
        want_id=0,
        want_amount=10 * 10**18,
        delivery=Delivery.GIVE,
        delivery_window=2 * 86_400,
        expiry=now + 7 * 86_400,
        nonce=1,
        max_fee_bps=50,
    )
    signature = wallet_sign(w3, founders[0], typed_data(delivery, chain_id, exchange.address))
    receipt = transact(
        exchange.functions.fill(delivery.as_tuple(), signature, delivery.give_amount, delivery.give_amount),
        founders[3],
    )
    opened = exchange.events.EscrowOpened().process_receipt(receipt, errors=DISCARD)
    escrow_id = "0x" + bytes(opened[0]["args"]["escrow_id"]).hex() if opened else "?"
    say(
        f"exchange: '2 kg of tomatoes for 10 credit, delivered' is in escrow {escrow_id[:18]}.. "
        "until the taker confirms delivery"
    )


Step = Callable[[Web3, dict[str, Any], list[str], Say], None]
# The steps that move the clock by days come first; what is offered for
# trade is logged after them, so it is fresh when the demo is running.
EARLY: list[Step] = [seed_membership, seed_credit, seed_passed_proposal]
LATE: list[Step] = [seed_harvests, seed_exchange, seed_live_proposal]
STEPS = EARLY + LATE


def run(
    w3: Web3, coop: dict[str, Any], founders: list[str], say: Say, between: Callable[[], None] | None = None
) -> None:
    """Every step; `between` runs after the early steps (the demo grows the
    city there: its proposals and pool epochs move the clock by weeks)."""
    for step in EARLY:
        step(w3, coop, founders, say)
    if between is not None:
        between()
    for step in LATE:
        step(w3, coop, founders, say)
