"""federation_status and federated_membership through a federation's life."""

from federation_helpers import ACTIVE, NONE, PROPOSED, ZERO_ADDRESS


def test_views__through_propose_accept_end(fed_a, fed_b, members_a, members_b, timelock_stand_in):
    assert fed_a.federation_status(fed_b) == NONE and fed_a.federated_membership(fed_b) == ZERO_ADDRESS
    fed_a.propose_federation(fed_b, sender=timelock_stand_in)
    assert fed_a.federation_status(fed_b) == PROPOSED and fed_a.federated_membership(fed_b) == ZERO_ADDRESS
    fed_b.accept_federation(fed_a, sender=timelock_stand_in)
    assert fed_a.federation_status(fed_b) == ACTIVE and fed_a.federated_membership(fed_b) == members_b.address
    assert fed_b.federated_membership(fed_a) == members_a.address
    fed_a.end_federation(fed_b, sender=timelock_stand_in)
    assert fed_a.federation_status(fed_b) == NONE and fed_a.federated_membership(fed_b) == ZERO_ADDRESS


def test_views__status_matches_the_enum(fed_a):
    assert (fed_a.STATUS_NONE(), fed_a.STATUS_PROPOSED(), fed_a.STATUS_ACTIVE()) == (NONE, PROPOSED, ACTIVE)
