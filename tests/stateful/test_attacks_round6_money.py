"""Money and food attacks, sixth round: routes the earlier rounds did not
try (tests/stateful/test_attacks_round5_money.py, test_attacks_money_round4.py,
test_attacks_pool.py, test_attacks_harvest.py, test_attacks_federation.py,
tests/unit/exchange/test_exchange_attacks_money.py and the exchange, pool and
harvest machines): an escrow leg paid into the pool, a partially fillable
offer whose last piece the fee takes whole, and the exchange and the pool
re-entered through one contract member's ERC-1155 hook. On a co-op made by
the factory (titanoboa).

Each test is written as the attack; its docstring names the attack and the
rule it tries to break (DESIGN.md: "money and food are never lost or
stolen"; "pool: its balance of every id equals donations - claims -
compost; no member's claims in an epoch exceed their equal share"), and its
assertions state the rule. "held:" marks an attack the contracts resist.
"""

from __future__ import annotations

from itertools import count

import boa
import pytest

from harvest_coop.core.constants import DAY, Delivery
from harvest_coop.core.offers import Offer
from harvest_coop.core.params import AdmissionRules, CoopParams
from harvest_coop.testing.boa import (
    approve_exchange,
    block_time,
    create_coop,
    fill_offer,
    mint_credit,
    post_offer,
    warp,
)

pytestmark = pytest.mark.usefixtures("rollback")  # each test in a titanoboa anchor (conftest)

SHELF = 30 * DAY
CREDIT = 10**18
MAX_FEE = 1_000  # NutrientExchange.MAX_FEE_BPS
_names = count()

# A member's contract wallet: runs any call its owner asks for, and when
# armed, its ERC-1155 hook makes one more call (`hook_target`, `hook_data`)
# before it accepts the tokens.
_HOOK_WALLET = """
# pragma version ~=0.4.3
owner: public(address)
hook_target: public(address)
hook_data: public(Bytes[1024])
armed: public(bool)

@deploy
def __init__(owner_: address):
    self.owner = owner_

@external
def execute(target: address, data: Bytes[2048]) -> Bytes[256]:
    assert msg.sender == self.owner
    return raw_call(target, data, max_outsize=256)

@external
def arm(target: address, data: Bytes[1024]):
    assert msg.sender == self.owner
    self.hook_target = target
    self.hook_data = data
    self.armed = True

@external
def disarm():
    assert msg.sender == self.owner
    self.armed = False

@external
def supportsInterface(interface_id: bytes4) -> bool:
    return interface_id == 0x01FFC9A7 or interface_id == 0x4E2312E0

@external
def onERC1155Received(_op: address, _from: address, _id: uint256, _value: uint256, _data: Bytes[1024]) -> bytes4:
    if self.armed:
        self.armed = False
        raw_call(self.hook_target, self.hook_data)
    return 0xF23A6E61
"""


class Coop:
    """A factory co-op with three founders: a maker, a taker and a friend."""

    def __init__(self, stack) -> None:
        i = next(_names)
        self.maker, self.taker, self.friend = (boa.env.generate_address(f"m6-{i}-{k}") for k in range(3))
        self.c = create_coop(
            stack,
            self.maker,
            CoopParams(
                name=f"Money6 {i}",
                symbol=f"M6{i}",
                founders=[self.maker, self.taker, self.friend],
                admission=AdmissionRules(sponsors_needed=0),
            ),
        )
        self.exchange = self.c["NutrientExchange"]
        self.harvest = self.c["HarvestToken"]
        self.credit = self.c["CoopCredit"]
        self.pool = self.c["ResourcePool"]
        self.membership = self.c["Membership"]
        self.timelock = self.c["TimelockController"].address
        self.events: list = []
        approve_exchange(self.c, self.maker, self.taker, self.friend)
        mint_credit(self.c, self.taker, 100 * CREDIT)

    def log(self, grower, grams: int = 1_000) -> int:
        now = block_time()
        return self.harvest.log_harvest("kale", grams, now, now + SHELF, "plot 6", sender=grower)

    def next_epoch(self) -> None:
        warp(self.pool.epoch()[2])

    def seen(self, called=None) -> None:
        """Keeps the pool's `Donated` and `Claimed` events of the last call,
        made to `called` (the pool by default): titanoboa answers the logs
        of the last call made to that contract only."""
        for event in (called or self.pool).get_logs(strict=False):
            if type(event).__name__ in ("Donated", "Claimed"):
                self.events.append(event)

    def pool_events(self, name: str) -> list:
        return [e for e in self.events if type(e).__name__ == name]


@pytest.fixture
def coop(stack):
    return Coop(stack)


# ------------------------------------------- an escrow leg paid into the pool


def test_owed_produce_withdrawn_into_the_pool_mid_epoch__a_donation_shared_from_the_next_epoch(coop):
    """held: the taker of a released escrow of 90 g claims its equal share
    of the same batch from the pool, then withdraws its escrow leg with the
    pool as the receiver (an active co-op contract, so HarvestToken lets it
    in), and claims again, hoping the grams it just put in raise this
    epoch's share, or come in unannounced so the pool's books no longer add
    up. It then resigns with a second escrow still owed and pays that leg
    into the pool too. Rule: no member's claims in an epoch exceed their
    equal share; the pool's balance of the batch equals donations - claims
    (the exchange's payout is a `Donated` from the exchange, recorded after
    the epoch's record, so shared from the next epoch); a member who left
    can still pay its produce out (to the pool) and cannot claim it back."""
    batch = coop.log(coop.maker, 2_000)
    coop.harvest.setApprovalForAll(coop.pool.address, True, sender=coop.maker)
    coop.pool.donate(coop.harvest.address, batch, 300, sender=coop.maker)
    coop.seen()
    coop.next_epoch()  # the founders claim from epoch 2

    escrows = [
        fill_offer(
            coop.c,
            post_offer(
                coop.c, coop.maker, coop.harvest, batch, 90, coop.credit, 0, CREDIT, delivery=Delivery.GIVE
            ),
            coop.taker,
        )
        for _ in range(2)
    ]
    for escrow in escrows:
        coop.exchange.confirm(escrow.as_tuple(), sender=coop.taker)

    coop.pool.claim(coop.harvest.address, batch, 100, sender=coop.taker)  # 300 g / 3 members
    coop.seen()
    coop.exchange.withdraw(escrows[0].as_tuple(), coop.pool.address, sender=coop.taker)
    coop.seen(coop.exchange)
    assert coop.harvest.balanceOf(coop.pool.address, batch) == 290
    with boa.reverts("pool: above your equal share of this epoch"):
        coop.pool.claim(coop.harvest.address, batch, 1, sender=coop.taker)
    assert coop.pool.claimable(coop.taker, coop.harvest.address, batch) == 0

    coop.membership.resign(sender=coop.taker)
    with boa.reverts("harvest: receiver is not in the co-op network"):
        coop.exchange.withdraw(escrows[1].as_tuple(), coop.taker, sender=coop.taker)
    coop.exchange.withdraw(escrows[1].as_tuple(), coop.pool.address, sender=coop.taker)
    coop.seen(coop.exchange)
    assert coop.exchange.owed(escrows[1].as_tuple(), coop.taker) == (0, 0)
    assert coop.harvest.balanceOf(coop.exchange.address, batch) == 0

    for member in (coop.maker, coop.friend):
        coop.pool.claim(coop.harvest.address, batch, 100, sender=member)
        coop.seen()
    assert coop.harvest.balanceOf(coop.pool.address, batch) == 180  # the two legs, not yet shared

    coop.next_epoch()
    with boa.reverts("pool: only members of this co-op claim"):
        coop.pool.claim(coop.harvest.address, batch, 1, sender=coop.taker)
    for member in (coop.maker, coop.friend):  # 180 g / the 2 members left
        coop.pool.claim(coop.harvest.address, batch, 90, sender=member)
        coop.seen()
    assert coop.harvest.balanceOf(coop.pool.address, batch) == 0

    donated = coop.pool_events("Donated")
    claimed = coop.pool_events("Claimed")
    assert [(e.donor, e.amount) for e in donated] == [
        (coop.maker, 300),
        (coop.exchange.address, 90),
        (coop.exchange.address, 90),
    ]
    assert sum(e.amount for e in donated) - sum(e.amount for e in claimed) == 0
    assert coop.harvest.balanceOf(coop.taker, batch) == 100


# ------------------------------------------- the fee takes a whole piece


def test_last_gram_of_a_partial_offer_whose_fee_is_the_whole_piece__refused_never_taken(coop):
    """held: at the highest fee (10 %) a taker fills 9 g of a partially
    fillable 10 g offer (the fee on 9 g rounds down to 0), leaving one gram
    whose piece pays the fee of the whole offer: 1 g, all of it. A fill of
    that gram would move 0 g to the taker and 1 g to the pool for the
    taker's credit. Rule: food is never taken for nothing nor lost: the
    fill is refused (HarvestToken moves no zero amount), nothing moves, the
    maker keeps the gram and can cancel the rest (the 9 g piece paid what a
    whole fill of 9 g pays: no gram, rounded down, and 10 % of its credit)."""
    with boa.env.prank(coop.timelock):
        coop.exchange.set_fee(MAX_FEE)
    batch = coop.log(coop.maker, 10)
    offer = Offer(
        maker=coop.maker,
        give_token=coop.harvest.address,
        give_id=batch,
        give_amount=10,
        want_token=coop.credit.address,
        want_id=0,
        want_amount=10 * CREDIT,
        expiry=block_time() + DAY,
        nonce=1,
        partial_fill=True,
        max_fee_bps=MAX_FEE,
    )
    coop.exchange.post_offer(offer.as_tuple(), sender=coop.maker)
    coop.exchange.fill(offer.as_tuple(), b"", 9, 9, sender=coop.taker)
    assert coop.harvest.balanceOf(coop.taker, batch) == 9
    assert coop.harvest.balanceOf(coop.pool.address, batch) == 0
    assert coop.credit.balanceOf(coop.pool.address) == 9 * CREDIT // 10
    credit_before = coop.credit.balanceOf(coop.taker)

    with boa.reverts("harvest: zero amount"):
        coop.exchange.fill(offer.as_tuple(), b"", 10, 1, sender=coop.friend)
    with boa.reverts("harvest: zero amount"):
        coop.exchange.fill(offer.as_tuple(), b"", 1, 1, sender=coop.taker)
    assert coop.harvest.balanceOf(coop.maker, batch) == 1
    assert coop.harvest.balanceOf(coop.pool.address, batch) == 0
    assert coop.credit.balanceOf(coop.taker) == credit_before
    assert coop.exchange.remaining(offer.as_tuple()) == 1

    coop.exchange.cancel(offer.as_tuple(), sender=coop.maker)
    assert coop.exchange.remaining(offer.as_tuple()) == 0
    coop.harvest.redeem(batch, 1, sender=coop.maker)  # the gram is the maker's to use


# ------------------------------------------- one hook, two contracts


def _wallet_member(coop: Coop):
    """A contract wallet admitted to the co-op, owned by the friend, with
    credit and the exchange approved; the next epoch begins so it may
    claim."""
    wallet = boa.loads(_HOOK_WALLET, coop.friend, name="HookWallet")
    with boa.env.prank(coop.timelock):
        coop.membership.admit(wallet.address)
    mint_credit(coop.c, wallet.address, 100 * CREDIT)
    wallet.execute(
        coop.credit.address,
        coop.credit.approve.prepare_calldata(coop.exchange.address, 2**255),
        sender=coop.friend,
    )
    wallet.execute(
        coop.harvest.address,
        coop.harvest.setApprovalForAll.prepare_calldata(coop.exchange.address, True),
        sender=coop.friend,
    )
    return wallet


def test_swap_taker_hook_claims_the_same_batch_from_the_pool__fill_refused(coop):
    """held: a contract member takes an immediate swap of 60 g of a batch
    the pool also holds, and its ERC-1155 hook (run while the exchange pays
    it the give leg) claims its pool share of the same batch, so that the
    pool's payout lands inside the exchange's measured transfer: the
    exchange could count the pool's grams as the maker's, or the pool's
    claim could escape the equal share while the exchange holds its lock.
    Rule: the exchange checks that the taker's balance grew by exactly the
    leg, so the fill is refused whole: the maker, the taker, the pool and
    the claim record are as before, and the same claim made on its own is
    bounded by the equal share."""
    batch = coop.log(coop.maker, 2_000)
    coop.harvest.setApprovalForAll(coop.pool.address, True, sender=coop.maker)
    coop.pool.donate(coop.harvest.address, batch, 400, sender=coop.maker)
    wallet = _wallet_member(coop)
    coop.next_epoch()
    share = 400 // 4  # four members when the epoch's first action runs

    offer = post_offer(coop.c, coop.maker, coop.harvest, batch, 60, coop.credit, 0, 6 * CREDIT)
    wallet.arm(
        coop.pool.address,
        coop.pool.claim.prepare_calldata(coop.harvest.address, batch, share),
        sender=coop.friend,
    )
    fill = coop.exchange.fill.prepare_calldata(offer.as_tuple(), b"", 60, 60)
    with boa.reverts("safe_transfer: balance change differs from amount"):
        wallet.execute(coop.exchange.address, fill, sender=coop.friend)
    assert coop.harvest.balanceOf(wallet.address, batch) == 0
    assert coop.harvest.balanceOf(coop.maker, batch) == 2_000 - 400
    assert coop.harvest.balanceOf(coop.pool.address, batch) == 400
    assert coop.credit.balanceOf(wallet.address) == 100 * CREDIT
    assert coop.pool.claimed(wallet.address, coop.harvest.address, batch) == 0

    # Apart, each is what it is: the swap, then one share, and no more.
    wallet.disarm(sender=coop.friend)
    wallet.execute(coop.exchange.address, fill, sender=coop.friend)
    wallet.execute(
        coop.pool.address,
        coop.pool.claim.prepare_calldata(coop.harvest.address, batch, share),
        sender=coop.friend,
    )
    with boa.reverts():
        wallet.execute(
            coop.pool.address,
            coop.pool.claim.prepare_calldata(coop.harvest.address, batch, 1),
            sender=coop.friend,
        )
    assert coop.harvest.balanceOf(wallet.address, batch) == 60 + share
    assert coop.harvest.balanceOf(coop.pool.address, batch) == 400 - share


def test_pool_claim_hook_fills_an_offer_whose_fee_comes_back_to_the_pool__one_share(coop):
    """held: a contract member claims its share of a batch, and its hook
    (run while the pool, holding its own lock, pays the claim) sells the
    grams on at once through the exchange at the highest fee, so that part
    of them comes back to the pool as the exchange's fee in the middle of
    the claim: the fee's donation could be counted into this epoch's
    record, raising the share, or the returning grams could let the member
    claim again. Rule: the fee is a `Donated` from the wallet, arriving
    after the epoch's record, so shared from the next epoch; the member's
    claims stay within one share; the pool's balance equals donations -
    claims."""
    with boa.env.prank(coop.timelock):
        coop.exchange.set_fee(MAX_FEE)
    batch = coop.log(coop.maker, 2_000)
    coop.harvest.setApprovalForAll(coop.pool.address, True, sender=coop.maker)
    coop.pool.donate(coop.harvest.address, batch, 400, sender=coop.maker)
    coop.seen()
    wallet = _wallet_member(coop)
    coop.next_epoch()
    share = 400 // 4

    # The taker buys the wallet's grams as they arrive: the wallet fills the
    # taker's offer of credit for 100 g, paying 10 g of them to the pool.
    want = Offer(
        maker=coop.taker,
        give_token=coop.credit.address,
        give_id=0,
        give_amount=CREDIT,
        want_token=coop.harvest.address,
        want_id=batch,
        want_amount=share,
        expiry=block_time() + DAY,
        nonce=1,
        max_fee_bps=MAX_FEE,
    )
    coop.exchange.post_offer(want.as_tuple(), sender=coop.taker)
    wallet.arm(
        coop.exchange.address,
        coop.exchange.fill.prepare_calldata(want.as_tuple(), b"", CREDIT, CREDIT),
        sender=coop.friend,
    )
    wallet.execute(
        coop.pool.address,
        coop.pool.claim.prepare_calldata(coop.harvest.address, batch, share),
        sender=coop.friend,
    )
    coop.seen(wallet)
    assert coop.harvest.balanceOf(coop.taker, batch) == share - share // 10
    assert coop.harvest.balanceOf(coop.pool.address, batch) == 400 - share + share // 10
    assert coop.pool.claimed(wallet.address, coop.harvest.address, batch) == share
    with boa.reverts():
        wallet.execute(
            coop.pool.address,
            coop.pool.claim.prepare_calldata(coop.harvest.address, batch, 1),
            sender=coop.friend,
        )
    assert coop.pool.holdings_at_epoch_start(coop.harvest.address, batch) == 400

    for member in (coop.maker, coop.taker, coop.friend):
        coop.pool.claim(coop.harvest.address, batch, share, sender=member)
        coop.seen()
    assert coop.harvest.balanceOf(coop.pool.address, batch) == share // 10  # the fee, for the next epoch
    with boa.reverts("pool: above your equal share of this epoch"):
        coop.pool.claim(coop.harvest.address, batch, 1, sender=coop.maker)

    donated = coop.pool_events("Donated")
    claimed = coop.pool_events("Claimed")
    assert (wallet.address, share // 10) in [(e.donor, e.amount) for e in donated]
    assert sum(e.amount for e in donated) - sum(e.amount for e in claimed) == coop.harvest.balanceOf(
        coop.pool.address, batch
    )
