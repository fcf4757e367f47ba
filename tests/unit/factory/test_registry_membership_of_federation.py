"""membership_of_federation: the Membership of the co-op whose Federation an
address is (what a Federation asks before it lists another co-op's members)."""

from harvest_coop.ape_layer.stack import COOP_CONTRACTS

ZERO = "0x0000000000000000000000000000000000000000"


def test_membership_of_federation__a_listed_coops_federation__its_membership(registry, factory_coop):
    membership = registry.membership_of_federation(factory_coop["Federation"])
    assert membership == factory_coop["Membership"].address


def test_membership_of_federation__the_coops_other_contracts__zero(registry, factory_coop):
    for name in COOP_CONTRACTS:
        if name != "Federation":
            assert registry.membership_of_federation(factory_coop[name]) == ZERO, name


def test_membership_of_federation__other_addresses__zero(registry, factory, accounts):
    for address in (*accounts[:10], factory, registry):
        assert registry.membership_of_federation(address) == ZERO


def test_membership_of_federation__pending_coop__zero(factory, registry, start_coop):
    core = start_coop().decode_logs(factory.CoopStarted)[0]
    assert registry.membership_of_federation(core.federation) == ZERO
