"""set_admission_rules and the rule views: timelock only, bounded, logged."""

from dataclasses import replace

import ape

from harvest_coop.core.params import DAY, AdmissionRules


def test_admission_rules__deployment__as_given(membership, admission):
    assert tuple(membership.admission_rules()) == admission.as_tuple()
    assert membership.sponsors_needed() == 2
    assert membership.objections_needed() == 2


def test_set_admission_rules__timelock__sets_and_logs(bare_membership, timelock_stand_in):
    rules = AdmissionRules()
    tx = bare_membership.set_admission_rules(rules.as_tuple(), sender=timelock_stand_in)
    assert tuple(bare_membership.admission_rules()) == rules.as_tuple()
    ev = tx.decode_logs(bare_membership.AdmissionRulesSet)[0]
    assert (ev.sponsors_needed, ev.sponsors_percent, ev.min_tenure, ev.challenge_window) == (
        3,
        30,
        90 * DAY,
        7 * DAY,
    )
    # 5 members: max(3, ceil(30% of 5) = 2) = 3; objections max(3, 1) = 3.
    assert bare_membership.sponsors_needed() == 3
    assert bare_membership.objections_needed() == 3


def test_set_admission_rules__out_of_bounds__reverts(bare_membership, timelock_stand_in, admission):
    cases = {
        "membership: sponsors_percent above 100": {"sponsors_percent": 101},
        "membership: objections_needed must be at least 1": {"objections_needed": 0},
        "membership: objections_percent above 100": {"objections_percent": 101},
        "membership: sponsor_limit must be at least 1": {"sponsor_limit": 0},
        "membership: sponsor_period must be one day to one year": {"sponsor_period": DAY - 1},
        "membership: min_tenure above one year": {"min_tenure": 365 * DAY + 1},
        "membership: challenge_window above 90 days": {"challenge_window": 90 * DAY + 1},
        "membership: sponsors_needed above 65535": {"sponsors_needed": 65_536},
    }
    for message, change in cases.items():
        with ape.reverts(message):
            bare_membership.set_admission_rules(
                replace(admission, **change).as_tuple(), sender=timelock_stand_in
            )
    with ape.reverts("membership: sponsor_period must be one day to one year"):
        bare_membership.set_admission_rules(
            replace(admission, sponsor_period=365 * DAY + 1).as_tuple(), sender=timelock_stand_in
        )


def test_params_validate__mirrors_the_contract_bounds():
    import pytest

    for change in ({"objections_needed": 0}, {"sponsor_period": 1}, {"challenge_window": 91 * DAY}):
        with pytest.raises(ValueError):
            replace(AdmissionRules(), **change).validate()
    AdmissionRules().validate()


def _floored(project, deployer, founders, timelock_stand_in, federation_stand_in, rules, floor=DAY):
    """A Membership deployed with a network floor of the challenge window."""
    return project.Membership.deploy(
        "Floor Coop",
        "FLC",
        timelock_stand_in,
        [f.address for f in founders],
        rules.as_tuple(),
        2,
        federation_stand_in,
        floor,
        sender=deployer,
    )


def test_set_admission_rules__challenge_window_below_the_floor__reverts(
    project, deployer, founders, timelock_stand_in, federation_stand_in, admission
):
    floored = _floored(
        project,
        deployer,
        founders,
        timelock_stand_in,
        federation_stand_in,
        replace(admission, challenge_window=DAY),
    )
    assert floored.MIN_CHALLENGE_WINDOW() == DAY
    with ape.reverts("membership: challenge window below this network's minimum"):
        floored.set_admission_rules(
            replace(admission, challenge_window=DAY - 1).as_tuple(), sender=timelock_stand_in
        )
    # The floor itself is a window the co-op may choose.
    floored.set_admission_rules(replace(admission, challenge_window=DAY).as_tuple(), sender=timelock_stand_in)
    assert floored.admission_rules().challenge_window == DAY


def test_deploy__challenge_window_below_the_floor__reverts(
    project, deployer, founders, timelock_stand_in, federation_stand_in, admission
):
    with ape.reverts("membership: challenge window below this network's minimum"):
        _floored(
            project,
            deployer,
            founders,
            timelock_stand_in,
            federation_stand_in,
            replace(admission, challenge_window=DAY - 1),
        )
