"""Attacks on the city, fifth round (review of federation, the pool's
fairness and the kill switch), on co-ops made by the factory (titanoboa).

Each test is written as the attack; its docstring names the attack and the
rule it tries to break, and its assertions state the rule. "broke (fixed)"
marks an attack that worked before this round's fix, "held" one that did
not. Attacks already tried are not repeated here: federation
(test_attacks_federation.py, test_attacks_harvest.py,
test_federation_machine.py), the pool (test_attacks_pool.py,
test_pool_machine.py), the factory and the registry
(test_attacks_factory.py), the capture of a co-op's governance
(test_attacks_capture*.py).
"""

from __future__ import annotations

from itertools import count

import boa
import pytest
from eth_utils import keccak

from harvest_coop.core.constants import DAY, ProposalState, VoteSupport
from harvest_coop.core.params import AdmissionRules, CoopParams
from harvest_coop.core.proposals import with_proposer
from harvest_coop.testing.boa import block_time, create_coop, federate, warp

pytestmark = pytest.mark.usefixtures("rollback")  # each test in a titanoboa anchor (conftest)

FOR = VoteSupport.FOR
NONE, PROPOSED, ACTIVE = 0, 1, 2
SHELF = 30 * DAY
_names = count()


class Coop:
    """A factory co-op of `n` founders (admission by proposal only); `gov`
    plays a passed proposal's call, `pass_and_queue` runs a real one."""

    def __init__(self, stack, n: int, **params) -> None:
        i = next(_names)
        self.founders = [boa.env.generate_address(f"r5-{i}-founder{k}") for k in range(n)]
        self.c = create_coop(
            stack,
            self.founders[0],
            CoopParams(
                name=f"Round Five {i}",
                symbol=f"R{i}",
                founders=self.founders,
                admission=AdmissionRules(sponsors_needed=0),
                voting_period=DAY,
                timelock_delay=DAY,
                **params,
            ),
        )
        self.fed, self.m, self.g = self.c["Federation"], self.c["Membership"], self.c["CoopGovernor"]
        self.harvest, self.pool = self.c["HarvestToken"], self.c["ResourcePool"]
        self.timelock = self.c["TimelockController"].address

    def gov(self, contract, fn: str, *args):
        """A passed proposal's call (the timelock pranked)."""
        with boa.env.prank(self.timelock):
            return getattr(contract, fn)(*args)

    def log(self, grams: int = 1_000, grower=None) -> int:
        now = block_time()
        return self.harvest.log_harvest(
            "kale", grams, now, now + SHELF, "plot 5", sender=grower or self.founders[0]
        )

    def pass_and_queue(self, calls, text: str):
        """A proposal of `calls` ((contract, function, *arguments) each)
        that every founder votes for, queued and due; returns its id and
        the arguments `execute` takes."""
        proposer = self.founders[0]
        description = with_proposer(text, proposer)
        targets = [c[0].address for c in calls]
        calldatas = [getattr(c[0], c[1]).prepare_calldata(*c[2:]) for c in calls]
        pid = self.g.propose(targets, [0] * len(calls), calldatas, description, sender=proposer)
        args = (targets, [0] * len(calls), calldatas, keccak(text=description))
        warp(max(block_time(), self.g.proposalSnapshot(pid) + 1))
        for v in self.founders:
            self.g.castVote(pid, FOR, sender=v)
        warp(self.g.proposalDeadline(pid) + 1)
        self.g.queue(*args, sender=proposer)
        warp(self.g.proposalEta(pid))
        return pid, args


# ----------------------------------------- the other side sinks a passed proposal


def test_other_coop_ends_first__the_majoritys_bundled_ending_still_runs(live):
    """broke (fixed). Co-op A (ten members) is federated with X, a co-op
    its creator founded alone. X's members passed A's produce of a batch
    A's members find fraudulent, so A's majority bundles what it decided in
    one proposal: end the federation with X and freeze the batch. X's
    governance (one person) sees the proposal and ends the federation
    itself in the block before A executes: `end_federation` of a co-op no
    longer federated reverted ("federation: not federated"), and with it
    every call of A's proposal, so the batch stayed free and A's majority
    had to start again (a voting period and a timelock delay more), which X
    could sink the same way with any other call it can race. Rule: no
    group smaller than a majority blocks a co-op's decision about
    federating or unfederating; a passed proposal cannot be made to fail by
    what another co-op does meanwhile. Fix: ending a federation that is
    already over (or never was) changes nothing, as Membership's `admit`
    of a member and `expel` of a non-member."""
    a, x = Coop(live, 10), Coop(live, 1)
    federate(a.c, x.c)
    batch = a.log()
    a.harvest.safeTransferFrom(a.founders[0], x.founders[0], batch, 600, b"", sender=a.founders[0])
    pid, args = a.pass_and_queue(
        [(a.fed, "end_federation", x.fed.address), (a.harvest, "freeze", batch, "fraud: not grown here")],
        "end the federation with X; freeze the batch",
    )
    x.gov(x.fed, "end_federation", a.fed.address)  # X gets there first
    assert a.fed.federation_status(x.fed.address) == NONE
    a.g.execute(*args, sender=a.founders[1])
    assert a.g.state(pid) == ProposalState.EXECUTED
    assert not a.harvest.is_transferable(batch)
    assert a.fed.federation_status(x.fed.address) == NONE == x.fed.federation_status(a.fed.address)
    assert a.m.federated(0) == "0x" + "00" * 20 == x.m.federated(0)


def test_other_coop_accepts_first__the_majoritys_bundled_acceptance_still_runs(live):
    """broke (fixed). A and X each proposed federation to the other (each
    governance wants it). A's majority then passes one proposal: accept X's
    proposal and raise the pool's per-member limits. X accepts A's
    proposal first: both sides are active, and A's `accept_federation`
    reverted ("federation: already federated"), and with it A's limits.
    Rule: a passed proposal cannot be made to fail by what another co-op
    does meanwhile. Fix: accepting a federation that is already active
    changes nothing (it stays active on both sides, listed once)."""
    a, x = Coop(live, 10), Coop(live, 1)
    a.gov(a.fed, "propose_federation", x.fed.address)
    x.gov(x.fed, "propose_federation", a.fed.address)
    pid, args = a.pass_and_queue(
        [(a.fed, "accept_federation", x.fed.address), (a.pool, "set_claim_limits", 20_000, 200 * 10**18)],
        "accept X; larger shares",
    )
    x.gov(x.fed, "accept_federation", a.fed.address)  # X gets there first
    a.g.execute(*args, sender=a.founders[1])
    assert a.g.state(pid) == ProposalState.EXECUTED
    assert a.pool.claim_limits() == (20_000, 200 * 10**18)
    assert a.fed.federation_status(x.fed.address) == ACTIVE == x.fed.federation_status(a.fed.address)
    assert a.m.federated(0) == x.m.address and a.m.federated(1) == "0x" + "00" * 20
    assert x.m.federated(0) == a.m.address and x.m.federated(1) == "0x" + "00" * 20


def test_other_coop_withdraws_first__the_majoritys_bundled_acceptance_still_runs(live):
    """broke (fixed). X proposed federation to A; A's majority passes one
    proposal: accept X's proposal and raise the pool's per-member limits.
    X's governance (one person) withdraws its proposal in the block before
    A executes: `accept_federation` reverted ("the other co-op has not
    proposed federation"), and with it A's limits; X could sink every
    bundle A's majority makes around an acceptance. Rule: a passed proposal
    cannot be made to fail by what another co-op does meanwhile. Fix: with
    no proposal of the other co-op standing, A's acceptance stands as A's
    own proposal (nothing is federated until X's governance agrees
    again)."""
    a, x = Coop(live, 10), Coop(live, 1)
    x.gov(x.fed, "propose_federation", a.fed.address)
    pid, args = a.pass_and_queue(
        [(a.fed, "accept_federation", x.fed.address), (a.pool, "set_claim_limits", 20_000, 200 * 10**18)],
        "accept X; larger shares",
    )
    x.gov(x.fed, "end_federation", a.fed.address)  # X withdraws first
    a.g.execute(*args, sender=a.founders[1])
    assert a.g.state(pid) == ProposalState.EXECUTED
    assert a.pool.claim_limits() == (20_000, 200 * 10**18)
    # Nothing federated: A's agreement now waits as A's proposal to X.
    assert a.fed.federation_status(x.fed.address) == PROPOSED
    assert x.fed.federation_status(a.fed.address) == NONE
    assert a.m.federated(0) == "0x" + "00" * 20 == x.m.federated(0)
    assert not a.m.is_network_member(x.founders[0])
    # X's governance agreeing again federates both sides at once.
    x.gov(x.fed, "accept_federation", a.fed.address)
    assert a.fed.federation_status(x.fed.address) == ACTIVE == x.fed.federation_status(a.fed.address)


# ------------------------------------------------------------- one-sided records


def test_one_sided_proposals__neither_coops_members_enter_the_others_network(live):
    """held: A's governance proposed federation to B, and B's proposed to A;
    neither accepted. A proposal is a one-sided record: does it let B's
    members hold, trade or give A's produce, or A's members B's? Rule: a
    federation counts only once both governances agreed (active on both
    sides)."""
    a, b = Coop(live, 2), Coop(live, 2)
    a.gov(a.fed, "propose_federation", b.fed.address)
    b.gov(b.fed, "propose_federation", a.fed.address)
    assert a.fed.federation_status(b.fed.address) == PROPOSED == b.fed.federation_status(a.fed.address)
    assert a.fed.federated_membership(b.fed.address) == "0x" + "00" * 20
    a_member, b_member = a.founders[0], b.founders[0]
    assert not a.m.is_network_member(b_member) and not b.m.is_network_member(a_member)
    a_batch, b_batch = a.log(), b.log(grower=b_member)
    with boa.reverts("harvest: receiver is not in the co-op network"):
        a.harvest.safeTransferFrom(a_member, b_member, a_batch, 1, b"", sender=a_member)
    with boa.reverts("harvest: receiver is not in the co-op network"):
        b.harvest.safeTransferFrom(b_member, a_member, b_batch, 1, b"", sender=b_member)
    with boa.reverts("exchange: not a network member"):
        a.c["NutrientExchange"].post_offer(
            (
                b_member,
                a.harvest.address,
                a_batch,
                1,
                a.c["CoopCredit"].address,
                0,
                1,
                0,
                0,
                2**40,
                1,
                False,
                0,
            ),
            sender=b_member,
        )


# ------------------------------------------------------------------ the pool


def test_expelled_and_readmitted_in_the_same_epoch__no_second_share(live):
    """held: a member claims its share, is expelled and re-admitted by
    governance in the same epoch (say a captured proposal), and claims
    again. Rule: one member, one share per epoch: an account re-admitted in
    an epoch claims from the next one, and its claims of the epoch stay
    counted; next epoch it takes one share."""
    c = Coop(live, 4)
    batch = c.log(4_000)
    c.harvest.safeTransferFrom(c.founders[0], c.pool.address, batch, 4_000, b"", sender=c.founders[0])
    warp(c.pool.epoch()[2])
    m = c.founders[1]
    c.pool.claim(c.harvest.address, batch, 1_000, sender=m)
    c.gov(c.m, "expel", m)
    c.gov(c.m, "admit", m)
    with boa.reverts("pool: you joined during this epoch; claim from the next one"):
        c.pool.claim(c.harvest.address, batch, 1, sender=m)
    assert c.pool.claimable(m, c.harvest.address, batch) == 0
    warp(c.pool.epoch()[2])
    c.pool.claim(c.harvest.address, batch, 750, sender=m)
    with boa.reverts("pool: above your equal share of this epoch"):
        c.pool.claim(c.harvest.address, batch, 1, sender=m)
