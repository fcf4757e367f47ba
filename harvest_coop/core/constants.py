"""Constants and enums of the co-op's contracts: one definition each.

Every state, vote type, flag and route a contract returns or takes is an
`IntEnum` here, so callers never write a literal `7` for Executed or `1`
for a vote in favour.
"""

from __future__ import annotations

from enum import IntEnum, IntFlag

from eth_utils.crypto import keccak

__all__ = [
    "CANCELLER_ROLE",
    "COOP_CONTRACTS",
    "DAY",
    "DEFAULT_ADMIN_ROLE",
    "EXECUTOR_ROLE",
    "MAX_UINT256",
    "PROPOSER_ROLE",
    "TIMELOCK_ROLES",
    "TX_GAS_CAP",
    "WEEK",
    "ZERO_ADDRESS",
    "ApplicationClosed",
    "CoopContractStatus",
    "Delivery",
    "EscrowState",
    "FederationStatus",
    "JoinRoute",
    "ProposalState",
    "TokenKind",
    "VoteSupport",
]

DAY = 86_400
WEEK = 7 * DAY
ZERO_ADDRESS = "0x0000000000000000000000000000000000000000"
MAX_UINT256 = 2**256 - 1

# Transaction gas cap of Osaka-era chains (EIP-7825).
TX_GAS_CAP = 2**24

# A co-op's contracts, by the names the deployment file and every tool use,
# in the order of the factory's record (and of what its two transactions
# return). ResourcePool and Federation came with issue 11: a deployment file
# written before names the other six only, and stays readable.
COOP_CONTRACTS = (
    "TimelockController",
    "Membership",
    "CoopGovernor",
    "HarvestToken",
    "CoopCredit",
    "NutrientExchange",
    "ResourcePool",
    "Federation",
)

# Role identifiers of snekmate's TimelockController (keccak256 of the name).
DEFAULT_ADMIN_ROLE = b"\x00" * 32
PROPOSER_ROLE = keccak(text="PROPOSER_ROLE")
EXECUTOR_ROLE = keccak(text="EXECUTOR_ROLE")
CANCELLER_ROLE = keccak(text="CANCELLER_ROLE")
TIMELOCK_ROLES = {
    "DEFAULT_ADMIN_ROLE": DEFAULT_ADMIN_ROLE,
    "PROPOSER_ROLE": PROPOSER_ROLE,
    "EXECUTOR_ROLE": EXECUTOR_ROLE,
    "CANCELLER_ROLE": CANCELLER_ROLE,
}


class ProposalState(IntEnum):
    """OpenZeppelin's `ProposalState`, what `CoopGovernor.state` returns."""

    PENDING = 0
    ACTIVE = 1
    CANCELED = 2
    DEFEATED = 3
    SUCCEEDED = 4
    QUEUED = 5
    EXPIRED = 6
    EXECUTED = 7

    @property
    def label(self) -> str:
        """The state as OpenZeppelin names it ("Pending", "Executed", ...)."""
        return self.name.capitalize()


class VoteSupport(IntEnum):
    """GovernorCountingSimple's vote types (`castVote`'s `support`)."""

    AGAINST = 0
    FOR = 1
    ABSTAIN = 2


class EscrowState(IntEnum):
    """`NutrientExchange.escrow_status(...).state`."""

    NONE = 0
    OPEN = 1
    DISPUTED = 2
    RELEASED = 3
    REFUNDED = 4
    SPLIT = 5


class Delivery(IntFlag):
    """An offer's `delivery`: which legs are delivered physically."""

    NONE = 0
    GIVE = 1  # the maker delivers what it gives; the taker confirms
    WANT = 2  # the taker delivers what it pays; the maker confirms


class JoinRoute(IntEnum):
    """`Membership.MemberJoined.route`."""

    FOUNDER = 0
    GOVERNANCE = 1
    SPONSORS = 2


class ApplicationClosed(IntEnum):
    """`Membership.ApplicationClosed.reason`."""

    OBJECTIONS = 1
    GOVERNANCE = 2
    EXPULSION = 3
    APPLICANT = 4


class TokenKind(IntEnum):
    """A token's kind in the exchange (`token_kind`, escrow records)."""

    NONE = 0
    ERC20 = 1
    ERC1155 = 2


class CoopContractStatus(IntEnum):
    """`HarvestToken.coop_contract_status`: may a co-op contract hold harvest."""

    NONE = 0
    ACTIVE = 1  # receives, holds and sends
    RETIRED = 2  # only pays out what it holds


class FederationStatus(IntEnum):
    """`Federation.federation_status(other)`: this co-op's side."""

    NONE = 0
    PROPOSED = 1  # this co-op's governance proposed; the other has not accepted yet
    ACTIVE = 2  # both governances agreed: members hold and trade across
