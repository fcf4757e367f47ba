"""After the factory's two transactions nobody holds any role or owner slot
of the new co-op: no externally owned account (anvil's ten), not the
factory, not the registry; only the co-op's own timelock and governor."""

import ape
import pytest

from harvest_coop.ape_layer.stack import check_no_privilege, privileges
from harvest_coop.core.constants import (
    CANCELLER_ROLE,
    EXECUTOR_ROLE,
    PROPOSER_ROLE,
    TIMELOCK_ROLES,
    ZERO_ADDRESS,
)


@pytest.fixture(scope="module")
def outsiders(accounts, factory, registry):
    """Every account that must hold nothing: anvil's ten, the factory, the registry."""
    return [*accounts[:10], factory, registry]


def test_factory_coop__every_role_and_owner_slot__held_by_no_account_factory_or_registry(
    factory_coop, outsiders
):
    timelock, membership = factory_coop["TimelockController"], factory_coop["Membership"]
    harvest, credit, exchange, pool, federation = (
        factory_coop["HarvestToken"],
        factory_coop["CoopCredit"],
        factory_coop["NutrientExchange"],
        factory_coop["ResourcePool"],
        factory_coop["Federation"],
    )
    for who in outsiders:
        for role in TIMELOCK_ROLES.values():
            assert not timelock.hasRole(role, who)
        assert membership.governor() != who.address
        assert harvest.owner() != who.address and not harvest.is_coop_contract(who)
        assert credit.owner() != who.address and not credit.is_minter(who)
        assert exchange.arbiter() != who.address and exchange.pool() != who.address
        assert pool.TIMELOCK() != who.address and federation.TIMELOCK() != who.address
        assert membership.FEDERATION() != who.address
    check_no_privilege(factory_coop, outsiders)


def test_factory_coop__power__lies_with_its_timelock_and_governor(factory_coop):
    timelock, governor = factory_coop["TimelockController"], factory_coop["CoopGovernor"]
    assert factory_coop["Membership"].governor() == governor.address
    for role in (PROPOSER_ROLE, CANCELLER_ROLE, EXECUTOR_ROLE):
        assert timelock.hasRole(role, governor)
    assert not timelock.hasRole(EXECUTOR_ROLE, ZERO_ADDRESS)
    assert timelock.hasRole(TIMELOCK_ROLES["DEFAULT_ADMIN_ROLE"], timelock)
    for name in ("HarvestToken", "CoopCredit"):
        assert factory_coop[name].owner() == timelock.address
    assert factory_coop["CoopCredit"].is_minter(timelock)
    assert factory_coop["NutrientExchange"].arbiter() == timelock.address
    assert factory_coop["HarvestToken"].bootstrapped()
    for name in ("ResourcePool", "Federation"):
        assert factory_coop[name].TIMELOCK() == timelock.address
    assert factory_coop["NutrientExchange"].pool() == factory_coop["ResourcePool"].address
    assert factory_coop["Membership"].FEDERATION() == factory_coop["Federation"].address


def test_factory_coop__checker__flags_a_federation_without_a_registry(
    project, deployer, factory_coop, registry
):
    # A Federation that checks its peers against no registry would list any
    # contract a proposal names: the post-deploy check says so.
    assert factory_coop["Federation"].REGISTRY() == registry.address
    unchecked = project.Federation.deploy(factory_coop["TimelockController"], ZERO_ADDRESS, sender=deployer)
    found = privileges({**factory_coop, "Federation": unchecked}, [])
    assert "Federation does not check its peers against a CoopRegistry" in found


def test_factory_coop__checker__finds_the_timelock_and_governor_privileged(factory_coop):
    # The enumeration is not vacuous: the accounts that do hold power show up.
    timelock, governor = factory_coop["TimelockController"], factory_coop["CoopGovernor"]
    found = privileges(factory_coop, [timelock, governor])
    assert any("DEFAULT_ADMIN_ROLE" in f for f in found)
    assert any("owns HarvestToken" in f for f in found)
    assert any("can mint CoopCredit" in f for f in found)
    assert any("arbiter" in f for f in found)
    assert any("PROPOSER_ROLE" in f for f in found)
    assert any("Membership's governor" in f for f in found)
    assert any("governs ResourcePool" in f for f in found)
    with pytest.raises(RuntimeError, match="privileges outside its governance"):
        check_no_privilege(factory_coop, [governor])


def test_factory_coop__creator__cannot_use_the_one_time_wiring(factory_coop, creator, outsider):
    with ape.reverts("membership: only the timelock (a passed proposal) sets the governor"):
        factory_coop["Membership"].set_governor(factory_coop["CoopGovernor"], sender=creator)
    with ape.reverts("harvest: only the deployer bootstraps"):
        factory_coop["HarvestToken"].bootstrap_coop_contracts([], sender=creator)
    with ape.reverts("federation: only the deployer wires the membership"):
        factory_coop["Federation"].set_membership(factory_coop["Membership"], sender=creator)
    with ape.reverts("access_control: account is missing role"):
        factory_coop["TimelockController"].grantRole(
            TIMELOCK_ROLES["PROPOSER_ROLE"], outsider, sender=creator
        )


def test_factory_coop__pending_core__holds_no_privilege_either(project, factory, start_coop, outsiders):
    # Between the two transactions the core is already closed.
    core = start_coop().decode_logs(factory.CoopStarted)[0]
    timelock = project.TimelockController.at(core.timelock)
    membership = project.Membership.at(core.membership)
    for who in outsiders:
        for role in TIMELOCK_ROLES.values():
            assert not timelock.hasRole(role, who)
        assert membership.governor() != who.address
