"""Governable parameters: timelock only, bounded, logged. (Federation's
list is test_membership_federate.py.)"""

import ape


def test_set_max_proxies__timelock__sets_and_logs(bare_membership, timelock_stand_in):
    tx = bare_membership.set_max_proxies(5, sender=timelock_stand_in)
    assert bare_membership.max_proxies() == 5
    ev = tx.decode_logs(bare_membership.MaxProxiesSet)[0]
    assert (ev.old_value, ev.new_value) == (2, 5)


def test_set_max_proxies__above_limit__reverts(bare_membership, timelock_stand_in):
    with ape.reverts("membership: max_proxies above limit"):
        bare_membership.set_max_proxies(9, sender=timelock_stand_in)


def test_parameter_setters__member__revert(bare_membership, founder, membership, admission):
    for fn, arg in (
        (bare_membership.set_max_proxies, 1),
        (bare_membership.set_admission_rules, admission.as_tuple()),
        (bare_membership.refuse_application, founder),
        (bare_membership.expel, founder),
        (bare_membership.admit, founder),
    ):
        with ape.reverts("membership: only the timelock (a passed proposal)"):
            fn(arg, sender=founder)


def test_set_max_proxies__through_real_governance__sets(membership, run_proposal):
    from harvest_coop.ape_layer.governance import call

    run_proposal([call(membership, "set_max_proxies", 4)], "four proxies")
    assert membership.max_proxies() == 4
