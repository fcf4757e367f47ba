# pragma version ~=0.4.3
# pragma nonreentrancy off
"""
@title CoopGovernor: one member, one vote; decisions execute as contract calls
@custom:contract-name CoopGovernor
@license GNU Affero General Public License v3.0 only
@notice The external functions, return values, states and events of
        OpenZeppelin's Governor 5.x with GovernorCountingSimple,
        GovernorVotesQuorumFraction and GovernorTimelockControl, so a client
        written against OpenZeppelin's IGovernor ABI (Tally-style UIs,
        indexers, scripts) drives it unchanged. Proposal ids are the same as
        OpenZeppelin's `hashProposal`; the ballot is the same EIP-712
        `Ballot(uint256 proposalId,uint8 support,address voter,uint256 nonce)`.

        Differences, all on the co-op's side of the interface:
        - only members propose (`proposalThreshold` is 0, membership is the
          gate), each at most one open (Pending or Active) proposal at a
          time (GovernorBravo's rule); a description ending in `#proposer=0x<address>` can be
          proposed only by that address (OpenZeppelin 5's front-running
          guard);
        - votes are read from Membership at the snapshot: one member, one
          vote, plus at most `max_proxies` votes lent by other members; only
          an account that is a member now, without a break since the
          snapshot, votes (an expelled or departed proxy holder cannot vote
          the votes lent to it), and a member whose proxy left after the
          snapshot without voting votes its own vote;
        - a vote with no weight at the snapshot is refused rather than
          counted as zero;
        - members can veto a succeeded or queued proposal until it executes:
          when more than `veto_percent` % of the members at its snapshot
          veto it, it is cancelled (with its timelock operations); only
          members since the snapshot veto, as only they vote;
        - no parameter hands a minority a block or a race: the veto share
          is 50..99 % (a veto needs a majority), the quorum 1..50 % (only
          a majority staying away blocks), and the voting period never
          goes under the network's floor the factory gave
          (`MIN_VOTING_PERIOD`; the timelock keeps its own, `MIN_DELAY`);
        - a passed proposal not queued within `GRACE_PERIOD` (7 days) of
          its voting deadline, or not executed within `GRACE_PERIOD` of its
          eta, is Expired (OpenZeppelin's state 6) and can no longer run;
        - bounds: at most `MAX_ACTIONS` (10) calls per proposal, each call's
          calldata at most 1,024 bytes (the timelock's own bound), a
          description of at most 4,096 bytes, an ERC-1271 signature of at
          most 65 bytes;
        - the calls are queued on snekmate's timelock as one operation each,
          chained by `predecessor` so they run in order, not as one
          `schedule_batch` (whose 255-call bound costs millions of gas in
          memory). The salt is the proposal id XOR this governor's address,
          so distinct proposals never share an operation. Only this
          governor holds the timelock's executor role, and `execute` (open
          to anyone) runs every call of a proposal in one transaction: all
          of them happen or none. `ether` sent to `execute` is forwarded to
          the timelock with the first call.

        Who can cancel what, when:
        - the proposer, its own proposal while it is Pending (`cancel`);
        - the members, by veto (`veto`), a Succeeded or Queued proposal until
          it executes: the governor then cancels the proposal's first
          timelock operation, and the later ones, chained to it, can never
          run;
        - nobody else: the timelock's canceller role is held by this
          governor alone.

        Gas: a proposal's core (snapshot, deadline, three tallies, eta,
        executed and cancelled flags) is one storage slot, and who voted is a
        bitmap keyed by the permanent member id, so a vote writes two slots
        that are usually already non-zero.
@custom:kill There is no pause. Parameters change only through a passed
             proposal executed by the timelock (`onlyGovernance`); members
             veto a passed proposal before it executes.
@custom:security Report vulnerabilities to security@harvest-coop.invalid.
"""

from ethereum.ercs import IERC165

implements: IERC165

from interfaces import ICoopGovernor

implements: ICoopGovernor

from interfaces import IMembership
from interfaces import ITimelock

from snekmate.utils import eip712_domain_separator
from snekmate.utils import signature_checker

initializes: eip712_domain_separator

import checkpoints

initializes: checkpoints

exports: eip712_domain_separator.eip712Domain


# @dev Bound of the calls in one proposal.
MAX_ACTIONS: public(constant(uint256)) = 10

# @dev Bound of one call's calldata (snekmate's timelock bound).
MAX_CALLDATA: constant(uint256) = 1_024

# @dev Bound of a proposal's description.
MAX_DESCRIPTION: constant(uint256) = 4_096

# @dev OpenZeppelin's ballot type hash.
BALLOT_TYPEHASH: public(constant(bytes32)) = keccak256(
    "Ballot(uint256 proposalId,uint8 support,address voter,uint256 nonce)"
)

COUNTING_MODE: public(constant(String[32])) = "support=bravo&quorum=for,abstain"
CLOCK_MODE: public(constant(String[14])) = "mode=timestamp"
version: public(constant(String[1])) = "1"
QUORUM_DENOMINATOR: constant(uint256) = 100

# @dev Proposal states, the values of OpenZeppelin's `ProposalState` enum.
PENDING: constant(uint8) = 0
ACTIVE: constant(uint8) = 1
CANCELED: constant(uint8) = 2
DEFEATED: constant(uint8) = 3
SUCCEEDED: constant(uint8) = 4
QUEUED: constant(uint8) = 5
EXPIRED: constant(uint8) = 6
EXECUTED: constant(uint8) = 7

# @dev Vote types (GovernorCountingSimple).
VOTE_AGAINST: constant(uint8) = 0
VOTE_FOR: constant(uint8) = 1
VOTE_ABSTAIN: constant(uint8) = 2

# @dev The packed proposal core (see `_proposals`).
_M48: constant(uint256) = 2**48 - 1
_M32: constant(uint256) = 2**32 - 1
_DEADLINE_SHIFT: constant(uint256) = 48
_FOR_SHIFT: constant(uint256) = 96
_AGAINST_SHIFT: constant(uint256) = 128
_ABSTAIN_SHIFT: constant(uint256) = 160
_ETA_SHIFT: constant(uint256) = 192
_EXECUTED_BIT: constant(uint256) = 1 << 240
_CANCELED_BIT: constant(uint256) = 1 << 241

# @dev The `#proposer=0x` marker and the length of the suffix it starts.
_PROPOSER_MARKER: constant(Bytes[12]) = b"#proposer=0x"
_SUFFIX_LENGTH: constant(uint256) = 52

# @dev How long a passed proposal can wait to be queued (after its voting
# deadline), and a queued one to be executed (after its eta); after that it
# is Expired. Members leave and join while a proposal waits, and its
# veto threshold is counted at its snapshot: a proposal kept back for
# months could run when the members who voted against it no longer make
# up the threshold.
GRACE_PERIOD: public(constant(uint256)) = 7 * 86_400

# @dev The share of members whose veto cancels a passed proposal: more than
# this percentage of the members at its snapshot (a majority by default).
DEFAULT_VETO_PERCENT: constant(uint256) = 50

# @dev Bounds that keep every block in a majority's hands: a veto needs
# more than `MIN_VETO_PERCENT` % of the members (a majority), and a quorum
# is at most `MAX_QUORUM_NUMERATOR` % of them, so only a majority staying
# away leaves a proposal short of it. A lower veto share or a higher quorum
# would let a minority cancel, or by staying away block, every proposal,
# the one that would restore the bound included: for good.
MIN_VETO_PERCENT: public(constant(uint256)) = 50
MAX_QUORUM_NUMERATOR: public(constant(uint256)) = 50

# @dev The co-op's Membership (the votes token) and timelock (the executor).
MEMBERSHIP: immutable(IMembership)
TIMELOCK: immutable(ITimelock)

# @dev The shortest voting period this co-op may ever have: the network's
# floor, given by the factory (a day on a live network, 0 on a throwaway
# test chain). No proposal sets a shorter one, so the other members always
# have that long to vote a proposal down.
MIN_VOTING_PERIOD: public(immutable(uint256))

# @dev The governor's name (and EIP-712 domain name).
name: public(immutable(String[50]))

# @dev One slot per proposal: bits 0..47 snapshot, 48..95 deadline, 96..127
# for, 128..159 against, 160..191 abstain, 192..239 eta, 240 executed, 241
# cancelled. Tallies fit 32 bits: there are fewer than 2**32 members.
_proposals: HashMap[uint256, uint256]

# @dev Who proposed each proposal.
_proposers: HashMap[uint256, address]

# @dev Per member, the voting deadline of its latest proposal (0 once it
# cancelled it): a member has at most one proposal open (Pending or
# Active) at a time, as in GovernorBravo, so a few members cannot open
# proposals faster than the others can answer them.
_open_until: HashMap[address, uint256]

# @dev The first timelock operation of each queued proposal. The later
# operations are chained to it, so it is done exactly when all are (only
# this governor executes them, all in one transaction), and cancelling it
# stops them all.
_timelock_ids: HashMap[uint256, bytes32]

# @dev Who voted: per proposal, bit (member_id % 256) of word
# (member_id / 256). Members joining close together share a word.
_voted: HashMap[uint256, HashMap[uint256, uint256]]

# @dev Voting delay and period, in seconds (ERC-6372 timestamp clock).
_voting_delay: uint256
_voting_period: uint256

# @dev Quorum numerator history, in the `checkpoints` module (series 0):
# (time | numerator << 48), oldest first; `_quorum_count` entries.
_quorum_count: uint256

# @dev Who vetoed: per proposal, a bitmap by member id as `_voted`.
_vetoed: HashMap[uint256, HashMap[uint256, uint256]]

# @dev Vetoes so far per proposal.
_veto_counts: HashMap[uint256, uint256]

# @dev See `DEFAULT_VETO_PERCENT`.
veto_percent: public(uint256)


@deploy
def __init__(
    name_: String[50],
    membership_: IMembership,
    timelock_: ITimelock,
    voting_delay_: uint256,
    voting_period_: uint256,
    quorum_numerator_: uint256,
    min_voting_period_: uint256,
):
    """
    @dev Sets the votes token, the timelock and the parameters.
    @param name_ The governor's name (EIP-712 domain name).
    @param membership_ The co-op's Membership contract.
    @param timelock_ The co-op's timelock (snekmate TimelockController).
    @param voting_delay_ Seconds between proposing and the snapshot.
    @param voting_period_ Seconds of voting after the snapshot.
    @param quorum_numerator_ Quorum as a percentage of members (1..50).
    @param min_voting_period_ The network's floor of the voting period
           (`MIN_VOTING_PERIOD`), in seconds.
    """
    assert membership_.address != empty(address), "governor: membership is the zero address"
    assert timelock_.address != empty(address), "governor: timelock is the zero address"
    eip712_domain_separator.__init__(name_, "1")
    name = name_
    MEMBERSHIP = membership_
    TIMELOCK = timelock_
    MIN_VOTING_PERIOD = min_voting_period_
    self._set_voting_delay(voting_delay_)
    self._set_voting_period(voting_period_)
    self._update_quorum_numerator(quorum_numerator_)
    self.veto_percent = DEFAULT_VETO_PERCENT
    log ICoopGovernor.VetoPercentSet(old_value=0, new_value=DEFAULT_VETO_PERCENT)


# ------------------------------------------------------------------- views


@external
@view
def supportsInterface(interface_id: bytes4) -> bool:
    """
    @notice ERC-165.
    @param interface_id The 4-byte interface identifier.
    @return bool Whether the interface is supported.
    """
    return interface_id == 0x01FFC9A7


@external
@view
def token() -> address:
    """
    @notice The votes token: the co-op's Membership.
    @return address Membership.
    """
    return MEMBERSHIP.address


@external
@view
def timelock() -> address:
    """
    @notice The timelock that executes passed proposals.
    @return address The timelock.
    """
    return TIMELOCK.address


@external
@view
def clock() -> uint48:
    """
    @notice ERC-6372: the current timepoint (a timestamp, as Membership's).
    @return uint48 block.timestamp.
    """
    return convert(block.timestamp, uint48)


@external
@view
def votingDelay() -> uint256:
    """
    @notice Seconds between a proposal and its snapshot.
    @return uint256 The voting delay.
    """
    return self._voting_delay


@external
@view
def votingPeriod() -> uint256:
    """
    @notice Seconds of voting after the snapshot.
    @return uint256 The voting period.
    """
    return self._voting_period


@external
@view
def proposalThreshold() -> uint256:
    """
    @notice 0: membership, not vote weight, is the gate to proposing.
    @return uint256 0.
    """
    return 0


@external
@view
def quorumNumerator(timepoint: uint256 = max_value(uint256)) -> uint256:
    """
    @notice The quorum percentage in force at `timepoint` (now by default).
    @param timepoint A timestamp.
    @return uint256 The numerator over 100.
    """
    return self._quorum_numerator_at(timepoint)


@external
@pure
def quorumDenominator() -> uint256:
    """
    @notice The quorum denominator: percentages.
    @return uint256 100.
    """
    return QUORUM_DENOMINATOR


@external
@view
def quorum(timepoint: uint256) -> uint256:
    """
    @notice For + abstain votes a proposal snapshotted at `timepoint` needs:
            members at `timepoint` times the numerator then in force / 100.
    @param timepoint A past timestamp.
    @return uint256 The quorum.
    """
    return self._quorum(timepoint)


@external
@view
def getVotes(account: address, timepoint: uint256) -> uint256:
    """
    @notice The votes of `account` at `timepoint`.
    @param account The account.
    @param timepoint A past timestamp.
    @return uint256 The votes.
    """
    return staticcall MEMBERSHIP.getPastVotes(account, timepoint)


@external
@pure
def hashProposal(
    targets: DynArray[address, MAX_ACTIONS],
    values: DynArray[uint256, MAX_ACTIONS],
    calldatas: DynArray[Bytes[MAX_CALLDATA], MAX_ACTIONS],
    descriptionHash: bytes32,
) -> uint256:
    """
    @notice OpenZeppelin's proposal id:
            keccak256(abi.encode(targets, values, calldatas, descriptionHash)).
    @param targets The called contracts.
    @param values The wei sent with each call.
    @param calldatas The calldata of each call.
    @param descriptionHash keccak256 of the description.
    @return uint256 The proposal id.
    """
    return self._hash_proposal(targets, values, calldatas, descriptionHash)


@external
@view
def state(proposalId: uint256) -> uint8:
    """
    @notice The state, as OpenZeppelin's `ProposalState`: 0 Pending,
            1 Active, 2 Canceled, 3 Defeated, 4 Succeeded, 5 Queued,
            6 Expired (passed, but not queued or not executed within
            `GRACE_PERIOD`), 7 Executed.
    @param proposalId The proposal.
    @return uint8 The state.
    """
    return self._state(proposalId)


@external
@view
def proposalSnapshot(proposalId: uint256) -> uint256:
    """
    @notice The timepoint at which votes and quorum are read (0 if unknown).
    @param proposalId The proposal.
    @return uint256 The snapshot.
    """
    return self._proposals[proposalId] & _M48


@external
@view
def proposalDeadline(proposalId: uint256) -> uint256:
    """
    @notice The last timepoint at which votes count (0 if unknown).
    @param proposalId The proposal.
    @return uint256 The deadline.
    """
    return (self._proposals[proposalId] >> _DEADLINE_SHIFT) & _M48


@external
@view
def proposalProposer(proposalId: uint256) -> address:
    """
    @notice Who proposed `proposalId`.
    @param proposalId The proposal.
    @return address The proposer.
    """
    return self._proposers[proposalId]


@external
@view
def open_proposal_deadline(account: address) -> uint256:
    """
    @notice The voting deadline of `account`'s latest proposal (0 if it
            never proposed, or cancelled it): one open proposal per member,
            so it may propose again once this time has passed.
    @param account The member.
    @return uint256 A timestamp, or 0.
    """
    return self._open_until[account]


@external
@view
def proposalEta(proposalId: uint256) -> uint256:
    """
    @notice When a queued proposal can execute (0 if not queued).
    @param proposalId The proposal.
    @return uint256 The eta, a timestamp.
    """
    return (self._proposals[proposalId] >> _ETA_SHIFT) & _M48


@external
@pure
def proposalNeedsQueuing(proposalId: uint256) -> bool:
    """
    @notice Every proposal goes through the timelock.
    @param proposalId The proposal.
    @return bool True.
    """
    return True


@external
@view
def proposalVotes(proposalId: uint256) -> (uint256, uint256, uint256):
    """
    @notice The tallies, in GovernorCountingSimple's order.
    @param proposalId The proposal.
    @return uint256 Against.
    @return uint256 For.
    @return uint256 Abstain.
    """
    core: uint256 = self._proposals[proposalId]
    return (core >> _AGAINST_SHIFT) & _M32, (core >> _FOR_SHIFT) & _M32, (core >> _ABSTAIN_SHIFT) & _M32


@external
@view
def hasVoted(proposalId: uint256, account: address) -> bool:
    """
    @notice Whether `account` has voted on `proposalId`.
    @param proposalId The proposal.
    @param account The account.
    @return bool Voted.
    """
    member_id: uint256 = staticcall MEMBERSHIP.member_id(account)
    if member_id == 0:
        return False
    return (self._voted[proposalId][member_id >> 8] >> (member_id & 255)) & 1 == 1


# ---------------------------------------------------------------- proposing


@external
def propose(
    targets: DynArray[address, MAX_ACTIONS],
    values: DynArray[uint256, MAX_ACTIONS],
    calldatas: DynArray[Bytes[MAX_CALLDATA], MAX_ACTIONS],
    description: String[MAX_DESCRIPTION],
) -> uint256:
    """
    @notice Propose calls for the timelock to make. Members only.
    @dev A description ending in `#proposer=0x` and 40 hex digits can be
         proposed only by that address (OpenZeppelin 5), so nobody can
         front-run the proposal and cancel it while Pending. End your
         description with it. One open proposal per member: the next one
         after the voting deadline of the last (or after cancelling it).
    @param targets The called contracts.
    @param values The wei sent with each call.
    @param calldatas The calldata of each call.
    @param description The proposal's text (its hash is part of the id).
    @return uint256 The proposal id.
    """
    assert staticcall MEMBERSHIP.is_member(msg.sender), "governor: only members propose"
    assert self._is_valid_description_for_proposer(
        msg.sender, description
    ), "governor: the description's #proposer= suffix names another proposer"
    n: uint256 = len(targets)
    assert n != 0, "governor: empty proposal"
    assert len(values) == n and len(calldatas) == n, "governor: targets, values and calldatas differ in length"
    assert (
        self._open_until[msg.sender] < block.timestamp
    ), "governor: one open proposal per member; wait for its deadline or cancel it"
    proposal_id: uint256 = self._hash_proposal(targets, values, calldatas, keccak256(description))
    assert self._proposals[proposal_id] == 0, "governor: proposal already exists"
    snapshot: uint256 = block.timestamp + self._voting_delay
    deadline: uint256 = snapshot + self._voting_period
    self._proposals[proposal_id] = snapshot | (deadline << _DEADLINE_SHIFT)
    self._proposers[proposal_id] = msg.sender
    self._open_until[msg.sender] = deadline
    signatures: DynArray[String[1], MAX_ACTIONS] = []
    for _: address in targets:
        signatures.append("")
    log ICoopGovernor.ProposalCreated(
        proposalId=proposal_id,
        proposer=msg.sender,
        targets=targets,
        values=values,
        signatures=signatures,
        calldatas=calldatas,
        voteStart=snapshot,
        voteEnd=deadline,
        description=description,
    )
    return proposal_id


@external
def cancel(
    targets: DynArray[address, MAX_ACTIONS],
    values: DynArray[uint256, MAX_ACTIONS],
    calldatas: DynArray[Bytes[MAX_CALLDATA], MAX_ACTIONS],
    descriptionHash: bytes32,
) -> uint256:
    """
    @notice Withdraw your proposal before voting starts.
    @param targets The called contracts.
    @param values The wei sent with each call.
    @param calldatas The calldata of each call.
    @param descriptionHash keccak256 of the description.
    @return uint256 The proposal id.
    """
    proposal_id: uint256 = self._hash_proposal(targets, values, calldatas, descriptionHash)
    assert self._state(proposal_id) == PENDING, "governor: only a pending proposal can be cancelled"
    assert msg.sender == self._proposers[proposal_id], "governor: only the proposer can cancel"
    self._proposals[proposal_id] = self._proposals[proposal_id] | _CANCELED_BIT
    # The proposer's open proposal (it has one at most): it may propose again.
    self._open_until[msg.sender] = 0
    log ICoopGovernor.ProposalCanceled(proposalId=proposal_id)
    return proposal_id


# ------------------------------------------------------------------- voting


@external
def castVote(proposalId: uint256, support: uint8) -> uint256:
    """
    @notice Vote 0 against, 1 for, 2 abstain.
    @param proposalId The proposal.
    @param support The vote type.
    @return uint256 The weight counted.
    """
    return self._cast_vote(proposalId, msg.sender, support, "")


@external
def castVoteWithReason(proposalId: uint256, support: uint8, reason: String[MAX_DESCRIPTION]) -> uint256:
    """
    @notice Vote with a reason that is logged.
    @param proposalId The proposal.
    @param support The vote type.
    @param reason Why.
    @return uint256 The weight counted.
    """
    return self._cast_vote(proposalId, msg.sender, support, reason)


@external
def castVoteBySig(proposalId: uint256, support: uint8, voter: address, signature: Bytes[65]) -> uint256:
    """
    @notice Count a ballot the voter signed (EIP-712 `Ballot`, the voter's
            current nonce); anyone may relay it. EOAs sign with ECDSA
            (low-s only), smart-contract wallets through ERC-1271.
    @param proposalId The proposal.
    @param support The vote type.
    @param voter The signer.
    @param signature The signature (65 bytes, or 64 for EIP-2098).
    @return uint256 The weight counted.
    """
    core: uint256 = self._open_proposal(proposalId, support)
    weight: uint256 = 0
    member_id: uint256 = 0
    holder_id: uint256 = 0
    nonce: uint256 = 0
    # The nonce lives in the voter's Membership slot, already non-zero for a
    # member, so consuming it costs a slot update rather than a new slot.
    weight, member_id, holder_id, nonce = extcall MEMBERSHIP.use_ballot_nonce(voter, core & _M48)
    digest: bytes32 = eip712_domain_separator._hash_typed_data_v4(
        keccak256(abi_encode(BALLOT_TYPEHASH, proposalId, support, voter, nonce))
    )
    assert signature_checker._is_valid_signature_now(voter, digest, signature), "governor: invalid ballot signature"
    return self._record_vote(proposalId, core, voter, support, weight, member_id, holder_id, "")


@external
@view
def nonces(owner: address) -> uint256:
    """
    @notice The nonce `owner` signs its next ballot with (kept by Membership,
            one sequence with `delegateBySig`).
    @param owner The voter.
    @return uint256 The nonce.
    """
    return staticcall MEMBERSHIP.nonces(owner)


# ------------------------------------------------------- queue and execute


@external
def queue(
    targets: DynArray[address, MAX_ACTIONS],
    values: DynArray[uint256, MAX_ACTIONS],
    calldatas: DynArray[Bytes[MAX_CALLDATA], MAX_ACTIONS],
    descriptionHash: bytes32,
) -> uint256:
    """
    @notice Schedule a succeeded proposal's calls on the timelock.
    @dev One timelock operation per call, each the predecessor of the next,
         all with the salt `proposal id ^ governor` (unique per proposal).
    @param targets The called contracts.
    @param values The wei sent with each call.
    @param calldatas The calldata of each call.
    @param descriptionHash keccak256 of the description.
    @return uint256 The proposal id.
    """
    proposal_id: uint256 = self._hash_proposal(targets, values, calldatas, descriptionHash)
    assert self._state(proposal_id) == SUCCEEDED, "governor: proposal has not succeeded"
    salt: bytes32 = self._timelock_salt(proposal_id)
    delay: uint256 = staticcall TIMELOCK.get_minimum_delay()
    eta: uint256 = block.timestamp + delay
    # The eta shares the proposal's core word: it must fit its 48 bits.
    assert eta <= _M48, "governor: timelock delay too long"
    self._proposals[proposal_id] = self._proposals[proposal_id] | (eta << _ETA_SHIFT)
    predecessor: bytes32 = empty(bytes32)
    for i: uint256 in range(len(targets), bound=MAX_ACTIONS):
        extcall TIMELOCK.schedule(targets[i], values[i], calldatas[i], predecessor, salt, delay)
        operation: bytes32 = self._hash_operation(targets[i], values[i], calldatas[i], predecessor, salt)
        if i == 0:
            self._timelock_ids[proposal_id] = operation
        predecessor = operation
    log ICoopGovernor.ProposalQueued(proposalId=proposal_id, etaSeconds=eta)
    return proposal_id


@external
@payable
def execute(
    targets: DynArray[address, MAX_ACTIONS],
    values: DynArray[uint256, MAX_ACTIONS],
    calldatas: DynArray[Bytes[MAX_CALLDATA], MAX_ACTIONS],
    descriptionHash: bytes32,
) -> uint256:
    """
    @notice Execute a queued proposal through the timelock once its delay
            has passed: every call, in order, in this one transaction; if
            any call reverts, none of them happens. Anyone may call.
    @param targets The called contracts.
    @param values The wei sent with each call.
    @param calldatas The calldata of each call.
    @param descriptionHash keccak256 of the description.
    @return uint256 The proposal id.
    """
    proposal_id: uint256 = self._hash_proposal(targets, values, calldatas, descriptionHash)
    assert self._state(proposal_id) == QUEUED, "governor: proposal is not queued"
    # Effects before the interaction: a re-entering call sees Executed.
    self._proposals[proposal_id] = self._proposals[proposal_id] | _EXECUTED_BIT
    salt: bytes32 = self._timelock_salt(proposal_id)
    predecessor: bytes32 = empty(bytes32)
    value: uint256 = msg.value
    for i: uint256 in range(len(targets), bound=MAX_ACTIONS):
        extcall TIMELOCK.execute(targets[i], values[i], calldatas[i], predecessor, salt, value=value)
        value = 0
        predecessor = self._hash_operation(targets[i], values[i], calldatas[i], predecessor, salt)
    log ICoopGovernor.ProposalExecuted(proposalId=proposal_id)
    return proposal_id


# -------------------------------------------------------------------- veto


@external
def veto(proposalId: uint256) -> uint256:
    """
    @notice Veto a proposal that passed but has not executed yet (state
            Succeeded or Queued). When more than `veto_percent` % of the
            members at the proposal's snapshot have vetoed it, it is
            cancelled: its first timelock operation is cancelled, so none of
            its calls can run. One veto per member; members only.
    @param proposalId The proposal.
    @return uint256 The vetoes so far.
    """
    state: uint8 = self._state(proposalId)
    assert state == SUCCEEDED or state == QUEUED, "governor: only a passed, unexecuted proposal can be vetoed"
    # The vetoes needed are counted among the members at the snapshot, so
    # only they veto (as only they vote): members admitted later cannot
    # tip it.
    since: uint256 = staticcall MEMBERSHIP.member_since(msg.sender)
    assert since != 0, "governor: only members veto"
    assert since <= self._proposals[proposalId] & _M48, "governor: only members since the proposal's snapshot veto"
    member_id: uint256 = staticcall MEMBERSHIP.member_id(msg.sender)
    word_index: uint256 = member_id >> 8
    bit: uint256 = 1 << (member_id & 255)
    vetoed: uint256 = self._vetoed[proposalId][word_index]
    assert vetoed & bit == 0, "governor: already vetoed"
    self._vetoed[proposalId][word_index] = vetoed | bit
    count: uint256 = self._veto_counts[proposalId] + 1
    self._veto_counts[proposalId] = count
    needed: uint256 = self._veto_threshold(proposalId)
    log ICoopGovernor.VetoCast(member=msg.sender, proposalId=proposalId, vetoes=count, needed=needed)
    if count >= needed:
        self._proposals[proposalId] = self._proposals[proposalId] | _CANCELED_BIT
        if state == QUEUED:
            extcall TIMELOCK.cancel(self._timelock_ids[proposalId])
        log ICoopGovernor.ProposalVetoed(proposalId=proposalId, vetoes=count)
        log ICoopGovernor.ProposalCanceled(proposalId=proposalId)
    return count


@external
@view
def vetoes(proposalId: uint256) -> (uint256, uint256):
    """
    @notice The vetoes of a proposal so far, and how many cancel it.
    @param proposalId The proposal.
    @return uint256 Vetoes so far.
    @return uint256 Vetoes needed: more than `veto_percent` % of the
            members at the snapshot (the percentage in force now).
    """
    return self._veto_counts[proposalId], self._veto_threshold(proposalId)


@external
@view
def has_vetoed(proposalId: uint256, account: address) -> bool:
    """
    @notice Whether `account` vetoed `proposalId`.
    @param proposalId The proposal.
    @param account The account.
    @return bool Vetoed.
    """
    member_id: uint256 = staticcall MEMBERSHIP.member_id(account)
    if member_id == 0:
        return False
    return (self._vetoed[proposalId][member_id >> 8] >> (member_id & 255)) & 1 == 1


# --------------------------------------------------- governance (timelock)


@external
def setVotingDelay(newVotingDelay: uint48):
    """
    @notice Set the voting delay. Only through a passed proposal.
    @param newVotingDelay Seconds.
    """
    self._only_governance()
    self._set_voting_delay(convert(newVotingDelay, uint256))


@external
def setVotingPeriod(newVotingPeriod: uint32):
    """
    @notice Set the voting period. Only through a passed proposal.
    @param newVotingPeriod Seconds (at least one, and at least
           `MIN_VOTING_PERIOD`).
    """
    self._only_governance()
    self._set_voting_period(convert(newVotingPeriod, uint256))


@external
def set_veto_percent(new_value: uint256):
    """
    @notice Set the share of members whose veto cancels a passed proposal:
            more than `new_value` % of the members at its snapshot. Only
            through a passed proposal.
    @param new_value 50..99 (50, a majority, by default): below 50 a
           minority could cancel every proposal, for good.
    """
    self._only_governance()
    assert new_value >= MIN_VETO_PERCENT and new_value < 100, "governor: veto percent must be 50..99"
    log ICoopGovernor.VetoPercentSet(old_value=self.veto_percent, new_value=new_value)
    self.veto_percent = new_value


@external
def updateQuorumNumerator(newQuorumNumerator: uint256):
    """
    @notice Set the quorum percentage for proposals snapshotted from now
            on. Only through a passed proposal.
    @param newQuorumNumerator 1..50: above 50 a minority that does not
           vote could block every proposal, for good.
    """
    self._only_governance()
    self._update_quorum_numerator(newQuorumNumerator)


# ---------------------------------------------------------------- internals


@internal
@view
def _only_governance():
    """
    @dev Reverts unless the caller is the timelock (a passed proposal).
    """
    assert msg.sender == TIMELOCK.address, "governor: only governance (the timelock)"


@internal
def _set_voting_delay(new_value: uint256):
    """
    @dev Sets the voting delay (at most a year) and logs it.
    @param new_value Seconds.
    """
    assert new_value <= 365 * 86_400, "governor: voting delay above one year"
    log ICoopGovernor.VotingDelaySet(oldVotingDelay=self._voting_delay, newVotingDelay=new_value)
    self._voting_delay = new_value


@internal
def _set_voting_period(new_value: uint256):
    """
    @dev Sets the voting period (the network's floor, and at least one
         second, to a year) and logs it.
    @param new_value Seconds.
    """
    assert new_value != 0, "governor: voting period must be positive"
    assert new_value >= MIN_VOTING_PERIOD, "governor: voting period below this network's minimum"
    assert new_value <= 365 * 86_400, "governor: voting period above one year"
    log ICoopGovernor.VotingPeriodSet(oldVotingPeriod=self._voting_period, newVotingPeriod=new_value)
    self._voting_period = new_value


@internal
def _update_quorum_numerator(new_value: uint256):
    """
    @dev Checkpoints a new quorum numerator (1..`MAX_QUORUM_NUMERATOR`)
         from now on; a second update in the same second replaces the first.
    @param new_value The numerator over 100.
    """
    assert new_value != 0 and new_value <= MAX_QUORUM_NUMERATOR, "governor: quorum numerator must be 1..50"
    count: uint256 = self._quorum_count
    old_value: uint256 = 0
    if count != 0:
        latest: uint256 = checkpoints._entry(0, count - 1)
        old_value = latest >> 48
        if latest & _M48 == block.timestamp:
            count -= 1
    checkpoints._push(0, count, block.timestamp | (new_value << 48))
    self._quorum_count = count + 1
    log ICoopGovernor.QuorumNumeratorUpdated(oldQuorumNumerator=old_value, newQuorumNumerator=new_value)


@internal
@view
def _quorum_numerator_at(timepoint: uint256) -> uint256:
    """
    @dev The quorum numerator in force at `timepoint`: the latest update at
         or before it, or the deployment's if `timepoint` is earlier.
    @param timepoint A timestamp.
    @return uint256 The numerator.
    """
    count: uint256 = self._quorum_count
    latest: uint256 = checkpoints._entry(0, count - 1)
    if latest & _M48 <= timepoint:
        return latest >> 48
    # Numerators are 1..50: 0 means no update at or before `timepoint`.
    found: uint256 = checkpoints._search(0, count - 1, timepoint)
    if found == 0:
        return checkpoints._entry(0, 0) >> 48
    return found


@internal
@view
def _quorum(timepoint: uint256) -> uint256:
    """
    @dev The quorum of a proposal snapshotted at `timepoint`: members then
         times the numerator then in force, over 100, rounded down.
    @param timepoint The snapshot.
    @return uint256 The for + abstain votes needed.
    """
    members: uint256 = staticcall MEMBERSHIP.getPastTotalSupply(timepoint)
    return members * self._quorum_numerator_at(timepoint) // QUORUM_DENOMINATOR


@internal
@pure
def _hash_proposal(
    targets: DynArray[address, MAX_ACTIONS],
    values: DynArray[uint256, MAX_ACTIONS],
    calldatas: DynArray[Bytes[MAX_CALLDATA], MAX_ACTIONS],
    description_hash: bytes32,
) -> uint256:
    """
    @dev OpenZeppelin's proposal id.
    @param targets The called contracts.
    @param values The wei sent with each call.
    @param calldatas The calldata of each call.
    @param description_hash keccak256 of the description.
    @return uint256 keccak256(abi.encode(targets, values, calldatas, description_hash)).
    """
    return convert(keccak256(abi_encode(targets, values, calldatas, description_hash)), uint256)


@internal
@view
def _timelock_salt(proposal_id: uint256) -> bytes32:
    """
    @dev The salt of a proposal's timelock operations: the proposal id XOR
         this governor's address (in the top 20 bytes, as OpenZeppelin
         XORs it into the description hash). The proposal id hashes every
         call and the description, so two distinct proposals never share an
         operation id, even with the same description and first call.
    @param proposal_id The proposal id.
    @return bytes32 The salt.
    """
    return convert(proposal_id ^ (convert(self, uint256) << 96), bytes32)


@internal
@pure
def _hash_operation(
    target: address, amount: uint256, payload: Bytes[MAX_CALLDATA], predecessor: bytes32, salt: bytes32
) -> bytes32:
    """
    @dev The timelock's id of a single-call operation, computed as
         snekmate's `hash_operation` does (saves a call per operation).
    @param target The called contract.
    @param amount The wei sent.
    @param payload The calldata.
    @param predecessor The previous operation of the proposal, or zero.
    @param salt The proposal's salt.
    @return bytes32 The operation id.
    """
    return keccak256(abi_encode(target, amount, payload, predecessor, salt))


@internal
@view
def _veto_threshold(proposal_id: uint256) -> uint256:
    """
    @dev Vetoes that cancel `proposal_id`: more than `veto_percent` % of the
         members at its snapshot.
    @param proposal_id The proposal.
    @return uint256 The vetoes needed.
    """
    snapshot: uint256 = self._proposals[proposal_id] & _M48
    assert snapshot != 0, "governor: unknown proposal"
    if snapshot >= block.timestamp:
        return max_value(uint256)
    members: uint256 = staticcall MEMBERSHIP.getPastTotalSupply(snapshot)
    return members * self.veto_percent // 100 + 1


@internal
@pure
def _is_valid_description_for_proposer(proposer: address, description: String[MAX_DESCRIPTION]) -> bool:
    """
    @dev OpenZeppelin 5's `_isValidDescriptionForProposer`: true unless the
         description ends in `#proposer=0x` followed by 40 hex digits (either
         case) that name another address.
    @param proposer The caller of `propose`.
    @param description The description.
    @return bool Whether `proposer` may propose it.
    """
    n: uint256 = len(description)
    if n < _SUFFIX_LENGTH:
        return True
    text: Bytes[MAX_DESCRIPTION] = convert(description, Bytes[MAX_DESCRIPTION])
    if slice(text, n - _SUFFIX_LENGTH, 12) != _PROPOSER_MARKER:
        return True
    # The 40 digits: the first 32 in one word, the last 8 in the low bytes
    # of the word that ends the description.
    head: uint256 = extract32(text, n - 40, output_type=uint256)
    tail: uint256 = extract32(text, n - 32, output_type=uint256)
    recovered: uint256 = 0
    for i: uint256 in range(40):
        char: uint256 = 0
        if i < 32:
            char = (head >> (248 - 8 * i)) & 255
        else:
            char = (tail >> (8 * (39 - i))) & 255
        digit: uint256 = 0
        if char >= 48 and char <= 57:
            digit = char - 48
        elif char >= 97 and char <= 102:
            digit = char - 87
        elif char >= 65 and char <= 70:
            digit = char - 55
        else:
            return True
        recovered = (recovered << 4) | digit
    return recovered == convert(proposer, uint256)


@internal
@view
def _state(proposal_id: uint256) -> uint8:
    """
    @dev OpenZeppelin's `ProposalState` of `proposal_id` (reverts for an
         unknown proposal).
    @param proposal_id The proposal.
    @return uint8 The state.
    """
    core: uint256 = self._proposals[proposal_id]
    snapshot: uint256 = core & _M48
    assert snapshot != 0, "governor: unknown proposal"
    if core & _EXECUTED_BIT != 0:
        return EXECUTED
    if core & _CANCELED_BIT != 0:
        return CANCELED
    if snapshot >= block.timestamp:
        return PENDING
    if (core >> _DEADLINE_SHIFT) & _M48 >= block.timestamp:
        return ACTIVE
    votes_for: uint256 = (core >> _FOR_SHIFT) & _M32
    votes_against: uint256 = (core >> _AGAINST_SHIFT) & _M32
    votes_abstain: uint256 = (core >> _ABSTAIN_SHIFT) & _M32
    if votes_for <= votes_against or votes_for + votes_abstain < self._quorum(snapshot):
        return DEFEATED
    eta: uint256 = (core >> _ETA_SHIFT) & _M48
    if eta == 0:
        if block.timestamp > ((core >> _DEADLINE_SHIFT) & _M48) + GRACE_PERIOD:
            return EXPIRED
        return SUCCEEDED
    op_id: bytes32 = self._timelock_ids[proposal_id]
    if staticcall TIMELOCK.is_operation_pending(op_id):
        if block.timestamp > eta + GRACE_PERIOD:
            return EXPIRED
        return QUEUED
    if staticcall TIMELOCK.is_operation_done(op_id):
        return EXECUTED
    return CANCELED


@internal
@view
def _open_proposal(proposal_id: uint256, support: uint8) -> uint256:
    """
    @dev The proposal's core word, if it is open for votes and `support`
         is a vote type.
    """
    core: uint256 = self._proposals[proposal_id]
    snapshot: uint256 = core & _M48
    assert snapshot != 0, "governor: unknown proposal"
    assert (
        core & (_EXECUTED_BIT | _CANCELED_BIT) == 0
        and snapshot < block.timestamp
        and (core >> _DEADLINE_SHIFT) & _M48 >= block.timestamp
    ), "governor: voting is not open"
    assert support <= VOTE_ABSTAIN, "governor: support must be 0 (against), 1 (for) or 2 (abstain)"
    return core


@internal
def _cast_vote(proposal_id: uint256, voter: address, support: uint8, reason: String[MAX_DESCRIPTION]) -> uint256:
    """
    @dev A vote sent by the voter itself.
    @param proposal_id The proposal.
    @param voter The voter (msg.sender).
    @param support The vote type.
    @param reason Why (logged).
    @return uint256 The weight counted.
    """
    core: uint256 = self._open_proposal(proposal_id, support)
    weight: uint256 = 0
    member_id: uint256 = 0
    holder_id: uint256 = 0
    weight, member_id, holder_id = staticcall MEMBERSHIP.vote_weight(voter, core & _M48)
    return self._record_vote(proposal_id, core, voter, support, weight, member_id, holder_id, reason)


@internal
def _record_vote(
    proposal_id: uint256,
    core: uint256,
    voter: address,
    support: uint8,
    weight: uint256,
    member_id: uint256,
    holder_id: uint256,
    reason: String[MAX_DESCRIPTION],
) -> uint256:
    """
    @dev Counts a vote: marks the voter in the bitmap and adds its weight
         to the tally. A voter whose proxy left after the snapshot without
         voting (`holder_id`) gets its own vote back.
    @param proposal_id The proposal.
    @param core The proposal's core word (voting open).
    @param voter The voter.
    @param support The vote type.
    @param weight The voter's votes at the snapshot.
    @param member_id The voter's member id (non-zero: it is a member).
    @param holder_id The departed proxy's member id, or 0.
    @param reason Why (logged).
    @return uint256 The weight counted.
    """
    word_index: uint256 = member_id >> 8
    bit: uint256 = 1 << (member_id & 255)
    voted: uint256 = self._voted[proposal_id][word_index]
    if holder_id != 0:
        # Rare path: the vote this member lent was with a proxy that has
        # left; it counts here unless that proxy voted it before leaving.
        if (self._voted[proposal_id][holder_id >> 8] >> (holder_id & 255)) & 1 == 0:
            weight += 1
    assert weight != 0, "governor: no votes at the proposal snapshot"
    assert voted & bit == 0, "governor: already voted"
    self._voted[proposal_id][word_index] = voted | bit

    # Each tally stays below 2**32: it is at most the members at the snapshot.
    tally_shift: uint256 = _FOR_SHIFT
    if support == VOTE_AGAINST:
        tally_shift = _AGAINST_SHIFT
    elif support == VOTE_ABSTAIN:
        tally_shift = _ABSTAIN_SHIFT
    self._proposals[proposal_id] = unsafe_add(core, weight << tally_shift)

    log ICoopGovernor.VoteCast(voter=voter, proposalId=proposal_id, support=support, weight=weight, reason=reason)
    return weight
