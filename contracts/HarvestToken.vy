# pragma version ~=0.4.3
# pragma nonreentrancy off
"""
@title HarvestToken: produce as perishable ERC-1155 harvest batches
@custom:contract-name HarvestToken
@license GNU Affero General Public License v3.0 only
@notice Each token id is one harvest batch (crop, grams, grower, harvest
        time, best-before time, origin); one token is one gram. A member logs
        their own harvest and receives the whole batch. `uri(id)` returns the
        batch's JSON metadata on chain as a `data:` URI.

        Co-op rules on top of ERC-1155:
        - Only members of the co-op network (this co-op and the co-ops it
          federated with, as `Membership.is_network_member` says) and the
          co-op contracts that the timelock registered (exchange, pool) can
          send or receive harvest tokens. An outsider can never receive them.
          A member who left keeps what they hold but can only redeem or
          compost it. A co-op contract the timelock retired can no longer
          receive (not even if a federated co-op admits it as a member) but
          still sends what it holds (an exchange pays out its escrows).
        - Perishable: after `best_before` a batch never moves again (single or
          batch transfer) and cannot be redeemed; it can only be composted.
          No batch is logged with a best-before more than the maximum shelf
          life after its harvest (a year by default; the timelock sets it,
          up to three years).
        - The timelock can freeze a batch (a passed proposal, e.g. a
          fraudulent harvest): a frozen batch cannot move, be redeemed or be
          composted by its holders; it is governance's evidence. Only the
          timelock composts it (`compost_frozen`, never out of a co-op
          contract, whose holdings belong to its escrows).
        - Burning is `redeem` (picked up) or `compost`, each with its event.
        Every privileged function is the timelock's; the deployer keeps
        nothing (snekmate's owner and minter roles are moved or cleared in
        the constructor; `owner()` reads the timelock).

        Why the transfer, mint and burn bodies are here and not snekmate's:
        Vyper modules cannot override a module's internal hooks
        (`_before_token_transfer`), so the co-op rules cannot be put inside
        snekmate's `safeTransferFrom`. The contract therefore `initializes`
        snekmate's `erc1155`, exports its views and approvals unchanged, and
        re-implements the state-changing paths (single and batch transfer,
        mint, burn) on the module's own storage (`balanceOf`, `total_supply`,
        `isApprovedForAll`) and events (`IERC1155.TransferSingle/Batch`),
        following the same checks-effects-interactions order and receiver
        checks. Wrapping snekmate's `_safe_transfer_from` instead would work
        but its hook plumbing (singleton arrays, two hook calls, copies of
        `data` per internal call) costs ~4,000 gas more per transfer
        (measured: 29,602 against 25,618 execution gas), which breaks the
        48,000-gas target for a member-to-member transfer.
@custom:kill There is no pause. The timelock can freeze a single batch
             (`freeze`) and retire a co-op contract (`set_coop_contract`:
             it stops receiving, still pays out what it holds);
             expelling members in Membership stops them moving tokens.
@custom:security Report vulnerabilities to security@harvest-coop.invalid.
"""

from snekmate.auth import ownable
from snekmate.tokens import erc1155
from snekmate.tokens.interfaces import IERC1155
from snekmate.tokens.interfaces import IERC1155Receiver
from snekmate.utils import base64

from interfaces import IHarvestToken
from interfaces import ICoopMembers

implements: IHarvestToken

initializes: ownable
initializes: erc1155[ownable := ownable]

exports: (
    erc1155.balanceOf,
    erc1155.balanceOfBatch,
    erc1155.isApprovedForAll,
    erc1155.setApprovalForAll,
    erc1155.supportsInterface,
    erc1155.total_supply,
    erc1155.exists,
    ownable.owner,
)


# @dev Bound of the id and amount arrays of a batch transfer (snekmate's).
_BATCH_SIZE: constant(uint256) = 128

# @dev `_meta[id]`: bits 0..63 best-before, bit 64 active (set at logging,
# cleared while frozen), bits 96..255 the grower; zero for an unknown id.
# Everything a transfer checks is in this one slot, and one comparison
# checks it: `meta & _MOVABLE_MASK >= _ACTIVE_BIT | block.timestamp` holds
# exactly when the batch exists, is active and `block.timestamp <=
# best_before` (a timestamp is below 2**64, so `|` adds).
_BEST_BEFORE_MASK: constant(uint256) = 2**64 - 1
_ACTIVE_BIT: constant(uint256) = 1 << 64
_MOVABLE_MASK: constant(uint256) = 2**65 - 1
_GROWER_SHIFT: constant(uint256) = 96

# @dev `_info[id]`: bits 0..191 grams, bits 192..255 harvested-at.
_GRAMS_MASK: constant(uint256) = 2**192 - 1
_HARVESTED_SHIFT: constant(uint256) = 192

# @dev Co-op contract statuses (`coop_contract_status`): not a co-op contract;
# active (may receive, hold and send harvest); retired (may only send what it
# holds, so a retired exchange still pays out its escrows).
COOP_NONE: public(constant(uint8)) = 0
COOP_ACTIVE: public(constant(uint8)) = 1
COOP_RETIRED: public(constant(uint8)) = 2

# @dev `_counters`: bits 0..191 the number of batches logged (`batch_count`),
# bits 192..255 the maximum shelf life in seconds (`max_shelf_life`), so
# `log_harvest` reads and writes one slot for both.
_COUNT_MASK: constant(uint256) = 2**192 - 1
_SHELF_SHIFT: constant(uint256) = 192

# @dev The maximum shelf life at deployment (a year) and the most governance
# may set (three years): `best_before - harvested_at` may not exceed it, so
# no batch stays fresh for ever.
DEFAULT_MAX_SHELF_LIFE: public(constant(uint256)) = 365 * 86_400
MAX_SHELF_LIFE_CAP: public(constant(uint256)) = 3 * 365 * 86_400

# @dev Largest batch that can be logged (one token is one gram): a thousand
# tonnes, far beyond any harvest. Below 2**53, so a batch's grams are exact
# in a wallet's or a page's JavaScript number and in an index's 64-bit
# integers (sums of them too); it fits the 192 bits of `_info` many times.
MAX_GRAMS: public(constant(uint256)) = 10**12

# @dev JSON metadata is at most 1,024 bytes (snekmate's base64 input bound),
# so the data URI is the 29-byte prefix plus 1,368 base64 characters.
_JSON_BOUND: constant(uint256) = 1_024
_B64_BOUND: constant(uint256) = 1_368
_URI_BOUND: constant(uint256) = 1_397
_URI_PREFIX: constant(String[29]) = "data:application/json;base64,"

# @dev 0x8080...80, the top bit of every byte of a word (0x0101...01 is
# `max_value(uint256) // 255`): a word of text ANDed with it is zero exactly
# when all its bytes are ASCII (below 0x80).
_HIGH_BITS: constant(uint256) = max_value(uint256) // 255 * 128

_ON_RECEIVED: constant(bytes4) = method_id(
    "onERC1155Received(address,address,uint256,uint256,bytes)",
    output_type=bytes4,
)
_ON_BATCH_RECEIVED: constant(bytes4) = method_id(
    "onERC1155BatchReceived(address,address,uint256[],uint256[],bytes)",
    output_type=bytes4,
)


# @dev The co-op's member register (ICoopMembers).
MEMBERSHIP: public(immutable(ICoopMembers))

# @dev The co-op's timelock: the only privileged account.
TIMELOCK: public(immutable(address))


# @dev The batch counter and the maximum shelf life, see `_COUNT_MASK`.
# Batch ids run from 1 to `batch_count()`.
_counters: uint256

# @dev Status of co-op contracts (exchange, pool): `COOP_ACTIVE` ones may
# receive, hold and send harvest; `COOP_RETIRED` ones only send (pay out) what
# they hold; `COOP_NONE` for every other account.
_coop_status: HashMap[address, uint8]

# @dev Whether the deployment's one-time registration of the co-op's own
# contracts (`bootstrap_coop_contracts`) is done; after it only the timelock
# registers contracts.
bootstrapped: public(bool)
_DEPLOYER: immutable(address)

# @dev Packed per-batch data, see the constants above.
_meta: HashMap[uint256, uint256]
_info: HashMap[uint256, uint256]
_crop: HashMap[uint256, String[32]]
_origin: HashMap[uint256, String[128]]


@deploy
@payable
def __init__(membership_: ICoopMembers, timelock_: address):
    """
    @dev The deployer keeps no role: snekmate's `ownable` owner becomes the
         timelock and the minter role `erc1155.__init__` gives the deployer
         is revoked (this contract has no minter functions at all). The
         maximum shelf life starts at `DEFAULT_MAX_SHELF_LIFE`.
    @param membership_ The co-op's Membership contract.
    @param timelock_ The co-op's timelock; must be Membership's timelock.
    """
    assert timelock_ != empty(address), "harvest: timelock is the zero address"
    assert (staticcall membership_.TIMELOCK()) == timelock_, "harvest: timelock is not the co-op's"
    ownable.__init__()
    erc1155.__init__("")
    erc1155.is_minter[msg.sender] = False
    log erc1155.RoleMinterChanged(minter=msg.sender, status=False)
    ownable._transfer_ownership(timelock_)
    MEMBERSHIP = membership_
    TIMELOCK = timelock_
    _DEPLOYER = msg.sender
    self._counters = DEFAULT_MAX_SHELF_LIFE << _SHELF_SHIFT
    log IHarvestToken.MaxShelfLifeSet(max_shelf_life=DEFAULT_MAX_SHELF_LIFE)


# ------------------------------------------------------------ ERC-1155 moves


@external
def safeTransferFrom(
    owner: address,
    to: address,
    id: uint256,
    amount: uint256,
    data: Bytes[1_024],
):
    """
    @notice Moves `amount` grams of batch `id` from `owner` to `to`.
    @dev ERC-1155 `safeTransferFrom` with the co-op rules: `owner` and `to`
         must be network members or registered co-op contracts, the batch
         must not be frozen or past best-before, `amount` must be non-zero.
         The caller is `owner` or an approved operator. If `to` is a
         contract it must accept through `onERC1155Received`.
    @param owner The current holder.
    @param to The receiver.
    @param id The batch id.
    @param amount The number of grams to move.
    @param data Passed unchanged to the receiver hook.
    """
    if owner == msg.sender:
        self._transfer(owner, to, id, amount)
    else:
        assert erc1155.isApprovedForAll[owner][msg.sender], "harvest: caller is not holder or approved"
        if to == msg.sender and self._coop_status[to] == COOP_ACTIVE:
            # A co-op contract pulling produce into itself (a donation to
            # the pool, an escrow fill): its registration is the receiver's
            # check, so no federated co-op's register is asked about it.
            self._check_sender(owner)
            self._move(owner, to, id, amount)
        else:
            self._transfer(owner, to, id, amount)
    if to.is_contract:
        self._refuse_retired(to)
        assert (
            extcall IERC1155Receiver(to).onERC1155Received(msg.sender, owner, id, amount, data)
        ) == _ON_RECEIVED, "harvest: receiver rejected the tokens"


@external
def safeBatchTransferFrom(
    owner: address,
    to: address,
    ids: DynArray[uint256, _BATCH_SIZE],
    amounts: DynArray[uint256, _BATCH_SIZE],
    data: Bytes[1_024],
):
    """
    @notice Moves several batches from `owner` to `to` at once.
    @dev Batched `safeTransferFrom`: every id is checked as in the single
         transfer, and one bad id (unknown, frozen, expired, zero amount,
         short balance) reverts the whole batch. `ids` and `amounts` have
         the same, non-zero length.
    @param owner The current holder.
    @param to The receiver.
    @param ids The batch ids.
    @param amounts The grams to move, one per id.
    @param data Passed unchanged to the receiver hook.
    """
    assert len(ids) == len(amounts), "harvest: ids and amounts length mismatch"
    assert len(ids) != 0, "harvest: no batches"
    assert (
        owner == msg.sender or erc1155.isApprovedForAll[owner][msg.sender]
    ), "harvest: caller is not holder or approved"
    self._check_holders(owner, to)

    idx: uint256 = 0
    for id: uint256 in ids:
        meta: uint256 = self._meta[id]
        if meta & _MOVABLE_MASK < _ACTIVE_BIT | block.timestamp:
            self._refuse_move(meta)
        amount: uint256 = amounts[idx]
        owner_balance: uint256 = erc1155.balanceOf[owner][id]
        # `0 < amount <= owner_balance` in one comparison, as in `_transfer`.
        if unsafe_sub(amount, 1) >= owner_balance:
            self._refuse_amount(amount)
        erc1155.balanceOf[owner][id] = unsafe_sub(owner_balance, amount)
        erc1155.balanceOf[to][id] += amount
        # Cannot overflow: `idx` is below `_BATCH_SIZE`.
        idx = unsafe_add(idx, 1)

    log IERC1155.TransferBatch(_operator=msg.sender, _from=owner, _to=to, _ids=ids, _values=amounts)

    if to.is_contract:
        self._refuse_retired(to)
        assert (
            extcall IERC1155Receiver(to).onERC1155BatchReceived(msg.sender, owner, ids, amounts, data)
        ) == _ON_BATCH_RECEIVED, "harvest: receiver rejected the tokens"


@external
def send_from_coop(to: address, id: uint256, amount: uint256):
    """
    @notice A co-op contract (the pool, the exchange) sends `amount` grams
            of batch `id` it holds to `to`.
    @dev `safeTransferFrom(msg.sender, to, id, amount, b"")` with the same
         rules, checked in the order that suits a co-op contract paying
         out: its own registration first (one slot; active or retired may
         send), then `to` as a network member, or else an active co-op
         contract. `safeTransferFrom` asks Membership about the sender
         first, which for a co-op contract means a look through every
         federated co-op's register before its registration is read.
    @param to The receiver: a network member or an active co-op contract
           (never a retired one, even if Membership calls it a member).
    @param id The batch id.
    @param amount The number of grams to move.
    """
    assert self._coop_status[msg.sender] != COOP_NONE, "harvest: only a co-op contract sends this way"
    if not staticcall MEMBERSHIP.is_network_member(to):
        assert self._coop_status[to] == COOP_ACTIVE, "harvest: receiver is not in the co-op network"
    self._move(msg.sender, to, id, amount)

    if to.is_contract:
        self._refuse_retired(to)
        assert (
            extcall IERC1155Receiver(to).onERC1155Received(msg.sender, msg.sender, id, amount, b"")
        ) == _ON_RECEIVED, "harvest: receiver rejected the tokens"


@external
@view
def uri(id: uint256) -> String[_URI_BOUND]:
    """
    @notice The batch's metadata as a `data:application/json;base64,` URI.
    @dev ERC-1155 metadata JSON: `name`, `description`, `decimals` (0: one
         token is one gram) and `properties` with crop, grams, grower,
         harvested_at, best_before (unix seconds), origin and the co-op's
         Membership address. Crop and origin are JSON-escaped (`"` and `\`
         escaped, control characters shown as spaces) and valid UTF-8
         (`log_harvest` refuses anything else). The metadata never
         changes after logging, so no `URI` event is emitted. Reverts for an
         id that was never logged.
    @param id The batch id.
    @return String The data URI.
    """
    meta: uint256 = self._meta[id]
    assert meta != 0, "harvest: unknown batch"
    info: uint256 = self._info[id]
    crop: String[64] = self._escape_short(self._crop[id])
    json: String[_JSON_BOUND] = concat(
        '{"name":"',
        crop,
        " #",
        uint2str(id),
        '","description":"A harvest batch of a harvest-coop food co-op; one token is one gram.",',
        '"decimals":0,"properties":{"crop":"',
        crop,
        '","grams":',
        uint2str(info & _GRAMS_MASK),
        ',"grower":"',
        self._hex(convert(meta >> _GROWER_SHIFT, address)),
        '","harvested_at":',
        uint2str(info >> _HARVESTED_SHIFT),
        ',"best_before":',
        uint2str(meta & _BEST_BEFORE_MASK),
        ',"origin":"',
        self._escape_long(self._origin[id]),
        '","coop":"',
        self._hex(MEMBERSHIP.address),
        '"}}',
    )
    return concat(_URI_PREFIX, self._base64(convert(json, Bytes[_JSON_BOUND])))


# -------------------------------------------------------------- co-op moves


@external
def log_harvest(
    crop: String[32],
    grams: uint256,
    harvested_at: uint64,
    best_before: uint64,
    origin: String[128],
) -> uint256:
    """
    @notice Records a harvest of the caller and mints it to them as a new
            batch: `grams` tokens of a new id.
    @dev Only members of this co-op (not of federated co-ops) log harvests.
         `best_before` must be after `harvested_at`, in the future, and at
         most `max_shelf_life()` after `harvested_at`; `harvested_at` must
         not be in the future. Crop and origin must be valid UTF-8 (no
         overlong forms, surrogates, code points above U+10FFFF, truncated
         sequences or stray continuation bytes), so `uri` and the
         `HarvestLogged` event decode for strict readers. A contract caller
         must accept the tokens through `onERC1155Received`.
    @param crop What was harvested (1 to 32 bytes).
    @param grams The weight in grams (1 to `MAX_GRAMS`).
    @param harvested_at When it was harvested (unix seconds).
    @param best_before When it spoils (unix seconds); after this the batch can
           only be composted.
    @param origin Where it grew: plot, garden, farm (free text, <= 128 bytes).
    @return uint256 The new batch id.
    """
    assert staticcall MEMBERSHIP.is_member(msg.sender), "harvest: caller is not a member"
    assert len(crop) != 0, "harvest: empty crop"
    assert grams != 0, "harvest: zero grams"
    assert grams <= MAX_GRAMS, "harvest: grams out of range"
    assert best_before > harvested_at, "harvest: best-before before harvest"
    assert (convert(harvested_at, uint256) <= block.timestamp), "harvest: harvested in the future"
    assert (convert(best_before, uint256) > block.timestamp), "harvest: best-before in the past"
    # UTF-8, fast path: text with no byte >= 0x80 (ASCII) is valid; only
    # text with such a byte goes through the byte-by-byte `_is_utf8`. The
    # crop fits one word; the origin is ABI-encoded (padded to whole words)
    # and its words ORed together. Bytes past the end of the text (a
    # caller's non-zero calldata padding) can only send valid text to the
    # exact check, which reads `len` bytes: never let invalid text through.
    if convert(convert(convert(crop, Bytes[32]), bytes32), uint256) & _HIGH_BITS != 0:
        assert self._is_utf8(crop), "harvest: crop is not valid UTF-8"
    origin_length: uint256 = len(origin)
    if origin_length != 0:
        encoded: Bytes[192] = abi_encode(origin)
        # Offset word, length word, then the text in ceil(length / 32) words.
        seen: uint256 = extract32(encoded, 64, output_type=uint256)
        if origin_length > 32:
            seen |= extract32(encoded, 96, output_type=uint256)
            if origin_length > 64:
                seen |= extract32(encoded, 128, output_type=uint256)
                if origin_length > 96:
                    seen |= extract32(encoded, 160, output_type=uint256)
        if seen & _HIGH_BITS != 0:
            assert self._is_utf8(origin), "harvest: origin is not valid UTF-8"
    counters: uint256 = self._counters
    # Cannot underflow: `best_before > harvested_at` was checked above.
    assert (
        convert(unsafe_sub(best_before, harvested_at), uint256) <= counters >> _SHELF_SHIFT
    ), "harvest: best-before beyond the maximum shelf life"

    # Cannot overflow, and never carries into the shelf life above bit 191:
    # one id per call, and no chain sees 2**192 calls.
    counters = unsafe_add(counters, 1)
    self._counters = counters
    id: uint256 = counters & _COUNT_MASK
    self._meta[id] = (convert(best_before, uint256) | _ACTIVE_BIT | (convert(msg.sender, uint256) << _GROWER_SHIFT))
    self._info[id] = grams | (convert(harvested_at, uint256) << _HARVESTED_SHIFT)
    self._crop[id] = crop
    self._origin[id] = origin
    erc1155.total_supply[id] = grams
    erc1155.balanceOf[msg.sender][id] = grams

    log IERC1155.TransferSingle(
        _operator=msg.sender,
        _from=empty(address),
        _to=msg.sender,
        _id=id,
        _value=grams,
    )
    log IHarvestToken.HarvestLogged(
        id=id,
        grower=msg.sender,
        crop=crop,
        grams=grams,
        harvested_at=harvested_at,
        best_before=best_before,
        origin=origin,
    )

    if msg.sender.is_contract:
        assert (
            extcall IERC1155Receiver(msg.sender).onERC1155Received(msg.sender, empty(address), id, grams, b"")
        ) == _ON_RECEIVED, "harvest: receiver rejected the tokens"
    return id


@external
def redeem(id: uint256, amount: uint256):
    """
    @notice Picks up `amount` grams of batch `id`: burns the caller's tokens.
    @dev Anyone holding tokens may redeem, including a member who has left.
         A frozen batch or a batch past best-before cannot be redeemed
         (compost it instead).
    @param id The batch id.
    @param amount The grams picked up (non-zero, at most the balance).
    """
    meta: uint256 = self._meta[id]
    if meta & _MOVABLE_MASK < _ACTIVE_BIT | block.timestamp:
        self._refuse_move(meta)
    self._burn(msg.sender, msg.sender, id, amount)
    log IHarvestToken.Redeemed(id=id, holder=msg.sender, amount=amount)


@external
def compost(id: uint256, amount: uint256):
    """
    @notice Composts `amount` grams of batch `id`: burns the caller's tokens.
    @dev Allowed to a holder before or after best-before, member or not: it
         is the only way out of an expired batch. Never of a frozen batch:
         that is governance's evidence, and only the timelock composts it
         (`compost_frozen`).
    @param id The batch id.
    @param amount The grams composted (non-zero, at most the balance).
    """
    meta: uint256 = self._meta[id]
    assert meta != 0, "harvest: unknown batch"
    assert meta & _ACTIVE_BIT != 0, "harvest: batch frozen; only governance may compost it"
    self._burn(msg.sender, msg.sender, id, amount)
    log IHarvestToken.Composted(id=id, holder=msg.sender, amount=amount)


@external
def compost_frozen(holder: address, id: uint256, amount: uint256):
    """
    @notice Composts `amount` grams of frozen batch `id` held by `holder`:
            governance's decision about a fraudulent batch (a passed
            proposal). Timelock only.
    @dev Logs `Composted` (as any compost) and `CompostedByGovernance`, and
         the burn's `TransferSingle` names the timelock as operator, so the
         transparency page tells it from a holder's own compost. A co-op
         contract (active or retired) is refused as holder: what it holds
         belongs to its escrows (an exchange holds a frozen leg until the
         batch is unfrozen).
    @param holder The member (or former member) whose tokens are composted.
    @param id The batch id; it must be frozen.
    @param amount The grams composted (non-zero, at most the balance).
    """
    assert msg.sender == TIMELOCK, "harvest: caller is not the timelock"
    meta: uint256 = self._meta[id]
    assert meta != 0, "harvest: unknown batch"
    assert meta & _ACTIVE_BIT == 0, "harvest: batch not frozen"
    assert self._coop_status[holder] == COOP_NONE, "harvest: a co-op contract's holdings belong to its escrows"
    self._burn(msg.sender, holder, id, amount)
    log IHarvestToken.Composted(id=id, holder=holder, amount=amount)
    log IHarvestToken.CompostedByGovernance(id=id, holder=holder, amount=amount)


@external
def freeze(id: uint256, reason: String[256]):
    """
    @notice Freezes batch `id`: it can no longer move, be redeemed or be
            composted by its holders (only `compost_frozen` by the timelock
            burns it). Timelock only (a passed proposal).
    @param id The batch id.
    @param reason Why (non-empty), logged for the transparency page.
    """
    assert msg.sender == TIMELOCK, "harvest: caller is not the timelock"
    meta: uint256 = self._meta[id]
    assert meta != 0, "harvest: unknown batch"
    assert meta & _ACTIVE_BIT != 0, "harvest: batch already frozen"
    assert len(reason) != 0, "harvest: empty reason"
    self._meta[id] = meta ^ _ACTIVE_BIT
    log IHarvestToken.BatchFrozen(id=id, reason=reason)


@external
def unfreeze(id: uint256, reason: String[256]):
    """
    @notice Lifts the freeze of batch `id`. Timelock only (a passed proposal).
    @param id The batch id.
    @param reason Why (non-empty), logged for the transparency page.
    """
    assert msg.sender == TIMELOCK, "harvest: caller is not the timelock"
    meta: uint256 = self._meta[id]
    assert meta != 0, "harvest: unknown batch"
    assert meta & _ACTIVE_BIT == 0, "harvest: batch not frozen"
    assert len(reason) != 0, "harvest: empty reason"
    self._meta[id] = meta | _ACTIVE_BIT
    log IHarvestToken.BatchUnfrozen(id=id, reason=reason)


@external
def set_max_shelf_life(max_shelf_life: uint256):
    """
    @notice Sets how long after its harvest a batch may stay fresh: a later
            `log_harvest` refuses a best-before more than this after the
            harvest. Batches already logged keep their best-before.
            Timelock only (a passed proposal).
    @param max_shelf_life Seconds, from 1 to `MAX_SHELF_LIFE_CAP`.
    """
    assert msg.sender == TIMELOCK, "harvest: caller is not the timelock"
    assert max_shelf_life != 0, "harvest: zero shelf life"
    assert max_shelf_life <= MAX_SHELF_LIFE_CAP, "harvest: shelf life above the cap"
    self._counters = (self._counters & _COUNT_MASK) | (max_shelf_life << _SHELF_SHIFT)
    log IHarvestToken.MaxShelfLifeSet(max_shelf_life=max_shelf_life)


@external
def bootstrap_coop_contracts(accounts: DynArray[address, 4]):
    """
    @notice Registers the co-op contracts deployed with this one (the
            exchange, the pool), once, during the deployment. Only the
            deployer, only once: afterwards only the timelock registers
            contracts (`set_coop_contract`).
    @param accounts The contracts to register (may be empty).
    """
    assert msg.sender == _DEPLOYER, "harvest: only the deployer bootstraps"
    assert not self.bootstrapped, "harvest: already bootstrapped"
    self.bootstrapped = True
    for account: address in accounts:
        assert account.is_contract, "harvest: not a contract"
        self._coop_status[account] = COOP_ACTIVE
        log IHarvestToken.CoopContractSet(account=account, allowed=True)


@external
def set_coop_contract(account: address, allowed: bool):
    """
    @notice Registers (`allowed`) a co-op contract such as the exchange or
            the pool, which may then receive, hold and send harvest tokens;
            or retires one (not `allowed`): a retired contract can no longer
            receive harvest but still sends what it holds, so retiring an
            exchange never traps the produce in its escrows. Timelock only
            (a passed proposal).
    @dev Only contracts can be registered, so an externally owned account
         outside the co-op can never be let in this way. Removing an account
         that was never registered leaves it `COOP_NONE`; registering a
         retired contract makes it active again. `CoopContractSet` is
         logged either way.
    @param account The contract.
    @param allowed True to register, False to retire.
    """
    assert msg.sender == TIMELOCK, "harvest: caller is not the timelock"
    assert account != empty(address), "harvest: zero address"
    status: uint8 = COOP_NONE
    if allowed:
        assert account.is_contract, "harvest: not a contract"
        status = COOP_ACTIVE
    elif self._coop_status[account] != COOP_NONE:
        status = COOP_RETIRED
    self._coop_status[account] = status
    log IHarvestToken.CoopContractSet(account=account, allowed=allowed)


@external
@view
def is_coop_contract(account: address) -> bool:
    """
    @notice True if `account` is an active co-op contract: it may receive
            and hold new harvest (a retired one may only send what it holds).
    @param account The account.
    @return bool Whether it may receive harvest as a co-op contract.
    """
    return self._coop_status[account] == COOP_ACTIVE


@external
@view
def coop_contract_status(account: address) -> uint8:
    """
    @notice The co-op contract status of `account`: `COOP_NONE` (0),
            `COOP_ACTIVE` (1, receives and sends) or `COOP_RETIRED` (2,
            only sends what it holds).
    @param account The account.
    @return uint8 The status.
    """
    return self._coop_status[account]


@external
@view
def batch(id: uint256) -> IHarvestToken.Batch:
    """
    @notice Every field of batch `id` (all empty for an unknown id).
    @param id The batch id.
    @return Batch crop, grams, grower, harvested_at, best_before, origin,
            frozen.
    """
    meta: uint256 = self._meta[id]
    info: uint256 = self._info[id]
    return IHarvestToken.Batch(
        crop=self._crop[id],
        grams=info & _GRAMS_MASK,
        grower=convert(meta >> _GROWER_SHIFT, address),
        harvested_at=convert(info >> _HARVESTED_SHIFT, uint64),
        best_before=convert(meta & _BEST_BEFORE_MASK, uint64),
        origin=self._origin[id],
        frozen=meta != 0 and meta & _ACTIVE_BIT == 0,
    )


@external
@view
def batch_count() -> uint256:
    """
    @notice Number of batches logged so far; ids run from 1 to this.
    @return uint256 The count.
    """
    return self._counters & _COUNT_MASK


@external
@view
def max_shelf_life() -> uint256:
    """
    @notice The longest a batch may stay fresh after its harvest
            (`best_before - harvested_at`), in seconds.
    @return uint256 The maximum shelf life.
    """
    return self._counters >> _SHELF_SHIFT


@external
@view
def is_transferable(id: uint256) -> bool:
    """
    @notice True if batch `id` exists, is not frozen and is not past its
            best-before: the batch can move (given allowed holders).
    @param id The batch id.
    @return bool Whether the batch can move now.
    """
    return self._meta[id] & _MOVABLE_MASK >= _ACTIVE_BIT | block.timestamp


# ---------------------------------------------------------------- internals


@internal
def _transfer(owner: address, to: address, id: uint256, amount: uint256):
    """
    @dev The checks and effects of a single transfer: the hot path, written
         out in one function (no further internal calls). It is an internal
         function and not inline in `safeTransferFrom` so that its memory
         lies below the copy of `data` there: the memory a transaction
         touches is paid for, and `data` reserves 1,056 bytes.
    @param owner The sender of the tokens.
    @param to The receiver of the tokens.
    @param id The batch id.
    @param amount The grams to move.
    """
    if not staticcall MEMBERSHIP.are_network_members(owner, to):
        self._check_holders_slow(owner, to)
    meta: uint256 = self._meta[id]
    if meta & _MOVABLE_MASK < _ACTIVE_BIT | block.timestamp:
        self._refuse_move(meta)
    owner_balance: uint256 = erc1155.balanceOf[owner][id]
    # One comparison for `0 < amount <= owner_balance`: a zero `amount`
    # wraps to 2**256 - 1, which no balance reaches.
    if unsafe_sub(amount, 1) >= owner_balance:
        self._refuse_amount(amount)
    erc1155.balanceOf[owner][id] = unsafe_sub(owner_balance, amount)
    # Checked, although balances of `id` are bounded by its supply: `+=`
    # computes the nested-map slot once, cheaper than `unsafe_add`'s two.
    erc1155.balanceOf[to][id] += amount
    log IERC1155.TransferSingle(_operator=msg.sender, _from=owner, _to=to, _id=id, _value=amount)


@internal
@view
def _refuse_retired(to: address):
    """
    @dev Reverts if `to` is a co-op contract the timelock retired: it never
         receives harvest again, even when a federated co-op admitted it as
         a member (so that `is_network_member` says yes): another co-op's
         governance cannot undo this co-op's kill switch. Only contracts
         are ever registered, so only receivers that are contracts are
         asked.
    @param to The receiver, a contract.
    """
    assert self._coop_status[to] != COOP_RETIRED, "harvest: receiver is a retired co-op contract"


@internal
@view
def _check_sender(owner: address):
    """
    @dev Reverts unless `owner` may send harvest tokens: a network member,
         or else a co-op contract (active or retired).
    @param owner The sender of the tokens.
    """
    if not staticcall MEMBERSHIP.is_network_member(owner):
        assert self._coop_status[owner] != COOP_NONE, "harvest: sender may only redeem or compost"


@internal
def _move(owner: address, to: address, id: uint256, amount: uint256):
    """
    @dev The effects of a single transfer whose holders are checked already
         (`send_from_coop`, a co-op contract pulling into itself): `_transfer`
         without its holder check (the hot path keeps its own copy, so that it
         makes no further internal call).
    @param owner The sender of the tokens.
    @param to The receiver of the tokens.
    @param id The batch id.
    @param amount The grams to move.
    """
    meta: uint256 = self._meta[id]
    if meta & _MOVABLE_MASK < _ACTIVE_BIT | block.timestamp:
        self._refuse_move(meta)
    owner_balance: uint256 = erc1155.balanceOf[owner][id]
    # `0 < amount <= owner_balance` in one comparison, as in `_transfer`.
    if unsafe_sub(amount, 1) >= owner_balance:
        self._refuse_amount(amount)
    erc1155.balanceOf[owner][id] = unsafe_sub(owner_balance, amount)
    erc1155.balanceOf[to][id] += amount
    log IERC1155.TransferSingle(_operator=msg.sender, _from=owner, _to=to, _id=id, _value=amount)


@internal
@view
def _check_holders(owner: address, to: address):
    """
    @dev Reverts unless `owner` may send and `to` may receive harvest tokens.
         One Membership call on the hot path (both network members).
    @param owner The sender of the tokens.
    @param to The receiver of the tokens.
    """
    if not staticcall MEMBERSHIP.are_network_members(owner, to):
        self._check_holders_slow(owner, to)


@internal
@view
def _check_holders_slow(owner: address, to: address):
    """
    @dev The path after `are_network_members` said no: each side may instead
         be a co-op contract registered by the timelock. An active or
         retired co-op contract may send; only an active one may receive.
    @param owner The sender of the tokens.
    @param to The receiver of the tokens.
    """
    if self._coop_status[owner] == COOP_NONE:
        assert staticcall MEMBERSHIP.is_network_member(owner), "harvest: sender may only redeem or compost"
    if self._coop_status[to] != COOP_ACTIVE:
        assert staticcall MEMBERSHIP.is_network_member(to), "harvest: receiver is not in the co-op network"


@internal
@view
def _refuse_move(meta: uint256):
    """
    @dev Called when the one-comparison check failed: reverts with the reason.
    @param meta The batch's `_meta` slot.
    """
    assert meta != 0, "harvest: unknown batch"
    assert meta & _ACTIVE_BIT != 0, "harvest: batch frozen"
    raise "harvest: batch expired"


@internal
@pure
def _refuse_amount(amount: uint256):
    """
    @dev Called when `0 < amount <= balance` failed: reverts with the reason.
    @param amount The amount asked for.
    """
    assert amount != 0, "harvest: zero amount"
    raise "harvest: insufficient balance"


@internal
def _burn(operator: address, holder: address, id: uint256, amount: uint256):
    """
    @dev Burns `amount` of `holder`'s batch `id` and lowers its supply.
    @param operator Who burns: `msg.sender`, the holder itself or (for
           `compost_frozen`) the timelock.
    @param holder The holder.
    @param id The batch id.
    @param amount The grams to burn.
    """
    assert amount != 0, "harvest: zero amount"
    balance: uint256 = erc1155.balanceOf[holder][id]
    assert balance >= amount, "harvest: insufficient balance"
    erc1155.balanceOf[holder][id] = unsafe_sub(balance, amount)
    # Cannot underflow: the supply is the sum of all balances of `id`.
    erc1155.total_supply[id] = unsafe_sub(erc1155.total_supply[id], amount)
    log IERC1155.TransferSingle(
        _operator=operator,
        _from=holder,
        _to=empty(address),
        _id=id,
        _value=amount,
    )


@internal
@pure
def _is_utf8(text: String[128]) -> bool:
    """
    @dev Whether `text` is valid UTF-8 (RFC 3629, Unicode table 3-7), as a
         strict decoder (Python's `bytes.decode("utf-8")`) says: no overlong
         forms, no surrogates, nothing above U+10FFFF, no truncated
         sequences or stray continuation bytes. Byte by byte: `log_harvest`
         calls it only for text that is not plain ASCII (its fast path).
         (Vyper reads a hex literal as bytes, so byte values are decimal
         here, with their hex in the comments.)
    @param text The crop (at most 32 bytes) or origin (at most 128 bytes).
    @return bool Whether it is valid UTF-8.
    """
    length: uint256 = len(text)
    # Offset word, length word, then the text in ceil(length / 32) words.
    encoded: Bytes[192] = abi_encode(text)
    words: uint256[4] = empty(uint256[4])
    for i: uint256 in range(4):
        if i * 32 >= length:
            break
        words[i] = extract32(encoded, 64 + i * 32, output_type=uint256)

    need: uint256 = 0
    low: uint256 = 128  # 0x80
    high: uint256 = 191  # 0xBF
    for i: uint256 in range(length, bound=128):
        # Cannot overflow or underflow: `i < 128`, so `i % 32 <= 31`.
        char: uint256 = (words[i // 32] >> unsafe_mul(8, unsafe_sub(31, i % 32))) & 255
        if need == 0:
            if char < 128:  # 0x80: ASCII
                continue
            if char < 194:  # 0xC2: a continuation byte with no lead, or C0 / C1 (overlong)
                return False
            if char < 224:  # 0xE0: a 2-byte lead
                need = 1
            elif char < 240:  # 0xF0: a 3-byte lead
                need = 2
                if char == 224:  # 0xE0: below A0 would be an overlong form
                    low = 160  # 0xA0
                elif char == 237:  # 0xED: above 9F are the surrogates U+D800..DFFF
                    high = 159  # 0x9F
            elif char < 245:  # 0xF5: a 4-byte lead
                need = 3
                if char == 240:  # 0xF0: below 90 would be an overlong form
                    low = 144  # 0x90
                elif char == 244:  # 0xF4: above 8F is beyond U+10FFFF
                    high = 143  # 0x8F
            else:
                # F5..FF: beyond U+10FFFF, or never valid.
                return False
        else:
            if char < low or char > high:
                # Not the continuation byte expected: a truncated sequence.
                return False
            low = 128  # 0x80
            high = 191  # 0xBF
            # Cannot underflow: `need != 0` here.
            need = unsafe_sub(need, 1)
    return need == 0  # a sequence cut off by the end of the text is invalid


@internal
@pure
def _hex(account: address) -> String[42]:
    """
    @dev `account` as "0x" and 40 lower-case hex digits.
    @param account The address.
    @return String The hex string.
    """
    value: uint256 = convert(account, uint256)
    # "0x" in the two top bytes of the first word.
    words: uint256[2] = [(48 << 248) | (120 << 240), 0]
    for i: uint256 in range(40):
        nibble: uint256 = (value >> (4 * (39 - i))) & 15
        char: uint256 = 48 + nibble
        if nibble > 9:
            char = 87 + nibble
        pos: uint256 = i + 2
        words[pos // 32] |= char << (8 * (31 - pos % 32))
    encoded: Bytes[128] = abi_encode(convert(32, uint256), convert(42, uint256), words)
    return abi_decode(encoded, String[42])


@internal
@pure
def _escape_short(text: String[32]) -> String[64]:
    """
    @dev JSON-escapes a crop name (at most 64 bytes escaped), see `_escape`.
    @param text The crop.
    @return String The escaped crop.
    """
    words: uint256[8] = empty(uint256[8])
    length: uint256 = 0
    words, length = self._escape(text)
    # abi_decode takes at most the type's own encoded size: two words here.
    encoded: Bytes[128] = abi_encode(convert(32, uint256), length, words[0], words[1])
    return abi_decode(encoded, String[64])


@internal
@pure
def _escape_long(text: String[128]) -> String[256]:
    """
    @dev JSON-escapes an origin (at most 256 bytes escaped), see `_escape`.
    @param text The origin.
    @return String The escaped origin.
    """
    words: uint256[8] = empty(uint256[8])
    length: uint256 = 0
    words, length = self._escape(text)
    encoded: Bytes[320] = abi_encode(convert(32, uint256), length, words)
    return abi_decode(encoded, String[256])


@internal
@pure
def _escape(text: String[128]) -> (uint256[8], uint256):
    """
    @dev `"` and `\` get a backslash, control characters become spaces; the
         result is at most twice as long. Bytes are written into words, which
         the callers read back as a string (a Vyper string cannot grow in a
         loop).
    @param text The text.
    @return uint256[8] The escaped bytes, left-aligned in words.
    @return uint256 The escaped length.
    """
    raw: Bytes[128] = convert(text, Bytes[128])
    words: uint256[8] = empty(uint256[8])
    pos: uint256 = 0
    for i: uint256 in range(len(raw), bound=128):
        char: uint256 = convert(slice(raw, i, 1), uint256)
        if char == 34 or char == 92:
            words[pos // 32] |= 92 << (8 * (31 - pos % 32))
            pos += 1
        elif char < 32 or char == 127:
            char = 32
        words[pos // 32] |= char << (8 * (31 - pos % 32))
        pos += 1
    return words, pos


@internal
@pure
def _base64(data: Bytes[_JSON_BOUND]) -> String[_B64_BOUND]:
    """
    @dev snekmate's base64 encoder, its four-character chunks joined into one
         string through words (as in `_escape`).
    @param data At most 1,024 bytes.
    @return String The base64 (standard alphabet, padded) encoding.
    """
    chunks: DynArray[String[4], _B64_BOUND] = base64._encode(data, False)
    words: uint256[43] = empty(uint256[43])
    idx: uint256 = 0
    for chunk: String[4] in chunks:
        value: uint256 = convert(convert(convert(chunk, Bytes[4]), bytes4), uint256)
        words[idx // 8] |= value << (32 * (7 - idx % 8))
        idx += 1
    encoded: Bytes[1_440] = abi_encode(convert(32, uint256), 4 * idx, words)
    return abi_decode(encoded, String[_B64_BOUND])
