"""claim: a member of this co-op takes at most its equal share of what the
pool held at the epoch's first action, and at most the per-member limit, of
a fresh batch or of the credit; every claim is an event."""

import ape
import pytest
from pool_helpers import CREDIT, DAY, ZERO_ADDRESS

from harvest_coop.ape_layer.governance import call, pass_proposal
from harvest_coop.core.proposals import proposal_of

# Credit exists only by a passed proposal: `funded` mints it once per
# module, before the first test (Ape's snapshot isolation wants module
# fixtures set up first).
pytestmark = pytest.mark.usefixtures("funded")


@pytest.fixture
def batch(stock_batch):
    """1,000 g in the pool; five founders, so a share of 200 g each."""
    return stock_batch(given=1_000)


def test_claim__member_within_share__moves_the_grams_and_logs_claimed(pool, harvest, claimer, batch):
    before = harvest.balanceOf(claimer, batch)
    tx = pool.claim(harvest, batch, 150, sender=claimer)
    assert harvest.balanceOf(claimer, batch) == before + 150
    assert harvest.balanceOf(pool, batch) == 850
    events = tx.decode_logs(pool.Claimed)
    assert len(events) == 1
    number = pool.epoch()[0]
    assert (events[0].member, events[0].id, events[0].amount, events[0].epoch) == (
        claimer.address,
        batch,
        150,
        number,
    )
    assert pool.claimed(claimer, harvest, batch) == 150


def test_claim__first_action_of_the_epoch__records_the_epoch_and_the_holdings(
    pool, harvest, claimer, membership, batch
):
    tx = pool.claim(harvest, batch, 10, sender=claimer)
    number, start, _ = pool.epoch()
    started = tx.decode_logs(pool.EpochStarted)
    assert [(e.epoch, e.start, e.members) for e in started] == [(number, start, membership.totalSupply())]
    recorded = tx.decode_logs(pool.HoldingsRecorded)
    assert [(e.id, e.epoch, e.holdings, e.share, e.limit) for e in recorded] == [
        (batch, number, 1_000, 200, pool.claim_limits()[0])
    ]
    # Later actions of the epoch record nothing again.
    again = pool.claim(harvest, batch, 10, sender=claimer)
    assert not again.decode_logs(pool.EpochStarted) and not again.decode_logs(pool.HoldingsRecorded)


def test_claim__whole_share_in_steps__allowed_then_refused(pool, harvest, claimer, batch):
    pool.claim(harvest, batch, 150, sender=claimer)
    pool.claim(harvest, batch, 50, sender=claimer)
    with ape.reverts("pool: above your equal share of this epoch"):
        pool.claim(harvest, batch, 1, sender=claimer)


def test_claim__above_equal_share__reverts(pool, harvest, claimer, batch):
    with ape.reverts("pool: above your equal share of this epoch"):
        pool.claim(harvest, batch, 201, sender=claimer)


def test_claim__every_member_takes_a_full_share__all_equal_and_the_pool_is_empty(
    pool, harvest, founders, batch
):
    for founder in founders:
        pool.claim(harvest, batch, 200, sender=founder)
        assert pool.claimed(founder, harvest, batch) == 200
    assert harvest.balanceOf(pool, batch) == 0


def test_claim__donation_during_the_epoch__does_not_raise_this_epoch_s_share(
    pool, harvest, claimer, grower, batch, next_epoch
):
    pool.claim(harvest, batch, 200, sender=claimer)
    harvest.safeTransferFrom(grower, pool, batch, 4_000, b"", sender=grower)
    with ape.reverts("pool: above your equal share of this epoch"):
        pool.claim(harvest, batch, 1, sender=claimer)
    next_epoch()
    # 4,800 g at the new epoch's first action: 960 g each.
    pool.claim(harvest, batch, 960, sender=claimer)


def test_claim__member_count_changes_during_the_epoch__share_stays_recorded(
    pool, harvest, membership, claimer, neighbour, newcomer, run_proposal, batch
):
    pool.claim(harvest, batch, 1, sender=claimer)  # records 5 members
    run_proposal([call(membership, "admit", newcomer)], "admit a newcomer mid-epoch")
    assert pool.epoch_members() == 5
    pool.claim(harvest, batch, 200, sender=neighbour)


def test_claim__credit__within_share__moves_the_credit(pool, credit, claimer, donor, funded, next_epoch):
    credit.approve(pool, 500 * CREDIT, sender=donor)
    pool.donate(credit, 0, 500 * CREDIT, sender=donor)
    next_epoch()
    before = credit.balanceOf(claimer)
    tx = pool.claim(credit, 0, 100 * CREDIT, sender=claimer)
    assert credit.balanceOf(claimer) == before + 100 * CREDIT
    event = tx.decode_logs(pool.Claimed)[0]
    assert (event.member, event.id, event.amount) == (claimer.address, 0, 100 * CREDIT)
    with ape.reverts("pool: above your equal share of this epoch"):
        pool.claim(credit, 0, 1, sender=claimer)


def test_claim__next_epoch__a_new_share(pool, harvest, claimer, batch, next_epoch):
    pool.claim(harvest, batch, 200, sender=claimer)
    next_epoch()
    # 800 g left, five members: 160 g each.
    pool.claim(harvest, batch, 160, sender=claimer)
    with ape.reverts("pool: above your equal share of this epoch"):
        pool.claim(harvest, batch, 1, sender=claimer)


# ------------------------------------- several resources in one epoch
#
# A member's first claim of an epoch and its claims of other resources in
# the same epoch are kept in different places; each resource must still be
# bounded by its own share and limit, whatever the order of the claims.


@pytest.fixture
def two_batches_and_credit(pool, credit, donor, stock_batch):
    """Two batches of 1,000 g and 500 credit in the pool: with five
    founders a share of 200 g of each batch and of 100 credit."""
    credit.approve(pool, 500 * CREDIT, sender=donor)
    pool.donate(credit, 0, 500 * CREDIT, sender=donor)
    first = stock_batch(given=1_000)
    second = stock_batch(given=1_000)
    return first, second


def test_claim__a_then_b_then_a__each_bounded_by_its_own_share(
    pool, harvest, claimer, two_batches_and_credit
):
    a, b = two_batches_and_credit
    pool.claim(harvest, a, 150, sender=claimer)
    pool.claim(harvest, b, 200, sender=claimer)
    pool.claim(harvest, a, 50, sender=claimer)
    for batch in (a, b):
        with ape.reverts("pool: above your equal share of this epoch"):
            pool.claim(harvest, batch, 1, sender=claimer)
        assert pool.claimed(claimer, harvest, batch) == 200
        assert pool.claimable(claimer, harvest, batch) == 0


def test_claim__b_first_then_a_then_b__each_bounded_by_its_own_share(
    pool, harvest, claimer, two_batches_and_credit
):
    a, b = two_batches_and_credit
    pool.claim(harvest, b, 10, sender=claimer)
    pool.claim(harvest, a, 200, sender=claimer)
    with ape.reverts("pool: above your equal share of this epoch"):
        pool.claim(harvest, a, 1, sender=claimer)
    # What was taken of `a` does not count against `b`, nor the reverse.
    assert pool.claimable(claimer, harvest, b) == 190
    pool.claim(harvest, b, 190, sender=claimer)
    with ape.reverts("pool: above your equal share of this epoch"):
        pool.claim(harvest, b, 1, sender=claimer)


def test_claim__three_resources_interleaved__each_bounded(
    pool, harvest, credit, claimer, two_batches_and_credit
):
    a, b = two_batches_and_credit
    pool.claim(credit, 0, 60 * CREDIT, sender=claimer)
    pool.claim(harvest, a, 100, sender=claimer)
    pool.claim(harvest, b, 100, sender=claimer)
    pool.claim(credit, 0, 40 * CREDIT, sender=claimer)
    pool.claim(harvest, a, 100, sender=claimer)
    pool.claim(harvest, b, 100, sender=claimer)
    with ape.reverts("pool: above your equal share of this epoch"):
        pool.claim(credit, 0, 1, sender=claimer)
    for batch in (a, b):
        with ape.reverts("pool: above your equal share of this epoch"):
            pool.claim(harvest, batch, 1, sender=claimer)
    assert pool.claimed(claimer, credit, 0) == 100 * CREDIT
    assert pool.claimed(claimer, harvest, a) == pool.claimed(claimer, harvest, b) == 200


def test_claim__several_resources_by_every_member__all_equal_and_the_pools_empty(
    pool, harvest, founders, two_batches_and_credit
):
    a, b = two_batches_and_credit
    for i, founder in enumerate(founders):
        # Half begin with one batch, half with the other.
        order = (a, b) if i % 2 else (b, a)
        for batch in order:
            pool.claim(harvest, batch, 200, sender=founder)
    for batch in (a, b):
        assert harvest.balanceOf(pool, batch) == 0
        assert {pool.claimed(f, harvest, batch) for f in founders} == {200}


def test_claim__across_epochs__last_epoch_s_claims_of_any_resource_do_not_count(
    pool, harvest, claimer, two_batches_and_credit, next_epoch
):
    a, b = two_batches_and_credit
    pool.claim(harvest, a, 200, sender=claimer)
    pool.claim(harvest, b, 200, sender=claimer)
    next_epoch()
    # 800 g of each left, five members: 160 g each, whichever comes first.
    for batch in (a, b):
        assert pool.claimed(claimer, harvest, batch) == 0
        assert pool.claimable(claimer, harvest, batch) == 160
    pool.claim(harvest, b, 160, sender=claimer)
    pool.claim(harvest, a, 100, sender=claimer)
    with ape.reverts("pool: above your equal share of this epoch"):
        pool.claim(harvest, b, 1, sender=claimer)
    next_epoch()
    # 640 g of `b` and 700 g of `a`: 128 g and 140 g; the other order again.
    pool.claim(harvest, a, 140, sender=claimer)
    pool.claim(harvest, b, 128, sender=claimer)
    for batch in (a, b):
        with ape.reverts("pool: above your equal share of this epoch"):
            pool.claim(harvest, batch, 1, sender=claimer)


def test_claim__member_who_left_and_rejoined__no_second_share(
    chain, governor, founders, pool, harvest, membership, claimer, two_batches_and_credit, next_epoch
):
    a, b = two_batches_and_credit
    pool.claim(harvest, a, 200, sender=claimer)
    pool.claim(harvest, b, 50, sender=claimer)
    membership.resign(sender=claimer)
    voters = [f for f in founders if f != claimer]
    proposal = proposal_of([call(membership, "admit", claimer)], "admit the claimer again", voters[0])
    pass_proposal(chain, governor, voters[0], voters, proposal)
    with ape.reverts("pool: you joined during this epoch; claim from the next one"):
        pool.claim(harvest, b, 1, sender=claimer)
    assert pool.claimed(claimer, harvest, a) == 200
    assert pool.claimed(claimer, harvest, b) == 50
    next_epoch()
    # A new epoch, a new share: 800 // 5 = 160 g of `a`, 950 // 5 = 190 g of `b`.
    pool.claim(harvest, b, 190, sender=claimer)
    pool.claim(harvest, a, 160, sender=claimer)
    for batch in (a, b):
        with ape.reverts("pool: above your equal share of this epoch"):
            pool.claim(harvest, batch, 1, sender=claimer)


def test_claim__several_resources__each_within_its_limit(pool, harvest, claimer, run_proposal, stock_batch):
    run_proposal([call(pool, "set_claim_limits", 100, 50 * CREDIT)], "small limits")
    a = stock_batch(given=1_000)
    b = stock_batch(given=1_000)
    pool.claim(harvest, a, 60, sender=claimer)
    pool.claim(harvest, b, 100, sender=claimer)
    with ape.reverts("pool: above the per-member limit of this epoch"):
        pool.claim(harvest, a, 41, sender=claimer)
    pool.claim(harvest, a, 40, sender=claimer)
    with ape.reverts("pool: above the per-member limit of this epoch"):
        pool.claim(harvest, b, 1, sender=claimer)


# ------------------------------------------------------------- the limits


def test_claim__above_the_harvest_limit__reverts(pool, harvest, claimer, run_proposal, stock_batch):
    run_proposal([call(pool, "set_claim_limits", 100, 50 * CREDIT)], "small limits")
    batch = stock_batch(given=1_000)
    pool.claim(harvest, batch, 100, sender=claimer)
    with ape.reverts("pool: above the per-member limit of this epoch"):
        pool.claim(harvest, batch, 1, sender=claimer)


def test_claim__above_the_credit_limit__reverts(
    pool, credit, claimer, donor, funded, run_proposal, next_epoch
):
    run_proposal([call(pool, "set_claim_limits", 100, 50 * CREDIT)], "small limits")
    credit.approve(pool, 500 * CREDIT, sender=donor)
    pool.donate(credit, 0, 500 * CREDIT, sender=donor)
    next_epoch()
    with ape.reverts("pool: above the per-member limit of this epoch"):
        pool.claim(credit, 0, 50 * CREDIT + 1, sender=claimer)
    pool.claim(credit, 0, 50 * CREDIT, sender=claimer)


def test_claim__limit_zero__no_claims_of_that_kind(pool, harvest, claimer, run_proposal, stock_batch):
    run_proposal([call(pool, "set_claim_limits", 0, 50 * CREDIT)], "no harvest claims")
    batch = stock_batch()
    with ape.reverts("pool: above the per-member limit of this epoch"):
        pool.claim(harvest, batch, 1, sender=claimer)


# -------------------------------------------------------------- refusals


def test_claim__zero_amount__reverts(pool, harvest, claimer, batch):
    with ape.reverts("pool: zero amount"):
        pool.claim(harvest, batch, 0, sender=claimer)


def test_claim__outsider__reverts(pool, harvest, outsider, batch):
    with ape.reverts("pool: only members of this co-op claim"):
        pool.claim(harvest, batch, 1, sender=outsider)


def test_claim__member_who_left__reverts(pool, harvest, claimer, membership, batch):
    membership.resign(sender=claimer)
    with ape.reverts("pool: only members of this co-op claim"):
        pool.claim(harvest, batch, 1, sender=claimer)


def test_claim__member_who_joined_during_the_epoch__reverts_until_the_next(
    pool, harvest, membership, newcomer, run_proposal, batch, next_epoch
):
    run_proposal([call(membership, "admit", newcomer)], "admit a newcomer")
    with ape.reverts("pool: you joined during this epoch; claim from the next one"):
        pool.claim(harvest, batch, 1, sender=newcomer)
    next_epoch()
    # Six members now: 1,000 // 6 = 166 g each.
    pool.claim(harvest, batch, 166, sender=newcomer)


def test_claim__other_token__reverts(pool, membership, claimer):
    with ape.reverts("pool: only the co-op's harvest token and credit"):
        pool.claim(membership, 1, 1, sender=claimer)


def test_claim__credit_with_an_id__reverts(pool, credit, claimer):
    with ape.reverts("pool: credit has no id (use 0)"):
        pool.claim(credit, 1, 1, sender=claimer)


def test_claim__unknown_batch__reverts(pool, harvest, claimer, next_epoch):
    next_epoch()
    with ape.reverts("pool: unknown batch"):
        pool.claim(harvest, 999_999, 1, sender=claimer)


def test_claim__more_than_the_pool_holds__reverts(pool, harvest, credit, claimer, batch):
    with ape.reverts("pool: the pool holds less than that"):
        pool.claim(harvest, batch, 1_001, sender=claimer)
    with ape.reverts("pool: the pool holds less than that"):
        pool.claim(credit, 0, 1, sender=claimer)


def test_claim__more_than_the_pool_holds_after_the_epoch_was_recorded__reverts(pool, harvest, claimer, batch):
    pool.claim(harvest, batch, 1, sender=claimer)
    with ape.reverts("pool: the pool holds less than that"):
        pool.claim(harvest, batch, 1_000, sender=claimer)


def test_claim__huge_amount_after_a_claim__reverts_with_the_holdings_reason(pool, harvest, claimer, batch):
    # `taken + amount` would overflow: refused with the reason, not a bare revert.
    pool.claim(harvest, batch, 1, sender=claimer)
    with ape.reverts("pool: the pool holds less than that"):
        pool.claim(harvest, batch, 2**256 - 1, sender=claimer)
    with ape.reverts("pool: the pool holds less than that"):
        pool.claim(harvest, batch, 2**112, sender=claimer)
    with ape.reverts("pool: above your equal share of this epoch"):
        pool.claim(harvest, batch, 200, sender=claimer)
    assert pool.claimed(claimer, harvest, batch) == 1


def test_claim__frozen_batch__reverts(pool, harvest, claimer, run_proposal, batch):
    run_proposal([call(harvest, "freeze", batch, "fraud")], "freeze the batch")
    with ape.reverts("pool: batch frozen"):
        pool.claim(harvest, batch, 1, sender=claimer)


def test_claim__batch_frozen_after_the_epoch_was_recorded__reverts(
    pool, harvest, claimer, neighbour, run_proposal, batch
):
    pool.claim(harvest, batch, 1, sender=neighbour)
    run_proposal([call(harvest, "freeze", batch, "fraud")], "freeze the batch")
    with ape.reverts("pool: batch frozen"):
        pool.claim(harvest, batch, 1, sender=claimer)


def test_claim__expired_batch__reverts(pool, harvest, claimer, stock_batch, expire):
    batch = stock_batch(shelf=8 * DAY)
    expire(harvest, batch)
    with ape.reverts("pool: batch expired; it can only be composted"):
        pool.claim(harvest, batch, 1, sender=claimer)


def test_claim__batch_expired_after_the_epoch_was_recorded__reverts(
    pool, harvest, claimer, neighbour, stock_batch, expire
):
    batch = stock_batch(shelf=8 * DAY)
    pool.claim(harvest, batch, 1, sender=neighbour)
    expire(harvest, batch)
    with ape.reverts("pool: batch expired; it can only be composted"):
        pool.claim(harvest, batch, 1, sender=claimer)


# ------------------------------------------------ the push and reentrancy


@pytest.fixture
def wallet_member(project, deployer, membership, run_proposal):
    """A contract wallet (ERC1155ReceiverMock, accepting) admitted as a member."""
    wallet = project.ERC1155ReceiverMock.deploy(0, sender=deployer)
    run_proposal([call(membership, "admit", wallet)], "admit a contract wallet")
    return wallet


def test_claim__claimer_s_wallet_refuses__only_its_own_claim_fails(
    pool, harvest, wallet_member, neighbour, stock_batch
):
    batch = stock_batch(given=1_200)
    wallet_member.set_mode(wallet_member.REJECT(), sender=neighbour)
    data = pool.claim.encode_input(harvest, batch, 100)
    with ape.reverts("receiver: rejected"):
        wallet_member.execute(pool, data, sender=neighbour)
    # Nothing was taken; the others claim as usual.
    assert pool.claimed(wallet_member, harvest, batch) == 0
    pool.claim(harvest, batch, 200, sender=neighbour)
    wallet_member.set_mode(wallet_member.ACCEPT(), sender=neighbour)
    wallet_member.execute(pool, data, sender=neighbour)
    assert harvest.balanceOf(wallet_member, batch) == 100


def test_claim__reentering_from_the_claimer_s_hook__reverts(
    pool, harvest, wallet_member, neighbour, stock_batch
):
    batch = stock_batch(given=1_200)
    data = pool.claim.encode_input(harvest, batch, 1)
    wallet_member.set_reentry(pool, data, sender=neighbour)
    wallet_member.set_mode(wallet_member.REENTER(), sender=neighbour)
    with ape.reverts():
        wallet_member.execute(pool, data, sender=neighbour)
    assert pool.claimed(wallet_member, harvest, batch) == 0


def test_claim__zero_address_token__reverts(pool, claimer):
    with ape.reverts("pool: only the co-op's harvest token and credit"):
        pool.claim(ZERO_ADDRESS, 0, 1, sender=claimer)


def test_claim__harvest_id_0__cannot_draw_on_the_credit_s_record(
    pool, harvest, credit, claimer, donor, next_epoch
):
    # The credit is recorded under id 0, which no harvest batch has: a
    # harvest claim of id 0 neither takes nor spends any of the credit share.
    credit.approve(pool, 500 * CREDIT, sender=donor)
    pool.donate(credit, 0, 500 * CREDIT, sender=donor)
    next_epoch()
    pool.claim(credit, 0, 10 * CREDIT, sender=claimer)
    with ape.reverts("pool: harvest batch ids start at 1"):
        pool.claim(harvest, 0, 1, sender=claimer)
    assert pool.claimed(claimer, credit, 0) == 10 * CREDIT
    pool.claim(credit, 0, 90 * CREDIT, sender=claimer)
    assert pool.claimed(claimer, credit, 0) == 100 * CREDIT
