"""Answers from the index (no node involved): co-ops, members, batches,
balances, offers, escrows, proposals, votes."""

from __future__ import annotations

from typing import Any, NamedTuple

from sqlalchemy import Connection, Select, String, cast, func, or_, select

from frontend import values
from frontend.errors import ApiError
from frontend.index import models
from harvest_coop.core.constants import MAX_UINT256, EscrowState, JoinRoute, ProposalState, VoteSupport
from harvest_coop.core.equity import equity
from harvest_coop.core.stack_code import RECORD_FIELDS

__all__ = ["coop_row", "page"]

# The coops table has a column per contract, named as in the registry's record.
COOP_COLUMNS = RECORD_FIELDS


def coop_row(conn: Connection, key: str) -> dict[str, Any]:
    """A co-op by name or by any of its contract addresses."""
    c = models.coops.c
    key = values.key(key, "co-op name")
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


def coops_json(conn: Connection, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Co-ops with their counts: one grouped query per count, however many
    co-ops (a page of them is asked for again on every live update)."""
    names = [row["name"] for row in rows]

    def counts(table: Any, *where: Any) -> dict[str, int]:
        if not names:
            return {}
        query = select(table.c.coop, func.count()).where(table.c.coop.in_(names), *where)
        return {coop: int(n) for coop, n in conn.execute(query.group_by(table.c.coop)).tuples()}

    members = counts(models.members, models.members.c.active.is_(True))
    batches = counts(models.batches)
    offers = counts(models.offers, models.offers.c.status == "open")
    proposals = counts(models.proposals)
    return [
        {
            "name": row["name"],
            "contracts": {k: row[v] for k, v in COOP_COLUMNS.items()},
            "creator": row["creator"],
            "creation_block": row["creation_block"],
            "registered_tx": row["registered_tx"],
            "fee_bps": row["fee_bps"],
            "paused": row["paused"],
            "max_proxies": row["max_proxies"],
            "members": members.get(row["name"], 0),
            "batches": batches.get(row["name"], 0),
            "open_offers": offers.get(row["name"], 0),
            "proposals": proposals.get(row["name"], 0),
        }
        for row in rows
    ]


def coop_json(conn: Connection, row: dict[str, Any]) -> dict[str, Any]:
    return coops_json(conn, [row])[0]


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


def _leg(
    coop: dict[str, Any] | None, token: str, token_id: int, amount: int, crops: dict[tuple[str, int], str]
) -> dict[str, str]:
    kind, crop = "token", ""
    if coop is not None:
        kind = "harvest" if token == coop["harvest"] else "credit" if token == coop["credit"] else "token"
        if kind == "harvest":
            crop = crops.get((coop["name"], token_id), "")
    return {"token": token, "kind": kind, "id": str(token_id), "amount": str(amount), "crop": crop}


def offer_crops(
    conn: Connection, rows: list[dict[str, Any]], coops: dict[str, dict[str, Any]]
) -> dict[tuple[str, int], str]:
    """The crops of the batches the offers `rows` give or want, by (co-op, batch id): one query
    for a page of offers, however old their batches."""
    wanted: dict[str, set[int]] = {}
    for row in rows:
        coop = coops.get(row["coop"])
        if coop is None:
            continue
        for token, token_id in ((row["give_token"], row["give_id"]), (row["want_token"], row["want_id"])):
            if token == coop["harvest"]:
                wanted.setdefault(coop["name"], set()).add(token_id)
    b = models.batches.c
    crops: dict[tuple[str, int], str] = {}
    for name, ids in wanted.items():
        for batch_id, crop in conn.execute(select(b.id, b.crop).where(b.coop == name, b.id.in_(sorted(ids)))):
            crops[(name, int(batch_id))] = crop
    return crops


def offer_json(
    row: dict[str, Any], coop: dict[str, Any] | None, crops: dict[tuple[str, int], str] | None = None
) -> dict[str, Any]:
    """An offer as the API answers it; `crops` (from `offer_crops`) names its harvest legs."""
    crops = crops or {}
    return {
        "offer_hash": row["offer_hash"],
        "coop": row["coop"],
        "maker": row["maker"],
        "give": _leg(coop, row["give_token"], row["give_id"], row["give_amount"], crops),
        "want": _leg(coop, row["want_token"], row["want_id"], row["want_amount"], crops),
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


def account_json(
    conn: Connection, coop: dict[str, Any], account: str, offset: int = 0, limit: int = 200
) -> dict[str, Any]:
    """Anyone's standing; the produce held `limit` batches from `offset`
    (any member can send a gram of many batches), with `harvest_total`."""
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
    holdings, held = page(
        conn,
        select(b.token_id, b.amount, bt.crop, bt.best_before)
        .select_from(
            # a token id is a uint256 kept as text: PostgreSQL compares no bigint with text
            models.balances.outerjoin(
                models.batches, (bt.coop == b.coop) & (cast(bt.id, String(78)) == b.token_id)
            )
        )
        .where(b.coop == name, b.token == coop["harvest"], b.holder == account, b.amount != "0")
        .order_by(func.length(b.token_id), b.token_id),  # in numeric order, not the text's
        offset,
        limit,
    )
    return {
        "account": account,
        "coop": name,
        "member": member_json(dict(member), proxies_of(conn, name).get(account, [])) if member else None,
        "application": application_json(dict(application)) if application else None,
        "credit": str(credit or 0),
        "credit_allowance": str(approval(coop["credit"])),
        "harvest_approved": approval(coop["harvest"]) == MAX_UINT256,
        "harvest": [
            {
                "batch_id": int(h["token_id"]),
                "crop": h["crop"] or "",
                "grams": str(h["amount"]),
                "best_before": h["best_before"],
            }
            for h in holdings
        ],
        "harvest_total": held,
    }


# -- the community pool: who received what --------------------------------------------


LORENZ_POINTS = 100  # a Lorenz curve of more people: its points at each percent of them


def _equity_json(amounts: list[int]) -> dict[str, Any]:
    figures = equity(amounts)
    curve = figures.lorenz
    people = len(curve) - 1
    if people > LORENZ_POINTS:  # the city's: as long as there are members of every co-op
        curve = [curve[k * people // LORENZ_POINTS] for k in range(LORENZ_POINTS + 1)]
    return {
        "people": figures.people,
        "total": figures.total,
        "gini": figures.gini,
        "bottom_20_share": figures.bottom_20_share,
        "top_20_share": figures.top_20_share,
        "lorenz": [list(point) for point in curve],
    }


def pool_epochs(conn: Connection, coop: str) -> list[int]:
    """The epochs in which the co-op's pool saw any donation, claim or compost."""
    f = models.pool_flows.c
    return sorted(int(e) for e in conn.execute(select(f.epoch).where(f.coop == coop).distinct()).scalars())


def _epoch_people(conn: Connection, coop: str, epoch: dict[str, Any] | None) -> set[str]:
    """Who shared the epoch: the members who could claim in it (joined
    before it began, still members when its first action ran). The
    contract divides each share by every member at that first action, those
    who joined since the epoch began included, who may claim only from the
    next epoch: they received nothing by rule, so they are not counted as
    people who received nothing here."""
    m = models.members.c
    query = select(m.account).where(m.coop == coop)
    if epoch is None:
        query = query.where(m.active.is_(True))
    else:
        query = query.where(
            m.joined_time < epoch["start"],
            or_(m.left_block.is_(None), m.left_block > epoch["block_number"]),
        )
    return set(conn.execute(query).scalars())


def pool_equity(
    conn: Connection, coop: str, epoch: int | None, offset: int = 0, limit: int = 200
) -> dict[str, Any]:
    """One epoch of the co-op's pool: what each member received (grams of
    produce and credit), what was given and composted, and how evenly the
    produce was shared (Gini, Lorenz curve, bottom and top fifths). The
    people (most received first) and the batches are listed `limit` from
    `offset`, each with its total; the figures count everyone."""
    epochs = pool_epochs(conn, coop)
    f = models.pool_flows.c
    if epoch is None:
        claimed = [
            int(x)
            for x in conn.execute(
                select(f.epoch).where(f.coop == coop, f.kind == "claimed").distinct()
            ).scalars()
        ]
        epoch = max(claimed or epochs or [0]) or None
    if epoch is not None and epoch not in epochs:
        raise ApiError("unknown_epoch", f"{coop}'s pool recorded nothing in epoch {epoch}")
    e = models.pool_epochs.c
    record = None
    if epoch is not None:
        found = (
            conn.execute(select(models.pool_epochs).where(e.coop == coop, e.epoch == epoch))
            .mappings()
            .first()
        )
        record = dict(found) if found else None
    flows = (
        []
        if epoch is None
        else [
            dict(r)
            for r in conn.execute(
                select(models.pool_flows)
                .where(f.coop == coop, f.epoch == epoch)
                .order_by(f.block_number, f.log_index)
            ).mappings()
        ]
    )
    people: dict[str, dict[str, Any]] = {
        a: {"account": a, "received_grams": 0, "received_credit": 0, "claims": 0}
        for a in _epoch_people(conn, coop, record)
    }
    given = {
        "donated_grams": 0,
        "claimed_grams": 0,
        "composted_grams": 0,
        "donated_credit": 0,
        "claimed_credit": 0,
    }
    per_batch: dict[int, dict[str, Any]] = {}
    for flow in flows:
        amount, batch = int(flow["amount"]), int(flow["batch_id"])
        unit = "credit" if batch == 0 else "grams"
        if flow["kind"] != "composted" or unit == "grams":
            key = f"{flow['kind']}_{unit}"
            if key in given:
                given[key] += amount
        if batch:
            row = per_batch.setdefault(batch, {"batch_id": batch, "donated": 0, "claimed": 0, "composted": 0})
            row[flow["kind"]] += amount
        if flow["kind"] == "claimed":
            person = people.setdefault(
                flow["account"],
                {"account": flow["account"], "received_grams": 0, "received_credit": 0, "claims": 0},
            )
            person[f"received_{unit}"] += amount
            person["claims"] += 1
    shown = sorted(per_batch.items())[offset : offset + limit]
    b = models.batches.c
    crops = (
        dict(
            conn.execute(select(b.id, b.crop).where(b.coop == coop, b.id.in_([bid for bid, _ in shown])))
            .tuples()
            .all()
        )
        if shown
        else {}
    )
    ranked = sorted(
        people.values(), key=lambda p: (-p["received_grams"], -p["received_credit"], p["account"])
    )
    return {
        "coop": coop,
        "epoch": epoch,
        "epochs": epochs,
        "start": None if record is None else int(record["start"]),
        "members_at_start": None if record is None else int(record["members"]),
        "people": [
            {**p, "received_credit": str(p["received_credit"])} for p in ranked[offset : offset + limit]
        ],
        "people_total": len(ranked),
        "produce": _equity_json([p["received_grams"] for p in ranked]),
        "given": {k: (str(v) if k.endswith("credit") else v) for k, v in given.items()},
        "batches": [{**row, "crop": crops.get(bid, "")} for bid, row in shown],
        "batches_total": len(per_batch),
        "offset": offset,
        "limit": limit,
    }


def city_equity(conn: Connection, offset: int = 0, limit: int = 50) -> dict[str, Any]:
    """A page of co-ops' pools over all their epochs (in registry order),
    and the whole city's: grams of produce each member received from their
    co-op's pool. A page costs the same few queries however many co-ops
    the registry lists (anyone can make one)."""
    f = models.pool_flows.c
    received: dict[tuple[str, str], int] = {}
    for coop, account, amount, batch in conn.execute(
        select(f.coop, f.account, f.amount, f.batch_id).where(f.kind == "claimed")
    ).tuples():
        if int(batch):
            received[(coop, account)] = received.get((coop, account), 0) + int(amount)
    m = models.members.c
    for coop, account in conn.execute(select(m.coop, m.account).where(m.active.is_(True))).tuples():
        received.setdefault((coop, account), 0)
    names, total = page(conn, select(models.coops.c.name).order_by(models.coops.c.position), offset, limit)
    shown = [str(row["name"]) for row in names]
    by_coop: dict[str, list[int]] = {name: [] for name in shown}
    for (coop, _), value in received.items():
        if coop in by_coop:
            by_coop[coop].append(value)
    epochs: dict[str, list[int]] = {name: [] for name in shown}
    if shown:
        for coop, epoch in conn.execute(select(f.coop, f.epoch).where(f.coop.in_(shown)).distinct()).tuples():
            epochs[coop].append(int(epoch))
    coops = [
        {"coop": name, "epochs": sorted(epochs[name]), "produce": _equity_json(by_coop[name])}
        for name in shown
    ]
    return {
        "coops": coops,
        "total": total,
        "offset": offset,
        "limit": limit,
        "produce": _equity_json(list(received.values())),
    }


# -- the community pool, epoch by epoch ------------------------------------------------
#
# An epoch's time window comes from the pool's `EpochLengthSet` events (kept in
# the `events` table; the pool's constructor logs the first, from epoch 1 at
# its deployment): each says that epoch `from_epoch` begins at `from_time` and
# that every epoch from it on lasts `epoch_length` seconds, until the next
# change. So epoch n (under the last change with from_epoch <= n) runs from
# from_time + (n - from_epoch) * epoch_length for epoch_length seconds, the
# windows one after another without gap or overlap, exactly as the contract's
# `epoch()` computes them. Gifts, claims and the pool's compost carry their
# epoch in their event; harvests logged, redeemed and composted are counted in
# the epoch whose window holds their block's time (the clock the contract
# reads). Harvests logged before the pool's first epoch belong to none.

ENTRY_KINDS = ("grown", "given", "claimed", "redeemed", "composted")


class Rule(NamedTuple):
    """From epoch `epoch`, beginning at `start`, every epoch lasts `length` seconds."""

    epoch: int
    start: int
    length: int


def epoch_schedule(conn: Connection, coop: str) -> list[Rule]:
    """The pool's epoch lengths as it set them, oldest first."""
    ev = models.events.c
    rules: list[Rule] = []
    for args in conn.execute(
        select(ev.args)
        .where(ev.coop == coop, ev.contract == "ResourcePool", ev.name == "EpochLengthSet")
        .order_by(ev.block_number, ev.log_index)
    ).scalars():
        rule = Rule(int(args["from_epoch"]), int(args["from_time"]), int(args["epoch_length"]))
        # set again before its first epoch began: the later setting replaces it
        rules = [r for r in rules if r.epoch < rule.epoch] + [rule]
    return rules


def epoch_window(rules: list[Rule], epoch: int) -> tuple[int, int]:
    """When epoch `epoch` begins and ends (the next one begins)."""
    rule = [r for r in rules if r.epoch <= epoch][-1]
    start = rule.start + (epoch - rule.epoch) * rule.length
    return start, start + rule.length


def epoch_at(rules: list[Rule], time: int) -> int | None:
    """The epoch running at `time` (None: before the pool's first epoch)."""
    running = [r for r in rules if r.start <= time]
    if not running:
        return None
    rule = running[-1]
    return rule.epoch + (time - rule.start) // rule.length


def _window_steps(coop: str, steps: tuple[str, ...]) -> Select[Any]:
    """Journey rows of these steps (a compost by governance is one row, its
    note "by governance")."""
    j = models.journey.c
    return select(models.journey).where(j.coop == coop, j.step.in_(steps))


def _epoch_row(rules: list[Rule], epoch: int, running: int | None) -> dict[str, Any]:
    start, end = epoch_window(rules, epoch)
    return {
        "epoch": epoch,
        "start": start,
        "end": end,
        "running": epoch == running,
        "members": None,
        "harvests": 0,
        "logged_grams": 0,
        "redeemed_grams": 0,
        "composted_grams": 0,
        "donated_grams": 0,
        "donated_credit": 0,
        "claimed_grams": 0,
        "claimed_credit": 0,
        "claims": 0,
        "pool_composted_grams": 0,
    }


def _epoch_span(conn: Connection, coop: str, now: int | None) -> tuple[list[Rule], int | None, range]:
    """The pool's schedule, the epoch running at `now`, and the epochs so far
    (from the first to the running one, or to the last the pool recorded)."""
    rules = epoch_schedule(conn, coop)
    if not rules:
        return rules, None, range(0)
    running = None if now is None else epoch_at(rules, now)
    f = models.pool_flows.c
    recorded = conn.execute(select(func.max(f.epoch)).where(f.coop == coop)).scalar()
    return rules, running, range(rules[0].epoch, max(running or 0, int(recorded or 0)) + 1)


def pool_epoch_figures(conn: Connection, coop: str, now: int | None) -> list[dict[str, Any]]:
    """Every epoch of the co-op's pool from the first to the one running at
    `now` (the indexed chain's time), with what was grown, given, claimed,
    redeemed and composted in it."""
    rules, running, span = _epoch_span(conn, coop, now)
    if not span:
        return []
    first, last = span[0], span[-1]
    figures = {n: _epoch_row(rules, n, running) for n in span}
    f = models.pool_flows.c
    pe = models.pool_epochs.c
    for n, members in conn.execute(select(pe.epoch, pe.members).where(pe.coop == coop)).tuples():
        if int(n) in figures:
            figures[int(n)]["members"] = int(members)
    # harvests logged, redeemed, composted: by their block's time, one
    # grouped query per epoch length
    steps = _window_steps(coop, ("logged", "redeemed", "composted")).subquery()
    first_start = figures[first]["start"]
    until = figures[last]["end"]
    for i, rule in enumerate(rules):
        begin = max(rule.start, first_start)
        end = min(rules[i + 1].start if i + 1 < len(rules) else until, until)
        if begin >= end:
            continue
        number = (rule.epoch + (steps.c.block_time - rule.start) // rule.length).label("n")
        for step, n, count, total in conn.execute(
            select(steps.c.step, number, func.count(), func.sum(steps.c.amount))
            .where(steps.c.block_time >= begin, steps.c.block_time < end)
            .group_by(steps.c.step, number)
        ).tuples():
            row = figures.get(int(n))
            if row is None:
                continue
            if step == "logged":
                row["harvests"] += int(count)
                row["logged_grams"] += int(total or 0)
            else:
                row[f"{step}_grams"] += int(total or 0)
    # the pool's own record: each gift, claim and compost names its epoch
    for n, kind, batch, amount in conn.execute(
        select(f.epoch, f.kind, f.batch_id, f.amount).where(f.coop == coop)
    ).tuples():
        row = figures.get(int(n))
        if row is None:
            continue
        if kind == "composted":
            row["pool_composted_grams"] += int(amount)
            continue
        row[f"{kind}_{'grams' if int(batch) else 'credit'}"] += int(amount)
        if kind == "claimed":
            row["claims"] += 1
    return [
        {**row, "donated_credit": str(row["donated_credit"]), "claimed_credit": str(row["claimed_credit"])}
        for row in figures.values()
    ]


def pool_epoch_window(conn: Connection, coop: str, epoch: int, now: int | None) -> dict[str, Any]:
    """One epoch's number, start and end; `unknown_epoch` if it has not begun."""
    rules, running, span = _epoch_span(conn, coop, now)
    if epoch not in span:
        known = f"epochs {span[0]} to {span[-1]} so far" if span else "it has no epochs"
        raise ApiError("unknown_epoch", f"{coop}'s pool has no epoch {epoch} ({known})")
    start, end = epoch_window(rules, epoch)
    return {"epoch": epoch, "start": start, "end": end, "running": epoch == running}


def pool_epoch(conn: Connection, coop: str, epoch: int, now: int | None) -> dict[str, Any]:
    """One epoch's figures and how many entries each of its lists has."""
    pool_epoch_window(conn, coop, epoch, now)
    row = next(r for r in pool_epoch_figures(conn, coop, now) if r["epoch"] == epoch)
    return {
        "coop": coop,
        **row,
        "entries": {kind: pool_entries(conn, coop, row, kind, 0, 0)[1] for kind in ENTRY_KINDS},
    }


def pool_entries(
    conn: Connection, coop: dict[str, Any] | str, epoch: dict[str, Any], kind: str, offset: int, limit: int
) -> tuple[list[dict[str, Any]], int]:
    """One list of an epoch (`epoch` with its number, start and end): who
    grew, gave, claimed, redeemed or composted what, in chain order. With
    `limit` 0 only the count."""
    name = coop if isinstance(coop, str) else coop["name"]
    b = models.batches.c
    if kind in ("given", "claimed"):
        f = models.pool_flows.c
        query = (
            select(
                f.account,
                f.batch_id,
                f.amount,
                b.crop,
                f.tx_hash,
                f.log_index,
                f.block_number,
                f.block_time,
            )
            .select_from(
                models.pool_flows.outerjoin(models.batches, (b.coop == f.coop) & (b.id == f.batch_id))
            )
            .where(
                f.coop == name, f.epoch == epoch["epoch"], f.kind == ("donated" if kind == "given" else kind)
            )
            .order_by(f.block_number, f.log_index)
        )
    else:
        step = {"grown": "logged", "redeemed": "redeemed", "composted": "composted"}[kind]
        steps = _window_steps(name, (step,)).subquery()
        columns: list[Any] = [
            steps.c.actor.label("account"),
            steps.c.batch_id,
            steps.c.amount,
            b.crop,
            steps.c.tx_hash,
            steps.c.log_index,
            steps.c.block_number,
            steps.c.block_time,
        ]
        joined: Any = steps.outerjoin(models.batches, (b.coop == steps.c.coop) & (b.id == steps.c.batch_id))
        if kind == "composted":
            # who composted it: the holder itself, governance (the step's
            # note), or whoever called the pool's `compost` (the pool's
            # record of it)
            pf = models.pool_flows.alias("pool_compost")
            joined = joined.outerjoin(
                pf,
                (pf.c.tx_hash == steps.c.tx_hash)
                & (pf.c.coop == steps.c.coop)
                & (pf.c.kind == "composted")
                & (pf.c.batch_id == steps.c.batch_id)
                & (pf.c.amount == cast(steps.c.amount, String(78))),
            )
            columns += [steps.c.note.label("governance"), pf.c.account.label("pool_caller")]
        query = (
            select(*columns)
            .select_from(joined)
            .where(steps.c.block_time >= epoch["start"], steps.c.block_time < epoch["end"])
            .order_by(steps.c.block_number, steps.c.log_index)
        )
    if limit == 0:
        return [], int(
            conn.execute(select(func.count()).select_from(query.order_by(None).subquery())).scalar() or 0
        )
    rows, total = page(conn, query, offset, limit)
    timelock = None if isinstance(coop, str) else coop["timelock"]
    items = []
    for r in rows:
        batch = int(r["batch_id"])
        by = None
        note = None
        if kind == "composted":
            if r.get("governance"):
                by, note = timelock, "by governance"
            elif r.get("pool_caller"):
                by, note = r["pool_caller"], "from the community pool"
            else:
                by = r["account"]
        items.append(
            {
                "account": r["account"],
                "by": by,
                "note": note,
                "batch_id": batch,
                "crop": (r["crop"] or "") if batch else "",
                "unit": "grams" if batch else "credit",
                "amount": str(int(r["amount"])),
                "tx_hash": r["tx_hash"],
                "block_number": int(r["block_number"]),
                "block_time": int(r["block_time"]),
            }
        )
    return items, total
