"""Stateful property test of Membership + CoopGovernor + the timelock (titanoboa).

Random sequences of join (by proposal-less timelock admit and by sponsors),
resign, expel, delegate, delegate by signature, propose, vote, vote by
signature (valid and every kind of invalid), queue, execute, cancel and time
travel, checked against an independent Python model:

- membership: balanceOf(a) <= 1; totalSupply == members == sum of votes;
- votes: one member one vote, proxies only among members;
- per proposal: snapshot, deadline and proposer never change; tallies equal
  the sum of counted votes; nobody is counted twice on any path; every weight
  counted equals the voter's power in the model at the snapshot;
- executed implies quorum (at the snapshot) and for > against;
- every bad EIP-712 signature, ballot or delegation (other chain, other
  contract, used nonce, high-s, wrong signer, expired) is refused and
  changes nothing; each accepted one consumes exactly one nonce.
"""

from __future__ import annotations

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

from harvest_coop.signing import (
    anvil_key,
    ballot_digest,
    delegation_digest,
    domain_separator,
    malleate,
    sign_digest,
)

ZERO = "0x0000000000000000000000000000000000000000"
N_ACCOUNTS = 8
N_FOUNDERS = 4
VOTING_DELAY = 2
VOTING_PERIOD = 40
TIMELOCK_DELAY = 5
QUORUM = 25
MAX_PROXIES = 2
SPONSORS = 2
FULL_CHECK_EVERY = 25

KEYS = [anvil_key(i) for i in range(N_ACCOUNTS)]
ACCOUNTS = [Account.from_key(k).address for k in KEYS]

# Deployed once; every example runs inside a boa anchor and is rolled back.
TIMELOCK = boa.load("contracts/TimelockController.vy", TIMELOCK_DELAY, [], [ZERO], boa.env.eoa)
MEMBERSHIP = boa.load(
    "contracts/Membership.vy",
    "Machine Coop",
    "MC",
    TIMELOCK.address,
    ACCOUNTS[:N_FOUNDERS],
    SPONSORS,
    MAX_PROXIES,
)
GOVERNOR = boa.load(
    "contracts/CoopGovernor.vy",
    "Machine Gov",
    MEMBERSHIP.address,
    TIMELOCK.address,
    VOTING_DELAY,
    VOTING_PERIOD,
    QUORUM,
)
MEMBERSHIP.set_governor(GOVERNOR.address)
TIMELOCK.grantRole(keccak(text="PROPOSER_ROLE"), GOVERNOR.address)
TIMELOCK.grantRole(keccak(text="CANCELLER_ROLE"), GOVERNOR.address)
TIMELOCK.renounceRole(b"\x00" * 32, boa.env.eoa)
OTHER_CONTRACT = MEMBERSHIP.address
CHAIN_ID = GOVERNOR.eip712Domain()[3]
SEPARATOR = domain_separator("Machine Gov", "1", CHAIN_ID, GOVERNOR.address)
MEMBERSHIP_SEPARATOR = domain_separator("Machine Coop", "1", CHAIN_ID, MEMBERSHIP.address)

account_idx = st.integers(min_value=0, max_value=N_ACCOUNTS - 1)


class Proposal:
    def __init__(self, pid, args, snapshot, deadline, proposer, action):
        self.pid = pid
        self.args = args  # (targets, values, calldatas, description_hash)
        self.snapshot = snapshot
        self.deadline = deadline
        self.proposer = proposer
        self.action = action  # ("admit", account) or ("max_proxies", n)
        self.tally = [0, 0, 0]
        self.voters: set[str] = set()
        self.canceled = False
        self.queued = False
        self.eta = 0
        self.executed = False


class GovernanceMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self._anchor = boa.env.anchor()
        self._anchor.__enter__()
        self.members: set[str] = set(ACCOUNTS[:N_FOUNDERS])
        self.delegate_of: dict[str, str] = {}  # giver -> holder (only non-self)
        self.expelled: set[str] = set()
        self.applications: dict[str, set[str]] = {}
        self.max_proxies = MAX_PROXIES
        # (timestamp, {account: votes}, member count), appended after every change.
        self.history: list[tuple[int, dict[str, int], int]] = [
            (self.now(), self.votes_now(), len(self.members))
        ]
        self.proposals: list[Proposal] = []
        self.nonces = {a: 0 for a in ACCOUNTS}
        self.counter = 0
        self.steps = 0
        self.dirty_accounts: set[str] = set()
        self.dirty_proposal: Proposal | None = None

    def teardown(self) -> None:
        try:
            self.full_check(who_voted=True)
        finally:
            self._anchor.__exit__(None, None, None)

    # ----------------------------------------------------------- model helpers

    @staticmethod
    def now() -> int:
        return boa.env.evm.patch.timestamp

    def votes_now(self) -> dict[str, int]:
        votes = {a: 0 for a in ACCOUNTS}
        for m in self.members:
            votes[self.delegate_of.get(m, m)] += 1
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

    def join(self, account: str) -> None:
        self.touch(account)
        self.members.add(account)
        self.expelled.discard(account)
        self.applications.pop(account, None)
        self.record()

    def leave(self, account: str, expelled: bool) -> None:
        self.touch(account, self.delegate_of.get(account, account))
        self.touch(*[g for g, h in self.delegate_of.items() if h == account])
        self.members.discard(account)
        self.delegate_of.pop(account, None)
        for giver, holder in list(self.delegate_of.items()):
            if holder == account:
                del self.delegate_of[giver]
        if expelled:
            self.expelled.add(account)
        self.record()

    def proxies(self, holder: str) -> int:
        return sum(1 for h in self.delegate_of.values() if h == holder)

    # ---------------------------------------------------------------- rules

    @rule(who=account_idx)
    def admit_by_timelock(self, who: int) -> None:
        a = ACCOUNTS[who]
        if a in self.members:
            with boa.reverts("membership: already a member"):
                MEMBERSHIP.admit(a, sender=TIMELOCK.address)
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
        if a in self.members or a in self.expelled or a in self.applications:
            with boa.reverts():
                MEMBERSHIP.apply_for_membership(sender=a)
            return
        MEMBERSHIP.apply_for_membership(sender=a)
        self.applications[a] = set()

    @rule(sponsor=account_idx, applicant=account_idx)
    def sponsor(self, sponsor: int, applicant: int) -> None:
        s, a = ACCOUNTS[sponsor], ACCOUNTS[applicant]
        ok = s in self.members and a in self.applications and s not in self.applications[a]
        if not ok:
            with boa.reverts():
                MEMBERSHIP.sponsor(a, sender=s)
            return
        MEMBERSHIP.sponsor(a, sender=s)
        self.applications[a].add(s)
        if len(self.applications[a]) >= SPONSORS:
            self.join(a)

    @rule(who=account_idx)
    def resign(self, who: int) -> None:
        a = ACCOUNTS[who]
        if a not in self.members:
            with boa.reverts("membership: not a member"):
                MEMBERSHIP.resign(sender=a)
            return
        MEMBERSHIP.resign(sender=a)
        self.leave(a, expelled=False)

    @rule(who=account_idx)
    def expel(self, who: int) -> None:
        a = ACCOUNTS[who]
        if a not in self.members:
            with boa.reverts("membership: not a member"):
                MEMBERSHIP.expel(a, sender=TIMELOCK.address)
            return
        MEMBERSHIP.expel(a, sender=TIMELOCK.address)
        self.leave(a, expelled=True)

    @rule(giver=account_idx, holder=account_idx)
    def delegate(self, giver: int, holder: int) -> None:
        g, h = ACCOUNTS[giver], ACCOUNTS[holder]
        current = self.delegate_of.get(g, g)
        ok = (
            g in self.members
            and h in self.members
            and (h == g or h == current or self.proxies(h) < self.max_proxies)
        )
        if not ok:
            with boa.reverts():
                MEMBERSHIP.delegate(h, sender=g)
            return
        MEMBERSHIP.delegate(h, sender=g)
        self.touch(g, h, current)
        if h == g:
            self.delegate_of.pop(g, None)
        else:
            self.delegate_of[g] = h
        self.record()

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
        current = self.delegate_of.get(g, g)
        ok = (
            flaw in ("none", "wrong_signer")
            and nonce == self.nonces[g]
            and g in self.members
            and h in self.members
            and (h == g or h == current or self.proxies(h) < self.max_proxies)
        )
        args = (h, nonce, expiry, sig[64], sig[:32], sig[32:64])
        if not ok:
            with boa.reverts():
                MEMBERSHIP.delegateBySig(*args, sender=ACCOUNTS[relayer])
            return
        MEMBERSHIP.delegateBySig(*args, sender=ACCOUNTS[relayer])
        self.nonces[g] += 1
        self.touch(g, h, current)
        if h == g:
            self.delegate_of.pop(g, None)
        else:
            self.delegate_of[g] = h
        self.record()

    @rule(
        proposer=account_idx,
        who=account_idx,
        kind=st.sampled_from(["admit", "max_proxies"]),
        n=st.integers(0, 8),
    )
    def propose(self, proposer: int, who: int, kind: str, n: int) -> None:
        p = ACCOUNTS[proposer]
        self.counter += 1
        if kind == "admit":
            calldata = MEMBERSHIP.admit.prepare_calldata(ACCOUNTS[who])
            action = ("admit", ACCOUNTS[who])
        else:
            calldata = MEMBERSHIP.set_max_proxies.prepare_calldata(n)
            action = ("max_proxies", n)
        description = f"proposal {self.counter}"
        args = ([MEMBERSHIP.address], [0], [calldata], keccak(text=description))
        if p not in self.members:
            with boa.reverts("governor: only members propose"):
                GOVERNOR.propose(*args[:3], description, sender=p)
            return
        pid = GOVERNOR.propose(*args[:3], description, sender=p)
        assert pid == GOVERNOR.hashProposal(*args)
        now = self.now()
        self.proposals.append(
            Proposal(pid, args, now + VOTING_DELAY, now + VOTING_DELAY + VOTING_PERIOD, p, action)
        )

    def _open(self, prop: Proposal) -> bool:
        now = self.now()
        return not prop.canceled and not prop.executed and prop.snapshot < now <= prop.deadline

    def _expect_vote(self, prop: Proposal, voter: str) -> int | None:
        """The weight the vote must count, or None if it must be refused."""
        if not self._open(prop) or voter in prop.voters:
            return None
        weight = self.at(prop.snapshot)[0][voter]
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
            else domain_separator("Machine Gov", "1", chain_id, contract)
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

    def _succeeded(self, prop: Proposal) -> bool:
        members_at_snapshot = self.at(prop.snapshot)[1]
        quorum = members_at_snapshot * QUORUM // 100
        against, for_, abstain = prop.tally
        return for_ > against and for_ + abstain >= quorum

    @precondition(lambda self: self.proposals)
    @rule(data=st.data())
    def queue(self, data) -> None:
        prop = data.draw(st.sampled_from(self.proposals))
        ok = (
            not prop.canceled
            and not prop.queued
            and not prop.executed
            and self.now() > prop.deadline
            and self._succeeded(prop)
        )
        if not ok:
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
        action_ok = kind != "admit" or arg not in self.members
        ok = prop.queued and not prop.executed and self.now() >= prop.eta and action_ok
        if not ok:
            with boa.reverts():
                GOVERNOR.execute(*prop.args, sender=ACCOUNTS[executor])
            return
        # Executed implies quorum and success, judged by the model.
        assert self._succeeded(prop)
        GOVERNOR.execute(*prop.args, sender=ACCOUNTS[executor])
        prop.executed = True
        if kind == "admit":
            self.join(arg)
        else:
            self.max_proxies = arg

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

    @rule(seconds=st.sampled_from([1, 2, 3, 5, 10, 20, 45]))
    def advance_time(self, seconds: int) -> None:
        boa.env.time_travel(seconds=seconds)

    # ------------------------------------------------------------- invariants
    #
    # py-evm executes a view call in ~0.2 ms, so reading every account and
    # proposal after every step would cost more than the steps. Each step
    # marks what it touched; the invariants check those after every step and
    # everything every FULL_CHECK_EVERY steps and at the end of each example.

    def touch(self, *accounts: str) -> None:
        self.dirty_accounts.update(accounts)

    def check_accounts(self, accounts) -> None:
        model_votes = self.votes_now()
        for a in accounts:
            assert MEMBERSHIP.balanceOf(a) == (1 if a in self.members else 0)
            assert MEMBERSHIP.getVotes(a) == model_votes[a]
            expected_delegate = self.delegate_of.get(a, a) if a in self.members else ZERO
            assert MEMBERSHIP.delegates(a) == expected_delegate

    def check_proposal(self, prop: Proposal) -> None:
        assert GOVERNOR.proposalSnapshot(prop.pid) == prop.snapshot
        assert GOVERNOR.proposalDeadline(prop.pid) == prop.deadline
        assert GOVERNOR.proposalProposer(prop.pid) == prop.proposer
        against, for_, abstain = GOVERNOR.proposalVotes(prop.pid)
        assert [against, for_, abstain] == prop.tally
        state = GOVERNOR.state(prop.pid)
        if prop.executed:
            assert state == 7
        elif prop.canceled:
            assert state == 2
        elif prop.queued:
            assert state == 5

    def full_check(self, who_voted: bool = False) -> None:
        self.check_accounts(ACCOUNTS)
        assert sum(MEMBERSHIP.getVotes(a) for a in ACCOUNTS) == len(self.members)
        # One nonce sequence per account, consumed only by accepted signatures.
        for a in ACCOUNTS:
            assert GOVERNOR.nonces(a) == self.nonces[a]
        for prop in self.proposals:
            self.check_proposal(prop)
            if who_voted:
                for a in ACCOUNTS:
                    assert GOVERNOR.hasVoted(prop.pid, a) == (a in prop.voters)

    @invariant()
    def model_holds(self) -> None:
        self.steps += 1
        # totalSupply == members, and no balance above one, after every step.
        assert MEMBERSHIP.totalSupply() == len(self.members)
        if self.steps % FULL_CHECK_EVERY == 0:
            self.full_check()
        else:
            self.check_accounts(self.dirty_accounts)
            if self.dirty_proposal is not None:
                self.check_proposal(self.dirty_proposal)
        self.dirty_accounts = set()
        self.dirty_proposal = None


TestGovernance = GovernanceMachine.TestCase
