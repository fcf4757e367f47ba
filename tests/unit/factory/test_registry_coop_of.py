"""coop_of: the name of the co-op one of whose eight contracts an address is."""

from harvest_coop.ape_layer.stack import COOP_CONTRACTS


def test_coop_of__each_contract__names_its_coop(registry, factory_coop, params):
    for name in COOP_CONTRACTS:
        assert registry.coop_of(factory_coop[name]) == params.name


def test_coop_of__other_addresses__empty_string(registry, factory, factory_coop, accounts):
    for address in (*accounts[:10], factory, registry):
        assert registry.coop_of(address) == ""


def test_coop_of__pending_coop_contract__empty_string(factory, registry, start_coop):
    core = start_coop().decode_logs(factory.CoopStarted)[0]
    for address in (core.timelock, core.membership, core.governor, core.federation):
        assert registry.coop_of(address) == ""
