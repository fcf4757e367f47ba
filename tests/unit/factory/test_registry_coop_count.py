"""coop_count: one more per finished co-op, none for a pending one."""


def test_coop_count__bare_registry__starts_at_zero(project, registrar):
    assert project.CoopRegistry.deploy(sender=registrar).coop_count() == 0


def test_coop_count__finish_coop__adds_one_start_adds_none(factory, registry, start_coop, creator, new_name):
    before = registry.coop_count()
    start_coop()
    assert registry.coop_count() == before
    factory.finish_coop(new_name, "Credit", "CRD", sender=creator)
    assert registry.coop_count() == before + 1
