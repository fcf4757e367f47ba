"""The index's tables (SQLAlchemy 2 Core), the same on SQLite and PostgreSQL.

Two kinds of tables:

- the log of the chain: `blocks` (hash and parent of every checkpoint) and
  `events` (one row per log, unique by (tx_hash, log_index), with its block's
  number and hash and the decoded arguments as JSON);
- derived tables, a pure function of `events` (the follower rebuilds them
  from `events` after a reorg): co-ops, members, applications, harvest
  batches and their journey, balances, approvals, escrows, proposals, votes,
  and what the chain says of offers (`offer_chain`, `maker_nonces`);
- the off-chain offer book (`offers`): signed documents members posted to
  the API, kept through reorgs; only their `status` is derived.

uint256 values are stored as decimal strings (`Uint256`): SQLite has no
integer wider than 64 bits.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Dialect,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.types import TypeDecorator

__all__ = ["DERIVED", "metadata"]


class Uint256(TypeDecorator[int]):
    """An unsigned 256-bit integer kept as a decimal string."""

    impl = String(78)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        return None if value is None else str(int(value))

    def process_result_value(self, value: Any, dialect: Dialect) -> int | None:
        return None if value is None else int(value)


metadata = MetaData()

ADDRESS = String(42)
HASH = String(66)

meta = Table(
    "meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

blocks = Table(
    "blocks",
    metadata,
    Column("number", BigInteger, primary_key=True, autoincrement=False),
    Column("hash", HASH, nullable=False),
    Column("parent_hash", HASH, nullable=False),
    Column("timestamp", BigInteger, nullable=False),
)

events = Table(
    "events",
    metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True),
    Column("block_number", BigInteger, nullable=False, index=True),
    Column("block_hash", HASH, nullable=False),
    Column("block_time", BigInteger, nullable=False),
    Column("tx_hash", HASH, nullable=False),
    Column("log_index", Integer, nullable=False),
    Column("address", ADDRESS, nullable=False),
    Column("coop", String(64), nullable=False),
    Column("contract", String(32), nullable=False),
    Column("name", String(48), nullable=False),
    Column("args", JSON, nullable=False),
    UniqueConstraint("tx_hash", "log_index", name="uq_events_tx_log"),
    Index("ix_events_coop_name", "coop", "name"),
)

coops = Table(
    "coops",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("timelock", ADDRESS, nullable=False),
    Column("membership", ADDRESS, nullable=False),
    Column("governor", ADDRESS, nullable=False),
    Column("harvest", ADDRESS, nullable=False),
    Column("credit", ADDRESS, nullable=False),
    Column("exchange", ADDRESS, nullable=False),
    Column("pool", ADDRESS, nullable=True),
    Column("federation", ADDRESS, nullable=True),
    Column("creator", ADDRESS, nullable=False),
    Column("creation_block", BigInteger, nullable=False),
    Column("registered_block", BigInteger, nullable=False),
    Column("registered_tx", HASH, nullable=False),
    Column("position", Integer, nullable=False),
    Column("fee_bps", Integer, nullable=False),
    Column("paused", Boolean, nullable=False),
    Column("max_proxies", Integer, nullable=True),
)

members = Table(
    "members",
    metadata,
    Column("coop", String(64), primary_key=True),
    Column("account", ADDRESS, primary_key=True),
    Column("member_id", Integer, nullable=False),
    Column("route", Integer, nullable=False),
    Column("active", Boolean, nullable=False),
    Column("expelled", Boolean, nullable=False),
    Column("joined_block", BigInteger, nullable=False),
    Column("joined_time", BigInteger, nullable=False),
    Column("joined_tx", HASH, nullable=False),
    Column("left_block", BigInteger, nullable=True),
    Column("delegate", ADDRESS, nullable=True),
    Column("votes", Integer, nullable=False),
)

applications = Table(
    "applications",
    metadata,
    Column("coop", String(64), primary_key=True),
    Column("applicant", ADDRESS, primary_key=True),
    Column("round", Integer, nullable=False),
    Column("status", String(16), nullable=False),  # open, scheduled, admitted, closed
    Column("sponsors", JSON, nullable=False),
    Column("sponsors_needed", Integer, nullable=False),
    Column("objections", Integer, nullable=False),
    Column("objections_needed", Integer, nullable=False),
    Column("admit_after", BigInteger, nullable=True),
    Column("close_reason", Integer, nullable=True),
    Column("opened_tx", HASH, nullable=False),
    Column("opened_block", BigInteger, nullable=False),
)

batches = Table(
    "batches",
    metadata,
    Column("coop", String(64), primary_key=True),
    Column("id", BigInteger, primary_key=True, autoincrement=False),
    Column("grower", ADDRESS, nullable=False),
    Column("crop", Text, nullable=False),
    Column("grams", BigInteger, nullable=False),
    Column("harvested_at", BigInteger, nullable=False),
    Column("best_before", BigInteger, nullable=False),
    Column("origin", Text, nullable=False),
    Column("supply", BigInteger, nullable=False),
    Column("redeemed", BigInteger, nullable=False),
    Column("composted", BigInteger, nullable=False),
    Column("traded", BigInteger, nullable=False),
    Column("frozen", Boolean, nullable=False),
    Column("logged_tx", HASH, nullable=False),
    Column("logged_block", BigInteger, nullable=False),
    Index("ix_batches_grower", "coop", "grower"),
)

journey = Table(
    "journey",
    metadata,
    Column("tx_hash", HASH, primary_key=True),
    Column("log_index", Integer, primary_key=True),
    Column("batch_id", BigInteger, primary_key=True, autoincrement=False),
    Column("coop", String(64), nullable=False),
    Column(
        "step", String(16), nullable=False
    ),  # logged, transferred, traded, donated, claimed, redeemed, composted, frozen, unfrozen
    Column("actor", ADDRESS, nullable=True),
    Column("counterparty", ADDRESS, nullable=True),
    Column("amount", BigInteger, nullable=False),
    Column("note", Text, nullable=True),
    Column("block_number", BigInteger, nullable=False),
    Column("block_time", BigInteger, nullable=False),
    Index("ix_journey_batch", "coop", "batch_id"),
)

# What went into and out of each co-op's community pool: donations, claims
# (the public record of who received what, epoch by epoch) and compost.
pool_flows = Table(
    "pool_flows",
    metadata,
    Column("tx_hash", HASH, primary_key=True),
    Column("log_index", Integer, primary_key=True),
    Column("coop", String(64), nullable=False),
    Column("kind", String(16), nullable=False),  # donated, claimed, composted
    Column("account", ADDRESS, nullable=False),  # donor, claiming member, composter
    Column("batch_id", BigInteger, nullable=False),  # 0: the co-op's credit
    Column("amount", Uint256, nullable=False),  # grams, or credit's smallest unit
    Column("epoch", BigInteger, nullable=False),
    Column("block_number", BigInteger, nullable=False),
    Column("block_time", BigInteger, nullable=False),
    Index("ix_pool_flows_epoch", "coop", "epoch", "kind"),
)

# Each pool epoch as its first action recorded it: when it began and how
# many members shared it.
pool_epochs = Table(
    "pool_epochs",
    metadata,
    Column("coop", String(64), primary_key=True),
    Column("epoch", BigInteger, primary_key=True, autoincrement=False),
    Column("start", BigInteger, nullable=False),
    Column("members", Integer, nullable=False),
    Column("block_number", BigInteger, nullable=False),
)

balances = Table(
    "balances",
    metadata,
    Column("coop", String(64), primary_key=True),
    Column("token", ADDRESS, primary_key=True),
    Column("token_id", Uint256, primary_key=True),
    Column("holder", ADDRESS, primary_key=True),
    Column("amount", Uint256, nullable=False),
    Index("ix_balances_holder", "coop", "holder"),
)

approvals = Table(
    "approvals",
    metadata,
    Column("coop", String(64), primary_key=True),
    Column("token", ADDRESS, primary_key=True),
    Column("owner", ADDRESS, primary_key=True),
    Column("spender", ADDRESS, primary_key=True),
    Column("amount", Uint256, nullable=False),  # ERC-1155 approval for all: 2**256-1 or 0
)

offer_chain = Table(
    "offer_chain",
    metadata,
    Column("offer_hash", HASH, primary_key=True),
    Column("coop", String(64), nullable=False),
    Column("maker", ADDRESS, nullable=False),
    Column("filled", Uint256, nullable=False),
    Column("fills", Integer, nullable=False),
    Column("cancelled_nonce", Uint256, nullable=True),
    Column("posted", JSON, nullable=True),  # OfferPosted's offer
    Column("last_block", BigInteger, nullable=False),
)

maker_nonces = Table(
    "maker_nonces",
    metadata,
    Column("coop", String(64), primary_key=True),
    Column("maker", ADDRESS, primary_key=True),
    Column("min_nonce", Uint256, nullable=False),
    Column("cancelled", JSON, nullable=False),  # nonces cancelled one by one (decimal strings)
)

escrows = Table(
    "escrows",
    metadata,
    Column("escrow_id", HASH, primary_key=True),
    Column("coop", String(64), nullable=False),
    Column("offer_hash", HASH, nullable=False),
    Column("maker", ADDRESS, nullable=False),
    Column("taker", ADDRESS, nullable=False),
    Column("record", JSON, nullable=False),
    Column("state", Integer, nullable=False),
    Column("pending", Integer, nullable=False),  # bit 0 taker's confirmation awaited, bit 1 maker's
    Column("deadline", Uint256, nullable=False),  # uint64 on chain: fill time plus the signed window
    Column("withdrawn", JSON, nullable=False),  # parties that withdrew
    Column("opened_tx", HASH, nullable=False),
    Column("opened_block", BigInteger, nullable=False),
    Column("opened_time", BigInteger, nullable=False),
    Column("closed_tx", HASH, nullable=True),
    Index("ix_escrows_coop", "coop"),
)

proposals = Table(
    "proposals",
    metadata,
    Column("coop", String(64), primary_key=True),
    Column("proposal_id", Uint256, primary_key=True),
    Column("proposer", ADDRESS, nullable=False),
    Column("description", Text, nullable=False),
    Column("actions", JSON, nullable=False),
    Column("vote_start", BigInteger, nullable=False),
    Column("vote_end", BigInteger, nullable=False),
    Column("for_votes", Integer, nullable=False),
    Column("against_votes", Integer, nullable=False),
    Column("abstain_votes", Integer, nullable=False),
    Column("eta", BigInteger, nullable=True),
    Column("executed", Boolean, nullable=False),
    Column("canceled", Boolean, nullable=False),
    Column("vetoes", Integer, nullable=False),
    Column("state", Integer, nullable=True),  # CoopGovernor.state at the checkpoint
    Column("created_block", BigInteger, nullable=False),
    Column("created_tx", HASH, nullable=False),
)

votes = Table(
    "votes",
    metadata,
    Column("coop", String(64), primary_key=True),
    Column("proposal_id", Uint256, primary_key=True),
    Column("voter", ADDRESS, primary_key=True),
    Column("support", Integer, nullable=False),
    Column("weight", Integer, nullable=False),
    Column("reason", Text, nullable=False),
    Column("tx_hash", HASH, nullable=False),
    Column("block_number", BigInteger, nullable=False),
)

offers = Table(
    "offers",
    metadata,
    Column("offer_hash", HASH, primary_key=True),
    Column("coop", String(64), nullable=False),
    Column("exchange", ADDRESS, nullable=False),
    Column("maker", ADDRESS, nullable=False),
    Column("give_token", ADDRESS, nullable=False),
    Column("give_id", Uint256, nullable=False),
    Column("give_amount", Uint256, nullable=False),
    Column("want_token", ADDRESS, nullable=False),
    Column("want_id", Uint256, nullable=False),
    Column("want_amount", Uint256, nullable=False),
    Column("delivery", Integer, nullable=False),
    Column("delivery_window", Uint256, nullable=False),  # uint64, as the maker signed it
    Column("expiry", Uint256, nullable=False),  # uint64, as the maker signed it
    Column("nonce", Uint256, nullable=False),
    Column("partial_fill", Boolean, nullable=False),
    Column("max_fee_bps", Integer, nullable=False),
    Column("document", JSON, nullable=False),
    Column("source", String(8), nullable=False),  # book (signed, posted to the API) or chain (post_offer)
    Column("received_at", BigInteger, nullable=False),
    Column("status", String(16), nullable=False),
    Column("remaining", Uint256, nullable=False),
    Index("ix_offers_coop_status", "coop", "status"),
    Index("ix_offers_maker", "maker"),
)

# Tables that are a pure function of `events` (emptied and replayed on a reorg).
DERIVED = [
    coops,
    members,
    applications,
    batches,
    journey,
    pool_flows,
    pool_epochs,
    balances,
    approvals,
    offer_chain,
    maker_nonces,
    escrows,
    proposals,
    votes,
]
