"""The API's routes. Reads come from the index; writes check against the
chain now. Lists take `offset` and `limit` (at most 200) and answer
`{items, total, offset, limit}`."""

from __future__ import annotations

import logging
import threading
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import StreamingResponse
from sqlalchemy import Connection, select
from web3 import Web3
from web3.contract import Contract

from frontend import values
from frontend.api import reads, schemas
from frontend.api.middleware import client_key
from frontend.api.transactions import prepare
from frontend.errors import ApiError
from frontend.index import models
from frontend.services import Services
from harvest_coop.core.constants import MAX_UINT256, VoteSupport
from harvest_coop.core.eip712 import typed_data_digest
from harvest_coop.core.offers import Offer, offer_digest, typed_data
from harvest_coop.core.units import format_credit
from harvest_coop.web3_layer.simulate import SimulationError, simulate

router = APIRouter(prefix="/api")
log = logging.getLogger("harvest")

Offset = Annotated[int, Query(ge=0, le=2**31, description="items to skip")]
Limit = Annotated[int, Query(ge=1, le=200, description="items per page")]

_ERR = {"model": schemas.ErrorBody}

CONFIG_COOPS = 200  # co-op names in /api/config (the rest: /api/coops, paged)


def errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    return {code: _ERR for code in codes}


READ = errors(400, 404, 422)
WRITE = errors(400, 403, 404, 409, 413, 422, 429, 503)


def services(request: Request) -> Services:
    s: Services = request.app.state.services
    return s


def _page(items: list[Any], total: int, offset: int, limit: int) -> dict[str, Any]:
    return {"items": items, "total": total, "offset": offset, "limit": limit}


def _chain_time(s: Services, conn: Connection) -> int | None:
    """The time of the last block indexed."""
    checkpoint = s.store.checkpoint(conn)
    if not checkpoint:
        return None
    value = conn.execute(
        select(models.blocks.c.timestamp).where(models.blocks.c.number == checkpoint[0])
    ).scalar()
    return None if value is None else int(value)


@router.get("/health", response_model=schemas.Health, responses=errors(503))
def health(request: Request) -> dict[str, Any]:
    """How far the index is: indexed block, chain head and lag."""
    s = services(request)
    progress = s.follower.progress
    head = s.head()
    indexed = progress.indexed_block
    if head is None:
        status = "node_unreachable"
    elif indexed is None or head - s.config.confirmations - indexed > 0:
        status = "catching_up"
    else:
        status = "ok"
    return {
        "status": status,
        "indexed_block": indexed,
        "head": head,
        "lag": None if head is None or indexed is None else max(head - indexed, 0),
        "chain_id": s.chain_id,
        "reorgs": progress.reorgs,
        "events_indexed": progress.events_total,
        "last_error": progress.last_error,
    }


@router.get("/config", response_model=schemas.ServiceConfig)
def config(request: Request) -> dict[str, Any]:
    """What the page needs to talk to the wallet: chain, RPC URL, relay, co-ops."""
    s = services(request)
    with s.engine.connect() as conn:
        # the first co-ops only: every open page asks again on every update
        names, total = reads.page(
            conn, select(models.coops.c.name).order_by(models.coops.c.position), 0, CONFIG_COOPS
        )
        chain_time = _chain_time(s, conn)
    return {
        "chain_id": s.chain_id,
        "rpc_url": s.config.wallet_rpc_url,
        "relay_enabled": s.relay.enabled,
        "relayer": s.relay.address,
        "relay_coops": _relayed_coops(s) if s.relay.enabled else [],
        "default_coop": s.deployment.default_coop,
        "coops": [row["name"] for row in names],
        "coops_total": total,
        "chain_time": chain_time,
    }


def _relayed_coops(s: Services) -> list[str]:
    """The co-ops of the deployment file, whose votes the relayer pays for."""
    names = list(s.deployment.coops)
    if not names and s.deployment.default_coop:
        names = [s.deployment.default_coop]
    return names


def _coop(conn: Connection, segment: str) -> dict[str, Any]:
    """The co-op a path's `{coop}` segment names (see `values.segment`)."""
    return reads.coop_row(conn, values.segment(segment))


@router.get("/coops", response_model=schemas.Page[schemas.Coop], responses=READ)
def list_coops(request: Request, offset: Offset = 0, limit: Limit = 50) -> dict[str, Any]:
    """Every co-op the registry lists."""
    with services(request).engine.connect() as conn:
        rows, total = reads.page(conn, select(models.coops).order_by(models.coops.c.position), offset, limit)
        return _page(reads.coops_json(conn, rows), total, offset, limit)


@router.get("/coops/{coop}", response_model=schemas.Coop, responses=READ)
def get_coop(request: Request, coop: str) -> dict[str, Any]:
    """One co-op, by name or by any of its contract addresses."""
    with services(request).engine.connect() as conn:
        return reads.coop_json(conn, _coop(conn, coop))


@router.get("/coops/{coop}/members", response_model=schemas.Page[schemas.Member], responses=READ)
def list_members(
    request: Request, coop: str, offset: Offset = 0, limit: Limit = 50, include_former: bool = False
) -> dict[str, Any]:
    """Members with how they joined, their votes and who lent them theirs."""
    with services(request).engine.connect() as conn:
        row = _coop(conn, coop)
        m = models.members.c
        query = select(models.members).where(m.coop == row["name"]).order_by(m.member_id)
        if not include_former:
            query = query.where(m.active.is_(True))
        rows, total = reads.page(conn, query, offset, limit)
        proxies = reads.proxies_of(conn, row["name"])
        return _page(
            [reads.member_json(r, proxies.get(r["account"], [])) for r in rows], total, offset, limit
        )


@router.get("/coops/{coop}/members/{account}", response_model=schemas.Member, responses=READ)
def get_member(request: Request, coop: str, account: str) -> dict[str, Any]:
    address = values.address(account, "account")
    with services(request).engine.connect() as conn:
        row = _coop(conn, coop)
        m = models.members.c
        member = (
            conn.execute(select(models.members).where(m.coop == row["name"], m.account == address))
            .mappings()
            .first()
        )
        if member is None:
            raise ApiError("unknown_member", f"{address} never joined {row['name']}")
        return reads.member_json(dict(member), reads.proxies_of(conn, row["name"]).get(address, []))


@router.get("/coops/{coop}/accounts/{account}", response_model=schemas.Account, responses=READ)
def get_account(
    request: Request, coop: str, account: str, offset: Offset = 0, limit: Limit = 200
) -> dict[str, Any]:
    """Anyone's standing in a co-op: membership, application, credit, approvals, and the
    produce held (`limit` batches from `offset`, and `harvest_total`)."""
    address = values.address(account, "account")
    with services(request).engine.connect() as conn:
        return reads.account_json(conn, _coop(conn, coop), address, offset, limit)


@router.get("/coops/{coop}/applications", response_model=schemas.Page[schemas.Application], responses=READ)
def list_applications(
    request: Request, coop: str, offset: Offset = 0, limit: Limit = 50, status: str | None = None
) -> dict[str, Any]:
    """Applications to join, with their sponsors and objections."""
    with services(request).engine.connect() as conn:
        row = _coop(conn, coop)
        a = models.applications.c
        query = (
            select(models.applications)
            .where(a.coop == row["name"])
            .order_by(a.opened_block.desc(), a.applicant)
        )
        if status:
            query = query.where(a.status == values.key(status, "status"))
        rows, total = reads.page(conn, query, offset, limit)
        return _page([reads.application_json(r) for r in rows], total, offset, limit)


@router.get("/coops/{coop}/batches", response_model=schemas.Page[schemas.Batch], responses=READ)
def list_batches(
    request: Request, coop: str, offset: Offset = 0, limit: Limit = 50, grower: str | None = None
) -> dict[str, Any]:
    """Harvest batches, newest first (one token = one gram)."""
    with services(request).engine.connect() as conn:
        row = _coop(conn, coop)
        b = models.batches.c
        query = select(models.batches).where(b.coop == row["name"]).order_by(b.id.desc())
        if grower:
            query = query.where(b.grower == values.address(grower, "grower"))
        rows, total = reads.page(conn, query, offset, limit)
        return _page([reads.batch_json(r) for r in rows], total, offset, limit)


@router.get("/coops/{coop}/batches/{batch_id}", response_model=schemas.BatchDetail, responses=READ)
def get_batch(
    request: Request, coop: str, batch_id: int, offset: Offset = 0, limit: Limit = 200
) -> dict[str, Any]:
    """A batch with its journey (logged, traded, given to and claimed from the pool, redeemed or
    composted; each with its transaction), in chain order: `limit` steps from `offset`, and
    `journey_total` (any holder lengthens it: every transfer is a step)."""
    if not 0 <= batch_id < 2**63:  # what the index's integer columns hold; no batch is beyond
        raise ApiError("unknown_batch", f"no batch {batch_id} in {coop}")
    with services(request).engine.connect() as conn:
        row = _coop(conn, coop)
        b = models.batches.c
        batch = (
            conn.execute(select(models.batches).where(b.coop == row["name"], b.id == batch_id))
            .mappings()
            .first()
        )
        if batch is None:
            raise ApiError("unknown_batch", f"no batch {batch_id} in {row['name']}")
        j = models.journey.c
        steps, steps_total = reads.page(
            conn,
            select(models.journey)
            .where(j.coop == row["name"], j.batch_id == batch_id)
            .order_by(j.block_number, j.log_index, j.tx_hash),
            offset,
            limit,
        )
        bal = models.balances.c
        holders = conn.execute(
            select(bal.holder, bal.amount)
            .where(
                bal.coop == row["name"],
                bal.token == row["harvest"],
                bal.token_id == batch_id,
                bal.amount != "0",
            )
            .order_by(bal.holder)
        ).all()
        return {
            **reads.batch_json(dict(batch)),
            "journey": [reads.journey_json(s) for s in steps],
            "journey_total": steps_total,
            "holders": [{"holder": h, "grams": str(a)} for h, a in holders],
        }


@router.get("/offers", response_model=schemas.Page[schemas.Offer], responses=READ)
def list_offers(
    request: Request,
    offset: Offset = 0,
    limit: Limit = 50,
    coop: str | None = None,
    status: str | None = Query(
        None, description="open (the default list), filled, cancelled, expired, ... or all"
    ),
    token: str | None = Query(None, description="a token the offer gives or wants"),
    token_id: str | None = Query(None, alias="id", description="with token: the batch id"),
    maker: str | None = None,
) -> dict[str, Any]:
    """The offer book, newest first; by default only open offers."""
    o = models.offers.c
    query = select(models.offers).order_by(o.received_at.desc(), o.offer_hash)
    with services(request).engine.connect() as conn:
        coops = {r["name"]: dict(r) for r in conn.execute(select(models.coops)).mappings()}
        if coop is not None:
            query = query.where(o.coop == reads.coop_row(conn, coop)["name"])
        status = status or "open"
        if status != "all":
            query = query.where(o.status == values.key(status, "status"))
        if maker is not None:
            query = query.where(o.maker == values.address(maker, "maker"))
        if token is not None:
            address = values.address(token, "token")
            if token_id is not None:
                tid = values.amount(token_id, "id")
                query = query.where(
                    ((o.give_token == address) & (o.give_id == tid))
                    | ((o.want_token == address) & (o.want_id == tid))
                )
            else:
                query = query.where((o.give_token == address) | (o.want_token == address))
        elif token_id is not None:
            raise ApiError("invalid_request", "id filters a token: give token too")
        rows, total = reads.page(conn, query, offset, limit)
        crops = reads.offer_crops(conn, rows, coops)
        return _page([reads.offer_json(r, coops.get(r["coop"]), crops) for r in rows], total, offset, limit)


@router.get("/offers/{offer_hash}", response_model=schemas.Offer, responses=READ)
def get_offer(request: Request, offer_hash: str) -> dict[str, Any]:
    key = values.bytes32(offer_hash, "offer_hash")
    with services(request).engine.connect() as conn:
        row = conn.execute(select(models.offers).where(models.offers.c.offer_hash == key)).mappings().first()
        if row is None:
            raise ApiError("unknown_offer", f"no offer {key} in the book")
        coop = conn.execute(select(models.coops).where(models.coops.c.name == row["coop"])).mappings().first()
        coops = {row["coop"]: dict(coop)} if coop else {}
        return reads.offer_json(
            dict(row), coops.get(row["coop"]), reads.offer_crops(conn, [dict(row)], coops)
        )


@router.post("/offers", status_code=201, response_model=schemas.Offer, responses=WRITE)
def post_offer(request: Request, document: schemas.SignedOfferIn) -> dict[str, Any]:
    """Add a signed offer (the document `ape run offer sign` writes) to the book."""
    s = services(request)
    row = s.offer_book.submit(document.model_dump(exclude_none=True))
    with s.engine.connect() as conn:
        coop = conn.execute(select(models.coops).where(models.coops.c.name == row["coop"])).mappings().first()
        coops = {row["coop"]: dict(coop)} if coop else {}
        return reads.offer_json(row, coops.get(row["coop"]), reads.offer_crops(conn, [row], coops))


@router.get("/coops/{coop}/escrows", response_model=schemas.Page[schemas.Escrow], responses=READ)
def list_escrows(
    request: Request, coop: str, offset: Offset = 0, limit: Limit = 50, party: str | None = None
) -> dict[str, Any]:
    """Escrows of delivery swaps, newest first."""
    with services(request).engine.connect() as conn:
        row = _coop(conn, coop)
        e = models.escrows.c
        query = (
            select(models.escrows).where(e.coop == row["name"]).order_by(e.opened_block.desc(), e.escrow_id)
        )
        if party is not None:
            who = values.address(party, "party")
            query = query.where((e.maker == who) | (e.taker == who))
        rows, total = reads.page(conn, query, offset, limit)
        return _page([reads.escrow_json(r) for r in rows], total, offset, limit)


@router.get("/escrows/{escrow_id}", response_model=schemas.Escrow, responses=READ)
def get_escrow(request: Request, escrow_id: str) -> dict[str, Any]:
    key = values.bytes32(escrow_id, "escrow_id")
    with services(request).engine.connect() as conn:
        row = conn.execute(select(models.escrows).where(models.escrows.c.escrow_id == key)).mappings().first()
        if row is None:
            raise ApiError("unknown_escrow", f"no escrow {key} is indexed")
        return reads.escrow_json(dict(row))


@router.get("/coops/{coop}/proposals", response_model=schemas.Page[schemas.Proposal], responses=READ)
def list_proposals(request: Request, coop: str, offset: Offset = 0, limit: Limit = 50) -> dict[str, Any]:
    """Proposals with their tallies and state, newest first."""
    with services(request).engine.connect() as conn:
        row = _coop(conn, coop)
        p = models.proposals.c
        query = (
            select(models.proposals)
            .where(p.coop == row["name"])
            .order_by(p.created_block.desc(), p.vote_start.desc())
        )
        rows, total = reads.page(conn, query, offset, limit)
        return _page([reads.proposal_json(r) for r in rows], total, offset, limit)


def _proposal(conn: Connection, coop: dict[str, Any], proposal_id: str) -> dict[str, Any]:
    pid = values.uint(proposal_id, "proposal_id")
    p = models.proposals.c
    row = (
        conn.execute(select(models.proposals).where(p.coop == coop["name"], p.proposal_id == pid))
        .mappings()
        .first()
    )
    if row is None:
        raise ApiError("unknown_proposal", f"no proposal {pid} in {coop['name']}")
    return dict(row)


@router.get("/coops/{coop}/proposals/{proposal_id}", response_model=schemas.ProposalDetail, responses=READ)
def get_proposal(request: Request, coop: str, proposal_id: str) -> dict[str, Any]:
    """A proposal with every vote cast."""
    with services(request).engine.connect() as conn:
        row = _proposal(conn, _coop(conn, coop), proposal_id)
        v = models.votes.c
        votes = conn.execute(
            select(models.votes)
            .where(v.coop == row["coop"], v.proposal_id == row["proposal_id"])
            .order_by(v.block_number, v.voter)
        ).mappings()
        return {**reads.proposal_json(row), "votes": [reads.vote_json(dict(x)) for x in votes]}


@router.get(
    "/coops/{coop}/proposals/{proposal_id}/ballot",
    response_model=schemas.TypedData,
    responses=errors(400, 404, 422, 503),
)
def ballot(
    request: Request, coop: str, proposal_id: str, voter: str, support: int = Query(ge=0, le=2)
) -> dict[str, Any]:
    """The EIP-712 Ballot a voter signs now (`eth_signTypedData_v4`), with the voter's current nonce."""
    s = services(request)
    address = values.address(voter, "voter")
    with s.engine.connect() as conn:
        c = _coop(conn, coop)
        row = _proposal(conn, c, proposal_id)
    doc = s.relay.typed_data(c["governor"], int(row["proposal_id"]), support, address)
    # integers as decimal strings, as wallets take them (a proposal id is far above 2**53)
    doc["message"] = {k: (str(v) if isinstance(v, int) else v) for k, v in doc["message"].items()}
    sentence = f"vote {VoteSupport(support).name.lower()} on \u201c{row['description']}\u201d"
    return {"typed_data": doc, "digest": "0x" + typed_data_digest(doc).hex(), "words": sentence}


@router.get("/coops/{coop}/equity", response_model=schemas.Equity, responses=READ)
def coop_equity(
    request: Request,
    coop: str,
    epoch: Annotated[
        int | None, Query(ge=1, le=2**62, description="the pool's epoch (default: the latest with claims)")
    ] = None,
    offset: Offset = 0,
    limit: Limit = 200,
) -> dict[str, Any]:
    """Who received what from the co-op's community pool in one epoch, what
    was given and composted, and the Gini coefficient, Lorenz curve and
    bottom / top fifth shares of the grams received. The people and the
    batches are listed `limit` from `offset` (with `people_total` and
    `batches_total`); the figures count everyone."""
    with services(request).engine.connect() as conn:
        return reads.pool_equity(conn, _coop(conn, coop)["name"], epoch, offset, limit)


@router.get("/equity", response_model=schemas.CityEquity, responses=READ)
def city_equity(request: Request, offset: Offset = 0, limit: Limit = 50) -> dict[str, Any]:
    """The same figures for a page of co-ops (registry order) over all their
    epochs, and for the whole city."""
    with services(request).engine.connect() as conn:
        return reads.city_equity(conn, offset, limit)


EpochNumber = Annotated[int, Path(ge=1, le=2**32, description="the pool's epoch (numbered from 1)")]
EntryKind = Literal["grown", "given", "claimed", "redeemed", "composted"]


@router.get("/coops/{coop}/pool/epochs", response_model=schemas.Page[schemas.PoolEpoch], responses=READ)
def list_pool_epochs(request: Request, coop: str, offset: Offset = 0, limit: Limit = 200) -> dict[str, Any]:
    """Every epoch of the co-op's community pool, from the first to the one
    running at the indexed chain's time, oldest first: its time window and
    what was grown (harvests logged), given, claimed, redeemed and composted
    in it. Epoch n runs from `from_time + (n - from_epoch) * epoch_length` for
    `epoch_length` seconds, under the pool's last `EpochLengthSet` with
    `from_epoch <= n` (the constructor's is from epoch 1 at deployment), as
    the contract's `epoch()` computes it. Gifts, claims and the pool's
    compost count in the epoch their event names; harvests logged, redeemed
    and composted in the epoch whose window holds their block's time."""
    s = services(request)
    with s.engine.connect() as conn:
        name = _coop(conn, coop)["name"]
        figures = reads.pool_epoch_figures(conn, name, _chain_time(s, conn))
        return _page(figures[offset : offset + limit], len(figures), offset, limit)


@router.get("/coops/{coop}/pool/epochs/{epoch}", response_model=schemas.PoolEpochDetail, responses=READ)
def get_pool_epoch(request: Request, coop: str, epoch: EpochNumber) -> dict[str, Any]:
    """One epoch's figures (as in the list) and how many entries each of its
    lists (`grown`, `given`, `claimed`, `redeemed`, `composted`) has; 404
    `unknown_epoch` for an epoch that has not begun."""
    s = services(request)
    with s.engine.connect() as conn:
        return reads.pool_epoch(conn, _coop(conn, coop)["name"], epoch, _chain_time(s, conn))


@router.get(
    "/coops/{coop}/pool/epochs/{epoch}/{kind}", response_model=schemas.Page[schemas.PoolEntry], responses=READ
)
def list_pool_entries(
    request: Request, coop: str, epoch: EpochNumber, kind: EntryKind, offset: Offset = 0, limit: Limit = 50
) -> dict[str, Any]:
    """One list of an epoch, in chain order: `grown` (harvests logged in its
    window: grower, crop, grams, batch), `given` (gifts to the pool: donor,
    batch or credit, amount), `claimed` (member, batch or credit, amount),
    `redeemed` (holder, batch, grams) and `composted` (holder, batch, grams,
    and who did it)."""
    s = services(request)
    with s.engine.connect() as conn:
        row = _coop(conn, coop)
        figures = reads.pool_epoch_window(conn, row["name"], epoch, _chain_time(s, conn))
        items, total = reads.pool_entries(conn, row, figures, kind, offset, limit)
        return _page(items, total, offset, limit)


_SIMULATING = threading.Lock()


@router.post(
    "/coops/{coop}/proposals/{proposal_id}/simulation",
    response_model=schemas.Simulation,
    responses=errors(400, 404, 409, 422, 429, 503),
)
def simulate_proposal(request: Request, coop: str, proposal_id: str) -> dict[str, Any]:
    """What the proposal would do if it passed: voted through, queued and
    executed on a throwaway anvil fork of the chain (a few seconds; the chain
    itself only answers reads). One simulation runs at a time."""
    s = services(request)
    with s.engine.connect() as conn:
        c = _coop(conn, coop)
        row = _proposal(conn, c, proposal_id)
    if s.deployment.registry is None:
        raise ApiError("cannot_simulate", "the deployment file names no co-op registry")
    if not _SIMULATING.acquire(blocking=False):
        raise ApiError("simulation_busy", "another simulation is running: try again in a few seconds")
    try:
        report = simulate(
            s.config.rpc_url, s.deployment.registry, c["name"], int(row["proposal_id"]), say=log.info
        )
    except SimulationError as err:
        raise ApiError("cannot_simulate", str(err)) from None
    finally:
        _SIMULATING.release()
    return {**report.to_json(), "lines": report.lines()}


@router.post("/ballots", status_code=202, response_model=schemas.BallotOut, responses=WRITE)
def post_ballot(request: Request, ballot: schemas.BallotIn) -> dict[str, Any]:
    """Relay a signed ballot: the service pays the gas of `castVoteBySig`."""
    s = services(request)
    if not s.relay.enabled:
        raise ApiError("relay_disabled", "this service relays no votes (no relayer key): vote by transaction")
    with s.engine.connect() as conn:
        coop = reads.coop_row(conn, ballot.coop)
    tx_hash = s.relay.submit(
        coop["governor"], ballot.proposal_id, ballot.support, ballot.voter, ballot.signature, ballot.nonce
    )
    s.broadcaster.publish({"type": "ballot", "coop": coop["name"], "tx_hash": tx_hash})
    assert s.relay.address is not None
    return {"tx_hash": tx_hash, "relayer": s.relay.address}


_KINDS = ("harvest", "credit")
_DELIVERY = {"none": 0, "maker": 1, "taker": 2, "both": 3}


def _free_nonce(exchange: Contract, maker: str, in_book: set[int]) -> int:
    """The maker's next nonce: past the exchange's minimum and the maker's
    offers in the book, unused on chain, and a uint256 (an offer signed with
    the largest nonce leaves the ones below it)."""
    nonce = max(
        [int(exchange.functions.min_nonce(maker).call()), *(n + 1 for n in in_book if n < MAX_UINT256)]
    )
    while nonce <= MAX_UINT256 and (
        nonce in in_book or exchange.functions.is_nonce_used(maker, nonce).call()
    ):
        nonce += 1
    if nonce > MAX_UINT256:
        raise ApiError("nonce_used", f"{maker} has no free nonce left")
    return nonce


@router.post("/coops/{coop}/offer-drafts", response_model=schemas.TypedData, responses=WRITE)
def offer_draft(request: Request, coop: str, draft: schemas.OfferDraftIn) -> dict[str, Any]:
    """The EIP-712 offer a maker signs (`eth_signTypedData_v4`), with the next free nonce, in words too."""
    s = services(request)
    maker = values.address(draft.maker, "maker")
    if draft.give_kind not in _KINDS or draft.want_kind not in _KINDS:
        raise ApiError("invalid_request", "give_kind and want_kind must be harvest or credit")
    if draft.delivery not in _DELIVERY:
        raise ApiError("invalid_request", "delivery must be none, maker, taker or both")
    give_amount, want_amount = (
        values.amount(draft.give_amount, "give_amount"),
        values.amount(draft.want_amount, "want_amount"),
    )
    if give_amount == 0 or want_amount == 0:
        raise ApiError("bad_amount", "an offer gives and wants at least 1")
    with s.engine.connect() as conn:
        c = _coop(conn, coop)
        crops = {}
        for kind, batch in ((draft.give_kind, draft.give_batch), (draft.want_kind, draft.want_batch)):
            if kind == "harvest":
                if batch is None:
                    raise ApiError("invalid_request", "a harvest leg needs its batch")
                b = models.batches.c
                crop = conn.execute(select(b.crop).where(b.coop == c["name"], b.id == batch)).scalar()
                if crop is None:
                    raise ApiError("unknown_batch", f"no batch {batch} in {c['name']}")
                crops[batch] = crop
        maker_nonces = list(
            conn.execute(
                select(models.offers.c.nonce).where(
                    models.offers.c.maker == maker, models.offers.c.coop == c["name"]
                )
            ).scalars()
        )
    exchange = s.chain.contract("NutrientExchange", c["exchange"])
    nonce = _free_nonce(exchange, maker, {int(n) for n in maker_nonces})
    now = int(s.chain.w3.eth.get_block("latest")["timestamp"])
    delivery = _DELIVERY[draft.delivery]
    if delivery and draft.delivery_window <= 0:
        raise ApiError("invalid_request", "a delivery offer needs a delivery_window in seconds")
    try:
        offer = Offer(
            maker=maker,
            give_token=c[draft.give_kind],
            give_id=draft.give_batch if draft.give_kind == "harvest" and draft.give_batch is not None else 0,
            give_amount=give_amount,
            want_token=c[draft.want_kind],
            want_id=draft.want_batch if draft.want_kind == "harvest" and draft.want_batch is not None else 0,
            want_amount=want_amount,
            delivery=delivery,
            delivery_window=draft.delivery_window if delivery else 0,
            expiry=now + draft.expires_in,
            nonce=nonce,
            partial_fill=draft.partial_fill,
            max_fee_bps=draft.max_fee_bps,
        )
    except ValueError as err:
        raise ApiError("invalid_request", str(err)) from err

    def leg(kind: str, batch: int | None, amount: int) -> str:
        if kind == "harvest" and batch is not None:
            return f"{amount:,} g of {crops[batch]} from batch {batch}"
        return format_credit(amount)

    sentence = f"give {leg(draft.give_kind, draft.give_batch, give_amount)} for {leg(draft.want_kind, draft.want_batch, want_amount)}"
    doc = typed_data(offer, s.chain_id, c["exchange"])
    return {
        "typed_data": doc,
        "digest": "0x" + offer_digest(offer, s.chain_id, c["exchange"]).hex(),
        "words": sentence,
    }


@router.post("/coops/{coop}/transactions", response_model=schemas.TxOut, responses=WRITE)
def transaction(request: Request, coop: str, tx: schemas.TxIn) -> dict[str, str]:
    """An unsigned transaction (to, data) for the member's wallet to show, sign and send."""
    s = services(request)
    with s.engine.connect() as conn:
        return prepare(s.chain, conn, _coop(conn, coop), tx.action, tx.sender, tx.args)


@router.get(
    "/stream",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}}, **errors(503)},
)
async def stream(request: Request) -> StreamingResponse:
    """Server-sent events: `index` (new blocks indexed), `offer`, `offers`, `ballot`, `reorg`."""
    s = services(request)
    if s.broadcaster.full:
        raise ApiError(
            "too_many_streams",
            f"{s.broadcaster.max_subscribers} page(s) are connected to the live updates, as many as the "
            "service keeps (HARVEST_MAX_STREAMS); try again later",
        )
    client = client_key(request.client.host if request.client else "unknown")
    if s.broadcaster.full_for(client):
        raise ApiError(
            "too_many_streams",
            f"{s.broadcaster.max_per_client} page(s) of yours are connected to the live updates, as many "
            "as one client may keep (HARVEST_MAX_STREAMS_PER_CLIENT): close one, or try again later",
        )
    return StreamingResponse(
        s.broadcaster.events(request.is_disconnected, client=client),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


__all__ = ["router", "Web3"]
