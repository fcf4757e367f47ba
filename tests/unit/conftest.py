"""The cast of the co-op's unit tests (Ape, in-process chain).

Accounts are anvil's default mnemonic, as in the demo: 0 deploys and keeps no
role, 1-5 are the founders, 6-8 are outsiders and applicants (and found the
second co-op, `other_coop`), 9 and 10 stand in for a timelock and a
Federation contract.

The co-op (`coop`, and its `membership`, `governor`, `timelock`) is made
by the CoopFactory of the session's `stack`, exactly as `ape run deploy`
makes one; `other_coop` is a second one (for federation). Ape's in-process
chain cannot impersonate a contract, so the functions only the timelock may
call are unit-tested on a second Membership whose timelock is a stand-in
account (`timelock_stand_in`, and `federation_stand_in` for the co-op's
Federation contract); the real wiring, where only a passed proposal reaches
them, is tested through full proposals.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import pytest

from harvest_coop.ape_layer.governance import advance_to, call, pass_proposal, queue_proposal
from harvest_coop.ape_layer.stack import CoopReceipts, Stack, create_coop_with_receipts, deploy_stack
from harvest_coop.core.params import DAY, AdmissionRules, CoopParams
from harvest_coop.core.proposals import Proposal, proposal_of

VOTING_DELAY = 10
VOTING_PERIOD = 100
TIMELOCK_DELAY = 50

# Sponsored admission in the unit tests: two sponsors, no minimum membership
# time, one sponsoring per member per day, a 100-second challenge window,
# two objections cancel. Tests of the time rules set their own.
CHALLENGE_WINDOW = 100
UNIT_ADMISSION = AdmissionRules(
    sponsors_needed=2,
    sponsors_percent=0,
    objections_needed=2,
    objections_percent=0,
    sponsor_limit=1,
    sponsor_period=DAY,
    min_tenure=0,
    challenge_window=CHALLENGE_WINDOW,
)


@pytest.fixture(scope="session")
def deployer(accounts):
    return accounts[0]


@pytest.fixture(scope="session")
def founders(accounts):
    return list(accounts[1:6])


@pytest.fixture(scope="session")
def founder(founders):
    return founders[0]


@pytest.fixture(scope="session")
def member(founders):
    return founders[1]


@pytest.fixture(scope="session")
def proxy_holder(founders):
    return founders[2]


@pytest.fixture(scope="session")
def outsider(accounts):
    return accounts[6]


@pytest.fixture(scope="session")
def applicant(accounts):
    return accounts[7]


@pytest.fixture(scope="session")
def newcomer(accounts):
    return accounts[8]


@pytest.fixture(scope="session")
def timelock_stand_in(accounts):
    return accounts[9]


@pytest.fixture(scope="session")
def federation_stand_in(accounts):
    """A plain account (the eleventh of the test mnemonic, see
    ape-config.yaml) standing in for a co-op's Federation contract, the only
    caller of `Membership.federate` / `defederate`, for unit tests of those
    two on `bare_membership`."""
    return accounts[10]


@pytest.fixture(scope="session")
def admission() -> AdmissionRules:
    """The admission rules every unit-test co-op starts with."""
    return UNIT_ADMISSION


@pytest.fixture(scope="session")
def params(founders) -> CoopParams:
    return CoopParams(
        name="Test Coop",
        symbol="TCM",
        founders=[str(f.address) for f in founders],
        voting_delay=VOTING_DELAY,
        voting_period=VOTING_PERIOD,
        quorum_percent=25,
        timelock_delay=TIMELOCK_DELAY,
        admission=UNIT_ADMISSION,
        max_proxies=2,
        credit_name="Test Coop Credit",
        credit_symbol="TCC",
    )


@pytest.fixture(scope="session")
def stack(project, deployer) -> Stack:
    """The blueprints, code chunks, CoopFactory and CoopRegistry, once."""
    return deploy_stack(project, deployer)


@pytest.fixture(scope="session")
def coop_and_receipts(stack, founder, params) -> tuple[dict[str, Any], CoopReceipts]:
    """The unit tests' co-op, made by the factory (the first founder sends
    both transactions), and the two receipts."""
    return create_coop_with_receipts(stack, founder, params)


@pytest.fixture(scope="session")
def coop(coop_and_receipts) -> dict[str, Any]:
    """The unit tests' co-op: its six contracts by name."""
    return coop_and_receipts[0]


@pytest.fixture(scope="session")
def other_founders(accounts):
    """The founders of the second co-op: accounts 6-8, outsiders of the first."""
    return list(accounts[6:9])


@pytest.fixture(scope="session")
def other_params(params, other_founders) -> CoopParams:
    """The first co-op's rules under another name, with other founders."""
    return dataclasses.replace(
        params,
        name="Other Coop",
        symbol="OCM",
        founders=[str(f.address) for f in other_founders],
        credit_name="Other Coop Credit",
        credit_symbol="OCC",
    )


@pytest.fixture(scope="session")
def other_coop(stack, other_founders, other_params) -> dict[str, Any]:
    """A second co-op from the same factory (for federation), made by its
    first founder: its eight contracts by name."""
    return create_coop_with_receipts(stack, other_founders[0], other_params)[0]


@pytest.fixture(scope="session")
def membership(coop):
    return coop["Membership"]


@pytest.fixture(scope="session")
def governor(coop):
    return coop["CoopGovernor"]


@pytest.fixture(scope="session")
def timelock(coop):
    return coop["TimelockController"]


@pytest.fixture(scope="session")
def bare_membership(project, deployer, founders, timelock_stand_in, federation_stand_in):
    """A Membership whose timelock and Federation are plain accounts, for
    unit tests of the functions only they may call."""
    return project.Membership.deploy(
        "Test Coop",
        "TCM",
        timelock_stand_in,
        [f.address for f in founders],
        UNIT_ADMISSION.as_tuple(),
        2,
        federation_stand_in,
        0,
        sender=deployer,
    )


@pytest.fixture
def run_proposal(chain, governor, founders) -> Callable[..., int]:
    """Pass a proposal of `actions` with every founder voting for it."""

    def _run(actions: list[tuple[str, int, bytes]], description: str = "test proposal") -> int:
        return pass_proposal(
            chain, governor, founders[0], founders, proposal_of(actions, description, founders[0])
        )

    return _run


@pytest.fixture
def run_other_proposal(chain, other_coop, other_founders) -> Callable[..., int]:
    """Pass a proposal of `actions` in the second co-op, every founder for."""

    def _run(actions: list[tuple[str, int, bytes]], description: str = "test proposal") -> int:
        return pass_proposal(
            chain,
            other_coop["CoopGovernor"],
            other_founders[0],
            other_founders,
            proposal_of(actions, description, other_founders[0]),
        )

    return _run


@pytest.fixture
def ready_proposal(chain, governor, founder) -> Callable[..., int]:
    """Propose `proposal`, one founder votes for, queue it, wait out the delay."""

    def _ready(proposal: Proposal) -> int:
        return queue_proposal(chain, governor, founder, [founder], proposal)

    return _ready


@pytest.fixture
def make_proposal(membership, newcomer) -> Callable[..., Proposal]:
    """A proposal to admit `who` (the newcomer by default)."""

    def _make(who: Any = None, description: str = "admit a newcomer") -> Proposal:
        return proposal_of([call(membership, "admit", who or newcomer)], description)

    return _make


@pytest.fixture
def open_proposal(chain, governor, founder, make_proposal) -> Callable[..., tuple[int, Proposal]]:
    """Propose, and move time into the voting period."""

    def _open(description: str = "admit a newcomer") -> tuple[int, Proposal]:
        proposal = make_proposal(description=description)
        governor.propose(
            proposal.targets, proposal.values, proposal.calldatas, proposal.description, sender=founder
        )
        proposal_id = int(governor.hashProposal(*proposal.id_args()))
        advance_to(chain, governor.proposalSnapshot(proposal_id) + 1)
        return proposal_id, proposal

    return _open


__all__ = ["call"]
