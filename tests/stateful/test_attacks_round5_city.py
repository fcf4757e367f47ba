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
from harvest_coop.core.stack_code import LIVE_FLOOR
from harvest_coop.testing.boa import block_time, create_coop, deploy_stack, federate, warp

FOR = VoteSupport.FOR
NONE, PROPOSED, ACTIVE = 0, 1, 2
SHELF = 30 * DAY
_names = count()


@pytest.fixture(scope="module")
def live():
    """A stack with a live network's timing floor (a day of voting, a day of
    timelock): the other co-op's governance is as slow as it can be."""
    return deploy_stack(floor=LIVE_FLOOR)


@pytest.fixture(autouse=True)
def _rollback():
    with boa.env.anchor():
        yield


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
