"""Unsigned transactions for the page: the service encodes the call with the
shipped ABIs (so the page carries no ABI) and the member's own wallet shows,
signs and sends it. The service never signs for a member.

Each action takes named arguments (docs/web.md lists them) and gives
`{to, data, value, summary}`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, select
from web3.contract import Contract

from frontend import values
from frontend.api import words
from frontend.chain import Chain
from frontend.errors import ApiError
from frontend.index import models
from harvest_coop.core.constants import DAY, MAX_UINT256, VoteSupport
from harvest_coop.core.offer_book import fill_amounts, want_for
from harvest_coop.core.offers import Escrow, Offer, parse_offer_document
from harvest_coop.core.proposals import proposal_of

__all__ = ["ACTIONS", "prepare"]

Build = Callable[["Ctx"], tuple[Any, str]]


class Ctx:
    """What an action needs: the co-op's contracts, the index, the sender, the arguments."""

    def __init__(
        self, chain: Chain, conn: Connection, coop: dict[str, Any], sender: str, args: dict[str, Any]
    ) -> None:
        self.chain, self.conn, self.coop, self.sender, self.args = chain, conn, coop, sender, args

    def contract(self, name: str, column: str) -> Contract:
        return self.chain.contract(name, self.coop[column])

    def arg(self, name: str) -> Any:
        if name not in self.args:
            raise ApiError("invalid_request", f"the action needs {name!r}")
        return self.args[name]

    def text(self, name: str, most: int) -> str:
        value = self.arg(name)
        if not isinstance(value, str) or not value.strip() or len(value.encode()) > most:
            raise ApiError("invalid_request", f"{name} must be text of 1 to {most} bytes")
        return value

    def offer(self) -> tuple[Offer, bytes]:
        offer_hash = values.bytes32(self.arg("offer_hash"), "offer_hash")
        row = (
            self.conn.execute(select(models.offers).where(models.offers.c.offer_hash == offer_hash))
            .mappings()
            .first()
        )
        if row is None:
            raise ApiError("unknown_offer", f"no offer {offer_hash} in the book")
        doc = row["document"]
        if row["source"] == "chain":
            return Offer.from_message(doc["typed_data"]["message"]), b""
        parsed = parse_offer_document(doc)
        return parsed.offer, parsed.signature

    def escrow(self) -> Escrow:
        escrow_id = values.bytes32(self.arg("escrow_id"), "escrow_id")
        row = (
            self.conn.execute(select(models.escrows).where(models.escrows.c.escrow_id == escrow_id))
            .mappings()
            .first()
        )
        if row is None:
            raise ApiError("unknown_escrow", f"no escrow {escrow_id} is indexed")
        return Escrow.from_value(dict(row["record"]))

    def proposal(self) -> dict[str, Any]:
        pid = values.uint(self.arg("proposal_id"), "proposal_id")
        p = models.proposals.c
        row = (
            self.conn.execute(
                select(models.proposals).where(p.coop == self.coop["name"], p.proposal_id == pid)
            )
            .mappings()
            .first()
        )
        if row is None:
            raise ApiError("unknown_proposal", f"no proposal {pid} in {self.coop['name']}")
        return dict(row)


def _membership(fn: str, *names: str) -> Build:
    def build(c: Ctx) -> tuple[Any, str]:
        addresses = [values.address(c.arg(n), n) for n in names]
        call = getattr(c.contract("Membership", "membership").functions, fn)(*addresses)
        return call, f"{fn.replace('_', ' ')} {' '.join(addresses)}".strip()

    return build


def log_harvest(c: Ctx) -> tuple[Any, str]:
    crop, origin = c.text("crop", 32), c.text("origin", 128)
    grams = values.uint(c.arg("grams"), "grams", 64)
    if grams == 0:
        raise ApiError("bad_amount", "grams must be at least 1")
    days = values.uint(c.arg("best_before_days"), "best_before_days", 16)
    now = int(c.chain.w3.eth.get_block("latest")["timestamp"])
    harvest = c.contract("HarvestToken", "harvest")
    call = harvest.functions.log_harvest(crop, grams, now - 60, now + max(days, 1) * DAY, origin)
    return call, f"log {grams:,} g of {crop} from {origin}, best before in {days} days"


def approve_harvest(c: Ctx) -> tuple[Any, str]:
    call = c.contract("HarvestToken", "harvest").functions.setApprovalForAll(c.coop["exchange"], True)
    return call, "let the exchange move your produce when you trade"


def approve_credit(c: Ctx) -> tuple[Any, str]:
    amount = values.amount(c.args.get("amount", MAX_UINT256))
    call = c.contract("CoopCredit", "credit").functions.approve(c.coop["exchange"], amount)
    return call, "let the exchange take credit when you trade"


def fill(c: Ctx) -> tuple[Any, str]:
    offer, signature = c.offer()
    amount = values.amount(c.args["amount"]) if c.args.get("amount") is not None else None
    amount, minimum = fill_amounts(offer, amount, None)
    call = c.contract("NutrientExchange", "exchange").functions.fill(
        offer.as_tuple(), signature, amount, minimum
    )
    give = words.leg(c.conn, c.coop, offer.give_token, offer.give_id, amount)
    want = words.leg(c.conn, c.coop, offer.want_token, offer.want_id, want_for(offer, amount))
    return call, f"take {give} for {want}"


def cancel_offer(c: Ctx) -> tuple[Any, str]:
    offer, _ = c.offer()
    if offer.maker != c.sender:
        raise ApiError("invalid_request", "only the maker cancels an offer")
    return c.contract("NutrientExchange", "exchange").functions.cancel(offer.as_tuple()), "cancel your offer"


def _escrow_call(fn: str, words: str) -> Build:
    def build(c: Ctx) -> tuple[Any, str]:
        escrow = c.escrow()
        return getattr(c.contract("NutrientExchange", "exchange").functions, fn)(escrow.as_tuple()), words

    return build


def withdraw(c: Ctx) -> tuple[Any, str]:
    escrow = c.escrow()
    receiver = values.address(c.args.get("receiver", c.sender), "receiver")
    call = c.contract("NutrientExchange", "exchange").functions.withdraw(escrow.as_tuple(), receiver)
    return call, "withdraw what the escrow owes you"


def redeem(c: Ctx) -> tuple[Any, str]:
    batch = values.uint(c.arg("batch_id"), "batch_id")
    grams = values.uint(c.arg("grams"), "grams")
    return c.contract("HarvestToken", "harvest").functions.redeem(
        batch, grams
    ), f"pick up {grams:,} g of batch {batch}"


def propose(c: Ctx) -> tuple[Any, str]:
    kind = c.arg("kind")
    description = c.text("description", 3_900)
    membership = c.contract("Membership", "membership")
    credit = c.contract("CoopCredit", "credit")
    if kind == "admit":
        account = values.address(c.arg("account"), "account")
        actions = [(membership.address, 0, membership.encode_abi("admit", args=[account]))]
    elif kind == "mint_credit":
        account = values.address(c.arg("account"), "account")
        amount = values.amount(c.arg("amount"))
        actions = [(credit.address, 0, credit.encode_abi("mint", args=[account, amount]))]
    elif kind == "set_max_proxies":
        value = values.uint(c.arg("value"), "value", 8)
        actions = [(membership.address, 0, membership.encode_abi("set_max_proxies", args=[value]))]
    else:
        raise ApiError("invalid_request", "kind must be admit, mint_credit or set_max_proxies")
    proposal = proposal_of(actions, description, c.sender)  # type: ignore[arg-type]
    governor = c.contract("CoopGovernor", "governor")
    return governor.functions.propose(
        *proposal.propose_args()
    ), f"propose {words.described(description, 300)}"


def _support(c: Ctx) -> int:
    support = values.uint(c.arg("support"), "support", 8)
    if support not in tuple(VoteSupport):
        raise ApiError("invalid_request", "support must be 0 (against), 1 (for) or 2 (abstain)")
    return support


def vote(c: Ctx) -> tuple[Any, str]:
    row = c.proposal()
    support = _support(c)
    governor = c.contract("CoopGovernor", "governor")
    reason = c.args.get("reason") or ""
    if not isinstance(reason, str) or len(reason) > 1000:
        raise ApiError("invalid_request", "reason must be text of at most 1000 characters")
    call = (
        governor.functions.castVoteWithReason(row["proposal_id"], support, reason)
        if reason
        else governor.functions.castVote(row["proposal_id"], support)
    )
    return call, f"vote {VoteSupport(support).name.lower()} on {words.described(row['description'])}"


def _proposal_call(fn: str) -> Build:
    def build(c: Ctx) -> tuple[Any, str]:
        row = c.proposal()
        governor = c.contract("CoopGovernor", "governor")
        if fn == "veto":
            return governor.functions.veto(row["proposal_id"]), "veto the proposal"
        targets = [a["target"] for a in row["actions"]]
        vals = [int(a["value"]) for a in row["actions"]]
        datas = [bytes.fromhex(a["calldata"][2:]) for a in row["actions"]]
        from eth_utils.crypto import keccak

        return getattr(governor.functions, fn)(
            targets, vals, datas, keccak(text=row["description"])
        ), f"{fn} the proposal"

    return build


ACTIONS: dict[str, Build] = {
    "apply": lambda c: (
        c.contract("Membership", "membership").functions.apply_for_membership(),
        "apply to join",
    ),
    "withdraw_application": lambda c: (
        c.contract("Membership", "membership").functions.withdraw_application(),
        "withdraw your application",
    ),
    "sponsor": _membership("sponsor", "applicant"),
    "object": _membership("object_to", "applicant"),
    "complete_admission": _membership("complete_admission", "applicant"),
    "delegate": _membership("delegate", "to"),
    "resign": lambda c: (c.contract("Membership", "membership").functions.resign(), "leave the co-op"),
    "log_harvest": log_harvest,
    "approve_harvest": approve_harvest,
    "approve_credit": approve_credit,
    "fill": fill,
    "cancel_offer": cancel_offer,
    "confirm": _escrow_call("confirm", "confirm the delivery"),
    "dispute": _escrow_call("dispute", "dispute the escrow"),
    "settle": _escrow_call("settle", "settle the escrow"),
    "withdraw": withdraw,
    "redeem": redeem,
    "propose": propose,
    "vote": vote,
    "veto": _proposal_call("veto"),
    "queue": _proposal_call("queue"),
    "execute": _proposal_call("execute"),
}


def prepare(
    chain: Chain, conn: Connection, coop: dict[str, Any], action: str, sender: str, args: dict[str, Any]
) -> dict[str, str]:
    """`{to, data, value, summary}` of `action`, for `sender`'s wallet."""
    build = ACTIONS.get(action)
    if build is None:
        raise ApiError("unknown_action", f"no action {action[:40]!r} (known: {', '.join(sorted(ACTIONS))})")
    call, summary = build(Ctx(chain, conn, coop, values.address(sender, "sender"), args))
    return {"to": call.address, "data": call._encode_transaction_data(), "value": "0x0", "summary": summary}
