"""Capture attacks, sixth round (review of Membership, CoopGovernor,
Federation, CoopFactory, CoopRegistry and the timelock), on co-ops made by
the factory (titanoboa).

Each test is written as the attack; its docstring names the attack and the
rule it tries to break (DESIGN.md: after deployment every parameter changes
only through a passed proposal and the timelock; one member, one vote; no
group smaller than a majority can grow its votes or block the others by
any route), and its assertions state the rule. "broke (fixed)" marks an
attack that worked before this round's fix, "held" one that did not.
Attacks already tried are not repeated here: the earlier rounds'
(test_attacks_capture*.py, test_attacks_round5_*.py, test_attacks_factory.py,
test_attacks_federation.py, test_attacks_harvest.py).
"""

from __future__ import annotations

from itertools import count

import boa
import pytest
from eth_utils import keccak

from harvest_coop.core.constants import ProposalState, VoteSupport
from harvest_coop.core.params import AdmissionRules, CoopParams
from harvest_coop.core.proposals import with_proposer
from harvest_coop.testing.boa import block_time, create_coop, federate, warp

pytestmark = pytest.mark.usefixtures("rollback")  # each test in a titanoboa anchor (conftest)

FOR = VoteSupport.FOR
NONE, PROPOSED, ACTIVE = 0, 1, 2
ZERO = "0x" + "00" * 20
_names = count()


class Coop:
    """A factory co-op of `n` founders; `gov` plays a passed proposal's call
    (the timelock pranked), `propose`, `vote` and `pass_and_queue` run real
    proposals."""

    def __init__(self, stack, n: int, **params) -> None:
        i = next(_names)
        self.founders = [boa.env.generate_address(f"r6-{i}-founder{k}") for k in range(n)]
        params.setdefault("admission", AdmissionRules(sponsors_needed=0))
        self.c = create_coop(
            stack,
            self.founders[0],
            CoopParams(name=f"Round Six {i}", symbol=f"R6{i}", founders=self.founders, **params),
        )
        self.fed, self.m, self.g = self.c["Federation"], self.c["Membership"], self.c["CoopGovernor"]
        self.pool = self.c["ResourcePool"]
        self.timelock = self.c["TimelockController"].address

    def gov(self, contract, fn: str, *args):
        """A passed proposal's call (the timelock pranked)."""
        with boa.env.prank(self.timelock):
            return getattr(contract, fn)(*args)

    def propose(self, proposer, calls, text: str):
        """Propose `calls` ((contract, function name, *arguments) each);
        returns the proposal id and the arguments queue and execute take."""
        description = with_proposer(text, proposer)
        targets = [c[0].address for c in calls]
        calldatas = [getattr(c[0], c[1]).prepare_calldata(*c[2:]) for c in calls]
        pid = self.g.propose(targets, [0] * len(calls), calldatas, description, sender=proposer)
        return pid, (targets, [0] * len(calls), calldatas, keccak(text=description))

    def vote(self, pid, voters, support=FOR) -> None:
        warp(max(block_time(), self.g.proposalSnapshot(pid) + 1))
        for v in voters:
            self.g.castVote(pid, support, sender=v)

    def pass_and_queue(self, calls, text: str, voters=None, proposer=None):
        """A proposal of `calls` that `voters` (every founder) pass, queued
        and due; returns its id and the arguments `execute` takes."""
        proposer = proposer or self.founders[0]
        pid, args = self.propose(proposer, calls, text)
        self.vote(pid, voters or self.founders)
        warp(self.g.proposalDeadline(pid) + 1)
        assert self.g.state(pid) == ProposalState.SUCCEEDED
        self.g.queue(*args, sender=proposer)
        warp(self.g.proposalEta(pid))
        return pid, args


# ------------------------------------------- the other side sinks a passed proposal


def test_proposer_fills_its_own_federation_list__the_majoritys_bundled_acceptance_still_runs(live):
    """broke (fixed). X, a co-op its creator founded alone, is federated
    with 15 co-ops and proposed federation to A (ten members). A's majority
    passes one proposal: accept X's proposal and raise the pool's
    per-member limits. In the block before A executes, X's governance (one
    person) fills X's sixteenth and last federation slot (accepting a 16th
    co-op it keeps ready, or having it accept X): A's `accept_federation`
    then calls X's `confirm_federation`, whose `federate` reverted
    ("membership: federation list full"), and with it every call of A's
    proposal. X can do it again to every bundle A's majority makes around
    the acceptance. Round five fixed the same race through X's ending,
    withdrawing and accepting first, not through X's list. Rule: a passed
    proposal cannot be made to fail by what another co-op does meanwhile.
    Fix: when the other co-op's list is full, A's acceptance stands as A's
    own proposal, as when X has withdrawn (nothing is federated until X,
    with room again, accepts it)."""
    a, x = Coop(live, 10), Coop(live, 1)
    spokes = [Coop(live, 1) for _ in range(16)]
    for spoke in spokes[:15]:
        federate(x.c, spoke.c)
    x.gov(x.fed, "propose_federation", spokes[15].fed.address)  # the 16th, kept ready
    x.gov(x.fed, "propose_federation", a.fed.address)
    pid, args = a.pass_and_queue(
        [(a.fed, "accept_federation", x.fed.address), (a.pool, "set_claim_limits", 20_000, 200 * 10**18)],
        "accept X; larger shares",
    )
    spokes[15].gov(spokes[15].fed, "accept_federation", x.fed.address)  # X's list is full now
    assert x.m.federated(15) == spokes[15].m.address
    a.g.execute(*args, sender=a.founders[1])
    assert a.g.state(pid) == ProposalState.EXECUTED
    assert a.pool.claim_limits() == (20_000, 200 * 10**18)
    # Nothing federated: A's agreement waits as A's proposal to X.
    assert a.fed.federation_status(x.fed.address) == PROPOSED
    assert a.m.federated(0) == ZERO
    assert not a.m.is_network_member(x.founders[0])
    assert x.fed.federation_status(a.fed.address) == PROPOSED
    # X, with room again, accepts A's standing agreement: both sides at once.
    x.gov(x.fed, "end_federation", spokes[0].fed.address)
    x.gov(x.fed, "accept_federation", a.fed.address)
    assert a.fed.federation_status(x.fed.address) == ACTIVE == x.fed.federation_status(a.fed.address)
    assert a.m.federated(0) == x.m.address and a.m.is_network_member(x.founders[0])


def test_third_coop_fills_the_acceptors_own_list__the_majoritys_bundled_acceptance_still_runs(live):
    """broke (fixed). A (ten members) is federated with 15 co-ops and still
    has an older proposal to Y standing; X proposed federation to A. A's
    majority passes one proposal: accept X's proposal and raise the pool's
    per-member limits. In the block before A executes, Y's governance (one
    person) accepts A's old proposal, which fills A's sixteenth and last
    slot: A's `accept_federation` then reverted in its own Membership
    ("membership: federation list full"), and with it every call of A's
    proposal. Rule: a passed proposal cannot be made to fail by what
    another co-op does meanwhile. Fix: when this co-op's own list is full,
    its acceptance stands as its own proposal (nothing is federated until
    one side, with room again, accepts)."""
    a, x, y = Coop(live, 10), Coop(live, 1), Coop(live, 1)
    for _ in range(15):
        federate(a.c, Coop(live, 1).c)
    a.gov(a.fed, "propose_federation", y.fed.address)  # A's older proposal, still standing
    x.gov(x.fed, "propose_federation", a.fed.address)
    pid, args = a.pass_and_queue(
        [(a.fed, "accept_federation", x.fed.address), (a.pool, "set_claim_limits", 20_000, 200 * 10**18)],
        "accept X; larger shares",
    )
    y.gov(y.fed, "accept_federation", a.fed.address)  # A's list is full now
    assert a.m.federated(15) == y.m.address
    a.g.execute(*args, sender=a.founders[1])
    assert a.g.state(pid) == ProposalState.EXECUTED
    assert a.pool.claim_limits() == (20_000, 200 * 10**18)
    # Nothing federated with X: A's agreement waits as A's proposal to X.
    assert a.fed.federation_status(x.fed.address) == PROPOSED == x.fed.federation_status(a.fed.address)
    assert not a.m.is_network_member(x.founders[0])
    # A, with room again, and X: X's acceptance of A's standing agreement federates both at once.
    a.gov(a.fed, "end_federation", y.fed.address)
    x.gov(x.fed, "accept_federation", a.fed.address)
    assert a.fed.federation_status(x.fed.address) == ACTIVE == x.fed.federation_status(a.fed.address)
    assert a.m.is_network_member(x.founders[0])


def test_held__the_other_coop_cannot_sink_a_bundled_proposal_to_federate_with_it(live):
    """held. A's majority passes one proposal: propose federation to X and
    raise the pool's per-member limits. Before A executes, X's governance
    (one person) does everything it can to A's record of X: proposes to A
    and withdraws, proposes again, "accepts" A (nothing of A's to accept
    yet) and fills its own list of federated co-ops. Rule: a passed
    proposal cannot be made to fail by what another co-op does meanwhile
    (round five tried the ending and the acceptance, not the proposal).
    Held: only A's governance writes A's record of X from nothing
    (`confirm_federation` needs A's standing proposal, `federation_ended`
    only clears), so `propose_federation` always finds it empty."""
    a, x = Coop(live, 10), Coop(live, 1)
    spokes = [Coop(live, 1) for _ in range(16)]
    pid, args = a.pass_and_queue(
        [(a.fed, "propose_federation", x.fed.address), (a.pool, "set_claim_limits", 20_000, 200 * 10**18)],
        "propose to X; larger shares",
    )
    x.gov(x.fed, "propose_federation", a.fed.address)
    x.gov(x.fed, "end_federation", a.fed.address)
    x.gov(x.fed, "propose_federation", a.fed.address)
    x.gov(x.fed, "accept_federation", a.fed.address)  # stands as X's proposal: it is one already
    for spoke in spokes:
        federate(x.c, spoke.c)
    assert a.fed.federation_status(x.fed.address) == NONE
    a.g.execute(*args, sender=a.founders[1])
    assert a.g.state(pid) == ProposalState.EXECUTED
    assert a.pool.claim_limits() == (20_000, 200 * 10**18)
    assert a.fed.federation_status(x.fed.address) == PROPOSED == x.fed.federation_status(a.fed.address)
    assert a.m.federated(0) == ZERO and not a.m.is_network_member(x.founders[0])


# ------------------------------------------------ one member, one vote through proxies


def _chain_of_proxies(stack):
    """A co-op of five; D lends to A and A to B before a proposal's
    snapshot (D's vote is with A, A's own with B); voting is open."""
    coop = Coop(stack, 5, max_proxies=2)
    d, a, b, p, q = coop.founders
    coop.m.delegate(a, sender=d)
    coop.m.delegate(b, sender=a)
    warp(block_time() + 1)
    pid, _ = coop.propose(p, [(coop.m, "set_max_proxies", 3)], "three proxies")
    warp(coop.g.proposalSnapshot(pid) + 1)
    assert [coop.m.getPastVotes(x, coop.g.proposalSnapshot(pid)) for x in (d, a, b)] == [0, 1, 2]
    return coop, pid


def _weight(coop, pid, voter) -> int:
    """What `voter` casts now (for), or 0 if it is refused."""
    try:
        return coop.g.castVote(pid, FOR, sender=voter)
    except boa.BoaError:
        return 0


@pytest.mark.parametrize(
    "steps, counted",
    [
        # (who acts, in order: "vote X" or "leave X"), and the votes counted.
        (["leave B", "leave A", "vote D"], 1),  # D's own comes back; A's and B's left with them
        (["leave A", "leave B", "vote D"], 1),
        (["vote B", "leave B", "vote A", "leave A", "vote D"], 3),  # B: its own and A's; A: D's
        (["leave B", "vote A", "leave A", "vote D"], 2),  # A: D's and its own back
        (["vote A", "leave A", "leave B", "vote D"], 1),  # A cast D's; B left with A's own
        (
            ["leave A", "vote B", "leave B", "vote D"],
            3,
        ),  # B: its own and A's (lent at the snapshot); D's back
    ],
)
def test_held__a_chain_of_departed_proxies__every_vote_counts_at_most_once(stack, steps, counted):
    """held. A vote lent along a chain of proxies (D to A, A to B) whose
    holders leave after the snapshot, one after the other, in every order,
    voting or not before they go. Attack: count D's vote twice (once by a
    holder that cast it before leaving, once by D's fallback), or A's own
    vote both by B and by A's fallback. Rule: one member, one vote: every
    member's vote at the snapshot is counted at most once, and a vote whose
    holder left without casting it comes back to its owner (the unit tests
    try one departed proxy; this is two, chained)."""
    coop, pid = _chain_of_proxies(stack)
    who = dict(zip("DAB", coop.founders[:3], strict=False))
    cast = 0
    for step in steps:
        act, name = step.split()
        if act == "vote":
            cast += _weight(coop, pid, who[name])
        else:
            coop.m.resign(sender=who[name])
    # Nobody casts anything twice, or late: every one of D, A, B is refused now.
    assert all(_weight(coop, pid, who[n]) == 0 for n in "DAB")
    assert cast == counted
    assert coop.g.proposalVotes(pid) == (0, counted, 0)
    assert coop.m.getVotes(who["D"]) == 1 and coop.m.totalSupply() == 5 - sum(
        s.startswith("leave") for s in steps
    )
