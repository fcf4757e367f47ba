# pragma version ~=0.4.3
# pragma nonreentrancy off
"""
@title ResourcePool: the co-op's community store and its fair distribution
@custom:contract-name ResourcePool
@license GNU Affero General Public License v3.0 only
@notice Anyone gives the co-op's produce (HarvestToken) or credit
        (CoopCredit) to the pool; the co-op's exchange sends its fee here;
        the co-op's members take an equal share of it, epoch by epoch.

        Resources. One harvest batch (the harvest token and the batch id) or
        the credit (the credit token and id 0; batch ids start at 1). Only
        the co-op's own harvest token and credit are accepted.

        Giving. `donate` pulls the tokens (approve the pool first) and checks
        that the pool's balance grew by exactly the amount, as the exchange's
        `safe_transfer` module does; harvest sent straight to the pool (a
        `safeTransferFrom` to it, or the exchange's fee) is a donation too
        (`onERC1155Received`). Every donation is a `Donated` event. Credit
        sent by a plain ERC-20 `transfer` cannot be announced to the pool (no
        hook); it is simply part of what the pool holds.

        Taking. In each epoch a member (of this co-op only, not of a
        federated one) may claim of each resource at most
        - its equal share: what the pool held of it when the epoch's first
          action on it ran, divided by the members when the epoch's first
          action ran, and
        - the per-member limit governance sets (grams of each batch, credit).
        Both are recorded once per epoch by its first action (any `donate`,
        `claim`, `compost` or harvest arriving), so early claimers cannot
        empty the pool before the others come: the shares of all members
        together never exceed what was recorded. A member who joined during
        the running epoch claims from the next one (it was not counted). A
        claim of a frozen or expired batch, of more than the pool holds, over
        either bound, or by a non-member is refused. Every claim is a
        `Claimed` event with the member, the resource, the amount and the
        epoch, so the distribution is public. The tokens go to the claimer
        itself (a push: only the claimer's own wallet can refuse them),
        through HarvestToken's `send_from_coop`, which checks the pool's
        registration before asking Membership about the claimer, so a claim
        never looks through the federated co-ops' registers.

        Composting. Expired produce in the pool can be composted by anyone
        (`compost`), so the pool never keeps dead food.

        Nothing loops over members, donations or claims: a claim reads one
        word of the epoch, one of the resource and the word of the member's
        first claim of the epoch, which it rewrites (a claim of another
        resource in the same epoch reads and rewrites the member's record
        of that resource too).
@custom:kill There is no pause. Governance can set either per-member limit
             to 0 (no claims of that kind), set the exchange's fee to 0 and
             retire the pool in HarvestToken (`set_coop_contract(pool,
             False)`: no harvest comes in; what the pool holds can still be
             claimed or composted). Nobody can take tokens out but members
             by `claim` and anyone by composting expired produce.
@custom:security Report vulnerabilities to security@harvest-coop.invalid.
"""

from ethereum.ercs import IERC165
from ethereum.ercs import IERC20

implements: IERC165

from interfaces import IHarvestToken
from interfaces import IMembership
from interfaces import IResourcePool

implements: IResourcePool

from snekmate.tokens.interfaces import IERC1155

import safe_transfer


# @dev Bounds of the epoch length governance may set, and its default.
MIN_EPOCH_LENGTH: public(constant(uint256)) = 86_400
MAX_EPOCH_LENGTH: public(constant(uint256)) = 365 * 86_400
DEFAULT_EPOCH_LENGTH: public(constant(uint256)) = 7 * 86_400

# @dev Bound of either per-member limit (HarvestToken's largest batch is
# 10**30 grams), and the limits at deployment: 10 kg of each batch and 100
# credit per member per epoch.
MAX_CLAIM_LIMIT: public(constant(uint256)) = 10**30
DEFAULT_HARVEST_LIMIT: public(constant(uint256)) = 10_000
DEFAULT_CREDIT_LIMIT: public(constant(uint256)) = 100 * 10**18

# @dev `_state`, one word: the epoch schedule and the running epoch's record.
# Bits 0..39 the epoch length, 40..79 the length of the epoch that was
# running when the length last changed, 80..119 when epoch `base epoch`
# begins, 120..151 the base epoch, 152..183 the recorded epoch (0: none
# yet), 184..223 its start, 224..255 the members its first action counted.
# Epochs are numbered from 1; epoch `base + k` begins at `base time + k *
# length`, and before `base time` the epoch `base - 1` is still running.
_TIME_MASK: constant(uint256) = 2**40 - 1
_NUMBER_MASK: constant(uint256) = 2**32 - 1
_PREVIOUS_SHIFT: constant(uint256) = 40
_BASE_TIME_SHIFT: constant(uint256) = 80
_BASE_EPOCH_SHIFT: constant(uint256) = 120
_RECORDED_SHIFT: constant(uint256) = 152
_START_SHIFT: constant(uint256) = 184
_MEMBERS_SHIFT: constant(uint256) = 224
_SCHEDULE_MASK: constant(uint256) = 2**152 - 1

# @dev `_stock[id]`: bits 0..31 the epoch it was recorded in, 32..143 what
# the pool held of the resource at the epoch's first action on it (capped at
# 2**112 - 1: a cap only ever lowers a share), 144..255 the per-member
# limit in force then.
_HELD_SHIFT: constant(uint256) = 32
_HELD_MASK: constant(uint256) = 2**112 - 1
_LIMIT_SHIFT: constant(uint256) = 144

# @dev A member's claims of an epoch are kept in two places. Its first claim
# of the epoch (of whatever resource) goes into `_first_claims[member]`,
# which it rewrites: bits 0..31 the epoch, 32..143 what the member claimed
# of that resource in it (at most a share, so below 2**112, see
# `_HELD_MASK`), 144..255 the resource's id (batch ids count up from 1 by
# one per harvest logged, so they stay far below 2**112; a larger id would
# go to `_claims`). One word per member, rewritten every epoch: only a
# member's very first claim writes a new slot. Its claims of any other
# resource in the same epoch go into `_claims[member][id]`: bits 0..31 the
# epoch, 32..255 what the member claimed of the resource in it. So when
# the first-claim word is of an earlier epoch, the member has claimed
# nothing at all in the running one; when it is of the running epoch, a
# resource's claims are in it if the ids match, else in `_claims` (written
# in this epoch only if its epoch says so).
_TAKEN_SHIFT: constant(uint256) = 32
_TAKEN_MASK: constant(uint256) = 2**112 - 1
_CLAIM_ID_SHIFT: constant(uint256) = 144
_CLAIM_ID_MAX: constant(uint256) = 2**112 - 1

# @dev `_limits`: bits 0..127 grams of each batch, 128..255 credit.
_LIMIT_MASK: constant(uint256) = 2**128 - 1
_CREDIT_LIMIT_SHIFT: constant(uint256) = 128

# @dev ERC-165 ids: ERC-165 and ERC-1155 token receiver.
_ERC1155_RECEIVER_ID: constant(bytes4) = 0x4E2312E0
_SUPPORTED_INTERFACES: constant(bytes4[2]) = [0x01FFC9A7, _ERC1155_RECEIVER_ID]

_ON_RECEIVED: constant(bytes4) = method_id(
    "onERC1155Received(address,address,uint256,uint256,bytes)",
    output_type=bytes4,
)


# @dev The co-op's member register: who may claim, and how many share.
MEMBERSHIP: public(immutable(IMembership))

# @dev The co-op's timelock: the only privileged account.
TIMELOCK: public(immutable(address))

# @dev The co-op's HarvestToken (ERC-1155) and CoopCredit (ERC-20): the
# only tokens the pool takes.
HARVEST: public(immutable(address))
CREDIT: public(immutable(address))


# @dev See the `_state` constants.
_state: uint256

# @dev See the `_limits` constants.
_limits: uint256

# @dev Per resource (the batch id, or 0 for the credit), see `_HELD_SHIFT`.
_stock: HashMap[uint256, uint256]

# @dev Per member, its first claim of its latest epoch with claims; see
# `_TAKEN_SHIFT`.
_first_claims: HashMap[address, uint256]

# @dev Per member and resource, its claims of the resource in an epoch when
# they were not its first claim of the epoch; see `_TAKEN_SHIFT`.
_claims: HashMap[address, HashMap[uint256, uint256]]


@deploy
def __init__(membership_: IMembership, timelock_: address, harvest_: address, credit_: address):
    """
    @dev The deployer keeps no role. The first epoch begins now, with the
         default length and limits.
    @param membership_ The co-op's Membership.
    @param timelock_ The co-op's timelock; must be Membership's.
    @param harvest_ The co-op's HarvestToken; its Membership must be the
           co-op's.
    @param credit_ The co-op's CoopCredit; its timelock must be the co-op's.
    """
    assert timelock_ != empty(address), "pool: timelock is the zero address"
    assert (staticcall membership_.TIMELOCK()) == timelock_, "pool: timelock is not the co-op's"
    assert harvest_.is_contract, "pool: harvest token is not a contract"
    assert (
        staticcall IHarvestToken(harvest_).MEMBERSHIP()
    ) == membership_.address, "pool: harvest token is not the co-op's"
    assert credit_.is_contract, "pool: credit is not a contract"
    assert (
        safe_transfer._answers_true(credit_, abi_encode(timelock_, method_id=method_id("is_minter(address)")))
    ), "pool: credit is not the co-op's"
    MEMBERSHIP = membership_
    TIMELOCK = timelock_
    HARVEST = harvest_
    CREDIT = credit_
    self._state = DEFAULT_EPOCH_LENGTH | (block.timestamp << _BASE_TIME_SHIFT) | (1 << _BASE_EPOCH_SHIFT)
    log IResourcePool.EpochLengthSet(epoch_length=DEFAULT_EPOCH_LENGTH, from_epoch=1, from_time=block.timestamp)
    self._limits = DEFAULT_HARVEST_LIMIT | (DEFAULT_CREDIT_LIMIT << _CREDIT_LIMIT_SHIFT)
    log IResourcePool.ClaimLimitsSet(harvest_limit=DEFAULT_HARVEST_LIMIT, credit_limit=DEFAULT_CREDIT_LIMIT)


# ------------------------------------------------------------ give and take


@external
@nonreentrant
def donate(token: address, id: uint256, amount: uint256):
    """
    @notice Give `amount` of the co-op's harvest batch `id`, or of its
            credit (`id` 0), to the pool. The pool pulls it: approve the
            pool first (`setApprovalForAll` for harvest, `approve` for
            credit). Harvest can also be given by sending it to the pool.
    @dev Refused unless the pool's balance grows by exactly `amount`.
         HarvestToken's own rules apply to the harvest moved (the donor
         must be a member of this or a federated co-op; the batch must be
         fresh and not frozen).
    @param token The co-op's HarvestToken or CoopCredit.
    @param id The batch id; 0 for credit.
    @param amount How much (grams, or credit in its smallest unit).
    """
    assert amount != 0, "pool: zero amount"
    is_harvest: bool = self._check_token(token, id)
    epoch: uint256 = 0
    start: uint256 = 0
    members: uint256 = 0
    epoch, start, members = self._touch_epoch()
    before: uint256 = self._held(is_harvest, id)
    self._touch_stock(id, is_harvest, epoch, members, before)
    log IResourcePool.Donated(donor=msg.sender, id=id, amount=amount, epoch=epoch)
    if is_harvest:
        extcall IERC1155(token).safeTransferFrom(msg.sender, self, id, amount, b"")
    else:
        safe_transfer._call_erc20(
            token, abi_encode(msg.sender, self, amount, method_id=method_id("transferFrom(address,address,uint256)"))
        )
    assert self._held(is_harvest, id) == before + amount, "pool: balance change differs from amount"


@external
@nonreentrant
def claim(token: address, id: uint256, amount: uint256):
    """
    @notice Take `amount` of the co-op's harvest batch `id`, or of its
            credit (`id` 0), from the pool; it is sent to you.
    @dev Members of this co-op only, and only those who joined before the
         running epoch began. In one epoch a member's claims of one
         resource add up to at most its equal share (what the pool held of
         it at the epoch's first action on it, divided by the members at
         the epoch's first action) and at most the per-member limit
         recorded with it. The batch must be fresh and not frozen.
    @param token The co-op's HarvestToken or CoopCredit.
    @param id The batch id; 0 for credit.
    @param amount How much (grams, or credit in its smallest unit).
    """
    assert amount != 0, "pool: zero amount"
    is_harvest: bool = self._check_token(token, id)
    joined: uint256 = staticcall MEMBERSHIP.member_since(msg.sender)
    assert joined != 0, "pool: only members of this co-op claim"
    epoch: uint256 = 0
    start: uint256 = 0
    members: uint256 = 0
    epoch, start, members = self._touch_epoch()
    assert joined < start, "pool: you joined during this epoch; claim from the next one"
    stock: uint256 = self._stock[id]
    if stock & _NUMBER_MASK != epoch:
        # The epoch's first action on this resource records what the pool
        # holds. Afterwards the pool holds at least what is left of every
        # share (only claims take from a fresh batch or the credit), so a
        # claim within its share needs no balance read; a refused one is
        # explained below.
        if is_harvest:
            self._check_fresh(id)
        held: uint256 = self._held(is_harvest, id)
        assert amount <= held, "pool: the pool holds less than that"
        stock = self._record_stock(id, is_harvest, epoch, members, held)

    taken: uint256 = 0
    # What the member took of the resource in this epoch, and whether its
    # record is the member's first-claim word: `_taken` (which the views
    # call) inlined, a hundred gas less per claim.
    in_first: bool = True
    first: uint256 = self._first_claims[msg.sender]
    if first & _NUMBER_MASK != epoch:
        # The member's first claim of the epoch: nothing taken yet.
        in_first = id <= _CLAIM_ID_MAX
    elif first >> _CLAIM_ID_SHIFT == id:
        taken = (first >> _TAKEN_SHIFT) & _TAKEN_MASK
    else:
        in_first = False
    if not in_first:
        word: uint256 = self._claims[msg.sender][id]
        if word & _NUMBER_MASK == epoch:
            taken = word >> _TAKEN_SHIFT

    # `taken` is at most a share (below 2**112). `amount` is counted up to
    # 2**112, which no share reaches: the sum cannot overflow (so a huge
    # `amount` is refused with the reason below, not a bare revert) and is
    # above the share whenever `amount` is, so a `total` that passes is
    # `taken + amount`.
    total: uint256 = unsafe_add(taken, min(amount, _HELD_MASK + 1))
    if total > self._share(stock, members):
        if is_harvest:
            self._check_fresh(id)
        assert amount <= self._held(is_harvest, id), "pool: the pool holds less than that"
        raise "pool: above your equal share of this epoch"
    assert total <= stock >> _LIMIT_SHIFT, "pool: above the per-member limit of this epoch"
    if in_first:
        # `total` is at most a share (checked above), so below 2**112, and
        # `in_first` holds only for an id up to `_CLAIM_ID_MAX`: the fields
        # do not overlap.
        self._first_claims[msg.sender] = epoch | (total << _TAKEN_SHIFT) | (id << _CLAIM_ID_SHIFT)
    else:
        self._claims[msg.sender][id] = epoch | (total << _TAKEN_SHIFT)
    log IResourcePool.Claimed(member=msg.sender, id=id, amount=amount, epoch=epoch)
    if is_harvest:
        # A batch frozen or past its best-before since the epoch's first
        # action on it cannot move: say so rather than HarvestToken's words;
        # any other refusal (the claimer's own wallet) is passed on as is.
        success: bool = False
        response: Bytes[256] = b""
        success, response = raw_call(
            HARVEST,
            abi_encode(msg.sender, id, amount, method_id=method_id("send_from_coop(address,uint256,uint256)")),
            max_outsize=256,
            revert_on_failure=False,
        )
        if not success:
            self._check_fresh(id)
            raw_revert(response)
    else:
        safe_transfer._call_erc20(
            token, abi_encode(msg.sender, amount, method_id=method_id("transfer(address,uint256)"))
        )


@external
@nonreentrant
def compost(id: uint256) -> uint256:
    """
    @notice Compost all the pool holds of batch `id`, which is past its
            best-before. Anyone may call.
    @dev A frozen batch is governance's evidence and is never composted
         here (HarvestToken composts a frozen batch only out of a holder
         that is not a co-op contract; governance unfreezes it first).
    @param id The batch id.
    @return uint256 The grams composted.
    """
    batch: IHarvestToken.Batch = staticcall IHarvestToken(HARVEST).batch(id)
    assert batch.grams != 0, "pool: unknown batch"
    assert not batch.frozen, "pool: batch frozen; governance decides about it"
    assert convert(batch.best_before, uint256) < block.timestamp, "pool: batch not expired"
    amount: uint256 = staticcall IERC1155(HARVEST).balanceOf(self, id)
    assert amount != 0, "pool: the pool holds none of this batch"
    epoch: uint256 = 0
    start: uint256 = 0
    members: uint256 = 0
    epoch, start, members = self._touch_epoch()
    log IResourcePool.Composted(id=id, caller=msg.sender, amount=amount, epoch=epoch)
    extcall IHarvestToken(HARVEST).compost(id, amount)
    return amount


# ------------------------------------------------------------ ERC-1155 hooks


@external
def onERC1155Received(
    _operator: address,
    _from: address,
    _id: uint256,
    _value: uint256,
    _data: Bytes[1_024],
) -> bytes4:
    """
    @notice ERC-1155 receiver hook: the co-op's harvest sent to the pool is
            a donation (`Donated`, from `_from`), the exchange's fee among
            it. Any other token is refused.
    @dev Not locked against reentrancy: it runs inside `donate` (where the
         pool pulled the tokens itself and `donate` does the accounting) and
         may run inside a claim if the claimer's wallet sends harvest back;
         it only records the epoch and the resource (if this is their first
         action) and logs.
    @param _operator Who moved the tokens.
    @param _from The donor.
    @param _id The batch id.
    @param _value The grams.
    @param _data Ignored.
    @return bytes4 The `onERC1155Received` selector.
    """
    assert msg.sender == HARVEST, "pool: only the co-op's harvest token"
    if _operator != self:
        epoch: uint256 = 0
        start: uint256 = 0
        members: uint256 = 0
        epoch, start, members = self._touch_epoch()
        # The token credited `_value` before calling: what the pool held
        # before is the balance less `_value`.
        self._touch_stock(_id, True, epoch, members, staticcall IERC1155(HARVEST).balanceOf(self, _id) - _value)
        log IResourcePool.Donated(donor=_from, id=_id, amount=_value, epoch=epoch)
    return _ON_RECEIVED


@external
@view
def onERC1155BatchReceived(
    _operator: address,
    _from: address,
    _ids: DynArray[uint256, 128],
    _values: DynArray[uint256, 128],
    _data: Bytes[1_024],
) -> bytes4:
    """
    @notice ERC-1155 batch receiver hook: always refuses; give batches one
            by one (each donation is one event).
    @param _operator Who moved the tokens.
    @param _from The previous holder.
    @param _ids The token ids.
    @param _values The amounts.
    @param _data Ignored.
    @return bytes4 Never returns.
    """
    raise "pool: batch transfers refused; give one batch at a time"


@external
@view
def supportsInterface(interface_id: bytes4) -> bool:
    """
    @notice ERC-165: ERC-165 and ERC-1155 token receiver (the exchange
            checks it before sending its fee here).
    @param interface_id The 4-byte interface identifier.
    @return bool Whether the interface is supported.
    """
    return interface_id in _SUPPORTED_INTERFACES


# --------------------------------------------------------------- governance


@external
def set_epoch_length(epoch_length: uint256):
    """
    @notice Set the epoch length (one day to one year). Timelock only (a
            passed proposal). The running epoch keeps its length; the new
            one applies from the next epoch, which begins when the running
            one ends.
    @param epoch_length Seconds.
    """
    self._only_timelock()
    assert (
        epoch_length >= MIN_EPOCH_LENGTH and epoch_length <= MAX_EPOCH_LENGTH
    ), "pool: epoch length must be one day to one year"
    state: uint256 = self._state
    epoch: uint256 = 0
    start: uint256 = 0
    end: uint256 = 0
    epoch, start, end = self._current(state)
    # Cannot overflow: epochs are numbered below 2**32 and times below 2**40
    # for millennia.
    next_epoch: uint256 = unsafe_add(epoch, 1)
    self._state = (
        (state & ~_SCHEDULE_MASK)
        | epoch_length
        | (unsafe_sub(end, start) << _PREVIOUS_SHIFT)
        | (end << _BASE_TIME_SHIFT)
        | (next_epoch << _BASE_EPOCH_SHIFT)
    )
    log IResourcePool.EpochLengthSet(epoch_length=epoch_length, from_epoch=next_epoch, from_time=end)


@external
def set_claim_limits(harvest_limit: uint256, credit_limit: uint256):
    """
    @notice Set the per-member limits per epoch: grams of each batch and
            credit (each at most `MAX_CLAIM_LIMIT`; 0 stops claims of that
            kind). Timelock only (a passed proposal). A resource already
            recorded in the running epoch keeps the limit recorded with it
            until the epoch ends.
    @param harvest_limit Grams of each batch a member may claim per epoch.
    @param credit_limit Credit (smallest unit) a member may claim per epoch.
    """
    self._only_timelock()
    assert harvest_limit <= MAX_CLAIM_LIMIT, "pool: harvest limit above the maximum"
    assert credit_limit <= MAX_CLAIM_LIMIT, "pool: credit limit above the maximum"
    self._limits = harvest_limit | (credit_limit << _CREDIT_LIMIT_SHIFT)
    log IResourcePool.ClaimLimitsSet(harvest_limit=harvest_limit, credit_limit=credit_limit)


# -------------------------------------------------------------------- views


@external
@view
def epoch() -> (uint256, uint256, uint256):
    """
    @notice The running epoch.
    @return uint256 Its number (epochs are numbered from 1).
    @return uint256 When it began.
    @return uint256 When it ends (the next one begins).
    """
    return self._current(self._state)


@external
@view
def epoch_length() -> uint256:
    """
    @notice The epoch length in seconds, of every epoch from the last change
            on (the running epoch may still have the previous length: see
            `epoch`).
    @return uint256 Seconds.
    """
    return self._state & _TIME_MASK


@external
@view
def claim_limits() -> (uint256, uint256):
    """
    @notice The per-member limits per epoch now in force.
    @return uint256 Grams of each batch.
    @return uint256 Credit, in its smallest unit.
    """
    limits: uint256 = self._limits
    return limits & _LIMIT_MASK, limits >> _CREDIT_LIMIT_SHIFT


@external
@view
def epoch_members() -> uint256:
    """
    @notice The members among whom the running epoch is shared: the count
            its first action recorded, or the member count now if no action
            has run in it yet.
    @return uint256 The member count.
    """
    state: uint256 = self._state
    if (state >> _RECORDED_SHIFT) & _NUMBER_MASK == self._epoch_number(state):
        return state >> _MEMBERS_SHIFT
    return staticcall MEMBERSHIP.totalSupply()


@external
@view
def holdings_at_epoch_start(token: address, id: uint256) -> uint256:
    """
    @notice What the pool held of (`token`, `id`) at the running epoch's
            first action on it, which the shares of this epoch divide; what
            it holds now if no action on it has run in this epoch yet.
    @param token The co-op's HarvestToken or CoopCredit.
    @param id The batch id; 0 for credit.
    @return uint256 The holdings.
    """
    is_harvest: bool = self._check_token(token, id)
    stock: uint256 = self._stock[id]
    if stock & _NUMBER_MASK == self._epoch_number(self._state):
        return (stock >> _HELD_SHIFT) & _HELD_MASK
    return self._held(is_harvest, id)


@external
@view
def claimed(member: address, token: address, id: uint256) -> uint256:
    """
    @notice What `member` claimed of (`token`, `id`) in the running epoch.
    @param member The member.
    @param token The co-op's HarvestToken or CoopCredit.
    @param id The batch id; 0 for credit.
    @return uint256 The amount.
    """
    self._check_token(token, id)
    taken: uint256 = 0
    in_first: bool = False
    taken, in_first = self._taken(member, id, self._epoch_number(self._state))
    return taken


@external
@view
def claimable(member: address, token: address, id: uint256) -> uint256:
    """
    @notice What `member` may claim of (`token`, `id`) now: the least of
            what is left of its equal share and of its limit in this epoch
            and of what the pool holds; 0 if it may not claim it at all
            (not a member of this co-op, joined during this epoch, a frozen
            or expired batch).
    @param member The member.
    @param token The co-op's HarvestToken or CoopCredit.
    @param id The batch id; 0 for credit.
    @return uint256 The amount.
    """
    is_harvest: bool = self._check_token(token, id)
    joined: uint256 = staticcall MEMBERSHIP.member_since(member)
    state: uint256 = self._state
    epoch: uint256 = 0
    start: uint256 = 0
    end: uint256 = 0
    epoch, start, end = self._current(state)
    if joined == 0 or joined >= start:
        return 0
    if is_harvest and not staticcall IHarvestToken(HARVEST).is_transferable(id):
        return 0
    members: uint256 = state >> _MEMBERS_SHIFT
    if (state >> _RECORDED_SHIFT) & _NUMBER_MASK != epoch:
        members = staticcall MEMBERSHIP.totalSupply()
    held: uint256 = self._held(is_harvest, id)
    stock: uint256 = self._stock[id]
    if stock & _NUMBER_MASK != epoch:
        stock = self._stock_word(is_harvest, epoch, held)
    taken: uint256 = 0
    in_first: bool = False
    taken, in_first = self._taken(member, id, epoch)
    bound: uint256 = min(self._share(stock, members), stock >> _LIMIT_SHIFT)
    if taken >= bound:
        return 0
    return min(bound - taken, held)


# ---------------------------------------------------------------- internals


@internal
@view
def _only_timelock():
    """
    @dev Reverts unless the caller is the timelock (a passed proposal).
    """
    assert msg.sender == TIMELOCK, "pool: only the timelock (a passed proposal)"


@internal
@view
def _check_token(token: address, id: uint256) -> bool:
    """
    @dev Refuses every token but the co-op's harvest (ids from 1) and
         credit (with id 0).
    @param token The token.
    @param id The batch id, or 0 for credit.
    @return bool True for harvest, False for credit.
    """
    if token == HARVEST:
        # Batch ids start at 1; the records of id 0 are the credit's.
        assert id != 0, "pool: harvest batch ids start at 1"
        return True
    assert token == CREDIT, "pool: only the co-op's harvest token and credit"
    assert id == 0, "pool: credit has no id (use 0)"
    return False


@internal
@view
def _held(is_harvest: bool, id: uint256) -> uint256:
    """
    @dev What the pool holds of a resource: its balance.
    @param is_harvest Harvest (batch `id`) or credit.
    @param id The batch id.
    @return uint256 The balance.
    """
    if is_harvest:
        return staticcall IERC1155(HARVEST).balanceOf(self, id)
    return staticcall IERC20(CREDIT).balanceOf(self)


@internal
@view
def _check_fresh(id: uint256):
    """
    @dev Refuses a batch that cannot move (unknown, frozen or expired), with
         the reason. Reading the batch here warms the slot the transfer
         reads again, so the check costs little more than the call.
    @param id The batch id.
    """
    if staticcall IHarvestToken(HARVEST).is_transferable(id):
        return
    batch: IHarvestToken.Batch = staticcall IHarvestToken(HARVEST).batch(id)
    assert batch.grams != 0, "pool: unknown batch"
    assert not batch.frozen, "pool: batch frozen"
    raise "pool: batch expired; it can only be composted"


@internal
@view
def _current(state: uint256) -> (uint256, uint256, uint256):
    """
    @dev The running epoch under the schedule in `state`.
    @param state The `_state` word.
    @return uint256 The epoch's number.
    @return uint256 When it began.
    @return uint256 When it ends.
    """
    base_time: uint256 = (state >> _BASE_TIME_SHIFT) & _TIME_MASK
    base_epoch: uint256 = (state >> _BASE_EPOCH_SHIFT) & _NUMBER_MASK
    if block.timestamp < base_time:
        # The epoch running when the length last changed: it keeps its
        # length and ends at `base_time`. Cannot underflow: that epoch
        # began before the change, at `base_time - previous length`, and
        # `base_epoch >= 2` whenever `base_time` is in the future.
        return (
            unsafe_sub(base_epoch, 1),
            unsafe_sub(base_time, (state >> _PREVIOUS_SHIFT) & _TIME_MASK),
            base_time,
        )
    length: uint256 = state & _TIME_MASK
    # Cannot underflow: `block.timestamp >= base_time`; `length` is at least
    # a day. The products and sums stay far below 2**256.
    k: uint256 = unsafe_div(unsafe_sub(block.timestamp, base_time), length)
    start: uint256 = unsafe_add(base_time, unsafe_mul(k, length))
    return unsafe_add(base_epoch, k), start, unsafe_add(start, length)


@internal
@view
def _epoch_number(state: uint256) -> uint256:
    """
    @dev The running epoch's number under the schedule in `state`.
    @param state The `_state` word.
    @return uint256 The number.
    """
    epoch: uint256 = 0
    start: uint256 = 0
    end: uint256 = 0
    epoch, start, end = self._current(state)
    return epoch


@internal
def _touch_epoch() -> (uint256, uint256, uint256):
    """
    @dev The running epoch, recorded by its first action: its number, its
         start and the member count now (`EpochStarted`).
    @return uint256 The epoch's number.
    @return uint256 When it began.
    @return uint256 The members its first action counted.
    """
    state: uint256 = self._state
    epoch: uint256 = 0
    start: uint256 = 0
    end: uint256 = 0
    epoch, start, end = self._current(state)
    if (state >> _RECORDED_SHIFT) & _NUMBER_MASK == epoch:
        return epoch, start, state >> _MEMBERS_SHIFT
    # Membership's member count is below 2**32 (its votes are 32 bits).
    members: uint256 = staticcall MEMBERSHIP.totalSupply()
    self._state = (
        (state & _SCHEDULE_MASK) | (epoch << _RECORDED_SHIFT) | (start << _START_SHIFT) | (members << _MEMBERS_SHIFT)
    )
    log IResourcePool.EpochStarted(epoch=epoch, start=start, members=members)
    return epoch, start, members


@internal
@view
def _taken(member: address, id: uint256, epoch: uint256) -> (uint256, bool):
    """
    @dev What `member` claimed of resource `id` in `epoch` (the running
         one), and where its record of the epoch is (or, for its first
         claim of the epoch, goes): its first-claim word or `_claims`. See
         `_TAKEN_SHIFT`.
    @param member The member.
    @param id The batch id; 0 for credit.
    @param epoch The running epoch.
    @return uint256 The amount.
    @return bool True if the record is the member's first-claim word.
    """
    first: uint256 = self._first_claims[member]
    if first & _NUMBER_MASK != epoch:
        # No claim by the member in this epoch yet (its first one, of any
        # id up to `_CLAIM_ID_MAX`, would have written this word): nothing
        # taken, and this claim is its first of the epoch.
        if id <= _CLAIM_ID_MAX:
            return 0, True
    elif first >> _CLAIM_ID_SHIFT == id:
        return (first >> _TAKEN_SHIFT) & _TAKEN_MASK, True
    # Another resource than the epoch's first claim (or an id too large for
    # the first-claim word): its own record, if written in this epoch.
    word: uint256 = self._claims[member][id]
    if word & _NUMBER_MASK == epoch:
        return word >> _TAKEN_SHIFT, False
    return 0, False


@internal
@view
def _stock_word(is_harvest: bool, epoch: uint256, held: uint256) -> uint256:
    """
    @dev A resource's record for `epoch`: what the pool holds (capped) and
         the per-member limit now in force for its kind.
    @param is_harvest Harvest or credit.
    @param epoch The epoch.
    @param held What the pool holds of it.
    @return uint256 The `_stock` word.
    """
    limits: uint256 = self._limits
    limit: uint256 = limits & _LIMIT_MASK
    if not is_harvest:
        limit = limits >> _CREDIT_LIMIT_SHIFT
    return epoch | (min(held, _HELD_MASK) << _HELD_SHIFT) | (limit << _LIMIT_SHIFT)


@internal
def _touch_stock(id: uint256, is_harvest: bool, epoch: uint256, members: uint256, held: uint256):
    """
    @dev Records a resource for the running epoch unless the epoch's first
         action on it did already.
    @param id The batch id; 0 for credit.
    @param is_harvest Harvest or credit.
    @param epoch The running epoch.
    @param members The members the epoch's first action counted.
    @param held What the pool holds of it before this action.
    """
    if self._stock[id] & _NUMBER_MASK != epoch:
        self._record_stock(id, is_harvest, epoch, members, held)


@internal
def _record_stock(id: uint256, is_harvest: bool, epoch: uint256, members: uint256, held: uint256) -> uint256:
    """
    @dev Writes a resource's record for the running epoch, by the epoch's
         first action on it, from what the pool holds before that action
         (`HoldingsRecorded`).
    @param id The batch id; 0 for credit.
    @param is_harvest Harvest or credit.
    @param epoch The running epoch.
    @param members The members the epoch's first action counted.
    @param held What the pool holds of it before this action.
    @return uint256 The `_stock` word.
    """
    stock: uint256 = self._stock_word(is_harvest, epoch, held)
    self._stock[id] = stock
    log IResourcePool.HoldingsRecorded(
        id=id,
        epoch=epoch,
        holdings=(stock >> _HELD_SHIFT) & _HELD_MASK,
        share=self._share(stock, members),
        limit=stock >> _LIMIT_SHIFT,
    )
    return stock


@internal
@pure
def _share(stock: uint256, members: uint256) -> uint256:
    """
    @dev One member's equal share of a resource in its recorded epoch.
    @param stock The resource's `_stock` word.
    @param members The members the epoch's first action counted.
    @return uint256 The holdings divided by the members (0 if none).
    """
    if members == 0:
        return 0
    return unsafe_div((stock >> _HELD_SHIFT) & _HELD_MASK, members)
