"""coop: the record listed under a name; unknown names revert."""

import ape

from harvest_coop.ape_layer.stack import COOP_CONTRACTS, RECORD_FIELDS


def test_coop__factory_coop__record_has_the_eight_contracts_creator_and_block(
    registry, factory_coop, factory_receipts, params, creator
):
    record = registry.coop(params.name)
    assert record.name == params.name
    for name in COOP_CONTRACTS:
        assert getattr(record, RECORD_FIELDS[name]) == factory_coop[name].address
    assert record.creator == creator.address
    assert record.creation_block == factory_receipts.create.block_number


def test_coop__unknown_name__reverts(registry):
    with ape.reverts("registry: unknown co-op"):
        registry.coop("Nobody Made This")


def test_coop__pending_name__reverts(registry, start_coop, new_name):
    start_coop()
    with ape.reverts("registry: unknown co-op"):
        registry.coop(new_name)
