# pragma version ~=0.4.3
# pragma nonreentrancy off
"""
@title Membership: the co-op's soulbound member register and its votes
@custom:contract-name Membership
@license GNU Affero General Public License v3.0 only
@notice One soulbound ERC-721 token per member (ERC-5192 `locked` is always
        true; every transfer and approval path reverts) and ERC-5805/ERC-6372
        votes with timestamp checkpoints, so any Governor-aware client can read
        it. One member, one vote: a member is self-delegated from the moment
        they join and can lend their vote as a proxy only to another member,
        capped by the governable `max_proxies`.

        Joining: founders at deployment, afterwards by the timelock (a passed
        proposal) or by an application that `sponsors_needed` members sponsor.
        Leaving: `resign` by the member, `expel` by the timelock. Both burn the
        token, hand every proxied vote back to its owner (bounded by
        `MAX_PROXIES_LIMIT`) and move voting power in the checkpoints.

        Nothing loops over members. The only loops are over a member's
        proxies (at most `MAX_PROXIES_LIMIT`), over federated co-ops (at most
        `MAX_FEDERATED`) and the binary search over one account's history.

        Why not snekmate's erc721: it is enumerable and permit-enabled, its
        mint writes six fresh slots and every path of it moves tokens; a
        soulbound register needs none of that. The standard pieces that do
        apply come from snekmate: the EIP-712 domain (ERC-5267) and ECDSA.
@custom:kill There is no pause. Governance can expel a member; the timelock
             is the only privileged account and cannot be changed here.
@custom:security Report vulnerabilities to security@harvest-coop.invalid.
"""

from ethereum.ercs import IERC165

implements: IERC165

from interfaces import IMembership

implements: IMembership

from snekmate.utils import ecdsa
from snekmate.utils import eip712_domain_separator

initializes: eip712_domain_separator

exports: eip712_domain_separator.eip712Domain


# @dev ERC-165 identifiers: ERC-165, ERC-721, ERC-721 metadata, ERC-5192.
_SUPPORTED_INTERFACES: constant(bytes4[4]) = [0x01FFC9A7, 0x80AC58CD, 0x5B5E139F, 0xB45A3C0E]

# @dev The EIP-712 type hash of ERC-5805's `delegateBySig`.
_DELEGATION_TYPEHASH: constant(bytes32) = keccak256("Delegation(address delegatee,uint256 nonce,uint256 expiry)")

# @dev Hard upper bound of `max_proxies` (bounds the loop on leaving).
MAX_PROXIES_LIMIT: public(constant(uint256)) = 8

# @dev Upper bound of the federated co-ops list.
MAX_FEDERATED: public(constant(uint256)) = 16

# @dev Upper bound of the founders list given at deployment.
MAX_FOUNDERS: constant(uint256) = 64

# @dev ERC-6372 clock mode: timestamps.
CLOCK_MODE: public(constant(String[14])) = "mode=timestamp"

# @dev Packed account word, one slot per account (see `_accounts`).
_KEY_MASK: constant(uint256) = 2**48 - 1
_VOTES_SHIFT: constant(uint256) = 48
_VOTES_MASK: constant(uint256) = 2**32 - 1
_COUNT_SHIFT: constant(uint256) = 80
_COUNT_MASK: constant(uint256) = 2**32 - 1
_ID_SHIFT: constant(uint256) = 112
_ID_MASK: constant(uint256) = 2**48 - 1
_MEMBER_BIT: constant(uint256) = 1 << 160
_EXPELLED_BIT: constant(uint256) = 1 << 161
_NONCE_SHIFT: constant(uint256) = 162
_NONCE_MASK: constant(uint256) = 2**64 - 1

# @dev Packed supply word (see `_supply`): same checkpoint layout, and the
# next member id in bits 112..159.
_NEXT_ID_SHIFT: constant(uint256) = 112

# @dev Routes a member can join by (in `MemberJoined`).
ROUTE_FOUNDER: constant(uint8) = 0
ROUTE_GOVERNANCE: constant(uint8) = 1
ROUTE_SPONSORS: constant(uint8) = 2

# @dev The timelock: the only privileged account.
TIMELOCK: public(immutable(address))

# @dev The token name (also the EIP-712 domain name) and symbol.
name: public(immutable(String[50]))
symbol: public(immutable(String[20]))

# @dev How many member sponsors admit an applicant (0 disables the route).
sponsors_needed: public(uint256)

# @dev How many other members may lend their vote to one member.
max_proxies: public(uint256)

# @dev The co-op's governor: the only caller of `use_ballot_nonce`. Set once,
# in the deployment, by the deployer (who keeps no other power).
governor: public(address)
_DEPLOYER: immutable(address)

# @dev Per account, one slot: bits 0..47 latest checkpoint time, 48..79
# latest checkpoint votes, 80..111 number of older checkpoints in
# `_history`, 112..159 member id (assigned on first joining and kept for
# ever, so a re-admitted member gets the same id), bit 160 is-member,
# bit 161 expelled, 162..225 the account's EIP-712 nonce (shared by
# `delegateBySig` and the governor's `castVoteBySig`). Keeping all of it in
# one slot makes a vote read one slot here, and a signed vote bump a nonce
# in a slot that is already non-zero.
_accounts: HashMap[address, uint256]

# @dev Older checkpoints of an account: (time | votes << 48), oldest first.
_history: HashMap[address, HashMap[uint256, uint256]]

# @dev Whom an account lends its vote to; empty means itself.
_delegatee: HashMap[address, address]

# @dev The members who lend their vote to an account.
_proxies: HashMap[address, DynArray[address, MAX_PROXIES_LIMIT]]

# @dev Same layout as an account's checkpoint bits, plus the next id.
_supply: uint256
_supply_history: HashMap[uint256, uint256]

# @dev ERC-721 owner of each member id.
_owner_of: HashMap[uint256, address]

# @dev Applications: bits 0..63 round, 64..95 sponsors so far, bit 96 open.
_applications: HashMap[address, uint256]

# @dev The round of an applicant in which a member sponsored it.
_sponsored_in_round: HashMap[address, HashMap[address, uint256]]

# @dev Other co-ops' Membership contracts whose members may trade here.
federated: public(DynArray[IMembership, MAX_FEDERATED])


event Transfer:
    sender: indexed(address)
    receiver: indexed(address)
    token_id: indexed(uint256)


event Locked:
    tokenId: uint256


event DelegateChanged:
    delegator: indexed(address)
    fromDelegate: indexed(address)
    toDelegate: indexed(address)


event DelegateVotesChanged:
    delegate: indexed(address)
    previousVotes: uint256
    newVotes: uint256


event MemberJoined:
    account: indexed(address)
    member_id: indexed(uint256)
    route: uint8


event MemberLeft:
    account: indexed(address)
    member_id: indexed(uint256)
    expelled: bool


event ApplicationOpened:
    applicant: indexed(address)
    round: uint256


event Sponsored:
    applicant: indexed(address)
    sponsor: indexed(address)
    sponsors: uint256
    needed: uint256


event SponsorsNeededSet:
    old_value: uint256
    new_value: uint256


event MaxProxiesSet:
    old_value: uint256
    new_value: uint256


event GovernorSet:
    governor: indexed(address)


event Federated:
    coop: indexed(address)


event Defederated:
    coop: indexed(address)


@deploy
def __init__(
    name_: String[50],
    symbol_: String[20],
    timelock_: address,
    founders_: DynArray[address, MAX_FOUNDERS],
    sponsors_needed_: uint256,
    max_proxies_: uint256,
):
    """
    @dev Mints a membership to every founder and sets the parameters.
    @param name_ The co-op's name (token name and EIP-712 domain name).
    @param symbol_ The token symbol.
    @param timelock_ The co-op's timelock, the only privileged account.
    @param founders_ The founding members (at most 64, no duplicates).
    @param sponsors_needed_ Sponsors that admit an applicant (0 disables).
    @param max_proxies_ Votes one member may hold for others (<= 8).
    """
    assert timelock_ != empty(address), "membership: timelock is the zero address"
    assert max_proxies_ <= MAX_PROXIES_LIMIT, "membership: max_proxies above limit"
    eip712_domain_separator.__init__(name_, "1")
    TIMELOCK = timelock_
    _DEPLOYER = msg.sender
    name = name_
    symbol = symbol_
    self.sponsors_needed = sponsors_needed_
    self.max_proxies = max_proxies_
    self._supply = 1 << _NEXT_ID_SHIFT
    for founder: address in founders_:
        self._join(founder, ROUTE_FOUNDER)


# ---------------------------------------------------------------- ERC-165


@external
@view
def supportsInterface(interface_id: bytes4) -> bool:
    """
    @notice ERC-165: ERC-165, ERC-721, ERC-721 metadata and ERC-5192.
    @param interface_id The 4-byte interface identifier.
    @return bool Whether the interface is supported.
    """
    return interface_id in _SUPPORTED_INTERFACES


# ------------------------------------------------- ERC-721 (soulbound) views


@external
@view
def balanceOf(owner: address) -> uint256:
    """
    @notice 1 for a member, 0 otherwise.
    @param owner The account.
    @return uint256 The number of membership tokens (0 or 1).
    """
    assert owner != empty(address), "membership: zero address has no balance"
    if self._accounts[owner] & _MEMBER_BIT != 0:
        return 1
    return 0


@external
@view
def ownerOf(token_id: uint256) -> address:
    """
    @notice The member holding membership `token_id`.
    @param token_id The member id.
    @return address The member.
    """
    owner: address = self._owner_of[token_id]
    assert owner != empty(address), "membership: no such member token"
    return owner


@external
@view
def totalSupply() -> uint256:
    """
    @notice The number of members now.
    @return uint256 The member count.
    """
    return (self._supply >> _VOTES_SHIFT) & _VOTES_MASK


@external
@view
def tokenURI(token_id: uint256) -> String[256]:
    """
    @notice On-chain JSON metadata of a membership token as a data: URI.
    @param token_id The member id.
    @return String The metadata.
    """
    assert self._owner_of[token_id] != empty(address), "membership: no such member token"
    return concat(
        'data:application/json;utf8,{"name":"',
        name,
        " member #",
        uint2str(token_id),
        '","description":"Soulbound membership: one member, one vote."}',
    )


@external
@view
def locked(token_id: uint256) -> bool:
    """
    @notice ERC-5192: every membership token is locked to its member.
    @param token_id The member id.
    @return bool Always true for an existing token.
    """
    assert self._owner_of[token_id] != empty(address), "membership: no such member token"
    return True


@external
@view
def getApproved(token_id: uint256) -> address:
    """
    @notice Membership tokens cannot be approved: always the zero address.
    @param token_id The member id.
    @return address The zero address.
    """
    assert self._owner_of[token_id] != empty(address), "membership: no such member token"
    return empty(address)


@external
@view
def isApprovedForAll(owner: address, operator: address) -> bool:
    """
    @notice Membership tokens cannot be approved: always false.
    @param owner The member.
    @param operator The operator.
    @return bool False.
    """
    return False


# ------------------------------------------- ERC-721 moving paths: all revert


@external
@payable
def transferFrom(owner: address, to: address, token_id: uint256):
    """
    @notice Always reverts: membership is soulbound.
    """
    raise "membership: soulbound, cannot be transferred"


@external
@payable
def safeTransferFrom(owner: address, to: address, token_id: uint256, data: Bytes[1_024] = b""):
    """
    @notice Always reverts: membership is soulbound.
    """
    raise "membership: soulbound, cannot be transferred"


@external
@payable
def approve(approved: address, token_id: uint256):
    """
    @notice Always reverts: membership is soulbound.
    """
    raise "membership: soulbound, cannot be approved"


@external
def setApprovalForAll(operator: address, approved: bool):
    """
    @notice Always reverts: membership is soulbound.
    """
    raise "membership: soulbound, cannot be approved"


# -------------------------------------------------------- ERC-6372 / ERC-5805


@external
@view
def clock() -> uint48:
    """
    @notice ERC-6372: the current timepoint (a timestamp).
    @return uint48 block.timestamp.
    """
    return convert(block.timestamp, uint48)


@external
@view
def getVotes(account: address) -> uint256:
    """
    @notice The votes `account` holds now (own vote plus proxies).
    @param account The account.
    @return uint256 The votes.
    """
    return (self._accounts[account] >> _VOTES_SHIFT) & _VOTES_MASK


@external
@view
def getPastVotes(account: address, timepoint: uint256) -> uint256:
    """
    @notice The votes `account` held at `timepoint` (strictly in the past).
    @param account The account.
    @param timepoint A past timestamp.
    @return uint256 The votes at that time.
    """
    assert timepoint < block.timestamp, "membership: timepoint is not in the past"
    return self._past_votes(account, self._accounts[account], timepoint)


@external
@view
def getPastTotalSupply(timepoint: uint256) -> uint256:
    """
    @notice The number of members (== total votes) at `timepoint`.
    @param timepoint A past timestamp.
    @return uint256 The member count at that time.
    """
    assert timepoint < block.timestamp, "membership: timepoint is not in the past"
    return self._past_supply(timepoint)


@external
@view
def past_votes_and_id(account: address, timepoint: uint256) -> (uint256, uint256):
    """
    @notice `getPastVotes` and the account's permanent member id in one
            call: the governor keys its voted-bitmap by member id.
    @param account The account.
    @param timepoint A past timestamp.
    @return uint256 The votes at that time.
    @return uint256 The member id (0 if never a member).
    """
    assert timepoint < block.timestamp, "membership: timepoint is not in the past"
    word: uint256 = self._accounts[account]
    return self._past_votes(account, word, timepoint), (word >> _ID_SHIFT) & _ID_MASK


@external
@view
def delegates(account: address) -> address:
    """
    @notice Whom `account` lends its vote to (itself for a member who has
            not chosen a proxy; the zero address for a non-member).
    @param account The account.
    @return address The delegate.
    """
    if self._accounts[account] & _MEMBER_BIT == 0:
        return empty(address)
    return self._delegate_of(account)


@external
def delegate(delegatee: address):
    """
    @notice Lend your vote to another member as a proxy, or take it back by
            delegating to yourself.
    @param delegatee A member (or yourself).
    """
    self._delegate(msg.sender, delegatee)


@external
def delegateBySig(delegatee: address, nonce: uint256, expiry: uint256, v: uint8, r: bytes32, s: bytes32):
    """
    @notice ERC-5805: `delegate` authorised by an EIP-712 signature of
            `Delegation(address delegatee,uint256 nonce,uint256 expiry)`.
    @param delegatee A member (or the signer).
    @param nonce The signer's current nonce.
    @param expiry The last timestamp the signature is good for.
    @param v The signature's v.
    @param r The signature's r.
    @param s The signature's s (low-s only).
    """
    assert block.timestamp <= expiry, "membership: signature expired"
    digest: bytes32 = eip712_domain_separator._hash_typed_data_v4(
        keccak256(abi_encode(_DELEGATION_TYPEHASH, delegatee, nonce, expiry))
    )
    signer: address = ecdsa._recover_vrs(digest, convert(v, uint256), convert(r, uint256), convert(s, uint256))
    assert signer != empty(address), "membership: invalid signature"
    word: uint256 = self._accounts[signer]
    assert nonce == (word >> _NONCE_SHIFT) & _NONCE_MASK, "membership: invalid nonce"
    self._accounts[signer] = word + (1 << _NONCE_SHIFT)
    self._delegate(signer, delegatee)


@external
@view
def nonces(owner: address) -> uint256:
    """
    @notice The next EIP-712 nonce of `owner`, for `delegateBySig` here and
            for `castVoteBySig` on the governor (one sequence for both).
    @param owner The signer.
    @return uint256 The nonce to sign next.
    """
    return (self._accounts[owner] >> _NONCE_SHIFT) & _NONCE_MASK


@external
def use_ballot_nonce(account: address, timepoint: uint256) -> (uint256, uint256, uint256):
    """
    @notice For the governor's `castVoteBySig`: the voter's votes at
            `timepoint`, its member id, and its current nonce, which this
            call consumes. Governor only.
    @param account The voter.
    @param timepoint The proposal snapshot (in the past).
    @return uint256 The votes at `timepoint`.
    @return uint256 The member id.
    @return uint256 The nonce the ballot must have been signed with.
    """
    assert msg.sender == self.governor, "membership: only the governor"
    assert timepoint < block.timestamp, "membership: timepoint is not in the past"
    word: uint256 = self._accounts[account]
    self._accounts[account] = word + (1 << _NONCE_SHIFT)
    return (
        self._past_votes(account, word, timepoint),
        (word >> _ID_SHIFT) & _ID_MASK,
        (word >> _NONCE_SHIFT) & _NONCE_MASK,
    )


@external
def set_governor(governor_: address):
    """
    @notice Wire the governor once, during deployment. Only the deployer,
            only while unset: afterwards nobody can change it.
    @param governor_ The co-op's CoopGovernor.
    """
    assert msg.sender == _DEPLOYER, "membership: only the deployer wires the governor"
    assert self.governor == empty(address), "membership: governor already set"
    assert governor_ != empty(address), "membership: governor is the zero address"
    self.governor = governor_
    log GovernorSet(governor=governor_)


@external
@view
def proxies_of(account: address) -> DynArray[address, MAX_PROXIES_LIMIT]:
    """
    @notice The members who lend their vote to `account`.
    @param account The account.
    @return DynArray The proxy givers.
    """
    return self._proxies[account]


# --------------------------------------------------------------- the register


@external
@view
def is_member(account: address) -> bool:
    """
    @notice True while `account` holds this co-op's membership token.
    @param account The account.
    @return bool Membership.
    """
    return self._accounts[account] & _MEMBER_BIT != 0


@external
@view
def is_network_member(account: address) -> bool:
    """
    @notice True for members of this co-op or of any federated co-op.
    @param account The account.
    @return bool Network membership.
    """
    return self._is_network_member(account)


@external
@view
def are_network_members(first: address, second: address) -> bool:
    """
    @notice `is_network_member(first) and is_network_member(second)`.
    @param first One account.
    @param second Another account.
    @return bool Both are network members.
    """
    # Hot path (every harvest transfer): two members of this co-op.
    if self._accounts[first] & self._accounts[second] & _MEMBER_BIT != 0:
        return True
    return self._is_network_member(first) and self._is_network_member(second)


@external
@view
def member_id(account: address) -> uint256:
    """
    @notice The permanent member number of `account` (0 if never a member).
    @param account The account.
    @return uint256 The member id, also its token id.
    """
    return (self._accounts[account] >> _ID_SHIFT) & _ID_MASK


@external
@view
def is_expelled(account: address) -> bool:
    """
    @notice True if `account` was expelled and not re-admitted since.
    @param account The account.
    @return bool Expelled.
    """
    return self._accounts[account] & _EXPELLED_BIT != 0


@external
@view
def application_of(applicant: address) -> (bool, uint256, uint256):
    """
    @notice An applicant's application.
    @param applicant The applicant.
    @return bool Whether the application is open.
    @return uint256 Its round (increments on every new application).
    @return uint256 Sponsors so far in this round.
    """
    app: uint256 = self._applications[applicant]
    return app & (1 << 96) != 0, app & (2**64 - 1), (app >> 64) & (2**32 - 1)


@external
def admit(account: address):
    """
    @notice Admit `account` as a member. Timelock only (a passed proposal).
    @param account The new member.
    """
    self._only_timelock()
    self._join(account, ROUTE_GOVERNANCE)


@external
def expel(account: address):
    """
    @notice Expel a member. Timelock only (a passed proposal). The member
            can then only come back through governance.
    @param account The member.
    """
    self._only_timelock()
    self._leave(account, True)


@external
def resign():
    """
    @notice Leave the co-op: burns your membership and returns every vote
            lent to you to its owner.
    """
    self._leave(msg.sender, False)


@external
def apply_for_membership():
    """
    @notice Open an application to join; members then `sponsor` it.
    """
    word: uint256 = self._accounts[msg.sender]
    assert word & _MEMBER_BIT == 0, "membership: already a member"
    assert word & _EXPELLED_BIT == 0, "membership: expelled accounts rejoin only by proposal"
    assert self.sponsors_needed != 0, "membership: sponsored admission is disabled"
    app: uint256 = self._applications[msg.sender]
    assert app & (1 << 96) == 0, "membership: application already open"
    new_round: uint256 = (app & (2**64 - 1)) + 1
    self._applications[msg.sender] = new_round | (1 << 96)
    log ApplicationOpened(applicant=msg.sender, round=new_round)


@external
def sponsor(applicant: address):
    """
    @notice Sponsor an open application. When `sponsors_needed` members
            have sponsored it, the applicant is admitted in this call.
    @param applicant The applicant.
    """
    assert self._accounts[msg.sender] & _MEMBER_BIT != 0, "membership: only members sponsor"
    app: uint256 = self._applications[applicant]
    assert app & (1 << 96) != 0, "membership: no open application"
    needed: uint256 = self.sponsors_needed
    assert needed != 0, "membership: sponsored admission is disabled"
    app_round: uint256 = app & (2**64 - 1)
    assert self._sponsored_in_round[applicant][msg.sender] != app_round, "membership: already sponsored"
    self._sponsored_in_round[applicant][msg.sender] = app_round
    count: uint256 = ((app >> 64) & (2**32 - 1)) + 1
    log Sponsored(applicant=applicant, sponsor=msg.sender, sponsors=count, needed=needed)
    if count >= needed:
        self._join(applicant, ROUTE_SPONSORS)
    else:
        self._applications[applicant] = app_round | (count << 64) | (1 << 96)


@external
def set_sponsors_needed(new_value: uint256):
    """
    @notice Set how many sponsors admit an applicant (0 disables the
            route). Timelock only.
    @param new_value The new threshold.
    """
    self._only_timelock()
    log SponsorsNeededSet(old_value=self.sponsors_needed, new_value=new_value)
    self.sponsors_needed = new_value


@external
def set_max_proxies(new_value: uint256):
    """
    @notice Set how many votes one member may hold for others (at most
            `MAX_PROXIES_LIMIT`). Lowering it keeps existing proxies.
            Timelock only.
    @param new_value The new cap.
    """
    self._only_timelock()
    assert new_value <= MAX_PROXIES_LIMIT, "membership: max_proxies above limit"
    log MaxProxiesSet(old_value=self.max_proxies, new_value=new_value)
    self.max_proxies = new_value


@external
def federate(coop: IMembership):
    """
    @notice Let members of another co-op (its Membership contract) hold and
            trade produce here. Timelock only; the other co-op federates
            back by its own proposal.
    @param coop The other co-op's Membership contract.
    """
    self._only_timelock()
    assert coop.address != self and coop.address.is_contract, "membership: not a co-op membership contract"
    assert coop not in self.federated, "membership: already federated"
    assert len(self.federated) < MAX_FEDERATED, "membership: federation list full"
    self.federated.append(coop)
    log Federated(coop=coop.address)


@external
def defederate(coop: IMembership):
    """
    @notice End a federation. Timelock only.
    @param coop The other co-op's Membership contract.
    """
    self._only_timelock()
    n: uint256 = len(self.federated)
    for i: uint256 in range(MAX_FEDERATED):
        if i >= n:
            break
        if self.federated[i] == coop:
            self.federated[i] = self.federated[n - 1]
            self.federated.pop()
            log Defederated(coop=coop.address)
            return
    raise "membership: not federated"


# ------------------------------------------------------------------ internals


@internal
@view
def _only_timelock():
    assert msg.sender == TIMELOCK, "membership: only the timelock (a passed proposal)"


@internal
@view
def _is_network_member(account: address) -> bool:
    if self._accounts[account] & _MEMBER_BIT != 0:
        return True
    for coop: IMembership in self.federated:
        if staticcall coop.is_member(account):
            return True
    return False


@internal
@view
def _delegate_of(account: address) -> address:
    d: address = self._delegatee[account]
    if d == empty(address):
        return account
    return d


@internal
@view
def _past_votes(account: address, word: uint256, timepoint: uint256) -> uint256:
    if word & _KEY_MASK <= timepoint:
        return (word >> _VOTES_SHIFT) & _VOTES_MASK
    return self._search(account, (word >> _COUNT_SHIFT) & _COUNT_MASK, timepoint, False)


@internal
@view
def _past_supply(timepoint: uint256) -> uint256:
    word: uint256 = self._supply
    if word & _KEY_MASK <= timepoint:
        return (word >> _VOTES_SHIFT) & _VOTES_MASK
    return self._search(empty(address), (word >> _COUNT_SHIFT) & _COUNT_MASK, timepoint, True)


@internal
@view
def _search(account: address, count: uint256, timepoint: uint256, supply: bool) -> uint256:
    """
    @dev Binary search for the last older checkpoint at or before
         `timepoint`; 0 if there is none.
    """
    low: uint256 = 0
    high: uint256 = count
    # 2**32 entries at most: 33 halvings always end the search.
    for _: uint256 in range(33):
        if low >= high:
            break
        mid: uint256 = unsafe_div(unsafe_add(low, high), 2)
        entry: uint256 = 0
        if supply:
            entry = self._supply_history[mid]
        else:
            entry = self._history[account][mid]
        if entry & _KEY_MASK > timepoint:
            high = mid
        else:
            low = mid + 1
    if low == 0:
        return 0
    entry: uint256 = 0
    if supply:
        entry = self._supply_history[low - 1]
    else:
        entry = self._history[account][low - 1]
    return (entry >> _VOTES_SHIFT) & _VOTES_MASK


@internal
@view
def _checkpoint(word: uint256, new_votes: uint256) -> (uint256, bool):
    """
    @dev The word with its latest checkpoint set to (now, new_votes), and
         whether the previous latest checkpoint must be pushed to history
         (it is from an earlier time). Votes fit 32 bits: at most
         1 + MAX_PROXIES_LIMIT per account and at most one per id overall.
    """
    key: uint256 = word & _KEY_MASK
    push: bool = key != 0 and key != block.timestamp
    count: uint256 = (word >> _COUNT_SHIFT) & _COUNT_MASK
    if push:
        count += 1
    cleared: uint256 = word & ~(2**112 - 1)
    return cleared | block.timestamp | (new_votes << _VOTES_SHIFT) | (count << _COUNT_SHIFT), push


@internal
def _set_votes(account: address, word: uint256, new_votes: uint256) -> uint256:
    """
    @dev Writes a votes checkpoint for `account`; returns the new word.
         The caller stores nothing else in the word before this returns.
    """
    old_votes: uint256 = (word >> _VOTES_SHIFT) & _VOTES_MASK
    new_word: uint256 = 0
    push: bool = False
    new_word, push = self._checkpoint(word, new_votes)
    if push:
        count: uint256 = (word >> _COUNT_SHIFT) & _COUNT_MASK
        self._history[account][count] = word & (2**80 - 1)
    self._accounts[account] = new_word
    log DelegateVotesChanged(delegate=account, previousVotes=old_votes, newVotes=new_votes)
    return new_word


@internal
def _move_supply(joined: bool, new_id: bool):
    word: uint256 = self._supply
    old: uint256 = (word >> _VOTES_SHIFT) & _VOTES_MASK
    new: uint256 = 0
    if joined:
        new = old + 1
        if new_id:
            word = word + (1 << _NEXT_ID_SHIFT)
    else:
        new = old - 1
    new_word: uint256 = 0
    push: bool = False
    new_word, push = self._checkpoint(word, new)
    if push:
        self._supply_history[(word >> _COUNT_SHIFT) & _COUNT_MASK] = word & (2**80 - 1)
    self._supply = new_word


@internal
def _join(account: address, route: uint8):
    assert account != empty(address), "membership: zero address cannot join"
    word: uint256 = self._accounts[account]
    assert word & _MEMBER_BIT == 0, "membership: already a member"
    member_id: uint256 = (word >> _ID_SHIFT) & _ID_MASK
    # A returning member keeps its id; only a first joining takes a new one.
    new_id: bool = member_id == 0
    if new_id:
        member_id = (self._supply >> _NEXT_ID_SHIFT) & _ID_MASK
        word = word | (member_id << _ID_SHIFT)
    self._move_supply(True, new_id)
    word = (word | _MEMBER_BIT) & ~_EXPELLED_BIT
    self._owner_of[member_id] = account
    app: uint256 = self._applications[account]
    if app & (1 << 96) != 0:
        self._applications[account] = app & (2**64 - 1)
    # Self-delegated from the first moment: one vote, its own.
    self._set_votes(account, word, ((word >> _VOTES_SHIFT) & _VOTES_MASK) + 1)
    log Transfer(sender=empty(address), receiver=account, token_id=member_id)
    log Locked(tokenId=member_id)
    log DelegateChanged(delegator=account, fromDelegate=empty(address), toDelegate=account)
    log MemberJoined(account=account, member_id=member_id, route=route)


@internal
def _leave(account: address, expelled: bool):
    word: uint256 = self._accounts[account]
    assert word & _MEMBER_BIT != 0, "membership: not a member"
    member_id: uint256 = (word >> _ID_SHIFT) & _ID_MASK

    # 1. Take back the vote this member lent, or drop its own.
    d: address = self._delegatee[account]
    if d != empty(address):
        self._remove_proxy(d, account)
        self._set_votes(d, self._accounts[d], ((self._accounts[d] >> _VOTES_SHIFT) & _VOTES_MASK) - 1)
        self._delegatee[account] = empty(address)
        log DelegateChanged(delegator=account, fromDelegate=d, toDelegate=empty(address))
    else:
        word = self._set_votes(account, word, ((word >> _VOTES_SHIFT) & _VOTES_MASK) - 1)
        log DelegateChanged(delegator=account, fromDelegate=account, toDelegate=empty(address))

    givers: DynArray[address, MAX_PROXIES_LIMIT] = self._proxies[account]
    for giver: address in givers:
        self._delegatee[giver] = empty(address)
        word = self._set_votes(account, word, ((word >> _VOTES_SHIFT) & _VOTES_MASK) - 1)
        g_word: uint256 = self._accounts[giver]
        self._set_votes(giver, g_word, ((g_word >> _VOTES_SHIFT) & _VOTES_MASK) + 1)
        log DelegateChanged(delegator=giver, fromDelegate=account, toDelegate=giver)
    self._proxies[account] = []

    # 3. Burn the token.
    word = word & ~_MEMBER_BIT
    if expelled:
        word = word | _EXPELLED_BIT
    self._accounts[account] = word
    self._owner_of[member_id] = empty(address)
    self._move_supply(False, False)
    log Transfer(sender=account, receiver=empty(address), token_id=member_id)
    log MemberLeft(account=account, member_id=member_id, expelled=expelled)


@internal
def _remove_proxy(holder: address, giver: address):
    givers: DynArray[address, MAX_PROXIES_LIMIT] = self._proxies[holder]
    n: uint256 = len(givers)
    for i: uint256 in range(MAX_PROXIES_LIMIT):
        if i >= n:
            break
        if givers[i] == giver:
            givers[i] = givers[n - 1]
            givers.pop()
            self._proxies[holder] = givers
            return
    raise "membership: proxy not found"


@internal
def _delegate(account: address, delegatee: address):
    word: uint256 = self._accounts[account]
    assert word & _MEMBER_BIT != 0, "membership: only members delegate"
    assert self._accounts[delegatee] & _MEMBER_BIT != 0, "membership: proxy must be a member"
    current: address = self._delegate_of(account)
    if current == delegatee:
        return
    if delegatee != account:
        assert len(self._proxies[delegatee]) < self.max_proxies, "membership: proxy already holds max_proxies votes"

    if current == account:
        self._set_votes(account, word, ((word >> _VOTES_SHIFT) & _VOTES_MASK) - 1)
    else:
        self._remove_proxy(current, account)
        c_word: uint256 = self._accounts[current]
        self._set_votes(current, c_word, ((c_word >> _VOTES_SHIFT) & _VOTES_MASK) - 1)

    d_word: uint256 = self._accounts[delegatee]
    self._set_votes(delegatee, d_word, ((d_word >> _VOTES_SHIFT) & _VOTES_MASK) + 1)
    if delegatee == account:
        self._delegatee[account] = empty(address)
    else:
        self._delegatee[account] = delegatee
        self._proxies[delegatee].append(account)
    log DelegateChanged(delegator=account, fromDelegate=current, toDelegate=delegatee)
