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
        proposal) or by a sponsored application. The sponsored route is
        rate-limited so that a small group cannot grow its own votes faster
        than the others can react (the governance-set `admission_rules`):
        - an applicant needs the larger of a fixed number of sponsors and a
          percentage of the members;
        - a member sponsors at most `sponsor_limit` applicants per
          `sponsor_period`, and only after `min_tenure` of membership;
        - enough sponsors only schedule the admission: it takes effect after
          a `challenge_window` in which members can object (the larger of a
          fixed number and a percentage of the members cancels it) and
          governance can refuse it.
        No rule hands a small group a race: the challenge window is never
        shorter than the network's floor (`MIN_CHALLENGE_WINDOW`, a day on
        a live network), and the objections needed are never more than a
        majority of the members, so the others always have time to object
        and a majority objecting always stops an admission.
        Leaving: `resign` by the member, `expel` by the timelock (also of an
        account that is not, or no longer, a member: it is marked expelled
        and its application closed, so an expulsion cannot be dodged by
        resigning first). Leaving burns the token, hands every proxied vote
        back to its owner (bounded by `MAX_PROXIES_LIMIT`) and moves voting
        power in the checkpoints.

        Votes at a proposal (read by the governor through `vote_weight`):
        the voter's votes at the snapshot, but only while the voter is a
        member who has not re-joined since the snapshot; a member whose proxy
        left after the snapshot without voting gets its own vote back.

        Federation: the co-op's Federation contract (`FEDERATION`, fixed at
        deployment) keeps the list of federated co-ops here (`federate`,
        `defederate`) when both co-ops' governances agreed, and when either
        ends it;
        `is_network_member` and `are_network_members` say whether an account
        is a member of this co-op or of a federated one, for HarvestToken
        and the exchange; never for an account this co-op expelled (and has
        not re-admitted), whatever a federated co-op says of it.

        Nothing loops over members. The only loops are over a member's
        proxies (at most `MAX_PROXIES_LIMIT`), over federated co-ops (at most
        `MAX_FEDERATED`) and the binary search over one account's history
        (the `checkpoints` module, shared with CoopGovernor).

        Why not snekmate's erc721: it is enumerable and permit-enabled, its
        mint writes six fresh slots and every path of it moves tokens; a
        soulbound register needs none of that. The standard pieces that do
        apply come from snekmate: the EIP-712 domain (ERC-5267) and ECDSA.
@custom:kill There is no pause. Governance can expel a member, refuse an
             application, disable the sponsored route (`sponsors_needed` 0),
             replace the governor and end federations (in Federation); the
             timelock is the only privileged account and cannot be changed
             here.
@custom:security Report vulnerabilities to security@harvest-coop.invalid.
"""

from ethereum.ercs import IERC165

implements: IERC165

from interfaces import IMembership

implements: IMembership

from interfaces import ICoopMembers

implements: ICoopMembers

from snekmate.utils import ecdsa
from snekmate.utils import eip712_domain_separator

initializes: eip712_domain_separator

import checkpoints

initializes: checkpoints

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

# @dev Bounds of the admission rules governance may set.
MAX_SPONSOR_PERIOD: public(constant(uint256)) = 365 * 86_400
MIN_SPONSOR_PERIOD: public(constant(uint256)) = 86_400
MAX_MIN_TENURE: public(constant(uint256)) = 365 * 86_400
MAX_CHALLENGE_WINDOW: public(constant(uint256)) = 90 * 86_400

# @dev How long after its challenge window a scheduled admission can be
# completed (`complete_admission`); after that it lapses.
ADMISSION_GRACE: public(constant(uint256)) = 7 * 86_400
_MAX_COUNT: constant(uint256) = 2**16 - 1

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
_ORPHANED_BIT: constant(uint256) = 1 << 162
_JOINED_SHIFT: constant(uint256) = 163
_JOINED_CLEAR: constant(uint256) = ~((2**48 - 1) << 163)
_NONCE_SHIFT: constant(uint256) = 211
_NONCE_MASK: constant(uint256) = 2**45 - 1

# @dev `_delegatee` record: the proxy (bits 0..159), when the vote was lent
# (160..207) and, once the proxy left, when that happened (208..255).
_ADDRESS_MASK: constant(uint256) = 2**160 - 1
_LENT_SHIFT: constant(uint256) = 160
_ORPHANED_SHIFT: constant(uint256) = 208

# @dev Packed supply word (see `_supply`): same checkpoint layout, and the
# next member id in bits 112..159.
_NEXT_ID_SHIFT: constant(uint256) = 112

# @dev Application word (see `_applications`).
_ROUND_MASK: constant(uint256) = 2**64 - 1
_SPONSORS_SHIFT: constant(uint256) = 64
_OPEN_BIT: constant(uint256) = 1 << 96
_SCHEDULED_BIT: constant(uint256) = 1 << 97
_OBJECTIONS_SHIFT: constant(uint256) = 98
_ADMIT_AFTER_SHIFT: constant(uint256) = 130

# @dev What a member did for an application round (see `_acted`).
_SPONSORED_FLAG: constant(uint256) = 1 << 64
_OBJECTED_FLAG: constant(uint256) = 1 << 65

# @dev Routes a member can join by (in `MemberJoined`).
ROUTE_FOUNDER: constant(uint8) = 0
ROUTE_GOVERNANCE: constant(uint8) = 1
ROUTE_SPONSORS: constant(uint8) = 2

# @dev Why an application closed without an admission (`ApplicationClosed`).
CLOSED_BY_OBJECTIONS: constant(uint8) = 1
CLOSED_BY_GOVERNANCE: constant(uint8) = 2
CLOSED_BY_EXPULSION: constant(uint8) = 3
CLOSED_BY_APPLICANT: constant(uint8) = 4


# @dev The timelock: the only privileged account.
TIMELOCK: public(immutable(address))

# @dev The shortest challenge window the admission rules may have: the
# network's floor, given by the factory (its minimum voting period: a day on
# a live network, 0 on a throwaway test chain). With a shorter one a member
# could sponsor an applicant that is a member before anyone can object, and
# that applicant the next, all in one block.
MIN_CHALLENGE_WINDOW: public(immutable(uint256))

# @dev The co-op's Federation contract: the only caller of `federate` and
# `defederate` (when both co-ops' governances agreed to a federation, and
# when either ends it). Zero: this co-op cannot federate.
FEDERATION: public(immutable(address))

# @dev The token name (also the EIP-712 domain name) and symbol.
name: public(immutable(String[50]))
symbol: public(immutable(String[20]))

# @dev How many other members may lend their vote to one member.
max_proxies: public(uint256)

# @dev The co-op's governor: the only caller of `use_ballot_nonce`. Wired
# once by the deployer during the deployment; afterwards only the timelock
# (a passed proposal) replaces it.
governor: public(address)
_DEPLOYER: immutable(address)


# @dev Per account, one slot: bits 0..47 latest checkpoint time, 48..79
# latest checkpoint votes, 80..111 number of older checkpoints in
# `_history`, 112..159 member id (assigned on first joining and kept for
# ever, so a re-admitted member gets the same id), bit 160 is-member,
# bit 161 expelled, bit 162 orphaned (the proxy this account lent its vote
# to left; `_delegatee` says who and when), 163..210 when the account last
# joined, 211..255 the account's EIP-712 nonce (shared by `delegateBySig`
# and the governor's `castVoteBySig`). Keeping all of it in one slot makes a
# vote read one slot here, and a signed vote bump a nonce in a slot that is
# already non-zero.
_accounts: HashMap[address, uint256]

# @dev Older checkpoints live in the `checkpoints` module: one series per
# account (its votes), series 0 the member count.

# @dev Whom an account lends its vote to, when, and when that proxy left
# (see the `_delegatee` record constants); empty means itself.
_delegatee: HashMap[address, uint256]

# @dev The members who lend their vote to an account.
_proxies: HashMap[address, DynArray[address, MAX_PROXIES_LIMIT]]

# @dev Same layout as an account's checkpoint bits, plus the next id.
_supply: uint256

# @dev ERC-721 owner of each member id.
_owner_of: HashMap[uint256, address]

# @dev The admission rules, packed: bits 0..15 sponsors_needed, 16..23
# sponsors_percent, 24..39 objections_needed, 40..47 objections_percent,
# 48..63 sponsor_limit, 64..111 sponsor_period, 112..159 min_tenure,
# 160..207 challenge_window.
_rules: uint256

# @dev Applications: bits 0..63 round, 64..95 sponsors so far, bit 96 open,
# bit 97 scheduled (enough sponsors; waiting out the challenge window),
# 98..129 objections so far, 130..177 earliest admission time.
_applications: HashMap[address, uint256]

# @dev Per applicant and member: the round (bits 0..63) in which the member
# acted on the application, and whether it sponsored (bit 64) or objected
# (bit 65).
_acted: HashMap[address, HashMap[address, uint256]]

# @dev Per member: the start of its current sponsoring period (bits 0..47)
# and how many applicants it sponsored in it (bits 48..63).
_sponsoring: HashMap[address, uint256]

# @dev Other co-ops' Membership contracts whose members may hold produce and
# trade here, packed from index 0; the first empty entry ends the list. No
# length word: a member of the first federated co-op is found with one slot
# read here (and one in that co-op's Membership).
federated: public(address[MAX_FEDERATED])


@deploy
def __init__(
    name_: String[50],
    symbol_: String[20],
    timelock_: address,
    founders_: DynArray[address, MAX_FOUNDERS],
    rules_: IMembership.AdmissionRules,
    max_proxies_: uint256,
    federation_: address,
    min_challenge_window_: uint256,
):
    """
    @dev Mints a membership to every founder and sets the parameters.
    @param name_ The co-op's name (token name and EIP-712 domain name).
    @param symbol_ The token symbol.
    @param timelock_ The co-op's timelock, the only privileged account.
    @param founders_ The founding members (at most 64, no duplicates).
    @param rules_ The rules of sponsored admission (see `IMembership.AdmissionRules`).
    @param max_proxies_ Votes one member may hold for others (<= 8).
    @param federation_ The co-op's Federation contract (or zero: none).
    @param min_challenge_window_ The network's floor of the challenge
           window (`MIN_CHALLENGE_WINDOW`), in seconds.
    """
    assert timelock_ != empty(address), "membership: timelock is the zero address"
    assert max_proxies_ <= MAX_PROXIES_LIMIT, "membership: max_proxies above limit"
    eip712_domain_separator.__init__(name_, "1")
    TIMELOCK = timelock_
    FEDERATION = federation_
    MIN_CHALLENGE_WINDOW = min_challenge_window_
    _DEPLOYER = msg.sender
    name = name_
    symbol = symbol_
    self._set_rules(rules_)
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
    return self._members()


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
    @param owner The member.
    @param to The receiver.
    @param token_id The member id.
    """
    raise "membership: soulbound, cannot be transferred"


@external
@payable
def safeTransferFrom(owner: address, to: address, token_id: uint256, data: Bytes[1_024] = b""):
    """
    @notice Always reverts: membership is soulbound.
    @param owner The member.
    @param to The receiver.
    @param token_id The member id.
    @param data Ignored.
    """
    raise "membership: soulbound, cannot be transferred"


@external
@payable
def approve(approved: address, token_id: uint256):
    """
    @notice Always reverts: membership is soulbound.
    @param approved The would-be operator.
    @param token_id The member id.
    """
    raise "membership: soulbound, cannot be approved"


@external
def setApprovalForAll(operator: address, approved: bool):
    """
    @notice Always reverts: membership is soulbound.
    @param operator The would-be operator.
    @param approved Ignored.
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
def vote_weight(account: address, timepoint: uint256) -> (uint256, uint256, uint256):
    """
    @notice What the governor counts for `account` on a proposal
            snapshotted at `timepoint`, in one call.
    @dev Reverts unless `account` is a member now and has been one without
         a break since `timepoint` (an account that left, was expelled or
         re-joined after the snapshot cannot vote on it). The third value
         is non-zero when the proxy `account` had lent its vote to at the
         snapshot has left since: it is that proxy's member id, and the
         governor adds the account's own vote back unless the proxy voted
         before leaving.
    @param account The voter.
    @param timepoint The proposal snapshot (in the past).
    @return uint256 The votes at `timepoint`.
    @return uint256 The voter's permanent member id.
    @return uint256 The member id of a departed proxy, or 0.
    """
    assert timepoint < block.timestamp, "membership: timepoint is not in the past"
    return self._vote_weight(account, self._accounts[account], timepoint)


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
            delegating to yourself. This also retires every signature of
            yours not used yet (a delegation or a ballot): a delegation
            signed earlier and held back cannot undo this choice later.
    @param delegatee A member (or yourself).
    """
    self._accounts[msg.sender] = self._accounts[msg.sender] + (1 << _NONCE_SHIFT)
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
def use_ballot_nonce(account: address, timepoint: uint256) -> (uint256, uint256, uint256, uint256):
    """
    @notice For the governor's `castVoteBySig`: `vote_weight` of the voter
            and its current nonce, which this call consumes. Governor only.
    @param account The voter.
    @param timepoint The proposal snapshot (in the past).
    @return uint256 The votes at `timepoint`.
    @return uint256 The member id.
    @return uint256 The member id of a departed proxy, or 0 (see
            `vote_weight`).
    @return uint256 The nonce the ballot must have been signed with.
    """
    assert msg.sender == self.governor, "membership: only the governor"
    assert timepoint < block.timestamp, "membership: timepoint is not in the past"
    word: uint256 = self._accounts[account]
    votes: uint256 = 0
    member_id: uint256 = 0
    holder_id: uint256 = 0
    votes, member_id, holder_id = self._vote_weight(account, word, timepoint)
    self._accounts[account] = word + (1 << _NONCE_SHIFT)
    return votes, member_id, holder_id, (word >> _NONCE_SHIFT) & _NONCE_MASK


@external
def set_governor(governor_: address):
    """
    @notice Set the governor, the only caller of `use_ballot_nonce`. The
            deployer wires it once during the deployment; afterwards only
            the timelock (a passed proposal) can replace it, for example to
            migrate to a new governor.
    @param governor_ The co-op's CoopGovernor (a contract).
    """
    if msg.sender != TIMELOCK:
        assert msg.sender == _DEPLOYER, "membership: only the timelock (a passed proposal) sets the governor"
        assert self.governor == empty(address), "membership: governor already wired; only governance replaces it"
    assert governor_.is_contract, "membership: governor must be a contract"
    self.governor = governor_
    log IMembership.GovernorSet(governor=governor_)


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
    @notice True for members of this co-op or of any federated co-op,
            except an account this co-op expelled (and has not re-admitted).
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
def joined_at(account: address) -> uint256:
    """
    @notice When `account` last joined (0 if it never did).
    @param account The account.
    @return uint256 A timestamp.
    """
    return (self._accounts[account] >> _JOINED_SHIFT) & _KEY_MASK


@external
@view
def member_since(account: address) -> uint256:
    """
    @notice When `account` last joined, if it is a member now (0 for a
            non-member): it has been a member without a break since then.
    @param account The account.
    @return uint256 A timestamp, or 0.
    """
    word: uint256 = self._accounts[account]
    if word & _MEMBER_BIT == 0:
        return 0
    return (word >> _JOINED_SHIFT) & _KEY_MASK


@external
@view
def is_expelled(account: address) -> bool:
    """
    @notice True if `account` was expelled and not re-admitted since.
    @param account The account.
    @return bool Expelled.
    """
    return self._accounts[account] & _EXPELLED_BIT != 0


# ---------------------------------------------------------------- admission


@external
@view
def admission_rules() -> IMembership.AdmissionRules:
    """
    @notice The rules of sponsored admission now in force.
    @return IMembership.AdmissionRules The rules.
    """
    return self._unpack_rules(self._rules)


@external
@view
def sponsors_needed() -> uint256:
    """
    @notice How many sponsors an applicant needs now: the larger of the
            fixed minimum and the percentage of the members (0 while the
            route is disabled).
    @return uint256 The sponsors needed.
    """
    return self._sponsors_needed(self._rules, self._members())


@external
@view
def objections_needed() -> uint256:
    """
    @notice How many objections cancel an application now: the larger of
            the fixed minimum and the percentage of the members, but never
            more than a majority of them.
    @return uint256 The objections needed.
    """
    return self._objections_needed(self._rules, self._members())


@external
@view
def application(applicant: address) -> IMembership.Application:
    """
    @notice An applicant's current (or last) application, decoded.
    @param applicant The applicant.
    @return Application Whether it is open, its round (which increments on
            every new application), sponsors and objections so far, and
            whether enough sponsors scheduled the admission and for when.
    """
    app: uint256 = self._applications[applicant]
    return IMembership.Application(
        open=app & _OPEN_BIT != 0,
        round=app & _ROUND_MASK,
        sponsors=(app >> _SPONSORS_SHIFT) & _COUNT_MASK,
        objections=(app >> _OBJECTIONS_SHIFT) & _COUNT_MASK,
        scheduled=app & _SCHEDULED_BIT != 0,
        admit_after=(app >> _ADMIT_AFTER_SHIFT) & _KEY_MASK,
    )


@external
@view
def can_sponsor_at(member: address) -> uint256:
    """
    @notice The earliest time `member` may sponsor an applicant under the
            rules now in force (0 for a non-member).
    @param member The member.
    @return uint256 A timestamp (at or before now: it may sponsor now).
    """
    word: uint256 = self._accounts[member]
    if word & _MEMBER_BIT == 0:
        return 0
    rules: uint256 = self._rules
    earliest: uint256 = ((word >> _JOINED_SHIFT) & _KEY_MASK) + ((rules >> 112) & _KEY_MASK)
    state: uint256 = self._sponsoring[member]
    if (state >> 48) & _MAX_COUNT >= (rules >> 48) & _MAX_COUNT:
        earliest = max(earliest, (state & _KEY_MASK) + ((rules >> 64) & _KEY_MASK))
    return earliest


@external
def admit(account: address):
    """
    @notice Admit `account` as a member. Timelock only (a passed proposal).
            Also re-admits an expelled account. Does nothing for a member
            (admitted by its sponsors while the proposal waited, say), so a
            proposal cannot get stuck on it.
    @param account The new member.
    """
    self._only_timelock()
    if self._accounts[account] & _MEMBER_BIT != 0:
        return
    self._join(account, ROUTE_GOVERNANCE)


@external
def expel(account: address):
    """
    @notice Expel `account`. Timelock only (a passed proposal). A member
            leaves as by `resign`; an account that is not (or no longer) a
            member is marked expelled all the same, so a member facing
            expulsion cannot dodge it by resigning. Any open application of
            the account is closed. Never reverts for a non-member. An
            expelled account can come back only through governance.
    @param account The account.
    """
    self._only_timelock()
    assert account != empty(address), "membership: zero address"
    word: uint256 = self._accounts[account]
    was_member: bool = word & _MEMBER_BIT != 0
    if was_member:
        self._leave(account, True)
    else:
        self._accounts[account] = word | _EXPELLED_BIT
    self._close_application(account, CLOSED_BY_EXPULSION)
    log IMembership.Expelled(account=account, was_member=was_member)


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
    @notice Open an application to join; members then `sponsor` it (or
            `object_to` it).
    """
    word: uint256 = self._accounts[msg.sender]
    assert word & _MEMBER_BIT == 0, "membership: already a member"
    assert word & _EXPELLED_BIT == 0, "membership: expelled accounts rejoin only by proposal"
    assert self._rules & _MAX_COUNT != 0, "membership: sponsored admission is disabled"
    app: uint256 = self._applications[msg.sender]
    assert app & _OPEN_BIT == 0, "membership: application already open"
    new_round: uint256 = (app & _ROUND_MASK) + 1
    self._applications[msg.sender] = new_round | _OPEN_BIT
    log IMembership.ApplicationOpened(applicant=msg.sender, round=new_round)


@external
def withdraw_application():
    """
    @notice Close your own open application.
    """
    assert self._applications[msg.sender] & _OPEN_BIT != 0, "membership: no open application"
    self._close_application(msg.sender, CLOSED_BY_APPLICANT)


@external
def sponsor(applicant: address):
    """
    @notice Sponsor an open application. When the sponsors needed are
            reached the admission is scheduled for the end of the challenge
            window (at once if the window is 0); `complete_admission` then
            admits the applicant.
    @dev The sponsor must have been a member for `min_tenure` and may
         sponsor at most `sponsor_limit` applicants per `sponsor_period`
         (a period starts at the first sponsoring after the last one
         ended). A member either sponsors or objects to an application.
    @param applicant The applicant.
    """
    word: uint256 = self._accounts[msg.sender]
    assert word & _MEMBER_BIT != 0, "membership: only members sponsor"
    rules: uint256 = self._rules
    assert rules & _MAX_COUNT != 0, "membership: sponsored admission is disabled"
    assert (
        ((word >> _JOINED_SHIFT) & _KEY_MASK) + ((rules >> 112) & _KEY_MASK) <= block.timestamp
    ), "membership: members sponsor only after the minimum membership time"
    app: uint256 = self._applications[applicant]
    assert app & _OPEN_BIT != 0, "membership: no open application"
    assert app & _SCHEDULED_BIT == 0, "membership: admission already scheduled"
    app_round: uint256 = app & _ROUND_MASK
    self._mark_acted(applicant, msg.sender, app_round, _SPONSORED_FLAG)

    # The sponsor's quota for its current period.
    state: uint256 = self._sponsoring[msg.sender]
    start: uint256 = state & _KEY_MASK
    used: uint256 = (state >> 48) & _MAX_COUNT
    if block.timestamp >= start + ((rules >> 64) & _KEY_MASK):
        start = block.timestamp
        used = 0
    assert used < (rules >> 48) & _MAX_COUNT, "membership: sponsor limit for this period reached"
    self._sponsoring[msg.sender] = start | ((used + 1) << 48)

    count: uint256 = ((app >> _SPONSORS_SHIFT) & _COUNT_MASK) + 1
    needed: uint256 = self._sponsors_needed(rules, self._members())
    log IMembership.Sponsored(applicant=applicant, sponsor=msg.sender, sponsors=count, needed=needed)
    app = (app & ~(_COUNT_MASK << _SPONSORS_SHIFT)) | (count << _SPONSORS_SHIFT)
    if count < needed:
        self._applications[applicant] = app
        return
    window: uint256 = (rules >> 160) & _KEY_MASK
    if window == 0:
        self._join(applicant, ROUTE_SPONSORS)
        return
    admit_after: uint256 = block.timestamp + window
    self._applications[applicant] = app | _SCHEDULED_BIT | (admit_after << _ADMIT_AFTER_SHIFT)
    log IMembership.AdmissionScheduled(applicant=applicant, round=app_round, admit_after=admit_after)


@external
def object_to(applicant: address):
    """
    @notice Object to an open application, until its challenge window
            ends. When the objections needed are reached the application
            is closed: the applicant can then only be admitted by a passed
            proposal (or apply again).
    @param applicant The applicant.
    """
    assert self._accounts[msg.sender] & _MEMBER_BIT != 0, "membership: only members object"
    app: uint256 = self._applications[applicant]
    assert app & _OPEN_BIT != 0, "membership: no open application"
    if app & _SCHEDULED_BIT != 0:
        assert block.timestamp < (app >> _ADMIT_AFTER_SHIFT) & _KEY_MASK, "membership: challenge window is over"
    app_round: uint256 = app & _ROUND_MASK
    self._mark_acted(applicant, msg.sender, app_round, _OBJECTED_FLAG)
    count: uint256 = ((app >> _OBJECTIONS_SHIFT) & _COUNT_MASK) + 1
    needed: uint256 = self._objections_needed(self._rules, self._members())
    log IMembership.Objected(applicant=applicant, member=msg.sender, objections=count, needed=needed)
    if count >= needed:
        self._close_application(applicant, CLOSED_BY_OBJECTIONS)
    else:
        self._applications[applicant] = (app & ~(_COUNT_MASK << _OBJECTIONS_SHIFT)) | (count << _OBJECTIONS_SHIFT)


@external
def complete_admission(applicant: address):
    """
    @notice Admit an applicant whose scheduled admission's challenge window
            is over, within `ADMISSION_GRACE` of its end. Anyone may call.
            An admission not completed in time lapses (the applicant
            withdraws and applies again), so scheduled admissions cannot
            be held in reserve and completed all at once when it suits.
    @param applicant The applicant.
    """
    app: uint256 = self._applications[applicant]
    assert app & _OPEN_BIT != 0 and app & _SCHEDULED_BIT != 0, "membership: no admission scheduled"
    admit_after: uint256 = (app >> _ADMIT_AFTER_SHIFT) & _KEY_MASK
    assert block.timestamp >= admit_after, "membership: challenge window not over"
    assert block.timestamp <= admit_after + ADMISSION_GRACE, "membership: admission lapsed; withdraw and apply again"
    assert self._rules & _MAX_COUNT != 0, "membership: sponsored admission is disabled"
    self._join(applicant, ROUTE_SPONSORS)


@external
def refuse_application(applicant: address):
    """
    @notice Close an applicant's open application (scheduled or not).
            Timelock only (a passed proposal). Does nothing if none is open,
            so a proposal cannot get stuck on it.
    @param applicant The applicant.
    """
    self._only_timelock()
    self._close_application(applicant, CLOSED_BY_GOVERNANCE)


@external
def set_admission_rules(rules: IMembership.AdmissionRules):
    """
    @notice Set the rules of sponsored admission. Timelock only.
    @dev Bounds: counts up to 65,535, percentages up to 100, at least one
         objection and one sponsoring per period, a period of one day to a
         year, a minimum membership time up to a year and a challenge
         window of `MIN_CHALLENGE_WINDOW` to 90 days. Applications already
         scheduled keep their admission time.
    @param rules The new rules.
    """
    self._only_timelock()
    self._set_rules(rules)


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
    log IMembership.MaxProxiesSet(old_value=self.max_proxies, new_value=new_value)
    self.max_proxies = new_value


@external
def federate(coop: address):
    """
    @notice Let members of another co-op (its Membership contract) hold and
            trade produce here. Federation contract only: it calls this when
            the other co-op's governance accepted what this co-op's
            proposed, or the other way round.
    @param coop The other co-op's Membership contract.
    """
    self._only_federation()
    assert coop != self and coop.is_contract, "membership: not a co-op membership contract"
    for i: uint256 in range(MAX_FEDERATED):
        entry: address = self.federated[i]
        assert entry != coop, "membership: already federated"
        if entry == empty(address):
            self.federated[i] = coop
            log IMembership.Federated(coop=coop)
            return
    raise "membership: federation list full"


@external
def defederate(coop: address):
    """
    @notice End a federation: members of `coop` may no longer receive or
            send produce here (what they hold they can still redeem or
            compost). Federation contract only.
    @param coop The other co-op's Membership contract.
    """
    self._only_federation()
    # Find `coop` and the last entry; the last takes `coop`'s place, so the
    # list stays packed from index 0.
    found: uint256 = MAX_FEDERATED
    last: uint256 = 0
    for i: uint256 in range(MAX_FEDERATED):
        entry: address = self.federated[i]
        if entry == empty(address):
            break
        if entry == coop:
            found = i
        last = i
    assert found != MAX_FEDERATED, "membership: not federated"
    self.federated[found] = self.federated[last]
    self.federated[last] = empty(address)
    log IMembership.Defederated(coop=coop)


# ------------------------------------------------------------------ internals


@internal
@view
def _only_timelock():
    """
    @dev Reverts unless the caller is the timelock (a passed proposal).
    """
    assert msg.sender == TIMELOCK, "membership: only the timelock (a passed proposal)"


@internal
@view
def _only_federation():
    """
    @dev Reverts unless the caller is the co-op's Federation contract.
    """
    assert msg.sender == FEDERATION, "membership: only the co-op's Federation contract"


@internal
@view
def _members() -> uint256:
    """
    @dev The number of members now.
    @return uint256 The member count.
    """
    return (self._supply >> _VOTES_SHIFT) & _VOTES_MASK


@internal
@pure
def _share(members: uint256, fixed: uint256, percent: uint256) -> uint256:
    """
    @dev The larger of `fixed` and `percent` % of `members`, rounded up.
    @param members The member count.
    @param fixed The fixed minimum.
    @param percent The percentage (at most 100).
    @return uint256 The threshold.
    """
    # Cannot overflow: members < 2**32 and percent <= 100.
    share: uint256 = unsafe_div(unsafe_add(unsafe_mul(members, percent), 99), 100)
    return max(fixed, share)


@internal
@pure
def _sponsors_needed(rules: uint256, members: uint256) -> uint256:
    """
    @dev Sponsors an applicant needs (0: the route is disabled).
    @param rules The packed rules.
    @param members The member count.
    @return uint256 The sponsors needed.
    """
    fixed: uint256 = rules & _MAX_COUNT
    if fixed == 0:
        return 0
    return self._share(members, fixed, (rules >> 16) & 255)


@internal
@pure
def _objections_needed(rules: uint256, members: uint256) -> uint256:
    """
    @dev Objections that cancel an application: what the rules ask, but at
         most a majority of the members, so that a majority objecting always
         closes an application (a fixed count or percentage above it would
         leave only `refuse_application`, a proposal that may take longer
         than the challenge window).
    @param rules The packed rules.
    @param members The member count.
    @return uint256 The objections needed.
    """
    # Cannot overflow: members < 2**32.
    return min(self._share(members, (rules >> 24) & _MAX_COUNT, (rules >> 40) & 255), unsafe_add(members // 2, 1))


@internal
def _set_rules(rules: IMembership.AdmissionRules):
    """
    @dev Checks, packs and stores the admission rules; logs them.
    @param rules The rules.
    """
    assert rules.sponsors_needed <= _MAX_COUNT, "membership: sponsors_needed above 65535"
    assert rules.sponsors_percent <= 100, "membership: sponsors_percent above 100"
    assert rules.objections_needed != 0, "membership: objections_needed must be at least 1"
    assert rules.objections_needed <= _MAX_COUNT, "membership: objections_needed above 65535"
    assert rules.objections_percent <= 100, "membership: objections_percent above 100"
    assert rules.sponsor_limit != 0, "membership: sponsor_limit must be at least 1"
    assert rules.sponsor_limit <= _MAX_COUNT, "membership: sponsor_limit above 65535"
    assert (
        rules.sponsor_period >= MIN_SPONSOR_PERIOD and rules.sponsor_period <= MAX_SPONSOR_PERIOD
    ), "membership: sponsor_period must be one day to one year"
    assert rules.min_tenure <= MAX_MIN_TENURE, "membership: min_tenure above one year"
    assert rules.challenge_window <= MAX_CHALLENGE_WINDOW, "membership: challenge_window above 90 days"
    assert rules.challenge_window >= MIN_CHALLENGE_WINDOW, "membership: challenge window below this network's minimum"
    self._rules = (
        rules.sponsors_needed
        | (rules.sponsors_percent << 16)
        | (rules.objections_needed << 24)
        | (rules.objections_percent << 40)
        | (rules.sponsor_limit << 48)
        | (rules.sponsor_period << 64)
        | (rules.min_tenure << 112)
        | (rules.challenge_window << 160)
    )
    log IMembership.AdmissionRulesSet(
        sponsors_needed=rules.sponsors_needed,
        sponsors_percent=rules.sponsors_percent,
        objections_needed=rules.objections_needed,
        objections_percent=rules.objections_percent,
        sponsor_limit=rules.sponsor_limit,
        sponsor_period=rules.sponsor_period,
        min_tenure=rules.min_tenure,
        challenge_window=rules.challenge_window,
    )


@internal
@pure
def _unpack_rules(rules: uint256) -> IMembership.AdmissionRules:
    """
    @dev The packed admission rules as a struct.
    @param rules The packed rules.
    @return IMembership.AdmissionRules The rules.
    """
    return IMembership.AdmissionRules(
        sponsors_needed=rules & _MAX_COUNT,
        sponsors_percent=(rules >> 16) & 255,
        objections_needed=(rules >> 24) & _MAX_COUNT,
        objections_percent=(rules >> 40) & 255,
        sponsor_limit=(rules >> 48) & _MAX_COUNT,
        sponsor_period=(rules >> 64) & _KEY_MASK,
        min_tenure=(rules >> 112) & _KEY_MASK,
        challenge_window=(rules >> 160) & _KEY_MASK,
    )


@internal
def _mark_acted(applicant: address, member: address, app_round: uint256, flag: uint256):
    """
    @dev Records that `member` sponsored or objected to `applicant`'s
         current round; reverts if it already did either.
    @param applicant The applicant.
    @param member The member.
    @param app_round The application's round.
    @param flag `_SPONSORED_FLAG` or `_OBJECTED_FLAG`.
    """
    acted: uint256 = self._acted[applicant][member]
    if acted & _ROUND_MASK == app_round:
        assert acted & _OBJECTED_FLAG == 0, "membership: you objected to this application"
        raise "membership: already sponsored"
    self._acted[applicant][member] = app_round | flag


@internal
def _close_application(applicant: address, reason: uint8):
    """
    @dev Closes `applicant`'s open application (nothing if none is open),
         keeping its round so the next application starts a new one.
    @param applicant The applicant.
    @param reason Why (a `CLOSED_BY_*` constant).
    """
    app: uint256 = self._applications[applicant]
    if app & _OPEN_BIT == 0:
        return
    self._applications[applicant] = app & _ROUND_MASK
    log IMembership.ApplicationClosed(applicant=applicant, round=app & _ROUND_MASK, reason=reason)


@internal
@view
def _is_network_member(account: address) -> bool:
    """
    @dev A member of this co-op or of a federated one, but not an account
         this co-op expelled: a federated co-op cannot bring back into this
         co-op's network whom this co-op's governance put out.
    @param account The account.
    @return bool Network membership.
    """
    word: uint256 = self._accounts[account]
    if word & _MEMBER_BIT != 0:
        return True
    if word & _EXPELLED_BIT != 0:
        return False
    for i: uint256 in range(MAX_FEDERATED):
        coop: address = self.federated[i]
        if coop == empty(address):
            break
        if staticcall IMembership(coop).is_member(account):
            return True
    return False


@internal
@view
def _delegate_of(account: address) -> address:
    """
    @dev Whom `account` lends its vote to now: itself unless it lent it to
         a proxy that has not left.
    @param account The account.
    @return address The delegate.
    """
    record: uint256 = self._delegatee[account]
    if record == 0 or record >> _ORPHANED_SHIFT != 0:
        return account
    return convert(record & _ADDRESS_MASK, address)


@internal
@view
def _vote_weight(account: address, word: uint256, timepoint: uint256) -> (uint256, uint256, uint256):
    """
    @dev See `vote_weight`.
    @param account The voter.
    @param word The voter's account word.
    @param timepoint The proposal snapshot.
    @return uint256 The votes at `timepoint`.
    @return uint256 The member id.
    @return uint256 The member id of a departed proxy, or 0.
    """
    assert word & _MEMBER_BIT != 0, "membership: only members vote (the voter left or was expelled)"
    assert (word >> _JOINED_SHIFT) & _KEY_MASK <= timepoint, "membership: joined after the proposal's snapshot"
    holder_id: uint256 = 0
    if word & _ORPHANED_BIT != 0:
        # Rare path: the proxy this account lent to has left. The vote was
        # with that proxy at the snapshot if it was lent at or before the
        # snapshot and the proxy left after it.
        record: uint256 = self._delegatee[account]
        if (record >> _LENT_SHIFT) & _KEY_MASK <= timepoint and timepoint < record >> _ORPHANED_SHIFT:
            holder: address = convert(record & _ADDRESS_MASK, address)
            holder_id = (self._accounts[holder] >> _ID_SHIFT) & _ID_MASK
    return self._past_votes(account, word, timepoint), (word >> _ID_SHIFT) & _ID_MASK, holder_id


@internal
@view
def _past_votes(account: address, word: uint256, timepoint: uint256) -> uint256:
    """
    @dev The votes of `account` at `timepoint`, from its word or history.
    @param account The account.
    @param word Its account word.
    @param timepoint A past timestamp.
    @return uint256 The votes.
    """
    if word & _KEY_MASK <= timepoint:
        return (word >> _VOTES_SHIFT) & _VOTES_MASK
    return checkpoints._search(convert(account, uint256), (word >> _COUNT_SHIFT) & _COUNT_MASK, timepoint)


@internal
@view
def _past_supply(timepoint: uint256) -> uint256:
    """
    @dev The member count at `timepoint`, from the supply word or history.
    @param timepoint A past timestamp.
    @return uint256 The member count.
    """
    word: uint256 = self._supply
    if word & _KEY_MASK <= timepoint:
        return (word >> _VOTES_SHIFT) & _VOTES_MASK
    return checkpoints._search(0, (word >> _COUNT_SHIFT) & _COUNT_MASK, timepoint)


@internal
@view
def _checkpoint(word: uint256, new_votes: uint256) -> (uint256, bool):
    """
    @dev The word with its latest checkpoint set to (now, new_votes), and
         whether the previous latest checkpoint must be pushed to history
         (it is from an earlier time). Votes fit 32 bits: at most
         1 + MAX_PROXIES_LIMIT per account and at most one per id overall.
    @param word The account (or supply) word.
    @param new_votes The new votes.
    @return uint256 The new word.
    @return bool Whether to push the old checkpoint to history.
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
    @param account The account.
    @param word Its account word (with any other change already made).
    @param new_votes The new votes.
    @return uint256 The stored word.
    """
    old_votes: uint256 = (word >> _VOTES_SHIFT) & _VOTES_MASK
    new_word: uint256 = 0
    push: bool = False
    new_word, push = self._checkpoint(word, new_votes)
    if push:
        count: uint256 = (word >> _COUNT_SHIFT) & _COUNT_MASK
        checkpoints._push(convert(account, uint256), count, word & (2**80 - 1))
    self._accounts[account] = new_word
    log IMembership.DelegateVotesChanged(delegate=account, previousVotes=old_votes, newVotes=new_votes)
    return new_word


@internal
def _move_supply(joined: bool, new_id: bool):
    """
    @dev Moves the member count by one and checkpoints it.
    @param joined One more (true) or one fewer (false).
    @param new_id Whether a new member id was taken.
    """
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
        checkpoints._push(0, (word >> _COUNT_SHIFT) & _COUNT_MASK, word & (2**80 - 1))
    self._supply = new_word


@internal
def _join(account: address, route: uint8):
    """
    @dev Mints `account`'s membership: one vote of its own, self-delegated.
    @param account The new member.
    @param route How it joins (a `ROUTE_*` constant).
    """
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
    word = (word & _JOINED_CLEAR & ~(_EXPELLED_BIT | _ORPHANED_BIT)) | _MEMBER_BIT | (block.timestamp << _JOINED_SHIFT)
    self._owner_of[member_id] = account
    app: uint256 = self._applications[account]
    if app & _OPEN_BIT != 0:
        self._applications[account] = app & _ROUND_MASK
    # Self-delegated from the first moment: one vote, its own.
    self._set_votes(account, word, ((word >> _VOTES_SHIFT) & _VOTES_MASK) + 1)
    log IMembership.Transfer(sender=empty(address), receiver=account, token_id=member_id)
    log IMembership.Locked(tokenId=member_id)
    log IMembership.DelegateChanged(delegator=account, fromDelegate=empty(address), toDelegate=account)
    log IMembership.MemberJoined(account=account, member_id=member_id, route=route)


@internal
def _leave(account: address, expelled: bool):
    """
    @dev Burns `account`'s membership: takes back the vote it lent (or
         drops its own), hands every vote lent to it back to its owner
         (recording, for open proposals, that the proxy left), and moves
         the member count.
    @param account The leaving member.
    @param expelled Whether it is expelled (else it resigns).
    """
    word: uint256 = self._accounts[account]
    assert word & _MEMBER_BIT != 0, "membership: not a member"
    member_id: uint256 = (word >> _ID_SHIFT) & _ID_MASK

    # 1. Take back the vote this member lent, or drop its own.
    d: address = self._delegate_of(account)
    if d != account:
        self._remove_proxy(d, account)
        d_word: uint256 = self._accounts[d]
        self._set_votes(d, d_word, ((d_word >> _VOTES_SHIFT) & _VOTES_MASK) - 1)
        log IMembership.DelegateChanged(delegator=account, fromDelegate=d, toDelegate=empty(address))
    else:
        word = self._set_votes(account, word, ((word >> _VOTES_SHIFT) & _VOTES_MASK) - 1)
        log IMembership.DelegateChanged(delegator=account, fromDelegate=account, toDelegate=empty(address))
    if self._delegatee[account] != 0:
        self._delegatee[account] = 0
    givers: DynArray[address, MAX_PROXIES_LIMIT] = self._proxies[account]

    # 2. Hand every vote lent to this member back to its owner, recording
    # when this proxy left (see `_vote_weight`).
    for giver: address in givers:
        record: uint256 = self._delegatee[giver]
        self._delegatee[giver] = (record & (2**_ORPHANED_SHIFT - 1)) | (block.timestamp << _ORPHANED_SHIFT)
        word = self._set_votes(account, word, ((word >> _VOTES_SHIFT) & _VOTES_MASK) - 1)
        g_word: uint256 = self._accounts[giver] | _ORPHANED_BIT
        self._set_votes(giver, g_word, ((g_word >> _VOTES_SHIFT) & _VOTES_MASK) + 1)
        log IMembership.DelegateChanged(delegator=giver, fromDelegate=account, toDelegate=giver)
    self._proxies[account] = []

    # 3. Burn the token.
    word = word & ~(_MEMBER_BIT | _ORPHANED_BIT)
    if expelled:
        word = word | _EXPELLED_BIT
    self._accounts[account] = word
    self._owner_of[member_id] = empty(address)
    self._move_supply(False, False)
    log IMembership.Transfer(sender=account, receiver=empty(address), token_id=member_id)
    log IMembership.MemberLeft(account=account, member_id=member_id, expelled=expelled)


@internal
def _remove_proxy(holder: address, giver: address):
    """
    @dev Removes `giver` from `holder`'s proxy list.
    @param holder The proxy.
    @param giver The member who lent it a vote.
    """
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
    """
    @dev Moves `account`'s vote to `delegatee` (a member, or itself).
    @param account The member lending (or taking back) its vote.
    @param delegatee The proxy, or `account` itself.
    """
    word: uint256 = self._accounts[account]
    assert word & _MEMBER_BIT != 0, "membership: only members delegate"
    assert self._accounts[delegatee] & _MEMBER_BIT != 0, "membership: proxy must be a member"
    current: address = self._delegate_of(account)
    if current == delegatee:
        return
    if delegatee != account:
        assert len(self._proxies[delegatee]) < self.max_proxies, "membership: proxy already holds max_proxies votes"

    if current == account:
        # Lending anew gives up the fallback vote of an earlier, departed
        # proxy: the orphaned record is overwritten below.
        self._set_votes(account, word & ~_ORPHANED_BIT, ((word >> _VOTES_SHIFT) & _VOTES_MASK) - 1)
    else:
        self._remove_proxy(current, account)
        c_word: uint256 = self._accounts[current]
        self._set_votes(current, c_word, ((c_word >> _VOTES_SHIFT) & _VOTES_MASK) - 1)

    d_word: uint256 = self._accounts[delegatee]
    self._set_votes(delegatee, d_word, ((d_word >> _VOTES_SHIFT) & _VOTES_MASK) + 1)
    if delegatee == account:
        self._delegatee[account] = 0
    else:
        self._delegatee[account] = convert(delegatee, uint256) | (block.timestamp << _LENT_SHIFT)
        self._proxies[delegatee].append(account)
    log IMembership.DelegateChanged(delegator=account, fromDelegate=current, toDelegate=delegatee)
