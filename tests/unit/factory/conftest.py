"""The cast of the factory's unit tests (Ape, in-process chain).

Roles come from tests/unit/conftest.py (anvil's mnemonic: 0 deploys the
factory and keeps nothing, 1-5 are the founders, 6 is an outsider); this
file adds:

- `stack` (tests/unit/conftest.py): the blueprints, the CoopFactory and its
  CoopRegistry, deployed once by the deployer;
- `creator`: who creates co-ops through the factory (the first founder);
- `make_params(**changes)`: the unit-test co-op's parameters
  (`params`) with changes, e.g. another name;
- `config_of(params)`: the `CoopConfig` tuple of some parameters;
- `factory_coop`: a complete co-op made through the factory by `creator`
  (its eight contracts by name) and `factory_receipts`, its two
  transactions' receipts;
- `start_coop(**changes)`: only the first transaction, `create_coop`,
  for the unit-test parameters with changes, named `new_name` unless the
  changes name it (`params.name` is `factory_coop`'s, registered for the
  whole session);
- `registrar` and `bare_registry`: a CoopRegistry deployed by a plain
  account (the deployer), which is then its "factory". Ape's in-process
  chain cannot impersonate the factory, so `register`'s own checks are
  unit-tested there; `fake_coop(name)` is a record of eight fresh addresses.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import pytest
from eth_account import Account

from harvest_coop.ape_layer.stack import CoopReceipts, coop_config
from harvest_coop.core.params import CoopParams

CREDIT_NAME = "Test Coop Credit"  # the session co-op's, from tests/unit/conftest.py's `params`
CREDIT_SYMBOL = "TCC"


@pytest.fixture(scope="session")
def factory(stack):
    return stack.factory


@pytest.fixture(scope="session")
def registry(stack):
    return stack.registry


@pytest.fixture(scope="session")
def creator(founder):
    """Who created the session's co-op (`coop`) through the factory."""
    return founder


@pytest.fixture(scope="session")
def make_params(params) -> Callable[..., CoopParams]:
    def _make(**changes: Any) -> CoopParams:
        return dataclasses.replace(params, **changes)

    return _make


@pytest.fixture(scope="session")
def config_of() -> Callable[[CoopParams], tuple[Any, ...]]:
    return coop_config


@pytest.fixture(scope="session")
def factory_coop(coop) -> dict[str, Any]:
    """The session's co-op (tests/unit/conftest.py's `coop`), made by `creator`."""
    return coop


@pytest.fixture(scope="session")
def factory_receipts(coop_and_receipts) -> CoopReceipts:
    return coop_and_receipts[1]


@pytest.fixture(scope="session")
def new_name() -> str:
    return "New Coop"


@pytest.fixture
def start_coop(factory, creator, make_params, config_of, new_name) -> Callable[..., Any]:
    """Send `create_coop` for the unit-test parameters with `changes`
    (by `creator` unless `sender` is given); returns the receipt."""

    def _start(sender: Any = None, **changes: Any) -> Any:
        changes.setdefault("name", new_name)
        return factory.create_coop(config_of(make_params(**changes)), sender=sender or creator)

    return _start


@pytest.fixture(scope="session")
def registrar(deployer):
    return deployer


@pytest.fixture(scope="session")
def bare_registry(project, registrar):
    return project.CoopRegistry.deploy(sender=registrar)


@pytest.fixture(scope="session")
def fake_coop(creator) -> Callable[..., tuple[Any, ...]]:
    """A registry record: `name`, eight fresh addresses, `creator`, block 1."""

    def _fake(name: str, **fields: Any) -> tuple[Any, ...]:
        record = {
            "name": name,
            **{
                field: Account.create().address
                for field in (
                    "timelock",
                    "membership",
                    "governor",
                    "harvest",
                    "credit",
                    "exchange",
                    "pool",
                    "federation",
                )
            },
            "creator": creator.address,
            "creation_block": 1,
        }
        record.update({key: getattr(value, "address", value) for key, value in fields.items()})
        return tuple(record.values())

    return _fake


@pytest.fixture(scope="session", autouse=True)
def _session_chain_state(stack, factory, registry, factory_coop, factory_receipts, bare_registry):
    """Set up the session's chain state before any narrower fixture, as
    Ape's snapshot isolation wants (the factory, its registry, the session
    co-op and the bare registry)."""
    return None
