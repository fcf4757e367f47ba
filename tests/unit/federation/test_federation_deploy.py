"""The constructor and the one-time wiring the factory uses: the timelock is
the only privileged account; the deployer wires the Membership once."""

import ape
from federation_helpers import ZERO_ADDRESS


def test_deploy__timelock__kept_membership_not_yet_wired(project, deployer, timelock_stand_in, outsider):
    federation = project.Federation.deploy(timelock_stand_in, outsider, sender=deployer)
    assert federation.TIMELOCK() == timelock_stand_in.address
    assert federation.REGISTRY() == outsider.address
    assert federation.membership() == ZERO_ADDRESS
    assert federation.NOTIFY_GAS() == 150_000


def test_deploy__zero_timelock__reverts(project, deployer):
    with ape.reverts("federation: timelock is the zero address"):
        project.Federation.deploy(ZERO_ADDRESS, ZERO_ADDRESS, sender=deployer)


def test_deploy__by_the_factory__checks_peers_against_its_registry(coop, other_coop, stack):
    for c in (coop, other_coop):
        assert c["Federation"].REGISTRY() == stack.registry.address
