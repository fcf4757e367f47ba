# pragma version ~=0.4.3
# pragma nonreentrancy off
"""
@title ExchangeMockMembership: a test stand-in for Membership
@custom:contract-name ExchangeMockMembership
@license GNU Affero General Public License v3.0 only
@notice Implements IMembership with two flags per account that a test sets
        directly: member of this co-op, member of a federated co-op.
        Test use only: anyone may change anything.
"""

from ..interfaces import IMembership

implements: IMembership


# @dev The timelock the exchange checks against.
TIMELOCK: public(immutable(address))

# @dev Members of this co-op.
_member: HashMap[address, bool]

# @dev Members of a federated co-op.
_federated: HashMap[address, bool]


@deploy
def __init__(timelock_: address):
    """
    @param timelock_ The address reported as `TIMELOCK`.
    """
    TIMELOCK = timelock_


@external
def set_member(account: address, member: bool):
    """
    @notice Make `account` a member of this co-op (or not).
    @param account The account.
    @param member The flag.
    """
    self._member[account] = member


@external
def set_federated_member(account: address, member: bool):
    """
    @notice Make `account` a member of a federated co-op (or not).
    @param account The account.
    @param member The flag.
    """
    self._federated[account] = member


@external
@view
def is_member(account: address) -> bool:
    """
    @notice True for members of this co-op.
    @param account The account.
    @return bool Membership.
    """
    return self._member[account]


@external
@view
def is_network_member(account: address) -> bool:
    """
    @notice True for members of this or a federated co-op.
    @param account The account.
    @return bool Network membership.
    """
    return self._member[account] or self._federated[account]


@external
@view
def are_network_members(first: address, second: address) -> bool:
    """
    @notice Both accounts are network members.
    @param first One account.
    @param second The other account.
    @return bool Both are network members.
    """
    return (self._member[first] or self._federated[first]) and (self._member[second] or self._federated[second])
