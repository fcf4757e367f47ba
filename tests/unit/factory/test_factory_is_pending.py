"""is_pending: true between create_coop and finish_coop, within NAME_HOLD only."""


def test_is_pending__unknown_name__false(factory):
    assert not factory.is_pending("Nobody Started This")


def test_is_pending__started__true_until_finished(factory, start_coop, creator, new_name):
    start_coop()
    assert factory.is_pending(new_name)
    factory.finish_coop(new_name, "Credit", "CRD", sender=creator)
    assert not factory.is_pending(new_name)


def test_is_pending__names_are_exact_bytes__other_case_not_pending(factory, start_coop, new_name):
    start_coop()
    assert not factory.is_pending(new_name.upper())


def test_is_pending__started__false_once_the_name_hold_has_passed(factory, chain, start_coop, new_name):
    receipt = start_coop()
    started_at = int(chain.blocks[receipt.block_number].timestamp)
    chain.mine(timestamp=started_at + factory.NAME_HOLD() - 1)
    assert factory.is_pending(new_name)
    chain.mine(timestamp=started_at + factory.NAME_HOLD())
    assert not factory.is_pending(new_name)
