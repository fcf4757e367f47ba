"""federate / defederate: the list of federated co-ops, edited only by the
co-op's Federation contract (a stand-in account here); `is_network_member`
and `are_network_members` read it. The two-sided steps are Federation's
(tests/unit/federation/)."""

import ape
import pytest

from harvest_coop.core.constants import ZERO_ADDRESS
from harvest_coop.core.params import AdmissionRules


@pytest.fixture
def other_coop_membership(project, deployer, timelock_stand_in, outsider):
    """Another co-op's Membership, with the outsider as its member."""

    def _deploy(member=None):
        return project.Membership.deploy(
            "Other Coop",
            "OC",
            timelock_stand_in,
            [(member or outsider).address],
            AdmissionRules(sponsors_needed=0).as_tuple(),
            1,
            ZERO_ADDRESS,
            0,
            sender=deployer,
        )

    return _deploy


def test_federate__federation__its_members_become_network_members(
    bare_membership, federation_stand_in, other_coop_membership, outsider, founder
):
    other = other_coop_membership()
    assert not bare_membership.is_network_member(outsider)
    tx = bare_membership.federate(other, sender=federation_stand_in)
    assert [e.coop for e in tx.decode_logs(bare_membership.Federated)] == [other.address]
    assert bare_membership.federated(0) == other.address
    assert bare_membership.is_network_member(outsider)
    assert bare_membership.are_network_members(outsider, founder)
    assert bare_membership.are_network_members(founder, outsider)
    assert not bare_membership.is_member(outsider)


def test_defederate__federation__drops_it_and_logs(
    bare_membership, federation_stand_in, other_coop_membership, outsider
):
    other = other_coop_membership()
    bare_membership.federate(other, sender=federation_stand_in)
    tx = bare_membership.defederate(other, sender=federation_stand_in)
    assert [e.coop for e in tx.decode_logs(bare_membership.Defederated)] == [other.address]
    assert not bare_membership.is_network_member(outsider)
    assert bare_membership.federated(0) == ZERO_ADDRESS


def test_defederate__from_the_middle__list_stays_packed(
    bare_membership, federation_stand_in, other_coop_membership, accounts
):
    others = [other_coop_membership(accounts[6 + i]) for i in range(3)]
    for other in others:
        bare_membership.federate(other, sender=federation_stand_in)
    bare_membership.defederate(others[0], sender=federation_stand_in)
    assert [bare_membership.federated(i) for i in range(3)] == [
        others[2].address,
        others[1].address,
        ZERO_ADDRESS,
    ]
    for i in (1, 2):
        assert bare_membership.is_network_member(accounts[6 + i])
    assert not bare_membership.is_network_member(accounts[6])


def test_federate__twice__reverts(bare_membership, federation_stand_in, other_coop_membership):
    other = other_coop_membership()
    bare_membership.federate(other, sender=federation_stand_in)
    with ape.reverts("membership: already federated"):
        bare_membership.federate(other, sender=federation_stand_in)


def test_federate__not_a_contract_or_self__reverts(bare_membership, federation_stand_in, outsider):
    with ape.reverts("membership: not a co-op membership contract"):
        bare_membership.federate(outsider, sender=federation_stand_in)
    with ape.reverts("membership: not a co-op membership contract"):
        bare_membership.federate(bare_membership, sender=federation_stand_in)


def test_federate__seventeenth__reverts(
    project, deployer, bare_membership, federation_stand_in, timelock_stand_in
):
    for _ in range(bare_membership.MAX_FEDERATED()):
        bare_membership.federate(
            project.MockMembership.deploy(timelock_stand_in, sender=deployer), sender=federation_stand_in
        )
    with ape.reverts("membership: federation list full"):
        bare_membership.federate(
            project.MockMembership.deploy(timelock_stand_in, sender=deployer), sender=federation_stand_in
        )


def test_defederate__not_federated__reverts(bare_membership, federation_stand_in, other_coop_membership):
    with ape.reverts("membership: not federated"):
        bare_membership.defederate(other_coop_membership(), sender=federation_stand_in)


def test_federate_and_defederate__not_the_federation__revert(
    bare_membership, timelock_stand_in, founder, other_coop_membership
):
    other = other_coop_membership()
    for who in (timelock_stand_in, founder):
        for fn in (bare_membership.federate, bare_membership.defederate):
            with ape.reverts("membership: only the co-op's Federation contract"):
                fn(other, sender=who)


def test_federation__immutable__is_the_stand_in(bare_membership, federation_stand_in):
    assert bare_membership.FEDERATION() == federation_stand_in.address


def test_member_since__member_and_non_member(bare_membership, founder, outsider, timelock_stand_in, chain):
    assert bare_membership.member_since(founder) == bare_membership.joined_at(founder) != 0
    assert bare_membership.member_since(outsider) == 0
    bare_membership.resign(sender=founder)
    assert bare_membership.member_since(founder) == 0 and bare_membership.joined_at(founder) != 0
