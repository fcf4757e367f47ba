"""Gas of membership and governance operations, measured on a real anvil node.

Each figure is the `gasUsed` of the transaction's receipt: what a member pays,
intrinsic cost and calldata included. Every operation is measured in a co-op
of 10 members and again after growing it to 1,000, to show that no cost grows
with the number of members.
"""

from __future__ import annotations

from typing import Any

from eth_account import Account
from web3 import Web3

from benchmarks.floor import ECRECOVER, Floor
from harvest_coop.core.eip712 import ballot_typed_data
from harvest_coop.core.params import AdmissionRules, CoopParams
from harvest_coop.core.proposals import description_hash
from harvest_coop.testing.anvil import AnvilNode
from harvest_coop.testing.keys import anvil_key, sign_typed_data
from harvest_coop.web3_layer.governance import advance_time
from harvest_coop.web3_layer.sender import transact
from harvest_coop.web3_layer.stack import create_coop, deploy_stack

VOTING_DELAY, VOTING_PERIOD, TIMELOCK_DELAY = 10, 1_000, 60

# The default admission rules with a fixed three sponsors (the default also
# asks 30% of the members, which at 1,000 members would be 300 sponsors): the
# two co-op sizes then measure the same work.
BENCH_RULES = AdmissionRules(sponsors_percent=0, objections_percent=0)


class GovernanceBench:
    def __init__(self, w3: Web3) -> None:
        self.w3 = w3
        self.accts = w3.eth.accounts
        self.deployer = self.accts[0]
        self.founders = self.accts[1:11]  # 10 founding members
        # The co-op is made by the CoopFactory, as `ape run deploy` makes one.
        params = CoopParams(
            name="Bench Coop",
            symbol="BC",
            founders=self.founders,
            voting_delay=VOTING_DELAY,
            voting_period=VOTING_PERIOD,
            quorum_percent=25,
            timelock_delay=TIMELOCK_DELAY,
            admission=BENCH_RULES,
            max_proxies=2,
        )
        coop, _ = create_coop(deploy_stack(w3, self.deployer), self.deployer, params)
        self.timelock, self.membership = coop["TimelockController"], coop["Membership"]
        self.governor = coop["CoopGovernor"]
        w3.provider.make_request("anvil_impersonateAccount", [self.timelock.address])
        w3.provider.make_request("anvil_setBalance", [self.timelock.address, hex(10**20)])
        self.counter = 0
        self.chain_id = w3.eth.chain_id

    def gas(self, fn: Any, sender: str) -> int:
        """Gas of one transaction, one second after the previous block, so every
        checkpoint write pays for a new history entry (the common case)."""
        advance_time(self.w3, 1)
        return int(transact(fn, sender)["gasUsed"])

    def grow_to(self, members: int) -> None:
        """Admit random addresses (by the timelock) until the co-op has `members`."""
        total = self.membership.functions.totalSupply().call()
        for _ in range(members - total):
            transact(self.membership.functions.admit(Account.create().address), self.timelock.address)

    def proposal(self) -> tuple[int, list[Any]]:
        self.counter += 1
        newcomer = Account.create().address
        args = [[self.membership.address], [0], [self.membership.encode_abi("admit", args=[newcomer])]]
        description = f"admit newcomer {self.counter}"
        return description, args

    def measure(self, applicant_index: int, round_: int) -> dict[str, int]:
        m, g, f = self.membership, self.governor, self.founders
        out: dict[str, int] = {}
        out["admit"] = self.gas(m.functions.admit(Account.create().address), self.timelock.address)
        # Sponsored admission under the default rules: the founders have
        # served the minimum membership time; three sponsors schedule the
        # admission, which completes after the challenge window.
        applicant = self.accts[applicant_index]
        sponsors = f[3 * round_ : 3 * round_ + 3]
        transact(m.functions.apply_for_membership(), applicant)
        transact(m.functions.sponsor(applicant), sponsors[0])
        out["sponsor"] = self.gas(m.functions.sponsor(applicant), sponsors[1])
        out["sponsor_schedules_admission"] = self.gas(m.functions.sponsor(applicant), sponsors[2])
        advance_time(self.w3, BENCH_RULES.challenge_window)
        out["complete_admission"] = self.gas(m.functions.complete_admission(applicant), f[9])
        out["sponsor_admission"] = out["sponsor_schedules_admission"] + out["complete_admission"]
        out["resign"] = self.gas(m.functions.resign(), applicant)

        # Two proposals (by two founders: one open proposal per member): the
        # second lets a signer vote with a used nonce.
        descriptions, ids, argsets = [], [], []
        for i in range(2):
            description, args = self.proposal()
            gas = self.gas(g.functions.propose(*args, description), f[i])
            if i == 0:
                out["propose"] = gas
            ids.append(g.functions.hashProposal(*args, description_hash(description)).call())
            descriptions.append(description)
            argsets.append(args)
        advance_time(self.w3, VOTING_DELAY + 1)
        pid, pid2 = ids
        out["castVote_first_on_proposal"] = self.gas(g.functions.castVote(pid, 1), f[0])
        out["castVote"] = self.gas(g.functions.castVote(pid, 1), f[1])
        out["castVote_abstain"] = self.gas(g.functions.castVote(pid, 2), f[2])

        def by_sig(proposal_id: int, voter_index: int) -> int:
            voter = f[voter_index]
            nonce = g.functions.nonces(voter).call()
            data = ballot_typed_data(
                "Bench Coop Governor", self.chain_id, g.address, proposal_id, 1, voter, nonce
            )
            sig = sign_typed_data(data, anvil_key(voter_index + 1))
            return self.gas(g.functions.castVoteBySig(proposal_id, 1, voter, sig), self.deployer)

        out["castVoteBySig_first_nonce"] = by_sig(pid, 3)
        by_sig(pid2, 4)
        out["castVoteBySig"] = by_sig(pid, 4)
        for voter in f[5:10]:
            transact(g.functions.castVote(pid, 1), voter)
        advance_time(self.w3, VOTING_PERIOD + 1)
        dh = description_hash(descriptions[0])
        out["queue"] = self.gas(g.functions.queue(*argsets[0], dh), f[0])
        advance_time(self.w3, TIMELOCK_DELAY + 1)
        out["execute"] = self.gas(g.functions.execute(*argsets[0], dh), f[0])
        # A first delegation between two members who never delegated before.
        giver, holder = (f[8], f[9]) if round_ == 0 else (f[6], f[7])
        out["delegate"] = self.gas(m.functions.delegate(holder), giver)
        transact(m.functions.delegate(giver), giver)
        return out


def floors(w3: Web3, bench: GovernanceBench) -> dict[str, Floor]:
    """What the EVM charges at least for each operation (see benchmarks/floor.py).

    Each floor counts the storage the operation must change, the contracts it
    must call, the events a client needs and the calldata; the design choices
    (one packed slot per account and per proposal, a voted bitmap) are what
    make these the minimum.
    """
    m, g = bench.membership, bench.governor
    addr = Account.create().address

    def data(contract: Any, fn: str, args: list[Any]) -> bytes:
        return bytes.fromhex(contract.encode_abi(fn, args=args)[2:])

    pid = 2**255 + 12345
    action = [[m.address], [0], [data(m, "admit", [addr])]]
    dh = b"\x11" * 32

    def admission(f: Floor) -> Floor:
        return (
            f.new_slot("account word: member bit, id, votes checkpoint")
            .new_slot("ownerOf[id]")
            .update_slot("member count checkpoint")
            .new_slot("member count history")
            .log(3, 0, "Transfer")
            .log(1, 32, "Locked")
            .log(3, 0, "DelegateChanged")
            .log(1, 64, "DelegateVotesChanged")
            .log(3, 32, "MemberJoined")
        )

    def sponsoring(f: Floor) -> Floor:
        return (
            f.tx(data(m, "sponsor", [addr]))
            .read_slot("sponsor's word: membership and joining time")
            .read_slot("admission rules")
            .read_slot("member count")
            .update_slot("application")
            .new_slot("sponsored-in-round mark")
            .new_slot("sponsor's period and count")
            .log(3, 64, "Sponsored")
        )

    return {
        "admit": admission(Floor().tx(data(m, "admit", [addr]))),
        "sponsor": sponsoring(Floor()),
        "sponsor_schedules_admission": sponsoring(Floor()).log(2, 64, "AdmissionScheduled"),
        "complete_admission": admission(
            Floor()
            .tx(data(m, "complete_admission", [addr]))
            .read_slot("admission rules")
            .update_slot("application")
        ),
        "sponsor_admission": admission(
            sponsoring(Floor())
            .log(2, 64, "AdmissionScheduled")
            .tx(data(m, "complete_admission", [addr]))
            .read_slot("admission rules")
        ),
        "resign": Floor()
        .tx(data(m, "resign", []))
        .update_slot("account word")
        .new_slot("account votes history")
        .update_slot("ownerOf[id] cleared")
        .add("refund for clearing ownerOf[id]", -4_800)
        .update_slot("member count checkpoint")
        .new_slot("member count history")
        .read_slot("delegatee")
        .read_slot("proxies list")
        .log(3, 0, "Transfer")
        .log(3, 0, "DelegateChanged")
        .log(2, 64, "DelegateVotesChanged")
        .log(3, 32, "MemberLeft"),
        "delegate": Floor()
        .tx(data(m, "delegate", [addr]))
        .update_slot("giver's word", 2)
        .new_slot("votes history", 2)
        .new_slot("delegatee[giver]")
        .new_slot("proxies list (length + entry)", 2)
        .read_slot("max_proxies")
        .log(4, 0, "DelegateChanged")
        .log(2, 64, "DelegateVotesChanged x2")
        .log(0, 64, ""),
        "propose": Floor()
        .tx(data(g, "propose", [*action, "admit newcomer 1"]))
        .call("Membership")
        .read_slot("proposer's membership")
        .read_slot("voting delay and period", 2)
        .new_slot("proposal core")
        .new_slot("proposer")
        .update_slot("proposer's open proposal deadline")
        .log(1, 32 * 22, "ProposalCreated"),
        "castVote": Floor()
        .tx(data(g, "castVote", [pid, 1]))
        .update_slot("proposal core: state + tally")
        .update_slot("voted bitmap word")
        .call("Membership")
        .read_slot("voter's votes checkpoint")
        .log(2, 160, "VoteCast"),
        "castVoteBySig": Floor()
        .tx(data(g, "castVoteBySig", [pid, 1, addr, b"\x11" * 65]))
        .update_slot("proposal core: state + tally")
        .update_slot("voted bitmap word")
        .call("Membership")
        .update_slot("voter's word: checkpoint + nonce")
        .add("ecrecover", ECRECOVER)
        .log(2, 160, "VoteCast"),
        "queue": Floor()
        .tx(data(g, "queue", [*action, dh]))
        .update_slot("proposal core: eta")
        .new_slot("timelock operation id")
        .call("TimelockController")
        .read_slot("minimum delay")
        .read_slot("proposer role")
        .new_slot("operation timestamp")
        .log(3, 32 * 8, "CallScheduled")
        .log(2, 32, "CallSalt")
        .log(1, 64, "ProposalQueued"),
        "execute": admission(
            Floor()
            .tx(data(g, "execute", [*action, dh]))
            .update_slot("proposal core: executed")
            .read_slot("timelock operation id")
            .call("TimelockController")
            .read_slot("executor role")
            .update_slot("operation timestamp -> done")
            .call("Membership (the proposal's call)")
            .log(3, 32 * 6, "CallExecuted")
            .log(1, 32, "ProposalExecuted")
        ),
    }


def run() -> tuple[list[dict[str, Any]], dict[str, dict[str, int]]]:
    """Returns (rows for gas.json and the table, figures per co-op size)."""
    node = AnvilNode(accounts=20)
    w3 = node.start()
    try:
        bench = GovernanceBench(w3)
        by_size: dict[str, dict[str, int]] = {}
        advance_time(w3, BENCH_RULES.min_tenure)
        by_size["10"] = bench.measure(applicant_index=11, round_=0)
        bench.grow_to(1_000)
        # 1% of 1,000 members is the 10 founders' votes: the same proposal can pass.
        transact(bench.governor.functions.updateQuorumNumerator(1), bench.timelock.address)
        by_size["1000"] = bench.measure(applicant_index=12, round_=1)
        fl = floors(w3, bench)
    finally:
        node.stop()
    rows = []
    for op, gas in by_size["1000"].items():
        floor = fl.get(op)
        rows.append(
            {
                "operation": op,
                "gas": gas,
                "gas_at_10_members": by_size["10"][op],
                "lower_bound": floor.total if floor else None,
                "note": floor.explain() if floor else "",
            }
        )
    return rows, by_size
