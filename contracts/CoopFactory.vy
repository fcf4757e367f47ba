# pragma version ~=0.4.3
# pragma nonreentrancy off
"""
@title CoopFactory: a whole co-op, wired and listed, in two transactions
@custom:contract-name CoopFactory
@license GNU Affero General Public License v3.0 only
@notice Deploys a co-op's eight contracts from code stored on chain once
        per network, wires them and lists the co-op in the CoopRegistry,
        which this factory deploys in its constructor and alone registers
        in.

        Where the code comes from: TimelockController, Federation,
        CoopGovernor, HarvestToken, CoopCredit, ResourcePool (and the
        CoopRegistry) are EIP-5202 blueprints (`create_from_blueprint`). Membership's initcode (27.4 KB)
        and NutrientExchange's (24.9 KB) do not fit a blueprint: a blueprint
        is a contract whose code is the initcode, and EIP-170 caps a
        contract's code at 24,576 bytes. Each of them is therefore stored in
        two chunk contracts (`*_CODE`), each of whose code is an 11-byte
        reader (`_CHUNK_HEADER`: return the rest of my code) followed by one
        half of the initcode; the factory reads both halves (a static call
        each) and deploys the joined initcode with `raw_create`, which
        EIP-3860 allows up to 49,152 bytes.

        Two transactions by the same caller, because the eight contracts'
        code costs about 21M gas to deposit and a transaction is capped at
        2**24 = 16,777,216 gas (EIP-7825):
        1. `create_coop(config)` validates the whole configuration first
           (nothing is deployed for bad input), then deploys the timelock
           (this factory its bootstrap admin, no proposers, no executors),
           the Federation, Membership (this factory its deployer, which may
           wire the governor once; the Federation its immutable
           `FEDERATION`) and the CoopGovernor; wires
           `Federation.set_membership` and `Membership.set_governor`, grants
           the governor the timelock's proposer, canceller and executor
           roles and renounces this factory's admin role. The co-op is pending under its name,
           which is held for `NAME_HOLD` (one day) from this call: in that
           time nobody else can start that name, and nobody else ever
           finishes it.
        2. `finish_coop(name, credit_name, credit_symbol)`, by the caller
           who started `name`, deploys HarvestToken, CoopCredit, the
           ResourcePool and NutrientExchange (which takes the pool as its
           fee pool in its constructor), registers the exchange and the pool
           with HarvestToken's one-time bootstrap (both may hold harvest)
           and lists the co-op in the registry, if its name is still held
           (within `NAME_HOLD` of step 1).
        After `NAME_HOLD` an unfinished co-op is expired: anyone may start
        its name again (which replaces it), and its creator can no longer
        finish it, so a front-runner who copies a community's name from the
        mempool holds it for a day at most, not for ever.
        An unfinished co-op holds no assets (it has only its governance
        core) and is not listed.

        Afterwards nobody holds a role or a privilege in the co-op but its
        own timelock (and the governor, the timelock's proposer, canceller
        and executor): not this factory (its bootstrap admin role is
        renounced, Membership's one-time `set_governor`, Federation's
        one-time `set_membership` and HarvestToken's one-time
        `bootstrap_coop_contracts` are used), not the registry, not the
        caller.

        Trust: the blueprints and chunks are fixed at deployment. Anyone
        can compare their code with the compiled contracts (the constructor
        only checks the EIP-5202 preamble and the chunk reader).
@custom:kill Nothing to pause: the factory keeps no power over what it made,
             holds no assets and has no owner. A co-op started and never
             finished holds its name for `NAME_HOLD` only (see
             `is_pending`); its core contracts stay on chain, unlisted and
             holding nothing.
@custom:security Report vulnerabilities to security@harvest-coop.invalid.
"""

from interfaces import ICoopFactory

implements: ICoopFactory

from interfaces import ICoopRegistry
from interfaces import IMembership

import Federation
import HarvestToken
import Membership
import TimelockController

from snekmate.auth import access_control
from snekmate.governance import timelock_controller


# @dev The founders bound of `ICoopFactory.CoopConfig` (Vyper 0.4.3 does
# not take an interface's constant as a type bound here).
_FOUNDERS_BOUND: constant(uint256) = 128

# @dev Bounds of a config, the same as the contracts' own: the most founders
# Membership takes, its `max_proxies` bound, the timelock's largest delay
# and the governor's bounds of the voting delay and period (one year).
MAX_FOUNDERS: public(constant(uint256)) = Membership.MAX_FOUNDERS
MAX_PROXIES: public(constant(uint256)) = Membership.MAX_PROXIES_LIMIT
MAX_TIMELOCK_DELAY: public(constant(uint256)) = TimelockController.MAX_DELAY
MAX_VOTING_DELAY: public(constant(uint256)) = 365 * 86_400
MAX_VOTING_PERIOD: public(constant(uint256)) = 365 * 86_400

# @dev The governor's bound of the quorum (percent): above half, a minority
# that does not vote would block every proposal.
_MAX_QUORUM: constant(uint256) = 50
_MAX_PERCENT: constant(uint256) = 100

# @dev Seconds a started co-op holds its name, from its `create_coop`: within
# them only its creator finishes it and nobody starts the name again; from
# `NAME_HOLD` seconds on, the pending co-op is expired (anyone may start the
# name, which replaces it, and `finish_coop` refuses it).
NAME_HOLD: public(constant(uint256)) = 86_400

# @dev `PendingCoop.creation` packs the creation block (its low 128 bits)
# and the creation time (its high 128 bits) into one word, so that holding
# the name costs no storage slot more.
_TIME_SHIFT: constant(uint256) = 128
_BLOCK_MASK: constant(uint256) = (1 << 128) - 1

# @dev Membership's bound of the admission rules' counts (16 bits each).
_MAX_COUNT: constant(uint256) = Membership._MAX_COUNT

# @dev The timelock roles the factory grants the governor and renounces.
_DEFAULT_ADMIN_ROLE: constant(bytes32) = access_control.DEFAULT_ADMIN_ROLE
_PROPOSER_ROLE: constant(bytes32) = timelock_controller.PROPOSER_ROLE
_CANCELLER_ROLE: constant(bytes32) = timelock_controller.CANCELLER_ROLE
_EXECUTOR_ROLE: constant(bytes32) = timelock_controller.EXECUTOR_ROLE

# @dev EIP-5202: a blueprint's code starts with 0xFE71 and version 0 (no
# data section); `create_from_blueprint` skips these 3 bytes (its default
# `code_offset`).
_BLUEPRINT_PREAMBLE: constant(Bytes[3]) = x"fe7100"

# @dev The code of a chunk contract starts with this reader, which returns
# the rest of the code (the chunk) to any caller:
# PUSH1 11, CODESIZE, SUB, DUP1, PUSH1 11, RETURNDATASIZE, CODECOPY,
# RETURNDATASIZE, RETURN; i.e. `return code[11:]`.
_CHUNK_HEADER: constant(Bytes[11]) = x"600b380380600b3d393df3"

# @dev Largest chunk: a chunk contract's code (the reader and the chunk)
# is at most EIP-170's 24,576 bytes.
_MAX_CHUNK: constant(uint256) = 24_576 - 11

# @dev Largest initcode stored in two chunks (EIP-3860 allows 49,152).
_MAX_CHUNKED_INITCODE: constant(uint256) = 2 * _MAX_CHUNK

# @dev Appended to the co-op's name to name its governor (EIP-712 domain).
_GOVERNOR_SUFFIX: constant(String[9]) = " Governor"


# @dev The EIP-5202 blueprints of the co-op's contracts that fit one.
TIMELOCK_BLUEPRINT: public(immutable(address))
FEDERATION_BLUEPRINT: public(immutable(address))
GOVERNOR_BLUEPRINT: public(immutable(address))
HARVEST_BLUEPRINT: public(immutable(address))
CREDIT_BLUEPRINT: public(immutable(address))
POOL_BLUEPRINT: public(immutable(address))

# @dev The two chunk contracts holding the initcode of each contract too
# large for a blueprint (see `_CHUNK_HEADER`).
MEMBERSHIP_CODE: public(immutable(address[2]))
EXCHANGE_CODE: public(immutable(address[2]))

# @dev The registry this factory deployed: `REGISTRY.FACTORY() == self`.
REGISTRY: public(immutable(ICoopRegistry))

# @dev The shortest voting period and timelock delay a co-op made here may
# have, fixed for the network when the stack is deployed (a day each on a
# live network, so the other members always have a day to vote against a
# proposal and a day to veto it; 0 on a throwaway test chain). A creator
# who picks the timings cannot make them so short that one founder passes
# and executes a proposal before the others can react; the co-op's
# governor and timelock keep them as their own floors
# (`CoopGovernor.MIN_VOTING_PERIOD`, `TimelockController.MIN_DELAY`), so no
# later proposal shortens them either. The minimum voting period is also
# the shortest challenge window of sponsored admissions (Membership's
# `MIN_CHALLENGE_WINDOW`): the others have as long to object to an
# applicant as to vote against a proposal.
MIN_VOTING_PERIOD: public(immutable(uint256))
MIN_TIMELOCK_DELAY: public(immutable(uint256))


# @dev A co-op between `create_coop` and `finish_coop`. `creation` is
# `block.timestamp << 128 | block.number` of its `create_coop` (see
# `_TIME_SHIFT`): the creation block, for the registry, and the start of its
# `NAME_HOLD`, in the one word the creation block had.
struct PendingCoop:
    creator: address
    timelock: address
    membership: address
    governor: address
    federation: address
    creation: uint256


# @dev Started, unfinished co-ops by name.
_pending: HashMap[String[32], PendingCoop]


@deploy
def __init__(
    timelock_blueprint_: address,
    federation_blueprint_: address,
    membership_code_: address[2],
    governor_blueprint_: address,
    harvest_blueprint_: address,
    credit_blueprint_: address,
    exchange_code_: address[2],
    pool_blueprint_: address,
    registry_blueprint_: address,
    min_voting_period_: uint256,
    min_timelock_delay_: uint256,
):
    """
    @dev Keeps where the co-op's code is and deploys the CoopRegistry from
         its blueprint, so that this factory is the registry's only
         registrar.
    @param timelock_blueprint_ The TimelockController blueprint.
    @param federation_blueprint_ The Federation blueprint.
    @param membership_code_ The two chunk contracts of Membership's initcode.
    @param governor_blueprint_ The CoopGovernor blueprint.
    @param harvest_blueprint_ The HarvestToken blueprint.
    @param credit_blueprint_ The CoopCredit blueprint.
    @param exchange_code_ The two chunk contracts of NutrientExchange's
           initcode.
    @param pool_blueprint_ The ResourcePool blueprint.
    @param registry_blueprint_ The CoopRegistry blueprint (used once, here).
    @param min_voting_period_ The shortest voting period a co-op may have.
    @param min_timelock_delay_ The shortest timelock delay a co-op may have.
    """
    assert min_voting_period_ <= MAX_VOTING_PERIOD, "factory: minimum voting period above one year"
    assert min_timelock_delay_ <= MAX_TIMELOCK_DELAY, "factory: minimum timelock delay above 30 days"
    MIN_VOTING_PERIOD = min_voting_period_
    MIN_TIMELOCK_DELAY = min_timelock_delay_
    self._check_blueprint(timelock_blueprint_)
    self._check_blueprint(federation_blueprint_)
    self._check_chunks(membership_code_)
    self._check_blueprint(governor_blueprint_)
    self._check_blueprint(harvest_blueprint_)
    self._check_blueprint(credit_blueprint_)
    self._check_chunks(exchange_code_)
    self._check_blueprint(pool_blueprint_)
    self._check_blueprint(registry_blueprint_)
    TIMELOCK_BLUEPRINT = timelock_blueprint_
    FEDERATION_BLUEPRINT = federation_blueprint_
    MEMBERSHIP_CODE = membership_code_
    GOVERNOR_BLUEPRINT = governor_blueprint_
    HARVEST_BLUEPRINT = harvest_blueprint_
    CREDIT_BLUEPRINT = credit_blueprint_
    EXCHANGE_CODE = exchange_code_
    POOL_BLUEPRINT = pool_blueprint_
    REGISTRY = ICoopRegistry(create_from_blueprint(registry_blueprint_))
    assert (staticcall REGISTRY.FACTORY()) == self, "factory: registry blueprint is not a CoopRegistry"


@external
@nonreentrant
def create_coop(config: ICoopFactory.CoopConfig) -> (address, address, address, address):
    """
    @notice Starts a co-op: validates `config`, deploys its timelock,
            Federation, Membership and governor and wires them. The caller
            (and only the caller) then finishes it with `finish_coop`
            within `NAME_HOLD` seconds, while the name is held for it.
    @dev The name must be neither listed nor held: a pending co-op of the
         same name whose `NAME_HOLD` has passed is expired and is replaced
         by this one (its core contracts stay on chain, unlisted; a new
         `CoopStarted` names the new ones). Every check comes before the
         first deployment, each with its own message (see
         `_check_config`). The timelock is deployed with this factory as its
         bootstrap admin, no proposers and no executors; the governor gets
         the proposer, canceller and executor roles, then the factory
         renounces the admin role, so the timelock administers itself.
         Membership's deployer is this factory, which wires the governor
         once; afterwards only the timelock replaces it. The Federation
         comes first (Membership takes its address as `FEDERATION`) and
         learns its Membership once, here.
    @param config The co-op's configuration (see `ICoopFactory.CoopConfig`).
    @return address The timelock.
    @return address The Membership.
    @return address The CoopGovernor.
    @return address The Federation.
    """
    self._check_config(config)

    timelock: address = create_from_blueprint(
        TIMELOCK_BLUEPRINT,
        config.timelock_delay,
        empty(DynArray[address, 1]),
        empty(DynArray[address, 1]),
        self,
        MIN_TIMELOCK_DELAY,
    )
    federation: address = create_from_blueprint(FEDERATION_BLUEPRINT, timelock, REGISTRY.address)
    membership: address = raw_create(
        self._chunked_initcode(MEMBERSHIP_CODE),
        config.name,
        config.symbol,
        timelock,
        config.founders,
        config.admission,
        config.max_proxies,
        federation,
        MIN_VOTING_PERIOD,
    )
    governor: address = create_from_blueprint(
        GOVERNOR_BLUEPRINT,
        concat(config.name, _GOVERNOR_SUFFIX),
        membership,
        timelock,
        config.voting_delay,
        config.voting_period,
        config.quorum_percent,
        MIN_VOTING_PERIOD,
    )

    extcall Federation.__interface__(federation).set_membership(membership)
    extcall IMembership(membership).set_governor(governor)
    timelock_: TimelockController.__interface__ = TimelockController.__interface__(timelock)
    extcall timelock_.grantRole(_PROPOSER_ROLE, governor)
    extcall timelock_.grantRole(_CANCELLER_ROLE, governor)
    extcall timelock_.grantRole(_EXECUTOR_ROLE, governor)
    extcall timelock_.renounceRole(_DEFAULT_ADMIN_ROLE, self)

    self._pending[config.name] = PendingCoop(
        creator=msg.sender,
        timelock=timelock,
        membership=membership,
        governor=governor,
        federation=federation,
        creation=(block.timestamp << _TIME_SHIFT) | block.number,
    )
    log ICoopFactory.CoopStarted(
        creator=msg.sender,
        name=config.name,
        timelock=timelock,
        membership=membership,
        governor=governor,
        federation=federation,
    )
    return timelock, membership, governor, federation


@external
@nonreentrant
def finish_coop(
    name: String[32], credit_name: String[25], credit_symbol: String[5]
) -> (address, address, address, address):
    """
    @notice Finishes the co-op the caller started as `name`: deploys its
            HarvestToken, CoopCredit, ResourcePool and NutrientExchange,
            lets the exchange and the pool hold harvest (HarvestToken's
            one-time bootstrap) and lists the co-op in the registry
            (`CoopCreated`).
    @dev Only the caller of `create_coop` for `name`, and only within
         `NAME_HOLD` seconds of it: an expired pending co-op is refused
         ("factory: the pending co-op expired; create it again"), since
         anyone may have started the name again by then. The exchange allows
         the harvest token and the credit from its first block, its fee
         pool is the co-op's ResourcePool from its constructor (so the
         factory never needs, and never has, a way to set it), and its
         arbiter is the timelock until governance elects one.
    @param name The name the caller started.
    @param credit_name CoopCredit's name, also its EIP-712 domain name
           (non-empty).
    @param credit_symbol CoopCredit's symbol (non-empty).
    @return address The HarvestToken.
    @return address The CoopCredit.
    @return address The NutrientExchange.
    @return address The ResourcePool.
    """
    pending: PendingCoop = self._pending[name]
    assert pending.creator != empty(address), "factory: no co-op of that name is being created"
    assert pending.creator == msg.sender, "factory: only the creator finishes a co-op"
    assert self._hold_open(pending.creation), "factory: the pending co-op expired; create it again"
    assert len(credit_name) != 0, "factory: empty credit name"
    assert len(credit_symbol) != 0, "factory: empty credit symbol"

    harvest: address = create_from_blueprint(HARVEST_BLUEPRINT, pending.membership, pending.timelock)
    credit: address = create_from_blueprint(CREDIT_BLUEPRINT, credit_name, credit_symbol, pending.timelock)
    pool: address = create_from_blueprint(POOL_BLUEPRINT, pending.membership, pending.timelock, harvest, credit)
    exchange: address = raw_create(
        self._chunked_initcode(EXCHANGE_CODE), pending.membership, pending.timelock, harvest, credit, pool
    )
    # Both may hold harvest from now on; HarvestToken's bootstrap is closed
    # by this call, afterwards only the timelock registers contracts.
    extcall HarvestToken.__interface__(harvest).bootstrap_coop_contracts([exchange, pool])

    self._pending[name] = empty(PendingCoop)
    extcall REGISTRY.register(
        ICoopRegistry.Coop(
            name=name,
            timelock=pending.timelock,
            membership=pending.membership,
            governor=pending.governor,
            harvest=harvest,
            credit=credit,
            exchange=exchange,
            pool=pool,
            federation=pending.federation,
            creator=msg.sender,
            creation_block=pending.creation & _BLOCK_MASK,
        )
    )
    log ICoopFactory.CoopFinished(
        creator=msg.sender, name=name, harvest=harvest, credit=credit, exchange=exchange, pool=pool
    )
    return harvest, credit, exchange, pool


@external
@view
def pending_coop(name: String[32]) -> (address, address, address, address):
    """
    @notice A co-op started and not yet finished.
    @dev Also an expired one (started `NAME_HOLD` seconds ago or more),
         until someone starts its name again: see `is_pending` for whether
         the name is still held.
    @param name The co-op's name.
    @return address Who started it (zero if nobody started `name`).
    @return address Its timelock.
    @return address Its Membership.
    @return address Its CoopGovernor.
    """
    pending: PendingCoop = self._pending[name]
    return pending.creator, pending.timelock, pending.membership, pending.governor


@external
@view
def is_pending(name: String[32]) -> bool:
    """
    @notice Whether a co-op named `name` is started, not finished and not
            expired, i.e. whether its name is held (for `NAME_HOLD`
            seconds from its `create_coop`).
    @param name The co-op's name.
    @return bool True while `name` is being created and held; false once
            its hold has passed (anyone may then start `name`).
    """
    return self._is_held(name)


@internal
@view
def _is_held(name: String[32]) -> bool:
    """
    @dev Whether a pending co-op holds `name`: it exists and its
         `create_coop` was less than `NAME_HOLD` seconds ago. Reads its
         creator, and its `creation` only if there is one (not the whole
         record).
    @param name The co-op's name.
    @return bool True while the name is held for its creator.
    """
    if self._pending[name].creator == empty(address):
        return False
    return self._hold_open(self._pending[name].creation)


@internal
@view
def _hold_open(creation: uint256) -> bool:
    """
    @dev Whether the `NAME_HOLD` of a pending co-op is still running: less
         than `NAME_HOLD` seconds since its `create_coop`.
    @param creation The pending co-op's `creation` word (its creation time
           in the high 128 bits).
    @return bool True up to `NAME_HOLD - 1` seconds after its creation.
    """
    return block.timestamp < (creation >> _TIME_SHIFT) + NAME_HOLD


@internal
@view
def _check_config(config: ICoopFactory.CoopConfig):
    """
    @dev Refuses, with one message per rule, every configuration that a
         contract would refuse or that the registry could not list: the name
         (non-empty, well-formed UTF-8 without control characters, not
         listed, not held by a pending co-op within its `NAME_HOLD`), the
         symbol, the founders (1 to 64, non-zero,
         distinct), the governor's, the
         timelock's and Membership's parameters and the admission rules
         (Membership's bounds, checked in the same order).
    @param config The configuration to check.
    """
    assert len(config.name) != 0, "factory: empty name"
    self._check_name(config.name)
    assert not (staticcall REGISTRY.is_registered(config.name)), "factory: name already registered"
    assert not self._is_held(config.name), "factory: name is being created"
    assert len(config.symbol) != 0, "factory: empty symbol"

    founders: DynArray[address, _FOUNDERS_BOUND] = config.founders
    n: uint256 = len(founders)
    assert n != 0, "factory: no founders"
    assert n <= MAX_FOUNDERS, "factory: more than 64 founders"
    for i: uint256 in range(n, bound=MAX_FOUNDERS):
        founder: address = founders[i]
        assert founder != empty(address), "factory: founder is the zero address"
        # At most 64 * 63 / 2 = 2,016 comparisons.
        for j: uint256 in range(i, bound=MAX_FOUNDERS):
            assert founders[j] != founder, "factory: duplicate founder"
    assert config.quorum_percent != 0 and config.quorum_percent <= _MAX_QUORUM, "factory: quorum must be 1..50 percent"
    assert config.voting_period != 0, "factory: voting period must be positive"
    assert config.voting_period <= MAX_VOTING_PERIOD, "factory: voting period above one year"
    assert config.voting_period >= MIN_VOTING_PERIOD, "factory: voting period below this network's minimum"
    assert config.voting_delay <= MAX_VOTING_DELAY, "factory: voting delay above one year"
    assert config.timelock_delay <= MAX_TIMELOCK_DELAY, "factory: timelock delay above 30 days"
    assert config.timelock_delay >= MIN_TIMELOCK_DELAY, "factory: timelock delay below this network's minimum"
    assert config.max_proxies <= MAX_PROXIES, "factory: max_proxies above 8"
    self._check_rules(config.admission)


@internal
@pure
def _check_name(name: String[32]):
    """
    @dev Refuses a name that is not well-formed UTF-8 (RFC 3629: no overlong
         form, no surrogate, nothing above U+10FFFF, no cut sequence) or
         that holds a C0 control character or DEL. The name is the city's
         shared key: every `coops` page and `CoopCreated` holding it is read
         by every client, and strict decoders (web3.py's and ethers'
         defaults) fail on the whole page for one bad string.
    @param name The co-op's name (1 to 32 bytes).
    """
    n: uint256 = len(name)
    # The name's bytes, first byte highest; read one at a time from the top.
    word: uint256 = convert(convert(convert(name, Bytes[32]), bytes32), uint256)
    # Continuation bytes still due, and the range the next one must be in
    # (0x80..0xBF, narrower after 0xE0, 0xED, 0xF0 and 0xF4). Byte values
    # are written in decimal (Vyper reads 0x80 as a bytes1).
    due: uint256 = 0
    low: uint256 = 128
    high: uint256 = 191
    for i: uint256 in range(n, bound=32):
        b: uint256 = (word >> (248 - 8 * i)) & 255
        if due != 0:
            assert b >= low and b <= high, "factory: name is not UTF-8"
            due -= 1
            low = 128
            high = 191
        elif b < 128:
            assert b >= 32 and b != 127, "factory: control character in name"
        elif b >= 194 and b <= 223:
            due = 1
        elif b >= 224 and b <= 239:
            due = 2
            if b == 224:
                low = 160
            elif b == 237:
                high = 159
        else:
            assert b >= 240 and b <= 244, "factory: name is not UTF-8"
            due = 3
            if b == 240:
                low = 144
            elif b == 244:
                high = 143
    assert due == 0, "factory: name is not UTF-8"


@internal
@view
def _check_rules(rules: IMembership.AdmissionRules):
    """
    @dev Membership's bounds of the admission rules (its `_set_rules`), with
         the factory's messages; the challenge window's floor is this
         network's minimum voting period, which the factory gives the
         co-op's Membership as its `MIN_CHALLENGE_WINDOW`.
    @param rules The admission rules to check.
    """
    assert rules.sponsors_needed <= _MAX_COUNT, "factory: sponsors_needed above 65535"
    assert rules.sponsors_percent <= _MAX_PERCENT, "factory: sponsors_percent above 100"
    assert rules.objections_needed != 0, "factory: objections_needed must be at least 1"
    assert rules.objections_needed <= _MAX_COUNT, "factory: objections_needed above 65535"
    assert rules.objections_percent <= _MAX_PERCENT, "factory: objections_percent above 100"
    assert rules.sponsor_limit != 0, "factory: sponsor_limit must be at least 1"
    assert rules.sponsor_limit <= _MAX_COUNT, "factory: sponsor_limit above 65535"
    assert (
        rules.sponsor_period >= Membership.MIN_SPONSOR_PERIOD and rules.sponsor_period <= Membership.MAX_SPONSOR_PERIOD
    ), "factory: sponsor_period must be one day to one year"
    assert rules.min_tenure <= Membership.MAX_MIN_TENURE, "factory: min_tenure above one year"
    assert rules.challenge_window <= Membership.MAX_CHALLENGE_WINDOW, "factory: challenge_window above 90 days"
    assert rules.challenge_window >= MIN_VOTING_PERIOD, "factory: challenge window below this network's minimum"


@internal
@view
def _check_blueprint(blueprint: address):
    """
    @dev Refuses an address whose code is not an EIP-5202 blueprint.
    @param blueprint The address to check.
    """
    assert blueprint.is_contract, "factory: blueprint is not a contract"
    assert slice(blueprint.code, 0, 3) == _BLUEPRINT_PREAMBLE, "factory: not an EIP-5202 blueprint"


@internal
@view
def _check_chunks(chunks: address[2]):
    """
    @dev Refuses chunk contracts that do not start with the chunk reader.
    @param chunks The two chunk contracts of one initcode.
    """
    for chunk: address in chunks:
        assert chunk.is_contract, "factory: code chunk is not a contract"
        assert slice(chunk.code, 0, 11) == _CHUNK_HEADER, "factory: not a code chunk"


@internal
@view
def _chunked_initcode(chunks: address[2]) -> Bytes[_MAX_CHUNKED_INITCODE]:
    """
    @dev The initcode stored in two chunk contracts: each returns its
         chunk to a call (see `_CHUNK_HEADER`).
    @param chunks The two chunk contracts, first half first.
    @return Bytes The joined initcode.
    """
    first: Bytes[_MAX_CHUNK] = raw_call(chunks[0], b"", max_outsize=_MAX_CHUNK, is_static_call=True)
    second: Bytes[_MAX_CHUNK] = raw_call(chunks[1], b"", max_outsize=_MAX_CHUNK, is_static_call=True)
    return concat(first, second)
