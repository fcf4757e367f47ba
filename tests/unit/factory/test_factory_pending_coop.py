"""pending_coop: a started, unfinished co-op's creator and core contracts."""

ZERO = "0x0000000000000000000000000000000000000000"


def test_pending_coop__unknown_name__is_all_zero(factory):
    assert tuple(factory.pending_coop("Nobody Started This")) == (ZERO, ZERO, ZERO, ZERO)


def test_pending_coop__after_create_coop__names_creator_and_core(factory, start_coop, creator, new_name):
    core = start_coop().decode_logs(factory.CoopStarted)[0]
    assert tuple(factory.pending_coop(new_name)) == (
        creator.address,
        core.timelock,
        core.membership,
        core.governor,
    )


def test_pending_coop__after_finish_coop__is_all_zero(factory, start_coop, creator, new_name):
    start_coop()
    factory.finish_coop(new_name, "Credit", "CRD", sender=creator)
    assert tuple(factory.pending_coop(new_name)) == (ZERO, ZERO, ZERO, ZERO)


def test_pending_coop__finished_coop__is_all_zero(factory, factory_coop, params):
    assert tuple(factory.pending_coop(params.name)) == (ZERO, ZERO, ZERO, ZERO)
