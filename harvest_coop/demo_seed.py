"""What `make demo` puts on the fresh chain so there is something real to see.

Each step goes through the co-op's own rules: governance changes are real
proposals that members vote on and the timelock executes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from web3 import Web3

from harvest_coop.web3_coop import pass_proposal_web3, transact

Say = Callable[[str], None]


def seed_membership(w3: Web3, coop: dict[str, Any], founders: list[str], say: Say) -> None:
    """A sponsored applicant joins; a founder lends its vote to another."""
    membership = coop["Membership"]
    applicant = w3.eth.accounts[7]
    needed = membership.functions.sponsors_needed().call()
    transact(membership.functions.apply_for_membership(), applicant)
    for sponsor in founders[:needed]:
        transact(membership.functions.sponsor(applicant), sponsor)
    say(f"membership: {applicant} applied and was admitted by {needed} sponsors")
    transact(membership.functions.delegate(founders[1]), founders[4])
    say(f"membership: {founders[4]} lent its vote to {founders[1]}")


def seed_governance(w3: Web3, coop: dict[str, Any], founders: list[str], say: Say) -> None:
    """A passed proposal (raise max proxies), and a live one left open for voting."""
    membership, governor = coop["Membership"], coop["CoopGovernor"]
    say("governance: passing 'allow three proxies per member' ...")
    calldata = membership.encode_abi("set_max_proxies", args=[3])
    pass_proposal_web3(
        w3,
        governor,
        founders[0],
        founders[:3],
        [(membership.address, 0, calldata)],
        "Allow three proxies per member",
        say,
    )
    newcomer = w3.eth.accounts[8]
    live = "Admit the rooftop-garden newcomer"
    transact(
        governor.functions.propose(
            [membership.address], [0], [membership.encode_abi("admit", args=[newcomer])], live
        ),
        founders[1],
    )
    say(f"governance: live proposal {live!r} is open (voting starts after the voting delay)")


STEPS: list[Callable[[Web3, dict[str, Any], list[str], Say], None]] = [seed_membership, seed_governance]


def run(w3: Web3, coop: dict[str, Any], founders: list[str], say: Say) -> None:
    for step in STEPS:
        step(w3, coop, founders, say)
