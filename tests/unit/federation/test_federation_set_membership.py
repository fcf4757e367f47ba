"""set_membership: once, by the deployer, a Membership whose FEDERATION is
this contract and whose timelock is this contract's."""

import ape
import pytest
from federation_helpers import ZERO_ADDRESS

from harvest_coop.core.params import AdmissionRules


@pytest.fixture
def fresh(project, deployer, timelock_stand_in, founders):
    """A Federation and a Membership naming it, not yet wired."""
    federation = project.Federation.deploy(timelock_stand_in, ZERO_ADDRESS, sender=deployer)

    def membership(federation_address=None, timelock=None):
        return project.Membership.deploy(
            "Fresh Coop",
            "FC",
            timelock or timelock_stand_in,
            [founders[0].address],
            AdmissionRules(sponsors_needed=0).as_tuple(),
            0,
            federation_address or federation,
            0,
            sender=deployer,
        )

    return federation, membership


def test_set_membership__deployer__wires_and_logs(fresh, deployer):
    federation, membership = fresh
    target = membership()
    tx = federation.set_membership(target, sender=deployer)
    assert federation.membership() == target.address
    assert [e.membership for e in tx.decode_logs(federation.MembershipSet)] == [target.address]


def test_set_membership__twice__reverts(fresh, deployer):
    federation, membership = fresh
    federation.set_membership(membership(), sender=deployer)
    with ape.reverts("federation: membership already wired"):
        federation.set_membership(membership(), sender=deployer)


def test_set_membership__not_the_deployer__reverts(fresh, timelock_stand_in, founder):
    federation, membership = fresh
    target = membership()
    for who in (timelock_stand_in, founder):
        with ape.reverts("federation: only the deployer wires the membership"):
            federation.set_membership(target, sender=who)


def test_set_membership__membership_of_another_federation__reverts(fresh, deployer, outsider):
    federation, membership = fresh
    with ape.reverts("federation: not this co-op's membership"):
        federation.set_membership(membership(federation_address=outsider), sender=deployer)


def test_set_membership__membership_of_another_timelock__reverts(fresh, deployer, outsider):
    federation, membership = fresh
    with ape.reverts("federation: timelock is not the co-op's"):
        federation.set_membership(membership(timelock=outsider), sender=deployer)
