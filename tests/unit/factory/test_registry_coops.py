"""coops: pages of at most 100 records in listing order, empty past the end."""

import pytest


@pytest.fixture(scope="module")
def listed(bare_registry, registrar, fake_coop):
    """101 co-ops listed in `bare_registry`, named "coop 0".."coop 100"."""
    for i in range(101):
        bare_registry.register(fake_coop(f"coop {i}"), sender=registrar)
    return [f"coop {i}" for i in range(101)]


def names(page):
    return [record.name for record in page]


def test_coops__first_page__in_listing_order(bare_registry, listed):
    assert names(bare_registry.coops(0, 3)) == listed[:3]


def test_coops__middle_page__from_the_offset(bare_registry, listed):
    assert names(bare_registry.coops(40, 5)) == listed[40:45]


def test_coops__last_partial_page__stops_at_the_end(bare_registry, listed):
    assert names(bare_registry.coops(99, 10)) == listed[99:]


def test_coops__limit_over_100__capped_at_100(bare_registry, listed):
    assert names(bare_registry.coops(0, 1_000)) == listed[:100]
    assert names(bare_registry.coops(100, 2**256 - 1)) == listed[100:]


def test_coops__offset_at_or_past_the_end__empty(bare_registry, listed):
    assert bare_registry.coops(101, 10) == []
    assert bare_registry.coops(2**256 - 1, 2**256 - 1) == []


def test_coops__zero_limit__empty(bare_registry, listed):
    assert bare_registry.coops(0, 0) == []


def test_coops__records__are_complete(bare_registry, listed):
    for record in bare_registry.coops(7, 2):
        assert tuple(record) == tuple(bare_registry.coop(record.name))


def test_coops__no_coop_listed__empty(project, registrar):
    empty = project.CoopRegistry.deploy(sender=registrar)
    assert empty.coops(0, 100) == []


def test_coops__factory_registry__pages_hold_the_factory_coop(registry, factory_coop, params):
    assert params.name in names(registry.coops(0, 100))
