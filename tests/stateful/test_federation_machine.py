"""Stateful property test of federation (titanoboa + hypothesis).

Three co-ops made by the CoopFactory, each with its own harvest. Random
sequences of: a co-op's governance proposing federation to another,
accepting one, ending one (from either side, also withdrawing a proposal),
accounts joining and leaving co-ops (one account may belong to two),
harvest moving between any two accounts (members, former members, an
outsider) and into a co-op's pool, and pool claims. A Python model of who
is a member where and which federations are active predicts every move.
After every step:

- no account's balance of a co-op's harvest ever grew unless, at that time,
  it was a member of that co-op or of a co-op federated (on both sides)
  with it, or the co-op's own pool: produce never reaches anyone else;
- every co-op's record of every federation and every Membership's list of
  federated co-ops agree with the model (a one-sided proposal changes
  nothing; an ending ends both sides), read from storage; the views
  (`federation_status` of every pair, `is_network_member` of one account
  in turn) are compared every `VIEW_CHECK_EVERY` steps, and the member
  bits after every join and leave.

Speed (the ci profile, 1,000 runs x 50 steps): deployed once, each run
rolled back with `boa.env.anchor()`; balances, the federation records, the
federated lists and the member bits read straight from storage (slots
computed once), the views compared every `VIEW_CHECK_EVERY` steps.
"""

from __future__ import annotations

from itertools import product

import boa
from eth_utils import to_canonical_address, to_checksum_address
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from harvest_coop.core.params import AdmissionRules, CoopParams
from harvest_coop.testing.boa import create_coop, deploy_stack, layout_slot, mapping_slot, read_slot

DAY = 86_400
NONE, PROPOSED, ACTIVE = 0, 1, 2
NAMES = ("A", "B", "C")

# Accounts: two founders per co-op (C has one), two candidates who join and
# leave any co-op, an outsider who never joins.
FOUNDERS = {
    name: [
        to_checksum_address(boa.env.generate_address(f"fed-{name}-{i}"))
        for i in range(2 if name != "C" else 1)
    ]
    for name in NAMES
}
CANDIDATES = [to_checksum_address(boa.env.generate_address(f"fed-candidate-{i}")) for i in range(2)]
OUTSIDER = to_checksum_address(boa.env.generate_address("fed-outsider"))
PEOPLE = [*(a for name in NAMES for a in FOUNDERS[name]), *CANDIDATES, OUTSIDER]

_STACK = deploy_stack()
COOPS = {
    name: create_coop(
        _STACK,
        FOUNDERS[name][0],
        CoopParams(
            name=f"Federation Machine {name}",
            symbol=name,
            founders=FOUNDERS[name],
            admission=AdmissionRules(sponsors_needed=0),
        ),
    )
    for name in NAMES
}
TIMELOCK = {name: to_checksum_address(c["TimelockController"].address) for name, c in COOPS.items()}
FEDERATION = {name: c["Federation"] for name, c in COOPS.items()}
MEMBERSHIP = {name: c["Membership"] for name, c in COOPS.items()}
HARVEST = {name: c["HarvestToken"] for name, c in COOPS.items()}
POOL = {name: c["ResourcePool"] for name, c in COOPS.items()}
POOL_ADDRESS = {name: to_checksum_address(p.address) for name, p in POOL.items()}

# One batch per co-op (id 1), held by its founders.
_NOW = boa.env.evm.patch.timestamp
BATCH = 1
BEST_BEFORE = _NOW + 300 * DAY
for _name in NAMES:
    _grower = FOUNDERS[_name][0]
    with boa.env.prank(_grower):
        assert HARVEST[_name].log_harvest("beans", 10**9, _NOW - 60, BEST_BEFORE, "plot") == BATCH
        for _other in FOUNDERS[_name][1:]:
            HARVEST[_name].safeTransferFrom(_grower, _other, BATCH, 10**6, b"")
# Pool claims open an epoch after the founders joined.
boa.env.time_travel(seconds=8 * DAY)


def _quiet(contract) -> None:
    base = type(contract)
    contract.__class__ = type(
        base.__name__, (base,), {"__repr__": lambda c: f"<{c.contract_name} {c.address}>"}
    )


for _coop in COOPS.values():
    for _contract in _coop.values():
        _quiet(_contract)

BALANCES = {name: layout_slot(HARVEST[name], "balanceOf") for name in NAMES}
HOLDERS = [*PEOPLE, *POOL_ADDRESS.values()]
# Every slot the per-step checks read, computed once (reading a slot costs
# far less than a view call; the views are compared every VIEW_CHECK_EVERY
# steps).
BALANCE_SLOTS = [
    (coop, who, mapping_slot(BALANCES[coop], who, BATCH)) for coop, who in product(NAMES, HOLDERS)
]
MEMBER_BIT = 1 << 160  # Membership's `_MEMBER_BIT` in an account's word
ACCOUNT_SLOTS = [
    (coop, who, mapping_slot(layout_slot(MEMBERSHIP[coop], "_accounts"), who))
    for coop, who in product(NAMES, PEOPLE)
]
PEER_SLOTS = {
    (coop, other): mapping_slot(layout_slot(FEDERATION[coop], "_peers"), FEDERATION[other].address)
    for coop, other in product(NAMES, NAMES)
    if coop != other
}
FEDERATED_LIST = {name: layout_slot(MEMBERSHIP[name], "federated") for name in NAMES}
MEMBERSHIP_WORD = {name: int(MEMBERSHIP[name].address, 16) for name in NAMES}
VIEW_CHECK_EVERY = 25


def balance(coop: str, owner: str) -> int:
    return read_slot(HARVEST[coop], mapping_slot(BALANCES[coop], owner, BATCH))


_STORAGE_OF = {name: to_canonical_address(HARVEST[name].address) for name in NAMES}


def all_balances() -> list[int]:
    """Every holder's balance of every co-op's batch, in `BALANCE_SLOTS` order."""
    state = boa.env.evm.vm.state
    return [state.get_storage(_STORAGE_OF[coop], slot) for coop, _, slot in BALANCE_SLOTS]


class FederationMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self._anchor = boa.env.anchor()
        self._anchor.__enter__()
        self.members = {name: set(FOUNDERS[name]) for name in NAMES}
        self.status = {(a, b): NONE for a, b in product(NAMES, NAMES) if a != b}
        self.before = all_balances()
        self.steps = 0

    def teardown(self) -> None:
        self._anchor.__exit__(None, None, None)

    # ------------------------------------------------------------ model

    def federated(self, coop: str) -> list[str]:
        return [other for other in NAMES if other != coop and self.status[(coop, other)] == ACTIVE]

    def network_member(self, coop: str, who: str) -> bool:
        return who in self.members[coop] or any(who in self.members[o] for o in self.federated(coop))

    def may_receive(self, coop: str, who: str) -> bool:
        return who == POOL_ADDRESS[coop] or self.network_member(coop, who)

    # ------------------------------------------------------- federation

    @rule(coop=st.sampled_from(NAMES), other=st.sampled_from(NAMES))
    def propose(self, coop: str, other: str) -> None:
        ok = coop != other and self.status[(coop, other)] == NONE
        with boa.env.prank(TIMELOCK[coop]):
            if not ok:
                with boa.reverts():
                    FEDERATION[coop].propose_federation(FEDERATION[other].address)
                return
            FEDERATION[coop].propose_federation(FEDERATION[other].address)
        self.status[(coop, other)] = PROPOSED

    @rule(coop=st.sampled_from(NAMES), other=st.sampled_from(NAMES))
    def accept(self, coop: str, other: str) -> None:
        if coop != other and self.status[(coop, other)] == ACTIVE:
            # Already active (the other may have accepted this one's own
            # proposal first): changes nothing, so a passed proposal still runs.
            with boa.env.prank(TIMELOCK[coop]):
                FEDERATION[coop].accept_federation(FEDERATION[other].address)
            return
        with boa.env.prank(TIMELOCK[coop]):
            if coop == other:
                with boa.reverts():
                    FEDERATION[coop].accept_federation(FEDERATION[other].address)
                return
            FEDERATION[coop].accept_federation(FEDERATION[other].address)
        if self.status[(other, coop)] != PROPOSED:
            # No proposal of the other standing (withdrawn): this co-op's
            # agreement stands as its own proposal, so a passed proposal
            # still runs; a proposal already made stays as it is.
            if self.status[(coop, other)] == NONE:
                self.status[(coop, other)] = PROPOSED
            return
        self.status[(coop, other)] = self.status[(other, coop)] = ACTIVE

    @rule(coop=st.sampled_from(NAMES), other=st.sampled_from(NAMES))
    def end(self, coop: str, other: str) -> None:
        # Nothing to end (the other may have ended it first) changes nothing,
        # so a passed proposal that ends it still runs.
        with boa.env.prank(TIMELOCK[coop]):
            FEDERATION[coop].end_federation(FEDERATION[other].address)
        if coop == other or self.status[(coop, other)] == NONE:
            return
        # Either side's ending clears both (the other is told).
        self.status[(coop, other)] = self.status[(other, coop)] = NONE

    # ---------------------------------------------------------- members

    @rule(who=st.sampled_from(CANDIDATES), coop=st.sampled_from(NAMES))
    def join(self, who: str, coop: str) -> None:
        if who in self.members[coop]:
            return
        with boa.env.prank(TIMELOCK[coop]):
            MEMBERSHIP[coop].admit(who)
        self.members[coop].add(who)
        self.check_members(coop)

    @rule(who=st.sampled_from([*CANDIDATES, FOUNDERS["A"][1], FOUNDERS["B"][1]]), coop=st.sampled_from(NAMES))
    def leave(self, who: str, coop: str) -> None:
        if who not in self.members[coop]:
            return
        with boa.env.prank(who):
            MEMBERSHIP[coop].resign()
        self.members[coop].discard(who)
        self.check_members(coop)

    def check_members(self, coop: str) -> None:
        """Membership's member bits are the model's (members change only in
        `join` and `leave`)."""
        for name, who, slot in ACCOUNT_SLOTS:
            if name == coop:
                assert bool(read_slot(MEMBERSHIP[coop], slot) & MEMBER_BIT) == (who in self.members[coop])

    # ------------------------------------------------------------ produce

    @rule(
        coop=st.sampled_from(NAMES),
        sender=st.sampled_from(PEOPLE),
        receiver=st.sampled_from([*PEOPLE, "pool"]),
        amount=st.integers(1, 1_000),
    )
    def move_harvest(self, coop: str, sender: str, receiver: str, amount: int) -> None:
        receiver = POOL_ADDRESS[coop] if receiver == "pool" else receiver
        ok = (
            boa.env.evm.patch.timestamp <= BEST_BEFORE
            and balance(coop, sender) >= amount
            and self.network_member(coop, sender)
            and self.may_receive(coop, receiver)
        )
        with boa.env.prank(sender):
            if not ok:
                with boa.reverts():
                    HARVEST[coop].safeTransferFrom(sender, receiver, BATCH, amount, b"")
                return
            HARVEST[coop].safeTransferFrom(sender, receiver, BATCH, amount, b"")

    @rule(coop=st.sampled_from(NAMES), who=st.sampled_from(PEOPLE), amount=st.integers(1, 50))
    def claim_from_the_pool(self, coop: str, who: str, amount: int) -> None:
        # Whatever the pool decides, the invariant checks where produce went;
        # a member of another co-op never claims here.
        with boa.env.prank(who):
            try:
                POOL[coop].claim(HARVEST[coop].address, BATCH, amount)
            except boa.BoaError:
                return
        assert who in self.members[coop]

    @rule(days=st.sampled_from([1, 7]))
    def advance(self, days: int) -> None:
        boa.env.time_travel(seconds=days * DAY)

    # ------------------------------------------------------- invariants

    @invariant()
    def produce_reaches_only_the_network(self) -> None:
        after = all_balances()
        if after != self.before:
            for (coop, who, _), amount, before in zip(BALANCE_SLOTS, after, self.before, strict=True):
                if amount > before:
                    assert self.may_receive(coop, who), (coop, who)
        self.before = after

    @invariant()
    def both_sides_agree_with_the_model(self) -> None:
        """Each side's record of each federation, each Membership's list of
        federated co-ops and its members are the model's (from storage);
        every VIEW_CHECK_EVERY steps the views say the same."""
        for (coop, other), status in self.status.items():
            word = read_slot(FEDERATION[coop], PEER_SLOTS[(coop, other)])
            assert (word & 255, word >> 8) == (status, MEMBERSHIP_WORD[other] if status == ACTIVE else 0)
        for coop in NAMES:
            listed = [read_slot(MEMBERSHIP[coop], FEDERATED_LIST[coop] + i) for i in range(len(NAMES))]
            expected = sorted(MEMBERSHIP_WORD[o] for o in self.federated(coop))
            # Packed from index 0, the rest empty.
            assert sorted(listed[: len(expected)]) == expected and not any(listed[len(expected) :])
        self.steps += 1
        if self.steps % VIEW_CHECK_EVERY == 0:
            for (coop, other), status in self.status.items():
                assert FEDERATION[coop].federation_status(FEDERATION[other].address) == status
            # One account per check, in turn (HarvestToken asks the same
            # question of Membership on every move the rules make).
            who = PEOPLE[(self.steps // VIEW_CHECK_EVERY) % len(PEOPLE)]
            for coop in NAMES:
                assert MEMBERSHIP[coop].is_network_member(who) == self.network_member(coop, who)


TestFederationMachine = FederationMachine.TestCase
