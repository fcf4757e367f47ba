"""The registry's constructor: its deployer is its only registrar, for ever."""


def test_deploy__factory_registry__factory_is_the_factory(factory, registry):
    assert registry.FACTORY() == factory.address


def test_deploy__bare_registry__factory_is_its_deployer(bare_registry, registrar):
    assert bare_registry.FACTORY() == registrar.address
    assert bare_registry.MAX_PAGE() == 100
