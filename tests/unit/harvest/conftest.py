"""The cast of HarvestToken's unit tests (Ape, in-process chain).

Roles come from tests/unit/conftest.py (anvil's mnemonic: 0 deploys, 1-5 are
founders, 6 is an outsider); this file adds the harvest roles:

- `grower`: a member who logs harvests (founder 4),
- `member`: another member (founder 2),
- `federated_member`: a member of a federated co-op (account 7),
- `timelock_stand_in`: the co-op's timelock. Ape's in-process chain cannot impersonate
  a contract, so a plain account stands in for the TimelockController here,
  as in the Membership unit tests; the contract only checks `msg.sender`.

Membership is `MockMembership` (unit tests of HarvestToken do not depend on
Membership's internals); `real_harvest` runs on the real Membership for the
join / leave / expel / federate wiring.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

DAY = 86_400
WEEK = 7 * DAY
ZERO_ADDRESS = "0x0000000000000000000000000000000000000000"


@pytest.fixture(scope="session")
def grower(founders):
    return founders[3]


@pytest.fixture(scope="session")
def federated_member(accounts):
    return accounts[7]


@pytest.fixture(scope="session")
def mock_membership(project, deployer, founders, federated_member, timelock_stand_in):
    membership = project.MockMembership.deploy(timelock_stand_in, sender=deployer)
    for founder_ in founders:
        membership.set_member(founder_, True, sender=deployer)
    membership.set_network_member(federated_member, True, sender=deployer)
    return membership


@pytest.fixture(scope="session")
def harvest(project, deployer, mock_membership, timelock_stand_in):
    return project.HarvestToken.deploy(mock_membership, timelock_stand_in, sender=deployer)


@pytest.fixture(scope="session")
def real_harvest(project, deployer, bare_membership, timelock_stand_in):
    """HarvestToken on the real Membership (its timelock is the stand-in)."""
    return project.HarvestToken.deploy(bare_membership, timelock_stand_in, sender=deployer)


@pytest.fixture
def now(chain) -> int:
    """The timestamp the next transaction will see."""
    return int(chain.pending_timestamp)


@pytest.fixture
def log_batch(chain) -> Callable[..., int]:
    """Log a harvest and return its id: `log_batch(token, grower, grams=..., shelf=...)`."""

    def _log(
        token: Any,
        who: Any,
        crop: str = "Tomatoes",
        grams: int = 5_000,
        shelf: int = WEEK,
        origin: str = "Plot 7, Elm St rooftop",
    ) -> int:
        now_ = int(chain.pending_timestamp)
        tx = token.log_harvest(crop, grams, now_ - DAY, now_ + shelf, origin, sender=who)
        return int(tx.decode_logs(token.HarvestLogged)[0].id)

    return _log


@pytest.fixture
def batch_id(harvest, grower, log_batch) -> int:
    """A fresh batch of 5,000 g held by the grower, good for a week."""
    return log_batch(harvest, grower)


@pytest.fixture
def expire(chain) -> Callable[[Any, int], None]:
    """Move time to one second past batch `id`'s best-before."""

    def _expire(token: Any, id_: int) -> None:
        chain.mine(timestamp=int(token.batch(id_).best_before) + 1)

    return _expire


@pytest.fixture
def receiver(project, deployer, mock_membership) -> Callable[..., Any]:
    """Deploy an ERC1155ReceiverMock in `mode`; by default it is made a member
    (a smart-contract wallet)."""

    def _deploy(mode: int = 0, member: bool = True) -> Any:
        contract = project.ERC1155ReceiverMock.deploy(mode, sender=deployer)
        if member:
            mock_membership.set_member(contract, True, sender=deployer)
        return contract

    return _deploy
