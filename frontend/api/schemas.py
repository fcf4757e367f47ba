"""Response and request bodies, as the OpenAPI document shows them.

Integers that can exceed 2**53 (amounts, proposal ids, token ids) are
decimal strings, so a browser never rounds them.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")


class ErrorBody(BaseModel):
    error: str = Field(description="stable machine-readable code (docs/web.md lists them)")
    detail: str = Field(description="what went wrong, for a person")


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    offset: int
    limit: int


class Health(BaseModel):
    status: str = Field(description="ok, catching_up or node_unreachable")
    indexed_block: int | None
    head: int | None
    lag: int | None
    chain_id: int | None
    reorgs: int
    events_indexed: int
    last_error: str | None


class ServiceConfig(BaseModel):
    chain_id: int
    rpc_url: str
    relay_enabled: bool
    relayer: str | None
    relay_coops: list[str] = Field(
        description="the co-ops whose votes the relay pays for (those of the service's deployment file)"
    )
    default_coop: str | None
    coops: list[str] = Field(description="the first 200 co-ops in registry order (all of them: /api/coops)")
    coops_total: int = Field(description="how many co-ops the registry lists")
    chain_time: int | None


class Contracts(BaseModel):
    TimelockController: str
    Membership: str
    CoopGovernor: str
    HarvestToken: str
    CoopCredit: str
    NutrientExchange: str
    ResourcePool: str | None
    Federation: str | None


class Coop(BaseModel):
    name: str
    contracts: Contracts
    creator: str
    creation_block: int
    registered_tx: str
    fee_bps: int
    paused: bool
    max_proxies: int | None
    members: int
    batches: int
    open_offers: int
    proposals: int


class Member(BaseModel):
    account: str
    member_id: int
    route: str = Field(description="founder, governance or sponsors")
    active: bool
    expelled: bool
    joined_block: int
    joined_time: int
    joined_tx: str
    delegate: str | None = Field(description="whom the member's vote goes to (itself unless lent)")
    votes: int = Field(description="votes the member casts now (its own and those lent to it)")
    proxies: list[str] = Field(description="members who lent their vote to this member")


class Application(BaseModel):
    applicant: str
    round: int
    status: str = Field(description="open, scheduled, admitted or closed")
    sponsors: list[str]
    sponsors_needed: int
    objections: int
    objections_needed: int
    admit_after: int | None
    opened_tx: str


class HarvestHolding(BaseModel):
    batch_id: int
    crop: str
    grams: str
    best_before: int | None


class Account(BaseModel):
    account: str
    coop: str
    member: Member | None
    application: Application | None
    credit: str = Field(description="credit in base units (18 decimals)")
    credit_allowance: str = Field(description="credit the exchange may take")
    harvest_approved: bool = Field(description="the exchange may move this account's produce")
    harvest: list[HarvestHolding] = Field(description="produce held: `limit` batches from `offset`, by id")
    harvest_total: int = Field(description="how many batches the account holds")


class Batch(BaseModel):
    id: int
    grower: str
    crop: str
    grams: int
    harvested_at: int
    best_before: int
    origin: str
    supply: int
    redeemed: int
    composted: int
    traded: int
    frozen: bool
    logged_tx: str
    logged_block: int


class JourneyStep(BaseModel):
    step: str = Field(description="logged, transferred, traded, redeemed, composted, frozen or unfrozen")
    actor: str | None
    counterparty: str | None
    grams: int
    note: str | None
    tx_hash: str
    block_number: int
    block_time: int


class Holder(BaseModel):
    holder: str
    grams: str


class BatchDetail(Batch):
    journey: list[JourneyStep] = Field(description="`limit` steps from `offset`, in chain order")
    journey_total: int = Field(description="how many steps the journey has")
    holders: list[Holder]


class Leg(BaseModel):
    token: str
    kind: str = Field(description="harvest, credit or token")
    id: str
    amount: str
    crop: str = Field(
        "", description="a harvest leg's crop, as its grower wrote it ('' otherwise or when not indexed yet)"
    )


class Offer(BaseModel):
    offer_hash: str
    coop: str
    maker: str
    give: Leg
    want: Leg
    delivery: int
    delivery_window: int
    expiry: int
    nonce: str
    partial_fill: bool
    max_fee_bps: int
    status: str = Field(
        description="open, filled, cancelled, expired, unfunded, unapproved, blocked, maker_left or unknown"
    )
    remaining: str
    source: str
    received_at: int
    document: dict[str, Any]


class Escrow(BaseModel):
    escrow_id: str
    coop: str
    offer_hash: str
    maker: str
    taker: str
    record: dict[str, Any]
    state: str
    state_code: int
    taker_must_confirm: bool
    maker_must_confirm: bool
    deadline: int
    withdrawn: list[str]
    opened_tx: str
    opened_time: int
    closed_tx: str | None


class Action(BaseModel):
    target: str
    value: str
    signature: str
    calldata: str


class Proposal(BaseModel):
    proposal_id: str
    coop: str
    proposer: str
    description: str
    actions: list[Action]
    vote_start: int
    vote_end: int
    for_votes: int
    against_votes: int
    abstain_votes: int
    eta: int | None
    state: str
    state_code: int | None
    vetoes: int
    created_tx: str


class Vote(BaseModel):
    voter: str
    support: str
    weight: int
    reason: str
    tx_hash: str
    block_number: int


class ProposalDetail(Proposal):
    votes: list[Vote]


class EquityFigures(BaseModel):
    """How evenly grams of produce were shared, from one tested function
    (`harvest_coop.core.equity`)."""

    people: int
    total: int
    gini: float = Field(description="0: everyone got the same; up to (n-1)/n: one got everything")
    bottom_20_share: float = Field(description="share of the total the fifth who got least received")
    top_20_share: float = Field(description="share of the total the fifth who got most received")
    lorenz: list[list[float]] = Field(
        description="the Lorenz curve: [share of people, share of the total], at each person, or at "
        "each percent of people when more than 100"
    )


class EquityPerson(BaseModel):
    account: str
    received_grams: int
    received_credit: str
    claims: int


class PoolGiven(BaseModel):
    donated_grams: int
    claimed_grams: int
    composted_grams: int
    donated_credit: str
    claimed_credit: str


class PoolBatch(BaseModel):
    batch_id: int
    crop: str
    donated: int
    claimed: int
    composted: int


class Equity(BaseModel):
    """One epoch of a co-op's community pool: who received what."""

    coop: str
    epoch: int | None
    epochs: list[int]
    start: int | None
    members_at_start: int | None
    people: list[EquityPerson] = Field(description="`limit` from `offset`, who received most first")
    people_total: int = Field(description="how many shared the epoch (or claimed in it)")
    produce: EquityFigures
    given: PoolGiven
    batches: list[PoolBatch] = Field(description="`limit` from `offset`, by batch id")
    batches_total: int = Field(description="how many batches the pool saw in the epoch")
    offset: int
    limit: int


class CoopEquity(BaseModel):
    coop: str
    epochs: list[int]
    produce: EquityFigures


class CityEquity(BaseModel):
    """A page of co-ops' pools over all their epochs, and the city's as one."""

    coops: list[CoopEquity]
    total: int = Field(description="how many co-ops the registry lists")
    offset: int
    limit: int
    produce: EquityFigures


class PoolEpoch(BaseModel):
    """One epoch of a co-op's pool: its window, and what was grown, given,
    claimed, redeemed and composted in it. Gifts, claims and the pool's
    compost carry their epoch in their event; harvests logged, redeemed and
    composted count in the epoch whose window holds their block's time."""

    epoch: int
    start: int = Field(description="when it began (unix seconds; the pool's EpochLengthSet schedule)")
    end: int = Field(description="when it ends: the next epoch begins (in the future while running)")
    running: bool = Field(description="the epoch at the indexed chain's time")
    members: int | None = Field(description="members who share it, as its first pool action counted them")
    harvests: int = Field(description="harvests logged in its window")
    logged_grams: int = Field(description="grams of produce logged in its window")
    redeemed_grams: int = Field(description="grams picked up (redeemed) in its window")
    composted_grams: int = Field(description="grams composted in its window, by anyone (the pool too)")
    donated_grams: int = Field(description="grams of produce given to the pool in it")
    donated_credit: str = Field(description="credit given to the pool in it (smallest unit)")
    claimed_grams: int = Field(description="grams of produce claimed from the pool in it")
    claimed_credit: str = Field(description="credit claimed from the pool in it (smallest unit)")
    claims: int
    pool_composted_grams: int = Field(description="of the grams composted, those the pool held")


class PoolEntryCounts(BaseModel):
    grown: int
    given: int
    claimed: int
    redeemed: int
    composted: int


class PoolEpochDetail(PoolEpoch):
    """One epoch's figures, and how long each of its lists is."""

    coop: str
    entries: PoolEntryCounts


class PoolEntry(BaseModel):
    """One harvest logged, gift, claim, pick-up or compost of an epoch."""

    account: str = Field(description="the grower, donor, claiming member or holder")
    by: str | None = Field(
        description="composted: who did it (the holder, whoever called the pool's compost, or the timelock)"
    )
    note: str | None = Field(description="composted: 'from the community pool' or 'by governance'")
    batch_id: int = Field(description="the harvest batch; 0: the co-op's credit")
    crop: str = Field(description="the batch's crop, as its grower wrote it ('' for credit)")
    unit: str = Field(description="grams or credit (credit's smallest unit)")
    amount: str
    tx_hash: str
    block_number: int
    block_time: int


class SimulatedEvent(BaseModel):
    contract: str
    event: str
    args: dict[str, Any]


class SimulatedChange(BaseModel):
    contract: str
    view: str
    before: Any
    after: Any


class SimulatedBalance(BaseModel):
    token: str
    token_id: int | str | None
    account: str
    before: int | str
    after: int | str


class Simulation(BaseModel):
    """What a proposal would do: voted through, queued and executed on a
    throwaway fork of the chain (`ape run simulate` gives the same report)."""

    coop: str
    proposal_id: str
    description: str
    fork_block: int
    state_before: str
    votes_cast: int
    outcome: str = Field(description="executed, defeated or reverted")
    revert_reason: str | None
    gas_used: int | None
    events: list[SimulatedEvent]
    changes: list[SimulatedChange]
    balances: list[SimulatedBalance]
    lines: list[str] = Field(description="the report as a person reads it")


class SignedOfferIn(BaseModel):
    """The signed-offer document `ape run offer sign` writes."""

    model_config = ConfigDict(extra="forbid")
    kind: str
    version: int
    typed_data: dict[str, Any]
    signature: str
    offer_hash: str | None = None


class BallotIn(BaseModel):
    coop: str = Field(description="the co-op's name or any of its contract addresses")
    proposal_id: str | int
    support: int = Field(description="0 against, 1 for, 2 abstain")
    voter: str
    signature: str
    nonce: str | int | None = None


class BallotOut(BaseModel):
    tx_hash: str
    relayer: str


class TypedData(BaseModel):
    typed_data: dict[str, Any]
    digest: str
    words: str


class TxIn(BaseModel):
    action: str = Field(description="what to do (docs/web.md lists the actions and their arguments)")
    sender: str = Field(description="the member's address (the wallet sends the transaction)")
    args: dict[str, Any] = Field(default_factory=dict)


class TxOut(BaseModel):
    to: str
    data: str
    value: str
    summary: str


class OfferDraftIn(BaseModel):
    maker: str
    give_kind: str = Field(description="harvest or credit")
    give_batch: int | None = Field(None, ge=0, lt=2**63)
    give_amount: str | int
    want_kind: str = Field(description="harvest or credit")
    want_batch: int | None = Field(None, ge=0, lt=2**63)
    want_amount: str | int
    delivery: str = Field("none", description="none, maker, taker or both")
    delivery_window: int = Field(0, ge=0, le=2**63)
    expires_in: int = Field(7 * 86_400, gt=0, le=10 * 365 * 86_400)
    partial_fill: bool = False
    max_fee_bps: int = Field(0, ge=0, le=1000)
