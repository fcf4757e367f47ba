"""Capture attacks, fourth round (review of CoopGovernor, the timelock and
the factory's wiring), on co-ops made by the factory (titanoboa).

Each test is written as the attack; its docstring names the attack and the
rule it tries to break (DESIGN.md: after deployment every parameter changes
only through a passed proposal and the timelock; no group smaller than a
majority can grow its votes or block the others by any route), and its
assertions state the rule. "broke (fixed)" marks an attack that worked
before this round's fix, "held" one that did not. Attacks already tried are
not repeated here: the four governance exploits and the 180-day sponsor
scenario (test_attacks_capture.py, test_attacks_capture_scenario.py), the
founding timings (test_attacks_factory.py) and federation
(test_attacks_federation.py).
"""

from __future__ import annotations

from itertools import count

import boa
from eth_utils import keccak

from harvest_coop.core.constants import DAY, ProposalState, VoteSupport
from harvest_coop.core.params import AdmissionRules, CoopParams
from harvest_coop.core.proposals import with_proposer
from harvest_coop.core.stack_code import coop_config
from harvest_coop.testing.boa import block_time, create_coop, deploy_stack, warp

FOR, AGAINST = VoteSupport.FOR, VoteSupport.AGAINST
_names = count()


class Coop:
    """A factory co-op of `n` founders; `propose` and `run` drive its
    proposals through their lives."""

    def __init__(self, stack, n: int = 10, **params) -> None:
        i = next(_names)
        self.founders = [boa.env.generate_address(f"r4-{i}-founder{k}") for k in range(n)]
        coop = create_coop(
            stack, self.founders[0], CoopParams(name=f"Round Four {i}", founders=self.founders, **params)
        )
        self.m, self.g, self.t = coop["Membership"], coop["CoopGovernor"], coop["TimelockController"]

    def propose(self, proposer, calls, text: str):
        """Propose `calls` ((contract, function name, *arguments) each);
        returns the proposal id and the (targets, values, calldatas,
        description hash) that queue and execute take."""
        description = with_proposer(text, proposer)
        targets = [c[0].address for c in calls]
        calldatas = [getattr(c[0], c[1]).prepare_calldata(*c[2:]) for c in calls]
        pid = self.g.propose(targets, [0] * len(calls), calldatas, description, sender=proposer)
        return pid, (targets, [0] * len(calls), calldatas, keccak(text=description))

    def vote(self, pid, voters, support=FOR) -> None:
        warp(max(block_time(), self.g.proposalSnapshot(pid) + 1))
        for v in voters:
            self.g.castVote(pid, support, sender=v)

    def pass_and_queue(self, proposer, calls, text: str, voters):
        """A proposal the `voters` pass, queued; returns (id, args)."""
        pid, args = self.propose(proposer, calls, text)
        self.vote(pid, voters)
        warp(self.g.proposalDeadline(pid) + 1)
        assert self.g.state(pid) == ProposalState.SUCCEEDED
        self.g.queue(*args, sender=proposer)
        warp(self.g.proposalEta(pid))
        return pid, args


# ---------------------------------------------------------- the timing floor


def test_timings_lowered_by_a_proposal__the_networks_floor_holds_for_the_coops_life(live):
    """broke (fixed). The factory refuses a co-op whose voting period or
    timelock delay is under the network's floor (a day each on a live
    network), so that one founder cannot pass and execute a proposal before
    the others can vote it down or veto it (test_attacks_factory.py). But
    the floor was checked at creation only: one proposal ("faster
    decisions", which the majority may well pass) set the voting period to
    one second, the voting delay and the timelock delay to zero, and from
    then on one founder of ten (quorum 10 %) proposed to expel the nine,
    voted, queued and executed in two seconds, as before the factory's fix.
    Rule: no group smaller than a majority takes over by timing; the
    floor holds for the co-op's whole life. Fix: the governor refuses a
    voting period, and the timelock a minimum delay, under the floor the
    factory gave them (`MIN_VOTING_PERIOD`, `MIN_DELAY`); the floor itself
    is accepted."""
    with boa.env.anchor():
        c = Coop(live, voting_delay=0, voting_period=DAY, timelock_delay=DAY, quorum_percent=10)
        g, t, m = c.g, c.t, c.m
        creator, others = c.founders[0], c.founders[1:]
        refused = []
        faster = [(g, "setVotingDelay", 0), (g, "setVotingPeriod", 1), (t, "update_delay", 0)]
        for k, call in enumerate(faster):
            _, args = c.pass_and_queue(creator, [call], f"faster decisions {k}", c.founders)
            try:
                g.execute(*args, sender=creator)
            except boa.BoaError:
                refused.append(call[1])

        # The attack the floor is for, at the fastest timings the co-op now has.
        pid, args = c.propose(creator, [(m, "expel", o) for o in others], "tidy the member list")
        c.vote(pid, [creator])
        react = block_time() + DAY // 2  # half a day later, the others read it
        if g.proposalDeadline(pid) >= react:
            warp(react)
            c.vote(pid, others, AGAINST)
        warp(g.proposalDeadline(pid) + 1)
        if g.state(pid) == ProposalState.SUCCEEDED:
            g.queue(*args, sender=creator)
            if g.proposalEta(pid) >= react:
                warp(react)
                for o in others:
                    if g.state(pid) == ProposalState.QUEUED:
                        g.veto(pid, sender=o)
            else:
                warp(g.proposalEta(pid))
                g.execute(*args, sender=creator)
        # The rule: one founder of ten does not expel the nine before they can react.
        assert all(m.is_member(o) for o in others), "one founder expelled the nine in seconds"
        assert g.state(pid) == ProposalState.DEFEATED
        # How it held: the co-op's timings never go under the network's floor...
        assert refused == ["setVotingPeriod", "update_delay"]
        assert (g.votingDelay(), g.votingPeriod(), t.get_minimum_delay()) == (0, DAY, DAY)
        # ... and the floor itself is a timing the co-op may choose.
        _, args = c.pass_and_queue(
            creator, [(g, "setVotingPeriod", DAY), (t, "update_delay", DAY)], "as fast as allowed", c.founders
        )
        g.execute(*args, sender=creator)


def test_floor_given_by_the_factory__every_coop_contract_knows_it(live):
    """held (with the fix above). The floor a co-op's governor and timelock
    enforce is the factory's for the network, and a throwaway test chain's
    stack (no floor) still lets a test pass proposals in seconds."""
    with boa.env.anchor():
        c = Coop(live, n=1)
        assert (c.g.MIN_VOTING_PERIOD(), c.t.MIN_DELAY()) == (DAY, DAY)
        local = Coop(deploy_stack(), n=1, voting_period=1, timelock_delay=0)
        assert (local.g.MIN_VOTING_PERIOD(), local.t.MIN_DELAY()) == (0, 0)
        with boa.env.prank(local.t.address):
            local.t.update_delay(0)
            local.g.setVotingPeriod(1)
        with boa.env.prank(c.t.address):
            with boa.reverts("timelock: delay below this network's minimum"):
                c.t.update_delay(DAY - 1)
            with boa.reverts("governor: voting period below this network's minimum"):
                c.g.setVotingPeriod(DAY - 1)


# ------------------------------------------- parameters that hand a minority a block


def test_veto_share_lowered_below_a_majority__a_minority_cannot_cancel_everything_for_good(live):
    """broke (fixed). The members pass "easier veto" (`set_veto_percent(20)`:
    more than 20 % of the members cancel a passed proposal), which reads as
    more protection. From then on the three colluders of ten cancel every
    proposal they dislike: the expulsion of one of them, and the proposal
    that would raise the share back, so the minority's block is for good.
    Rule: no group smaller than a majority blocks the others by any route.
    Fix: the veto share is 50..99 % (a veto needs more than half the
    members at the snapshot, a majority)."""
    with boa.env.anchor():
        c = Coop(live, voting_period=DAY, timelock_delay=DAY)
        g, m = c.g, c.m
        colluders, honest = c.founders[:3], c.founders[3:]
        _, args = c.pass_and_queue(honest[0], [(g, "set_veto_percent", 20)], "easier veto", c.founders)
        try:
            g.execute(*args, sender=honest[0])
        except boa.BoaError:
            pass

        calls = [[(m, "expel", colluders[0])], [(g, "set_veto_percent", 50)]]
        for k, call in enumerate(calls):
            pid, args = c.pass_and_queue(honest[0], call, f"the majority decides {k}", honest)
            for x in colluders:
                if m.is_member(x) and g.state(pid) == ProposalState.QUEUED:
                    g.veto(pid, sender=x)
            # The rule: three of ten do not cancel what the seven passed.
            assert g.state(pid) == ProposalState.QUEUED, "three of ten cancelled the majority's proposal"
            g.execute(*args, sender=honest[0])
        assert not m.is_member(colluders[0])
        assert g.veto_percent() == 50
        # Vetoes need a majority whatever the share (50..99).
        with boa.env.prank(c.t.address):
            for share in (0, 20, 49):
                with boa.reverts("governor: veto percent must be 50..99"):
                    g.set_veto_percent(share)
            g.set_veto_percent(99)
            g.set_veto_percent(50)


def test_quorum_raised_above_half__absent_members_cannot_block_for_good(live):
    """broke (fixed). The members pass "everyone decides" (quorum 100 %).
    From then on one member who stays away (a colluder, or a founder who
    lost its key) blocks every proposal, the one that would lower the
    quorum back and the one that would expel it included: the co-op is
    stuck for good. The same with any quorum above half: a minority that
    does not vote blocks. A creator could also found a co-op so (the
    factory took a quorum up to 100 %). Rule: no group smaller than a
    majority blocks the others by any route. Fix: the quorum is 1..50 %,
    in the governor and in the factory, so only a majority staying away
    leaves a proposal short of it."""
    with boa.env.anchor():
        c = Coop(live, voting_period=DAY, timelock_delay=DAY)
        g, m = c.g, c.m
        absent, present = c.founders[0], c.founders[1:]
        _, args = c.pass_and_queue(
            present[0], [(g, "updateQuorumNumerator", 100)], "everyone decides", c.founders
        )
        try:
            g.execute(*args, sender=present[0])
        except boa.BoaError:
            pass

        pid, args = c.propose(present[0], [(m, "expel", absent), (g, "updateQuorumNumerator", 25)], "move on")
        c.vote(pid, present)
        warp(g.proposalDeadline(pid) + 1)
        # The rule: nine of ten, all for, are not blocked by one who stays away.
        assert g.state(pid) == ProposalState.SUCCEEDED, "one absent member blocked nine"
        g.queue(*args, sender=present[0])
        warp(g.proposalEta(pid))
        g.execute(*args, sender=present[0])
        assert not m.is_member(absent)
        with boa.env.prank(c.t.address):
            with boa.reverts("governor: quorum numerator must be 1..50"):
                g.updateQuorumNumerator(51)
            g.updateQuorumNumerator(50)
        # Nor can a creator found a co-op whose absent minority blocks.
        creator = c.founders[1]
        for quorum, reason in ((51, "factory: quorum must be 1..50 percent"), (50, "")):
            config = coop_config(
                CoopParams(name=f"Quorum {quorum}", founders=c.founders, quorum_percent=quorum)
            )
            with boa.env.anchor(), boa.env.prank(creator):
                if reason:
                    with boa.reverts(reason):
                        live.factory.create_coop(config)
                else:
                    live.factory.create_coop(config)


# ------------------------------------------------------------------ proposal spam


def test_proposal_spam__one_open_proposal_per_member(live):
    """broke (fixed). Three colluders of ten (a quorum of 25 % is two votes)
    open proposals as fast as blocks come: every one of them to admit a
    friend. Each passes unless the majority votes it down in its voting
    period (or vetoes it afterwards), so the seven must answer every one
    of them, and a single one missed admits a sock; the colluders' cost
    is a transaction a proposal. Nothing bounded it: no threshold, no cap,
    no cost beyond gas. Rule: a minority cannot wear the majority down
    into passing what it would refuse (no group smaller than a majority
    grows its votes by any route). Fix: a member has at most one proposal
    open (Pending or Active) at a time, as in GovernorBravo: the next one
    after its deadline, or after cancelling it while Pending. A proposal
    holds up to ten calls, so one member's changes still go in one."""
    with boa.env.anchor():
        c = Coop(live, voting_period=DAY, timelock_delay=DAY)
        g, m = c.g, c.m
        colluders, honest = c.founders[:3], c.founders[3:]
        opened = {}
        for x in colluders:
            for k in range(10):
                sock = boa.env.generate_address(f"r4-spam-{x}-{k}")
                try:
                    pid, args = c.propose(x, [(m, "admit", sock)], f"admit our friend {k}")
                except boa.BoaError:
                    continue
                opened.setdefault(x, []).append((pid, args))
        # The rule: the majority answers at most one open proposal per member.
        assert sum(len(p) for p in opened.values()) <= len(colluders), (
            f"{sum(len(p) for p in opened.values())} open proposals from {len(colluders)} members"
        )
        # It costs the others nothing: the majority proposes meanwhile.
        pid, args = c.propose(honest[0], [(m, "expel", x) for x in colluders], "enough")
        with boa.reverts("governor: one open proposal per member; wait for its deadline or cancel it"):
            c.propose(honest[0], [(m, "expel", colluders[0])], "enough, again")
        # A colluder proposes again after cancelling its proposal, or once it closed.
        g.cancel(*opened[colluders[0]][0][1], sender=colluders[0])
        c.propose(colluders[0], [(m, "set_max_proxies", 8)], "bigger proxy blocs")
        c.vote(pid, honest)
        warp(g.proposalDeadline(opened[colluders[1]][0][0]) + 1)
        c.propose(colluders[1], [(m, "set_max_proxies", 8)], "bigger proxy blocs, again")
        # And the majority's proposal runs its course.
        warp(max(block_time(), g.proposalDeadline(pid) + 1))
        g.queue(*args, sender=honest[0])
        warp(g.proposalEta(pid))
        g.execute(*args, sender=honest[0])
        assert not any(m.is_member(x) for x in colluders)


# ------------------------------------------- a call the minority makes revert


def test_admit_of_an_applicant_the_minority_admitted_first__the_majoritys_proposal_still_runs(live):
    """broke (fixed). The majority bundles two things in one proposal: admit
    an applicant whose sponsored application is open, and expel a colluder.
    Once it passes, the colluders sponsor that applicant themselves (the
    co-op's rules: three sponsors, a one-day challenge window) and complete
    its admission in the block before the majority executes: `admit` of a
    member reverted ("already a member"), and with it every call of the
    proposal, so the colluder stayed, the majority had to start again (a
    voting period and a timelock delay more), and the colluders could do
    it again. Rule: no group smaller than a majority blocks the others by
    any route; a passed proposal cannot be made to fail by what a minority
    does meanwhile. Fix: `admit` of a member changes nothing (as `expel` of
    a non-member and `refuse_application` of a closed application)."""
    with boa.env.anchor():
        rules = AdmissionRules(min_tenure=0, challenge_window=DAY)
        c = Coop(live, voting_period=DAY, timelock_delay=DAY, admission=rules)
        g, m = c.g, c.m
        colluders, honest = c.founders[:3], c.founders[3:]
        applicant = boa.env.generate_address("r4-applicant")
        m.apply_for_membership(sender=applicant)
        pid, args = c.propose(
            honest[0], [(m, "admit", applicant), (m, "expel", colluders[0])], "welcome, and goodbye"
        )
        c.vote(pid, honest)
        warp(g.proposalDeadline(pid) + 1)
        g.queue(*args, sender=honest[0])
        for x in colluders:
            m.sponsor(applicant, sender=x)
        warp(g.proposalEta(pid))
        m.complete_admission(applicant, sender=colluders[1])
        g.execute(*args, sender=honest[0])
        # The rule: the majority's decision ran, whatever the colluders did meanwhile.
        assert g.state(pid) == ProposalState.EXECUTED
        assert m.is_member(applicant) and not m.is_member(colluders[0])
        assert m.totalSupply() == 10
