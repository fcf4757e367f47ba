"""The cast of ResourcePool's unit tests (Ape, in-process chain).

Roles come from tests/unit/conftest.py (anvil's mnemonic: 0 deploys and keeps
no role, 1-5 are the founders, 6-8 outsiders of the first co-op, 9 stands in
for a timelock); this file adds the pool's roles:

- `grower`: a member who logs harvests and gives them to the pool
  (founder 4),
- `claimer` and `neighbour`: members who claim (founders 2 and 3),
- `donor`: a member who gives credit (founder 5),
- `outsider`: no member (account 6).

The pool is the factory-made co-op's (`coop`): its ResourcePool, wired to
its HarvestToken, CoopCredit and NutrientExchange. Credit exists only by a
passed proposal, so `funded` passes one minting `FUNDS` to every founder
(module scope). The two timelock-only setters are unit-tested on
`bare_pool`, a ResourcePool (with its own HarvestToken and CoopCredit) whose
Membership's timelock is `timelock_stand_in` (Ape's in-process chain cannot
impersonate a contract), and through full proposals on the real wiring.

Factory fixtures return functions: `log_batch(grams=..., shelf=...)`,
`stock_batch(grams)` (logged and given to the pool), `next_epoch()` (time
moves to the start of the pool's next epoch, so the founders, who joined
before it, claim), `expire(pool_or_harvest, id)`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from pool_helpers import DAY, FUNDS

from harvest_coop.ape_layer.governance import call, pass_proposal
from harvest_coop.core.proposals import proposal_of


@pytest.fixture(scope="session")
def pool(coop):
    return coop["ResourcePool"]


@pytest.fixture(scope="session")
def harvest(coop):
    return coop["HarvestToken"]


@pytest.fixture(scope="session")
def credit(coop):
    return coop["CoopCredit"]


@pytest.fixture(scope="session")
def exchange(coop):
    return coop["NutrientExchange"]


@pytest.fixture(scope="session")
def grower(founders):
    return founders[3]


@pytest.fixture(scope="session")
def claimer(founders):
    return founders[1]


@pytest.fixture(scope="session")
def neighbour(founders):
    return founders[2]


@pytest.fixture(scope="session")
def donor(founders):
    return founders[4]


@pytest.fixture(scope="session")
def bare_harvest(project, deployer, bare_membership, timelock_stand_in):
    return project.HarvestToken.deploy(bare_membership, timelock_stand_in, sender=deployer)


@pytest.fixture(scope="session")
def bare_credit(project, deployer, timelock_stand_in):
    return project.CoopCredit.deploy("Bare Credit", "BCR", timelock_stand_in, sender=deployer)


@pytest.fixture(scope="session")
def bare_pool(project, deployer, bare_membership, timelock_stand_in, bare_harvest, bare_credit):
    """A ResourcePool whose timelock is a plain account (with its own
    HarvestToken and CoopCredit on `bare_membership`), registered to hold
    harvest."""
    contract = project.ResourcePool.deploy(
        bare_membership, timelock_stand_in, bare_harvest, bare_credit, sender=deployer
    )
    bare_harvest.set_coop_contract(contract, True, sender=timelock_stand_in)
    return contract


@pytest.fixture(scope="session", autouse=True)
def _pool_session_state(
    coop,
    membership,
    governor,
    pool,
    harvest,
    credit,
    exchange,
    grower,
    claimer,
    neighbour,
    donor,
    bare_pool,
    founders,
    outsider,
    newcomer,
    timelock_stand_in,
):
    """The session's co-op and the bare pool exist before any narrower
    fixture (Ape's snapshot isolation)."""
    return None


@pytest.fixture(scope="module")
def funded(chain, coop, founders):
    """One passed proposal: `FUNDS` credit minted to every founder."""
    credit_ = coop["CoopCredit"]
    actions = [call(credit_, "mint", f, FUNDS) for f in founders]
    proposal = proposal_of(actions, "credit for the pool tests", founders[0])
    pass_proposal(chain, coop["CoopGovernor"], founders[0], founders, proposal)
    return founders


@pytest.fixture
def next_epoch(chain, pool) -> Callable[..., int]:
    """Mine a block at the start of `contract`'s next epoch (the factory
    pool's by default); returns that epoch's number."""

    def _next(contract: Any = None) -> int:
        contract = contract or pool
        number, _, end = contract.epoch()
        chain.mine(timestamp=int(end))
        return int(number) + 1

    return _next


@pytest.fixture
def log_batch(chain, harvest, grower) -> Callable[..., int]:
    """The grower logs a harvest; returns its id."""

    def _log(grams: int = 10_000, shelf: int = 60 * DAY, who: Any = None, token: Any = None) -> int:
        now = int(chain.pending_timestamp)
        token = token or harvest
        tx = token.log_harvest("Tomatoes", grams, now - DAY, now + shelf, "Plot 7", sender=who or grower)
        return int(tx.decode_logs(token.HarvestLogged)[0].id)

    return _log


@pytest.fixture
def stock_batch(harvest, pool, grower, log_batch, next_epoch) -> Callable[..., int]:
    """A batch of which the grower gives `given` grams straight to the pool,
    then time moves to the next epoch; returns the batch id."""

    def _stock(given: int = 1_000, grams: int = 10_000, shelf: int = 60 * DAY) -> int:
        batch = log_batch(grams=grams, shelf=shelf)
        harvest.safeTransferFrom(grower, pool, batch, given, b"", sender=grower)
        next_epoch()
        return batch

    return _stock


@pytest.fixture
def expire(chain) -> Callable[[Any, int], None]:
    """Mine a block one second past batch `id`'s best-before."""

    def _expire(token: Any, id_: int) -> None:
        chain.mine(timestamp=int(token.batch(id_).best_before) + 1)

    return _expire
