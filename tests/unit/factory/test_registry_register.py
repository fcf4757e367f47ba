"""register: only the factory lists a co-op, once per name and per contract.

The factory's own registry is reached only through `finish_coop`; the checks
inside `register` are unit-tested on `bare_registry`, whose "factory" is a
plain account (`registrar`), because Ape's in-process chain cannot
impersonate the factory."""

import ape

ZERO = "0x0000000000000000000000000000000000000000"


def test_register__not_the_factory__reverts(registry, fake_coop, outsider, creator):
    with ape.reverts("registry: only the factory registers"):
        registry.register(fake_coop("Sneaky"), sender=outsider)
    with ape.reverts("registry: only the factory registers"):
        registry.register(fake_coop("Sneaky"), sender=creator)


def test_register__factory__lists_and_logs_coop_created(bare_registry, registrar, fake_coop, creator):
    record = fake_coop("Green Roots")
    receipt = bare_registry.register(record, sender=registrar)
    events = receipt.decode_logs(bare_registry.CoopCreated)
    assert len(events) == 1
    ev = events[0]
    assert ev.creator == creator.address and ev.name == "Green Roots"
    assert (ev.timelock, ev.membership, ev.governor, ev.harvest, ev.credit, ev.exchange) == record[1:7]
    assert (ev.pool, ev.federation) == record[7:9]
    assert ev.creation_block == 1
    assert bare_registry.coop_count() == 1
    assert tuple(bare_registry.coop("Green Roots")) == record


def test_register__empty_name__reverts(bare_registry, registrar, fake_coop):
    with ape.reverts("registry: empty name"):
        bare_registry.register(fake_coop(""), sender=registrar)


def test_register__name_taken__reverts(bare_registry, registrar, fake_coop):
    bare_registry.register(fake_coop("Twice"), sender=registrar)
    with ape.reverts("registry: name already registered"):
        bare_registry.register(fake_coop("Twice"), sender=registrar)


def test_register__zero_creator__reverts(bare_registry, registrar, fake_coop):
    with ape.reverts("registry: creator is the zero address"):
        bare_registry.register(fake_coop("No Creator", creator=ZERO), sender=registrar)


def test_register__zero_contract__reverts(bare_registry, registrar, fake_coop):
    for field in ("exchange", "pool", "federation"):
        with ape.reverts("registry: contract is the zero address"):
            bare_registry.register(fake_coop(f"No {field}", **{field: ZERO}), sender=registrar)


def test_register__contract_of_a_listed_coop__reverts(bare_registry, registrar, fake_coop):
    first = fake_coop("First")
    bare_registry.register(first, sender=registrar)
    with ape.reverts("registry: contract already registered"):
        bare_registry.register(fake_coop("Second", credit=first[5]), sender=registrar)


def test_register__one_address_twice_in_a_record__reverts(bare_registry, registrar, fake_coop):
    record = fake_coop("Doubled")
    with ape.reverts("registry: contract already registered"):
        bare_registry.register(fake_coop("Doubled", governor=record[1], timelock=record[1]), sender=registrar)
