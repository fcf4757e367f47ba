"""Two co-ops from one factory: distinct contracts, both listed, each
contract found by `coop_of`, and a name taken once."""

import ape
import pytest

from harvest_coop.ape_layer.stack import COOP_CONTRACTS, create_coop


@pytest.fixture(scope="module")
def second_coop(stack, outsider, make_params, founders):
    """A second co-op, by another creator, with other founders."""
    params = make_params(
        name="Second Coop",
        symbol="SCM",
        founders=[f.address for f in founders[2:]],
        credit_name="Second Credit",
        credit_symbol="SCC",
    )
    return create_coop(stack, outsider, params)


def test_two_coops__contracts__are_sixteen_distinct_addresses(factory_coop, second_coop):
    addresses = {c.address for c in factory_coop.values()} | {c.address for c in second_coop.values()}
    assert len(addresses) == 2 * len(COOP_CONTRACTS) == 16


def test_two_coops__registry__lists_both_in_order(registry, factory_coop, second_coop, params):
    names = [record.name for record in registry.coops(0, 100)]
    assert names.index(params.name) < names.index("Second Coop")
    assert registry.is_registered(params.name) and registry.is_registered("Second Coop")


def test_two_coops__coop_of__finds_each_contract_s_coop(registry, factory_coop, second_coop, params):
    for name in COOP_CONTRACTS:
        assert registry.coop_of(factory_coop[name]) == params.name
        assert registry.coop_of(second_coop[name]) == "Second Coop"


def test_two_coops__records__name_their_creators(
    registry, factory_coop, second_coop, params, creator, outsider
):
    assert registry.coop(params.name).creator == creator.address
    assert registry.coop("Second Coop").creator == outsider.address


def test_two_coops__same_name_again__refused_at_create_coop(
    factory, second_coop, make_params, config_of, founders
):
    with ape.reverts("factory: name already registered"):
        factory.create_coop(config_of(make_params(name="Second Coop")), sender=founders[4])


def test_two_coops__second_coop__members_are_its_own(factory_coop, second_coop, founders):
    assert factory_coop["Membership"].is_member(founders[0])
    assert not second_coop["Membership"].is_member(founders[0])
    assert second_coop["Membership"].is_member(founders[2])
