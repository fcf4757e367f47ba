"""What a fresh deployment looks like: founders in, nobody privileged."""

from harvest_coop.core.constants import (
    CANCELLER_ROLE,
    EXECUTOR_ROLE,
    PROPOSER_ROLE,
    TIMELOCK_ROLES,
    ZERO_ADDRESS,
)


def test_deploy__founders__are_self_delegated_members_with_one_vote(membership, founders):
    for f in founders:
        assert membership.is_member(f)
        assert membership.balanceOf(f) == 1
        assert membership.getVotes(f) == 1
        assert membership.delegates(f) == f
    assert membership.totalSupply() == len(founders)


def test_deploy__outsider__is_not_a_member(membership, outsider):
    assert not membership.is_member(outsider)
    assert membership.balanceOf(outsider) == 0
    assert membership.getVotes(outsider) == 0
    assert membership.delegates(outsider) == ZERO_ADDRESS


def test_deploy__no_externally_owned_account__holds_a_timelock_role(timelock, accounts):
    for account in accounts[:10]:
        for role in TIMELOCK_ROLES.values():
            assert not timelock.hasRole(role, account)


def test_deploy__governor__is_the_only_proposer_canceller_and_executor(timelock, governor):
    assert timelock.hasRole(PROPOSER_ROLE, governor)
    assert timelock.hasRole(CANCELLER_ROLE, governor)
    assert timelock.hasRole(EXECUTOR_ROLE, governor)
    # Nobody else executes on the timelock: a proposal's calls run together.
    assert not timelock.hasRole(EXECUTOR_ROLE, ZERO_ADDRESS)
    assert timelock.hasRole(TIMELOCK_ROLES["DEFAULT_ADMIN_ROLE"], timelock)


def test_deploy__membership_and_governor__answer_only_to_the_timelock(membership, governor, timelock):
    assert membership.TIMELOCK() == timelock.address
    assert governor.timelock() == timelock.address
    assert governor.token() == membership.address


def test_deploy__member_ids__are_sequential_from_one(membership, founders):
    assert [membership.member_id(f) for f in founders] == list(range(1, len(founders) + 1))
    for i, f in enumerate(founders, start=1):
        assert membership.ownerOf(i) == f


def test_deploy__membership_governor__wired_by_the_factory_only(membership, governor, deployer, founder):
    import ape

    # The factory (Membership's deployer) wired it inside create_coop; nobody
    # else, the factory's caller included, can set it now.
    assert membership.governor() == governor.address
    for someone in (deployer, founder):
        with ape.reverts("membership: only the timelock (a passed proposal) sets the governor"):
            membership.set_governor(governor, sender=someone)


def test_set_governor__deployer_after_wiring__reverts(bare_membership, deployer, governor):
    import ape

    bare_membership.set_governor(governor, sender=deployer)
    with ape.reverts("membership: governor already wired; only governance replaces it"):
        bare_membership.set_governor(governor, sender=deployer)


def test_set_governor__not_deployer_nor_timelock__reverts(bare_membership, founder, governor):
    import ape

    with ape.reverts("membership: only the timelock (a passed proposal) sets the governor"):
        bare_membership.set_governor(governor, sender=founder)


def test_use_ballot_nonce__not_governor__reverts(membership, founder, chain):
    import ape

    with ape.reverts("membership: only the governor"):
        membership.use_ballot_nonce(founder, chain.blocks.head.timestamp - 1, sender=founder)
