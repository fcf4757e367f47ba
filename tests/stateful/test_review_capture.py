"""Capture attacks from the attacker's side (review of Membership, CoopGovernor
and the timelock), on a co-op made by the factory with the default
parameters (harvest_coop.core.params) unless a test says otherwise.

Each test is written as the attack; its assertions state the rule the attack
tries to break (DESIGN.md: no group smaller than a majority can grow its
votes or block the others by any route). A test that fails shows the rule
broken.
"""

from __future__ import annotations

import boa
from eth_utils import keccak

from harvest_coop.core.constants import ProposalState, VoteSupport
from harvest_coop.core.params import DAY, AdmissionRules, CoopParams
from harvest_coop.core.proposals import with_proposer
from harvest_coop.testing.boa import create_coop, deploy_stack

FOR, AGAINST = VoteSupport.FOR, VoteSupport.AGAINST
RULES = (
    AdmissionRules()
)  # the defaults: 3 sponsors (30%), 3 objections (20%), 1 per 30 days, 90-day tenure, 7-day window


def _now() -> int:
    return boa.env.evm.patch.timestamp


def _warp(timestamp: int) -> None:
    if timestamp > _now():
        boa.env.time_travel(seconds=timestamp - _now())


class Coop:
    def __init__(self, n_founders: int = 10, founders=None, **params) -> None:
        self.founders = founders or [boa.env.generate_address(f"rc-founder{i}") for i in range(n_founders)]
        coop = create_coop(
            deploy_stack(),
            self.founders[0],
            CoopParams(name="Review Coop", founders=self.founders, **params),
        )
        self.m, self.g, self.t = coop["Membership"], coop["CoopGovernor"], coop["TimelockController"]
        self.counter = 0

    def proposal(self, proposer, calls, text: str):
        description = with_proposer(text, proposer)
        targets = [c[0].address for c in calls]
        calldatas = [getattr(c[0], c[1]).prepare_calldata(*c[2:]) for c in calls]
        args = (targets, [0] * len(calls), calldatas, keccak(text=description))
        pid = self.g.propose(targets, [0] * len(calls), calldatas, description, sender=proposer)
        return pid, args

    def schedule_sock(self, sponsors) -> str:
        """An applicant sponsored by `sponsors` up to its scheduled admission."""
        self.counter += 1
        sock = boa.env.generate_address(f"rc-sock{self.counter}")
        self.m.apply_for_membership(sender=sock)
        for s in sponsors:
            self.m.sponsor(sock, sender=s)
        assert self.m.application(sock).scheduled
        return sock


def test_exploit__hidden_reserve_admissions__minority_vetoes_the_majoritys_proposal():
    """Three colluders of ten keep sponsored admissions "in reserve": scheduled
    and past their challenge window, but not completed (`complete_admission`
    has no deadline and anyone may call it whenever they like). The honest
    seven propose to expel a colluder. Right after the snapshot the colluders
    complete their reserves: the new members cannot vote on the proposal, but
    `veto` admits any member now, against a threshold taken from the members
    at the snapshot. Six vetoes of thirteen members (a minority: the honest
    seven are the majority, and voted for) cancel the passed proposal."""
    with boa.env.anchor():
        c = Coop()
        m, g = c.m, c.g
        colluders, honest = c.founders[:3], c.founders[3:]

        # Days 90, 120, 150: one sock per sponsor period, as fast as the rules allow.
        reserves = []
        _warp(m.can_sponsor_at(colluders[0]))
        for _ in range(3):
            _warp(max(m.can_sponsor_at(x) for x in colluders))
            reserves.append(c.schedule_sock(colluders))
        _warp(max(m.application(s).admit_after for s in reserves))
        # Nobody objected in the window; it is over. The colluders just wait.
        assert m.totalSupply() == 10

        pid, args = c.proposal(honest[0], [(m, "expel", colluders[0])], "expel a colluder")
        _warp(g.proposalSnapshot(pid) + 1)
        for s in reserves:  # after the snapshot: not counted in the veto bar
            m.complete_admission(s, sender=colluders[0])
        for h in honest:
            g.castVote(pid, FOR, sender=h)
        for x in colluders:
            g.castVote(pid, AGAINST, sender=x)
        _warp(g.proposalDeadline(pid) + 1)
        assert g.state(pid) == ProposalState.SUCCEEDED  # 7 for, 3 against
        g.queue(*args, sender=honest[0])

        vetoers = colluders + reserves
        for v in vetoers:
            g.veto(pid, sender=v)
        members = m.totalSupply()
        assert members == 13 and 2 * len(vetoers) < members  # a minority of the members now
        # The rule: a minority cannot block a proposal the majority passed.
        assert g.state(pid) == ProposalState.QUEUED, (
            f"{len(vetoers)} of {members} members (3 of 10 at the snapshot) vetoed the majority's proposal"
        )


def test_exploit__stale_succeeded_proposal__queued_after_the_coop_shrank__cannot_be_vetoed():
    """Two colluders of ten pass a thin proposal (quorum 25%: two votes) to
    admit a sock and do NOT queue it: a Succeeded proposal never expires.
    Months later three honest members have moved away and resigned (seven
    left: two colluders, five honest). The colluders queue it now. The veto
    bar is still "more than half of the ten members at the snapshot" (six),
    which the five honest members, a clear majority of the co-op, cannot
    reach: the minority's decision executes against the majority."""
    with boa.env.anchor():
        c = Coop()
        m, g = c.m, c.g
        colluders, honest = c.founders[:2], c.founders[2:]
        sock = boa.env.generate_address("rc-stale-sock")
        pid, args = c.proposal(colluders[0], [(m, "admit", sock)], "admit our friend")
        _warp(g.proposalSnapshot(pid) + 1)
        for x in colluders:
            g.castVote(pid, FOR, sender=x)
        _warp(g.proposalDeadline(pid) + 1)
        assert g.state(pid) == ProposalState.SUCCEEDED

        _warp(_now() + 180 * DAY)
        for h in honest[:3]:
            m.resign(sender=h)
        remaining_honest = honest[3:]
        assert m.totalSupply() == 7 and len(remaining_honest) == 5

        g.queue(*args, sender=colluders[0])
        for h in remaining_honest:
            g.veto(pid, sender=h)
        bar = g.vetoes(pid)[1]
        if g.state(pid) == ProposalState.QUEUED:
            _warp(g.proposalEta(pid))
            g.execute(*args, sender=colluders[0])
        # The rule: the majority (5 of 7) can stop what a minority (2) passed.
        assert not m.is_member(sock), (
            f"5 of 7 members vetoed, the bar was still {bar} (members at a snapshot 180 days old): the sock is in"
        )


# ------------------------------------------------------------ attacks that held


def test_held__veto_twice_by_resigning_and_rejoining__one_member_one_veto():
    """A colluder vetoes, resigns, comes back through the sponsored route and
    vetoes again: the permanent member id keeps it to one veto."""
    with boa.env.anchor():
        c = Coop(n_founders=10, admission=AdmissionRules(min_tenure=0, challenge_window=DAY))
        m, g = c.m, c.g
        pid, args = c.proposal(c.founders[0], [(m, "set_max_proxies", 3)], "more proxies")
        _warp(g.proposalSnapshot(pid) + 1)
        g.castVote(pid, FOR, sender=c.founders[0])
        g.castVote(pid, FOR, sender=c.founders[1])  # quorum: 25% of 10
        _warp(g.proposalDeadline(pid) + 1)
        assert g.state(pid) == ProposalState.SUCCEEDED
        g.veto(pid, sender=c.founders[9])
        m.resign(sender=c.founders[9])
        m.apply_for_membership(sender=c.founders[9])
        for s in c.founders[2:5]:
            m.sponsor(c.founders[9], sender=s)
        _warp(m.application(c.founders[9]).admit_after)
        m.complete_admission(c.founders[9], sender=c.founders[9])
        with boa.reverts("governor: already vetoed"):
            g.veto(pid, sender=c.founders[9])
        assert g.vetoes(pid)[0] == 1


def test_held__expelling_a_mutual_proxy_pair__never_reverts_and_votes_stay_one_per_member():
    """Two colluders lend their votes to each other (a cycle) and each holds
    the vote of a third, hoping `_leave` trips on its own bookkeeping and the
    expulsion proposal can never execute. It executes; votes stay one per
    member."""
    with boa.env.anchor():
        c = Coop(n_founders=6, max_proxies=2)
        m = c.m
        a, b, x, y = c.founders[:4]
        m.delegate(b, sender=a)
        m.delegate(a, sender=b)
        m.delegate(a, sender=x)
        m.delegate(b, sender=y)
        with boa.env.prank(c.t.address):
            m.expel(a)
        assert not m.is_member(a)
        assert m.getVotes(a) == 0
        assert sum(m.getVotes(f) for f in c.founders) == m.totalSupply() == 5
        with boa.env.prank(c.t.address):
            m.expel(b)
        assert sum(m.getVotes(f) for f in c.founders) == m.totalSupply() == 4
        assert m.delegates(x) == x and m.delegates(y) == y


def test_exploit__withheld_delegation_signature__revives_a_revoked_proxy_before_a_snapshot():
    """A member signs a `Delegation` to a colluder (gasless, through a relayer
    the colluder runs), sees it not applied and delegates elsewhere directly
    (to itself). A direct `delegate` does not consume the EIP-712 nonce and
    there is no way to burn one short of signing again, so the withheld
    signature stays valid until its expiry: the colluder submits it right
    before the snapshot of a proposal it cares about and votes the member's
    vote, which the member had taken back."""
    from eth_account import Account

    from harvest_coop.core.eip712 import delegation_digest, domain_separator
    from harvest_coop.testing.keys import anvil_key, sign_digest

    with boa.env.anchor():
        keys = [anvil_key(i) for i in range(6)]
        founders = [Account.from_key(k).address for k in keys]
        c = Coop(founders=founders)
        m, g = c.m, c.g
        member, colluder = founders[5], founders[0]
        domain = m.eip712Domain()
        separator = domain_separator(domain[1], domain[2], domain[3], m.address)
        expiry = _now() + 365 * DAY
        sig = sign_digest(delegation_digest(separator, colluder, m.nonces(member), expiry), keys[5])
        # Withheld. The member changes its mind the only way it has.
        m.delegate(founders[4], sender=member)
        m.delegate(member, sender=member)
        assert m.delegates(member) == member

        _warp(_now() + 100 * DAY)
        pid, _ = c.proposal(colluder, [(m, "set_max_proxies", 8)], "bigger proxy blocs")
        m.delegateBySig(colluder, 0, expiry, sig[64], sig[:32], sig[32:64], sender=colluder)
        _warp(g.proposalSnapshot(pid) + 1)
        weight = g.castVote(pid, FOR, sender=colluder)
        # The rule: a vote the member took back is not voted by someone else.
        assert weight == 1, f"the colluder voted {weight} votes: the member's revoked delegation came back"


def test_exploit__hidden_reserves_dodge_the_growing_sponsor_bar__colluders_take_a_majority():
    """The sponsors an applicant needs grow with the members (30%), but only
    members count: admissions scheduled and past their window but not yet
    completed do not. Three colluders of ten therefore never complete a sock:
    the bar stays at three, and they schedule one sock every sponsor period
    (day 90, 120, ..., 210). Had they completed each one, the bar would
    have risen to four at the first one, and they would have had to wait for
    their socks' 90-day tenure (five votes of twelve at day 217). On day 217
    they propose, complete all five socks in the same block (before the
    snapshot) and hold eight votes of fifteen: the proposal passes and the
    seven honest members cannot veto it. (Honest members passive on
    applications, as in test_capture_scenario's first test.)"""
    with boa.env.anchor():
        c = Coop()
        m, g = c.m, c.g
        colluders, honest = list(c.founders[:3]), c.founders[3:]
        reserves = []
        for _ in range(5):
            _warp(max(m.can_sponsor_at(x) for x in colluders))
            assert m.sponsors_needed() == 3
            reserves.append(c.schedule_sock(colluders))
        _warp(m.application(reserves[-1]).admit_after)
        start = m.joined_at(colluders[0])

        loose = AdmissionRules(
            sponsors_needed=1,
            sponsors_percent=0,
            objections_needed=65_535,
            objections_percent=100,
            sponsor_limit=65_535,
            sponsor_period=DAY,
            min_tenure=0,
            challenge_window=0,
        )
        pid, args = c.proposal(
            colluders[0], [(m, "set_admission_rules", loose.as_tuple())], "simpler admission"
        )
        for s in reserves:
            m.complete_admission(s, sender=colluders[0])
        colluders += reserves
        _warp(g.proposalSnapshot(pid) + 1)
        snapshot = g.proposalSnapshot(pid)
        held = sum(m.getPastVotes(x, snapshot) for x in colluders)
        total = m.getPastTotalSupply(snapshot)
        for x in colluders:
            g.castVote(pid, FOR, sender=x)
        for h in honest:
            g.castVote(pid, AGAINST, sender=h)
        _warp(g.proposalDeadline(pid) + 1)
        g.queue(*args, sender=colluders[0])
        for h in honest:
            g.veto(pid, sender=h)
        if g.state(pid) == ProposalState.QUEUED:
            _warp(g.proposalEta(pid))
            g.execute(*args, sender=colluders[0])
        # The rule: colluders add votes only at the rate the admission rules allow (never a majority alone).
        assert 2 * held < total, (
            f"day {(snapshot - start) // DAY}: colluders held {held} of {total} votes at the snapshot; "
            f"their proposal is {ProposalState(g.state(pid)).name}, the honest veto could not stop it"
        )
