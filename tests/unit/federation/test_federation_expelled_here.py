"""An account a co-op expelled is out of that co-op's network, even while a
federated co-op counts it as a member; re-admission by governance brings it
back. Each co-op's expulsion counts in its own network only."""


def test_expelled_here__member_of_the_federated_coop__not_a_network_member_here(
    federate, members_a, members_b, b_member, founder, timelock_stand_in
):
    federate()
    assert members_a.is_network_member(b_member)
    members_a.expel(b_member, sender=timelock_stand_in)  # never A's member: marked all the same
    assert members_b.is_member(b_member)
    assert not members_a.is_network_member(b_member)
    assert not members_a.are_network_members(founder, b_member)
    assert not members_a.are_network_members(b_member, founder)
    # In B's network it is, as B's member.
    assert members_b.is_network_member(b_member) and members_b.are_network_members(b_member, founder)


def test_expelled_here__member_of_both__not_a_network_member_here_until_readmitted(
    federate, members_a, members_b, newcomer, founder, timelock_stand_in
):
    members_a.admit(newcomer, sender=timelock_stand_in)
    members_b.admit(newcomer, sender=timelock_stand_in)
    federate()
    members_a.expel(newcomer, sender=timelock_stand_in)
    assert members_b.is_member(newcomer)
    assert not members_a.is_network_member(newcomer)
    members_a.admit(newcomer, sender=timelock_stand_in)
    assert members_a.is_network_member(newcomer) and members_a.are_network_members(founder, newcomer)


def test_expelled_here__resigned_member_of_the_federated_coop__still_a_network_member(
    federate, members_a, members_b, newcomer, timelock_stand_in
):
    members_a.admit(newcomer, sender=timelock_stand_in)
    members_b.admit(newcomer, sender=timelock_stand_in)
    federate()
    members_a.resign(sender=newcomer)  # leaving is not being put out
    assert members_a.is_network_member(newcomer)
