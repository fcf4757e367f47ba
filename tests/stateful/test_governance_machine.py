"""Stateful property test of Membership + CoopGovernor + the timelock (titanoboa).

Random sequences of joining (a governance admit; the sponsored route: apply,
sponsor, object, complete, refuse, withdraw), leaving (resign; expel, also of
non-members), delegate, delegate by signature, propose (with and without the
`#proposer=` suffix, also by someone it does not name), vote, vote by
signature (valid and every kind of invalid), queue, execute (through the
governor; directly on the timelock, which must fail), cancel, veto, quorum
changes, exact warps to a proposal's deadline and time travel, checked
against an independent Python model. After every step:

- membership: balanceOf(a) <= 1; totalSupply == members == sum of votes;
  one member, one vote; proxies only among members; applications, sponsors
  and objections as the model says;
- a member proposes only while it has no proposal open (Pending or Active;
  a cancelled one is closed);
- per proposal: snapshot, deadline and proposer never change; tallies equal
  the sum of counted votes; nobody is counted twice on any path; every weight
  counted is the voter's power in the model at the snapshot, a voter that
  left or re-joined after the snapshot cannot vote, and a member whose proxy
  left after the snapshot without voting votes its own vote;
- executed implies quorum (at the snapshot, with the numerator then in
  force), for > against and no veto; a vetoed proposal never executes;
- a proposal's calls run together or not at all; nobody but the governor
  executes on the timelock;
- every bad EIP-712 signature (other chain, other contract, used nonce,
  high-s, wrong signer, expired) is refused and changes nothing; each
  accepted one, and each direct `delegate`, consumes exactly one nonce;
- a passed proposal not queued within `GRACE_PERIOD` of its deadline, or
  not executed within it of its eta, is Expired and never runs; only
  members since a proposal's snapshot veto it; a scheduled admission
  lapses `ADMISSION_GRACE` after its challenge window;
- capture: members the machine tracks as colluders (two founders, and every
  applicant that only colluders sponsored) never gain votes faster than the
  admission rules allow: their sponsorships never exceed `sponsor_limit` per
  `sponsor_period` from `min_tenure` after joining, and every admission they
  alone sponsored took `sponsors_needed` of those sponsorships and waited out
  the challenge window.
"""

from __future__ import annotations

import math

import boa
from eth_account import Account
from eth_utils import keccak
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
)

from harvest_coop.core.constants import ProposalState
from harvest_coop.core.eip712 import ballot_digest, delegation_digest, domain_separator
from harvest_coop.core.params import DAY, AdmissionRules, CoopParams
from harvest_coop.testing.boa import create_coop, deploy_stack, layout_slot, mapping_slot, read_slot
from harvest_coop.testing.keys import anvil_key, malleate, sign_digest

ZERO = "0x0000000000000000000000000000000000000000"
N_ACCOUNTS = 8
N_FOUNDERS = 5
VOTING_DELAY = 2
VOTING_PERIOD = 40
TIMELOCK_DELAY = 5
QUORUM = 25
MAX_PROXIES = 2
VETO_PERCENT = 50
GRACE_PERIOD = 7 * DAY  # CoopGovernor.GRACE_PERIOD
ADMISSION_GRACE = 7 * DAY  # Membership.ADMISSION_GRACE
RULES = AdmissionRules(
    sponsors_needed=2,
    sponsors_percent=30,
    objections_needed=2,
    objections_percent=20,
    sponsor_limit=2,
    sponsor_period=DAY,
    min_tenure=30,
    challenge_window=20,
)
FULL_CHECK_EVERY = 25

KEYS = [anvil_key(i) for i in range(N_ACCOUNTS)]
ACCOUNTS = [Account.from_key(k).address for k in KEYS]
COLLUDERS = ACCOUNTS[:2]

# Deployed once; every example runs inside a boa anchor and is rolled back.
COOP = create_coop(
    deploy_stack(),
    ACCOUNTS[0],
    CoopParams(
        name="Machine Coop",
        symbol="MC",
        founders=ACCOUNTS[:N_FOUNDERS],
        voting_delay=VOTING_DELAY,
        voting_period=VOTING_PERIOD,
        quorum_percent=QUORUM,
        timelock_delay=TIMELOCK_DELAY,
        admission=RULES,
        max_proxies=MAX_PROXIES,
    ),
)
TIMELOCK, MEMBERSHIP, GOVERNOR = COOP["TimelockController"], COOP["Membership"], COOP["CoopGovernor"]
assert (GOVERNOR.GRACE_PERIOD(), MEMBERSHIP.ADMISSION_GRACE()) == (GRACE_PERIOD, ADMISSION_GRACE)
DEPLOYED_AT = boa.env.evm.patch.timestamp
OTHER_CONTRACT = MEMBERSHIP.address
CHAIN_ID = GOVERNOR.eip712Domain()[3]
SEPARATOR = domain_separator("Machine Coop Governor", "1", CHAIN_ID, GOVERNOR.address)
MEMBERSHIP_SEPARATOR = domain_separator("Machine Coop", "1", CHAIN_ID, MEMBERSHIP.address)

account_idx = st.integers(min_value=0, max_value=N_ACCOUNTS - 1)

# Storage reads for the per-step checks (a view call costs ~2 ms in py-evm;
# the views themselves are checked at the end of every example). Layouts as
# documented in Membership.vy and CoopGovernor.vy.
ACCOUNTS_SLOT = layout_slot(MEMBERSHIP, "_accounts")
DELEGATEE_SLOT = layout_slot(MEMBERSHIP, "_delegatee")
APPLICATIONS_SLOT = layout_slot(MEMBERSHIP, "_applications")
VOTED_SLOT = layout_slot(GOVERNOR, "_voted")
M32, M48, M64 = 2**32 - 1, 2**48 - 1, 2**64 - 1


def account_word(a: str) -> int:
    return read_slot(MEMBERSHIP, mapping_slot(ACCOUNTS_SLOT, a))


def stored_delegate(a: str) -> str:
    record = read_slot(MEMBERSHIP, mapping_slot(DELEGATEE_SLOT, a))
    if record == 0 or record >> 208:
        return a
    return "0x" + (record & (2**160 - 1)).to_bytes(20, "big").hex()


def stored_application(a: str) -> tuple[bool, int, int, int, bool, int]:
    word = read_slot(MEMBERSHIP, mapping_slot(APPLICATIONS_SLOT, a))
    return (
        bool(word >> 96 & 1),
        word & M64,
        word >> 64 & M32,
        word >> 98 & M32,
        bool(word >> 97 & 1),
        word >> 130 & M48,
    )


def stored_has_voted(pid: int, a: str) -> bool:
    member_id = account_word(a) >> 112 & M48
    if member_id == 0:
        return False
    return bool(read_slot(GOVERNOR, mapping_slot(VOTED_SLOT, pid, member_id >> 8)) >> (member_id & 255) & 1)


def share(members: int, fixed: int, percent: int) -> int:
    return max(fixed, math.ceil(members * percent / 100))


def objections_needed(members: int) -> int:
    """What the rules ask, but never more than a majority of the members."""
    return min(share(members, RULES.objections_needed, RULES.objections_percent), members // 2 + 1)


class Proposal:
    def __init__(self, pid, args, snapshot, deadline, proposer, action):
        self.pid = pid
        self.args = args  # (targets, values, calldatas, description_hash)
        self.snapshot = snapshot
        self.deadline = deadline
        self.proposer = proposer
        self.action = action  # ("admit" | "expel", account) or ("max_proxies", n)
        self.tally = [0, 0, 0]
        self.voters: set[str] = set()
        self.vetoers: set[str] = set()
        self.canceled = False
        self.queued = False
        self.eta = 0
        self.executed = False


class Application:
    def __init__(self, round_: int) -> None:
        self.round = round_
        self.open = True
        self.sponsors: set[str] = set()
        self.objectors: set[str] = set()
        self.scheduled = False
        self.admit_after = 0


class GovernanceMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self._anchor = boa.env.anchor()
        self._anchor.__enter__()
        self.members: set[str] = set(ACCOUNTS[:N_FOUNDERS])
        self.joined_at = {a: DEPLOYED_AT for a in ACCOUNTS[:N_FOUNDERS]}
        self.lent: dict[str, tuple[str, int]] = {}  # giver -> (holder, lent_at), only non-self
        self.orphaned: dict[str, tuple[str, int, int]] = {}  # giver -> (holder, lent_at, left_at)
        self.expelled: set[str] = set()
        self.applications: dict[str, Application] = {}
        self.rounds: dict[str, int] = {}
        self.sponsoring: dict[str, tuple[int, int]] = {}  # member -> (period start, used)
        self.max_proxies = MAX_PROXIES
        # (timestamp, {account: votes}, member count), appended after every change.
        self.history: list[tuple[int, dict[str, int], int]] = [
            (self.now(), self.votes_now(), len(self.members))
        ]
        self.quorum_history: list[tuple[int, int]] = [(DEPLOYED_AT, QUORUM)]
        self.proposals: list[Proposal] = []
        self.nonces = {a: 0 for a in ACCOUNTS}
        self.counter = 0
        self.steps = 0
        self.dirty_accounts: set[str] = set()
        self.dirty_proposal: Proposal | None = None
        # Capture bookkeeping.
        self.colluders: set[str] = set(COLLUDERS)
        self.colluder_eligible = {c: DEPLOYED_AT + RULES.min_tenure for c in COLLUDERS}
        self.colluder_sponsorships = 0
        self.colluder_admissions = 0

    def teardown(self) -> None:
        try:
            self.full_check(views=True)
        finally:
            self._anchor.__exit__(None, None, None)

    # ----------------------------------------------------------- model helpers

    @staticmethod
    def now() -> int:
        return boa.env.evm.patch.timestamp

    def votes_now(self) -> dict[str, int]:
        votes = {a: 0 for a in ACCOUNTS}
        for m in self.members:
            votes[self.lent[m][0] if m in self.lent else m] += 1
        return votes

    def record(self) -> None:
        entry = (self.now(), self.votes_now(), len(self.members))
        if self.history and self.history[-1][0] == entry[0]:
            self.history[-1] = entry
        else:
            self.history.append(entry)

    def at(self, timepoint: int) -> tuple[dict[str, int], int]:
        votes, count = {a: 0 for a in ACCOUNTS}, 0
        for ts, v, c in self.history:
            if ts <= timepoint:
                votes, count = v, c
        return votes, count

    def quorum_at(self, timepoint: int) -> int:
        numerator = self.quorum_history[0][1]
        for ts, q in self.quorum_history:
            if ts <= timepoint:
                numerator = q
        return numerator

    def join(self, account: str) -> None:
        self.touch(account)
        self.members.add(account)
        self.joined_at[account] = self.now()
        self.expelled.discard(account)
        self.orphaned.pop(account, None)
        if account in self.applications:
            self.applications[account].open = False
        self.record()

    def leave(self, account: str, expelled: bool) -> None:
        holder = self.lent.get(account, (account, 0))[0]
        givers = [g for g, (h, _) in self.lent.items() if h == account]
        self.touch(account, holder, *givers)
        self.members.discard(account)
        self.lent.pop(account, None)
        self.orphaned.pop(account, None)
        for giver in givers:
            _, lent_at = self.lent.pop(giver)
            self.orphaned[giver] = (account, lent_at, self.now())
        if expelled:
            self.expelled.add(account)
        self.record()

    def proxies(self, holder: str) -> int:
        return sum(1 for h, _ in self.lent.values() if h == holder)

    def current_delegate(self, account: str) -> str:
        return self.lent[account][0] if account in self.lent else account

    def open_application(self, account: str) -> Application | None:
        app = self.applications.get(account)
        return app if app is not None and app.open else None

    # ------------------------------------------------------------- joining

    @rule(who=account_idx)
    def admit_by_timelock(self, who: int) -> None:
        a = ACCOUNTS[who]
        if a in self.members:
            MEMBERSHIP.admit(a, sender=TIMELOCK.address)  # a member already: nothing changes
            return
        MEMBERSHIP.admit(a, sender=TIMELOCK.address)
        self.join(a)

    @rule(who=account_idx)
    def admit_by_outsider_refused(self, who: int) -> None:
        with boa.reverts("membership: only the timelock (a passed proposal)"):
            MEMBERSHIP.admit(ACCOUNTS[who], sender=ACCOUNTS[who])

    @rule(who=account_idx)
    def apply(self, who: int) -> None:
        a = ACCOUNTS[who]
        if a in self.members or a in self.expelled or self.open_application(a):
            with boa.reverts():
                MEMBERSHIP.apply_for_membership(sender=a)
            return
        MEMBERSHIP.apply_for_membership(sender=a)
        self.rounds[a] = self.rounds.get(a, 0) + 1
        self.applications[a] = Application(self.rounds[a])
        self.touch(a)

    @rule(who=account_idx)
    def withdraw_application(self, who: int) -> None:
        a = ACCOUNTS[who]
        app = self.open_application(a)
        if app is None:
            with boa.reverts("membership: no open application"):
                MEMBERSHIP.withdraw_application(sender=a)
            return
        MEMBERSHIP.withdraw_application(sender=a)
        app.open = False
        self.touch(a)

    def _quota_after(self, member: str) -> tuple[int, int] | None:
        start, used = self.sponsoring.get(member, (0, 0))
        if self.now() >= start + RULES.sponsor_period:
            start, used = self.now(), 0
        if used >= RULES.sponsor_limit:
            return None
        return start, used + 1

    @rule(sponsor=account_idx, applicant=account_idx)
    def sponsor(self, sponsor: int, applicant: int) -> None:
        s, a = ACCOUNTS[sponsor], ACCOUNTS[applicant]
        app = self.open_application(a)
        quota = self._quota_after(s)
        ok = (
            s in self.members
            and self.joined_at[s] + RULES.min_tenure <= self.now()
            and app is not None
            and not app.scheduled
            and s not in app.sponsors | app.objectors
            and quota is not None
        )
        if not ok:
            with boa.reverts():
                MEMBERSHIP.sponsor(a, sender=s)
            return
        MEMBERSHIP.sponsor(a, sender=s)
        assert app is not None and quota is not None
        self.sponsoring[s] = quota
        app.sponsors.add(s)
        if s in self.colluders:
            self.colluder_sponsorships += 1
        self.touch(a)
        if len(app.sponsors) >= share(len(self.members), RULES.sponsors_needed, RULES.sponsors_percent):
            app.scheduled = True
            app.admit_after = self.now() + RULES.challenge_window

    @rule(member=account_idx, applicant=account_idx)
    def object_to(self, member: int, applicant: int) -> None:
        o, a = ACCOUNTS[member], ACCOUNTS[applicant]
        app = self.open_application(a)
        ok = (
            o in self.members
            and app is not None
            and (not app.scheduled or self.now() < app.admit_after)
            and o not in app.sponsors | app.objectors
        )
        if not ok:
            with boa.reverts():
                MEMBERSHIP.object_to(a, sender=o)
            return
        MEMBERSHIP.object_to(a, sender=o)
        assert app is not None
        app.objectors.add(o)
        self.touch(a)
        if len(app.objectors) >= objections_needed(len(self.members)):
            app.open = False

    @rule(applicant=account_idx, caller=account_idx)
    def complete_admission(self, applicant: int, caller: int) -> None:
        a = ACCOUNTS[applicant]
        app = self.open_application(a)
        if (
            app is None
            or not app.scheduled
            or self.now() < app.admit_after
            or self.now() > app.admit_after + ADMISSION_GRACE
        ):
            with boa.reverts():
                MEMBERSHIP.complete_admission(a, sender=ACCOUNTS[caller])
            return
        MEMBERSHIP.complete_admission(a, sender=ACCOUNTS[caller])
        assert self.now() >= app.admit_after
        if app.sponsors <= self.colluders:
            # Admitted by colluders alone: a new colluder, tenure from now.
            self.colluder_admissions += 1
            self.colluders.add(a)
            self.colluder_eligible.setdefault(a, self.now() + RULES.min_tenure)
        self.join(a)

    @rule(applicant=account_idx)
    def refuse_application(self, applicant: int) -> None:
        a = ACCOUNTS[applicant]
        MEMBERSHIP.refuse_application(a, sender=TIMELOCK.address)  # never reverts
        app = self.open_application(a)
        if app is not None:
            app.open = False
        self.touch(a)

    # ------------------------------------------------------------- leaving

    @rule(who=account_idx)
    def resign(self, who: int) -> None:
        a = ACCOUNTS[who]
        if a not in self.members:
            with boa.reverts("membership: not a member"):
                MEMBERSHIP.resign(sender=a)
            return
        MEMBERSHIP.resign(sender=a)
        self.leave(a, expelled=False)

    def _expel(self, a: str) -> None:
        if a in self.members:
            self.leave(a, expelled=True)
        else:
            self.expelled.add(a)
            self.touch(a)
        app = self.open_application(a)
        if app is not None:
            app.open = False

    @rule(who=account_idx)
    def expel(self, who: int) -> None:
        a = ACCOUNTS[who]
        MEMBERSHIP.expel(a, sender=TIMELOCK.address)  # never reverts, member or not
        self._expel(a)

    # ----------------------------------------------------------- delegating

    def _delegated(self, g: str, h: str) -> None:
        current = self.current_delegate(g)
        self.touch(g, h, current)
        if h == current:
            return
        if h == g:
            self.lent.pop(g, None)
        else:
            self.lent[g] = (h, self.now())
            self.orphaned.pop(g, None)
        self.record()

    def _may_delegate(self, g: str, h: str) -> bool:
        current = self.current_delegate(g)
        return (
            g in self.members
            and h in self.members
            and (h == g or h == current or self.proxies(h) < self.max_proxies)
        )

    @rule(giver=account_idx, holder=account_idx)
    def delegate(self, giver: int, holder: int) -> None:
        g, h = ACCOUNTS[giver], ACCOUNTS[holder]
        if not self._may_delegate(g, h):
            with boa.reverts():
                MEMBERSHIP.delegate(h, sender=g)
            return
        MEMBERSHIP.delegate(h, sender=g)
        self.nonces[g] += 1  # a direct choice retires any signature not used yet
        self._delegated(g, h)

    @rule(
        giver=account_idx,
        holder=account_idx,
        flaw=st.sampled_from(
            ["none", "chain", "contract", "used_nonce", "high_s", "wrong_signer", "expired"]
        ),
        relayer=account_idx,
    )
    def delegate_by_sig(self, giver: int, holder: int, flaw: str, relayer: int) -> None:
        """`delegateBySig` names no signer: the signature speaks for whoever
        signed it. "wrong_signer" signs with another account's key over the
        giver's nonce, so it must act for that account or not at all."""
        g, h = ACCOUNTS[giver], ACCOUNTS[holder]
        nonce, key = self.nonces[g], KEYS[giver]
        separator = MEMBERSHIP_SEPARATOR
        expiry = self.now() + 100
        if flaw == "chain":
            separator = domain_separator("Machine Coop", "1", CHAIN_ID + 1, MEMBERSHIP.address)
        elif flaw == "contract":
            separator = domain_separator("Machine Coop", "1", CHAIN_ID, GOVERNOR.address)
        elif flaw == "used_nonce":
            if nonce == 0:
                return
            nonce -= 1
        elif flaw == "wrong_signer":
            other = (giver + 1) % N_ACCOUNTS
            key, g = KEYS[other], ACCOUNTS[other]
        elif flaw == "expired":
            expiry = self.now() - 1
        sig = sign_digest(delegation_digest(separator, h, nonce, expiry), key)
        if flaw == "high_s":
            sig = malleate(sig)
        ok = flaw in ("none", "wrong_signer") and nonce == self.nonces[g] and self._may_delegate(g, h)
        args = (h, nonce, expiry, sig[64], sig[:32], sig[32:64])
        if not ok:
            with boa.reverts():
                MEMBERSHIP.delegateBySig(*args, sender=ACCOUNTS[relayer])
            return
        MEMBERSHIP.delegateBySig(*args, sender=ACCOUNTS[relayer])
        self.nonces[g] += 1
        self._delegated(g, h)

    # ------------------------------------------------------------ proposing

    @rule(
        proposer=account_idx,
        who=account_idx,
        kind=st.sampled_from(["admit", "expel", "max_proxies"]),
        n=st.integers(0, 8),
        suffix=st.sampled_from(["none", "own", "other"]),
    )
    def propose(self, proposer: int, who: int, kind: str, n: int, suffix: str) -> None:
        p = ACCOUNTS[proposer]
        self.counter += 1
        if kind in ("admit", "expel"):
            calldata = getattr(MEMBERSHIP, kind).prepare_calldata(ACCOUNTS[who])
            action = (kind, ACCOUNTS[who])
        else:
            calldata = MEMBERSHIP.set_max_proxies.prepare_calldata(n)
            action = ("max_proxies", n)
        description = f"proposal {self.counter}"
        named = p
        if suffix == "own":
            description += f" #proposer={p}"
        elif suffix == "other":
            named = ACCOUNTS[who]
            description += f" #proposer={named.lower()}"
        args = ([MEMBERSHIP.address], [0], [calldata], keccak(text=description))
        if p not in self.members:
            with boa.reverts("governor: only members propose"):
                GOVERNOR.propose(*args[:3], description, sender=p)
            return
        if named != p:
            with boa.reverts("governor: the description's #proposer= suffix names another proposer"):
                GOVERNOR.propose(*args[:3], description, sender=p)
            return
        if any(q.proposer == p and not q.canceled and self.now() <= q.deadline for q in self.proposals):
            # One open (Pending or Active) proposal per member.
            with boa.reverts("governor: one open proposal per member; wait for its deadline or cancel it"):
                GOVERNOR.propose(*args[:3], description, sender=p)
            return
        pid = GOVERNOR.propose(*args[:3], description, sender=p)
        assert pid == GOVERNOR.hashProposal(*args)
        now = self.now()
        self.proposals.append(
            Proposal(pid, args, now + VOTING_DELAY, now + VOTING_DELAY + VOTING_PERIOD, p, action)
        )

    # --------------------------------------------------------------- voting

    def _open(self, prop: Proposal) -> bool:
        now = self.now()
        return not prop.canceled and not prop.executed and prop.snapshot < now <= prop.deadline

    def _expect_vote(self, prop: Proposal, voter: str) -> int | None:
        """The weight the vote must count, or None if it must be refused."""
        if not self._open(prop) or voter in prop.voters:
            return None
        if voter not in self.members or self.joined_at[voter] > prop.snapshot:
            return None
        weight = self.at(prop.snapshot)[0][voter]
        if voter in self.orphaned:
            holder, lent_at, left_at = self.orphaned[voter]
            if lent_at <= prop.snapshot < left_at and holder not in prop.voters:
                weight += 1
        return weight or None

    def _count(self, prop: Proposal, voter: str, support: int, weight: int) -> None:
        self.dirty_proposal = prop
        assert GOVERNOR.hasVoted(prop.pid, voter)
        prop.tally[support] += weight
        prop.voters.add(voter)

    @precondition(lambda self: self.proposals)
    @rule(data=st.data(), voter=account_idx, support=st.integers(0, 3))
    def vote(self, data, voter: int, support: int) -> None:
        prop = data.draw(st.sampled_from(self.proposals))
        v = ACCOUNTS[voter]
        expected = self._expect_vote(prop, v)
        if expected is None or support > 2:
            with boa.reverts():
                GOVERNOR.castVote(prop.pid, support, sender=v)
            return
        assert GOVERNOR.castVote(prop.pid, support, sender=v) == expected
        self._count(prop, v, support, expected)

    @precondition(lambda self: self.proposals)
    @rule(
        data=st.data(),
        voter=account_idx,
        support=st.integers(0, 2),
        flaw=st.sampled_from(["none", "chain", "contract", "used_nonce", "high_s", "wrong_signer"]),
        relayer=account_idx,
    )
    def vote_by_sig(self, data, voter: int, support: int, flaw: str, relayer: int) -> None:
        prop = data.draw(st.sampled_from(self.proposals))
        v = ACCOUNTS[voter]
        nonce = self.nonces[v]
        chain_id, contract, key = CHAIN_ID, GOVERNOR.address, KEYS[voter]
        if flaw == "chain":
            chain_id += 1
        elif flaw == "contract":
            contract = OTHER_CONTRACT
        elif flaw == "used_nonce":
            if nonce == 0:
                return
            nonce -= 1
        elif flaw == "wrong_signer":
            key = KEYS[(voter + 1) % N_ACCOUNTS]
        separator = (
            SEPARATOR
            if (chain_id, contract) == (CHAIN_ID, GOVERNOR.address)
            else domain_separator("Machine Coop Governor", "1", chain_id, contract)
        )
        sig = sign_digest(ballot_digest(separator, prop.pid, support, v, nonce), key)
        if flaw == "high_s":
            sig = malleate(sig)
        expected = self._expect_vote(prop, v)
        if flaw != "none" or expected is None:
            with boa.reverts():
                GOVERNOR.castVoteBySig(prop.pid, support, v, sig, sender=ACCOUNTS[relayer])
            return
        assert GOVERNOR.castVoteBySig(prop.pid, support, v, sig, sender=ACCOUNTS[relayer]) == expected
        self.nonces[v] += 1
        self._count(prop, v, support, expected)

    # --------------------------------------------- queue, execute, cancel, veto

    def _succeeded(self, prop: Proposal) -> bool:
        members_at_snapshot = self.at(prop.snapshot)[1]
        quorum = members_at_snapshot * self.quorum_at(prop.snapshot) // 100
        against, for_, abstain = prop.tally
        return for_ > against and for_ + abstain >= quorum

    def _expired(self, prop: Proposal) -> bool:
        """Passed but left too long: not queued within `GRACE_PERIOD` of its
        deadline, or not executed within it of its eta."""
        return self.now() > (prop.eta if prop.queued else prop.deadline) + GRACE_PERIOD

    def _passed(self, prop: Proposal) -> bool:
        """Succeeded or Queued: passed, not cancelled, not executed, not expired."""
        return (
            not prop.canceled
            and not prop.executed
            and self.now() > prop.deadline
            and self._succeeded(prop)
            and not self._expired(prop)
        )

    @precondition(lambda self: self.proposals)
    @rule(data=st.data())
    def queue(self, data) -> None:
        prop = data.draw(st.sampled_from(self.proposals))
        if not self._passed(prop) or prop.queued:
            with boa.reverts():
                GOVERNOR.queue(*prop.args, sender=ACCOUNTS[0])
            return
        GOVERNOR.queue(*prop.args, sender=ACCOUNTS[0])
        prop.queued = True
        prop.eta = self.now() + TIMELOCK_DELAY
        assert GOVERNOR.proposalEta(prop.pid) == prop.eta

    @precondition(lambda self: self.proposals)
    @rule(data=st.data(), executor=account_idx)
    def execute(self, data, executor: int) -> None:
        prop = data.draw(st.sampled_from(self.proposals))
        kind, arg = prop.action
        ok = prop.queued and self._passed(prop) and self.now() >= prop.eta
        if not ok:
            with boa.reverts():
                GOVERNOR.execute(*prop.args, sender=ACCOUNTS[executor])
            return
        # Executed implies quorum and success, judged by the model.
        assert self._succeeded(prop) and not prop.canceled
        GOVERNOR.execute(*prop.args, sender=ACCOUNTS[executor])
        assert GOVERNOR.state(prop.pid) == ProposalState.EXECUTED
        prop.executed = True
        if kind == "admit":
            # Membership.admit leaves a member as it is (admitted by its
            # sponsors while the proposal waited, or a member all along), so
            # the proposal cannot get stuck on it.
            if arg not in self.members:
                self.join(arg)
        elif kind == "expel":
            self._expel(arg)
        else:
            self.max_proxies = arg

    @precondition(lambda self: any(p.queued for p in self.proposals))
    @rule(data=st.data(), executor=account_idx)
    def execute_on_timelock_directly(self, data, executor: int) -> None:
        """Nobody but the governor executes on the timelock, ready or not."""
        prop = data.draw(st.sampled_from([p for p in self.proposals if p.queued]))
        targets, values, calldatas, _ = prop.args
        salt = (prop.pid ^ (int(GOVERNOR.address, 16) << 96)).to_bytes(32, "big")
        with boa.reverts("access_control: account is missing role"):
            TIMELOCK.execute(
                targets[0], values[0], calldatas[0], b"\x00" * 32, salt, sender=ACCOUNTS[executor]
            )

    @precondition(lambda self: self.proposals)
    @rule(data=st.data(), caller=account_idx)
    def cancel(self, data, caller: int) -> None:
        prop = data.draw(st.sampled_from(self.proposals))
        c = ACCOUNTS[caller]
        ok = c == prop.proposer and not prop.canceled and self.now() <= prop.snapshot
        if not ok:
            with boa.reverts():
                GOVERNOR.cancel(*prop.args, sender=c)
            return
        GOVERNOR.cancel(*prop.args, sender=c)
        prop.canceled = True

    @precondition(lambda self: self.proposals)
    @rule(data=st.data(), member=account_idx)
    def veto(self, data, member: int) -> None:
        prop = data.draw(st.sampled_from(self.proposals))
        v = ACCOUNTS[member]
        since_snapshot = v in self.members and self.joined_at[v] <= prop.snapshot
        if not self._passed(prop) or not since_snapshot or v in prop.vetoers:
            with boa.reverts():
                GOVERNOR.veto(prop.pid, sender=v)
            return
        assert GOVERNOR.veto(prop.pid, sender=v) == len(prop.vetoers) + 1
        prop.vetoers.add(v)
        needed = self.at(prop.snapshot)[1] * VETO_PERCENT // 100 + 1
        if len(prop.vetoers) >= needed:
            prop.canceled = True
        self.dirty_proposal = prop

    # ----------------------------------------------------------------- time

    @rule(seconds=st.sampled_from([1, 2, 3, 5, 10, 20, 45, 3_600, DAY, GRACE_PERIOD]))
    def advance_time(self, seconds: int) -> None:
        boa.env.time_travel(seconds=seconds)

    @precondition(lambda self: self.proposals)
    @rule(data=st.data(), offset=st.sampled_from([-1, 0, 1]))
    def warp_to_deadline(self, data, offset: int) -> None:
        """Land exactly on a deadline's edges: voting is open at the deadline
        and closed one second after (checked by the vote rules' model)."""
        prop = data.draw(st.sampled_from(self.proposals))
        target = prop.deadline + offset
        if target > self.now():
            boa.env.time_travel(seconds=target - self.now())
            assert GOVERNOR.state(prop.pid) == self._expected_state(prop)

    @rule(numerator=st.integers(1, 50))
    def change_quorum(self, numerator: int) -> None:
        GOVERNOR.updateQuorumNumerator(numerator, sender=TIMELOCK.address)
        if self.quorum_history[-1][0] == self.now():
            self.quorum_history[-1] = (self.now(), numerator)
        else:
            self.quorum_history.append((self.now(), numerator))
        assert GOVERNOR.quorumNumerator(self.now()) == numerator

    # ------------------------------------------------------------- invariants
    #
    # py-evm executes a view call in ~0.2 ms, so reading every account and
    # proposal after every step would cost more than the steps. Each step
    # marks what it touched; the invariants check those after every step
    # (a touched proposal through its views too), everything from storage
    # every FULL_CHECK_EVERY steps, and everything through every view too at
    # the end of each example (a third of the machine's time when it ran
    # every FULL_CHECK_EVERY steps).

    def touch(self, *accounts: str) -> None:
        self.dirty_accounts.update(accounts)

    def check_accounts(self, accounts, views: bool = False) -> None:
        """Each account as the model says, read from storage; with `views`,
        also through every public view."""
        model_votes = self.votes_now()
        for a in accounts:
            member = a in self.members
            expected_delegate = self.current_delegate(a) if member else ZERO
            word = account_word(a)
            assert bool(word >> 160 & 1) == member
            assert word >> 48 & M32 == model_votes[a]
            assert bool(word >> 161 & 1) == (a in self.expelled)
            if member:
                assert stored_delegate(a).lower() == expected_delegate.lower()
            app = self.applications.get(a)
            expected_app = None
            if app is not None:
                expected_app = (app.open, app.round)
                if app.open:
                    expected_app += (len(app.sponsors), len(app.objectors), app.scheduled)
                    if app.scheduled:
                        expected_app += (app.admit_after,)
            onchain = stored_application(a)
            if expected_app is None:
                assert not onchain[0]
            else:
                assert onchain[: len(expected_app)] == expected_app
            if views:
                assert MEMBERSHIP.balanceOf(a) == (1 if member else 0)
                assert MEMBERSHIP.getVotes(a) == model_votes[a]
                assert MEMBERSHIP.delegates(a) == expected_delegate
                assert MEMBERSHIP.is_expelled(a) == (a in self.expelled)
                assert tuple(MEMBERSHIP.application(a)) == onchain

    def _expected_state(self, prop: Proposal) -> ProposalState:
        now = self.now()
        if prop.executed:
            return ProposalState.EXECUTED
        if prop.canceled:
            return ProposalState.CANCELED
        if now <= prop.snapshot:
            return ProposalState.PENDING
        if now <= prop.deadline:
            return ProposalState.ACTIVE
        if not self._succeeded(prop):
            return ProposalState.DEFEATED
        if self._expired(prop):
            return ProposalState.EXPIRED
        return ProposalState.QUEUED if prop.queued else ProposalState.SUCCEEDED

    def check_proposal(self, prop: Proposal) -> None:
        assert GOVERNOR.proposalSnapshot(prop.pid) == prop.snapshot
        assert GOVERNOR.proposalDeadline(prop.pid) == prop.deadline
        assert GOVERNOR.proposalProposer(prop.pid) == prop.proposer
        against, for_, abstain = GOVERNOR.proposalVotes(prop.pid)
        assert [against, for_, abstain] == prop.tally
        assert GOVERNOR.state(prop.pid) == self._expected_state(prop)
        assert GOVERNOR.vetoes(prop.pid)[0] == len(prop.vetoers)

    def check_capture(self) -> None:
        """Colluders gain votes no faster than the admission rules allow."""
        now = self.now()
        budget = 0
        for eligible in self.colluder_eligible.values():
            if now >= eligible:
                periods = (now - eligible) // RULES.sponsor_period + 1
                budget += RULES.sponsor_limit * periods
        assert self.colluder_sponsorships <= budget
        assert self.colluder_admissions * RULES.sponsors_needed <= self.colluder_sponsorships

    def full_check(self, views: bool) -> None:
        self.check_accounts(ACCOUNTS, views)
        assert sum(account_word(a) >> 48 & M32 for a in ACCOUNTS) == len(self.members)
        # One nonce sequence per account, consumed only by accepted signatures.
        for a in ACCOUNTS:
            assert account_word(a) >> 211 == self.nonces[a]
            if views:
                assert GOVERNOR.nonces(a) == self.nonces[a]
        for prop in self.proposals:
            self.check_proposal(prop)
            for a in ACCOUNTS:
                assert stored_has_voted(prop.pid, a) == (a in prop.voters)
            if views:
                assert [GOVERNOR.hasVoted(prop.pid, a) for a in ACCOUNTS] == [
                    a in prop.voters for a in ACCOUNTS
                ]

    @invariant()
    def model_holds(self) -> None:
        self.steps += 1
        # totalSupply == members, and no balance above one, after every step.
        assert MEMBERSHIP.totalSupply() == len(self.members)
        self.check_capture()
        if self.steps % FULL_CHECK_EVERY == 0:
            self.full_check(views=False)
        else:
            self.check_accounts(self.dirty_accounts)
            if self.dirty_proposal is not None:
                self.check_proposal(self.dirty_proposal)
        self.dirty_accounts = set()
        self.dirty_proposal = None


TestGovernance = GovernanceMachine.TestCase
