"""Answers from the index (no node involved): co-ops, members, batches,
balances, offers, escrows, proposals, votes."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Select, func, or_, select

from frontend import values
from frontend.errors import ApiError
from frontend.index import models
from harvest_coop.core.constants import MAX_UINT256, EscrowState, JoinRoute, ProposalState, VoteSupport

__all__ = ["coop_row", "page"]

COOP_COLUMNS = {
    "TimelockController": "timelock",
    "Membership": "membership",
    "CoopGovernor": "governor",
    "HarvestToken": "harvest",
    "CoopCredit": "credit",
    "NutrientExchange": "exchange",
}


def coop_row(conn: Connection, key: str) -> dict[str, Any]:
    """A co-op by name or by any of its contract addresses."""
    c = models.coops.c
    if key.startswith("0x") and len(key) == 42:
        address = values.address(key, "co-op address")
        query = select(models.coops).where(
            or_(*(getattr(c, col) == address for col in COOP_COLUMNS.values()))
        )
    else:
        query = select(models.coops).where(c.name == key)
    row = conn.execute(query).mappings().first()
    if row is None:
        raise ApiError("unknown_coop", f"no co-op named or at {key[:80]!r} is indexed")
    return dict(row)


def page(conn: Connection, query: Select[Any], offset: int, limit: int) -> tuple[list[dict[str, Any]], int]:
    total = conn.execute(select(func.count()).select_from(query.order_by(None).subquery())).scalar() or 0
    rows = [dict(r) for r in conn.execute(query.offset(offset).limit(limit)).mappings()]
    return rows, int(total)


def coop_json(conn: Connection, row: dict[str, Any]) -> dict[str, Any]:
    name = row["name"]

    def count(table: Any, *where: Any) -> int:
        return int(
            conn.execute(select(func.count()).select_from(table).where(table.c.coop == name, *where)).scalar()
            or 0
        )

    return {
        "name": name,
        "contracts": {k: row[v] for k, v in COOP_COLUMNS.items()},
        "creator": row["creator"],
        "creation_block": row["creation_block"],
        "registered_tx": row["registered_tx"],
        "fee_bps": row["fee_bps"],
        "paused": row["paused"],
        "max_proxies": row["max_proxies"],
        "members": count(models.members, models.members.c.active.is_(True)),
        "batches": count(models.batches),
        "open_offers": count(models.offers, models.offers.c.status == "open"),
        "proposals": count(models.proposals),
    }


def member_json(row: dict[str, Any], proxies: list[str]) -> dict[str, Any]:
    return {
        "account": row["account"],
        "member_id": row["member_id"],
        "route": JoinRoute(row["route"]).name.lower()
        if row["route"] in tuple(JoinRoute)
        else str(row["route"]),
        "active": row["active"],
        "expelled": row["expelled"],
        "joined_block": row["joined_block"],
        "joined_time": row["joined_time"],
        "joined_tx": row["joined_tx"],
        "delegate": row["delegate"],
        "votes": row["votes"],
        "proxies": proxies,
    }


def proxies_of(conn: Connection, coop: str) -> dict[str, list[str]]:
    m = models.members.c
    out: dict[str, list[str]] = {}
    for account, delegate in conn.execute(
        select(m.account, m.delegate)
        .where(m.coop == coop, m.active.is_(True), m.delegate.is_not(None))
        .order_by(m.member_id)
    ):
        if delegate != account:
            out.setdefault(delegate, []).append(account)
    return out


def application_json(row: dict[str, Any]) -> dict[str, Any]:
    return {
        k: row[k]
        for k in (
            "applicant",
            "round",
            "status",
            "sponsors",
            "sponsors_needed",
            "objections",
            "objections_needed",
            "admit_after",
            "opened_tx",
        )
    }


def batch_json(row: dict[str, Any]) -> dict[str, Any]:
    return {
        k: row[k]
        for k in (
            "id",
            "grower",
            "crop",
            "grams",
            "harvested_at",
            "best_before",
            "origin",
            "supply",
            "redeemed",
            "composted",
            "traded",
            "frozen",
            "logged_tx",
            "logged_block",
        )
    }


def journey_json(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "step": row["step"],
        "actor": row["actor"],
        "counterparty": row["counterparty"],
        "grams": row["amount"],
        "note": row["note"],
        "tx_hash": row["tx_hash"],
        "block_number": row["block_number"],
        "block_time": row["block_time"],
    }


def _leg(coop: dict[str, Any] | None, token: str, token_id: int, amount: int) -> dict[str, str]:
    kind = "token"
    if coop is not None:
        kind = "harvest" if token == coop["harvest"] else "credit" if token == coop["credit"] else "token"
    return {"token": token, "kind": kind, "id": str(token_id), "amount": str(amount)}


def offer_json(row: dict[str, Any], coop: dict[str, Any] | None) -> dict[str, Any]:
    return {
        "offer_hash": row["offer_hash"],
        "coop": row["coop"],
        "maker": row["maker"],
        "give": _leg(coop, row["give_token"], row["give_id"], row["give_amount"]),
        "want": _leg(coop, row["want_token"], row["want_id"], row["want_amount"]),
        "delivery": row["delivery"],
        "delivery_window": row["delivery_window"],
        "expiry": row["expiry"],
        "nonce": str(row["nonce"]),
        "partial_fill": row["partial_fill"],
        "max_fee_bps": row["max_fee_bps"],
        "status": row["status"],
        "remaining": str(row["remaining"]),
        "source": row["source"],
        "received_at": row["received_at"],
        "document": row["document"],
    }


def escrow_json(row: dict[str, Any]) -> dict[str, Any]:
    state = row["state"]
    return {
        "escrow_id": row["escrow_id"],
        "coop": row["coop"],
        "offer_hash": row["offer_hash"],
        "maker": row["maker"],
        "taker": row["taker"],
        "record": row["record"],
        "state": EscrowState(state).name.lower() if state in tuple(EscrowState) else str(state),
        "state_code": state,
        "taker_must_confirm": bool(row["pending"] & 1),
        "maker_must_confirm": bool(row["pending"] & 2),
        "deadline": row["deadline"],
        "withdrawn": row["withdrawn"],
        "opened_tx": row["opened_tx"],
        "opened_time": row["opened_time"],
        "closed_tx": row["closed_tx"],
    }


def proposal_json(row: dict[str, Any]) -> dict[str, Any]:
    state = row["state"]
    return {
        "proposal_id": str(row["proposal_id"]),
        "coop": row["coop"],
        "proposer": row["proposer"],
        "description": row["description"],
        "actions": row["actions"],
        "vote_start": row["vote_start"],
        "vote_end": row["vote_end"],
        "for_votes": row["for_votes"],
        "against_votes": row["against_votes"],
        "abstain_votes": row["abstain_votes"],
        "eta": row["eta"],
        "state": ProposalState(state).label if state is not None else "Unknown",
        "state_code": state,
        "vetoes": row["vetoes"],
        "created_tx": row["created_tx"],
    }


def vote_json(row: dict[str, Any]) -> dict[str, Any]:
    support = row["support"]
    return {
        "voter": row["voter"],
        "support": VoteSupport(support).name.lower() if support in tuple(VoteSupport) else str(support),
        "weight": row["weight"],
        "reason": row["reason"],
        "tx_hash": row["tx_hash"],
        "block_number": row["block_number"],
    }


def account_json(conn: Connection, coop: dict[str, Any], account: str) -> dict[str, Any]:
    name = coop["name"]
    m = models.members.c
    member = (
        conn.execute(select(models.members).where(m.coop == name, m.account == account)).mappings().first()
    )
    a = models.applications.c
    application = (
        conn.execute(select(models.applications).where(a.coop == name, a.applicant == account))
        .mappings()
        .first()
    )
    b = models.balances.c
    credit = conn.execute(
        select(b.amount).where(
            b.coop == name, b.token == coop["credit"], b.token_id == 0, b.holder == account
        )
    ).scalar()
    ap = models.approvals.c

    def approval(token: str) -> int:
        value = conn.execute(
            select(ap.amount).where(
                ap.coop == name, ap.token == token, ap.owner == account, ap.spender == coop["exchange"]
            )
        ).scalar()
        return int(value or 0)

    bt = models.batches.c
    holdings = conn.execute(
        select(b.token_id, b.amount, bt.crop, bt.best_before)
        .select_from(models.balances.outerjoin(models.batches, (bt.coop == b.coop) & (bt.id == b.token_id)))
        .where(b.coop == name, b.token == coop["harvest"], b.holder == account, b.amount != "0")
        .order_by(b.token_id)
    ).all()
    return {
        "account": account,
        "coop": name,
        "member": member_json(dict(member), proxies_of(conn, name).get(account, [])) if member else None,
        "application": application_json(dict(application)) if application else None,
        "credit": str(credit or 0),
        "credit_allowance": str(approval(coop["credit"])),
        "harvest_approved": approval(coop["harvest"]) == MAX_UINT256,
        "harvest": [
            {"batch_id": int(tid), "crop": crop or "", "grams": str(amount), "best_before": best_before}
            for tid, amount, crop, best_before in holdings
        ],
    }
