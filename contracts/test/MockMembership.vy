# pragma version ~=0.4.3
# pragma nonreentrancy off
"""
@title MockMembership: a test stand-in for Membership
@custom:contract-name MockMembership
@license GNU Affero General Public License v3.0 only
@notice Implements ICoopMembers with one storage slot per account, as the real
        Membership reads one slot per local member, so gas measured against it
        is representative. Anyone can set anyone's status: tests only.
"""

from ..interfaces import ICoopMembers

implements: ICoopMembers


# @dev Account status: 0 outsider, 1 member of this co-op, 2 member of a
# federated co-op.
_NONE: constant(uint8) = 0
_LOCAL: constant(uint8) = 1
_FEDERATED: constant(uint8) = 2

TIMELOCK: public(immutable(address))

_status: HashMap[address, uint8]


@deploy
def __init__(timelock_: address):
    """
    @param timelock_ What `TIMELOCK()` returns.
    """
    TIMELOCK = timelock_


@external
def set_member(account: address, member: bool):
    """
    @notice Makes `account` a member of this co-op, or an outsider.
    @param account The account.
    @param member True for a member, False for an outsider.
    """
    self._status[account] = _LOCAL if member else _NONE


@external
def set_network_member(account: address, member: bool):
    """
    @notice Makes `account` a member of a federated co-op, or an outsider.
    @param account The account.
    @param member True for a federated co-op's member, False for an outsider.
    """
    self._status[account] = _FEDERATED if member else _NONE


@external
@view
def is_member(account: address) -> bool:
    """
    @notice True for members of this co-op.
    @param account The account.
    @return bool Membership.
    """
    return self._status[account] == _LOCAL


@external
@view
def is_network_member(account: address) -> bool:
    """
    @notice True for members of this co-op or of a federated co-op.
    @param account The account.
    @return bool Network membership.
    """
    return self._status[account] != _NONE


@external
@view
def are_network_members(first: address, second: address) -> bool:
    """
    @notice Both accounts are network members.
    @param first One account.
    @param second Another account.
    @return bool Both are network members.
    """
    return self._status[first] != _NONE and self._status[second] != _NONE
