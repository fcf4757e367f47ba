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
from harvest_coop.testing.boa import block_time, create_coop, deploy_stack, warp

FOR, AGAINST = VoteSupport.FOR, VoteSupport.AGAINST
RULES = (
    AdmissionRules()
)  # the defaults: 3 sponsors (30%), 3 objections (20%), 1 per 30 days, 90-day tenure, 7-day window


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


def test_held__reserve_admissions_lapse__they_cannot_be_completed_months_later():
    """Three colluders of ten keep sponsored admissions "in reserve":
    scheduled, past their challenge window, not completed, to complete them
    all at once when it suits them (to veto, or to vote). A scheduled
    admission lapses `ADMISSION_GRACE` after its window: the reserves of
    days 90 and 120 are gone by day 150, and only the latest one can be
    completed."""
    with boa.env.anchor():
        c = Coop()
        m = c.m
        colluders = c.founders[:3]
        reserves = []
        for _ in range(3):  # days 90, 120, 150: one sock per sponsor period
            warp(max(m.can_sponsor_at(x) for x in colluders))
            reserves.append(c.schedule_sock(colluders))
        warp(m.application(reserves[-1]).admit_after)
        for old in reserves[:-1]:
            assert block_time() > m.application(old).admit_after + m.ADMISSION_GRACE()
            with boa.reverts("membership: admission lapsed; withdraw and apply again"):
                m.complete_admission(old, sender=colluders[0])
        m.complete_admission(reserves[-1], sender=colluders[0])
        assert m.totalSupply() == 11
        # a lapsed applicant starts again: withdraw, apply, sponsors, window
        m.withdraw_application(sender=reserves[0])
        m.apply_for_membership(sender=reserves[0])
        assert not m.application(reserves[0]).scheduled


def test_held__members_admitted_after_the_snapshot__cannot_veto():
    """The honest seven of ten propose to expel a colluder. Right after the
    snapshot the colluders complete an admission they had scheduled (inside
    its grace period) and the newcomer tries to veto beside them: the veto
    threshold counts the members at the snapshot, so only they veto (as
    only they vote)."""
    with boa.env.anchor():
        c = Coop()
        m, g = c.m, c.g
        colluders, honest = c.founders[:3], c.founders[3:]
        warp(max(m.can_sponsor_at(x) for x in colluders))
        sock = c.schedule_sock(colluders)
        warp(m.application(sock).admit_after)

        pid, args = c.proposal(honest[0], [(m, "expel", colluders[0])], "expel a colluder")
        warp(g.proposalSnapshot(pid) + 1)
        m.complete_admission(sock, sender=colluders[0])
        for h in honest:
            g.castVote(pid, FOR, sender=h)
        for x in colluders:
            g.castVote(pid, AGAINST, sender=x)
        warp(g.proposalDeadline(pid) + 1)
        g.queue(*args, sender=honest[0])
        for x in colluders:
            g.veto(pid, sender=x)
        with boa.reverts("governor: only members since the proposal's snapshot veto"):
            g.veto(pid, sender=sock)
        assert g.vetoes(pid) == (3, 6)
        assert g.state(pid) == ProposalState.QUEUED
        warp(g.proposalEta(pid))
        g.execute(*args, sender=honest[0])
        assert not m.is_member(colluders[0])


def test_held__a_passed_proposal_kept_back__expires_before_the_coop_changes():
    """Two colluders of ten pass a thin proposal (quorum 25%: two votes) to
    admit a sock and keep it back, to queue it months later when members
    have left and the veto bar, counted at the snapshot, is out of the
    majority's reach. A passed proposal not queued within `GRACE_PERIOD` of
    its deadline is Expired; one queued and not executed within
    `GRACE_PERIOD` of its eta too."""
    with boa.env.anchor():
        c = Coop()
        m, g = c.m, c.g
        colluders = c.founders[:2]
        grace = g.GRACE_PERIOD()
        kept, queued = [], []
        for proposer, label, bucket in (
            (colluders[0], "kept back", kept),
            (colluders[1], "queued, never run", queued),
        ):
            sock = boa.env.generate_address(f"rc-stale-{label}")
            pid, args = c.proposal(proposer, [(m, "admit", sock)], f"admit our friend ({label})")
            bucket.extend([pid, args, sock])
        for pid in (kept[0], queued[0]):
            warp(g.proposalSnapshot(pid) + 1)
            for x in colluders:
                g.castVote(pid, FOR, sender=x)
        warp(max(g.proposalDeadline(kept[0]), g.proposalDeadline(queued[0])) + 1)
        g.queue(*queued[1], sender=colluders[0])

        warp(g.proposalDeadline(kept[0]) + grace)
        assert g.state(kept[0]) == ProposalState.SUCCEEDED  # the last second it can be queued
        warp(g.proposalDeadline(kept[0]) + grace + 1)
        assert g.state(kept[0]) == ProposalState.EXPIRED
        with boa.reverts("governor: proposal has not succeeded"):
            g.queue(*kept[1], sender=colluders[0])

        warp(g.proposalEta(queued[0]) + grace)
        assert g.state(queued[0]) == ProposalState.QUEUED
        warp(g.proposalEta(queued[0]) + grace + 1)
        assert g.state(queued[0]) == ProposalState.EXPIRED
        with boa.reverts("governor: proposal is not queued"):
            g.execute(*queued[1], sender=colluders[0])
        with boa.reverts("governor: only a passed, unexecuted proposal can be vetoed"):
            g.veto(queued[0], sender=c.founders[5])
        assert not m.is_member(kept[2]) and not m.is_member(queued[2])


# ------------------------------------------------------------ attacks that held


def test_held__veto_twice_by_resigning_and_rejoining__one_member_one_veto():
    """A colluder vetoes, resigns, comes back through the sponsored route and
    vetoes again: it has not been a member since the snapshot (and its
    permanent member id has vetoed already): one veto."""
    with boa.env.anchor():
        c = Coop(n_founders=10, admission=AdmissionRules(min_tenure=0, challenge_window=DAY))
        m, g = c.m, c.g
        pid, args = c.proposal(c.founders[0], [(m, "set_max_proxies", 3)], "more proxies")
        warp(g.proposalSnapshot(pid) + 1)
        g.castVote(pid, FOR, sender=c.founders[0])
        g.castVote(pid, FOR, sender=c.founders[1])  # quorum: 25% of 10
        warp(g.proposalDeadline(pid) + 1)
        assert g.state(pid) == ProposalState.SUCCEEDED
        g.veto(pid, sender=c.founders[9])
        m.resign(sender=c.founders[9])
        m.apply_for_membership(sender=c.founders[9])
        for s in c.founders[2:5]:
            m.sponsor(c.founders[9], sender=s)
        warp(m.application(c.founders[9]).admit_after)
        m.complete_admission(c.founders[9], sender=c.founders[9])
        # a member again, but not since the snapshot (and its id vetoed already)
        with boa.reverts("governor: only members since the proposal's snapshot veto"):
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


def test_held__a_withheld_delegation_signature__is_retired_by_a_direct_delegate():
    """A member signs a `Delegation` to a colluder (gasless, through a relayer
    the colluder runs), sees it not applied and takes its vote back directly.
    The colluder holds the signature back, to submit it right before the
    snapshot of a proposal it cares about. A direct `delegate` uses up the
    signer's nonce, so the withheld signature no longer applies."""
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
        expiry = block_time() + 365 * DAY
        sig = sign_digest(delegation_digest(separator, colluder, m.nonces(member), expiry), keys[5])
        # Withheld. The member changes its mind the only way it has.
        m.delegate(founders[4], sender=member)
        m.delegate(member, sender=member)
        assert m.delegates(member) == member

        warp(block_time() + 100 * DAY)
        pid, _ = c.proposal(colluder, [(m, "set_max_proxies", 8)], "bigger proxy blocs")
        assert m.nonces(member) == 2  # one per direct choice
        with boa.reverts("membership: invalid nonce"):
            m.delegateBySig(colluder, 0, expiry, sig[64], sig[:32], sig[32:64], sender=colluder)
        warp(g.proposalSnapshot(pid) + 1)
        # The rule: a vote the member took back is not voted by someone else.
        assert g.castVote(pid, FOR, sender=colluder) == 1
        assert g.castVote(pid, AGAINST, sender=member) == 1


def test_held__reserves_cannot_dodge_the_growing_sponsor_bar__colluders_stay_a_minority():
    """The sponsors an applicant needs grow with the members (30%), and only
    members count. Three colluders of ten schedule a sock every sponsor
    period (day 90, 120, ..., 210) and complete none, so the bar stays at
    three, planning to complete all five in the block they propose, before
    its snapshot, and outvote the seven honest members (8 of 15). The
    reserves lapse `ADMISSION_GRACE` after their windows: on day 217 only
    the latest can be completed, and the colluders hold 4 votes of 11.
    (Honest members passive on applications, as in test_attacks_capture_scenario's
    first test.)"""
    with boa.env.anchor():
        c = Coop()
        m, g = c.m, c.g
        colluders, honest = list(c.founders[:3]), c.founders[3:]
        reserves = []
        for _ in range(5):
            warp(max(m.can_sponsor_at(x) for x in colluders))
            assert m.sponsors_needed() == 3
            reserves.append(c.schedule_sock(colluders))
        warp(m.application(reserves[-1]).admit_after)

        loose = AdmissionRules(sponsors_needed=1, sponsors_percent=0, min_tenure=0, challenge_window=0)
        pid, args = c.proposal(
            colluders[0], [(m, "set_admission_rules", loose.as_tuple())], "simpler admission"
        )
        completed = []
        for s in reserves:
            try:
                m.complete_admission(s, sender=colluders[0])
                completed.append(s)
            except boa.BoaError:
                assert not m.is_member(s)
        assert completed == reserves[-1:]
        colluders += completed
        warp(g.proposalSnapshot(pid) + 1)
        snapshot = g.proposalSnapshot(pid)
        held = sum(m.getPastVotes(x, snapshot) for x in colluders)
        total = m.getPastTotalSupply(snapshot)
        assert (held, total) == (4, 11)
        for x in colluders:
            g.castVote(pid, FOR, sender=x)
        for h in honest:
            g.castVote(pid, AGAINST, sender=h)
        warp(g.proposalDeadline(pid) + 1)
        # The rule: colluders add votes only at the rate the admission rules allow (never a majority alone).
        assert g.state(pid) == ProposalState.DEFEATED
