"""Typed records of every co-op contract event (generated: `make generate`).

One frozen dataclass per (contract, event), named `<Contract><Event>`, with
the event's fields in order; `EVENTS` maps (contract, event name) to its
class and `decode_event` builds one from a decoded log's arguments (web3.py's
`args`, Ape's `event_arguments`). Structs stay `dict`s, addresses `str`.
Do not edit: tools regenerate it from the compiled ABIs, and a unit test
fails if it is stale.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any, ClassVar

__all__ = ["EVENTS", "EventRecord", "decode_event"]


@dataclass(frozen=True)
class EventRecord:
    """Base of every event record."""

    CONTRACT: ClassVar[str] = ""
    EVENT: ClassVar[str] = ""
    INDEXED: ClassVar[tuple[str, ...]] = ()


@dataclass(frozen=True)
class CoopCreditApproval(EventRecord):
    """`CoopCredit.Approval(address,address,uint256)`."""

    CONTRACT: ClassVar[str] = "CoopCredit"
    EVENT: ClassVar[str] = "Approval"
    INDEXED: ClassVar[tuple[str, ...]] = ("owner", "spender")

    owner: str
    spender: str
    value: int


@dataclass(frozen=True)
class CoopCreditOwnershipTransferred(EventRecord):
    """`CoopCredit.OwnershipTransferred(address,address)`."""

    CONTRACT: ClassVar[str] = "CoopCredit"
    EVENT: ClassVar[str] = "OwnershipTransferred"
    INDEXED: ClassVar[tuple[str, ...]] = ("previous_owner", "new_owner")

    previous_owner: str
    new_owner: str


@dataclass(frozen=True)
class CoopCreditRoleMinterChanged(EventRecord):
    """`CoopCredit.RoleMinterChanged(address,bool)`."""

    CONTRACT: ClassVar[str] = "CoopCredit"
    EVENT: ClassVar[str] = "RoleMinterChanged"
    INDEXED: ClassVar[tuple[str, ...]] = ("minter",)

    minter: str
    status: bool


@dataclass(frozen=True)
class CoopCreditTransfer(EventRecord):
    """`CoopCredit.Transfer(address,address,uint256)`."""

    CONTRACT: ClassVar[str] = "CoopCredit"
    EVENT: ClassVar[str] = "Transfer"
    INDEXED: ClassVar[tuple[str, ...]] = ("sender", "receiver")

    sender: str
    receiver: str
    value: int


@dataclass(frozen=True)
class CoopFactoryCoopFinished(EventRecord):
    """`CoopFactory.CoopFinished(address,string,address,address,address,address)`."""

    CONTRACT: ClassVar[str] = "CoopFactory"
    EVENT: ClassVar[str] = "CoopFinished"
    INDEXED: ClassVar[tuple[str, ...]] = ("creator",)

    creator: str
    name: str
    harvest: str
    credit: str
    exchange: str
    pool: str


@dataclass(frozen=True)
class CoopFactoryCoopStarted(EventRecord):
    """`CoopFactory.CoopStarted(address,string,address,address,address,address)`."""

    CONTRACT: ClassVar[str] = "CoopFactory"
    EVENT: ClassVar[str] = "CoopStarted"
    INDEXED: ClassVar[tuple[str, ...]] = ("creator",)

    creator: str
    name: str
    timelock: str
    membership: str
    governor: str
    federation: str


@dataclass(frozen=True)
class CoopGovernorProposalCanceled(EventRecord):
    """`CoopGovernor.ProposalCanceled(uint256)`."""

    CONTRACT: ClassVar[str] = "CoopGovernor"
    EVENT: ClassVar[str] = "ProposalCanceled"
    INDEXED: ClassVar[tuple[str, ...]] = ()

    proposalId: int


@dataclass(frozen=True)
class CoopGovernorProposalCreated(EventRecord):
    """`CoopGovernor.ProposalCreated(uint256,address,address[],uint256[],string[],bytes[],uint256,uint256,string)`."""

    CONTRACT: ClassVar[str] = "CoopGovernor"
    EVENT: ClassVar[str] = "ProposalCreated"
    INDEXED: ClassVar[tuple[str, ...]] = ()

    proposalId: int
    proposer: str
    targets: list[str]
    values: list[int]
    signatures: list[str]
    calldatas: list[bytes]
    voteStart: int
    voteEnd: int
    description: str


@dataclass(frozen=True)
class CoopGovernorProposalExecuted(EventRecord):
    """`CoopGovernor.ProposalExecuted(uint256)`."""

    CONTRACT: ClassVar[str] = "CoopGovernor"
    EVENT: ClassVar[str] = "ProposalExecuted"
    INDEXED: ClassVar[tuple[str, ...]] = ()

    proposalId: int


@dataclass(frozen=True)
class CoopGovernorProposalQueued(EventRecord):
    """`CoopGovernor.ProposalQueued(uint256,uint256)`."""

    CONTRACT: ClassVar[str] = "CoopGovernor"
    EVENT: ClassVar[str] = "ProposalQueued"
    INDEXED: ClassVar[tuple[str, ...]] = ()

    proposalId: int
    etaSeconds: int


@dataclass(frozen=True)
class CoopGovernorProposalVetoed(EventRecord):
    """`CoopGovernor.ProposalVetoed(uint256,uint256)`."""

    CONTRACT: ClassVar[str] = "CoopGovernor"
    EVENT: ClassVar[str] = "ProposalVetoed"
    INDEXED: ClassVar[tuple[str, ...]] = ()

    proposalId: int
    vetoes: int


@dataclass(frozen=True)
class CoopGovernorQuorumNumeratorUpdated(EventRecord):
    """`CoopGovernor.QuorumNumeratorUpdated(uint256,uint256)`."""

    CONTRACT: ClassVar[str] = "CoopGovernor"
    EVENT: ClassVar[str] = "QuorumNumeratorUpdated"
    INDEXED: ClassVar[tuple[str, ...]] = ()

    oldQuorumNumerator: int
    newQuorumNumerator: int


@dataclass(frozen=True)
class CoopGovernorVetoCast(EventRecord):
    """`CoopGovernor.VetoCast(address,uint256,uint256,uint256)`."""

    CONTRACT: ClassVar[str] = "CoopGovernor"
    EVENT: ClassVar[str] = "VetoCast"
    INDEXED: ClassVar[tuple[str, ...]] = ("member",)

    member: str
    proposalId: int
    vetoes: int
    needed: int


@dataclass(frozen=True)
class CoopGovernorVetoPercentSet(EventRecord):
    """`CoopGovernor.VetoPercentSet(uint256,uint256)`."""

    CONTRACT: ClassVar[str] = "CoopGovernor"
    EVENT: ClassVar[str] = "VetoPercentSet"
    INDEXED: ClassVar[tuple[str, ...]] = ()

    old_value: int
    new_value: int


@dataclass(frozen=True)
class CoopGovernorVoteCast(EventRecord):
    """`CoopGovernor.VoteCast(address,uint256,uint8,uint256,string)`."""

    CONTRACT: ClassVar[str] = "CoopGovernor"
    EVENT: ClassVar[str] = "VoteCast"
    INDEXED: ClassVar[tuple[str, ...]] = ("voter",)

    voter: str
    proposalId: int
    support: int
    weight: int
    reason: str


@dataclass(frozen=True)
class CoopGovernorVotingDelaySet(EventRecord):
    """`CoopGovernor.VotingDelaySet(uint256,uint256)`."""

    CONTRACT: ClassVar[str] = "CoopGovernor"
    EVENT: ClassVar[str] = "VotingDelaySet"
    INDEXED: ClassVar[tuple[str, ...]] = ()

    oldVotingDelay: int
    newVotingDelay: int


@dataclass(frozen=True)
class CoopGovernorVotingPeriodSet(EventRecord):
    """`CoopGovernor.VotingPeriodSet(uint256,uint256)`."""

    CONTRACT: ClassVar[str] = "CoopGovernor"
    EVENT: ClassVar[str] = "VotingPeriodSet"
    INDEXED: ClassVar[tuple[str, ...]] = ()

    oldVotingPeriod: int
    newVotingPeriod: int


@dataclass(frozen=True)
class CoopRegistryCoopCreated(EventRecord):
    """`CoopRegistry.CoopCreated(address,string,address,address,address,address,address,address,address,address,uint256)`."""

    CONTRACT: ClassVar[str] = "CoopRegistry"
    EVENT: ClassVar[str] = "CoopCreated"
    INDEXED: ClassVar[tuple[str, ...]] = ("creator",)

    creator: str
    name: str
    timelock: str
    membership: str
    governor: str
    harvest: str
    credit: str
    exchange: str
    pool: str
    federation: str
    creation_block: int


@dataclass(frozen=True)
class FederationFederationActivated(EventRecord):
    """`Federation.FederationActivated(address,address,bool)`."""

    CONTRACT: ClassVar[str] = "Federation"
    EVENT: ClassVar[str] = "FederationActivated"
    INDEXED: ClassVar[tuple[str, ...]] = ("coop", "membership")

    coop: str
    membership: str
    accepted_here: bool


@dataclass(frozen=True)
class FederationFederationEnded(EventRecord):
    """`Federation.FederationEnded(address,address,bool,bool,bool)`."""

    CONTRACT: ClassVar[str] = "Federation"
    EVENT: ClassVar[str] = "FederationEnded"
    INDEXED: ClassVar[tuple[str, ...]] = ("coop", "membership")

    coop: str
    membership: str
    ended_here: bool
    was_active: bool
    notified: bool


@dataclass(frozen=True)
class FederationFederationProposed(EventRecord):
    """`Federation.FederationProposed(address)`."""

    CONTRACT: ClassVar[str] = "Federation"
    EVENT: ClassVar[str] = "FederationProposed"
    INDEXED: ClassVar[tuple[str, ...]] = ("coop",)

    coop: str


@dataclass(frozen=True)
class FederationMembershipSet(EventRecord):
    """`Federation.MembershipSet(address)`."""

    CONTRACT: ClassVar[str] = "Federation"
    EVENT: ClassVar[str] = "MembershipSet"
    INDEXED: ClassVar[tuple[str, ...]] = ("membership",)

    membership: str


@dataclass(frozen=True)
class HarvestTokenApprovalForAll(EventRecord):
    """`HarvestToken.ApprovalForAll(address,address,bool)`."""

    CONTRACT: ClassVar[str] = "HarvestToken"
    EVENT: ClassVar[str] = "ApprovalForAll"
    INDEXED: ClassVar[tuple[str, ...]] = ("_owner", "_operator")

    _owner: str
    _operator: str
    _approved: bool


@dataclass(frozen=True)
class HarvestTokenBatchFrozen(EventRecord):
    """`HarvestToken.BatchFrozen(uint256,string)`."""

    CONTRACT: ClassVar[str] = "HarvestToken"
    EVENT: ClassVar[str] = "BatchFrozen"
    INDEXED: ClassVar[tuple[str, ...]] = ("id",)

    id: int
    reason: str


@dataclass(frozen=True)
class HarvestTokenBatchUnfrozen(EventRecord):
    """`HarvestToken.BatchUnfrozen(uint256,string)`."""

    CONTRACT: ClassVar[str] = "HarvestToken"
    EVENT: ClassVar[str] = "BatchUnfrozen"
    INDEXED: ClassVar[tuple[str, ...]] = ("id",)

    id: int
    reason: str


@dataclass(frozen=True)
class HarvestTokenComposted(EventRecord):
    """`HarvestToken.Composted(uint256,address,uint256)`."""

    CONTRACT: ClassVar[str] = "HarvestToken"
    EVENT: ClassVar[str] = "Composted"
    INDEXED: ClassVar[tuple[str, ...]] = ("id", "holder")

    id: int
    holder: str
    amount: int


@dataclass(frozen=True)
class HarvestTokenCompostedByGovernance(EventRecord):
    """`HarvestToken.CompostedByGovernance(uint256,address,uint256)`."""

    CONTRACT: ClassVar[str] = "HarvestToken"
    EVENT: ClassVar[str] = "CompostedByGovernance"
    INDEXED: ClassVar[tuple[str, ...]] = ("id", "holder")

    id: int
    holder: str
    amount: int


@dataclass(frozen=True)
class HarvestTokenCoopContractSet(EventRecord):
    """`HarvestToken.CoopContractSet(address,bool)`."""

    CONTRACT: ClassVar[str] = "HarvestToken"
    EVENT: ClassVar[str] = "CoopContractSet"
    INDEXED: ClassVar[tuple[str, ...]] = ("account",)

    account: str
    allowed: bool


@dataclass(frozen=True)
class HarvestTokenHarvestLogged(EventRecord):
    """`HarvestToken.HarvestLogged(uint256,address,string,uint256,uint64,uint64,string)`."""

    CONTRACT: ClassVar[str] = "HarvestToken"
    EVENT: ClassVar[str] = "HarvestLogged"
    INDEXED: ClassVar[tuple[str, ...]] = ("id", "grower")

    id: int
    grower: str
    crop: str
    grams: int
    harvested_at: int
    best_before: int
    origin: str


@dataclass(frozen=True)
class HarvestTokenMaxShelfLifeSet(EventRecord):
    """`HarvestToken.MaxShelfLifeSet(uint256)`."""

    CONTRACT: ClassVar[str] = "HarvestToken"
    EVENT: ClassVar[str] = "MaxShelfLifeSet"
    INDEXED: ClassVar[tuple[str, ...]] = ()

    max_shelf_life: int


@dataclass(frozen=True)
class HarvestTokenOwnershipTransferred(EventRecord):
    """`HarvestToken.OwnershipTransferred(address,address)`."""

    CONTRACT: ClassVar[str] = "HarvestToken"
    EVENT: ClassVar[str] = "OwnershipTransferred"
    INDEXED: ClassVar[tuple[str, ...]] = ("previous_owner", "new_owner")

    previous_owner: str
    new_owner: str


@dataclass(frozen=True)
class HarvestTokenRedeemed(EventRecord):
    """`HarvestToken.Redeemed(uint256,address,uint256)`."""

    CONTRACT: ClassVar[str] = "HarvestToken"
    EVENT: ClassVar[str] = "Redeemed"
    INDEXED: ClassVar[tuple[str, ...]] = ("id", "holder")

    id: int
    holder: str
    amount: int


@dataclass(frozen=True)
class HarvestTokenRoleMinterChanged(EventRecord):
    """`HarvestToken.RoleMinterChanged(address,bool)`."""

    CONTRACT: ClassVar[str] = "HarvestToken"
    EVENT: ClassVar[str] = "RoleMinterChanged"
    INDEXED: ClassVar[tuple[str, ...]] = ("minter",)

    minter: str
    status: bool


@dataclass(frozen=True)
class HarvestTokenTransferBatch(EventRecord):
    """`HarvestToken.TransferBatch(address,address,address,uint256[],uint256[])`."""

    CONTRACT: ClassVar[str] = "HarvestToken"
    EVENT: ClassVar[str] = "TransferBatch"
    INDEXED: ClassVar[tuple[str, ...]] = ("_operator", "_from", "_to")

    _operator: str
    _from: str
    _to: str
    _ids: list[int]
    _values: list[int]


@dataclass(frozen=True)
class HarvestTokenTransferSingle(EventRecord):
    """`HarvestToken.TransferSingle(address,address,address,uint256,uint256)`."""

    CONTRACT: ClassVar[str] = "HarvestToken"
    EVENT: ClassVar[str] = "TransferSingle"
    INDEXED: ClassVar[tuple[str, ...]] = ("_operator", "_from", "_to")

    _operator: str
    _from: str
    _to: str
    _id: int
    _value: int


@dataclass(frozen=True)
class MembershipAdmissionRulesSet(EventRecord):
    """`Membership.AdmissionRulesSet(uint256,uint256,uint256,uint256,uint256,uint256,uint256,uint256)`."""

    CONTRACT: ClassVar[str] = "Membership"
    EVENT: ClassVar[str] = "AdmissionRulesSet"
    INDEXED: ClassVar[tuple[str, ...]] = ()

    sponsors_needed: int
    sponsors_percent: int
    objections_needed: int
    objections_percent: int
    sponsor_limit: int
    sponsor_period: int
    min_tenure: int
    challenge_window: int


@dataclass(frozen=True)
class MembershipAdmissionScheduled(EventRecord):
    """`Membership.AdmissionScheduled(address,uint256,uint256)`."""

    CONTRACT: ClassVar[str] = "Membership"
    EVENT: ClassVar[str] = "AdmissionScheduled"
    INDEXED: ClassVar[tuple[str, ...]] = ("applicant",)

    applicant: str
    round: int
    admit_after: int


@dataclass(frozen=True)
class MembershipApplicationClosed(EventRecord):
    """`Membership.ApplicationClosed(address,uint256,uint8)`."""

    CONTRACT: ClassVar[str] = "Membership"
    EVENT: ClassVar[str] = "ApplicationClosed"
    INDEXED: ClassVar[tuple[str, ...]] = ("applicant",)

    applicant: str
    round: int
    reason: int


@dataclass(frozen=True)
class MembershipApplicationOpened(EventRecord):
    """`Membership.ApplicationOpened(address,uint256)`."""

    CONTRACT: ClassVar[str] = "Membership"
    EVENT: ClassVar[str] = "ApplicationOpened"
    INDEXED: ClassVar[tuple[str, ...]] = ("applicant",)

    applicant: str
    round: int


@dataclass(frozen=True)
class MembershipDefederated(EventRecord):
    """`Membership.Defederated(address)`."""

    CONTRACT: ClassVar[str] = "Membership"
    EVENT: ClassVar[str] = "Defederated"
    INDEXED: ClassVar[tuple[str, ...]] = ("coop",)

    coop: str


@dataclass(frozen=True)
class MembershipDelegateChanged(EventRecord):
    """`Membership.DelegateChanged(address,address,address)`."""

    CONTRACT: ClassVar[str] = "Membership"
    EVENT: ClassVar[str] = "DelegateChanged"
    INDEXED: ClassVar[tuple[str, ...]] = ("delegator", "fromDelegate", "toDelegate")

    delegator: str
    fromDelegate: str
    toDelegate: str


@dataclass(frozen=True)
class MembershipDelegateVotesChanged(EventRecord):
    """`Membership.DelegateVotesChanged(address,uint256,uint256)`."""

    CONTRACT: ClassVar[str] = "Membership"
    EVENT: ClassVar[str] = "DelegateVotesChanged"
    INDEXED: ClassVar[tuple[str, ...]] = ("delegate",)

    delegate: str
    previousVotes: int
    newVotes: int


@dataclass(frozen=True)
class MembershipExpelled(EventRecord):
    """`Membership.Expelled(address,bool)`."""

    CONTRACT: ClassVar[str] = "Membership"
    EVENT: ClassVar[str] = "Expelled"
    INDEXED: ClassVar[tuple[str, ...]] = ("account",)

    account: str
    was_member: bool


@dataclass(frozen=True)
class MembershipFederated(EventRecord):
    """`Membership.Federated(address)`."""

    CONTRACT: ClassVar[str] = "Membership"
    EVENT: ClassVar[str] = "Federated"
    INDEXED: ClassVar[tuple[str, ...]] = ("coop",)

    coop: str


@dataclass(frozen=True)
class MembershipGovernorSet(EventRecord):
    """`Membership.GovernorSet(address)`."""

    CONTRACT: ClassVar[str] = "Membership"
    EVENT: ClassVar[str] = "GovernorSet"
    INDEXED: ClassVar[tuple[str, ...]] = ("governor",)

    governor: str


@dataclass(frozen=True)
class MembershipLocked(EventRecord):
    """`Membership.Locked(uint256)`."""

    CONTRACT: ClassVar[str] = "Membership"
    EVENT: ClassVar[str] = "Locked"
    INDEXED: ClassVar[tuple[str, ...]] = ()

    tokenId: int


@dataclass(frozen=True)
class MembershipMaxProxiesSet(EventRecord):
    """`Membership.MaxProxiesSet(uint256,uint256)`."""

    CONTRACT: ClassVar[str] = "Membership"
    EVENT: ClassVar[str] = "MaxProxiesSet"
    INDEXED: ClassVar[tuple[str, ...]] = ()

    old_value: int
    new_value: int


@dataclass(frozen=True)
class MembershipMemberJoined(EventRecord):
    """`Membership.MemberJoined(address,uint256,uint8)`."""

    CONTRACT: ClassVar[str] = "Membership"
    EVENT: ClassVar[str] = "MemberJoined"
    INDEXED: ClassVar[tuple[str, ...]] = ("account", "member_id")

    account: str
    member_id: int
    route: int


@dataclass(frozen=True)
class MembershipMemberLeft(EventRecord):
    """`Membership.MemberLeft(address,uint256,bool)`."""

    CONTRACT: ClassVar[str] = "Membership"
    EVENT: ClassVar[str] = "MemberLeft"
    INDEXED: ClassVar[tuple[str, ...]] = ("account", "member_id")

    account: str
    member_id: int
    expelled: bool


@dataclass(frozen=True)
class MembershipObjected(EventRecord):
    """`Membership.Objected(address,address,uint256,uint256)`."""

    CONTRACT: ClassVar[str] = "Membership"
    EVENT: ClassVar[str] = "Objected"
    INDEXED: ClassVar[tuple[str, ...]] = ("applicant", "member")

    applicant: str
    member: str
    objections: int
    needed: int


@dataclass(frozen=True)
class MembershipSponsored(EventRecord):
    """`Membership.Sponsored(address,address,uint256,uint256)`."""

    CONTRACT: ClassVar[str] = "Membership"
    EVENT: ClassVar[str] = "Sponsored"
    INDEXED: ClassVar[tuple[str, ...]] = ("applicant", "sponsor")

    applicant: str
    sponsor: str
    sponsors: int
    needed: int


@dataclass(frozen=True)
class MembershipTransfer(EventRecord):
    """`Membership.Transfer(address,address,uint256)`."""

    CONTRACT: ClassVar[str] = "Membership"
    EVENT: ClassVar[str] = "Transfer"
    INDEXED: ClassVar[tuple[str, ...]] = ("sender", "receiver", "token_id")

    sender: str
    receiver: str
    token_id: int


@dataclass(frozen=True)
class NutrientExchangeAllOffersCancelled(EventRecord):
    """`NutrientExchange.AllOffersCancelled(address,uint256)`."""

    CONTRACT: ClassVar[str] = "NutrientExchange"
    EVENT: ClassVar[str] = "AllOffersCancelled"
    INDEXED: ClassVar[tuple[str, ...]] = ("maker",)

    maker: str
    min_nonce: int


@dataclass(frozen=True)
class NutrientExchangeArbiterSet(EventRecord):
    """`NutrientExchange.ArbiterSet(address)`."""

    CONTRACT: ClassVar[str] = "NutrientExchange"
    EVENT: ClassVar[str] = "ArbiterSet"
    INDEXED: ClassVar[tuple[str, ...]] = ("arbiter",)

    arbiter: str


@dataclass(frozen=True)
class NutrientExchangeEscrowComposted(EventRecord):
    """`NutrientExchange.EscrowComposted(bytes32,address,uint256,uint256)`."""

    CONTRACT: ClassVar[str] = "NutrientExchange"
    EVENT: ClassVar[str] = "EscrowComposted"
    INDEXED: ClassVar[tuple[str, ...]] = ("escrow_id", "party")

    escrow_id: bytes
    party: str
    id: int
    amount: int


@dataclass(frozen=True)
class NutrientExchangeEscrowConfirmed(EventRecord):
    """`NutrientExchange.EscrowConfirmed(bytes32,address,bool)`."""

    CONTRACT: ClassVar[str] = "NutrientExchange"
    EVENT: ClassVar[str] = "EscrowConfirmed"
    INDEXED: ClassVar[tuple[str, ...]] = ("escrow_id", "party")

    escrow_id: bytes
    party: str
    released: bool


@dataclass(frozen=True)
class NutrientExchangeEscrowDisputed(EventRecord):
    """`NutrientExchange.EscrowDisputed(bytes32,address)`."""

    CONTRACT: ClassVar[str] = "NutrientExchange"
    EVENT: ClassVar[str] = "EscrowDisputed"
    INDEXED: ClassVar[tuple[str, ...]] = ("escrow_id", "party")

    escrow_id: bytes
    party: str


@dataclass(frozen=True)
class NutrientExchangeEscrowLegHeld(EventRecord):
    """`NutrientExchange.EscrowLegHeld(bytes32,address,address,uint256,uint256)`."""

    CONTRACT: ClassVar[str] = "NutrientExchange"
    EVENT: ClassVar[str] = "EscrowLegHeld"
    INDEXED: ClassVar[tuple[str, ...]] = ("escrow_id", "party")

    escrow_id: bytes
    party: str
    token: str
    id: int
    amount: int


@dataclass(frozen=True)
class NutrientExchangeEscrowOpened(EventRecord):
    """`NutrientExchange.EscrowOpened(bytes32,address,address,(bytes32,address,address,address,uint8,uint256,uint256,address,uint8,uint256,uint256,uint8,uint64,uint256))`."""

    CONTRACT: ClassVar[str] = "NutrientExchange"
    EVENT: ClassVar[str] = "EscrowOpened"
    INDEXED: ClassVar[tuple[str, ...]] = ("escrow_id", "maker", "taker")

    escrow_id: bytes
    maker: str
    taker: str
    escrow: dict[str, Any]


@dataclass(frozen=True)
class NutrientExchangeEscrowResolved(EventRecord):
    """`NutrientExchange.EscrowResolved(bytes32,address,uint8,uint256,uint256)`."""

    CONTRACT: ClassVar[str] = "NutrientExchange"
    EVENT: ClassVar[str] = "EscrowResolved"
    INDEXED: ClassVar[tuple[str, ...]] = ("escrow_id", "arbiter")

    escrow_id: bytes
    arbiter: str
    state: int
    give_to_taker: int
    want_to_maker: int


@dataclass(frozen=True)
class NutrientExchangeEscrowSettled(EventRecord):
    """`NutrientExchange.EscrowSettled(bytes32,address)`."""

    CONTRACT: ClassVar[str] = "NutrientExchange"
    EVENT: ClassVar[str] = "EscrowSettled"
    INDEXED: ClassVar[tuple[str, ...]] = ("escrow_id", "caller")

    escrow_id: bytes
    caller: str


@dataclass(frozen=True)
class NutrientExchangeEscrowWithdrawn(EventRecord):
    """`NutrientExchange.EscrowWithdrawn(bytes32,address,address,uint256,uint256)`."""

    CONTRACT: ClassVar[str] = "NutrientExchange"
    EVENT: ClassVar[str] = "EscrowWithdrawn"
    INDEXED: ClassVar[tuple[str, ...]] = ("escrow_id", "party", "receiver")

    escrow_id: bytes
    party: str
    receiver: str
    give_amount: int
    want_amount: int


@dataclass(frozen=True)
class NutrientExchangeFeePaid(EventRecord):
    """`NutrientExchange.FeePaid(bytes32,address,address,address,uint256,uint256)`."""

    CONTRACT: ClassVar[str] = "NutrientExchange"
    EVENT: ClassVar[str] = "FeePaid"
    INDEXED: ClassVar[tuple[str, ...]] = ("offer_hash", "payer", "pool")

    offer_hash: bytes
    payer: str
    pool: str
    token: str
    id: int
    amount: int


@dataclass(frozen=True)
class NutrientExchangeFeeSet(EventRecord):
    """`NutrientExchange.FeeSet(uint256)`."""

    CONTRACT: ClassVar[str] = "NutrientExchange"
    EVENT: ClassVar[str] = "FeeSet"
    INDEXED: ClassVar[tuple[str, ...]] = ()

    fee_bps: int


@dataclass(frozen=True)
class NutrientExchangeOfferCancelled(EventRecord):
    """`NutrientExchange.OfferCancelled(bytes32,address,uint256)`."""

    CONTRACT: ClassVar[str] = "NutrientExchange"
    EVENT: ClassVar[str] = "OfferCancelled"
    INDEXED: ClassVar[tuple[str, ...]] = ("offer_hash", "maker")

    offer_hash: bytes
    maker: str
    nonce: int


@dataclass(frozen=True)
class NutrientExchangeOfferFilled(EventRecord):
    """`NutrientExchange.OfferFilled(bytes32,address,address,uint256,uint256)`."""

    CONTRACT: ClassVar[str] = "NutrientExchange"
    EVENT: ClassVar[str] = "OfferFilled"
    INDEXED: ClassVar[tuple[str, ...]] = ("offer_hash", "maker", "taker")

    offer_hash: bytes
    maker: str
    taker: str
    give_amount: int
    want_amount: int


@dataclass(frozen=True)
class NutrientExchangeOfferPosted(EventRecord):
    """`NutrientExchange.OfferPosted(bytes32,address,(address,address,uint256,uint256,address,uint256,uint256,uint8,uint64,uint64,uint256,bool,uint16))`."""

    CONTRACT: ClassVar[str] = "NutrientExchange"
    EVENT: ClassVar[str] = "OfferPosted"
    INDEXED: ClassVar[tuple[str, ...]] = ("offer_hash", "maker")

    offer_hash: bytes
    maker: str
    offer: dict[str, Any]


@dataclass(frozen=True)
class NutrientExchangePausedSet(EventRecord):
    """`NutrientExchange.PausedSet(bool)`."""

    CONTRACT: ClassVar[str] = "NutrientExchange"
    EVENT: ClassVar[str] = "PausedSet"
    INDEXED: ClassVar[tuple[str, ...]] = ()

    paused: bool


@dataclass(frozen=True)
class NutrientExchangePoolSet(EventRecord):
    """`NutrientExchange.PoolSet(address)`."""

    CONTRACT: ClassVar[str] = "NutrientExchange"
    EVENT: ClassVar[str] = "PoolSet"
    INDEXED: ClassVar[tuple[str, ...]] = ("pool",)

    pool: str


@dataclass(frozen=True)
class NutrientExchangeTokenAllowed(EventRecord):
    """`NutrientExchange.TokenAllowed(address,uint8)`."""

    CONTRACT: ClassVar[str] = "NutrientExchange"
    EVENT: ClassVar[str] = "TokenAllowed"
    INDEXED: ClassVar[tuple[str, ...]] = ("token",)

    token: str
    kind: int


@dataclass(frozen=True)
class ResourcePoolClaimLimitsSet(EventRecord):
    """`ResourcePool.ClaimLimitsSet(uint256,uint256)`."""

    CONTRACT: ClassVar[str] = "ResourcePool"
    EVENT: ClassVar[str] = "ClaimLimitsSet"
    INDEXED: ClassVar[tuple[str, ...]] = ()

    harvest_limit: int
    credit_limit: int


@dataclass(frozen=True)
class ResourcePoolClaimed(EventRecord):
    """`ResourcePool.Claimed(address,uint256,uint256,uint256)`."""

    CONTRACT: ClassVar[str] = "ResourcePool"
    EVENT: ClassVar[str] = "Claimed"
    INDEXED: ClassVar[tuple[str, ...]] = ("member", "id")

    member: str
    id: int
    amount: int
    epoch: int


@dataclass(frozen=True)
class ResourcePoolComposted(EventRecord):
    """`ResourcePool.Composted(uint256,address,uint256,uint256)`."""

    CONTRACT: ClassVar[str] = "ResourcePool"
    EVENT: ClassVar[str] = "Composted"
    INDEXED: ClassVar[tuple[str, ...]] = ("id", "caller")

    id: int
    caller: str
    amount: int
    epoch: int


@dataclass(frozen=True)
class ResourcePoolDonated(EventRecord):
    """`ResourcePool.Donated(address,uint256,uint256,uint256)`."""

    CONTRACT: ClassVar[str] = "ResourcePool"
    EVENT: ClassVar[str] = "Donated"
    INDEXED: ClassVar[tuple[str, ...]] = ("donor", "id")

    donor: str
    id: int
    amount: int
    epoch: int


@dataclass(frozen=True)
class ResourcePoolEpochLengthSet(EventRecord):
    """`ResourcePool.EpochLengthSet(uint256,uint256,uint256)`."""

    CONTRACT: ClassVar[str] = "ResourcePool"
    EVENT: ClassVar[str] = "EpochLengthSet"
    INDEXED: ClassVar[tuple[str, ...]] = ()

    epoch_length: int
    from_epoch: int
    from_time: int


@dataclass(frozen=True)
class ResourcePoolEpochStarted(EventRecord):
    """`ResourcePool.EpochStarted(uint256,uint256,uint256)`."""

    CONTRACT: ClassVar[str] = "ResourcePool"
    EVENT: ClassVar[str] = "EpochStarted"
    INDEXED: ClassVar[tuple[str, ...]] = ("epoch",)

    epoch: int
    start: int
    members: int


@dataclass(frozen=True)
class ResourcePoolHoldingsRecorded(EventRecord):
    """`ResourcePool.HoldingsRecorded(uint256,uint256,uint256,uint256,uint256)`."""

    CONTRACT: ClassVar[str] = "ResourcePool"
    EVENT: ClassVar[str] = "HoldingsRecorded"
    INDEXED: ClassVar[tuple[str, ...]] = ("id", "epoch")

    id: int
    epoch: int
    holdings: int
    share: int
    limit: int


@dataclass(frozen=True)
class TimelockControllerCallExecuted(EventRecord):
    """`TimelockController.CallExecuted(bytes32,uint256,address,uint256,bytes)`."""

    CONTRACT: ClassVar[str] = "TimelockController"
    EVENT: ClassVar[str] = "CallExecuted"
    INDEXED: ClassVar[tuple[str, ...]] = ("id", "index")

    id: bytes
    index: int
    target: str
    amount: int
    payload: bytes


@dataclass(frozen=True)
class TimelockControllerCallSalt(EventRecord):
    """`TimelockController.CallSalt(bytes32,bytes32)`."""

    CONTRACT: ClassVar[str] = "TimelockController"
    EVENT: ClassVar[str] = "CallSalt"
    INDEXED: ClassVar[tuple[str, ...]] = ("id",)

    id: bytes
    salt: bytes


@dataclass(frozen=True)
class TimelockControllerCallScheduled(EventRecord):
    """`TimelockController.CallScheduled(bytes32,uint256,address,uint256,bytes,bytes32,uint256)`."""

    CONTRACT: ClassVar[str] = "TimelockController"
    EVENT: ClassVar[str] = "CallScheduled"
    INDEXED: ClassVar[tuple[str, ...]] = ("id", "index")

    id: bytes
    index: int
    target: str
    amount: int
    payload: bytes
    predecessor: bytes
    delay: int


@dataclass(frozen=True)
class TimelockControllerCancelled(EventRecord):
    """`TimelockController.Cancelled(bytes32)`."""

    CONTRACT: ClassVar[str] = "TimelockController"
    EVENT: ClassVar[str] = "Cancelled"
    INDEXED: ClassVar[tuple[str, ...]] = ("id",)

    id: bytes


@dataclass(frozen=True)
class TimelockControllerMinimumDelayChange(EventRecord):
    """`TimelockController.MinimumDelayChange(uint256,uint256)`."""

    CONTRACT: ClassVar[str] = "TimelockController"
    EVENT: ClassVar[str] = "MinimumDelayChange"
    INDEXED: ClassVar[tuple[str, ...]] = ()

    old_duration: int
    new_duration: int


@dataclass(frozen=True)
class TimelockControllerRoleAdminChanged(EventRecord):
    """`TimelockController.RoleAdminChanged(bytes32,bytes32,bytes32)`."""

    CONTRACT: ClassVar[str] = "TimelockController"
    EVENT: ClassVar[str] = "RoleAdminChanged"
    INDEXED: ClassVar[tuple[str, ...]] = ("role", "previousAdminRole", "newAdminRole")

    role: bytes
    previousAdminRole: bytes
    newAdminRole: bytes


@dataclass(frozen=True)
class TimelockControllerRoleGranted(EventRecord):
    """`TimelockController.RoleGranted(bytes32,address,address)`."""

    CONTRACT: ClassVar[str] = "TimelockController"
    EVENT: ClassVar[str] = "RoleGranted"
    INDEXED: ClassVar[tuple[str, ...]] = ("role", "account", "sender")

    role: bytes
    account: str
    sender: str


@dataclass(frozen=True)
class TimelockControllerRoleRevoked(EventRecord):
    """`TimelockController.RoleRevoked(bytes32,address,address)`."""

    CONTRACT: ClassVar[str] = "TimelockController"
    EVENT: ClassVar[str] = "RoleRevoked"
    INDEXED: ClassVar[tuple[str, ...]] = ("role", "account", "sender")

    role: bytes
    account: str
    sender: str


EVENTS: dict[tuple[str, str], type[EventRecord]] = {
    ("CoopCredit", "Approval"): CoopCreditApproval,
    ("CoopCredit", "OwnershipTransferred"): CoopCreditOwnershipTransferred,
    ("CoopCredit", "RoleMinterChanged"): CoopCreditRoleMinterChanged,
    ("CoopCredit", "Transfer"): CoopCreditTransfer,
    ("CoopFactory", "CoopFinished"): CoopFactoryCoopFinished,
    ("CoopFactory", "CoopStarted"): CoopFactoryCoopStarted,
    ("CoopGovernor", "ProposalCanceled"): CoopGovernorProposalCanceled,
    ("CoopGovernor", "ProposalCreated"): CoopGovernorProposalCreated,
    ("CoopGovernor", "ProposalExecuted"): CoopGovernorProposalExecuted,
    ("CoopGovernor", "ProposalQueued"): CoopGovernorProposalQueued,
    ("CoopGovernor", "ProposalVetoed"): CoopGovernorProposalVetoed,
    ("CoopGovernor", "QuorumNumeratorUpdated"): CoopGovernorQuorumNumeratorUpdated,
    ("CoopGovernor", "VetoCast"): CoopGovernorVetoCast,
    ("CoopGovernor", "VetoPercentSet"): CoopGovernorVetoPercentSet,
    ("CoopGovernor", "VoteCast"): CoopGovernorVoteCast,
    ("CoopGovernor", "VotingDelaySet"): CoopGovernorVotingDelaySet,
    ("CoopGovernor", "VotingPeriodSet"): CoopGovernorVotingPeriodSet,
    ("CoopRegistry", "CoopCreated"): CoopRegistryCoopCreated,
    ("Federation", "FederationActivated"): FederationFederationActivated,
    ("Federation", "FederationEnded"): FederationFederationEnded,
    ("Federation", "FederationProposed"): FederationFederationProposed,
    ("Federation", "MembershipSet"): FederationMembershipSet,
    ("HarvestToken", "ApprovalForAll"): HarvestTokenApprovalForAll,
    ("HarvestToken", "BatchFrozen"): HarvestTokenBatchFrozen,
    ("HarvestToken", "BatchUnfrozen"): HarvestTokenBatchUnfrozen,
    ("HarvestToken", "Composted"): HarvestTokenComposted,
    ("HarvestToken", "CompostedByGovernance"): HarvestTokenCompostedByGovernance,
    ("HarvestToken", "CoopContractSet"): HarvestTokenCoopContractSet,
    ("HarvestToken", "HarvestLogged"): HarvestTokenHarvestLogged,
    ("HarvestToken", "MaxShelfLifeSet"): HarvestTokenMaxShelfLifeSet,
    ("HarvestToken", "OwnershipTransferred"): HarvestTokenOwnershipTransferred,
    ("HarvestToken", "Redeemed"): HarvestTokenRedeemed,
    ("HarvestToken", "RoleMinterChanged"): HarvestTokenRoleMinterChanged,
    ("HarvestToken", "TransferBatch"): HarvestTokenTransferBatch,
    ("HarvestToken", "TransferSingle"): HarvestTokenTransferSingle,
    ("Membership", "AdmissionRulesSet"): MembershipAdmissionRulesSet,
    ("Membership", "AdmissionScheduled"): MembershipAdmissionScheduled,
    ("Membership", "ApplicationClosed"): MembershipApplicationClosed,
    ("Membership", "ApplicationOpened"): MembershipApplicationOpened,
    ("Membership", "Defederated"): MembershipDefederated,
    ("Membership", "DelegateChanged"): MembershipDelegateChanged,
    ("Membership", "DelegateVotesChanged"): MembershipDelegateVotesChanged,
    ("Membership", "Expelled"): MembershipExpelled,
    ("Membership", "Federated"): MembershipFederated,
    ("Membership", "GovernorSet"): MembershipGovernorSet,
    ("Membership", "Locked"): MembershipLocked,
    ("Membership", "MaxProxiesSet"): MembershipMaxProxiesSet,
    ("Membership", "MemberJoined"): MembershipMemberJoined,
    ("Membership", "MemberLeft"): MembershipMemberLeft,
    ("Membership", "Objected"): MembershipObjected,
    ("Membership", "Sponsored"): MembershipSponsored,
    ("Membership", "Transfer"): MembershipTransfer,
    ("NutrientExchange", "AllOffersCancelled"): NutrientExchangeAllOffersCancelled,
    ("NutrientExchange", "ArbiterSet"): NutrientExchangeArbiterSet,
    ("NutrientExchange", "EscrowComposted"): NutrientExchangeEscrowComposted,
    ("NutrientExchange", "EscrowConfirmed"): NutrientExchangeEscrowConfirmed,
    ("NutrientExchange", "EscrowDisputed"): NutrientExchangeEscrowDisputed,
    ("NutrientExchange", "EscrowLegHeld"): NutrientExchangeEscrowLegHeld,
    ("NutrientExchange", "EscrowOpened"): NutrientExchangeEscrowOpened,
    ("NutrientExchange", "EscrowResolved"): NutrientExchangeEscrowResolved,
    ("NutrientExchange", "EscrowSettled"): NutrientExchangeEscrowSettled,
    ("NutrientExchange", "EscrowWithdrawn"): NutrientExchangeEscrowWithdrawn,
    ("NutrientExchange", "FeePaid"): NutrientExchangeFeePaid,
    ("NutrientExchange", "FeeSet"): NutrientExchangeFeeSet,
    ("NutrientExchange", "OfferCancelled"): NutrientExchangeOfferCancelled,
    ("NutrientExchange", "OfferFilled"): NutrientExchangeOfferFilled,
    ("NutrientExchange", "OfferPosted"): NutrientExchangeOfferPosted,
    ("NutrientExchange", "PausedSet"): NutrientExchangePausedSet,
    ("NutrientExchange", "PoolSet"): NutrientExchangePoolSet,
    ("NutrientExchange", "TokenAllowed"): NutrientExchangeTokenAllowed,
    ("ResourcePool", "ClaimLimitsSet"): ResourcePoolClaimLimitsSet,
    ("ResourcePool", "Claimed"): ResourcePoolClaimed,
    ("ResourcePool", "Composted"): ResourcePoolComposted,
    ("ResourcePool", "Donated"): ResourcePoolDonated,
    ("ResourcePool", "EpochLengthSet"): ResourcePoolEpochLengthSet,
    ("ResourcePool", "EpochStarted"): ResourcePoolEpochStarted,
    ("ResourcePool", "HoldingsRecorded"): ResourcePoolHoldingsRecorded,
    ("TimelockController", "CallExecuted"): TimelockControllerCallExecuted,
    ("TimelockController", "CallSalt"): TimelockControllerCallSalt,
    ("TimelockController", "CallScheduled"): TimelockControllerCallScheduled,
    ("TimelockController", "Cancelled"): TimelockControllerCancelled,
    ("TimelockController", "MinimumDelayChange"): TimelockControllerMinimumDelayChange,
    ("TimelockController", "RoleAdminChanged"): TimelockControllerRoleAdminChanged,
    ("TimelockController", "RoleGranted"): TimelockControllerRoleGranted,
    ("TimelockController", "RoleRevoked"): TimelockControllerRoleRevoked,
}


def decode_event(contract: str, event: str, args: Mapping[str, Any]) -> EventRecord:
    """The typed record of `contract`'s `event` from its decoded arguments."""
    cls = EVENTS[(contract, event)]
    values = {}
    for name in (f.name for f in fields(cls)):
        key = name[:-1] if name.endswith("_") and name[:-1] in args else name
        value = args[key]
        if isinstance(value, (bytes, bytearray)):
            value = bytes(value)
        values[name] = value
    return cls(**values)
