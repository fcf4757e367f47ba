"""The factory's constructor: where the code is, the registry it deploys, and
refusals of addresses that are not blueprints or code chunks."""

import ape
import pytest

from harvest_coop.core.stack_code import (
    BLUEPRINT_PREAMBLE,
    CHUNK_HEADER,
    CHUNKED_CONTRACTS,
    LIVE_FLOOR,
    TimingFloor,
    factory_arguments,
)


@pytest.fixture(scope="module")
def code(stack):
    """The stack's blueprint and chunk addresses by contract name."""
    return {**stack.blueprints, **stack.chunks}


def test_deploy__immutables__name_the_blueprints_and_chunks(factory, stack):
    assert factory.TIMELOCK_BLUEPRINT() == stack.blueprints["TimelockController"]
    assert factory.GOVERNOR_BLUEPRINT() == stack.blueprints["CoopGovernor"]
    assert factory.HARVEST_BLUEPRINT() == stack.blueprints["HarvestToken"]
    assert factory.CREDIT_BLUEPRINT() == stack.blueprints["CoopCredit"]
    assert factory.POOL_BLUEPRINT() == stack.blueprints["ResourcePool"]
    assert factory.FEDERATION_BLUEPRINT() == stack.blueprints["Federation"]
    assert [factory.MEMBERSHIP_CODE(i) for i in range(2)] == stack.chunks["Membership"]
    assert [factory.EXCHANGE_CODE(i) for i in range(2)] == stack.chunks["NutrientExchange"]


def test_deploy__registry__answers_to_the_factory(factory, registry):
    assert factory.REGISTRY() == registry.address
    assert registry.FACTORY() == factory.address
    assert registry.MAX_PAGE() == 100


def test_deploy__name_hold__is_one_day(factory):
    assert factory.NAME_HOLD() == 86_400


def test_deploy__blueprints__carry_the_eip5202_preamble(chain, stack):
    for address in stack.blueprints.values():
        assert bytes(chain.provider.get_code(address))[:3] == BLUEPRINT_PREAMBLE


def test_deploy__chunks__hold_the_initcode_halves_and_return_them_to_a_call(project, chain, stack):
    for name in CHUNKED_CONTRACTS:
        codes = [bytes(chain.provider.get_code(a)) for a in stack.chunks[name]]
        assert all(code[: len(CHUNK_HEADER)] == CHUNK_HEADER for code in codes)
        halves = [bytes(chain.provider.web3.eth.call({"to": a})) for a in stack.chunks[name]]
        assert halves == [code[len(CHUNK_HEADER) :] for code in codes]
        assert b"".join(halves) == getattr(project, name).contract_type.deployment_bytecode.to_bytes()


def test_deploy__account_as_blueprint__reverts(project, deployer, code, outsider):
    with ape.reverts("factory: blueprint is not a contract"):
        project.CoopFactory.deploy(
            *factory_arguments({**code, "CoopGovernor": outsider.address}), sender=deployer
        )


def test_deploy__contract_that_is_not_a_blueprint__reverts(project, deployer, code, registry):
    with ape.reverts("factory: not an EIP-5202 blueprint"):
        project.CoopFactory.deploy(
            *factory_arguments({**code, "HarvestToken": registry.address}), sender=deployer
        )


def test_deploy__account_as_code_chunk__reverts(project, deployer, code, outsider):
    chunks = [code["Membership"][0], outsider.address]
    with ape.reverts("factory: code chunk is not a contract"):
        project.CoopFactory.deploy(*factory_arguments({**code, "Membership": chunks}), sender=deployer)


def test_deploy__blueprint_as_code_chunk__reverts(project, deployer, code):
    chunks = [code["CoopCredit"], code["NutrientExchange"][1]]
    with ape.reverts("factory: not a code chunk"):
        project.CoopFactory.deploy(*factory_arguments({**code, "NutrientExchange": chunks}), sender=deployer)


def test_deploy__registry_blueprint_of_another_contract__reverts(project, deployer, code):
    # A blueprint whose contract has no FACTORY(): the check's call fails.
    other = project.TokenERC1155.declare(sender=deployer).contract_address
    with ape.reverts():
        project.CoopFactory.deploy(*factory_arguments({**code, "CoopRegistry": other}), sender=deployer)


def test_deploy__timing_floor__fixed_at_deployment(project, deployer, code):
    """A live network's stack: the shortest voting period and timelock delay
    a co-op may have (a throwaway test chain's stack has none)."""
    factory = project.CoopFactory.deploy(*factory_arguments(code, LIVE_FLOOR), sender=deployer)
    assert (factory.MIN_VOTING_PERIOD(), factory.MIN_TIMELOCK_DELAY()) == (86_400, 86_400)


def test_deploy__test_chain_stack__has_no_timing_floor(factory):
    assert (factory.MIN_VOTING_PERIOD(), factory.MIN_TIMELOCK_DELAY()) == (0, 0)


@pytest.mark.parametrize(
    ("floor", "message"),
    [
        (TimingFloor(voting_period=365 * 86_400 + 1), "factory: minimum voting period above one year"),
        (TimingFloor(timelock_delay=30 * 86_400 + 1), "factory: minimum timelock delay above 30 days"),
    ],
)
def test_deploy__timing_floor_above_the_maximum__reverts(project, deployer, code, floor, message):
    """A floor no co-op could meet would make the factory useless."""
    with ape.reverts(message):
        project.CoopFactory.deploy(*factory_arguments(code, floor), sender=deployer)
