"""A seeded local co-op for the web tests, the benchmark and trying the page
by hand: the factory stack and a co-op made through it (the SDK's
`web3_layer.stack`), a deployment file, and some life (members, harvests, a
credit allowance passed by a real proposal, a swap, an open escrow, an open
application, a lent vote and a proposal open for voting).

    python -m frontend.devchain --rpc http://127.0.0.1:8545   # writes deployments/local-<chain key>.json

Accounts are anvil's defaults: #0 deploys (keeps no role), #1-#5 found the
co-op, #6 and #9 are outsiders, #7 applies, #8 is proposed for admission.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from pathlib import Path

from web3 import Web3
from web3.contract import Contract
from web3.logs import DISCARD

from harvest_coop.core.constants import COOP_CONTRACTS, DAY, MAX_UINT256, Delivery, VoteSupport
from harvest_coop.core.deployment import Deployment, chain_key, deployment_path, write_deployment
from harvest_coop.core.offers import Offer, typed_data
from harvest_coop.core.params import AdmissionRules, CoopParams
from harvest_coop.core.proposals import with_proposer
from harvest_coop.testing.keys import anvil_key, sign_typed_data
from harvest_coop.web3_layer.governance import advance_time, pass_proposal
from harvest_coop.web3_layer.sender import transact
from harvest_coop.web3_layer.stack import Stack, create_coop, deploy_stack

__all__ = ["Seeded", "deploy", "seed"]


@dataclass
class Seeded:
    """What `seed` made."""

    w3: Web3
    deployment_file: Path
    coop: dict[str, Contract]
    stack: Stack
    founders: list[str]
    batches: dict[str, int] = field(default_factory=dict)
    escrow_id: str = ""
    live_proposal: int = 0
    pool_epochs: list[int] = field(default_factory=list)  # epochs with claims

    def account(self, index: int) -> str:
        return str(self.w3.eth.accounts[index])


def params(name: str, founders: list[str]) -> CoopParams:
    """A co-op whose admission and governance run in minutes of chain time."""
    return CoopParams(
        name=name,
        founders=founders,
        voting_delay=60,
        voting_period=3 * DAY,
        quorum_percent=25,
        timelock_delay=600,
        admission=AdmissionRules(
            sponsors_needed=2, sponsors_percent=0, min_tenure=0, challenge_window=DAY, sponsor_limit=2
        ),
        max_proxies=2,
    )


def deploy(w3: Web3, out: Path, name: str = "Harvest Coop") -> tuple[Stack, dict[str, Contract]]:
    """The stack and one co-op, written to the deployment file `out`."""
    accounts = w3.eth.accounts
    stack = deploy_stack(w3, accounts[0])
    coop, receipts = create_coop(stack, accounts[0], params(name, list(accounts[1:6])))
    addresses = {n: str(coop[n].address) for n in COOP_CONTRACTS}
    deployment = Deployment(
        chain_id=w3.eth.chain_id,
        block=int(receipts[0]["blockNumber"]),
        contracts=addresses,
        default_coop=name,
        factory=stack.factory.address,
        registry=stack.registry.address,
        stack_block=stack.block,
        blueprints={k: v for k, v in stack.code.items()},
        coops={name: addresses},
    )
    write_deployment(out, deployment)
    return stack, coop


def now(w3: Web3) -> int:
    return int(w3.eth.get_block("latest")["timestamp"])


def log_harvest(
    coop: dict[str, Contract], grower: str, crop: str, grams: int, best_before_days: float, origin: str
) -> int:
    w3 = coop["HarvestToken"].w3
    t = now(w3)
    receipt = transact(
        coop["HarvestToken"].functions.log_harvest(
            crop, grams, t - 3600, t + int(best_before_days * DAY), origin
        ),
        grower,
    )
    logged = coop["HarvestToken"].events.HarvestLogged().process_receipt(receipt, errors=DISCARD)
    return int(logged[0]["args"]["id"])


def sign_offer(w3: Web3, offer: Offer, exchange: str, account_index: int) -> bytes:
    return sign_typed_data(typed_data(offer, w3.eth.chain_id, exchange), anvil_key(account_index))


def seed_pool(seeded: Seeded) -> None:
    """Two epochs of the community pool, first (they move the clock two
    weeks, and what is seeded after them must stay fresh): growers give
    squash and beans; in the next epochs members claim unequal parts of
    their equal shares."""
    w3, coop, founders = seeded.w3, seeded.coop, seeded.founders
    harvest, pool = coop["HarvestToken"], coop["ResourcePool"]
    squash = seeded.batches["squash"] = log_harvest(coop, founders[3], "squash", 6_000, 60, "Allotment 3")
    beans = seeded.batches["beans"] = log_harvest(coop, founders[4], "beans", 3_000, 60, "School garden")
    transact(harvest.functions.safeTransferFrom(founders[3], pool.address, squash, 5_000, b""), founders[3])
    length = int(pool.functions.epoch_length().call())
    advance_time(w3, length)
    # epoch 2: 5,000 g of squash among 5 members: a share of 1,000 g each
    for member, grams in zip(founders, (1_000, 1_000, 600, 200), strict=False):
        transact(pool.functions.claim(harvest.address, squash, grams), member)
    transact(harvest.functions.setApprovalForAll(pool.address, True), founders[4])
    transact(pool.functions.donate(harvest.address, beans, 2_500), founders[4])
    seeded.pool_epochs.append(int(pool.functions.epoch().call()[0]))
    advance_time(w3, length)
    # epoch 3: the beans (500 g each) and what is left of the squash (240 g each)
    for member, grams in ((founders[2], 500), (founders[3], 500), (founders[4], 500), (founders[0], 100)):
        transact(pool.functions.claim(harvest.address, beans, grams), member)
    transact(pool.functions.claim(harvest.address, squash, 240), founders[4])
    seeded.pool_epochs.append(int(pool.functions.epoch().call()[0]))


def seed(w3: Web3, out: Path, name: str = "Harvest Coop") -> Seeded:
    """Deploy and seed a co-op; every step is a real transaction."""
    stack, coop = deploy(w3, out, name)
    accounts = [str(a) for a in w3.eth.accounts]
    founders = accounts[1:6]
    seeded = Seeded(w3, out, coop, stack, founders)
    harvest, credit, exchange = coop["HarvestToken"], coop["CoopCredit"], coop["NutrientExchange"]
    membership, governor = coop["Membership"], coop["CoopGovernor"]

    seed_pool(seeded)
    seeded.batches["tomatoes"] = log_harvest(
        coop, founders[0], "tomatoes", 12_000, 9, "Rooftop beds, Block 7"
    )
    seeded.batches["kale"] = log_harvest(coop, founders[1], "kale", 4_500, 6, "Community garden plot 12")
    seeded.batches["strawberries"] = log_harvest(
        coop, founders[2], "strawberries", 2_000, 0.1, "Balcony planters"
    )
    seeded.batches["potatoes"] = log_harvest(coop, founders[3], "potatoes", 25_000, 60, "Allotment 3")
    transact(
        harvest.functions.safeTransferFrom(founders[0], founders[1], seeded.batches["tomatoes"], 1_500, b""),
        founders[0],
    )

    actions: list[tuple[str, int, bytes | str]] = [
        (credit.address, 0, credit.encode_abi("mint", args=[m, 50 * 10**18])) for m in founders
    ]
    pass_proposal(
        w3, governor, founders[0], founders[:3], actions, "Monthly allowance: 50 credit each", lambda _: None
    )

    for member in founders[:4]:
        transact(harvest.functions.setApprovalForAll(exchange.address, True), member)
        transact(credit.functions.approve(exchange.address, MAX_UINT256), member)
    t = now(w3)
    swap = Offer(
        maker=founders[1],
        give_token=harvest.address,
        give_id=seeded.batches["kale"],
        give_amount=1_000,
        want_token=credit.address,
        want_id=0,
        want_amount=5 * 10**18,
        expiry=t + 7 * DAY,
        nonce=1,
        max_fee_bps=50,
    )
    transact(
        exchange.functions.fill(swap.as_tuple(), sign_offer(w3, swap, exchange.address, 2), 1_000, 1_000),
        founders[2],
    )
    delivery = Offer(
        maker=founders[0],
        give_token=harvest.address,
        give_id=seeded.batches["tomatoes"],
        give_amount=2_000,
        want_token=credit.address,
        want_id=0,
        want_amount=10 * 10**18,
        delivery=Delivery.GIVE,
        delivery_window=2 * DAY,
        expiry=t + 7 * DAY,
        nonce=1,
        max_fee_bps=50,
    )
    receipt = transact(
        exchange.functions.fill(
            delivery.as_tuple(), sign_offer(w3, delivery, exchange.address, 1), 2_000, 2_000
        ),
        founders[3],
    )
    opened = exchange.events.EscrowOpened().process_receipt(receipt, errors=DISCARD)
    seeded.escrow_id = "0x" + bytes(opened[0]["args"]["escrow_id"]).hex()

    applicant = accounts[7]
    transact(membership.functions.apply_for_membership(), applicant)
    transact(membership.functions.sponsor(applicant), founders[0])
    transact(membership.functions.delegate(founders[1]), founders[4])

    description = with_proposer("Admit the rooftop-garden newcomer", founders[1])
    calldata = membership.encode_abi("admit", args=[accounts[8]])
    transact(governor.functions.propose([membership.address], [0], [calldata], description), founders[1])
    seeded.live_proposal = int(
        governor.functions.hashProposal(
            [membership.address], [0], [bytes.fromhex(calldata[2:])], Web3.keccak(text=description)
        ).call()
    )
    advance_time(w3, 61)
    transact(governor.functions.castVote(seeded.live_proposal, VoteSupport.FOR), founders[0])
    return seeded


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Deploy and seed a co-op on a running local node.")
    parser.add_argument("--rpc", default="http://127.0.0.1:8545")
    parser.add_argument(
        "--out", type=Path, default=None, help="deployment file (default deployments/local-<chain key>.json)"
    )
    parser.add_argument("--name", default="Harvest Coop")
    args = parser.parse_args(argv)
    w3 = Web3(Web3.HTTPProvider(args.rpc, request_kwargs={"timeout": 60}))
    out = args.out or deployment_path(
        Path(__file__).resolve().parent.parent / "deployments",
        "local",
        chain_key(w3.eth.chain_id, bytes(w3.eth.get_block(0)["hash"])),
    )
    seeded = seed(w3, out, args.name)
    print(f"seeded {args.name!r}; deployment file {seeded.deployment_file}")


if __name__ == "__main__":
    main()
