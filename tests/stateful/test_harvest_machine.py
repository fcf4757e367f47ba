"""Stateful property test of HarvestToken on the real Membership (titanoboa).

Random sequences of log / transfer / batch transfer / redeem / compost /
freeze-unfreeze / governance's compost of a frozen batch / the maximum shelf
life / advance time / join (timelock `admit`) / leave (`resign` or
timelock `expel`) / register or retire the co-op pool (a retired pool still
sends what it holds, never receives), run against an independent
Python model. Every call's outcome (success, or the exact revert reason) must
be the model's, and after every step, for each batch the step touched:

- supply == sum of all balances == minted - burned;
- a batch past its best-before never changes holder: no balance of it grows
  and nobody new holds it (only composting shrinks balances);
- no outsider ever holds a balance (only accounts that were at some point a
  member, a federated co-op's member or a registered co-op contract do);
- a batch's supply never grows after its mint;
- a frozen batch's supply falls only by the timelock's `compost_frozen`
  (holders cannot compost governance's evidence).

Per-step checks read the token's storage slots directly (cheap); at the end of
every example all batches are checked again, and one example in ten reads
all balances and supplies through the ERC-1155 interface as well, which must
equal both the model and the raw reads.

The number of examples and steps comes from the hypothesis profile that
tests/stateful/conftest.py selects with HYPOTHESIS_PROFILE.
"""

from __future__ import annotations

import boa
from eth_utils import keccak
from hypothesis import event
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from harvest_coop.core.params import AdmissionRules, CoopParams
from harvest_coop.testing.boa import compiled, create_coop, deploy_stack, federate

DAY = 86_400
YEAR = 365 * DAY
CAP = 3 * YEAR  # HarvestToken.MAX_SHELF_LIFE_CAP
MAX_BATCHES = 5
# One example in this many re-reads everything through the ERC-1155 views.
INTERFACE_CHECK_EVERY = 10
_EXAMPLES = 0
ZERO = "0x0000000000000000000000000000000000000000"
# Co-op contract statuses (HarvestToken.coop_contract_status).
NONE, ACTIVE, RETIRED = 0, 1, 2

# Accounts: 0-2 founders, 3-4 candidates who may join and leave, 5 an outsider
# who never joins, 6 a member of a federated co-op.
ACCOUNTS = [boa.env.generate_address(f"harvest-machine-{i}") for i in range(7)]
FOUNDERS = ACCOUNTS[:3]
CANDIDATES = ACCOUNTS[3:5]
OUTSIDER = ACCOUNTS[5]
FEDERATED = ACCOUNTS[6]
# Deployed once, by the CoopFactory as on a real chain; every example runs
# inside a boa anchor and is rolled back.
_STACK = deploy_stack()
_COOP = create_coop(
    _STACK,
    FOUNDERS[0],
    CoopParams(
        name="Harvest Machine Coop",
        symbol="MC",
        founders=FOUNDERS,
        admission=AdmissionRules(sponsors_needed=0),
    ),
)
_OTHER = create_coop(
    _STACK,
    FEDERATED,
    CoopParams(
        name="Other Coop", symbol="OC", founders=[FEDERATED], admission=AdmissionRules(sponsors_needed=0)
    ),
)
TIMELOCK = str(_COOP["TimelockController"].address)
MEMBERSHIP = _COOP["Membership"]
OTHER_COOP = _OTHER["Membership"]
HARVEST = _COOP["HarvestToken"]
POOL = compiled("ERC1155ReceiverMock").deploy(0)  # accepts everything
federate(_COOP, _OTHER)  # both governances agree (timelocks pranked)


def _print_address_only(contract) -> None:
    # boa renders a contract's whole storage into every revert it reports;
    # this machine reverts on purpose thousands of times, so its contracts
    # show their name and address only (reasons are matched all the same).
    base = type(contract)
    contract.__class__ = type(
        base.__name__, (base,), {"__repr__": lambda c: f"<{c.contract_name} {c.address}>"}
    )


for _contract in (MEMBERSHIP, HARVEST, POOL):
    _print_address_only(_contract)

HOLDERS = [*ACCOUNTS, str(POOL.address)]
RECEIVERS = [*HOLDERS, ZERO]

_LAYOUT = HARVEST.compiler_data.storage_layout["storage_layout"]["erc1155"]
_BALANCE_SLOT = _LAYOUT["balanceOf"]["slot"]
_SUPPLY_SLOT = _LAYOUT["total_supply"]["slot"]

# Holder and receiver picks: the lowest quarter is any account (many of them
# refused), the rest one that makes the call likely to go through (a holder
# of the batch; an allowed receiver).
holder_idx = st.integers(min_value=0, max_value=4 * len(HOLDERS) - 1)
receiver_idx = st.integers(min_value=0, max_value=4 * len(RECEIVERS) - 1)
# Grower picks: the lower half any account, the upper half a current member.
grower_idx = st.integers(min_value=0, max_value=2 * len(ACCOUNTS) - 1)
grams = st.integers(min_value=1, max_value=10_000)
shelf = st.integers(min_value=60, max_value=5 * DAY)
# Shelf lives a log asks for: mostly short, now and then around the maximum
# (the default year, the three-year cap) or far beyond it.
asked_shelf = st.one_of(
    shelf,
    shelf,
    shelf,
    st.sampled_from([YEAR - 1, YEAR, 2 * YEAR, CAP - 1, CAP, CAP + 1, 2**40]),
)
# A batch pick up to MAX_BATCHES maps onto ids 1..count+1 (count+1 is a batch
# not logged yet); a higher pick onto a batch the sender holds, if any.
batch_pick = st.integers(min_value=0, max_value=2 * MAX_BATCHES + 1)
# Percent of the holder's balance: 0 is a zero amount, above 100 too much.
percent = st.integers(min_value=0, max_value=110)


def _word(value: int | str) -> bytes:
    if isinstance(value, str):
        return bytes(12) + bytes.fromhex(value[2:])
    return value.to_bytes(32, "big")


def _slot(base: int, *keys: int | str) -> int:
    """Storage slot of HashMap[k1][k2]... (Vyper: keccak256(slot . key))."""
    slot = base
    for key in keys:
        slot = int.from_bytes(keccak(_word(slot) + _word(key)), "big")
    return slot


def raw_balance(holder: str, batch: int) -> int:
    return boa.env.get_storage(HARVEST.address, _slot(_BALANCE_SLOT, holder, batch))


def raw_supply(batch: int) -> int:
    return boa.env.get_storage(HARVEST.address, _slot(_SUPPLY_SLOT, batch))


class Batch:
    def __init__(self, best_before: int, grams: int) -> None:
        self.best_before = best_before
        self.frozen = False
        self.minted = grams
        self.burned = 0
        # While frozen: the supply at the freeze, less what governance composted.
        self.frozen_supply = 0


class HarvestMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self._anchor = boa.env.anchor()
        self._anchor.__enter__()
        self.members: set[str] = set(FOUNDERS)
        self.pool_status = NONE
        self.max_shelf_life = YEAR
        self.ever_allowed: set[str] = set(FOUNDERS) | {FEDERATED}
        self.batches: dict[int, Batch] = {}
        self.balances: dict[tuple[str, int], int] = {}
        self.dirty: set[int] = set()
        self.last_supply: dict[int, int] = {}
        # For batches seen expired: each holder's balance when last checked.
        self.expired_seen: dict[int, dict[str, int]] = {}

    def teardown(self) -> None:
        global _EXAMPLES
        _EXAMPLES += 1
        try:
            self.full_check(through_interface=_EXAMPLES % INTERFACE_CHECK_EVERY == 0)
        finally:
            self._anchor.__exit__(None, None, None)

    # ------------------------------------------------------------- model

    def now(self) -> int:
        return boa.env.timestamp

    def network(self, account: str) -> bool:
        return account in self.members or account == FEDERATED

    def coop_contract(self, account: str) -> bool:
        """An active co-op contract: may receive (and send)."""
        return account == str(POOL.address) and self.pool_status == ACTIVE

    def may_send_as_coop_contract(self, account: str) -> bool:
        """Active or retired: a retired co-op contract still pays out."""
        return account == str(POOL.address) and self.pool_status != NONE

    def holders_refusal(self, owner: str, to: str) -> str | None:
        # The contract's order: one are_network_members call, then each side
        # may instead be a registered co-op contract.
        if self.network(owner) and self.network(to):
            return None
        if not self.may_send_as_coop_contract(owner) and not self.network(owner):
            return "harvest: sender may only redeem or compost"
        if not self.coop_contract(to) and not self.network(to):
            return "harvest: receiver is not in the co-op network"
        return None

    def batch_refusal(self, batch: int) -> str | None:
        record = self.batches.get(batch)
        if record is None:
            return "harvest: unknown batch"
        if record.frozen:
            return "harvest: batch frozen"
        if self.now() > record.best_before:
            return "harvest: batch expired"
        return None

    @staticmethod
    def amount_refusal(amount: int, balance: int) -> str | None:
        if amount == 0:
            return "harvest: zero amount"
        if amount > balance:
            return "harvest: insufficient balance"
        return None

    def pick(self, choice: int, holder: str | None = None) -> int:
        if choice <= MAX_BATCHES:
            return choice % (len(self.batches) + 1) + 1
        held = [b for b in sorted(self.batches) if holder and self.balance(holder, b)]
        candidates = held or sorted(self.batches) or [1]
        return candidates[choice % len(candidates)]

    def holder(self, pick: int, batch: int) -> str:
        holding = [h for h in HOLDERS if self.balance(h, batch)]
        if pick < len(HOLDERS) or not holding:
            return HOLDERS[pick % len(HOLDERS)]
        return holding[pick % len(holding)]

    def receiver(self, pick: int) -> str:
        allowed = [r for r in HOLDERS if self.network(r) or self.coop_contract(r)]
        if pick < len(RECEIVERS) or not allowed:
            return RECEIVERS[pick % len(RECEIVERS)]
        return allowed[pick % len(allowed)]

    def balance(self, holder: str, batch: int) -> int:
        return self.balances.get((holder, batch), 0)

    def amount(self, holder: str, batch: int, pct: int) -> int:
        held = self.balance(holder, batch)
        return held * pct // 100 if held else pct

    def move(self, owner: str, to: str, batch: int, amount: int) -> None:
        self.balances[(owner, batch)] = self.balance(owner, batch) - amount
        self.balances[(to, batch)] = self.balance(to, batch) + amount

    def send(self, owner: str, function: str, *args) -> None:
        """Call HarvestToken as `owner`; the pool calls through `execute`."""
        if owner == str(POOL.address):
            calldata = getattr(HARVEST, function).prepare_calldata(*args)
            POOL.execute(HARVEST.address, calldata)
        else:
            with boa.env.prank(owner):
                getattr(HARVEST, function)(*args)

    def expect(self, refusal: str | None, owner: str, function: str, *args) -> bool:
        event(f"{function}: {refusal or 'ok'}")
        if refusal is None:
            self.send(owner, function, *args)
            return True
        with boa.reverts(refusal):
            self.send(owner, function, *args)
        return False

    # ------------------------------------------------------------- rules

    @initialize(first=grams, second=grams, first_shelf=shelf, second_shelf=shelf)
    def two_harvests(self, first: int, second: int, first_shelf: int, second_shelf: int) -> None:
        # Every example starts with two batches, so moves have something to move.
        self.log(len(ACCOUNTS), first, first_shelf)
        self.log(len(ACCOUNTS) + 1, second, second_shelf)

    @precondition(lambda self: len(self.batches) < MAX_BATCHES)
    @rule(who=grower_idx, grams=grams, shelf=asked_shelf)
    def log(self, who: int, grams: int, shelf: int) -> None:
        members = sorted(self.members)
        if who < len(ACCOUNTS) or not members:
            grower = ACCOUNTS[who % len(ACCOUNTS)]
        else:
            grower = members[who % len(members)]
        now = self.now()
        args = ("Kale", grams, now - 1, now + shelf, "Plot 1")
        refusal = None
        if grower not in self.members:
            refusal = "harvest: caller is not a member"
        elif shelf + 1 > self.max_shelf_life:  # harvested a second ago
            refusal = "harvest: best-before beyond the maximum shelf life"
        event(f"log_harvest: {refusal or 'ok'}")
        if refusal:
            with boa.reverts(refusal):
                with boa.env.prank(grower):
                    HARVEST.log_harvest(*args)
            return
        with boa.env.prank(grower):
            batch = HARVEST.log_harvest(*args)
        assert batch == len(self.batches) + 1
        self.batches[batch] = Batch(now + shelf, grams)
        self.balances[(grower, batch)] = grams
        self.dirty.add(batch)

    @rule(sender=holder_idx, receiver=receiver_idx, choice=batch_pick, pct=percent)
    def transfer(self, sender: int, receiver: int, choice: int, pct: int) -> None:
        batch = self.pick(choice)
        owner, to = self.holder(sender, batch), self.receiver(receiver)
        amount = self.amount(owner, batch, pct)
        refusal = (
            self.holders_refusal(owner, to)
            or self.batch_refusal(batch)
            or self.amount_refusal(amount, self.balance(owner, batch))
        )
        if self.expect(refusal, owner, "safeTransferFrom", owner, to, batch, amount, b""):
            self.move(owner, to, batch, amount)
        self.dirty.add(batch)

    @rule(
        sender=holder_idx,
        receiver=receiver_idx,
        choices=st.lists(batch_pick, min_size=1, max_size=3),
        pcts=st.lists(percent, min_size=3, max_size=3),
    )
    def batch_transfer(self, sender: int, receiver: int, choices: list[int], pcts: list[int]) -> None:
        owner = self.holder(sender, self.pick(choices[0]))
        to = self.receiver(receiver)
        ids = [self.pick(c, owner) for c in choices]
        amounts = [self.amount(owner, b, p) for b, p in zip(ids, pcts, strict=False)]
        refusal = self.holders_refusal(owner, to)
        held = {b: self.balance(owner, b) for b in ids}
        if refusal is None:
            for batch, amount in zip(ids, amounts, strict=True):
                refusal = self.batch_refusal(batch) or self.amount_refusal(amount, held[batch])
                if refusal:
                    break
                if to != owner:  # to oneself, a move takes and gives back
                    held[batch] -= amount
        if self.expect(refusal, owner, "safeBatchTransferFrom", owner, to, ids, amounts, b""):
            for batch, amount in zip(ids, amounts, strict=True):
                self.move(owner, to, batch, amount)
        self.dirty.update(ids)

    @rule(who=holder_idx, choice=batch_pick, pct=percent)
    def redeem(self, who: int, choice: int, pct: int) -> None:
        batch = self.pick(choice)
        holder = self.holder(who, batch)
        amount = self.amount(holder, batch, pct)
        refusal = self.batch_refusal(batch) or self.amount_refusal(amount, self.balance(holder, batch))
        if self.expect(refusal, holder, "redeem", batch, amount):
            self.balances[(holder, batch)] -= amount
            self.batches[batch].burned += amount
        self.dirty.add(batch)

    @rule(who=holder_idx, choice=batch_pick, pct=percent)
    def compost(self, who: int, choice: int, pct: int) -> None:
        """A holder composts: any batch (expired or not), never a frozen one."""
        batch = self.pick(choice)
        holder = self.holder(who, batch)
        amount = self.amount(holder, batch, pct)
        refusal = "harvest: unknown batch" if batch not in self.batches else None
        if refusal is None and self.batches[batch].frozen:
            refusal = "harvest: batch frozen; only governance may compost it"
        refusal = refusal or self.amount_refusal(amount, self.balance(holder, batch))
        if self.expect(refusal, holder, "compost", batch, amount):
            self.balances[(holder, batch)] -= amount
            self.batches[batch].burned += amount
        self.dirty.add(batch)

    @rule(who=holder_idx, choice=batch_pick, pct=percent, by_timelock=st.sampled_from([True, True, False]))
    def compost_frozen(self, who: int, choice: int, pct: int, by_timelock: bool) -> None:
        """Governance composts a frozen batch from a holder (not from a co-op
        contract, whose holdings belong to its escrows)."""
        frozen = [b for b in sorted(self.batches) if self.batches[b].frozen]
        batch = frozen[choice % len(frozen)] if frozen and choice % 4 else self.pick(choice)
        holder = self.holder(who, batch)
        amount = self.amount(holder, batch, pct)
        record = self.batches.get(batch)
        if not by_timelock:
            refusal = "harvest: caller is not the timelock"
        elif record is None:
            refusal = "harvest: unknown batch"
        elif not record.frozen:
            refusal = "harvest: batch not frozen"
        elif holder == str(POOL.address) and self.pool_status != NONE:
            refusal = "harvest: a co-op contract's holdings belong to its escrows"
        else:
            refusal = self.amount_refusal(amount, self.balance(holder, batch))
        event(f"compost_frozen: {refusal or 'ok'}")
        with boa.env.prank(TIMELOCK if by_timelock else holder):
            if refusal:
                with boa.reverts(refusal):
                    HARVEST.compost_frozen(holder, batch, amount)
            else:
                HARVEST.compost_frozen(holder, batch, amount)
                self.balances[(holder, batch)] -= amount
                record.burned += amount
                record.frozen_supply -= amount
        self.dirty.add(batch)

    @rule(choice=batch_pick)
    def freeze_or_unfreeze(self, choice: int) -> None:
        batch = self.pick(choice)
        record = self.batches.get(batch)
        with boa.env.prank(TIMELOCK):
            if record is None:
                with boa.reverts("harvest: unknown batch"):
                    HARVEST.freeze(batch, "fraud?")
            elif record.frozen:
                HARVEST.unfreeze(batch, "genuine")
                record.frozen = False
            else:
                HARVEST.freeze(batch, "fraud?")
                record.frozen = True
                record.frozen_supply = raw_supply(batch)

    @rule(
        seconds=st.sampled_from([0, DAY, 7 * DAY, YEAR, 2 * YEAR, CAP, CAP + 1]),
        by_timelock=st.sampled_from([True, True, True, False]),
    )
    def set_max_shelf_life(self, seconds: int, by_timelock: bool) -> None:
        """Governance changes the maximum shelf life (timelock only, up to
        the cap); later logs must respect it, the batch count is kept."""
        caller = TIMELOCK if by_timelock else FOUNDERS[0]
        if not by_timelock:
            refusal = "harvest: caller is not the timelock"
        elif seconds == 0:
            refusal = "harvest: zero shelf life"
        elif seconds > CAP:
            refusal = "harvest: shelf life above the cap"
        else:
            refusal = None
        event(f"set_max_shelf_life: {refusal or 'ok'}")
        with boa.env.prank(caller):
            if refusal:
                with boa.reverts(refusal):
                    HARVEST.set_max_shelf_life(seconds)
            else:
                HARVEST.set_max_shelf_life(seconds)
                self.max_shelf_life = seconds
        assert HARVEST.max_shelf_life() == self.max_shelf_life
        assert HARVEST.batch_count() == len(self.batches)

    @rule(seconds=st.integers(min_value=1, max_value=2 * DAY))
    def advance_time(self, seconds: int) -> None:
        boa.env.time_travel(seconds=seconds)

    @rule(who=st.sampled_from(CANDIDATES))
    def join(self, who: str) -> None:
        if who in self.members:
            return
        with boa.env.prank(TIMELOCK):
            MEMBERSHIP.admit(who)
        self.members.add(who)
        self.ever_allowed.add(who)

    @rule(who=st.sampled_from(FOUNDERS + CANDIDATES), expel=st.booleans())
    def leave(self, who: str, expel: bool) -> None:
        if who not in self.members:
            return
        if expel:
            with boa.env.prank(TIMELOCK):
                MEMBERSHIP.expel(who)
        else:
            with boa.env.prank(who):
                MEMBERSHIP.resign()
        self.members.discard(who)

    @rule(allowed=st.booleans())
    def set_pool(self, allowed: bool) -> None:
        """Register the pool, or retire it: a retired pool keeps sending
        what it holds (to the network) and never receives."""
        with boa.env.prank(TIMELOCK):
            HARVEST.set_coop_contract(POOL.address, allowed)
        if allowed:
            self.pool_status = ACTIVE
            self.ever_allowed.add(str(POOL.address))
        elif self.pool_status != NONE:
            self.pool_status = RETIRED
        event(f"pool: {('none', 'active', 'retired')[self.pool_status]}")
        assert HARVEST.coop_contract_status(POOL.address) == self.pool_status
        assert HARVEST.is_coop_contract(POOL.address) == (self.pool_status == ACTIVE)

    # -------------------------------------------------------- invariants

    def check_batch(self, batch: int, balances: dict[str, int], supply: int) -> None:
        record = self.batches[batch]
        assert supply == sum(balances.values()) == record.minted - record.burned
        assert supply <= self.last_supply.get(batch, record.minted)
        self.last_supply[batch] = supply
        for holder, held in balances.items():
            assert held == self.balance(holder, batch), (holder, batch)
            if held:
                assert holder in self.ever_allowed, f"outsider {holder} holds batch {batch}"
        assert balances[OUTSIDER] == 0
        if self.now() > record.best_before:
            seen = self.expired_seen.setdefault(batch, balances)
            for holder, held in balances.items():
                assert held <= seen[holder], f"expired batch {batch} moved to {holder}"
            self.expired_seen[batch] = balances

    @invariant()
    def frozen_batches_shrink_only_by_governance(self) -> None:
        """Nobody but the timelock composts (or otherwise burns or moves
        away) a frozen batch: its supply is what it was at the freeze, less
        `compost_frozen`."""
        for batch, record in self.batches.items():
            if record.frozen:
                assert raw_supply(batch) == record.frozen_supply, f"frozen batch {batch} shrank"

    @invariant()
    def supply_only_falls_after_mint(self) -> None:
        """Every batch, every step (not only those a step touched)."""
        for batch, record in self.batches.items():
            supply = raw_supply(batch)
            assert supply <= self.last_supply.get(batch, record.minted), f"batch {batch} grew"
            self.last_supply[batch] = supply

    @invariant()
    def ledger_matches_chain(self) -> None:
        for batch in self.dirty & self.batches.keys():
            balances = {h: raw_balance(h, batch) for h in HOLDERS}
            self.check_batch(batch, balances, raw_supply(batch))
        self.dirty = set()

    def full_check(self, through_interface: bool) -> None:
        """Every batch again; on some examples also through the ERC-1155
        interface (`balanceOfBatch`, `total_supply`), which must agree with
        the raw reads."""
        ids = sorted(self.batches)
        if not ids:
            return
        if through_interface:
            owners = [h for h in HOLDERS for _ in ids]
            flat = HARVEST.balanceOfBatch(owners, ids * len(HOLDERS))
        for n, batch in enumerate(ids):
            balances = {h: raw_balance(h, batch) for h in HOLDERS}
            supply = raw_supply(batch)
            if through_interface:
                assert balances == {h: flat[i * len(ids) + n] for i, h in enumerate(HOLDERS)}
                assert supply == HARVEST.total_supply(batch)
            self.check_batch(batch, balances, supply)


TestHarvestMachine = HarvestMachine.TestCase
