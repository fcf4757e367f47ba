# pragma version ~=0.4.3
# pragma nonreentrancy off
"""
@title Federation: federating co-ops, by governance on both sides
@custom:contract-name Federation
@license GNU Affero General Public License v3.0 only
@notice Each co-op has one; co-ops are named here by their Federation
        contract. Co-op A federates with co-op B in two steps, each a passed
        proposal executed by that co-op's timelock:
        1. A's governance calls `propose_federation(B)`: nothing changes yet
           (`FederationProposed`); A can withdraw it (`end_federation(B)`).
        2. B's governance calls `accept_federation(A)`: B checks that A
           proposed, lists A's Membership in its own and calls A's
           `confirm_federation`, which lists B's Membership in A's
           (`FederationActivated` on both sides).
        While federated, Membership's `is_network_member` is true for the
        members of either co-op on both sides (but never for an account a
        co-op expelled, in that co-op's own): they can hold each other's
        produce (HarvestToken), trade through either exchange and give to
        either pool; only a co-op's own members claim from its pool.

        Either governance ends it with `end_federation`: its own Membership
        drops the other at once, and the other co-op is told
        (`federation_ended`, which drops this one there) with a fixed gas
        budget through a call whose failure is ignored, so the other side
        can neither block nor revert the ending. The ending needs enough
        gas left for that budget, so a caller cannot make the notification
        fail by sending too little. Afterwards new cross-co-op moves of
        produce are refused; nothing already held is lost (its holder can
        still redeem or compost it, an escrow still pays out to a member of
        the exchange's co-op).

        Only a co-op listed in the city's CoopRegistry (`REGISTRY`, the one
        its CoopFactory keeps) can be proposed to or federated with, and the
        Membership listed is the one the registry records for it: never what
        the other side answers. A contract that only looks like a co-op
        (whose Membership could say anyone is a member, revert, or spend
        every unit of gas in the checks of every transfer), or one that
        names another co-op's Membership as its own, is refused. A
        Federation deployed without a registry (zero: only stand-alone test
        deployments; the factory always passes its own) skips this check.

        This contract only changes Membership's list of federated co-ops
        (Membership accepts `federate` / `defederate` from it alone), so the
        hot paths (`are_network_members` in every transfer and fill) stay in
        Membership and cost no extra call.
@custom:kill Governance ends any federation with `end_federation`, at once
             and without the other co-op's help; there is nothing else to
             pause.
@custom:security Report vulnerabilities to security@harvest-coop.invalid.
"""

from interfaces import ICoopRegistry
from interfaces import IFederation
from interfaces import IMembership

implements: IFederation


# @dev This co-op's side of a federation (`federation_status`).
STATUS_NONE: public(constant(uint8)) = 0
STATUS_PROPOSED: public(constant(uint8)) = 1
STATUS_ACTIVE: public(constant(uint8)) = 2

# @dev `_peers[coop]`: bits 0..7 the status, 8..167 the other co-op's
# Membership (recorded when the federation became active, so ending never
# needs to ask the other co-op).
_STATUS_MASK: constant(uint256) = 255
_MEMBERSHIP_SHIFT: constant(uint256) = 8

# @dev The gas the other co-op's `federation_ended` gets (it drops this
# co-op from its Membership: at most 16 list entries), and the least gas an
# ending must have left before telling it (the budget, what the 63/64 rule
# of EIP-150 keeps back, and the call itself).
NOTIFY_GAS: public(constant(uint256)) = 150_000
_NOTIFY_RESERVE: constant(uint256) = NOTIFY_GAS + NOTIFY_GAS // 63 + 10_000

# @dev Membership's `MAX_FEDERATED`: the length of its list of federated
# co-ops.
_MAX_FEDERATED: constant(uint256) = 16


# @dev This co-op's Membership (wired once by the deployer, see
# `set_membership`); its `FEDERATION` is this contract.
membership: public(IMembership)

# @dev The co-op's timelock: the only privileged account.
TIMELOCK: public(immutable(address))
_DEPLOYER: immutable(address)

# @dev The city's CoopRegistry: only the co-ops it lists can be federated
# with (zero: no check, for stand-alone test deployments only).
REGISTRY: public(immutable(address))

# @dev See `_STATUS_MASK`; keyed by the other co-op's Federation contract.
_peers: HashMap[address, uint256]


@deploy
def __init__(timelock_: address, registry_: address):
    """
    @dev Deployed before Membership (which takes this contract's address as
         its immutable `FEDERATION`); the deployer then wires Membership
         once with `set_membership` and keeps nothing else.
    @param timelock_ The co-op's timelock.
    @param registry_ The CoopRegistry whose co-ops this one may federate
           with (the factory passes its own); zero skips the check (only
           for stand-alone test deployments).
    """
    assert timelock_ != empty(address), "federation: timelock is the zero address"
    TIMELOCK = timelock_
    _DEPLOYER = msg.sender
    REGISTRY = registry_


@external
def set_membership(membership_: address):
    """
    @notice Wire this co-op's Membership. Once, by the deployer, during the
            deployment (the factory does it in the transaction that deploys
            both).
    @param membership_ The co-op's Membership: its `FEDERATION` must be this
           contract and its timelock this contract's.
    """
    assert msg.sender == _DEPLOYER, "federation: only the deployer wires the membership"
    assert self.membership.address == empty(address), "federation: membership already wired"
    assert (staticcall IMembership(membership_).FEDERATION()) == self, "federation: not this co-op's membership"
    assert (staticcall IMembership(membership_).TIMELOCK()) == TIMELOCK, "federation: timelock is not the co-op's"
    self.membership = IMembership(membership_)
    log IFederation.MembershipSet(membership=membership_)


@external
def propose_federation(coop: address):
    """
    @notice Propose federation to another co-op. Timelock only (a passed
            proposal). Nothing changes until the other co-op's governance
            accepts it; until then `end_federation` withdraws it.
    @param coop The other co-op's Federation contract; the registry must
           list it.
    """
    self._only_timelock()
    assert self._peers[coop] == 0, "federation: already proposed or federated"
    self._propose(coop)


@internal
def _propose(coop: address):
    """
    @notice Record this co-op's proposal to `coop` (checked: another co-op's
            Federation contract that the registry lists).
    @param coop The other co-op's Federation contract.
    """
    assert coop != self and coop.is_contract, "federation: not another co-op's federation contract"
    self._peer_membership(coop)
    self._peers[coop] = convert(STATUS_PROPOSED, uint256)
    log IFederation.FederationProposed(coop=coop)


@external
def accept_federation(coop: address):
    """
    @notice Accept the federation another co-op proposed to this one. Timelock
            only (a passed proposal). The other co-op confirms in the same
            call, so the federation is active on both sides or on neither.
            Does nothing if it is active already (the other co-op accepted
            this co-op's own proposal first); if the other co-op has no
            proposal standing (it withdrew it while this acceptance waited
            in the timelock), this co-op's agreement stands as its own
            proposal (`FederationProposed`), which the other co-op may
            accept; so it does while either co-op's list of federated
            co-ops is full (the other co-op filled its last slot, or a third
            co-op accepted an older proposal of this one and filled this
            co-op's, while this acceptance waited), until a co-op with room
            again accepts it. Either way no other co-op can make the
            proposal that accepts fail with every call bundled in it.
    @param coop The other co-op's Federation contract, which proposed; the
           registry must list it.
    """
    self._only_timelock()
    status: uint256 = self._peers[coop] & _STATUS_MASK
    if status == convert(STATUS_ACTIVE, uint256):
        return
    if (
        staticcall IFederation(coop).federation_status(self) != STATUS_PROPOSED
        or not self._has_room(self.membership.address)
        or not self._peer_has_room(coop)
    ):
        if status == 0:
            self._propose(coop)
        return
    self._activate(coop, True)
    extcall IFederation(coop).confirm_federation()


@external
def confirm_federation():
    """
    @notice The other half of `accept_federation`: the co-op this one
            proposed federation to has accepted. Only that co-op's
            Federation contract can call it, and only while this co-op's
            proposal stands.
    """
    assert (
        self._peers[msg.sender] & _STATUS_MASK == convert(STATUS_PROPOSED, uint256)
    ), "federation: no federation proposed to the caller"
    self._activate(msg.sender, False)


@external
def end_federation(coop: address):
    """
    @notice End the federation with another co-op, or withdraw this co-op's
            proposal to it. Timelock only (a passed proposal). This co-op's
            Membership drops the other at once; the other co-op is told with
            `NOTIFY_GAS` gas, and nothing it does can make this call revert.
            Does nothing if there is nothing to end (the other co-op ended it
            first), so the other co-op cannot make the proposal that ends it
            fail with every call bundled in it.
    @dev Reverts if less gas is left than the notification needs, so that
         nobody can make it fail silently by sending too little.
    @param coop The other co-op's Federation contract.
    """
    self._only_timelock()
    word: uint256 = self._peers[coop]
    if word == 0:
        return
    self._close(coop, word)
    assert msg.gas >= _NOTIFY_RESERVE, "federation: too little gas left to tell the other co-op"
    notified: bool = raw_call(coop, method_id("federation_ended()"), gas=NOTIFY_GAS, revert_on_failure=False)
    log IFederation.FederationEnded(
        coop=coop,
        membership=convert(word >> _MEMBERSHIP_SHIFT, address),
        ended_here=True,
        was_active=word & _STATUS_MASK == convert(STATUS_ACTIVE, uint256),
        notified=notified,
    )


@external
def federation_ended():
    """
    @notice The other half of `end_federation`: a co-op ended its federation
            with this one (or withdrew its side). Does nothing for a caller
            this co-op has no federation or proposal with.
    """
    word: uint256 = self._peers[msg.sender]
    if word == 0:
        return
    self._close(msg.sender, word)
    log IFederation.FederationEnded(
        coop=msg.sender,
        membership=convert(word >> _MEMBERSHIP_SHIFT, address),
        ended_here=False,
        was_active=word & _STATUS_MASK == convert(STATUS_ACTIVE, uint256),
        notified=True,
    )


@external
@view
def federation_status(coop: address) -> uint8:
    """
    @notice This co-op's side of a federation with `coop`: 0 none, 1
            proposed by this co-op (awaiting the other's acceptance), 2
            active.
    @param coop The other co-op's Federation contract.
    @return uint8 The status.
    """
    return convert(self._peers[coop] & _STATUS_MASK, uint8)


@external
@view
def federated_membership(coop: address) -> address:
    """
    @notice The Membership of `coop` that this co-op's Membership lists,
            while the federation is active (zero otherwise).
    @param coop The other co-op's Federation contract.
    @return address Its Membership.
    """
    return convert(self._peers[coop] >> _MEMBERSHIP_SHIFT, address)


@internal
@view
def _only_timelock():
    """
    @dev Reverts unless the caller is the timelock (a passed proposal).
    """
    assert msg.sender == TIMELOCK, "federation: only the timelock (a passed proposal)"


@internal
@view
def _has_room(membership: address) -> bool:
    """
    @dev Whether `membership`'s list of federated co-ops has a free slot,
         so that its `federate` cannot fail on a full list.
    @param membership A co-op's Membership.
    @return bool Its list of federated co-ops is not full.
    """
    return staticcall IMembership(membership).federated(_MAX_FEDERATED - 1) == empty(address)


@internal
@view
def _peer_has_room(coop: address) -> bool:
    """
    @dev `_has_room` for the Membership of `coop` (the registry's record of
         it), so that its `confirm_federation` cannot fail on a full list.
         Without a registry, true.
    @param coop The other co-op's Federation contract.
    @return bool Its list of federated co-ops is not full.
    """
    if REGISTRY == empty(address):
        return True
    return self._has_room(self._peer_membership(coop))


@internal
@view
def _peer_membership(coop: address) -> address:
    """
    @dev The Membership of the co-op whose Federation is `coop`: the one the
         registry records for it. Reverts unless the registry lists `coop`
         as a co-op's Federation. Without a registry, what `coop` answers.
    @param coop The other co-op's Federation contract.
    @return address Its Membership.
    """
    if REGISTRY == empty(address):
        return staticcall IFederation(coop).membership()
    membership: address = staticcall ICoopRegistry(REGISTRY).membership_of_federation(coop)
    assert membership != empty(address), "federation: not a co-op of the registry"
    return membership


@internal
def _activate(coop: address, accepted_here: bool):
    """
    @dev Lists `coop`'s Membership (the registry's record of it) in this
         co-op's (Membership refuses its own address, one listed already and
         a seventeenth) and records the federation as active.
    @param coop The other co-op's Federation contract.
    @param accepted_here Whether this co-op's governance accepted.
    """
    membership: address = self._peer_membership(coop)
    self._peers[coop] = convert(STATUS_ACTIVE, uint256) | (convert(membership, uint256) << _MEMBERSHIP_SHIFT)
    extcall self.membership.federate(membership)
    log IFederation.FederationActivated(coop=coop, membership=membership, accepted_here=accepted_here)


@internal
def _close(coop: address, word: uint256):
    """
    @dev Clears the record of `coop` and, if the federation was active, drops
         its Membership from this co-op's (which always lists it then).
    @param coop The other co-op's Federation contract.
    @param word Its non-zero `_peers` word.
    """
    self._peers[coop] = 0
    if word & _STATUS_MASK == convert(STATUS_ACTIVE, uint256):
        extcall self.membership.defederate(convert(word >> _MEMBERSHIP_SHIFT, address))
