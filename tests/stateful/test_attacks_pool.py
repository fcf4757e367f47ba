"""Attacks on ResourcePool from an attacker's side (review of the pool and of
how HarvestToken, Membership and the exchange's fee path meet it), on co-ops
made by the factory (titanoboa).

Each test is written as the attack; its docstring names the attack and the
rule it tries to break (DESIGN.md: the pool's balance of every id equals
donations - claims - compost; no member takes more than an equal share in an
epoch by any route; outsiders cannot hold produce; nothing loops over
members; no minority can block the others from claiming). "held" tests are
regression tests asserting the rule. A failing test shows the rule broken.

Governance is played by pranking the co-op's timelock (a passed proposal's
call), as `federate` does.
"""

from __future__ import annotations

import boa
import pytest
from eth_account import Account
from eth_utils import keccak

from harvest_coop.core.offers import Offer, sign_offer
from harvest_coop.core.params import DAY, CoopParams
from harvest_coop.testing.boa import block_time, compiled, create_coop, federate, warp

pytestmark = pytest.mark.usefixtures("rollback")  # each test in a titanoboa anchor (conftest)

SHELF = 30 * DAY
CREDIT = 10**18
MAX_UINT = 2**256 - 1
N_FOUNDERS = 4


class Coop:
    """A factory-made co-op with `n` founders; founder 0 grows the harvest."""

    def __init__(self, stack, name: str, n: int = N_FOUNDERS, founders=None) -> None:
        self.founders = founders or [boa.env.generate_address(f"{name}-founder{i}") for i in range(n)]
        c = create_coop(stack, self.founders[0], CoopParams(name=name, founders=self.founders))
        self.c = c
        self.pool, self.harvest, self.credit = c["ResourcePool"], c["HarvestToken"], c["CoopCredit"]
        self.membership, self.timelock = c["Membership"], c["TimelockController"]
        self.grower = self.founders[0]

    def gov(self, contract, fn: str, *args):
        """A passed proposal's call (the timelock pranked)."""
        with boa.env.prank(self.timelock.address):
            return getattr(contract, fn)(*args)

    def log(self, grams: int, shelf: int = SHELF, grower=None) -> int:
        now = block_time()
        return self.harvest.log_harvest(
            "kale", grams, now, now + shelf, "plot 7", sender=grower or self.grower
        )

    def give_harvest(self, grams: int, shelf: int = SHELF) -> int:
        """A batch logged by the grower and sent whole to the pool."""
        batch = self.log(grams, shelf)
        self.harvest.safeTransferFrom(self.grower, self.pool.address, batch, grams, b"", sender=self.grower)
        return batch

    def give_credit(self, amount: int, donor=None) -> None:
        donor = donor or self.founders[-1]
        self.gov(self.credit, "mint", donor, amount)
        self.credit.approve(self.pool.address, amount, sender=donor)
        self.pool.donate(self.credit.address, 0, amount, sender=donor)

    def next_epoch(self) -> None:
        warp(self.pool.epoch()[2])

    def admit(self, account) -> None:
        self.gov(self.membership, "admit", account)


@pytest.fixture(scope="module")
def coop(stack):
    return Coop(stack, "Pool Attacks")


# ------------------------------------------------------- equal share per epoch


def test_early_claimers__cannot_empty_the_pool__everyone_gets_an_equal_share(coop):
    """held. Three of four members claim the instant the epoch begins, each
    asking for more than a quarter first, then exactly a quarter; the
    fourth comes on the epoch's last second. Rule: shares = holdings at the
    epoch's first action // members; the last claimer gets the same as the
    first."""
    batch = coop.give_harvest(4_003)
    coop.next_epoch()
    for m in coop.founders[:3]:
        with boa.reverts("pool: above your equal share of this epoch"):
            coop.pool.claim(coop.harvest.address, batch, 1_001, sender=m)
        coop.pool.claim(coop.harvest.address, batch, 1_000, sender=m)
    warp(coop.pool.epoch()[2] - 1)
    last = coop.founders[3]
    assert coop.pool.claimable(last, coop.harvest.address, batch) == 1_000
    coop.pool.claim(coop.harvest.address, batch, 1_000, sender=last)
    assert [coop.harvest.balanceOf(m, batch) for m in coop.founders[1:]] == [1_000] * 3
    assert coop.harvest.balanceOf(coop.pool.address, batch) == 3  # the rounding remainder stays
    assert coop.harvest.balanceOf(coop.grower, batch) == 1_000


def test_claim_in_small_steps__adds_up_to_one_share(coop):
    """held. A member claims its share in 1-gram steps and then one more
    gram, and the same with credit (first-claim word and the per-resource
    word both). Rule: the sum of a member's claims of a resource in an
    epoch never exceeds its share."""
    batch = coop.give_harvest(40)
    coop.give_credit(400)
    coop.next_epoch()
    m = coop.founders[1]
    for _ in range(10):
        coop.pool.claim(coop.harvest.address, batch, 1, sender=m)
        coop.pool.claim(coop.credit.address, 0, 10, sender=m)
    with boa.reverts("pool: above your equal share of this epoch"):
        coop.pool.claim(coop.harvest.address, batch, 1, sender=m)
    with boa.reverts("pool: above your equal share of this epoch"):
        coop.pool.claim(coop.credit.address, 0, 1, sender=m)
    assert coop.pool.claimed(m, coop.harvest.address, batch) == 10
    assert coop.pool.claimed(m, coop.credit.address, 0) == 100


def test_claim_across_ids__each_resource_bounded_by_its_own_share(coop):
    """held. A member claims two batches and the credit in interleaved order
    (the first claim of the epoch lives in the member's first-claim word, the
    others in per-resource words), then tries one more unit of each. Rule:
    each resource's claims stay within that resource's share; a claim of one
    id never spends or frees another's."""
    a = coop.give_harvest(400)
    b = coop.give_harvest(800)
    coop.give_credit(4_000)
    coop.next_epoch()
    m = coop.founders[2]
    h, cr = coop.harvest.address, coop.credit.address
    coop.pool.claim(h, b, 150, sender=m)
    coop.pool.claim(cr, 0, 500, sender=m)
    coop.pool.claim(h, a, 100, sender=m)
    coop.pool.claim(h, b, 50, sender=m)
    coop.pool.claim(cr, 0, 500, sender=m)
    for token, id_ in ((h, a), (h, b), (cr, 0)):
        with boa.reverts("pool: above your equal share of this epoch"):
            coop.pool.claim(token, id_, 1, sender=m)
    assert coop.harvest.balanceOf(m, a) == 100
    assert coop.harvest.balanceOf(m, b) == 200
    assert coop.credit.balanceOf(m) == 1_000


def test_resign_and_rejoin_in_the_same_epoch__no_second_share(coop):
    """held. A member takes its share, resigns and is re-admitted at once
    (governance admits it again, or an accomplice majority does): a fresh
    membership in the same epoch. Rule: no member takes more than one share
    per epoch; the re-joined account claims again only from the next
    epoch, and then one share."""
    batch = coop.give_harvest(4_000)
    coop.next_epoch()
    m = coop.founders[1]
    coop.pool.claim(coop.harvest.address, batch, 1_000, sender=m)
    coop.membership.resign(sender=m)
    coop.admit(m)
    with boa.reverts("pool: you joined during this epoch; claim from the next one"):
        coop.pool.claim(coop.harvest.address, batch, 1, sender=m)
    assert coop.pool.claimable(m, coop.harvest.address, batch) == 0
    coop.next_epoch()
    share = coop.pool.claimable(m, coop.harvest.address, batch)
    assert share == 3_000 // 4
    coop.pool.claim(coop.harvest.address, batch, share, sender=m)
    with boa.reverts("pool: above your equal share of this epoch"):
        coop.pool.claim(coop.harvest.address, batch, 1, sender=m)


def test_members_leave_before_the_first_action__the_rest_cannot_take_more_than_held(coop):
    """held. Two of four members resign between the epoch's start and its
    first action, so the epoch is recorded with two members (shares double);
    they are then re-admitted to claim their doubled share too. Rule: the
    re-admitted joined during the epoch and cannot claim in it; the two who
    stayed take half each and the pool never pays out more than it held."""
    batch = coop.give_harvest(4_000)
    coop.next_epoch()
    leavers = coop.founders[2:]
    for m in leavers:
        coop.membership.resign(sender=m)
    coop.pool.claim(coop.harvest.address, batch, 2_000, sender=coop.founders[1])
    assert coop.pool.epoch_members() == 2
    for m in leavers:
        coop.admit(m)
        with boa.reverts("pool: you joined during this epoch; claim from the next one"):
            coop.pool.claim(coop.harvest.address, batch, 1, sender=m)
    coop.pool.claim(coop.harvest.address, batch, 2_000, sender=coop.grower)
    assert coop.harvest.balanceOf(coop.pool.address, batch) == 0


def test_new_members_join_before_the_first_action__counted_but_cannot_claim(coop):
    """held. Members admitted after the epoch began but before its first
    action are counted (their share stays in the pool for the next epoch),
    and cannot claim this epoch. Rule: the eligible claimers are always a
    subset of the recorded members, so the shares of all of them together
    never exceed what was recorded."""
    batch = coop.give_harvest(6_000)
    coop.next_epoch()
    newcomers = [boa.env.generate_address(f"pa-new{i}") for i in range(2)]
    for n in newcomers:
        coop.admit(n)
    for m in coop.founders:
        coop.pool.claim(coop.harvest.address, batch, 1_000, sender=m)
    assert coop.pool.epoch_members() == 6
    for n in newcomers:
        with boa.reverts("pool: you joined during this epoch; claim from the next one"):
            coop.pool.claim(coop.harvest.address, batch, 1, sender=n)
    assert coop.harvest.balanceOf(coop.pool.address, batch) == 2_000
    coop.next_epoch()
    for n in newcomers:
        coop.pool.claim(coop.harvest.address, batch, 2_000 // 6, sender=n)


def test_expelled_and_resigned_members__cannot_claim(coop):
    """held. A member facing expulsion claims nothing after it; one who
    resigned claims nothing either, even though both were counted in the
    epoch. Rule: only members of this co-op claim."""
    batch = coop.give_harvest(4_000)
    coop.next_epoch()
    coop.pool.claim(coop.harvest.address, batch, 1, sender=coop.founders[1])  # the epoch is recorded
    coop.gov(coop.membership, "expel", coop.founders[2])
    coop.membership.resign(sender=coop.founders[3])
    for m in coop.founders[2:]:
        with boa.reverts("pool: only members of this co-op claim"):
            coop.pool.claim(coop.harvest.address, batch, 1, sender=m)
        assert coop.pool.claimable(m, coop.harvest.address, batch) == 0


def test_federated_coops_member__cannot_claim_but_can_give(stack, coop):
    """held. A member of a federated co-op may hold this co-op's produce and
    may give it to the pool, but claim from it? Rule: the pool shares
    among this co-op's members only (a federated co-op's member is not
    counted in the epoch either)."""
    other = Coop(stack, "Pool Neighbours", n=1)
    federate(coop.c, other.c)
    neighbour = other.founders[0]
    batch = coop.give_harvest(4_000)
    gift = coop.log(100)
    coop.harvest.safeTransferFrom(coop.grower, neighbour, gift, 100, b"", sender=coop.grower)
    coop.harvest.safeTransferFrom(neighbour, coop.pool.address, gift, 100, b"", sender=neighbour)
    assert coop.harvest.balanceOf(coop.pool.address, gift) == 100
    coop.next_epoch()
    with boa.reverts("pool: only members of this co-op claim"):
        coop.pool.claim(coop.harvest.address, batch, 1, sender=neighbour)
    assert coop.pool.claimable(neighbour, coop.harvest.address, batch) == 0
    coop.pool.claim(coop.harvest.address, batch, 1_000, sender=coop.founders[1])
    assert coop.pool.epoch_members() == N_FOUNDERS


def test_outsider__cannot_claim_hold_or_receive_produce(coop):
    """held. An outsider claims, and a member tries to claim into a
    non-member's hands (the pool pays only `msg.sender`). Rule: outsiders
    cannot hold produce."""
    outsider = boa.env.generate_address("pa-outsider")
    batch = coop.give_harvest(4_000)
    coop.next_epoch()
    with boa.reverts("pool: only members of this co-op claim"):
        coop.pool.claim(coop.harvest.address, batch, 1, sender=outsider)
    m = coop.founders[1]
    coop.pool.claim(coop.harvest.address, batch, 1_000, sender=m)
    with boa.reverts("harvest: receiver is not in the co-op network"):
        coop.harvest.safeTransferFrom(m, outsider, batch, 1, b"", sender=m)
    assert coop.harvest.balanceOf(outsider, batch) == 0


def test_proxy_delegation__no_claim_on_anothers_behalf(coop):
    """held. A member lends its vote to another (a proxy); the proxy holds
    two votes. Rule: claims are per member, not per vote: the proxy claims
    one share, the lender its own."""
    batch = coop.give_harvest(4_000)
    lender, proxy = coop.founders[1], coop.founders[2]
    coop.membership.delegate(proxy, sender=lender)
    assert coop.membership.getVotes(proxy) == 2
    coop.next_epoch()
    with boa.reverts("pool: above your equal share of this epoch"):
        coop.pool.claim(coop.harvest.address, batch, 2_000, sender=proxy)
    coop.pool.claim(coop.harvest.address, batch, 1_000, sender=proxy)
    coop.pool.claim(coop.harvest.address, batch, 1_000, sender=lender)


# -------------------------------------------------------------- timing


def test_donation_on_the_epochs_last_second__counts_from_the_next_epoch(coop):
    """held. A donor gives on the last second of an epoch whose resource was
    already recorded, and again at the first second of the next epoch as
    its first action; members race to claim the donation at once. Rule: a
    share divides what the pool held at the epoch's first action on the
    resource: a donation that is that first action counts from the
    following epoch, never twice."""
    coop.give_credit(400)
    coop.next_epoch()
    m = coop.founders[1]
    coop.pool.claim(coop.credit.address, 0, 100, sender=m)  # records 400
    warp(coop.pool.epoch()[2] - 1)
    coop.give_credit(4_000)
    with boa.reverts("pool: above your equal share of this epoch"):
        coop.pool.claim(coop.credit.address, 0, 1, sender=m)
    coop.next_epoch()
    coop.give_credit(40_000)  # the first action of the epoch: recorded before it
    assert coop.pool.holdings_at_epoch_start(coop.credit.address, 0) == 4_300
    assert coop.pool.claimable(m, coop.credit.address, 0) == 4_300 // 4
    with boa.reverts("pool: above your equal share of this epoch"):
        coop.pool.claim(coop.credit.address, 0, 4_300 // 4 + 1, sender=m)
    coop.pool.claim(coop.credit.address, 0, 4_300 // 4, sender=m)


def test_join_at_the_epoch_boundary__last_second_counts_first_second_does_not(coop):
    """held. Two newcomers are admitted on the last second of an epoch and on
    the first second of the next, and both claim in the new epoch (the
    second in the same second it joined, before or after the epoch's first
    action). Rule: a member claims only in an epoch that began after it
    joined; the shares of the eligible never exceed what was recorded."""
    batch = coop.give_harvest(6_000)
    end = coop.pool.epoch()[2]
    early, late = (boa.env.generate_address(f"pa-edge{i}") for i in range(2))
    warp(end - 1)
    coop.admit(early)
    warp(end)
    coop.admit(late)
    with boa.reverts("pool: you joined during this epoch; claim from the next one"):
        coop.pool.claim(coop.harvest.address, batch, 1, sender=late)
    coop.pool.claim(coop.harvest.address, batch, 1_000, sender=early)
    assert coop.pool.epoch_members() == N_FOUNDERS + 2
    with boa.reverts("pool: you joined during this epoch; claim from the next one"):
        coop.pool.claim(coop.harvest.address, batch, 1, sender=late)
    for f in coop.founders:
        coop.pool.claim(coop.harvest.address, batch, 1_000, sender=f)
    assert coop.harvest.balanceOf(coop.pool.address, batch) == 1_000


def test_dust_donation_as_first_action__cannot_shrink_the_others_share(coop):
    """held. A griefer gives 1 gram of a batch (and 1 wei of credit) the
    instant the epoch begins, to be its first action and fix the snapshot
    before the members come. Rule: no minority can block the others from
    claiming: the record is what the pool held, the dust only adds."""
    batch = coop.give_harvest(4_000)
    coop.give_credit(4_000)
    coop.next_epoch()
    griefer = coop.grower
    coop.harvest.setApprovalForAll(coop.pool.address, True, sender=griefer)
    dust_batch_left = coop.harvest.balanceOf(griefer, batch)
    assert dust_batch_left == 0
    other = coop.log(10)
    coop.harvest.safeTransferFrom(griefer, coop.pool.address, other, 1, b"", sender=griefer)
    coop.gov(coop.credit, "mint", griefer, 1)
    coop.credit.approve(coop.pool.address, 1, sender=griefer)
    coop.pool.donate(coop.credit.address, 0, 1, sender=griefer)
    for m in coop.founders:
        coop.pool.claim(coop.harvest.address, batch, 1_000, sender=m)
        coop.pool.claim(coop.credit.address, 0, 1_000, sender=m)


def test_epoch_length_shortened_mid_epoch__no_extra_share(coop):
    """held. After every member took its share, governance (or a majority
    that wants a second helping) sets the epoch length to one day. Rule:
    the running epoch keeps its length and its record; a new share only
    when it ends, not a day later."""
    batch = coop.give_harvest(8_000)
    coop.next_epoch()
    m = coop.founders[1]
    coop.pool.claim(coop.harvest.address, batch, 2_000, sender=m)
    number, start, end = coop.pool.epoch()
    coop.gov(coop.pool, "set_epoch_length", DAY)
    assert coop.pool.epoch() == (number, start, end)
    warp(start + DAY + 1)
    assert coop.pool.epoch()[0] == number
    with boa.reverts("pool: above your equal share of this epoch"):
        coop.pool.claim(coop.harvest.address, batch, 1, sender=m)
    # A second change in the same epoch does not move it either.
    coop.gov(coop.pool, "set_epoch_length", 2 * DAY)
    assert coop.pool.epoch() == (number, start, end)
    warp(end)
    assert coop.pool.epoch() == (number + 1, end, end + 2 * DAY)
    coop.pool.claim(coop.harvest.address, batch, 6_000 // 4, sender=m)


def test_limit_raised_mid_epoch__recorded_resource_keeps_its_limit(coop):
    """held. The harvest limit is 500 g; a member claims it, governance
    raises the limit to 10 kg mid-epoch, the member claims again. Rule: a
    resource recorded in the epoch keeps the limit recorded with it; a
    resource first touched after the change has the new one, for all
    members alike."""
    coop.gov(coop.pool, "set_claim_limits", 500, 100 * CREDIT)
    a = coop.give_harvest(4_000)
    b = coop.give_harvest(4_000)
    coop.next_epoch()
    m = coop.founders[1]
    coop.pool.claim(coop.harvest.address, a, 500, sender=m)
    coop.gov(coop.pool, "set_claim_limits", 10_000, 100 * CREDIT)
    with boa.reverts("pool: above the per-member limit of this epoch"):
        coop.pool.claim(coop.harvest.address, a, 1, sender=m)
    coop.pool.claim(coop.harvest.address, b, 1_000, sender=m)
    coop.next_epoch()
    coop.pool.claim(coop.harvest.address, a, 3_500 // 4, sender=m)


def test_limit_zero__stops_claims_of_that_kind_from_the_next_record(coop):
    """held. Governance sets the harvest limit to 0 to stop claims. Rule: no
    claim of a resource recorded after the change; credit unaffected."""
    batch = coop.give_harvest(4_000)
    coop.give_credit(400)
    coop.gov(coop.pool, "set_claim_limits", 0, 100 * CREDIT)
    coop.next_epoch()
    m = coop.founders[1]
    with boa.reverts("pool: above the per-member limit of this epoch"):
        coop.pool.claim(coop.harvest.address, batch, 1, sender=m)
    assert coop.pool.claimable(m, coop.harvest.address, batch) == 0
    coop.pool.claim(coop.credit.address, 0, 100, sender=m)


# -------------------------------------------------- re-entrancy and hooks


@pytest.fixture
def wallet(coop):
    """A contract wallet (ERC1155ReceiverMock) admitted as a member before
    the next epoch."""
    w = compiled("ERC1155ReceiverMock").deploy(0)
    coop.admit(w.address)
    return w


def test_reenter_claim_from_the_receiver_hook__refused(coop, wallet):
    """held. A contract member's ERC-1155 hook, called by the claim's push,
    calls `claim` again (and `donate`, `compost`) before the first claim
    returns. Rule: no second helping by re-entrancy: the pool is locked, the
    whole claim reverts, nothing is taken."""
    batch = coop.give_harvest(5_000)
    coop.next_epoch()
    claim = coop.pool.claim.prepare_calldata(coop.harvest.address, batch, 1_000)
    for data in (
        claim,
        coop.pool.donate.prepare_calldata(coop.credit.address, 0, 1),
        coop.pool.compost.prepare_calldata(batch),
    ):
        wallet.set_reentry(coop.pool.address, data)
        wallet.set_mode(wallet.REENTER())
        with boa.reverts():
            wallet.execute(coop.pool.address, claim)
    assert coop.pool.claimed(wallet.address, coop.harvest.address, batch) == 0
    wallet.set_mode(wallet.ACCEPT())
    wallet.execute(coop.pool.address, claim)
    assert coop.harvest.balanceOf(wallet.address, batch) == 1_000


def test_give_back_from_the_receiver_hook__is_a_plain_donation(coop, wallet):
    """held. The claimer's hook sends the claimed grams straight back to the
    pool (the pool's own hook runs inside its claim) to inflate the
    holdings or reset its claim record. Rule: it is a donation, logged; the
    epoch's record and the claimer's record are unchanged; balances add
    up."""
    batch = coop.give_harvest(5_000)
    coop.next_epoch()
    back = coop.harvest.safeTransferFrom.prepare_calldata(
        wallet.address, coop.pool.address, batch, 1_000, b""
    )
    wallet.set_reentry(coop.harvest.address, back)
    wallet.set_mode(wallet.REENTER())
    wallet.execute(coop.pool.address, coop.pool.claim.prepare_calldata(coop.harvest.address, batch, 1_000))
    assert coop.harvest.balanceOf(coop.pool.address, batch) == 5_000
    assert coop.pool.claimed(wallet.address, coop.harvest.address, batch) == 1_000
    assert coop.pool.holdings_at_epoch_start(coop.harvest.address, batch) == 5_000
    with boa.reverts():
        wallet.execute(coop.pool.address, coop.pool.claim.prepare_calldata(coop.harvest.address, batch, 1))


def test_hook_called_directly__refused(coop):
    """held. Anyone calls the pool's `onERC1155Received` (with the pool or a
    donor as operator) to fake a donation or the epoch's record. Rule:
    only the co-op's HarvestToken calls it."""
    attacker = boa.env.generate_address("pa-hook")
    with boa.reverts("pool: only the co-op's harvest token"):
        coop.pool.onERC1155Received(attacker, attacker, 1, 10**9, b"", sender=attacker)
    with boa.reverts("pool: only the co-op's harvest token"):
        coop.pool.onERC1155Received(coop.pool.address, attacker, 1, 10**9, b"", sender=attacker)


# ------------------------------------------------ composting and stranding


def test_compost_fresh_or_frozen_produce__refused(coop):
    """held. A griefer composts the pool's fresh produce to deprive the
    members, or a frozen batch (governance's evidence). Rule: only expired
    produce is composted, by anyone."""
    batch = coop.give_harvest(4_000, shelf=2 * DAY)
    griefer = boa.env.generate_address("pa-griefer")
    with boa.reverts("pool: batch not expired"):
        coop.pool.compost(batch, sender=griefer)
    coop.gov(coop.harvest, "freeze", batch, "evidence")
    warp(block_time() + 3 * DAY)
    with boa.reverts("pool: batch frozen; governance decides about it"):
        coop.pool.compost(batch, sender=griefer)
    coop.gov(coop.harvest, "unfreeze", batch, "cleared")
    assert coop.pool.compost(batch, sender=griefer) == 4_000
    assert coop.harvest.balanceOf(coop.pool.address, batch) == 0


def test_compost_as_first_action__does_not_lower_the_others_share(coop):
    """held. Composting an expired batch is the epoch's first action, right
    at its start: the member count is recorded then, the other batches are
    untouched. Rule: composting never takes from a fresh resource."""
    old = coop.give_harvest(400, shelf=DAY)
    fresh = coop.give_harvest(4_000)
    coop.next_epoch()
    coop.pool.compost(old, sender=boa.env.generate_address("pa-composter"))
    for m in coop.founders:
        coop.pool.claim(coop.harvest.address, fresh, 1_000, sender=m)


def test_batch_smaller_than_the_member_count__never_claimable_then_composted(coop):
    """known limit (not a fix): a batch of fewer grams than there are
    members has a share of 0 in every epoch, so nobody can ever claim it and
    it ends composted; likewise the `held % members` rounding remainder of
    every batch. Rule checked: the grams are not lost silently, they stay
    in the pool (claimable 0, refused with the share reason) until they
    expire and anyone composts them."""
    batch = coop.give_harvest(3, shelf=8 * DAY)
    coop.next_epoch()
    m = coop.founders[1]
    assert coop.pool.claimable(m, coop.harvest.address, batch) == 0
    with boa.reverts("pool: above your equal share of this epoch"):
        coop.pool.claim(coop.harvest.address, batch, 1, sender=m)
    assert coop.harvest.balanceOf(coop.pool.address, batch) == 3
    warp(block_time() + 8 * DAY)
    assert coop.pool.compost(batch) == 3


def test_plain_credit_transfer_before_the_first_action__shared_by_all(coop):
    """held. A member sends credit to the pool by a plain ERC-20 `transfer`
    (no hook, no record) right after the epoch began and then claims first,
    hoping to claim the untracked credit for itself. Rule: it is part of
    what the pool holds at the epoch's first action on the credit, shared
    equally; the pool's balance covers every share."""
    coop.give_credit(400)
    coop.next_epoch()
    m = coop.founders[1]
    coop.gov(coop.credit, "mint", m, 4_000)
    coop.credit.transfer(coop.pool.address, 4_000, sender=m)
    with boa.reverts("pool: above your equal share of this epoch"):
        coop.pool.claim(coop.credit.address, 0, 1_101, sender=m)
    for f in coop.founders:
        coop.pool.claim(coop.credit.address, 0, 1_100, sender=f)
    assert coop.credit.balanceOf(coop.pool.address) == 0


def test_frozen_then_unfrozen_in_the_epoch__shares_unchanged(coop):
    """held. Governance freezes a batch after some members claimed, then
    unfreezes it in the same epoch; a member tries to claim during the
    freeze and after. Rule: a frozen batch does not move; after the
    unfreeze the recorded shares hold, nobody gains or loses."""
    batch = coop.give_harvest(4_000)
    coop.next_epoch()
    coop.pool.claim(coop.harvest.address, batch, 1_000, sender=coop.founders[1])
    coop.gov(coop.harvest, "freeze", batch, "check")
    with boa.reverts("pool: batch frozen"):
        coop.pool.claim(coop.harvest.address, batch, 1, sender=coop.founders[2])
    assert coop.pool.claimable(coop.founders[2], coop.harvest.address, batch) == 0
    coop.gov(coop.harvest, "unfreeze", batch, "ok")
    with boa.reverts("pool: above your equal share of this epoch"):
        coop.pool.claim(coop.harvest.address, batch, 1, sender=coop.founders[1])
    for f in (coop.grower, *coop.founders[2:]):
        coop.pool.claim(coop.harvest.address, batch, 1_000, sender=f)


def test_epoch_one__members_who_joined_with_the_pool_claim_from_epoch_two(coop):
    """held (conservative). The factory makes the founders members and
    deploys the pool in the same second here (two transactions in one
    block on a chain); credit sent plainly to the pool in epoch 1 is
    claimed first thing. Rule: a member claims only in an epoch that began
    after it joined: epoch 1 is not claimable for them, epoch 2 is; nothing
    is lost."""
    number, start, _ = coop.pool.epoch()
    assert number == 1
    m = coop.founders[1]
    assert coop.membership.member_since(m) == start
    coop.gov(coop.credit, "mint", coop.pool.address, 400)
    with boa.reverts("pool: you joined during this epoch; claim from the next one"):
        coop.pool.claim(coop.credit.address, 0, 1, sender=m)
    coop.next_epoch()
    assert coop.pool.epoch()[0] == 2
    coop.pool.claim(coop.credit.address, 0, 100, sender=m)


def test_foreign_tokens__refused_so_no_fake_holdings(coop):
    """held. An attacker offers the pool a fee-on-transfer ERC-20 (or any
    other ERC-20) through `donate`, and sends it a look-alike ERC-1155 with
    a batch id the pool shares out, to fake holdings, to fake `Donated`
    events or to record a batch's epoch early. Rule: only the co-op's
    harvest token and credit are taken; the real batch's record and shares
    are untouched."""
    attacker = coop.founders[1]
    fee_token = compiled("TokenFeeOnTransfer").deploy("Fee", "FEE", 18)
    fee_token._mint_for_testing(attacker, 10**21)
    fee_token.approve(coop.pool.address, 10**21, sender=attacker)
    with boa.reverts("pool: only the co-op's harvest token and credit"):
        coop.pool.donate(fee_token.address, 0, 10**18, sender=attacker)
    batch = coop.give_harvest(4_000)
    coop.next_epoch()
    fake = compiled("TokenERC1155").deploy()
    fake._mint_for_testing(attacker, batch, 10**9)
    with boa.reverts("pool: only the co-op's harvest token"):
        fake.safeTransferFrom(attacker, coop.pool.address, batch, 10**9, b"", sender=attacker)
    assert coop.pool.holdings_at_epoch_start(coop.harvest.address, batch) == 4_000
    for f in coop.founders:
        coop.pool.claim(coop.harvest.address, batch, 1_000, sender=f)


# ----------------------------------------------------- arithmetic edges


def test_huge_amount_after_a_claim__refused_with_the_share_reason(coop):
    """A member who already claimed some of a resource asks for 2**256 - 1
    (or anything that overflows `taken + amount`). Rule: a clear error
    message (the share or the holdings), never a bare overflow revert."""
    batch = coop.give_harvest(4_000)
    coop.give_credit(4_000)
    coop.next_epoch()
    m = coop.founders[1]
    for token, id_ in ((coop.harvest.address, batch), (coop.credit.address, 0)):
        coop.pool.claim(token, id_, 1, sender=m)
        for amount in (MAX_UINT, MAX_UINT - 1, 2**255):
            with boa.reverts("pool: the pool holds less than that"):
                coop.pool.claim(token, id_, amount, sender=m)
    # A large but not overflowing amount gives the same reason.
    with boa.reverts("pool: the pool holds less than that"):
        coop.pool.claim(coop.harvest.address, batch, 2**200, sender=m)


def test_all_members_leave__nobody_claims_then_the_newcomer_takes_all(coop):
    """held. Every member resigns (0 members); a donation arrives; a new
    member is admitted. Rule: 0 members means a share of 0 (no division by
    zero, nothing paid out); the newcomer claims from the next epoch, then
    the whole holding as the only member."""
    coop.give_credit(1_000)
    for m in coop.founders:
        coop.membership.resign(sender=m)
    coop.next_epoch()
    coop.give_credit(500)  # the epoch's first action: 0 members recorded
    assert coop.pool.epoch_members() == 0
    newcomer = boa.env.generate_address("pa-newcomer")
    coop.admit(newcomer)
    with boa.reverts("pool: you joined during this epoch; claim from the next one"):
        coop.pool.claim(coop.credit.address, 0, 1, sender=newcomer)
    coop.next_epoch()
    coop.pool.claim(coop.credit.address, 0, 1_500, sender=newcomer)
    assert coop.credit.balanceOf(coop.pool.address) == 0


def test_claim_cost__does_not_grow_with_the_member_count(stack):
    """held. The same claim in a co-op of 3 members and in one of 60. Rule:
    nothing loops over members: the claim's gas is the same."""
    used = []
    for n in (3, 60):
        c = Coop(stack, f"Pool Gas {n}", n=n)
        batch = c.give_harvest(6_000)
        c.next_epoch()
        c.pool.claim(c.harvest.address, batch, 10, sender=c.founders[1])  # records the epoch
        c.pool.claim(c.harvest.address, batch, 10, sender=c.founders[2])
        used.append(c.pool._computation.get_gas_used())
    assert used[0] == used[1]


# ------------------------------------------------ the exchange's fee, retiring


def test_exchange_fee__a_logged_donation_shared_from_the_next_epoch(stack):
    """held. A trader times a fill with a 1 % fee so that the fee (harvest
    and credit) is the epoch's first action on the batch, then claims at
    once to catch the fee in this epoch's share. Rule: the fee is a
    donation (`Donated`, from the maker, for the harvest leg), recorded
    before it arrived, shared equally from the next epoch; the pool's
    balance equals what came in."""
    maker = Account.from_key(keccak(text="pool attacks maker"))
    founders = [maker.address, *(boa.env.generate_address(f"pa-fee{i}") for i in range(3))]
    coop = Coop(stack, "Pool Fee", founders=founders)
    exchange = coop.c["NutrientExchange"]
    taker = founders[1]
    coop.gov(exchange, "set_fee", 100)
    batch = coop.log(100_000)
    coop.gov(coop.credit, "mint", taker, 1_000 * CREDIT)
    coop.harvest.setApprovalForAll(exchange.address, True, sender=maker.address)
    coop.credit.approve(exchange.address, 1_000 * CREDIT, sender=taker)
    coop.next_epoch()
    now = block_time()
    offer = Offer(
        maker=maker.address,
        give_token=coop.harvest.address,
        give_id=batch,
        give_amount=10_000,
        want_token=coop.credit.address,
        want_id=0,
        want_amount=40 * CREDIT,
        expiry=now + DAY,
        nonce=1,
        max_fee_bps=100,
    )
    signature = sign_offer(maker, offer, exchange.eip712Domain()[3], exchange.address)
    exchange.fill(offer.as_tuple(), signature, 10_000, 10_000, sender=taker)
    donated = [e for e in exchange.get_logs(strict=False) if type(e).__name__ == "Donated"]
    assert [(e.donor, e.id, e.amount) for e in donated] == [(maker.address, batch, 100)]
    assert coop.harvest.balanceOf(coop.pool.address, batch) == 100
    assert coop.credit.balanceOf(coop.pool.address) == 40 * CREDIT // 100
    with boa.reverts("pool: above your equal share of this epoch"):
        coop.pool.claim(coop.harvest.address, batch, 1, sender=taker)
    coop.next_epoch()
    for m in founders:
        coop.pool.claim(coop.harvest.address, batch, 25, sender=m)
        coop.pool.claim(coop.credit.address, 0, 40 * CREDIT // 400, sender=m)
    assert coop.harvest.balanceOf(coop.pool.address, batch) == 0
    assert coop.credit.balanceOf(coop.pool.address) == 0


def test_retired_pool__what_it_holds_is_still_claimed_and_composted(coop):
    """held. Governance retires the pool in HarvestToken (its kill switch).
    Rule: nothing is stranded: members still claim what it holds and
    anyone composts its expired produce; no new harvest comes in."""
    batch = coop.give_harvest(4_000)
    old = coop.give_harvest(40, shelf=DAY)
    coop.gov(coop.harvest, "set_coop_contract", coop.pool.address, False)
    fresh = coop.log(100)
    with boa.reverts("harvest: receiver is not in the co-op network"):
        coop.harvest.safeTransferFrom(coop.grower, coop.pool.address, fresh, 100, b"", sender=coop.grower)
    coop.next_epoch()
    for m in coop.founders:
        coop.pool.claim(coop.harvest.address, batch, 1_000, sender=m)
    assert coop.pool.compost(old) == 40
    assert coop.harvest.balanceOf(coop.pool.address, batch) == 0


# ------------------------------------- round 2: federation, packing, schedule


def test_member_of_two_federated_coops__one_share_from_each_own_pool__the_other_s_admissions_dilute_nothing(
    stack, coop
):
    """held. X is a member of this co-op and of a federated one, whose
    governance (captured) also admits eight accounts of its own, which hold
    this co-op's produce and give some to this pool. Rule: X takes one share
    from each pool it is a member of, and no more from either; the other
    co-op's admissions are not counted in this pool's epoch (so they do not
    shrink this co-op's shares) and cannot claim what they gave; this
    co-op's other members still take their full shares."""
    other = Coop(stack, "Pool Twins", n=2)
    x = coop.founders[1]
    other.admit(x)
    sybils = [boa.env.generate_address(f"twin-sybil{i}") for i in range(8)]
    for s in sybils:
        other.admit(s)
    federate(coop.c, other.c)
    batch = coop.give_harvest(4_000)
    other_batch = other.give_harvest(3_300)
    gift = coop.log(100)
    coop.harvest.safeTransferFrom(coop.grower, sybils[0], gift, 100, b"", sender=coop.grower)
    coop.harvest.safeTransferFrom(sybils[0], coop.pool.address, gift, 100, b"", sender=sybils[0])
    coop.next_epoch()
    other.next_epoch()
    assert coop.pool.epoch()[1] <= block_time() < coop.pool.epoch()[2]

    coop.pool.claim(coop.harvest.address, batch, 1_000, sender=x)
    coop.pool.claim(coop.harvest.address, gift, 25, sender=x)
    other.pool.claim(other.harvest.address, other_batch, 3_300 // 11, sender=x)
    assert coop.pool.epoch_members() == N_FOUNDERS
    assert other.pool.epoch_members() == 2 + 1 + 8
    with boa.reverts("pool: above your equal share of this epoch"):
        coop.pool.claim(coop.harvest.address, batch, 1, sender=x)
    with boa.reverts("pool: above your equal share of this epoch"):
        other.pool.claim(other.harvest.address, other_batch, 1, sender=x)
    for s in sybils:
        with boa.reverts("pool: only members of this co-op claim"):
            coop.pool.claim(coop.harvest.address, gift, 1, sender=s)
    for m in coop.founders[2:]:
        coop.pool.claim(coop.harvest.address, batch, 1_000, sender=m)
        coop.pool.claim(coop.harvest.address, gift, 25, sender=m)
    assert coop.harvest.balanceOf(coop.pool.address, batch) == 1_000
    assert coop.harvest.balanceOf(coop.pool.address, gift) == 25


def test_credit_above_the_packed_112_bit_field__record_capped_no_field_wraps(coop):
    """held. The pool holds 2**113 + 5 wei of credit, more than the 112 bits
    the epoch's record and a member's claim words keep; governance sets the
    credit limit to its maximum (10**30). A member claims credit first (its
    first-claim word) and then a batch (its `_claims` word), and the other
    way round for another member. Rule: the record is capped (a cap only
    lowers a share), no field spills into its neighbour: each member claims
    exactly the limit, one wei more is refused, the claims read back
    exactly, the pool's balance falls by exactly what was claimed, and the
    next epoch records the cap again and gives a new limit."""
    big = 2**113 + 5
    coop.gov(coop.pool, "set_claim_limits", 10_000, 10**30)
    coop.give_credit(big)
    batch = coop.give_harvest(4_000)
    coop.next_epoch()
    credit, harvest = coop.credit.address, coop.harvest.address
    first, second = coop.founders[1], coop.founders[2]
    coop.pool.claim(credit, 0, 10**30, sender=first)
    coop.pool.claim(harvest, batch, 1_000, sender=first)
    coop.pool.claim(harvest, batch, 1_000, sender=second)
    coop.pool.claim(credit, 0, 10**30 - 1, sender=second)
    coop.pool.claim(credit, 0, 1, sender=second)
    assert coop.pool.holdings_at_epoch_start(credit, 0) == 2**112 - 1
    for m in (first, second):
        assert coop.pool.claimed(m, credit, 0) == 10**30
        assert coop.pool.claimed(m, harvest, batch) == 1_000
        assert coop.pool.claimable(m, credit, 0) == 0
        with boa.reverts("pool: above the per-member limit of this epoch"):
            coop.pool.claim(credit, 0, 1, sender=m)
        with boa.reverts("pool: above your equal share of this epoch"):
            coop.pool.claim(harvest, batch, 1, sender=m)
    assert coop.credit.balanceOf(coop.pool.address) == big - 2 * 10**30
    coop.next_epoch()
    assert coop.pool.claimable(first, credit, 0) == 10**30
    coop.pool.claim(credit, 0, 10**30, sender=first)
    assert coop.pool.holdings_at_epoch_start(credit, 0) == 2**112 - 1
    assert coop.pool.claimed(first, credit, 0) == 10**30
    assert coop.credit.balanceOf(coop.pool.address) == big - 3 * 10**30


def test_epoch_length_changed_on_the_boundary_seconds__numbers_consecutive_one_share_each(coop):
    """held. Governance changes the epoch length on the running epoch's last
    second, then again on the next epoch's very first second (before any
    action in it), then once more inside the pending window. A member
    claims on each side of the boundary. Rule: epoch numbers go up by one at
    each boundary, never repeat or skip; each change applies from the epoch
    after the running one; the member gets one share per epoch number and
    no second one from a change."""
    batch = coop.give_harvest(40_000)
    coop.next_epoch()
    m = coop.founders[1]
    number, start, end = coop.pool.epoch()
    warp(end - 1)
    coop.gov(coop.pool, "set_epoch_length", DAY)
    assert coop.pool.epoch() == (number, start, end)
    coop.pool.claim(coop.harvest.address, batch, 10_000, sender=m)
    warp(end)
    assert coop.pool.epoch() == (number + 1, end, end + DAY)
    coop.gov(coop.pool, "set_epoch_length", 3 * DAY)
    assert coop.pool.epoch() == (number + 1, end, end + DAY)
    coop.pool.claim(coop.harvest.address, batch, 7_500, sender=m)
    with boa.reverts("pool: above your equal share of this epoch"):
        coop.pool.claim(coop.harvest.address, batch, 1, sender=m)
    warp(end + DAY - 1)
    coop.gov(coop.pool, "set_epoch_length", 2 * DAY)
    assert coop.pool.epoch() == (number + 1, end, end + DAY)
    with boa.reverts("pool: above your equal share of this epoch"):
        coop.pool.claim(coop.harvest.address, batch, 1, sender=m)
    warp(end + DAY)
    assert coop.pool.epoch() == (number + 2, end + DAY, end + 3 * DAY)
    assert coop.pool.claimable(m, coop.harvest.address, batch) == (40_000 - 17_500) // N_FOUNDERS
