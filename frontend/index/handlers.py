"""Typed event records (harvest_coop.core.events) to derived rows.

One function per (contract, event) that changes a derived table; events
without one (role changes, timelock operations, ...) are only kept in the
`events` table. Handlers read and change the follower's in-memory `State`
and never touch the node, so replaying the `events` table rebuilds every
derived table exactly.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from frontend.index.state import State
from harvest_coop.core import events as ev
from harvest_coop.core.constants import MAX_UINT256, ZERO_ADDRESS, Delivery, EscrowState

__all__ = ["HANDLERS", "RULES", "Context", "apply"]

# The handlers' edition: raise it whenever what they derive from the same
# events changes. An index whose derived tables were built under another
# edition rebuilds them from its stored events when the follower starts.
# 2: a compost by governance counts once (its journey step says so).
# 3: a withdrawal that held a leg (`EscrowLegHeld`) leaves its party owed.
RULES = "3"


class Context(NamedTuple):
    """Where an event happened (a named tuple: one is made per event)."""

    coop: str
    contract: str
    address: str
    block_number: int
    block_time: int
    tx_hash: str
    log_index: int


def _coop(state: State, ctx: Context) -> dict[str, Any] | None:
    return state.table("coops").get(ctx.coop)


# -- the registry ----------------------------------------------------------------


def coop_created(state: State, ctx: Context, e: ev.CoopRegistryCoopCreated) -> None:
    coops = state.table("coops")
    coops.put(
        {
            "name": e.name,
            "timelock": e.timelock,
            "membership": e.membership,
            "governor": e.governor,
            "harvest": e.harvest,
            "credit": e.credit,
            "exchange": e.exchange,
            "pool": e.pool,
            "federation": e.federation,
            "creator": e.creator,
            "creation_block": e.creation_block,
            "registered_block": ctx.block_number,
            "registered_tx": ctx.tx_hash,
            "position": len(coops.rows),
            "fee_bps": 0,
            "paused": False,
            "max_proxies": None,
        }
    )


# -- membership ------------------------------------------------------------------


def member_joined(state: State, ctx: Context, e: ev.MembershipMemberJoined) -> None:
    members = state.table("members")
    old = members.get(ctx.coop, e.account)
    members.put(
        {
            "coop": ctx.coop,
            "account": e.account,
            "member_id": e.member_id,
            "route": e.route,
            "active": True,
            "expelled": False,
            "joined_block": ctx.block_number,
            "joined_time": ctx.block_time,
            "joined_tx": ctx.tx_hash,
            "left_block": None,
            "delegate": e.account,
            "votes": state.pending_votes.pop((ctx.coop, e.account), old["votes"] if old else 0),
        }
    )
    application = state.table("applications").get(ctx.coop, e.account)
    if application is not None and application["status"] in ("open", "scheduled"):
        application["status"] = "admitted"
        state.table("applications").touch(application)


def member_left(state: State, ctx: Context, e: ev.MembershipMemberLeft) -> None:
    members = state.table("members")
    row = members.get(ctx.coop, e.account)
    if row is not None:
        row.update(active=False, expelled=e.expelled, left_block=ctx.block_number, delegate=None)
        members.touch(row)


def expelled(state: State, ctx: Context, e: ev.MembershipExpelled) -> None:
    members = state.table("members")
    row = members.get(ctx.coop, e.account)
    if row is not None:
        row["expelled"] = True
        members.touch(row)


def delegate_changed(state: State, ctx: Context, e: ev.MembershipDelegateChanged) -> None:
    members = state.table("members")
    row = members.get(ctx.coop, e.delegator)
    if row is not None:
        row["delegate"] = None if e.toDelegate == ZERO_ADDRESS else e.toDelegate
        members.touch(row)


def delegate_votes_changed(state: State, ctx: Context, e: ev.MembershipDelegateVotesChanged) -> None:
    members = state.table("members")
    row = members.get(ctx.coop, e.delegate)
    if row is not None:
        row["votes"] = e.newVotes
        members.touch(row)
    else:  # a founder's votes move before its MemberJoined, in the same transaction
        state.pending_votes[(ctx.coop, e.delegate)] = e.newVotes


def application_opened(state: State, ctx: Context, e: ev.MembershipApplicationOpened) -> None:
    state.table("applications").put(
        {
            "coop": ctx.coop,
            "applicant": e.applicant,
            "round": e.round,
            "status": "open",
            "sponsors": [],
            "sponsors_needed": 0,
            "objections": 0,
            "objections_needed": 0,
            "admit_after": None,
            "close_reason": None,
            "opened_tx": ctx.tx_hash,
            "opened_block": ctx.block_number,
        }
    )


def _application(state: State, ctx: Context, applicant: str) -> dict[str, Any] | None:
    return state.table("applications").get(ctx.coop, applicant)


def sponsored(state: State, ctx: Context, e: ev.MembershipSponsored) -> None:
    row = _application(state, ctx, e.applicant)
    if row is not None:
        row.update(sponsors=[*row["sponsors"], e.sponsor], sponsors_needed=e.needed)
        state.table("applications").touch(row)


def objected(state: State, ctx: Context, e: ev.MembershipObjected) -> None:
    row = _application(state, ctx, e.applicant)
    if row is not None:
        row.update(objections=e.objections, objections_needed=e.needed)
        state.table("applications").touch(row)


def admission_scheduled(state: State, ctx: Context, e: ev.MembershipAdmissionScheduled) -> None:
    row = _application(state, ctx, e.applicant)
    if row is not None:
        row.update(status="scheduled", admit_after=e.admit_after)
        state.table("applications").touch(row)


def application_closed(state: State, ctx: Context, e: ev.MembershipApplicationClosed) -> None:
    row = _application(state, ctx, e.applicant)
    if row is not None:
        row.update(status="closed", close_reason=e.reason)
        state.table("applications").touch(row)


def max_proxies_set(state: State, ctx: Context, e: ev.MembershipMaxProxiesSet) -> None:
    coop = _coop(state, ctx)
    if coop is not None:
        coop["max_proxies"] = e.new_value
        state.table("coops").touch(coop)


# -- harvest ---------------------------------------------------------------------


def _journey(
    state: State,
    ctx: Context,
    batch_id: int,
    step: str,
    actor: str | None,
    amount: int,
    counterparty: str | None = None,
    note: str | None = None,
) -> None:
    state.table("journey").put(
        {
            "tx_hash": ctx.tx_hash,
            "log_index": ctx.log_index,
            "batch_id": batch_id,
            "coop": ctx.coop,
            "step": step,
            "actor": actor,
            "counterparty": counterparty,
            "amount": amount,
            "note": note,
            "block_number": ctx.block_number,
            "block_time": ctx.block_time,
        }
    )


def harvest_logged(state: State, ctx: Context, e: ev.HarvestTokenHarvestLogged) -> None:
    state.table("batches").put(
        {
            "coop": ctx.coop,
            "id": e.id,
            "grower": e.grower,
            "crop": e.crop,
            "grams": e.grams,
            "harvested_at": e.harvested_at,
            "best_before": e.best_before,
            "origin": e.origin,
            "supply": e.grams,
            "redeemed": 0,
            "composted": 0,
            "traded": 0,
            "frozen": False,
            "logged_tx": ctx.tx_hash,
            "logged_block": ctx.block_number,
        }
    )
    _journey(state, ctx, e.id, "logged", e.grower, e.grams)


def _add_balance(state: State, ctx: Context, token: str, token_id: int, holder: str, delta: int) -> None:
    if holder == ZERO_ADDRESS:
        return
    balances = state.table("balances")
    row = balances.get(ctx.coop, token, token_id, holder)
    if row is None:
        balances.put(
            {"coop": ctx.coop, "token": token, "token_id": token_id, "holder": holder, "amount": delta}
        )
    else:
        row["amount"] += delta
        balances.touch(row)


def _harvest_move(
    state: State, ctx: Context, operator: str, sender: str, to: str, id_: int, value: int
) -> None:
    _add_balance(state, ctx, ctx.address, id_, sender, -value)
    _add_balance(state, ctx, ctx.address, id_, to, value)
    batches = state.table("batches")
    batch = batches.get(ctx.coop, id_)
    if to == ZERO_ADDRESS and batch is not None:
        batch["supply"] -= value
        batches.touch(batch)
    if ZERO_ADDRESS in (sender, to):
        return  # minted (logged) or burnt (redeemed / composted: their own events)
    coop = _coop(state, ctx)
    exchange = coop["exchange"] if coop else None
    if exchange in (operator, sender, to):
        if batch is not None and sender != exchange:
            batch["traded"] += value
            batches.touch(batch)
        _journey(state, ctx, id_, "traded", sender, value, to)
    else:
        _journey(state, ctx, id_, "transferred", sender, value, to)


def transfer_single(state: State, ctx: Context, e: ev.HarvestTokenTransferSingle) -> None:
    _harvest_move(state, ctx, e._operator, e._from, e._to, e._id, e._value)


def transfer_batch(state: State, ctx: Context, e: ev.HarvestTokenTransferBatch) -> None:
    for id_, value in zip(e._ids, e._values, strict=True):
        _harvest_move(state, ctx, e._operator, e._from, e._to, id_, value)


def _batch_counter(state: State, ctx: Context, id_: int, column: str, amount: int) -> None:
    batches = state.table("batches")
    batch = batches.get(ctx.coop, id_)
    if batch is not None:
        batch[column] += amount
        batches.touch(batch)


def redeemed(state: State, ctx: Context, e: ev.HarvestTokenRedeemed) -> None:
    _batch_counter(state, ctx, e.id, "redeemed", e.amount)
    _journey(state, ctx, e.id, "redeemed", e.holder, e.amount)


def composted(state: State, ctx: Context, e: ev.HarvestTokenComposted) -> None:
    _batch_counter(state, ctx, e.id, "composted", e.amount)
    _journey(state, ctx, e.id, "composted", e.holder, e.amount)


# -- community pool --------------------------------------------------------------


def _pool_flow(
    state: State, ctx: Context, kind: str, account: str, batch_id: int, amount: int, epoch: int
) -> None:
    state.table("pool_flows").put(
        {
            "tx_hash": ctx.tx_hash,
            "log_index": ctx.log_index,
            "coop": ctx.coop,
            "kind": kind,
            "account": account,
            "batch_id": batch_id,
            "amount": amount,
            "epoch": epoch,
            "block_number": ctx.block_number,
            "block_time": ctx.block_time,
        }
    )


def pool_donated(state: State, ctx: Context, e: ev.ResourcePoolDonated) -> None:
    _pool_flow(state, ctx, "donated", e.donor, e.id, e.amount, e.epoch)
    if e.id:  # a harvest batch (0 is the credit)
        _journey(
            state, ctx, e.id, "donated", e.donor, e.amount, note=f"to the community pool, epoch {e.epoch}"
        )


def pool_claimed(state: State, ctx: Context, e: ev.ResourcePoolClaimed) -> None:
    _pool_flow(state, ctx, "claimed", e.member, e.id, e.amount, e.epoch)
    if e.id:
        _journey(
            state, ctx, e.id, "claimed", e.member, e.amount, note=f"from the community pool, epoch {e.epoch}"
        )


def pool_epoch_started(state: State, ctx: Context, e: ev.ResourcePoolEpochStarted) -> None:
    state.table("pool_epochs").put(
        {
            "coop": ctx.coop,
            "epoch": e.epoch,
            "start": e.start,
            "members": e.members,
            "block_number": ctx.block_number,
        }
    )


def pool_composted(state: State, ctx: Context, e: ev.ResourcePoolComposted) -> None:
    # HarvestToken logs the compost itself (a journey step with the pool as holder)
    _pool_flow(state, ctx, "composted", e.caller, e.id, e.amount, e.epoch)


def composted_by_governance(state: State, ctx: Context, e: ev.HarvestTokenCompostedByGovernance) -> None:
    # HarvestToken logs `Composted` (counted, a journey step) right before
    # this, in the same transaction (so the same range): it only says who
    # decided, on that step.
    journey = state.table("journey")
    step = journey.get(ctx.tx_hash, ctx.log_index - 1, e.id)
    if step is not None and step["step"] == "composted":
        step["note"] = "by governance"
        journey.touch(step)


def _freeze(state: State, ctx: Context, id_: int, frozen: bool, reason: str) -> None:
    batches = state.table("batches")
    batch = batches.get(ctx.coop, id_)
    if batch is not None:
        batch["frozen"] = frozen
        batches.touch(batch)
    _journey(state, ctx, id_, "frozen" if frozen else "unfrozen", None, 0, note=reason)


def batch_frozen(state: State, ctx: Context, e: ev.HarvestTokenBatchFrozen) -> None:
    _freeze(state, ctx, e.id, True, e.reason)


def batch_unfrozen(state: State, ctx: Context, e: ev.HarvestTokenBatchUnfrozen) -> None:
    _freeze(state, ctx, e.id, False, e.reason)


def _approve(state: State, ctx: Context, owner: str, spender: str, amount: int) -> None:
    approvals = state.table("approvals")
    row = approvals.get(ctx.coop, ctx.address, owner, spender)
    if row is None:
        approvals.put(
            {"coop": ctx.coop, "token": ctx.address, "owner": owner, "spender": spender, "amount": amount}
        )
    else:
        row["amount"] = amount
        approvals.touch(row)


def harvest_approval(state: State, ctx: Context, e: ev.HarvestTokenApprovalForAll) -> None:
    _approve(state, ctx, e._owner, e._operator, MAX_UINT256 if e._approved else 0)


# -- credit ----------------------------------------------------------------------


def credit_transfer(state: State, ctx: Context, e: ev.CoopCreditTransfer) -> None:
    _add_balance(state, ctx, ctx.address, 0, e.sender, -e.value)
    _add_balance(state, ctx, ctx.address, 0, e.receiver, e.value)


def credit_approval(state: State, ctx: Context, e: ev.CoopCreditApproval) -> None:
    _approve(state, ctx, e.owner, e.spender, e.value)


# -- exchange --------------------------------------------------------------------


def _offer_chain(state: State, ctx: Context, offer_hash: bytes, maker: str) -> dict[str, Any]:
    table = state.table("offer_chain")
    key = "0x" + offer_hash.hex()
    row = table.get(key)
    if row is None:
        row = table.put(
            {
                "offer_hash": key,
                "coop": ctx.coop,
                "maker": maker,
                "filled": 0,
                "fills": 0,
                "cancelled_nonce": None,
                "posted": None,
                "last_block": ctx.block_number,
            }
        )
    row["last_block"] = ctx.block_number
    return table.touch(row)


def offer_filled(state: State, ctx: Context, e: ev.NutrientExchangeOfferFilled) -> None:
    row = _offer_chain(state, ctx, e.offer_hash, e.maker)
    row["filled"] += e.give_amount
    row["fills"] += 1


def offer_cancelled(state: State, ctx: Context, e: ev.NutrientExchangeOfferCancelled) -> None:
    _offer_chain(state, ctx, e.offer_hash, e.maker)["cancelled_nonce"] = e.nonce
    row = _maker_nonces(state, ctx, e.maker)
    row["cancelled"] = [*row["cancelled"], str(e.nonce)]


def offer_posted(state: State, ctx: Context, e: ev.NutrientExchangeOfferPosted) -> None:
    offer = {k: (str(v) if isinstance(v, int) and not isinstance(v, bool) else v) for k, v in e.offer.items()}
    _offer_chain(state, ctx, e.offer_hash, e.maker)["posted"] = offer


def _maker_nonces(state: State, ctx: Context, maker: str) -> dict[str, Any]:
    table = state.table("maker_nonces")
    row = table.get(ctx.coop, maker)
    if row is None:
        row = table.put({"coop": ctx.coop, "maker": maker, "min_nonce": 0, "cancelled": []})
    return table.touch(row)


def all_offers_cancelled(state: State, ctx: Context, e: ev.NutrientExchangeAllOffersCancelled) -> None:
    _maker_nonces(state, ctx, e.maker)["min_nonce"] = e.min_nonce


def escrow_opened(state: State, ctx: Context, e: ev.NutrientExchangeEscrowOpened) -> None:
    record = e.escrow
    delivery = int(record["delivery"])
    pending = (1 if delivery & Delivery.GIVE else 0) | (2 if delivery & Delivery.WANT else 0)
    state.table("escrows").put(
        {
            "escrow_id": "0x" + e.escrow_id.hex(),
            "coop": ctx.coop,
            "offer_hash": "0x" + bytes(record["offer_hash"]).hex(),
            "maker": e.maker,
            "taker": e.taker,
            "record": {
                k: ("0x" + bytes(v).hex() if isinstance(v, bytes) else str(v) if isinstance(v, int) else v)
                for k, v in record.items()
            },
            "state": int(EscrowState.OPEN),
            "pending": pending,
            "deadline": int(record["deadline"]),
            "withdrawn": [],
            "opened_tx": ctx.tx_hash,
            "opened_block": ctx.block_number,
            "opened_time": ctx.block_time,
            "closed_tx": None,
        }
    )


def _escrow(state: State, escrow_id: bytes) -> dict[str, Any] | None:
    return state.table("escrows").get("0x" + escrow_id.hex())


def _escrow_state(state: State, ctx: Context, escrow_id: bytes, new_state: int) -> None:
    row = _escrow(state, escrow_id)
    if row is not None:
        row["state"] = new_state
        if new_state >= EscrowState.RELEASED:
            row["closed_tx"] = ctx.tx_hash
            row["pending"] = 0
        state.table("escrows").touch(row)


def escrow_confirmed(state: State, ctx: Context, e: ev.NutrientExchangeEscrowConfirmed) -> None:
    row = _escrow(state, e.escrow_id)
    if row is not None:
        bit = 1 if e.party == row["taker"] else 2
        row["pending"] &= ~bit
        state.table("escrows").touch(row)
    if e.released:
        _escrow_state(state, ctx, e.escrow_id, EscrowState.RELEASED)


def escrow_disputed(state: State, ctx: Context, e: ev.NutrientExchangeEscrowDisputed) -> None:
    _escrow_state(state, ctx, e.escrow_id, EscrowState.DISPUTED)


def escrow_settled(state: State, ctx: Context, e: ev.NutrientExchangeEscrowSettled) -> None:
    _escrow_state(state, ctx, e.escrow_id, EscrowState.RELEASED)


def escrow_resolved(state: State, ctx: Context, e: ev.NutrientExchangeEscrowResolved) -> None:
    _escrow_state(state, ctx, e.escrow_id, e.state)


def _held_mark(party: str, tx_hash: str) -> str:
    """What `escrow_leg_held` notes in `withdrawn` for the `EscrowWithdrawn`
    that follows it in the same transaction (never left there)."""
    return f"held:{party}:{tx_hash}"


def escrow_leg_held(state: State, ctx: Context, e: ev.NutrientExchangeEscrowLegHeld) -> None:
    """A withdrawal could not pay one of the party's legs (frozen harvest, a
    token that blocks the exchange, a receiver that refuses): it stays owed,
    so the withdrawal's `EscrowWithdrawn`, next in the same transaction, must
    not list the party as done (the page would hide its Withdraw button)."""
    row = _escrow(state, e.escrow_id)
    mark = _held_mark(e.party, ctx.tx_hash)
    if row is not None and mark not in row["withdrawn"]:
        row["withdrawn"] = [*row["withdrawn"], mark]
        state.table("escrows").touch(row)


def escrow_withdrawn(state: State, ctx: Context, e: ev.NutrientExchangeEscrowWithdrawn) -> None:
    """The party withdrew: it is done with the escrow unless the same
    withdrawal held one of its legs (`escrow_leg_held`)."""
    row = _escrow(state, e.escrow_id)
    if row is None:
        return
    mark = _held_mark(e.party, ctx.tx_hash)
    if mark in row["withdrawn"]:
        row["withdrawn"] = [a for a in row["withdrawn"] if a != mark]
    elif e.party not in row["withdrawn"]:
        row["withdrawn"] = [*row["withdrawn"], e.party]
    else:
        return
    state.table("escrows").touch(row)


def fee_set(state: State, ctx: Context, e: ev.NutrientExchangeFeeSet) -> None:
    coop = _coop(state, ctx)
    if coop is not None:
        coop["fee_bps"] = e.fee_bps
        state.table("coops").touch(coop)


def paused_set(state: State, ctx: Context, e: ev.NutrientExchangePausedSet) -> None:
    coop = _coop(state, ctx)
    if coop is not None:
        coop["paused"] = e.paused
        state.table("coops").touch(coop)


# -- governance ------------------------------------------------------------------


def proposal_created(state: State, ctx: Context, e: ev.CoopGovernorProposalCreated) -> None:
    state.table("proposals").put(
        {
            "coop": ctx.coop,
            "proposal_id": e.proposalId,
            "proposer": e.proposer,
            "description": e.description,
            "actions": [
                {"target": t, "value": str(v), "signature": s, "calldata": "0x" + bytes(c).hex()}
                for t, v, s, c in zip(e.targets, e.values, e.signatures, e.calldatas, strict=True)
            ],
            "vote_start": e.voteStart,
            "vote_end": e.voteEnd,
            "for_votes": 0,
            "against_votes": 0,
            "abstain_votes": 0,
            "eta": None,
            "executed": False,
            "canceled": False,
            "vetoes": 0,
            "state": None,
            "created_block": ctx.block_number,
            "created_tx": ctx.tx_hash,
        }
    )


def _proposal(state: State, ctx: Context, proposal_id: int) -> dict[str, Any] | None:
    row = state.table("proposals").get(ctx.coop, proposal_id)
    if row is not None:
        state.table("proposals").touch(row)
    return row


def vote_cast(state: State, ctx: Context, e: ev.CoopGovernorVoteCast) -> None:
    state.table("votes").put(
        {
            "coop": ctx.coop,
            "proposal_id": e.proposalId,
            "voter": e.voter,
            "support": e.support,
            "weight": e.weight,
            "reason": e.reason,
            "tx_hash": ctx.tx_hash,
            "block_number": ctx.block_number,
        }
    )
    row = _proposal(state, ctx, e.proposalId)
    if row is not None:
        column = {0: "against_votes", 1: "for_votes", 2: "abstain_votes"}.get(e.support)
        if column:
            row[column] += e.weight


def proposal_queued(state: State, ctx: Context, e: ev.CoopGovernorProposalQueued) -> None:
    row = _proposal(state, ctx, e.proposalId)
    if row is not None:
        row["eta"] = e.etaSeconds


def proposal_executed(state: State, ctx: Context, e: ev.CoopGovernorProposalExecuted) -> None:
    row = _proposal(state, ctx, e.proposalId)
    if row is not None:
        row["executed"] = True


def proposal_canceled(state: State, ctx: Context, e: ev.CoopGovernorProposalCanceled) -> None:
    row = _proposal(state, ctx, e.proposalId)
    if row is not None:
        row["canceled"] = True


def veto_cast(state: State, ctx: Context, e: ev.CoopGovernorVetoCast) -> None:
    row = _proposal(state, ctx, e.proposalId)
    if row is not None:
        row["vetoes"] = e.vetoes


Handler = Callable[[State, Context, Any], None]

HANDLERS: dict[type[ev.EventRecord], Handler] = {
    ev.CoopRegistryCoopCreated: coop_created,
    ev.MembershipMemberJoined: member_joined,
    ev.MembershipMemberLeft: member_left,
    ev.MembershipExpelled: expelled,
    ev.MembershipDelegateChanged: delegate_changed,
    ev.MembershipDelegateVotesChanged: delegate_votes_changed,
    ev.MembershipApplicationOpened: application_opened,
    ev.MembershipSponsored: sponsored,
    ev.MembershipObjected: objected,
    ev.MembershipAdmissionScheduled: admission_scheduled,
    ev.MembershipApplicationClosed: application_closed,
    ev.MembershipMaxProxiesSet: max_proxies_set,
    ev.HarvestTokenHarvestLogged: harvest_logged,
    ev.HarvestTokenTransferSingle: transfer_single,
    ev.HarvestTokenTransferBatch: transfer_batch,
    ev.HarvestTokenRedeemed: redeemed,
    ev.HarvestTokenComposted: composted,
    ev.ResourcePoolDonated: pool_donated,
    ev.ResourcePoolClaimed: pool_claimed,
    ev.ResourcePoolComposted: pool_composted,
    ev.ResourcePoolEpochStarted: pool_epoch_started,
    ev.HarvestTokenCompostedByGovernance: composted_by_governance,
    ev.HarvestTokenBatchFrozen: batch_frozen,
    ev.HarvestTokenBatchUnfrozen: batch_unfrozen,
    ev.HarvestTokenApprovalForAll: harvest_approval,
    ev.CoopCreditTransfer: credit_transfer,
    ev.CoopCreditApproval: credit_approval,
    ev.NutrientExchangeOfferFilled: offer_filled,
    ev.NutrientExchangeOfferCancelled: offer_cancelled,
    ev.NutrientExchangeOfferPosted: offer_posted,
    ev.NutrientExchangeAllOffersCancelled: all_offers_cancelled,
    ev.NutrientExchangeEscrowOpened: escrow_opened,
    ev.NutrientExchangeEscrowConfirmed: escrow_confirmed,
    ev.NutrientExchangeEscrowDisputed: escrow_disputed,
    ev.NutrientExchangeEscrowSettled: escrow_settled,
    ev.NutrientExchangeEscrowResolved: escrow_resolved,
    ev.NutrientExchangeEscrowLegHeld: escrow_leg_held,
    ev.NutrientExchangeEscrowWithdrawn: escrow_withdrawn,
    ev.NutrientExchangeFeeSet: fee_set,
    ev.NutrientExchangePausedSet: paused_set,
    ev.CoopGovernorProposalCreated: proposal_created,
    ev.CoopGovernorVoteCast: vote_cast,
    ev.CoopGovernorProposalQueued: proposal_queued,
    ev.CoopGovernorProposalExecuted: proposal_executed,
    ev.CoopGovernorProposalCanceled: proposal_canceled,
    ev.CoopGovernorVetoCast: veto_cast,
}


def apply(state: State, ctx: Context, record: ev.EventRecord) -> None:
    """Apply one event to the derived tables (no-op for events without a handler)."""
    handler = HANDLERS.get(type(record))
    if handler is not None:
        handler(state, ctx, record)
