"""Stateful property test of ResourcePool (titanoboa + hypothesis).

Random sequences of: donations of harvest and credit (through `donate`, and
harvest sent straight to the pool), credit sent by a plain ERC-20 transfer,
claims (by members, members who joined during the epoch, former members
and an outsider; of fresh, frozen and expired batches and of the credit; of
any amount; several resources one after the other by one member), time
passing (within an epoch, to its last second, to the next
one), members joining and leaving, governance freezing and unfreezing a
batch, changing the per-member limits and the epoch length, composting, and
"every member takes its full share". The pool runs in a co-op made by the
CoopFactory, with its real Membership, HarvestToken and CoopCredit.

An independent Python model says which calls succeed: its own epoch
schedule, its own record of each epoch's member count and of each
resource's holdings at the epoch's first action, each member's claims per
epoch. After every step:

- for every resource, the pool's balance == what was given (donations,
  transfers straight to it) - claims - compost;
- what the contract's claim records say every (account, resource) took in
  the running epoch is the model's (read from storage the way the contract
  reads them: the account's first-claim word, which is the model's first
  claim of the account's latest epoch with claims, else its word of the
  resource), and no account's claims of a resource in an epoch exceed its
  equal share (recorded holdings // recorded members) or the recorded limit;
  the `claimed` view agrees (one account's, every `VIEW_CHECK_EVERY` steps);
- only members of this co-op who joined before the epoch began have ever
  claimed (every successful claim is checked when it happens);
- when every member eligible in the epoch takes its full share of a
  resource, every one of those claims succeeds (the pool always holds
  enough) and all their totals in the epoch are equal.

Speed (the ci profile, 1,000 runs x 50 steps): deployed once, each run rolled
back with `boa.env.anchor()`; balances, claim words, the epoch word and the
member bits are read straight from storage (the `epoch()` view is compared
every `VIEW_CHECK_EVERY` steps); the contracts print without titanoboa's
storage dump when a call reverts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import boa
from eth_utils import to_checksum_address
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from harvest_coop.core.params import AdmissionRules, CoopParams
from harvest_coop.testing.boa import create_coop, deploy_stack, layout_slot, mapping_slot, read_slot

DAY = 86_400
CREDIT = 10**18
MAX = 2**256 - 1

# Accounts: 0-2 founders (0 grows the harvest), 3-4 candidates who join and
# leave, 5 an outsider who only ever holds credit.
ACCOUNTS = [to_checksum_address(boa.env.generate_address(f"pool-machine-{i}")) for i in range(6)]
FOUNDERS = ACCOUNTS[:3]
CANDIDATES = ACCOUNTS[3:5]
OUTSIDER = ACCOUNTS[5]
GROWER = FOUNDERS[0]

_STACK = deploy_stack()
_COOP = create_coop(
    _STACK,
    GROWER,
    CoopParams(
        name="Pool Machine Coop",
        symbol="PMC",
        founders=FOUNDERS,
        admission=AdmissionRules(sponsors_needed=0),
    ),
)
TIMELOCK = to_checksum_address(_COOP["TimelockController"].address)
MEMBERSHIP, HARVEST, CREDIT_TOKEN, POOL = (
    _COOP["Membership"],
    _COOP["HarvestToken"],
    _COOP["CoopCredit"],
    _COOP["ResourcePool"],
)
POOL_ADDRESS = to_checksum_address(POOL.address)

# Resources: three batches (two keep for the whole run, one spoils within
# reach of `advance`) and the credit (id 0).
boa.env.time_travel(seconds=DAY)
_START = boa.env.evm.patch.timestamp
SHORT_BATCH = 3
BEST_BEFORE = {1: _START + 300 * DAY, 2: _START + 300 * DAY, SHORT_BATCH: _START + 10 * DAY}
BATCHES = list(BEST_BEFORE)
RESOURCES = [*BATCHES, 0]
HOLDING = 10**6  # grams of each batch, and credit units x CREDIT, each account starts with
with boa.env.prank(GROWER):
    for _batch, _best_before in BEST_BEFORE.items():
        assert (
            HARVEST.log_harvest(f"crop {_batch}", 10 * HOLDING, _START - 60, _best_before, "plot") == _batch
        )
        for _who in FOUNDERS[1:]:
            HARVEST.safeTransferFrom(GROWER, _who, _batch, HOLDING, b"")
with boa.env.prank(TIMELOCK):
    for _who in ACCOUNTS:
        CREDIT_TOKEN.mint(_who, HOLDING * CREDIT)
    # Limits the machine can reach: per batch, per member, per epoch.
    POOL.set_claim_limits(5_000, 50 * CREDIT)
for _who in ACCOUNTS:
    with boa.env.prank(_who):
        HARVEST.setApprovalForAll(POOL_ADDRESS, True)
        CREDIT_TOKEN.approve(POOL_ADDRESS, MAX)
# The founders joined a day before the first epoch the machine starts in.
boa.env.time_travel(seconds=DAY)


def _quiet(contract) -> None:
    base = type(contract)
    contract.__class__ = type(
        base.__name__, (base,), {"__repr__": lambda c: f"<{c.contract_name} {c.address}>"}
    )


for _contract in (MEMBERSHIP, HARVEST, CREDIT_TOKEN, POOL):
    _quiet(_contract)

HARVEST_BALANCES = layout_slot(HARVEST, "balanceOf")
CREDIT_BALANCES = layout_slot(CREDIT_TOKEN, "balanceOf")
CLAIMS = layout_slot(POOL, "_claims")
FIRST_CLAIMS = layout_slot(POOL, "_first_claims")
STATE = layout_slot(POOL, "_state")
ACCOUNTS_SLOT = layout_slot(MEMBERSHIP, "_accounts")
MEMBER_BIT = 1 << 160  # Membership's `_MEMBER_BIT` in an account's word
_INITIAL_STATE = read_slot(POOL, STATE)
_JOINED = {f: int(MEMBERSHIP.joined_at(f)) for f in FOUNDERS}
MASK_32, MASK_40 = 2**32 - 1, 2**40 - 1
# The `epoch()` view is called once in this many steps (see `epoch_agrees`).
VIEW_CHECK_EVERY = 20


def balance(resource: int, owner: str) -> int:
    if resource == 0:
        return read_slot(CREDIT_TOKEN, mapping_slot(CREDIT_BALANCES, owner))
    return read_slot(HARVEST, mapping_slot(HARVEST_BALANCES, owner, resource))


def claim_word(member: str, resource: int) -> int:
    return read_slot(POOL, mapping_slot(CLAIMS, member, resource))


def first_claim_word(member: str) -> int:
    """`_first_claims[member]`: epoch (bits 0..31) | taken (32..143) | id (144..)."""
    return read_slot(POOL, mapping_slot(FIRST_CLAIMS, member))


def stored_taken(member: str, resource: int, number: int) -> int:
    """What the pool's storage says `member` took of `resource` in epoch
    `number` (the running one)."""
    first = first_claim_word(member)
    if first & MASK_32 != number:
        return 0
    if first >> 144 == resource:
        return (first >> 32) & (2**112 - 1)
    word = claim_word(member, resource)
    return word >> 32 if word & MASK_32 == number else 0


def token_of(resource: int) -> str:
    return str(CREDIT_TOKEN.address if resource == 0 else HARVEST.address)


@dataclass
class Record:
    """What the epoch's first action on a resource recorded."""

    epoch: int
    held: int
    limit: int


@dataclass
class Model:
    # Epoch schedule: length, base time, base epoch, previous length.
    length: int
    base_time: int
    base_epoch: int
    previous: int = 0
    limits: tuple[int, int] = (5_000, 50 * CREDIT)
    members: dict[str, int] = field(default_factory=dict)  # member -> joined at
    recorded_epoch: int = 0
    recorded_members: int = 0
    stock: dict[int, Record] = field(default_factory=dict)
    claims: dict[tuple[str, int], tuple[int, int]] = field(default_factory=dict)  # -> (epoch, taken)
    first: dict[str, tuple[int, int]] = field(default_factory=dict)  # account -> (epoch, resource)
    given: dict[int, int] = field(default_factory=lambda: {r: 0 for r in RESOURCES})
    taken: dict[int, int] = field(default_factory=lambda: {r: 0 for r in RESOURCES})
    composted: dict[int, int] = field(default_factory=lambda: {r: 0 for r in RESOURCES})
    frozen: set[int] = field(default_factory=set)

    def epoch(self, now: int) -> tuple[int, int, int]:
        if now < self.base_time:
            return self.base_epoch - 1, self.base_time - self.previous, self.base_time
        k = (now - self.base_time) // self.length
        start = self.base_time + k * self.length
        return self.base_epoch + k, start, start + self.length

    def held(self, resource: int) -> int:
        return self.given[resource] - self.taken[resource] - self.composted[resource]

    def touch_epoch(self, now: int) -> tuple[int, int, int]:
        """The running epoch, recorded if this is its first action."""
        number, start, _ = self.epoch(now)
        if self.recorded_epoch != number:
            self.recorded_epoch, self.recorded_members = number, len(self.members)
        return number, start, self.recorded_members

    def record(self, resource: int, number: int) -> Record:
        """The resource's record for epoch `number` (made now if missing),
        from what the pool holds before the action."""
        record = self.stock.get(resource)
        if record is None or record.epoch != number:
            limit = self.limits[1] if resource == 0 else self.limits[0]
            record = Record(number, self.held(resource), limit)
            self.stock[resource] = record
        return record

    def taken_in(self, who: str, resource: int, number: int) -> int:
        epoch, taken = self.claims.get((who, resource), (0, 0))
        return taken if epoch == number else 0


class PoolMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self._anchor = boa.env.anchor()
        self._anchor.__enter__()
        state = _INITIAL_STATE
        self.model = Model(
            length=state & (2**40 - 1),
            base_time=(state >> 80) & (2**40 - 1),
            base_epoch=(state >> 120) & (2**32 - 1),
            members=dict(_JOINED),
        )
        self.steps = 0

    def teardown(self) -> None:
        self._anchor.__exit__(None, None, None)

    @initialize(stocked=st.booleans())
    def maybe_stock_the_pool(self, stocked: bool) -> None:
        """Half the runs begin with every resource in the pool and its next
        epoch running, so claims (of several resources by one member in one
        epoch) succeed from the first steps; the others begin empty."""
        if not stocked:
            return
        for batch in BATCHES:
            self.donate(GROWER, batch, 3_000)
        self.donate(GROWER, 0, 30_000)  # 300 credit
        self.advance(0)

    @staticmethod
    def now() -> int:
        return boa.env.evm.patch.timestamp

    def fresh(self, batch: int) -> bool:
        return batch not in self.model.frozen and self.now() <= BEST_BEFORE[batch]

    def may_hold(self, who: str) -> bool:
        return who in self.model.members

    # ------------------------------------------------------------ giving

    @rule(who=st.sampled_from(ACCOUNTS), resource=st.sampled_from(RESOURCES), amount=st.integers(0, 3_000))
    def donate(self, who: str, resource: int, amount: int) -> None:
        amount = amount * CREDIT // 100 if resource == 0 else amount
        ok = amount != 0 and balance(resource, who) >= amount
        if resource != 0:
            ok = ok and self.may_hold(who) and self.fresh(resource)
        with boa.env.prank(who):
            if ok:
                POOL.donate(token_of(resource), resource, amount)
            else:
                with boa.reverts():
                    POOL.donate(token_of(resource), resource, amount)
                return
        number, _, _ = self.model.touch_epoch(self.now())
        self.model.record(resource, number)
        self.model.given[resource] += amount

    @rule(who=st.sampled_from(FOUNDERS), batch=st.sampled_from(BATCHES), amount=st.integers(1, 3_000))
    def send_harvest_to_the_pool(self, who: str, batch: int, amount: int) -> None:
        ok = self.may_hold(who) and self.fresh(batch) and balance(batch, who) >= amount
        with boa.env.prank(who):
            if not ok:
                with boa.reverts():
                    HARVEST.safeTransferFrom(who, POOL_ADDRESS, batch, amount, b"")
                return
            HARVEST.safeTransferFrom(who, POOL_ADDRESS, batch, amount, b"")
        number, _, _ = self.model.touch_epoch(self.now())
        self.model.record(batch, number)
        self.model.given[batch] += amount

    @rule(who=st.sampled_from(ACCOUNTS), units=st.integers(1, 200))
    def send_credit_with_a_plain_transfer(self, who: str, units: int) -> None:
        # No hook: the pool is not told; it is part of what it holds.
        with boa.env.prank(who):
            CREDIT_TOKEN.transfer(POOL_ADDRESS, units * CREDIT)
        self.model.given[0] += units * CREDIT

    # ------------------------------------------------------------ taking

    def expected_claim(self, who: str, resource: int, amount: int) -> bool:
        m = self.model
        if amount == 0 or who not in m.members:
            return False
        number, start, _ = m.epoch(self.now())
        if m.members[who] >= start:
            return False
        if resource != 0 and not self.fresh(resource):
            return False
        members = m.recorded_members if m.recorded_epoch == number else len(m.members)
        record = m.stock.get(resource)
        if record is None or record.epoch != number:
            if amount > m.held(resource):
                return False
            limit = m.limits[1] if resource == 0 else m.limits[0]
            record = Record(number, m.held(resource), limit)
        total = m.taken_in(who, resource, number) + amount
        share = record.held // members if members else 0
        return total <= share and total <= record.limit

    def claim(self, who: str, resource: int, amount: int) -> bool:
        ok = self.expected_claim(who, resource, amount)
        with boa.env.prank(who):
            if not ok:
                with boa.reverts():
                    POOL.claim(token_of(resource), resource, amount)
                return False
            before = balance(resource, who)
            POOL.claim(token_of(resource), resource, amount)
            assert balance(resource, who) == before + amount
        m = self.model
        number, start, _ = m.touch_epoch(self.now())
        # Only a member of this co-op who joined before the epoch began.
        assert who in m.members and m.members[who] < start
        assert read_slot(MEMBERSHIP, mapping_slot(ACCOUNTS_SLOT, who)) & MEMBER_BIT  # Membership agrees
        m.record(resource, number)
        if m.first.get(who, (0, 0))[0] != number:
            m.first[who] = (number, resource)
        m.claims[(who, resource)] = (number, m.taken_in(who, resource, number) + amount)
        m.taken[resource] += amount
        return True

    @rule(
        who=st.sampled_from(ACCOUNTS),
        resource=st.sampled_from(RESOURCES),
        amount=st.one_of(st.integers(0, 400), st.integers(400, 6_000)),
    )
    def claim_some(self, who: str, resource: int, amount: int) -> None:
        self.claim(who, resource, amount * CREDIT // 100 if resource == 0 else amount)

    @rule(
        who=st.sampled_from(FOUNDERS),
        pair=st.lists(st.sampled_from(RESOURCES), min_size=2, max_size=2, unique=True),
        amounts=st.lists(st.integers(1, 400), min_size=4, max_size=4),
    )
    def claim_two_resources_in_turn(self, who: str, pair: list[int], amounts: list[int]) -> None:
        """One member claims A, B, A again, B again in one epoch (its
        first claim of the epoch and another resource's)."""
        a, b = pair
        for resource, amount in zip([a, b, a, b], amounts, strict=True):
            self.claim(who, resource, amount * CREDIT // 10 if resource == 0 else amount)

    @rule(resource=st.sampled_from(RESOURCES))
    def every_eligible_member_takes_its_full_share(self, resource: int) -> None:
        m = self.model
        number, start, _ = m.epoch(self.now())
        eligible = sorted(w for w, joined in m.members.items() if joined < start)
        if not eligible or (resource != 0 and not self.fresh(resource)):
            return
        members = m.recorded_members if m.recorded_epoch == number else len(m.members)
        record = m.stock.get(resource)
        if record is None or record.epoch != number:
            limit = m.limits[1] if resource == 0 else m.limits[0]
            record = Record(number, m.held(resource), limit)
        full = min(record.held // members if members else 0, record.limit)
        for who in eligible:
            rest = full - m.taken_in(who, resource, number)
            if rest:
                # Early claimers cannot have emptied it: this always succeeds.
                assert self.claim(who, resource, rest), (who, resource, rest)
        totals = {m.taken_in(who, resource, number) for who in eligible}
        assert len(totals) <= 1, totals

    # ----------------------------------------------------------- the rest

    @rule(batch=st.sampled_from(BATCHES), who=st.sampled_from(ACCOUNTS))
    def compost(self, batch: int, who: str) -> None:
        m = self.model
        ok = batch not in m.frozen and self.now() > BEST_BEFORE[batch] and m.held(batch) > 0
        with boa.env.prank(who):
            if not ok:
                with boa.reverts():
                    POOL.compost(batch)
                return
            assert POOL.compost(batch) == m.held(batch)
        m.touch_epoch(self.now())
        m.composted[batch] += m.held(batch)

    @rule(seconds=st.sampled_from([60, 3_600, DAY, 3 * DAY, -1, 0]))
    def advance(self, seconds: int) -> None:
        """Time passes: a while, or (-1) to the running epoch's last second,
        or (0) to the next epoch's first."""
        _, _, end = self.model.epoch(self.now())
        if seconds == -1:
            seconds = max(end - 1 - self.now(), 0)
        elif seconds == 0:
            seconds = end - self.now()
        if seconds:
            boa.env.time_travel(seconds=seconds)

    @rule(who=st.sampled_from(CANDIDATES))
    def join(self, who: str) -> None:
        if who in self.model.members:
            return
        with boa.env.prank(TIMELOCK):
            MEMBERSHIP.admit(who)
        self.model.members[who] = self.now()

    @rule(who=st.sampled_from([*FOUNDERS[1:], *CANDIDATES]))
    def leave(self, who: str) -> None:
        if who not in self.model.members:
            return
        with boa.env.prank(who):
            MEMBERSHIP.resign()
        del self.model.members[who]

    @rule(batch=st.sampled_from(BATCHES))
    def governance_freezes_or_unfreezes(self, batch: int) -> None:
        with boa.env.prank(TIMELOCK):
            if batch in self.model.frozen:
                HARVEST.unfreeze(batch, "cleared")
                self.model.frozen.discard(batch)
            else:
                HARVEST.freeze(batch, "suspected")
                self.model.frozen.add(batch)

    @rule(harvest=st.sampled_from([0, 100, 5_000, 10**6]), credit=st.sampled_from([0, CREDIT, 50 * CREDIT]))
    def governance_sets_limits(self, harvest: int, credit: int) -> None:
        with boa.env.prank(TIMELOCK):
            POOL.set_claim_limits(harvest, credit)
        self.model.limits = (harvest, credit)

    @rule(length=st.sampled_from([DAY, 2 * DAY, 7 * DAY]))
    def governance_sets_epoch_length(self, length: int) -> None:
        m = self.model
        number, start, end = m.epoch(self.now())
        with boa.env.prank(TIMELOCK):
            POOL.set_epoch_length(length)
        m.length, m.previous, m.base_time, m.base_epoch = length, end - start, end, number + 1

    # ------------------------------------------------------- invariants

    @invariant()
    def pool_holds_given_minus_claimed_minus_composted(self) -> None:
        for resource in RESOURCES:
            assert balance(resource, POOL_ADDRESS) == self.model.held(resource), resource

    @invariant()
    def claims_within_share_and_limit(self) -> None:
        m = self.model
        number, _, _ = m.epoch(self.now())
        for who in ACCOUNTS:
            for resource in RESOURCES:
                assert stored_taken(who, resource, number) == m.taken_in(who, resource, number), (
                    who,
                    resource,
                )
        for who, (epoch, resource) in m.first.items():
            # The account's first claim of its latest epoch with claims.
            first = first_claim_word(who)
            assert (first & MASK_32, first >> 144) == (epoch, resource), who
            assert (first >> 32) & (2**112 - 1) == m.claims[(who, resource)][1], who
        for (who, resource), (epoch, taken) in m.claims.items():
            if epoch != number or m.recorded_epoch != number:
                continue
            record = m.stock[resource]
            assert record.epoch == number
            share = record.held // m.recorded_members if m.recorded_members else 0
            assert taken <= share and taken <= record.limit, (who, resource, taken, share, record.limit)

    @invariant()
    def epoch_agrees(self) -> None:
        """The pool's epoch word is the model's: the schedule, and the epoch
        its first action recorded with the member count then (read from
        storage; the `epoch()` view is compared every `VIEW_CHECK_EVERY`
        steps, a view call costing as much as a step)."""
        m = self.model
        state = read_slot(POOL, STATE)
        assert (
            state & MASK_40,
            (state >> 40) & MASK_40,
            (state >> 80) & MASK_40,
            (state >> 120) & MASK_32,
        ) == (m.length, m.previous, m.base_time, m.base_epoch)
        assert ((state >> 152) & MASK_32, state >> 224) == (m.recorded_epoch, m.recorded_members)
        self.steps += 1
        if self.steps % VIEW_CHECK_EVERY == 0:
            assert tuple(POOL.epoch()) == m.epoch(self.now())
            number, _, _ = m.epoch(self.now())
            who = ACCOUNTS[self.steps // VIEW_CHECK_EVERY % len(ACCOUNTS)]
            for resource in RESOURCES:
                assert POOL.claimed(who, token_of(resource), resource) == m.taken_in(who, resource, number)


TestPoolMachine = PoolMachine.TestCase
