# pragma version ~=0.4.3
# pragma nonreentrancy off
"""
@title NutrientExchange: wallet-signed offers and an escrow for the co-op
@custom:contract-name NutrientExchange
@license GNU Affero General Public License v3.0 only
@notice Members trade produce (HarvestToken, ERC-1155), credit (CoopCredit,
        ERC-20) and any other token the timelock allows, with each other and
        with members of federated co-ops.

        Offers. A maker signs an EIP-712 `Offer` in the wallet (no gas) or
        posts it on-chain with `post_offer`. A taker fills it with `fill`; both
        legs move in that one transaction. The signer is checked with ECDSA
        (no high-s, no zero address, 64- or 65-byte signatures) or ERC-1271
        for contract wallets (snekmate's `signature_checker`). An offer is
        all-or-nothing (the fill consumes the maker's `nonce`) or partially
        fillable (a filled-amount per offer hash; a fill takes what it asks
        or what is left, at least the taker's `min_amount`, so a dust fill
        cannot make a "fill the rest" revert, unless the fee would take the
        whole piece left). `cancel` consumes one nonce,
        `cancel_all` raises the maker's minimum valid nonce.

        Settlement. An immediate swap (`delivery == 0`) moves the tokens
        maker→taker and taker→maker directly. A delivery swap moves both legs
        into escrow: only the hash of the escrow record (its id) and one
        packed status word are stored. The side that receives a physical
        delivery confirms it; after the delivery window an undisputed escrow
        settles by default (anyone may call `settle`); either side may
        dispute within the window; the arbiter that governance elects (or
        the timelock itself) then releases, refunds or splits. Parties take
        what a settled escrow owes them with `withdraw` (pull, leg by leg):
        a wallet that refuses tokens never blocks the other party or another
        escrow, and a leg that cannot be paid now (a batch governance froze,
        never composted here; a token that blocked or paused the exchange)
        waits in the exchange, still owed, without holding back the other
        leg.

        Safety. Every state-changing function is `@nonreentrant` and follows
        checks-effects-interactions. ERC-20s that return nothing, return
        false or revert are handled; a token whose balance change differs
        from the amount (fee-on-transfer) is refused. ERC-1155 tokens are
        accepted only when this contract pulled them. Nothing loops over
        offers, escrows or members.

        Fee. An optional fee in basis points (0 by default, at most
        `MAX_FEE_BPS`) is taken from each leg of a fill in the co-op's
        harvest or credit and sent to the community pool, both set by the
        timelock. A leg in any other allowed token pays no fee: the pool
        shares out only the co-op's harvest and credit, so such a fee could
        never leave it (nor could another ERC-1155 enter it). Every offer
        carries the highest fee its maker signed for (`max_fee_bps`); while
        the fee is higher the offer cannot be filled or posted.
@custom:kill The timelock can `set_paused(True)` (no new fills or posts) and
             disallow tokens; open escrows still confirm, dispute, resolve,
             settle and withdraw, so nothing is locked in by a pause. To
             retire the exchange it also retires it in HarvestToken
             (`set_coop_contract(exchange, False)`): no harvest comes in,
             everything held still pays out.
@custom:security Report vulnerabilities to security@harvest-coop.invalid.
"""

from ethereum.ercs import IERC165

implements: IERC165

from interfaces import IHarvestToken
from interfaces import ICoopMembers
from interfaces import INutrientExchange

implements: INutrientExchange

from snekmate.utils import ecdsa
from snekmate.utils import eip712_domain_separator
from snekmate.utils import math
from snekmate.utils import signature_checker

import offer_signing
import safe_transfer

initializes: eip712_domain_separator

exports: (
    eip712_domain_separator.eip712Domain,
    offer_signing.OFFER_TYPE,
    offer_signing.OFFER_TYPEHASH,
)


# @dev The EIP-712 domain: name and version.
_EIP712_NAME: constant(String[50]) = "NutrientExchange"
_EIP712_VERSION: constant(String[20]) = "1"

# @dev The largest exchange fee governance can set: 10 %.
MAX_FEE_BPS: public(constant(uint256)) = 1_000
_BPS: constant(uint256) = 10_000

# @dev `_config`: bits 0..159 pool, 160..175 fee in basis points, bit 176
# paused, bit 177 credit allowed, bit 178 harvest allowed. A fill reads
# this one slot for all of them.
_POOL_MASK: constant(uint256) = 2**160 - 1
_FEE_SHIFT: constant(uint256) = 160
_FEE_MASK: constant(uint256) = 2**16 - 1
_PAUSED_BIT: constant(uint256) = 1 << 176
_CREDIT_BIT: constant(uint256) = 1 << 177
_HARVEST_BIT: constant(uint256) = 1 << 178

# @dev Escrow states (bits 0..7 of the status word).
STATE_NONE: constant(uint256) = 0
STATE_OPEN: constant(uint256) = 1
STATE_DISPUTED: constant(uint256) = 2
STATE_RELEASED: constant(uint256) = 3
STATE_REFUNDED: constant(uint256) = 4
STATE_SPLIT: constant(uint256) = 5
_STATE_MASK: constant(uint256) = 255

# @dev Delivery flags of an offer and the confirmations they require.
DELIVER_GIVE: constant(uint8) = 1
DELIVER_WANT: constant(uint8) = 2
_DELIVERY_MAX: constant(uint8) = 3

# @dev Status word: bits 8..9 confirmations awaited (bit 8 the taker's,
# bit 9 the maker's), bits 10..13 legs withdrawn, one per (party, leg): bit
# 10 the maker's part of the give leg, 11 the maker's part of the want leg,
# 12 the taker's part of the give leg, 13 the taker's part of the want leg;
# bits 16..135 and 136..255 a split's give-to-taker and want-to-maker
# amounts. A party's two bits are `_GIVE_LEG` and `_WANT_LEG` shifted by
# `_MAKER_SHIFT` or `_TAKER_SHIFT`.
_PENDING_SHIFT: constant(uint256) = 8
_PENDING_TAKER: constant(uint256) = 1 << 8
_PENDING_MAKER: constant(uint256) = 1 << 9
_PENDING_MASK: constant(uint256) = 3 << 8
_WITHDRAWN_SHIFT: constant(uint256) = 10
_MAKER_SHIFT: constant(uint256) = 10
_TAKER_SHIFT: constant(uint256) = 12
_GIVE_LEG: constant(uint256) = 1
_WANT_LEG: constant(uint256) = 2
_BOTH_LEGS: constant(uint256) = 3
_MAKER_GIVE: constant(uint256) = 1 << 10
_MAKER_WANT: constant(uint256) = 1 << 11
_TAKER_GIVE: constant(uint256) = 1 << 12
_TAKER_WANT: constant(uint256) = 1 << 13
_G2T_SHIFT: constant(uint256) = 16
_W2M_SHIFT: constant(uint256) = 136
_SPLIT_MASK: constant(uint256) = 2**120 - 1

# @dev ERC-165 ids: ERC-165 and ERC-1155 token receiver.
_ERC1155_RECEIVER_ID: constant(bytes4) = 0x4E2312E0
_SUPPORTED_INTERFACES: constant(bytes4[2]) = [0x01FFC9A7, _ERC1155_RECEIVER_ID]

_ON_RECEIVED: constant(bytes4) = method_id(
    "onERC1155Received(address,address,uint256,uint256,bytes)",
    output_type=bytes4,
)


# @dev The co-op's member register; fills need both sides to be members of
# this or a federated co-op.
MEMBERSHIP: public(immutable(ICoopMembers))

# @dev The co-op's timelock: the only privileged account.
TIMELOCK: public(immutable(address))

# @dev The co-op's HarvestToken (ERC-1155) and CoopCredit (ERC-20); their
# "allowed" flags live in `_config` so a credit↔harvest fill reads no extra
# slot. Either may be the zero address (not deployed).
HARVEST: public(immutable(address))
CREDIT: public(immutable(address))


# @dev See the `_config` constants.
_config: uint256

# @dev Resolves disputes; elected by governance (the timelock at first).
arbiter: public(address)

# @dev Kind of every other allowed token (0: not allowed).
_token_kind: HashMap[address, uint8]

# @dev Offers of `maker` with a nonce below this are cancelled.
min_nonce: public(HashMap[address, uint256])

# @dev Used nonces: bit `n % 256` of word `n // 256`, per maker.
_nonce_bits: HashMap[address, HashMap[uint256, uint256]]

# @dev How much of a partially fillable offer's `give_amount` was filled.
filled: public(HashMap[bytes32, uint256])

# @dev Offers posted on-chain by their maker (fillable without signature).
posted: public(HashMap[bytes32, bool])

# @dev Escrow id (hash of the record) => packed status word.
_escrows: HashMap[bytes32, uint256]


@deploy
def __init__(
    membership_: ICoopMembers,
    timelock_: address,
    harvest_: address,
    credit_: address,
    pool_: address,
):
    """
    @dev The deployer keeps no role. The arbiter is the timelock until
         governance elects one; credit and harvest are allowed from the
         start; the fee is 0. The pool is the co-op's ResourcePool from the
         start, so no proposal is needed before governance sets a fee (the
         factory deploys the pool first and registers both with
         HarvestToken right after this constructor; `set_pool`'s
         HarvestToken check cannot hold yet, so only the ERC-165 one is
         made here).
    @param membership_ The co-op's Membership (ICoopMembers).
    @param timelock_ The co-op's timelock; must be Membership's.
    @param harvest_ The co-op's HarvestToken (an ERC-1155), or zero.
    @param credit_ The co-op's CoopCredit (an ERC-20), or zero.
    @param pool_ The co-op's ResourcePool (an ERC-1155 receiver), or zero
           for none.
    """
    assert timelock_ != empty(address), "exchange: timelock is the zero address"
    assert (staticcall membership_.TIMELOCK()) == timelock_, "exchange: timelock is not the co-op's"
    eip712_domain_separator.__init__(_EIP712_NAME, _EIP712_VERSION)
    MEMBERSHIP = membership_
    TIMELOCK = timelock_
    HARVEST = harvest_
    CREDIT = credit_
    config: uint256 = 0
    if harvest_ != empty(address):
        assert (safe_transfer._kind_of(harvest_) == safe_transfer.KIND_ERC1155), "exchange: harvest is not an ERC-1155"
        config |= _HARVEST_BIT
        log INutrientExchange.TokenAllowed(token=harvest_, kind=safe_transfer.KIND_ERC1155)
    if credit_ != empty(address):
        assert (safe_transfer._kind_of(credit_) == safe_transfer.KIND_ERC20), "exchange: credit is not an ERC-20"
        config |= _CREDIT_BIT
        log INutrientExchange.TokenAllowed(token=credit_, kind=safe_transfer.KIND_ERC20)
    if pool_ != empty(address):
        assert pool_.is_contract, "exchange: pool is not a contract"
        assert safe_transfer._supports_interface(
            pool_, _ERC1155_RECEIVER_ID
        ), "exchange: pool does not declare ERC-1155 receiver support"
        config |= convert(pool_, uint256)
        log INutrientExchange.PoolSet(pool=pool_)
    self._config = config
    self.arbiter = timelock_
    log INutrientExchange.ArbiterSet(arbiter=timelock_)


# ------------------------------------------------------------------- offers


@external
@nonreentrant
def fill(
    offer: INutrientExchange.Offer,
    signature: Bytes[65],
    amount: uint256,
    min_amount: uint256,
) -> bytes32:
    """
    @notice Take up to `amount` of what `offer` gives (at least
            `min_amount`), paying the matching part of what it wants. An
            immediate swap settles here; a delivery swap moves both legs into
            a new escrow.
    @dev The caller (taker) and the maker must be members of this or a
         federated co-op. `signature` is the maker's EIP-712 signature of
         `offer` (ECDSA or ERC-1271), or empty for an offer the maker posted.
         An all-or-nothing offer needs `amount == give_amount`. A partially
         fillable one takes `min(amount, what is left)`, so a dust fill that
         lands first cannot make a "fill the rest" revert (unless the fee
         would take the whole piece left); it reverts if that is below
         `min_amount` (or nothing is left). The taker pays
         `ceil(want_amount * taken / give_amount)`; `OfferFilled` carries
         what was taken. The maker must have approved this contract for the
         give token, the taker for the want token. The fee (if any) is taken
         from each leg in the co-op's harvest or credit (no other token's:
         the pool could not share it out) and sent to the pool; it must not
         be above the offer's `max_fee_bps` (what the maker signed for).
    @param offer The offer.
    @param signature The maker's signature, or empty for a posted offer.
    @param amount How much of `give_amount` to take at most.
    @param min_amount The least the taker accepts (at most `amount`).
    @return bytes32 The escrow id, or zero for an immediate swap.
    """
    config: uint256 = self._config
    give_kind: uint8 = 0
    want_kind: uint8 = 0
    give_kind, want_kind = self._check_terms(offer, config)
    maker: address = offer.maker
    assert maker != msg.sender, "exchange: maker cannot take own offer"
    assert amount != 0, "exchange: zero amount"
    assert min_amount <= amount, "exchange: minimum above the amount"

    word_index: uint256 = offer.nonce >> 8
    bit: uint256 = 1 << (offer.nonce & 255)
    word: uint256 = self._nonce_bits[maker][word_index]
    assert word & bit == 0, "exchange: offer cancelled or filled"

    offer_hash: bytes32 = self._hash_offer(offer)
    if len(signature) == 0:
        assert self.posted[offer_hash], "exchange: offer not posted"
    else:
        assert self._is_valid_signature(maker, offer_hash, signature), "exchange: invalid signature"
    assert staticcall MEMBERSHIP.are_network_members(maker, msg.sender), "exchange: not a network member"

    # What the taker takes: `amount`, or what is left of a partially
    # fillable offer if that is less.
    take: uint256 = amount
    want_part: uint256 = offer.want_amount
    fill_index: uint256 = 0
    if offer.partial_fill:
        fill_index = self.filled[offer_hash]
        assert fill_index < offer.give_amount, "exchange: nothing left to fill"
        # Cannot underflow: `fill_index < give_amount` was just checked.
        left: uint256 = unsafe_sub(offer.give_amount, fill_index)
        if take > left:
            take = left
        assert take >= min_amount, "exchange: fill below the taker's minimum"
        # Cannot overflow: `take <= left`, so the sum is at most `give_amount`.
        self.filled[offer_hash] = unsafe_add(fill_index, take)
        if take != offer.give_amount:
            # Rounds up: a partial fill never pays the maker less than its
            # share of `want_amount`.
            want_part = math._mul_div(offer.want_amount, take, offer.give_amount, True)
    else:
        assert amount == offer.give_amount, "exchange: offer is all-or-nothing"
        self._nonce_bits[maker][word_index] = word | bit

    fee_bps: uint256 = (config >> _FEE_SHIFT) & _FEE_MASK
    # The nets below cannot underflow: with `fee_bps <= MAX_FEE_BPS < _BPS`
    # each fee is at most its leg (a piece's fee, below, is
    # floor((f + t) * r) - floor(f * r) <= t for r < 1 and t >= 1).
    give_fee: uint256 = 0
    want_fee: uint256 = 0
    if fee_bps != 0:
        # Checked multiplications; rounded down in the traders' favour. Only
        # legs the pool can share out (the co-op's harvest and credit) pay.
        # A piece of a partially fillable offer pays the fee on everything
        # filled so far less the fee on what was filled before it, so
        # splitting a fill into small pieces never rounds the fee away: the
        # pieces together pay what one whole fill would.
        if offer.give_token == HARVEST or offer.give_token == CREDIT:
            give_fee = (fill_index + take) * fee_bps // _BPS - fill_index * fee_bps // _BPS
        if offer.want_token == HARVEST or offer.want_token == CREDIT:
            # On `want_amount`'s share of the give leg filled so far (whole
            # fills: the fee on `want_amount`), less on the share before.
            scaled: uint256 = offer.want_amount * fee_bps
            whole: uint256 = offer.give_amount * _BPS
            want_fee = math._mul_div(scaled, fill_index + take, whole, False) - math._mul_div(
                scaled, fill_index, whole, False
            )
    give_net: uint256 = unsafe_sub(take, give_fee)
    want_net: uint256 = unsafe_sub(want_part, want_fee)

    escrow_id: bytes32 = empty(bytes32)
    if offer.delivery == 0:
        log INutrientExchange.OfferFilled(
            offer_hash=offer_hash,
            maker=maker,
            taker=msg.sender,
            give_amount=take,
            want_amount=want_part,
        )
        safe_transfer._move_measured(
            give_kind,
            offer.give_token,
            offer.give_id,
            maker,
            msg.sender,
            give_net,
        )
        safe_transfer._move_measured(
            want_kind,
            offer.want_token,
            offer.want_id,
            msg.sender,
            maker,
            want_net,
        )
    else:
        escrow: INutrientExchange.Escrow = INutrientExchange.Escrow(
            offer_hash=offer_hash,
            maker=maker,
            taker=msg.sender,
            give_token=offer.give_token,
            give_kind=give_kind,
            give_id=offer.give_id,
            give_amount=give_net,
            want_token=offer.want_token,
            want_kind=want_kind,
            want_id=offer.want_id,
            want_amount=want_net,
            delivery=offer.delivery,
            deadline=convert(block.timestamp, uint64) + offer.delivery_window,
            fill_index=fill_index,
        )
        escrow_id = keccak256(abi_encode(escrow))
        # Unique by construction (the offer hash and how much was filled
        # before); checked anyway so no escrow can ever be overwritten.
        assert self._escrows[escrow_id] == STATE_NONE, "exchange: escrow exists"
        self._escrows[escrow_id] = STATE_OPEN | (convert(offer.delivery, uint256) << _PENDING_SHIFT)
        log INutrientExchange.OfferFilled(
            offer_hash=offer_hash,
            maker=maker,
            taker=msg.sender,
            give_amount=take,
            want_amount=want_part,
        )
        log INutrientExchange.EscrowOpened(escrow_id=escrow_id, maker=maker, taker=msg.sender, escrow=escrow)
        safe_transfer._move_measured(give_kind, offer.give_token, offer.give_id, maker, self, give_net)
        safe_transfer._move_measured(
            want_kind,
            offer.want_token,
            offer.want_id,
            msg.sender,
            self,
            want_net,
        )

    if give_fee != 0 or want_fee != 0:
        pool: address = convert(config & _POOL_MASK, address)
        if give_fee != 0:
            log INutrientExchange.FeePaid(
                offer_hash=offer_hash,
                payer=maker,
                pool=pool,
                token=offer.give_token,
                id=offer.give_id,
                amount=give_fee,
            )
            safe_transfer._move_measured(
                give_kind,
                offer.give_token,
                offer.give_id,
                maker,
                pool,
                give_fee,
            )
        if want_fee != 0:
            log INutrientExchange.FeePaid(
                offer_hash=offer_hash,
                payer=msg.sender,
                pool=pool,
                token=offer.want_token,
                id=offer.want_id,
                amount=want_fee,
            )
            safe_transfer._move_measured(
                want_kind,
                offer.want_token,
                offer.want_id,
                msg.sender,
                pool,
                want_fee,
            )
    return escrow_id


@external
@nonreentrant
def post_offer(offer: INutrientExchange.Offer) -> bytes32:
    """
    @notice Publish one of the caller's offers on-chain, for a wallet that
            cannot sign typed data: takers then fill it with an empty
            signature.
    @dev The same terms are checked as on a fill; the maker must be a network
         member. Cancel it like a signed offer.
    @param offer The offer; `offer.maker` must be the caller.
    @return bytes32 The offer hash (its EIP-712 digest).
    """
    assert offer.maker == msg.sender, "exchange: only the maker"
    self._check_terms(offer, self._config)
    assert not self._nonce_used(msg.sender, offer.nonce), "exchange: offer cancelled or filled"
    assert staticcall MEMBERSHIP.is_network_member(msg.sender), "exchange: not a network member"
    offer_hash: bytes32 = self._hash_offer(offer)
    assert not self.posted[offer_hash], "exchange: offer already posted"
    self.posted[offer_hash] = True
    log INutrientExchange.OfferPosted(offer_hash=offer_hash, maker=msg.sender, offer=offer)
    return offer_hash


@external
@nonreentrant
def cancel(offer: INutrientExchange.Offer):
    """
    @notice Cancel one of the caller's offers by consuming its nonce (every
            offer the caller signed with that nonce is cancelled with it).
    @dev Works for signed and posted, all-or-nothing and partially fillable
         offers; a partially filled offer keeps its filled part.
    @param offer The offer; `offer.maker` must be the caller.
    """
    assert offer.maker == msg.sender, "exchange: only the maker"
    assert (offer.nonce >= self.min_nonce[msg.sender]), "exchange: offer cancelled"
    word_index: uint256 = offer.nonce >> 8
    bit: uint256 = 1 << (offer.nonce & 255)
    word: uint256 = self._nonce_bits[msg.sender][word_index]
    assert word & bit == 0, "exchange: offer cancelled or filled"
    self._nonce_bits[msg.sender][word_index] = word | bit
    log INutrientExchange.OfferCancelled(offer_hash=self._hash_offer(offer), maker=msg.sender, nonce=offer.nonce)


@external
@nonreentrant
def cancel_all(min_nonce: uint256):
    """
    @notice Cancel every offer of the caller whose nonce is below
            `min_nonce`, in one write.
    @param min_nonce The new minimum valid nonce; above the current one.
    """
    assert (min_nonce > self.min_nonce[msg.sender]), "exchange: minimum nonce must increase"
    self.min_nonce[msg.sender] = min_nonce
    log INutrientExchange.AllOffersCancelled(maker=msg.sender, min_nonce=min_nonce)


# ------------------------------------------------------------------- escrow


@external
@nonreentrant
def confirm(escrow: INutrientExchange.Escrow):
    """
    @notice Confirm that the delivery you were to receive arrived. When the
            last awaited confirmation is in, the escrow is released: the
            maker may withdraw the want leg, the taker the give leg.
    @dev The taker confirms a delivered give leg (`DELIVER_GIVE`), the maker
         a delivered want leg (`DELIVER_WANT`). Only while the escrow is open
         (not disputed); also after the window, before anyone settles.
    @param escrow The escrow record (from `EscrowOpened`).
    """
    escrow_id: bytes32 = empty(bytes32)
    status: uint256 = 0
    escrow_id, status = self._live_escrow(escrow)
    assert status & _STATE_MASK == STATE_OPEN, "exchange: escrow not open"
    awaited: uint256 = 0
    if msg.sender == escrow.taker:
        awaited = _PENDING_TAKER
    elif msg.sender == escrow.maker:
        awaited = _PENDING_MAKER
    else:
        raise "exchange: not a party"
    assert status & awaited != 0, "exchange: no confirmation awaited from you"
    status ^= awaited
    released: bool = status & _PENDING_MASK == 0
    if released:
        status = STATE_RELEASED
    self._escrows[escrow_id] = status
    log INutrientExchange.EscrowConfirmed(escrow_id=escrow_id, party=msg.sender, released=released)


@external
@nonreentrant
def dispute(escrow: INutrientExchange.Escrow):
    """
    @notice Dispute an open escrow: it then waits for the arbiter.
    @dev Maker or taker, until the deadline (inclusive).
    @param escrow The escrow record (from `EscrowOpened`).
    """
    escrow_id: bytes32 = empty(bytes32)
    status: uint256 = 0
    escrow_id, status = self._live_escrow(escrow)
    assert status & _STATE_MASK == STATE_OPEN, "exchange: escrow not open"
    assert (msg.sender == escrow.maker or msg.sender == escrow.taker), "exchange: not a party"
    assert block.timestamp <= convert(escrow.deadline, uint256), "exchange: delivery window is over"
    self._escrows[escrow_id] = STATE_DISPUTED
    log INutrientExchange.EscrowDisputed(escrow_id=escrow_id, party=msg.sender)


@external
@nonreentrant
def resolve(
    escrow: INutrientExchange.Escrow,
    give_to_taker: uint256,
    want_to_maker: uint256,
):
    """
    @notice Arbiter: decide a disputed escrow. Of the give leg the taker
            gets `give_to_taker` and the maker the rest; of the want leg the
            maker gets `want_to_maker` and the taker the rest. All of both
            releases, none of either refunds, anything else splits.
    @dev The arbiter (never a party of the escrow) or the timelock. A split
         amount must fit 120 bits.
    @param escrow The escrow record (from `EscrowOpened`).
    @param give_to_taker How much of the give leg goes to the taker.
    @param want_to_maker How much of the want leg goes to the maker.
    """
    if msg.sender != TIMELOCK:
        assert msg.sender == self.arbiter, "exchange: only the arbiter"
        assert (msg.sender != escrow.maker and msg.sender != escrow.taker), "exchange: arbiter is a party"
    escrow_id: bytes32 = empty(bytes32)
    status: uint256 = 0
    escrow_id, status = self._live_escrow(escrow)
    assert (status & _STATE_MASK == STATE_DISPUTED), "exchange: escrow not disputed"
    assert (
        give_to_taker <= escrow.give_amount and want_to_maker <= escrow.want_amount
    ), "exchange: split exceeds escrow"
    state: uint256 = STATE_SPLIT
    if give_to_taker == escrow.give_amount and want_to_maker == escrow.want_amount:
        state = STATE_RELEASED
        status = STATE_RELEASED
    elif give_to_taker == 0 and want_to_maker == 0:
        state = STATE_REFUNDED
        status = STATE_REFUNDED
    else:
        assert (give_to_taker <= _SPLIT_MASK and want_to_maker <= _SPLIT_MASK), "exchange: split amount too large"
        status = (STATE_SPLIT | (give_to_taker << _G2T_SHIFT) | (want_to_maker << _W2M_SHIFT))
    self._escrows[escrow_id] = status
    log INutrientExchange.EscrowResolved(
        escrow_id=escrow_id,
        arbiter=msg.sender,
        state=convert(state, uint8),
        give_to_taker=give_to_taker,
        want_to_maker=want_to_maker,
    )


@external
@nonreentrant
def settle(escrow: INutrientExchange.Escrow):
    """
    @notice Release an open escrow whose delivery window is over without a
            dispute: the default outcome. Anyone may call it.
    @param escrow The escrow record (from `EscrowOpened`).
    """
    escrow_id: bytes32 = empty(bytes32)
    status: uint256 = 0
    escrow_id, status = self._live_escrow(escrow)
    assert status & _STATE_MASK == STATE_OPEN, "exchange: escrow not open"
    assert block.timestamp > convert(escrow.deadline, uint256), "exchange: delivery window not over"
    self._escrows[escrow_id] = STATE_RELEASED
    log INutrientExchange.EscrowSettled(escrow_id=escrow_id, caller=msg.sender)


@external
@nonreentrant
def withdraw(escrow: INutrientExchange.Escrow, receiver: address):
    """
    @notice Take what a released, refunded or split escrow owes you, sent to
            `receiver` (yourself, or another address of yours if your
            wallet cannot take the tokens). Each leg you are owed is paid
            once, on its own: a leg that cannot be paid now is held (it
            stays owed, `EscrowLegHeld`) and the other leg is paid all the
            same. A leg is refused by a frozen harvest batch (until
            governance unfreezes it), a token that blocked or paused the
            exchange, or a receiver that cannot take it (withdraw it again
            to another receiver).
    @dev Maker or taker. Refused if nothing can be paid: every leg was
         withdrawn already (or the escrow owes you nothing), or every leg
         still owed was refused (the reason is the last refusal's: the
         token's, HarvestToken's or the receiver's). The status slot is
         cleared once every leg owed to anyone is withdrawn. Harvest that passed its
         best-before while in escrow (and is not frozen) can never move
         again: it is composted instead of sent (`EscrowComposted`), so an
         expired batch is never stuck here.
    @param escrow The escrow record (from `EscrowOpened`).
    @param receiver Where the tokens go.
    """
    assert receiver != empty(address), "exchange: zero receiver"
    # Tokens sent to the exchange itself would belong to no escrow or claim.
    assert receiver != self, "exchange: receiver is the exchange"
    escrow_id: bytes32 = empty(bytes32)
    status: uint256 = 0
    escrow_id, status = self._live_escrow(escrow)
    assert (status & _STATE_MASK >= STATE_RELEASED), "exchange: escrow not settled"
    legs_at: uint256 = 0
    if msg.sender == escrow.maker:
        legs_at = _MAKER_SHIFT
    elif msg.sender == escrow.taker:
        legs_at = _TAKER_SHIFT
    else:
        raise "exchange: not a party"
    give_part: uint256 = 0
    want_part: uint256 = 0
    owed_legs: uint256 = 0
    give_part, want_part, owed_legs = self._owed(escrow, status, legs_at)
    # This party's legs that are owed and not withdrawn yet.
    due: uint256 = owed_legs & ~status & (_BOTH_LEGS << legs_at)
    assert due != 0, "exchange: already withdrawn"

    # Effects before the transfers: every due leg is marked withdrawn (and
    # the slot cleared once nothing is owed to anyone); a leg held below is
    # un-marked again. The transfers cannot re-enter (`@nonreentrant`).
    status |= due
    if owed_legs & ~status == 0:
        self._escrows[escrow_id] = STATE_NONE
    else:
        self._escrows[escrow_id] = status
    # Each leg on its own: a leg that cannot be paid is held (still owed)
    # while the other is paid; if neither can be, the last refusal reverts.
    held: uint256 = 0
    if give_part != 0:
        if not self._pay_out(
            escrow_id,
            escrow.give_kind,
            escrow.give_token,
            escrow.give_id,
            receiver,
            give_part,
            want_part == 0,
        ):
            held = _GIVE_LEG << legs_at
            give_part = 0
    if want_part != 0:
        # The last chance when the give leg was not due or was held.
        if not self._pay_out(
            escrow_id,
            escrow.want_kind,
            escrow.want_token,
            escrow.want_id,
            receiver,
            want_part,
            give_part == 0,
        ):
            held |= _WANT_LEG << legs_at
            want_part = 0
    if held != 0:
        self._escrows[escrow_id] = status ^ held
    log INutrientExchange.EscrowWithdrawn(
        escrow_id=escrow_id,
        party=msg.sender,
        receiver=receiver,
        give_amount=give_part,
        want_amount=want_part,
    )


# --------------------------------------------------------------- governance


@external
@nonreentrant
def set_token_allowed(token: address, allowed: bool):
    """
    @notice Timelock only: allow or disallow a token for new fills and posts.
            Escrows already open are not affected.
    @dev The kind is detected: ERC-1155 by ERC-165, otherwise ERC-20.
    @param token The token.
    @param allowed Whether it can be traded.
    """
    self._only_timelock()
    assert token != empty(address), "exchange: zero token"
    kind: uint8 = safe_transfer.KIND_NONE
    if allowed:
        kind = safe_transfer._kind_of(token)
    if token == CREDIT or token == HARVEST:
        bit: uint256 = _CREDIT_BIT
        if token == HARVEST:
            bit = _HARVEST_BIT
        if allowed:
            self._config |= bit
        else:
            self._config &= ~bit
    else:
        self._token_kind[token] = kind
    log INutrientExchange.TokenAllowed(token=token, kind=kind)


@external
@nonreentrant
def set_arbiter(arbiter: address):
    """
    @notice Timelock only: elect the arbiter of disputes.
    @param arbiter The new arbiter (not the zero address).
    """
    self._only_timelock()
    assert arbiter != empty(address), "exchange: zero arbiter"
    self.arbiter = arbiter
    log INutrientExchange.ArbiterSet(arbiter=arbiter)


@external
@nonreentrant
def set_fee(fee_bps: uint256):
    """
    @notice Timelock only: set the exchange fee in basis points, taken from
            each leg of a fill and sent to the pool.
    @param fee_bps The fee, at most `MAX_FEE_BPS`; needs a pool unless 0.
    """
    self._only_timelock()
    assert fee_bps <= MAX_FEE_BPS, "exchange: fee above maximum"
    config: uint256 = self._config
    assert fee_bps == 0 or config & _POOL_MASK != 0, "exchange: no pool set"
    self._config = (config & ~(_FEE_MASK << _FEE_SHIFT)) | (fee_bps << _FEE_SHIFT)
    log INutrientExchange.FeeSet(fee_bps=fee_bps)


@external
@nonreentrant
def set_pool(pool: address):
    """
    @notice Timelock only: set the community pool that receives the fee.
    @dev A pool that cannot hold produce would make every harvest fill with
         a fee revert, so it must be a contract that declares ERC-1155
         receiver support (ERC-165) and, when this exchange trades the
         co-op's HarvestToken, that HarvestToken lets receive harvest
         (`is_coop_contract`: registered and not retired). Retiring the
         pool in HarvestToken therefore needs a `set_pool` in the same
         proposal.
    @param pool The pool; the zero address only while the fee is 0.
    """
    self._only_timelock()
    config: uint256 = self._config
    if pool == empty(address):
        assert (config >> _FEE_SHIFT) & _FEE_MASK == 0, "exchange: fee needs a pool"
    else:
        # Not the exchange itself: it pays out only what escrows owe, so fees
        # sent to it would be stranded.
        assert pool.is_contract and pool != self, "exchange: pool is not another contract"
        assert safe_transfer._supports_interface(
            pool, _ERC1155_RECEIVER_ID
        ), "exchange: pool does not declare ERC-1155 receiver support"
        if HARVEST != empty(address):
            assert safe_transfer._answers_true(
                HARVEST, abi_encode(pool, method_id=method_id("is_coop_contract(address)"))
            ), "exchange: pool may not hold harvest"
    self._config = (config & ~_POOL_MASK) | convert(pool, uint256)
    log INutrientExchange.PoolSet(pool=pool)


@external
@nonreentrant
def set_paused(paused: bool):
    """
    @notice Timelock only: stop (or resume) new fills and posts. Escrows
            keep settling and withdrawing while paused.
    @param paused Whether new fills are stopped.
    """
    self._only_timelock()
    if paused:
        self._config |= _PAUSED_BIT
    else:
        self._config &= ~_PAUSED_BIT
    log INutrientExchange.PausedSet(paused=paused)


# -------------------------------------------------------------------- views


@external
@view
def hash_offer(offer: INutrientExchange.Offer) -> bytes32:
    """
    @notice The EIP-712 digest of `offer` (what the maker signs; the id of
            the offer in events and in `filled`/`posted`).
    @param offer The offer.
    @return bytes32 The digest.
    """
    return self._hash_offer(offer)


@external
@view
def domain_separator() -> bytes32:
    """
    @notice The EIP-712 domain separator of this contract on this chain.
    @return bytes32 The domain separator.
    """
    return eip712_domain_separator._domain_separator_v4()


@external
@view
def escrow_id(escrow: INutrientExchange.Escrow) -> bytes32:
    """
    @notice The id of an escrow record: `keccak256(abi.encode(escrow))`.
    @param escrow The escrow record.
    @return bytes32 The escrow id.
    """
    return keccak256(abi_encode(escrow))


@external
@view
def escrow_status(id: bytes32) -> INutrientExchange.EscrowStatus:
    """
    @notice The decoded status of escrow `id` (state 0: unknown or closed).
    @param id The escrow id.
    @return EscrowStatus State, awaited confirmations, withdrawals done and
            the arbiter's split.
    """
    status: uint256 = self._escrows[id]
    g2t: uint256 = 0
    w2m: uint256 = 0
    if status & _STATE_MASK == STATE_SPLIT:
        g2t = (status >> _G2T_SHIFT) & _SPLIT_MASK
        w2m = status >> _W2M_SHIFT
    return INutrientExchange.EscrowStatus(
        state=convert(status & _STATE_MASK, uint8),
        pending=convert((status >> _PENDING_SHIFT) & 3, uint8),
        withdrawn=convert((status >> _WITHDRAWN_SHIFT) & 15, uint8),
        give_to_taker=g2t,
        want_to_maker=w2m,
    )


@external
@view
def owed(escrow: INutrientExchange.Escrow, party: address) -> (uint256, uint256):
    """
    @notice What `party` is owed by `escrow` and has not withdrawn yet:
            (give leg, want leg), each leg on its own. Zero unless the escrow
            is settled. A leg of frozen harvest is still owed (it is paid
            once governance unfreezes the batch).
    @param escrow The escrow record.
    @param party The maker or the taker.
    @return uint256 Amount of the give leg.
    @return uint256 Amount of the want leg.
    """
    status: uint256 = self._escrows[keccak256(abi_encode(escrow))]
    if status & _STATE_MASK < STATE_RELEASED:
        return 0, 0
    legs_at: uint256 = 0
    if party == escrow.maker:
        legs_at = _MAKER_SHIFT
    elif party == escrow.taker:
        legs_at = _TAKER_SHIFT
    else:
        return 0, 0
    give_part: uint256 = 0
    want_part: uint256 = 0
    owed_legs: uint256 = 0
    give_part, want_part, owed_legs = self._owed(escrow, status, legs_at)
    return give_part, want_part


@external
@view
def remaining(offer: INutrientExchange.Offer) -> uint256:
    """
    @notice How much of `offer.give_amount` a taker could fill right now as
            far as the exchange's own records go: 0 once expired, cancelled,
            filled or (for `post_offer`-only use) never valid. Signatures,
            membership, balances and approvals are not checked here.
    @param offer The offer.
    @return uint256 The fillable amount.
    """
    if block.timestamp > convert(offer.expiry, uint256):
        return 0
    if self._nonce_used(offer.maker, offer.nonce):
        return 0
    if not offer.partial_fill:
        return offer.give_amount
    filled: uint256 = self.filled[self._hash_offer(offer)]
    if filled >= offer.give_amount:
        return 0
    # Cannot underflow: `filled < give_amount` here.
    return unsafe_sub(offer.give_amount, filled)


@external
@view
def is_nonce_used(maker: address, nonce: uint256) -> bool:
    """
    @notice True if `maker`'s `nonce` was consumed (an all-or-nothing fill
            or a cancel) or is below `min_nonce(maker)`.
    @param maker The maker.
    @param nonce The nonce.
    @return bool Whether offers with this nonce are dead.
    """
    return self._nonce_used(maker, nonce)


@external
@view
def token_kind(token: address) -> uint8:
    """
    @notice The kind of an allowed token: 1 ERC-20, 2 ERC-1155; 0 if the
            token is not allowed.
    @param token The token.
    @return uint8 The kind.
    """
    return self._kind(token, self._config)


@external
@view
def fee_bps() -> uint256:
    """
    @notice The exchange fee in basis points.
    @return uint256 The fee.
    """
    return (self._config >> _FEE_SHIFT) & _FEE_MASK


@external
@view
def pool() -> address:
    """
    @notice The community pool that receives the fee.
    @return address The pool.
    """
    return convert(self._config & _POOL_MASK, address)


@external
@view
def paused() -> bool:
    """
    @notice True while new fills and posts are stopped.
    @return bool Whether paused.
    """
    return self._config & _PAUSED_BIT != 0


# ----------------------------------------------------------------- ERC-1155


@external
@view
def supportsInterface(interface_id: bytes4) -> bool:
    """
    @notice ERC-165: this contract is an ERC-1155 token receiver.
    @param interface_id The 4-byte interface identifier.
    @return bool Whether the interface is supported.
    """
    return interface_id in _SUPPORTED_INTERFACES


@external
@view
def onERC1155Received(
    _operator: address,
    _from: address,
    _id: uint256,
    _value: uint256,
    _data: Bytes[1_024],
) -> bytes4:
    """
    @notice ERC-1155 receiver hook: accepts only tokens this contract pulled
            itself (as the operator) during a fill.
    @dev Tokens sent directly would sit outside every escrow, so they are
         refused.
    @param _operator Who moved the tokens; must be this contract.
    @param _from The previous holder.
    @param _id The token id.
    @param _value The amount.
    @param _data Ignored.
    @return bytes4 The `onERC1155Received` selector.
    """
    assert _operator == self, "exchange: unsolicited token transfer"
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
    @notice ERC-1155 batch receiver hook: always refuses (the exchange never
            moves batches).
    @param _operator Who moved the tokens.
    @param _from The previous holder.
    @param _ids The token ids.
    @param _values The amounts.
    @param _data Ignored.
    @return bytes4 Never returns.
    """
    raise "exchange: batch transfers refused"


# ---------------------------------------------------------------- internals


@internal
@view
def _only_timelock():
    """
    @dev Reverts unless the caller is the timelock (a passed proposal).
    """
    assert (msg.sender == TIMELOCK), "exchange: only the timelock (a passed proposal)"


@internal
@view
def _check_terms(offer: INutrientExchange.Offer, config: uint256) -> (uint8, uint8):
    """
    @dev Checks what a fill and a post share: not paused, not expired, not
         cancelled by `cancel_all`, sane amounts and delivery terms, allowed
         tokens (ERC-20 legs with id 0), and a current fee no higher than
         the maker's signed `max_fee_bps`.
    @param offer The offer.
    @param config The `_config` word.
    @return uint8 The kind of the give token.
    @return uint8 The kind of the want token.
    """
    assert config & _PAUSED_BIT == 0, "exchange: paused"
    assert block.timestamp <= convert(offer.expiry, uint256), "exchange: offer expired"
    assert offer.maker != empty(address), "exchange: zero maker"
    assert (offer.give_amount != 0 and offer.want_amount != 0), "exchange: zero amount"
    assert offer.delivery <= _DELIVERY_MAX, "exchange: unknown delivery flags"
    assert (offer.delivery == 0 or offer.delivery_window != 0), "exchange: zero delivery window"
    assert (offer.nonce >= self.min_nonce[offer.maker]), "exchange: offer cancelled"
    give_kind: uint8 = self._kind(offer.give_token, config)
    want_kind: uint8 = self._kind(offer.want_token, config)
    assert give_kind != 0 and want_kind != 0, "exchange: token not allowed"
    assert (give_kind != safe_transfer.KIND_ERC20 or offer.give_id == 0), "exchange: ERC-20 id must be 0"
    assert (want_kind != safe_transfer.KIND_ERC20 or offer.want_id == 0), "exchange: ERC-20 id must be 0"
    # A fee raised after the maker signed is never charged on the offer.
    assert (
        (config >> _FEE_SHIFT) & _FEE_MASK <= convert(offer.max_fee_bps, uint256)
    ), "exchange: fee above what the maker signed"
    return give_kind, want_kind


@internal
@view
def _hash_offer(offer: INutrientExchange.Offer) -> bytes32:
    """
    @dev The EIP-712 digest of `offer` in this contract's domain.
    @param offer The offer.
    @return bytes32 The digest.
    """
    return offer_signing._hash_offer(eip712_domain_separator._domain_separator_v4(), offer)


@internal
@view
def _is_valid_signature(signer: address, digest: bytes32, signature: Bytes[65]) -> bool:
    """
    @dev ECDSA first, then ERC-1271 (snekmate's `signature_checker`).
    @notice snekmate's `_is_valid_signature_now` asks `signer.is_contract`
            first; for an EOA maker that is a cold account access (2,600
            gas) the fill otherwise never makes, so the order is reversed as
            in OpenZeppelin's `SignatureChecker`: a valid low-s ECDSA
            signature by `signer` (checked exactly as snekmate's `ecdsa`
            does, without reverting) is accepted, anything else is asked of
            `signer` through ERC-1271 (false for an account without code).
            `signer` is never the zero address here (`_check_terms`).
    @param signer The 20-byte maker address.
    @param digest The 32-byte EIP-712 digest.
    @param signature The 64- or 65-byte ECDSA signature, or an ERC-1271
           signature.
    @return bool Whether the signature is valid.
    """
    if self._ecdsa_signer(digest, signature) == signer:
        return True
    return signature_checker._is_valid_ERC1271_signature_now(signer, digest, signature)


@internal
@pure
def _ecdsa_signer(digest: bytes32, signature: Bytes[65]) -> address:
    """
    @dev The ECDSA signer of `digest`, or the zero address if `signature` is
         malformed, has a high `s` (EIP-2) or does not recover. Accepts the
         65-byte `r ‖ s ‖ v` and the 64-byte EIP-2098 `r ‖ vs` forms, like
         snekmate's `ecdsa._recover_sig`.
    @param digest The 32-byte digest.
    @param signature The signature.
    @return address The signer or the zero address.
    """
    r: uint256 = 0
    s: uint256 = 0
    v: uint256 = 0
    if len(signature) == 65:
        r = extract32(signature, 0, output_type=uint256)
        s = extract32(signature, 32, output_type=uint256)
        v = convert(slice(signature, 64, 1), uint256)
    elif len(signature) == 64:
        r = extract32(signature, 0, output_type=uint256)
        vs: uint256 = extract32(signature, 32, output_type=uint256)
        s = vs & convert(max_value(int256), uint256)
        # Cannot overflow: `vs >> 255` is 0 or 1.
        v = unsafe_add(vs >> 255, 27)
    else:
        return empty(address)
    if s > ecdsa._MALLEABILITY_THRESHOLD:
        return empty(address)
    return ecrecover(digest, v, r, s)


@internal
@view
def _kind(token: address, config: uint256) -> uint8:
    """
    @dev The kind of `token` if it is allowed, else 0. Credit and harvest are
         answered from `config` without reading another slot.
    @param token The token.
    @param config The `_config` word.
    @return uint8 The kind.
    """
    if token == CREDIT:
        if config & _CREDIT_BIT != 0:
            return safe_transfer.KIND_ERC20
        return safe_transfer.KIND_NONE
    if token == HARVEST:
        if config & _HARVEST_BIT != 0:
            return safe_transfer.KIND_ERC1155
        return safe_transfer.KIND_NONE
    return self._token_kind[token]


@internal
@view
def _nonce_used(maker: address, nonce: uint256) -> bool:
    """
    @dev Whether `maker`'s `nonce` is consumed or below the minimum.
    @param maker The maker.
    @param nonce The nonce.
    @return bool Whether it is used.
    """
    if nonce < self.min_nonce[maker]:
        return True
    return self._nonce_bits[maker][nonce >> 8] & (1 << (nonce & 255)) != 0


@internal
def _pay_out(
    escrow_id: bytes32,
    kind: uint8,
    token: address,
    id: uint256,
    receiver: address,
    amount: uint256,
    last: bool,
) -> bool:
    """
    @dev Sends one leg of a withdrawal; returns false if the leg is held.
         A refused transfer holds the leg (`EscrowLegHeld`: it stays owed,
         for a later withdrawal) unless it is the `last` leg that could
         still be paid: then nothing was paid and the withdrawal reverts
         with the refusal's reason. So a leg that cannot be paid now (a
         frozen batch, a token that blocked or paused the exchange, a
         receiver that cannot take it) never holds back the party's other
         leg. For the co-op's HarvestToken a refused transfer of a batch
         past its best-before (and not frozen) composts it instead
         (HarvestToken lets only the holder compost, and the holder is this
         contract); a frozen batch is never composted here. The happy path
         costs the same as a plain transfer, and does not grow with the
         number of federated co-ops. ERC-20s that return nothing or `true`
         (a first word of 1, as `safe_transfer` reads it) pay; `false` (or
         anything else) is a refusal.
    @param escrow_id The escrow id (for the events).
    @param kind The token kind.
    @param token The token.
    @param id The token id.
    @param receiver Where the tokens go.
    @param amount The amount.
    @param last Whether no other leg of this withdrawal was or will be paid.
    @return bool True if sent or composted, false if held.
    """
    # HarvestToken's `send_from_coop`: the same rules and receiver hook as
    # `safeTransferFrom(self, ...)`, but this contract's registration is
    # read first, so Membership is asked about the receiver only (not about
    # this contract, through every federated co-op's register).
    payload: Bytes[196] = abi_encode(
        receiver, id, amount, method_id=method_id("send_from_coop(address,uint256,uint256)")
    )
    if token != HARVEST:
        if kind == safe_transfer.KIND_ERC20:
            payload = abi_encode(receiver, amount, method_id=method_id("transfer(address,uint256)"))
        else:
            payload = abi_encode(
                self,
                receiver,
                id,
                amount,
                b"",
                method_id=method_id("safeTransferFrom(address,address,uint256,uint256,bytes)"),
            )
    success: bool = False
    response: Bytes[256] = b""
    success, response = raw_call(token, payload, max_outsize=256, revert_on_failure=False)
    if success:
        if kind != safe_transfer.KIND_ERC20 or len(response) == 0:
            return True
        # At least one word, the first `true`: what `safe_transfer` (which
        # reads one word) accepted at the fill. A longer answer taken for a
        # refusal would pay the leg and hold it too, or pay it twice.
        if len(response) >= 32:
            if extract32(response, 0, output_type=uint256) == 1:
                return True
    if token == HARVEST:
        # Why was it refused? Only a HarvestToken answers `batch(id)` (ABI:
        # the offset of the struct, then crop's offset, grams, grower,
        # harvested_at, best_before, origin's offset, frozen); for any other
        # ERC-1155 configured as harvest, or a batch that can still move,
        # the refusal is treated as any other. Read raw: only two words are
        # needed, and decoding the whole struct (two strings) would cost
        # code size for nothing.
        answered: bool = False
        batch: Bytes[256] = b""
        answered, batch = raw_call(
            token,
            abi_encode(id, method_id=method_id("batch(uint256)")),
            max_outsize=256,
            is_static_call=True,
            revert_on_failure=False,
        )
        if answered and len(batch) >= 256:
            # Past its best-before and not frozen (a frozen batch is
            # governance's evidence: held, like any refused leg, until it
            # is unfrozen).
            if (
                extract32(batch, 224, output_type=uint256) == 0
                and extract32(batch, 160, output_type=uint256) < block.timestamp
            ):
                extcall IHarvestToken(token).compost(id, amount)
                log INutrientExchange.EscrowComposted(escrow_id=escrow_id, party=msg.sender, id=id, amount=amount)
                return True
    if last:
        if kind == safe_transfer.KIND_ERC20:
            # Once more, with `safe_transfer`'s reasons (an ERC-20 may
            # revert without one, or return `false`).
            safe_transfer._call_erc20(
                token, abi_encode(receiver, amount, method_id=method_id("transfer(address,uint256)"))
            )
            return True
        raw_revert(response)
    log INutrientExchange.EscrowLegHeld(
        escrow_id=escrow_id,
        party=msg.sender,
        token=token,
        id=id,
        amount=amount,
    )
    return False


@internal
@view
def _live_escrow(escrow: INutrientExchange.Escrow) -> (bytes32, uint256):
    """
    @dev The id of the escrow record and its status word; reverts if no
         live escrow has that id (a changed field, or a closed escrow).
    @param escrow The escrow record.
    @return bytes32 The escrow id.
    @return uint256 Its status word.
    """
    escrow_id: bytes32 = keccak256(abi_encode(escrow))
    status: uint256 = self._escrows[escrow_id]
    assert status != STATE_NONE, "exchange: unknown escrow"
    return escrow_id, status


@internal
@pure
def _owed(escrow: INutrientExchange.Escrow, status: uint256, legs_at: uint256) -> (uint256, uint256, uint256):
    """
    @dev What a settled escrow still owes one party, leg by leg, and which
         (party, leg) pairs it owes anything at all. Of the give leg the
         taker gets `give_to_taker` and the maker the rest; of the want leg
         the maker gets `want_to_maker` and the taker the rest (all of both
         for a release, none for a refund, the arbiter's split otherwise).
    @param escrow The escrow record.
    @param status The status word (state released, refunded or split).
    @param legs_at `_MAKER_SHIFT` or `_TAKER_SHIFT`: whose legs.
    @return uint256 The party's give leg, 0 if withdrawn.
    @return uint256 The party's want leg, 0 if withdrawn.
    @return uint256 The bits (in status-word position) of every leg owed
            anything to anyone; the escrow is done when all are withdrawn.
    """
    give_to_taker: uint256 = escrow.give_amount
    want_to_maker: uint256 = escrow.want_amount
    state: uint256 = status & _STATE_MASK
    if state == STATE_REFUNDED:
        give_to_taker = 0
        want_to_maker = 0
    elif state == STATE_SPLIT:
        give_to_taker = (status >> _G2T_SHIFT) & _SPLIT_MASK
        want_to_maker = status >> _W2M_SHIFT
    # Cannot underflow: `resolve` checked both against the escrow's amounts.
    maker_give: uint256 = unsafe_sub(escrow.give_amount, give_to_taker)
    taker_want: uint256 = unsafe_sub(escrow.want_amount, want_to_maker)
    legs: uint256 = 0
    if maker_give != 0:
        legs = _MAKER_GIVE
    if want_to_maker != 0:
        legs |= _MAKER_WANT
    if give_to_taker != 0:
        legs |= _TAKER_GIVE
    if taker_want != 0:
        legs |= _TAKER_WANT
    give_part: uint256 = give_to_taker
    want_part: uint256 = taker_want
    if legs_at == _MAKER_SHIFT:
        give_part = maker_give
        want_part = want_to_maker
    if status & (_GIVE_LEG << legs_at) != 0:
        give_part = 0
    if status & (_WANT_LEG << legs_at) != 0:
        want_part = 0
    return give_part, want_part, legs
