"""Governable parameters and federation: timelock only, bounded, logged."""

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
        (bare_membership.federate, membership.address),
        (bare_membership.defederate, membership.address),
    ):
        with ape.reverts("membership: only the timelock (a passed proposal)"):
            fn(arg, sender=founder)


def test_federate__other_coop__its_members_become_network_members(
    project, deployer, bare_membership, timelock_stand_in, outsider, founder, admission
):
    other = project.Membership.deploy(
        "Other Coop", "OC", timelock_stand_in, [outsider], admission.as_tuple(), 1, sender=deployer
    )
    assert not bare_membership.is_network_member(outsider)
    tx = bare_membership.federate(other, sender=timelock_stand_in)
    assert tx.decode_logs(bare_membership.Federated)[0].coop == other.address
    assert bare_membership.is_network_member(outsider)
    assert bare_membership.are_network_members(outsider, founder)
    assert not bare_membership.is_member(outsider)
    with ape.reverts("membership: already federated"):
        bare_membership.federate(other, sender=timelock_stand_in)
    bare_membership.defederate(other, sender=timelock_stand_in)
    assert not bare_membership.is_network_member(outsider)
    with ape.reverts("membership: not federated"):
        bare_membership.defederate(other, sender=timelock_stand_in)


def test_federate__not_a_contract_or_self__reverts(bare_membership, timelock_stand_in, outsider):
    with ape.reverts("membership: not a co-op membership contract"):
        bare_membership.federate(outsider, sender=timelock_stand_in)
    with ape.reverts("membership: not a co-op membership contract"):
        bare_membership.federate(bare_membership, sender=timelock_stand_in)


def test_set_max_proxies__through_real_governance__sets(membership, run_proposal):
    from harvest_coop.ape_layer.governance import call

    run_proposal([call(membership, "set_max_proxies", 4)], "four proxies")
    assert membership.max_proxies() == 4
