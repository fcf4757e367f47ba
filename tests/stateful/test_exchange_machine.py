"""Stateful property test of NutrientExchange (titanoboa + hypothesis).

Random sequences of: sign an offer (EIP-712, ECDSA, with a signed maximum
fee) or post it on-chain, fill (with the taker's minimum), partial fill, a
dust fill front-running a "fill the rest", cancel, cancel-all, governance
changing the fee, confirm, dispute, resolve (release, refund, split),
default-settle, withdraw (leg by leg, to oneself or another address),
governance freezing and unfreezing harvest batches, an ERC-20 blocking
the exchange while a party withdraws, retiring and
re-registering the exchange in HarvestToken, time travel (one batch
expires), direct token donations and third-party pokes, with two ERC-20s
(snekmate's, and one that returns nothing) and three batches of the co-op's
real HarvestToken, with and without an exchange fee. Each step is predicted
by an independent Python model (which calls succeed, what they move, which
legs are held or composted); after every step:

- for every token and id, the exchange's balance == what its open escrows
  hold + what settled escrows still owe, leg by leg (unclaimed withdrawals,
  frozen legs held included) + ERC-20 donations, which are accounted
  separately (ERC-1155 donations are refused);
- no offer is ever filled beyond its `give_amount` (partial fills are
  checked against `filled`, all-or-nothing offers against their nonce);
- the fee of a piece of a partially fillable offer is the fee on all filled
  so far less the fee on what was filled before it (so small pieces cannot
  round it away); over an offer's life no maker (nor taker) pays more fee
  than its signed `max_fee_bps` on all it filled, plus one unit for each
  time governance changed the fee while the offer was being filled;
- a frozen batch is never composted (nor moved) out of the exchange: its
  supply and the exchange's balance of it only change once governance
  unfroze it; a batch's supply only falls after its mint;
- a third party's call never lowers anyone's claim: an outsider's (or a
  non-party's) confirm / dispute / resolve / withdraw is refused and leaves
  every escrow's status and what it owes unchanged;

and at the end of every run everything is closed (disputes resolved, the
windows passed, batches unfrozen, everything settled and withdrawn): then
nothing is stuck, the exchange holds only the ERC-20 donations and every
escrow slot is cleared.

Speed (the ci profile, 1,000 runs x 50 steps): deployed once, each run
rolled back with `boa.env.anchor()`; balances, supplies and escrow status
words are read straight from storage slots; the contracts print without
titanoboa's storage dump when a call reverts; and while a run is on, the
ecrecover precompile answers the signatures this module made from a cache
(anything else goes to py-evm's precompile), since pure-Python recovery is
the slowest part of a signed fill. Nothing global is left changed after a
run.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

import boa
from boa.vm.py_evm import deregister_raw_precompile, register_raw_precompile
from eth_account import Account
from eth_utils import keccak, to_checksum_address
from hypothesis import event
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

ROOT = Path(__file__).resolve().parents[2]

from harvest_coop.core.offers import Escrow, Offer, offer_digest, sign_offer  # noqa: E402
from harvest_coop.core.params import AdmissionRules, CoopParams  # noqa: E402
from harvest_coop.testing.boa import compiled, create_coop, deploy_stack, federate  # noqa: E402

CONTRACTS = ROOT / "contracts"
BPS = 10_000
MAX = 2**256 - 1
BALANCE = 10**28
MAX_GRAMS = 10**12  # HarvestToken.MAX_GRAMS: each batch is logged this big
DAY = 86_400
EXPIRES_IN = (30, 300, 3_000, 30_000)
WINDOWS = (60, 600)
N_MEMBERS = 4

# -------------------------------------------------------------- the cast

MEMBER_KEYS = [keccak(text=f"exchange machine member {i}") for i in range(N_MEMBERS)]
MEMBERS = [Account.from_key(k) for k in MEMBER_KEYS]
FEDERATED = Account.from_key(keccak(text="exchange machine federated"))
TRADERS = [*MEMBERS, FEDERATED]  # may sign, fill and take part in escrows
TRADER_ADDRESSES = [a.address for a in TRADERS]
OUTSIDER = to_checksum_address(boa.env.generate_address("outsider"))
ARBITER = to_checksum_address(boa.env.generate_address("arbiter"))
# Another address of a party (a household member's), in the co-op: harvest
# can only go to the co-op network.
HOUSEHOLD = to_checksum_address(boa.env.generate_address("household"))
# -------------------------------------------------------- deployed once

# The co-op is made by the CoopFactory as on a real chain (no sponsored
# route: members are the founders); a federated co-op holds FEDERATED.
_STACK = deploy_stack()
_COOP = create_coop(
    _STACK,
    MEMBERS[0].address,
    CoopParams(
        name="Exchange Machine Coop",
        symbol="EMC",
        founders=[m.address for m in MEMBERS] + [HOUSEHOLD],
        admission=AdmissionRules(sponsors_needed=0),
    ),
)
_OTHER = create_coop(
    _STACK,
    FEDERATED.address,
    CoopParams(
        name="Federated Machine Coop",
        symbol="FMC",
        founders=[FEDERATED.address],
        admission=AdmissionRules(sponsors_needed=0),
    ),
)
TIMELOCK = to_checksum_address(_COOP["TimelockController"].address)
MEMBERSHIP = _COOP["Membership"]
CREDIT = _COOP["CoopCredit"]
HARVEST = _COOP["HarvestToken"]
EXCHANGE = _COOP["NutrientExchange"]
NORETURN = compiled("TokenNoReturn").deploy("Tether-ish", "USDX", 6)
# The community pool: a contract that accepts ERC-1155 and may hold harvest.
_POOL = compiled("ERC1155ReceiverMock").deploy(0)
POOL = to_checksum_address(_POOL.address)
federate(_COOP, _OTHER)  # both governances agree (timelocks pranked)
with boa.env.prank(TIMELOCK):
    HARVEST.set_coop_contract(POOL, True)
    EXCHANGE.set_token_allowed(NORETURN.address, True)
    EXCHANGE.set_arbiter(ARBITER)
    EXCHANGE.set_pool(POOL)

# Three harvest batches, logged by a grower and shared among the traders:
# two that keep for the whole run, one whose best-before falls within reach
# of `advance_past_the_short_batch`.
GROWER = MEMBERS[0].address
_START = boa.env.evm.patch.timestamp
SHORT_BATCH = 3
BEST_BEFORE = {1: _START + 300 * DAY, 2: _START + 300 * DAY, SHORT_BATCH: _START + 2 * DAY}
with boa.env.prank(GROWER):
    for _batch, _best_before in BEST_BEFORE.items():
        assert HARVEST.log_harvest(f"crop {_batch}", MAX_GRAMS, _START - 60, _best_before, "plot") == _batch
        for trader in TRADER_ADDRESSES[1:]:
            HARVEST.safeTransferFrom(GROWER, trader, _batch, MAX_GRAMS // len(TRADER_ADDRESSES), b"")
for trader in TRADER_ADDRESSES:
    with boa.env.prank(TIMELOCK):
        CREDIT.mint(trader, BALANCE)
    NORETURN._mint_for_testing(trader, BALANCE)
    with boa.env.prank(trader):
        CREDIT.approve(EXCHANGE.address, MAX)
        NORETURN.approve(EXCHANGE.address, MAX)
        HARVEST.setApprovalForAll(EXCHANGE.address, True)
for donor in (OUTSIDER,):
    with boa.env.prank(TIMELOCK):
        CREDIT.mint(donor, BALANCE)
    NORETURN._mint_for_testing(donor, BALANCE)
HARVEST_DONOR = MEMBERS[-1].address  # only members hold harvest; the exchange refuses it anyway

CHAIN_ID = EXCHANGE.eip712Domain()[3]


class _QuietContract(type(EXCHANGE)):
    """titanoboa prints a contract with a dump of its storage when a call
    reverts; most predicted refusals here revert, and that dump was a fifth
    of the run time. These contracts print as their address instead."""

    def __repr__(self) -> str:
        return f"<{self.contract_name} at {self.address}>"


for _contract in (MEMBERSHIP, CREDIT, NORETURN, HARVEST, EXCHANGE, _POOL):
    _contract.__class__ = _QuietContract

# (token, id, kind, balance slot base, nested?) for every leg the machine trades.
LEGS = [
    (CREDIT.address, 0, 1),
    (NORETURN.address, 0, 1),
    (HARVEST.address, 1, 2),
    (HARVEST.address, 2, 2),
    (HARVEST.address, SHORT_BATCH, 2),
]


def _layout_slot(contract, name: str) -> int:
    def find(node):
        if isinstance(node, dict):
            if name in node and isinstance(node[name], dict) and "slot" in node[name]:
                return node[name]["slot"]
            for value in node.values():
                found = find(value)
                if found is not None:
                    return found
        return None

    slot = find(contract.compiler_data.storage_layout["storage_layout"])
    assert slot is not None, name
    return slot


ESCROWS_SLOT = _layout_slot(EXCHANGE, "_escrows")
SUPPLY_SLOT = _layout_slot(HARVEST, "total_supply")
FILLED_SLOT = _layout_slot(EXCHANGE, "filled")
BALANCE_SLOT = {
    CREDIT.address: _layout_slot(CREDIT, "balanceOf"),
    NORETURN.address: _layout_slot(NORETURN, "balanceOf"),
    HARVEST.address: _layout_slot(HARVEST, "balanceOf"),
}


def _word(value: int) -> bytes:
    return int(value).to_bytes(32, "big")


def balance_of(token: str, token_id: int, owner: str) -> int:
    """A token balance read from storage (Vyper: slot = keccak(slot ‖ key))."""
    slot = keccak(_word(BALANCE_SLOT[token]) + _word(int(owner, 16)))
    if token == HARVEST.address:
        slot = keccak(slot + _word(token_id))
    return boa.env.get_storage(token, int.from_bytes(slot, "big"))


def supply_of(batch: int) -> int:
    """A harvest batch's total supply, read from storage."""
    return boa.env.get_storage(
        HARVEST.address, int.from_bytes(keccak(_word(SUPPLY_SLOT) + _word(batch)), "big")
    )


def escrow_word(escrow_id: bytes) -> int:
    """The escrow's packed status word, read from storage."""
    return boa.env.get_storage(
        EXCHANGE.address, int.from_bytes(keccak(_word(ESCROWS_SLOT) + escrow_id), "big")
    )


def filled_of(digest: bytes) -> int:
    return boa.env.get_storage(EXCHANGE.address, int.from_bytes(keccak(_word(FILLED_SLOT) + digest), "big"))


# ------------------------------------------- ecrecover answered from a cache

ECRECOVER = b"\x00" * 19 + b"\x01"
_SIGNERS: dict[bytes, bytes] = {}
_REAL_ECRECOVER = boa.env.evm.vm.state.computation_class._precompiles[ECRECOVER]


def _cached_ecrecover(computation):
    """What the ecrecover precompile returns, for signatures made by `sign`
    below (looked up, not recomputed); any other input goes to py-evm's."""
    signer = _SIGNERS.get(bytes(computation.msg.data[:128]).ljust(128, b"\x00"))
    if signer is None:
        return _REAL_ECRECOVER(computation)
    computation.consume_gas(3_000, reason="ECRECOVER Precompile")
    computation.output = b"\x00" * 12 + signer
    return computation


def sign(account, offer: Offer) -> bytes:
    signature = sign_offer(account, offer, CHAIN_ID, EXCHANGE.address)
    digest = offer_digest(offer, CHAIN_ID, EXCHANGE.address)
    r, s, v = signature[:32], signature[32:64], signature[64]
    _SIGNERS[digest + _word(v) + r + s] = bytes.fromhex(account.address[2:])
    return signature


# ----------------------------------------------------------------- the model


@dataclass
class OfferModel:
    offer: Offer
    digest: bytes
    signature: bytes  # empty for a posted offer


# The status word's withdrawn bits (bits 10..13), per (party, leg).
LEG_BITS = {("maker", "give"): 1, ("maker", "want"): 2, ("taker", "give"): 4, ("taker", "want"): 8}


@dataclass
class EscrowModel:
    record: Escrow
    state: int = 1  # 1 open, 2 disputed, 3 released, 4 refunded, 5 split
    pending: int = 0  # bit 0 taker's confirmation, bit 1 maker's
    withdrawn: set = field(default_factory=set)  # {(side, leg)} paid out or composted
    give_to_taker: int = 0
    want_to_maker: int = 0

    @property
    def id(self) -> bytes:
        return self.record.escrow_id

    def shares(self, side: str) -> dict[str, int]:
        """What a settled escrow gives `side` of each leg, withdrawn or not."""
        r = self.record
        g2t, w2m = r.give_amount, r.want_amount
        if self.state == 4:
            g2t, w2m = 0, 0
        elif self.state == 5:
            g2t, w2m = self.give_to_taker, self.want_to_maker
        if side == "maker":
            return {"give": r.give_amount - g2t, "want": w2m}
        return {"give": g2t, "want": r.want_amount - w2m}

    def owed(self, side: str) -> tuple[int, int]:
        """(give leg, want leg) still owed to `side`: settled, not withdrawn."""
        if self.state < 3:
            return 0, 0
        shares = self.shares(side)
        give, want = ((0 if (side, leg) in self.withdrawn else shares[leg]) for leg in ("give", "want"))
        return give, want

    def due(self, side: str) -> list[str]:
        """The legs `side` may withdraw now (owed something, not withdrawn)."""
        give, want = self.owed(side)
        return [leg for leg, amount in (("give", give), ("want", want)) if amount]

    def holds(self) -> dict[tuple[str, int], int]:
        r = self.record
        out = {(r.give_token, r.give_id): 0, (r.want_token, r.want_id): 0}
        if self.state < 3:
            out[(r.give_token, r.give_id)] += r.give_amount
            out[(r.want_token, r.want_id)] += r.want_amount
            return out
        for side in ("maker", "taker"):
            give, want = self.owed(side)
            out[(r.give_token, r.give_id)] += give
            out[(r.want_token, r.want_id)] += want
        return out

    def withdrawn_bits(self) -> int:
        return sum(LEG_BITS[leg] for leg in self.withdrawn)

    def closed(self) -> bool:
        return self.state >= 3 and not self.due("maker") and not self.due("taker")


def party_name(escrow: EscrowModel, who: str) -> str | None:
    if who == escrow.record.maker:
        return "maker"
    if who == escrow.record.taker:
        return "taker"
    return None


leg_idx = st.integers(min_value=0, max_value=len(LEGS) - 1)
amounts = st.sampled_from([1, 2, 3, 7, 60, 1_000])
trader_idx = st.integers(min_value=0, max_value=len(TRADERS) - 1)
# Takers: mostly traders (a few of them the maker itself), now and then the outsider.
takers = st.sampled_from([*TRADER_ADDRESSES, *TRADER_ADDRESSES, OUTSIDER])
# Who acts on an escrow, by role, so that most calls are meaningful.
roles = st.sampled_from(["maker", "taker", "maker", "taker", "other trader", "outsider"])
picks = st.integers(min_value=0, max_value=10**6)
mostly_false = st.sampled_from([False, False, False, True])
# The highest fee a maker signs for: from none to above every fee set.
signed_fees = st.sampled_from([0, 30, 60, 100, 100])
# The taker's minimum: mostly exactly the amount, now and then lower or too high.
minimums = st.sampled_from(["amount", "amount", "zero", "one", "half", "above"])


def actor(escrow: EscrowModel, role: str, n: int) -> str:
    if role in ("maker", "taker"):
        return getattr(escrow.record, role)
    if role == "outsider":
        return OUTSIDER
    others = [a for a in TRADER_ADDRESSES if a not in (escrow.record.maker, escrow.record.taker)]
    return others[n % len(others)]


class ExchangeMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        register_raw_precompile(ECRECOVER, _cached_ecrecover, force=True)
        self._anchor = boa.env.anchor()
        self._anchor.__enter__()
        self.fee_bps = 0
        self.offers: list[OfferModel] = []
        self.filled: dict[bytes, int] = {}
        self.used_nonces: dict[str, set[int]] = {a: set() for a in TRADER_ADDRESSES}
        self.min_nonce: dict[str, int] = {a: 0 for a in TRADER_ADDRESSES}
        self.posted: set[bytes] = set()
        self.escrows: list[EscrowModel] = []
        self.donated: dict[tuple[str, int], int] = {(t, i): 0 for t, i, _ in LEGS}
        # Per offer: [give-leg fees, want-leg fees, given, wanted, the fee rates used].
        self.fees_charged: dict[bytes, list] = {}
        # Harvest batches governance froze, with (supply, the exchange's
        # balance) when frozen: neither may change until it is unfrozen.
        self.frozen: dict[int, tuple[int, int]] = {}
        self.exchange_active = True  # registered in HarvestToken (else retired)
        self.exchange_blocked = False  # NORETURN refuses every transfer out of the exchange
        self.last_supply = {batch: supply_of(batch) for batch in BEST_BEFORE}

    def teardown(self) -> None:
        try:
            if not self.failed():
                self.close_everything()
        finally:
            self._anchor.__exit__(None, None, None)
            deregister_raw_precompile(ECRECOVER, force=True)

    def failed(self) -> bool:
        return sys.exc_info()[0] is not None

    # ------------------------------------------------------------ helpers

    @staticmethod
    def now() -> int:
        return boa.env.evm.patch.timestamp

    def nonce_dead(self, maker: str, nonce: int) -> bool:
        return nonce < self.min_nonce[maker] or nonce in self.used_nonces[maker]

    def expected_holdings(self) -> dict[tuple[str, int], int]:
        total = dict(self.donated)
        for escrow in self.escrows:
            for key, amount in escrow.holds().items():
                total[key] += amount
        return total

    def check_escrow(self, escrow: EscrowModel) -> None:
        """The contract's status word is exactly the model's (it determines,
        with the record, everything `owed` answers; `owed` itself is checked
        against the model at the end of every run)."""
        word = escrow_word(escrow.id)
        if escrow.closed():
            assert word == 0
            return
        assert word & 0xFF == escrow.state
        assert (word >> 8) & 3 == (escrow.pending if escrow.state == 1 else 0)
        assert (word >> 10) & 15 == escrow.withdrawn_bits()
        if escrow.state == 5:
            assert ((word >> 16) & (2**120 - 1), word >> 136) == (escrow.give_to_taker, escrow.want_to_maker)

    def check_owed(self, escrow: EscrowModel) -> None:
        for side, party in (("maker", escrow.record.maker), ("taker", escrow.record.taker)):
            assert tuple(EXCHANGE.owed(escrow.record.as_tuple(), party)) == escrow.owed(side)

    def pick(self, items: list, n: int):
        return items[n % len(items)]

    # ------------------------------------------------------------- setup

    @initialize(fee_bps=st.sampled_from([0, 0, 30]))
    def set_fee(self, fee_bps: int) -> None:
        if fee_bps:
            with boa.env.prank(TIMELOCK):
                EXCHANGE.set_fee(fee_bps)
        self.fee_bps = fee_bps

    @rule(fee_bps=st.sampled_from([0, 30, 60, 100]))
    def change_fee(self, fee_bps: int) -> None:
        """Governance raises or lowers the fee between a signature and its
        fills: offers signed for less become unfillable (fill_and_check
        predicts it), never charged more."""
        with boa.env.prank(TIMELOCK):
            EXCHANGE.set_fee(fee_bps)
        self.fee_bps = fee_bps
        assert EXCHANGE.fee_bps() == fee_bps

    # ------------------------------------------------------------ offers

    @rule(
        maker=trader_idx,
        give=leg_idx,
        want=leg_idx,
        give_amount=amounts,
        want_amount=amounts,
        delivery=st.sampled_from([0, 1, 1, 2, 3]),
        window=st.sampled_from(WINDOWS),
        expiry=st.sampled_from(EXPIRES_IN),
        nonce_offset=st.integers(min_value=-1, max_value=4),
        partial=st.booleans(),
        post=st.booleans(),
        max_fee_bps=signed_fees,
    )
    def make_offer(
        self,
        maker,
        give,
        want,
        give_amount,
        want_amount,
        delivery,
        window,
        expiry,
        nonce_offset,
        partial,
        post,
        max_fee_bps,
    ):
        account = TRADERS[maker]
        give_token, give_id, _ = LEGS[give]
        want_token, want_id, _ = LEGS[want]
        offer = Offer(
            maker=account.address,
            give_token=give_token,
            give_id=give_id,
            give_amount=give_amount,
            want_token=want_token,
            want_id=want_id,
            want_amount=want_amount,
            delivery=delivery,
            delivery_window=window if delivery else 0,
            expiry=self.now() + expiry,
            nonce=max(0, self.min_nonce[account.address] + nonce_offset),
            partial_fill=partial,
            max_fee_bps=max_fee_bps,
        )
        digest = offer_digest(offer, CHAIN_ID, EXCHANGE.address)
        if not post:
            self.offers.append(OfferModel(offer, digest, sign(account, offer)))
            return
        ok = (
            not self.nonce_dead(offer.maker, offer.nonce)
            and digest not in self.posted
            and self.fee_bps <= max_fee_bps
        )
        with boa.env.prank(offer.maker):
            if ok:
                assert EXCHANGE.post_offer(offer.as_tuple()) == digest
            else:
                with boa.reverts():
                    EXCHANGE.post_offer(offer.as_tuple())
        if ok:
            self.posted.add(digest)
            self.offers.append(OfferModel(offer, digest, b""))

    @precondition(lambda self: self.offers)
    @rule(
        n=picks,
        taker=takers,
        part=st.integers(min_value=0, max_value=1_100),
        wrong_amount=mostly_false,
        minimum=minimums,
    )
    def fill(self, n, taker, part, wrong_amount, minimum):
        model = self.pick(self.offers, n)
        offer = model.offer
        if offer.partial_fill:
            amount = max(1, offer.give_amount * part // 1_000)
        else:
            amount = offer.give_amount + (1 if wrong_amount else 0)
        self.fill_and_check(model, taker, amount, self.minimum(minimum, amount))

    @precondition(lambda self: any(self.left(m) >= 2 for m in self.offers))
    @rule(n=picks, front_runner=trader_idx, taker=trader_idx)
    def dust_front_run(self, n, front_runner, taker):
        """A 1-unit fill lands just before a taker's "fill the rest" (amount:
        the whole offer, minimum 1): the taker's fill still goes through and
        takes exactly what the dust fill left."""
        model = self.pick([m for m in self.offers if self.left(m) >= 2], n)
        offer = model.offer
        front_runner, taker = TRADER_ADDRESSES[front_runner], TRADER_ADDRESSES[taker]
        left = self.left(model)
        dust = self.fill_and_check(model, front_runner, 1, 1)
        rest = self.fill_and_check(model, taker, offer.give_amount, 1)
        if dust is not None and rest is not None:
            event("dust front-run: the rest taken")
            assert (dust, rest) == (1, left - 1)
            assert self.left(model) == 0 and EXCHANGE.remaining(offer.as_tuple()) == 0

    def left(self, model: OfferModel) -> int:
        """What a fill could take now, as far as the model knows (0 for
        dead or all-or-nothing offers: this is for partial fills)."""
        offer = model.offer
        if not offer.partial_fill or self.now() > offer.expiry or self.nonce_dead(offer.maker, offer.nonce):
            return 0
        if not (model.signature or model.digest in self.posted):
            return 0
        return offer.give_amount - self.filled.get(model.digest, 0)

    def movable(self, token: str, token_id: int) -> bool:
        """HarvestToken moves a batch only while it is not frozen and not
        past its best-before; other tokens always move."""
        if token != HARVEST.address:
            return True
        return token_id not in self.frozen and self.now() <= BEST_BEFORE[token_id]

    @staticmethod
    def minimum(choice: str, amount: int) -> int:
        return {"amount": amount, "zero": 0, "one": 1, "half": amount // 2, "above": amount + 1}[choice]

    def fill_and_check(self, model: OfferModel, taker: str, amount: int, min_amount: int) -> int | None:
        """Fill `amount` (at least `min_amount`) of the offer as `taker`; the
        model predicts whether it goes through, what it takes and moves.
        Returns what was taken, or None if the fill was (rightly) refused."""
        offer = model.offer
        give_token, want_token = offer.give_token, offer.want_token
        filled = self.filled.get(model.digest, 0)
        left = offer.give_amount - filled
        take = min(amount, left) if offer.partial_fill else amount
        ok = (
            self.now() <= offer.expiry
            and taker != offer.maker
            and taker != OUTSIDER
            and not self.nonce_dead(offer.maker, offer.nonce)
            and (model.signature or model.digest in self.posted)
            and min_amount <= amount
            and (left > 0 and take >= min_amount if offer.partial_fill else amount == offer.give_amount)
            and self.fee_bps <= offer.max_fee_bps
            and self.movable(give_token, offer.give_id)
            and self.movable(want_token, offer.want_id)
            and (
                offer.delivery == 0 or self.exchange_active or HARVEST.address not in (give_token, want_token)
            )
        )
        event(f"fill: {'ok' if ok else 'refused'}{' (partial)' if offer.partial_fill else ''}")
        before = {
            (who, tok, tid): balance_of(tok, tid, who)
            for who in (offer.maker, taker, POOL)
            for tok, tid in ((give_token, offer.give_id), (want_token, offer.want_id))
        }
        with boa.env.prank(taker):
            if not ok:
                with boa.reverts():
                    EXCHANGE.fill(offer.as_tuple(), model.signature, amount, min_amount)
                return None
            escrow_id = EXCHANGE.fill(offer.as_tuple(), model.signature, amount, min_amount)
        logs = EXCHANGE.get_logs()

        want_part = offer.want_amount
        if take != offer.give_amount:
            want_part = -(-offer.want_amount * take // offer.give_amount)
        # Only legs in the co-op's harvest or credit pay (the pool shares out nothing else).
        own = {HARVEST.address, CREDIT.address}
        bps, total = self.fee_bps, offer.give_amount
        give_fee = (filled + take) * bps // BPS - filled * bps // BPS if offer.give_token in own else 0
        scaled = offer.want_amount * bps
        want_fee = (
            scaled * (filled + take) // (total * BPS) - scaled * filled // (total * BPS)
            if offer.want_token in own
            else 0
        )
        filled_events = [log for log in logs if type(log).__name__ == "OfferFilled"]
        assert len(filled_events) == 1
        assert (filled_events[0].give_amount, filled_events[0].want_amount) == (take, want_part)
        fees = [log for log in logs if type(log).__name__ == "FeePaid"]
        assert sorted(f.amount for f in fees) == sorted(f for f in (give_fee, want_fee) if f)
        record = self.fees_charged.setdefault(model.digest, [0, 0, 0, 0, set()])
        record[0] += give_fee
        record[1] += want_fee
        record[2] += take
        record[3] += want_part
        record[4].add(bps)
        if offer.partial_fill:
            self.filled[model.digest] = filled + take
            assert filled_of(model.digest) == filled + take <= offer.give_amount
        else:
            self.used_nonces[offer.maker].add(offer.nonce)

        # What moved, leg by leg (the same token can be on both legs).
        expected = dict(before)
        give_to = EXCHANGE.address if offer.delivery else taker
        want_to = EXCHANGE.address if offer.delivery else offer.maker
        for who, tok, tid, delta in (
            (offer.maker, give_token, offer.give_id, -take),
            (give_to, give_token, offer.give_id, take - give_fee),
            (POOL, give_token, offer.give_id, give_fee),
            (taker, want_token, offer.want_id, -want_part),
            (want_to, want_token, offer.want_id, want_part - want_fee),
            (POOL, want_token, offer.want_id, want_fee),
        ):
            if (who, tok, tid) in expected:
                expected[(who, tok, tid)] += delta
        for key, value in expected.items():
            assert balance_of(key[1], key[2], key[0]) == value, key

        if not offer.delivery:
            assert escrow_id == b"\x00" * 32
            return take
        record = Escrow(
            offer_hash=model.digest,
            maker=offer.maker,
            taker=taker,
            give_token=give_token,
            give_kind=2 if give_token == HARVEST.address else 1,
            give_id=offer.give_id,
            give_amount=take - give_fee,
            want_token=want_token,
            want_kind=2 if want_token == HARVEST.address else 1,
            want_id=offer.want_id,
            want_amount=want_part - want_fee,
            delivery=offer.delivery,
            deadline=self.now() + offer.delivery_window,
            fill_index=filled if offer.partial_fill else 0,
        )
        assert escrow_id == record.escrow_id
        opened = [log for log in logs if type(log).__name__ == "EscrowOpened"]
        assert len(opened) == 1 and Escrow.from_value(tuple(opened[0].escrow)) == record
        escrow = EscrowModel(record, pending=offer.delivery)
        self.escrows.append(escrow)
        self.check_escrow(escrow)
        return take

    @precondition(lambda self: self.offers)
    @rule(n=picks, by_maker=st.booleans())
    def cancel(self, n, by_maker):
        model = self.pick(self.offers, n)
        offer = model.offer
        caller = offer.maker if by_maker else OUTSIDER
        ok = by_maker and not self.nonce_dead(offer.maker, offer.nonce)
        with boa.env.prank(caller):
            if ok:
                EXCHANGE.cancel(offer.as_tuple())
            else:
                with boa.reverts():
                    EXCHANGE.cancel(offer.as_tuple())
        if ok:
            self.used_nonces[offer.maker].add(offer.nonce)

    @rule(maker=trader_idx, bump=st.integers(min_value=0, max_value=3))
    def cancel_all(self, maker, bump):
        address = TRADER_ADDRESSES[maker]
        new = self.min_nonce[address] + bump
        with boa.env.prank(address):
            if bump:
                EXCHANGE.cancel_all(new)
                self.min_nonce[address] = new
            else:
                with boa.reverts():
                    EXCHANGE.cancel_all(new)
        assert EXCHANGE.min_nonce(address) == self.min_nonce[address]

    # ------------------------------------------------------------ escrows

    def open_escrows(self) -> list[EscrowModel]:
        return [e for e in self.escrows if not e.closed()]

    @precondition(lambda self: self.open_escrows())
    @rule(n=picks, role=roles)
    def confirm(self, n, role):
        escrow = self.pick(self.open_escrows(), n)
        who = actor(escrow, role, n)
        side = party_name(escrow, who)
        flag = {"taker": 1, "maker": 2}.get(side, 0)
        ok = escrow.state == 1 and escrow.pending & flag != 0
        with boa.env.prank(who):
            if ok:
                EXCHANGE.confirm(escrow.record.as_tuple())
            else:
                with boa.reverts():
                    EXCHANGE.confirm(escrow.record.as_tuple())
        if ok:
            escrow.pending &= ~flag
            if escrow.pending == 0:
                escrow.state = 3
        self.check_escrow(escrow)

    @precondition(lambda self: self.open_escrows())
    @rule(n=picks, role=roles)
    def dispute(self, n, role):
        escrow = self.pick(self.open_escrows(), n)
        who = actor(escrow, role, n)
        ok = (
            escrow.state == 1 and party_name(escrow, who) is not None and self.now() <= escrow.record.deadline
        )
        with boa.env.prank(who):
            if ok:
                EXCHANGE.dispute(escrow.record.as_tuple())
            else:
                with boa.reverts():
                    EXCHANGE.dispute(escrow.record.as_tuple())
        if ok:
            escrow.state = 2
        self.check_escrow(escrow)

    @precondition(lambda self: self.open_escrows())
    @rule(
        n=picks,
        who=st.sampled_from([ARBITER, TIMELOCK, OUTSIDER, "maker"]),
        give_part=st.sampled_from([0, 1, 2, 3]),
        want_part=st.sampled_from([0, 1, 2, 3]),
    )
    def resolve(self, n, who, give_part, want_part):
        """Parts in thirds: 0 none, 3 all, 4 (over) never drawn for `ok`."""
        escrow = self.pick(self.open_escrows(), n)
        caller = escrow.record.maker if who == "maker" else who
        g2t = escrow.record.give_amount * give_part // 3
        w2m = escrow.record.want_amount * want_part // 3
        ok = escrow.state == 2 and caller in (ARBITER, TIMELOCK)
        with boa.env.prank(caller):
            if ok:
                EXCHANGE.resolve(escrow.record.as_tuple(), g2t, w2m)
            else:
                with boa.reverts():
                    EXCHANGE.resolve(escrow.record.as_tuple(), g2t, w2m)
        if ok:
            r = escrow.record
            if (g2t, w2m) == (r.give_amount, r.want_amount):
                escrow.state = 3
            elif (g2t, w2m) == (0, 0):
                escrow.state = 4
            else:
                escrow.state = 5
                escrow.give_to_taker, escrow.want_to_maker = g2t, w2m
        self.check_escrow(escrow)

    @precondition(lambda self: self.open_escrows())
    @rule(n=picks, role=roles)
    def settle(self, n, role):
        escrow = self.pick(self.open_escrows(), n)
        who = actor(escrow, role, n)
        ok = escrow.state == 1 and self.now() > escrow.record.deadline
        with boa.env.prank(who):
            if ok:
                EXCHANGE.settle(escrow.record.as_tuple())
            else:
                with boa.reverts():
                    EXCHANGE.settle(escrow.record.as_tuple())
        if ok:
            escrow.state = 3
        self.check_escrow(escrow)

    @precondition(lambda self: self.open_escrows())
    @rule(n=picks, role=roles, elsewhere=mostly_false)
    def withdraw(self, n, role, elsewhere):
        escrow = self.pick(self.open_escrows(), n)
        who = actor(escrow, role, n)
        receiver = HOUSEHOLD if elsewhere else who
        self.withdraw_and_check(escrow, who, receiver)

    @precondition(lambda self: self.legs_due_in(HARVEST.address))
    @rule(n=picks, unfreeze_after=st.booleans(), elsewhere=mostly_false)
    def withdraw_with_a_frozen_leg(self, n, unfreeze_after, elsewhere):
        """Governance freezes a batch a settled escrow still owes; the party
        owed it withdraws: its other leg (if any) is paid, the frozen leg is
        held and stays owed (or, with nothing else to pay, the withdrawal is
        refused). Once the batch is unfrozen, the next withdrawal pays it
        (or composts it if it expired meanwhile)."""
        candidates = self.legs_due_in(HARVEST.address)
        # Half the time, a party owed both legs (a split, or harvest for
        # harvest): the held leg must not stop the other from being paid.
        both = [c for c in candidates if len(c[0].due(c[1])) == 2]
        escrow, side, leg = self.pick(both if both and n % 2 else candidates, n // 2)
        batch = getattr(escrow.record, f"{leg}_id")
        if batch not in self.frozen:
            self.freeze_or_unfreeze(batch)
        party = getattr(escrow.record, side)
        receiver = HOUSEHOLD if elsewhere else party
        owed = escrow.owed(side)
        self.withdraw_and_check(escrow, party, receiver)
        assert (side, leg) not in escrow.withdrawn  # held, still owed
        assert tuple(EXCHANGE.owed(escrow.record.as_tuple(), party)) == escrow.owed(side)
        assert escrow.owed(side)[0 if leg == "give" else 1] == owed[0 if leg == "give" else 1]
        if unfreeze_after:
            self.freeze_or_unfreeze(batch)
            assert self.withdraw_and_check(escrow, party, receiver)
            assert (side, leg) in escrow.withdrawn

    def legs_due_in(self, token: str) -> list[tuple[EscrowModel, str, str]]:
        """(escrow, side, leg) of every leg in `token` a settled escrow still owes."""
        out = []
        for escrow in self.open_escrows():
            if escrow.state < 3:
                continue
            for side in ("maker", "taker"):
                for leg in escrow.due(side):
                    if getattr(escrow.record, f"{leg}_token") == token:
                        out.append((escrow, side, leg))
        return out

    @precondition(lambda self: self.legs_due_in(NORETURN.address))
    @rule(n=picks, elsewhere=mostly_false)
    def withdraw_while_a_token_blocks_the_exchange(self, n, elsewhere):
        """The ERC-20 blocks the exchange (a USDC-style blocklist, a pause)
        while a party owed a leg in it withdraws: that leg is held, still
        owed; the party's other leg is paid all the same (or, with nothing
        else to pay, the withdrawal is refused). The block is lifted after,
        and the held leg is paid like any other."""
        candidates = self.legs_due_in(NORETURN.address)
        # Half the time, a party owed both legs: the held leg must not stop
        # the other from being paid.
        both = [c for c in candidates if len(c[0].due(c[1])) == 2]
        escrow, side, leg = self.pick(both if both and n % 2 else candidates, n // 2)
        party = getattr(escrow.record, side)
        receiver = HOUSEHOLD if elsewhere else party
        index = 0 if leg == "give" else 1
        owed = escrow.owed(side)
        NORETURN.set_blocked(EXCHANGE.address, True)
        self.exchange_blocked = True
        try:
            self.withdraw_and_check(escrow, party, receiver)
        finally:
            NORETURN.set_blocked(EXCHANGE.address, False)
            self.exchange_blocked = False
        assert (side, leg) not in escrow.withdrawn  # held, still owed
        assert escrow.owed(side)[index] == owed[index]
        assert tuple(EXCHANGE.owed(escrow.record.as_tuple(), party)) == escrow.owed(side)

    def leg_fate(self, token: str, token_id: int) -> str:
        """What a withdrawal does with a leg now: "sent", "held" (a frozen
        batch, until governance unfreezes it; a token that blocks the
        exchange, until it lifts the block) or "composted" (a batch past
        its best-before)."""
        if token == NORETURN.address and self.exchange_blocked:
            return "held"
        if token != HARVEST.address:
            return "sent"
        if token_id in self.frozen:
            return "held"
        return "composted" if self.now() > BEST_BEFORE[token_id] else "sent"

    def withdraw_and_check(self, escrow: EscrowModel, who: str, receiver: str) -> bool:
        """Withdraw as `who`; the model predicts which legs are paid, held or
        composted, and whether the call is refused (nothing payable)."""
        r = escrow.record
        side = party_name(escrow, who)
        due = escrow.due(side) if side and escrow.state >= 3 else []
        owed = dict(zip(("give", "want"), escrow.owed(side), strict=True)) if side else {}
        legs = {"give": (r.give_token, r.give_id), "want": (r.want_token, r.want_id)}
        fates = {leg: self.leg_fate(*legs[leg]) for leg in due}
        ok = bool(due) and any(fate != "held" for fate in fates.values())
        other = "taker" if side == "maker" else "maker"
        other_owed = escrow.owed(other) if side else None
        keys = {legs["give"], legs["want"]}
        before = {key: balance_of(key[0], key[1], receiver) for key in keys}
        held_before = {key: balance_of(key[0], key[1], EXCHANGE.address) for key in keys}
        supply_before = {key[1]: supply_of(key[1]) for key in keys if key[0] == HARVEST.address}
        event(f"withdraw: {'ok' if ok else 'refused'} {sorted(fates.values())}")
        with boa.env.prank(who):
            if not ok:
                with boa.reverts():
                    EXCHANGE.withdraw(r.as_tuple(), receiver)
                self.check_escrow(escrow)
                return False
            EXCHANGE.withdraw(r.as_tuple(), receiver)
        logs = EXCHANGE.get_logs()
        gained = dict.fromkeys(keys, 0)
        left = dict.fromkeys(keys, 0)
        burned = dict.fromkeys(supply_before, 0)
        for leg, fate in fates.items():
            if fate == "held":
                continue
            escrow.withdrawn.add((side, leg))
            left[legs[leg]] += owed[leg]
            if fate == "sent":
                gained[legs[leg]] += owed[leg]
            else:
                burned[legs[leg][1]] += owed[leg]
        for key in keys:
            assert balance_of(key[0], key[1], receiver) == before[key] + gained[key], key
            assert balance_of(key[0], key[1], EXCHANGE.address) == held_before[key] - left[key], key
        for batch, supply in supply_before.items():
            assert supply_of(batch) == supply - burned[batch]
        names = [type(log).__name__ for log in logs]
        assert names.count("EscrowLegHeld") == list(fates.values()).count("held")
        assert names.count("EscrowComposted") == list(fates.values()).count("composted")
        # Withdrawing never changes what the other side is owed.
        assert escrow.owed(other) == other_owed
        self.check_escrow(escrow)
        return True

    # ------------------------------------------------- time, donations, pokes

    @rule(seconds=st.sampled_from([1, 30, 300, 3_000]))
    def advance_time(self, seconds):
        boa.env.time_travel(seconds=seconds)

    @precondition(
        lambda self: (
            self.now() <= BEST_BEFORE[SHORT_BATCH]
            and any(
                amount
                for e in self.open_escrows()
                for (token, token_id), amount in e.holds().items()
                if (token, token_id) == (HARVEST.address, SHORT_BATCH)
            )
        )
    )
    @rule()
    def advance_past_the_short_batch(self):
        """The short-lived batch passes its best-before (once per run): what
        escrows owe of it is composted on withdrawal, unless frozen."""
        boa.env.time_travel(seconds=BEST_BEFORE[SHORT_BATCH] - self.now() + 1)

    @rule(batch=st.sampled_from(sorted(BEST_BEFORE)))
    def freeze_or_unfreeze(self, batch):
        """Governance freezes a batch (fills of it are refused, withdrawals
        hold it, nobody composts it) or lifts the freeze."""
        with boa.env.prank(TIMELOCK):
            if batch in self.frozen:
                HARVEST.unfreeze(batch, "cleared")
                del self.frozen[batch]
            else:
                HARVEST.freeze(batch, "evidence")
                self.frozen[batch] = (supply_of(batch), balance_of(HARVEST.address, batch, EXCHANGE.address))
        event(f"harvest batch {'frozen' if batch in self.frozen else 'unfrozen'}")

    @precondition(lambda self: self.open_escrows())
    @rule()
    def retire_or_register_the_exchange(self):
        """Governance retires the exchange in HarvestToken (it can no longer
        take harvest into escrow, but pays out everything it holds) or
        registers it again."""
        with boa.env.prank(TIMELOCK):
            HARVEST.set_coop_contract(EXCHANGE.address, not self.exchange_active)
        self.exchange_active = not self.exchange_active
        assert HARVEST.coop_contract_status(EXCHANGE.address) == (1 if self.exchange_active else 2)
        event(f"exchange {'registered' if self.exchange_active else 'retired'}")

    @rule(leg=leg_idx, amount=st.integers(min_value=1, max_value=10**6))
    def donate(self, leg, amount):
        token, token_id, kind = LEGS[leg]
        with boa.env.prank(OUTSIDER):
            if kind == 1:
                (CREDIT if token == CREDIT.address else NORETURN).transfer(EXCHANGE.address, amount)
                self.donated[(token, token_id)] += amount
            else:
                with boa.env.prank(HARVEST_DONOR), boa.reverts():
                    HARVEST.safeTransferFrom(HARVEST_DONOR, EXCHANGE.address, token_id, amount, b"")

    @precondition(lambda self: self.open_escrows())
    @rule(n=picks, action=st.sampled_from(["confirm", "dispute", "resolve", "withdraw", "settle_early"]))
    def third_party_pokes(self, n, action):
        """An outsider (not a party, not the arbiter) never changes an escrow."""
        escrow = self.pick(self.open_escrows(), n)
        record = escrow.record.as_tuple()
        word = escrow_word(escrow.id)
        balance = {(t, i): balance_of(t, i, EXCHANGE.address) for t, i, _ in LEGS}
        with boa.env.prank(OUTSIDER):
            if action == "settle_early":
                if escrow.state == 1 and self.now() > escrow.record.deadline:
                    return  # settling a lapsed escrow is the default rule, not a poke
                with boa.reverts():
                    EXCHANGE.settle(record)
            else:
                with boa.reverts():
                    if action == "confirm":
                        EXCHANGE.confirm(record)
                    elif action == "dispute":
                        EXCHANGE.dispute(record)
                    elif action == "resolve":
                        EXCHANGE.resolve(record, 0, 0)
                    else:
                        EXCHANGE.withdraw(record, OUTSIDER)
        # The status word (hence what each side is owed) and the exchange's holdings are unchanged.
        assert escrow_word(escrow.id) == word
        assert {(t, i): balance_of(t, i, EXCHANGE.address) for t, i, _ in LEGS} == balance

    # ------------------------------------------------------------ invariants

    @invariant()
    def exchange_holds_exactly_what_it_owes(self):
        for (token, token_id), amount in self.expected_holdings().items():
            assert balance_of(token, token_id, EXCHANGE.address) == amount, (token, token_id)

    @invariant()
    def frozen_batches_stay_where_they_are(self):
        """A frozen batch is governance's evidence: no withdrawal composts
        or sends it, no fill moves it, until it is unfrozen."""
        for batch, (supply, held) in self.frozen.items():
            assert supply_of(batch) == supply, f"frozen batch {batch} composted"
            assert balance_of(HARVEST.address, batch, EXCHANGE.address) == held, f"frozen batch {batch} moved"

    @invariant()
    def supply_only_falls_after_mint(self):
        for batch, last in self.last_supply.items():
            supply = supply_of(batch)
            assert supply <= last
            self.last_supply[batch] = supply

    @invariant()
    def no_maker_pays_more_fee_than_signed(self):
        by_digest = {m.digest: m.offer for m in self.offers}
        for digest, (give_fees, want_fees, given, wanted, rates) in self.fees_charged.items():
            cap = by_digest[digest].max_fee_bps
            slack = len(rates) - 1  # one unit of rounding per change of the fee mid-offer
            assert give_fees <= given * cap // BPS + slack
            assert want_fees <= wanted * cap // BPS + slack

    @invariant()
    def no_offer_overfilled(self):
        for model in self.offers:
            if model.offer.partial_fill:
                assert self.filled.get(model.digest, 0) <= model.offer.give_amount

    # ---------------------------------------------------------- closing up

    def close_everything(self) -> None:
        for escrow in self.escrows:
            self.check_escrow(escrow)
            if not escrow.closed():
                self.check_owed(escrow)
        for escrow in self.open_escrows():
            if escrow.state == 2:
                with boa.env.prank(ARBITER):
                    EXCHANGE.resolve(escrow.record.as_tuple(), escrow.record.give_amount, 0)
                escrow.state, escrow.give_to_taker, escrow.want_to_maker = 5, escrow.record.give_amount, 0
        latest = max([e.record.deadline for e in self.escrows], default=self.now())
        if latest >= self.now():
            boa.env.time_travel(seconds=latest - self.now() + 1)
        with boa.env.prank(TIMELOCK):
            for batch in list(self.frozen):
                HARVEST.unfreeze(batch, "closing up")
                del self.frozen[batch]
        for escrow in self.open_escrows():
            if escrow.state == 1:
                EXCHANGE.settle(escrow.record.as_tuple())
                escrow.state = 3
            for side, party in (("maker", escrow.record.maker), ("taker", escrow.record.taker)):
                if escrow.due(side):
                    assert self.withdraw_and_check(escrow, party, party)
            assert escrow.closed()
        for escrow in self.escrows:
            assert escrow_word(escrow.id) == 0
        for (token, token_id), donated in self.donated.items():
            assert balance_of(token, token_id, EXCHANGE.address) == donated, "something is stuck"


TestExchangeMachine = ExchangeMachine.TestCase
