"""Hypothesis profiles for the stateful machines, chosen by HYPOTHESIS_PROFILE.

- dev:   quick local runs (50 sequences x 20 steps)
- ci:    what `make test` runs (1,000 sequences x 50 steps per machine; issues 2, 3, 4 and 11 ask for at least that)
- heavy: nightly / before a release (10,000 sequences x 100 steps)
"""

import os

import pytest
from hypothesis import HealthCheck, settings

_COMMON = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    "derandomize": False,
    "print_blob": True,
}
settings.register_profile("dev", max_examples=50, stateful_step_count=20, **_COMMON)
settings.register_profile("ci", max_examples=1_000, stateful_step_count=50, **_COMMON)
settings.register_profile("heavy", max_examples=10_000, stateful_step_count=100, **_COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


def _cheap_repr(self) -> str:  # pragma: no cover - only used in error messages
    return f"<{getattr(self, 'contract_name', 'contract')} at {self.address}>"


# titanoboa computes repr(contract) on every reverted call, and that repr dumps
# every storage variable (walking every HashMap key ever written). The
# machines make thousands of calls that must revert, so this alone was a third
# of their time. Error messages keep the contract's name and address.
try:
    from boa.contracts.vyper.vyper_contract import VyperContract

    VyperContract.__repr__ = _cheap_repr  # type: ignore[method-assign]
except ImportError:  # pragma: no cover
    pass


# -- fixtures of the attack tests (the machines take none) ---------------------


@pytest.fixture(scope="module")
def stack():  # type: ignore[no-untyped-def]
    """The shared contracts (registry, blueprints, factory), once per module."""
    from harvest_coop.testing.boa import deploy_stack

    return deploy_stack()


@pytest.fixture(scope="module")
def live():  # type: ignore[no-untyped-def]
    """A stack with a live network's timing floor (a day of voting, a day of
    timelock): another co-op's governance is as slow as it can be."""
    from harvest_coop.core.stack_code import LIVE_FLOOR
    from harvest_coop.testing.boa import deploy_stack

    return deploy_stack(floor=LIVE_FLOOR)


@pytest.fixture
def rollback():  # type: ignore[no-untyped-def]
    """Run a test inside a titanoboa anchor: whatever it does is undone after
    it. A module asks for it with `pytestmark = pytest.mark.usefixtures("rollback")`."""
    import boa

    with boa.env.anchor():
        yield
