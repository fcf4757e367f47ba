"""The cast of Federation's unit tests (Ape, in-process chain).

Roles come from tests/unit/conftest.py; this file adds two co-ops' sides:

- on stand-ins (`fed_a`, `fed_b`): a Federation (without a registry, so
  it federates with any peer) and its Membership per co-op, whose timelock
  is `timelock_stand_in` (Ape's in-process chain
  cannot impersonate a contract, so a plain account calls the timelock-only
  functions); `members_a` has the founders (accounts 1-5), `members_b`
  accounts 6-7 (`b_member` is account 6);
- `hostile(membership)`: a HostileFederation peer (answers as a Federation
  would, but its `federation_ended` accepts, reverts or burns all its gas
  as the test sets);
- on the real wiring (test_federation_between_factory_coops.py): the
  session's co-op and `other_coop`, both made by the factory, each side's
  steps passed as proposals by its own founders.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from federation_helpers import ZERO_ADDRESS

from harvest_coop.core.params import AdmissionRules


def _side(project: Any, deployer: Any, timelock: Any, name: str, founders: list[Any]) -> tuple[Any, Any]:
    # No registry: stand-alone sides (and hostile peers) federate unchecked.
    federation = project.Federation.deploy(timelock, ZERO_ADDRESS, sender=deployer)
    membership = project.Membership.deploy(
        name,
        name[:4].upper(),
        timelock,
        [f.address for f in founders],
        AdmissionRules(sponsors_needed=0).as_tuple(),
        2,
        federation,
        0,
        sender=deployer,
    )
    federation.set_membership(membership, sender=deployer)
    return federation, membership


@pytest.fixture(scope="session")
def b_member(accounts):
    return accounts[6]


@pytest.fixture(scope="session")
def side_a(project, deployer, timelock_stand_in, founders):
    return _side(project, deployer, timelock_stand_in, "Coop A", founders)


@pytest.fixture(scope="session")
def side_b(project, deployer, timelock_stand_in, accounts):
    return _side(project, deployer, timelock_stand_in, "Coop B", list(accounts[6:8]))


@pytest.fixture(scope="session")
def fed_a(side_a):
    return side_a[0]


@pytest.fixture(scope="session")
def members_a(side_a):
    return side_a[1]


@pytest.fixture(scope="session")
def fed_b(side_b):
    return side_b[0]


@pytest.fixture(scope="session")
def members_b(side_b):
    return side_b[1]


@pytest.fixture(scope="session", autouse=True)
def _federation_session_state(
    side_a, side_b, coop, other_coop, founders, outsider, b_member, timelock_stand_in
):
    """Both stand-in sides and both factory co-ops exist before any
    narrower fixture (Ape's snapshot isolation)."""
    return None


@pytest.fixture
def federate(fed_a, fed_b, timelock_stand_in) -> Callable[[], Any]:
    """A proposes, B accepts; returns the acceptance's receipt."""

    def _federate() -> Any:
        fed_a.propose_federation(fed_b, sender=timelock_stand_in)
        return fed_b.accept_federation(fed_a, sender=timelock_stand_in)

    return _federate


@pytest.fixture
def hostile(project, deployer) -> Callable[[Any], Any]:
    """A HostileFederation claiming `membership` as its Membership."""

    def _deploy(membership: Any) -> Any:
        return project.HostileFederation.deploy(membership, sender=deployer)

    return _deploy
