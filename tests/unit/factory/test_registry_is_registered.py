"""is_registered: true once a co-op is listed under the exact name."""


def test_is_registered__factory_coop__true(registry, factory_coop, params):
    assert registry.is_registered(params.name)


def test_is_registered__unknown_or_other_case__false(registry, factory_coop, params):
    assert not registry.is_registered("Nobody Made This")
    assert not registry.is_registered(params.name.upper())
    assert not registry.is_registered("")


def test_is_registered__pending_coop__false_until_finished(factory, registry, start_coop, creator, new_name):
    start_coop()
    assert not registry.is_registered(new_name)
    factory.finish_coop(new_name, "Credit", "CRD", sender=creator)
    assert registry.is_registered(new_name)
