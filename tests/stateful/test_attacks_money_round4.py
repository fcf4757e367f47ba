"""Money and food attacks, fourth round: NutrientExchange escrows end to end
(a split, a token that refuses to pay out, a party that left the co-op),
on a co-op made by the factory (titanoboa).

Each test is written as the attack; its docstring names the attack and the
rule it tries to break (DESIGN.md: "money and food are never lost: pull over
push where a receiver can refuse, non-standard tokens handled"), and its
assertions state the rule. "held:" marks an attack the contracts resist,
"defect:" one that succeeded before its fix (the test is its regression
test). Earlier rounds are not repeated: the exchange's money paths
(tests/unit/exchange/test_exchange_attacks_money.py), federation ending
mid-escrow (test_attacks_federation.py), random escrow life cycles with
frozen and expiring harvest (test_exchange_machine.py).
"""

from __future__ import annotations

from itertools import count

import boa
import pytest

from harvest_coop.core.constants import DAY, Delivery
from harvest_coop.core.offers import Escrow
from harvest_coop.core.params import AdmissionRules, CoopParams
from harvest_coop.testing.boa import (
    approve_exchange,
    block_time,
    compiled,
    create_coop,
    fill_offer,
    mint_credit,
    post_offer,
    warp,
)

pytestmark = pytest.mark.usefixtures("rollback")  # each test in a titanoboa anchor (conftest)

SHELF = 30 * DAY
CREDIT = 10**18
_names = count()


class Coop:
    """A factory co-op with three founders: a maker, a taker and a friend
    (a member who can take produce for someone who left)."""

    def __init__(self, stack) -> None:
        i = next(_names)
        self.maker, self.taker, self.friend = (boa.env.generate_address(f"m4-{i}-{k}") for k in range(3))
        self.c = create_coop(
            stack,
            self.maker,
            CoopParams(
                name=f"Money4 {i}",
                symbol=f"M4{i}",
                founders=[self.maker, self.taker, self.friend],
                admission=AdmissionRules(sponsors_needed=0),
            ),
        )
        self.exchange = self.c["NutrientExchange"]
        self.harvest = self.c["HarvestToken"]
        self.credit = self.c["CoopCredit"]
        self.timelock = self.c["TimelockController"].address
        approve_exchange(self.c, self.maker, self.taker)
        mint_credit(self.c, self.taker, 100 * CREDIT)

    def log(self, grower, grams: int = 1_000) -> int:
        now = block_time()
        return self.harvest.log_harvest("kale", grams, now, now + SHELF, "plot 4", sender=grower)

    def allow(self, token) -> None:
        with boa.env.prank(self.timelock):
            self.exchange.set_token_allowed(token.address, True)

    def split(self, escrow: Escrow, give_to_taker: int, want_to_maker: int) -> None:
        """The taker disputes, the arbiter (the timelock) splits."""
        self.exchange.dispute(escrow.as_tuple(), sender=self.taker)
        with boa.env.prank(self.timelock):
            self.exchange.resolve(escrow.as_tuple(), give_to_taker, want_to_maker)

    def owed(self, escrow: Escrow, party) -> tuple[int, int]:
        return tuple(self.exchange.owed(escrow.as_tuple(), party))


@pytest.fixture
def coop(stack):
    return Coop(stack)


# ------------------------------------------- one leg that cannot be paid out


def test_split_with_a_token_that_blocked_the_exchange__each_party_still_takes_its_credit(coop):
    """defect (fixed): the arbiter splits an escrow of an allowed ERC-20 (a
    USDC-like token with a blocklist) against the co-op's credit, so each
    party is owed part of both legs. The token then blocks the exchange
    (sanctions, a pause): no receiver can take that leg. Before the fix a
    withdrawal paid both of a party's legs or neither, so the credit each
    party was owed, which the exchange could always pay, was stuck with the
    blocked leg, for ever if the token never lifts the block. Rule: each
    leg is paid on its own; a leg that cannot be paid stays owed (held), the
    other is paid."""
    token = compiled("TokenBlocklist").deploy("Blocky", "BLK", 6)
    coop.allow(token)
    token._mint_for_testing(coop.maker, 10**9)
    token.approve(coop.exchange.address, 2**255, sender=coop.maker)
    offer = post_offer(
        coop.c, coop.maker, token, 0, 10**6, coop.credit, 0, 10 * CREDIT, delivery=Delivery.GIVE
    )
    escrow = fill_offer(coop.c, offer, coop.taker)
    coop.split(escrow, 4 * 10**5, 3 * CREDIT)
    assert coop.owed(escrow, coop.maker) == (6 * 10**5, 3 * CREDIT)
    assert coop.owed(escrow, coop.taker) == (4 * 10**5, 7 * CREDIT)

    token.set_blocked(coop.exchange.address, True)
    for party, credit_owed, token_owed in (
        (coop.maker, 3 * CREDIT, 6 * 10**5),
        (coop.taker, 7 * CREDIT, 4 * 10**5),
    ):
        before = coop.credit.balanceOf(party)
        coop.exchange.withdraw(escrow.as_tuple(), party, sender=party)
        held = [log for log in coop.exchange.get_logs() if type(log).__name__ == "EscrowLegHeld"]
        assert [(log.party, log.token, log.amount) for log in held] == [(party, token.address, token_owed)]
        assert coop.credit.balanceOf(party) == before + credit_owed
        assert coop.owed(escrow, party) == (token_owed, 0)
        # Nothing else can be paid now: refused with the token's own reason.
        with boa.reverts("safe_transfer: token transfer reverted"):
            coop.exchange.withdraw(escrow.as_tuple(), party, sender=party)
    assert coop.credit.balanceOf(coop.exchange.address) == 0

    # The block is lifted: the held legs are paid, and the escrow closes.
    token.set_blocked(coop.exchange.address, False)
    for party, token_owed in ((coop.maker, 6 * 10**5), (coop.taker, 4 * 10**5)):
        before = token.balanceOf(party)
        coop.exchange.withdraw(escrow.as_tuple(), party, sender=party)
        assert token.balanceOf(party) == before + token_owed
    assert token.balanceOf(coop.exchange.address) == 0
    assert coop.exchange.escrow_status(coop.exchange.escrow_id(escrow.as_tuple())).state == 0


def _split_owed_to_a_maker_who_left(coop) -> tuple[int, Escrow]:
    """The maker sells 500 g for 10 credit into escrow, disputes it, resigns
    from the co-op, and the timelock splits it: 200 g to the taker and 4
    credit to the maker, so the maker is owed 300 g and 4 credit."""
    batch = coop.log(coop.maker)
    offer = post_offer(
        coop.c, coop.maker, coop.harvest, batch, 500, coop.credit, 0, 10 * CREDIT, delivery=Delivery.GIVE
    )
    escrow = fill_offer(coop.c, offer, coop.taker)
    coop.exchange.dispute(escrow.as_tuple(), sender=coop.maker)
    coop.c["Membership"].resign(sender=coop.maker)
    with boa.env.prank(coop.timelock):
        coop.exchange.resolve(escrow.as_tuple(), 200, 4 * CREDIT)
    return batch, escrow


def test_split_owed_to_a_maker_who_left__its_credit_to_itself_its_produce_to_a_member(coop):
    """defect (fixed, the same cause): a maker resigns while its escrow of
    produce for credit is disputed; the arbiter splits it. HarvestToken lets
    produce go to members only, so before the fix the maker could take
    neither leg to its own address: its credit had to go with the produce
    to a member's, or wait until the produce's best-before. Rule: the credit
    is paid to the maker itself; the produce stays owed until it names a
    member (or, past its best-before, is composted), and an outsider never
    receives it."""
    batch, escrow = _split_owed_to_a_maker_who_left(coop)

    coop.exchange.withdraw(escrow.as_tuple(), coop.maker, sender=coop.maker)
    assert coop.credit.balanceOf(coop.maker) == 4 * CREDIT
    assert coop.harvest.balanceOf(coop.maker, batch) == 1_000 - 500
    assert coop.owed(escrow, coop.maker) == (300, 0)
    with boa.reverts("harvest: receiver is not in the co-op network"):
        coop.exchange.withdraw(escrow.as_tuple(), coop.maker, sender=coop.maker)

    coop.exchange.withdraw(escrow.as_tuple(), coop.friend, sender=coop.maker)
    assert coop.harvest.balanceOf(coop.friend, batch) == 300
    assert coop.owed(escrow, coop.maker) == (0, 0)


def test_split_owed_to_a_maker_who_left__expired_produce_composted_never_to_an_outsider(coop):
    """held: the same maker who left waits past the best-before: its share
    of the produce is composted (never sent to the outsider it now is), its
    credit is paid, both in one withdrawal."""
    batch, escrow = _split_owed_to_a_maker_who_left(coop)
    warp(block_time() + SHELF + 1)
    supply = coop.harvest.total_supply(batch)
    coop.exchange.withdraw(escrow.as_tuple(), coop.maker, sender=coop.maker)
    assert coop.credit.balanceOf(coop.maker) == 4 * CREDIT
    assert coop.harvest.total_supply(batch) == supply - 300
    assert coop.harvest.balanceOf(coop.exchange.address, batch) == 200  # the taker's share, also expired


# ------------------------------------------- a token that changes its rules


def test_fee_switched_on_while_two_escrows_hold_the_token__one_payout_never_drains_the_other(coop):
    """held: an allowed ERC-20 switches a 1 % transfer fee on while two
    escrows hold it (a token that changed its rules after the fill; at the
    fill the measured move refused a fee). Paying one escrow's leg must not
    take what the other escrow holds: the exchange's balance falls by what
    the leg owes, never more (the token takes its fee out of that), and the
    second escrow is still paid in full (less the token's own fee)."""
    token = compiled("TokenFeeOnTransfer").deploy("Feeish", "FEE", 18)
    token.set_fee_bps(0)
    coop.allow(token)
    token._mint_for_testing(coop.maker, 10**24)
    token.approve(coop.exchange.address, 2**255, sender=coop.maker)
    escrows = []
    for amount in (10**18, 3 * 10**18):
        offer = post_offer(
            coop.c, coop.maker, token, 0, amount, coop.credit, 0, CREDIT, delivery=Delivery.GIVE
        )
        escrows.append(fill_offer(coop.c, offer, coop.taker))
    assert token.balanceOf(coop.exchange.address) == 4 * 10**18

    token.set_fee_bps(100)
    for escrow in escrows:
        coop.exchange.confirm(escrow.as_tuple(), sender=coop.taker)
    first, second = escrows
    coop.exchange.withdraw(first.as_tuple(), coop.taker, sender=coop.taker)
    assert token.balanceOf(coop.exchange.address) == 3 * 10**18  # only the first escrow's leg left
    assert token.balanceOf(coop.taker) == 10**18 * 99 // 100
    coop.exchange.withdraw(second.as_tuple(), coop.taker, sender=coop.taker)
    assert token.balanceOf(coop.exchange.address) == 0
    assert token.balanceOf(coop.taker) == 4 * 10**18 * 99 // 100


def test_refused_fresh_produce_at_its_best_before__held_never_composted(coop):
    """held: a party owed produce and credit names a receiver HarvestToken
    refuses (an outsider) on the produce's last fresh second, hoping the
    refusal is taken for spoiled food and the produce composted (or sent
    out). Rule: produce that can still be eaten is never composted by a
    withdrawal and never reaches an outsider; it is held, still owed, and
    the credit is paid. Only after its best-before is it composted."""
    batch = coop.log(coop.maker)
    best_before = coop.harvest.batch(batch).best_before
    offer = post_offer(
        coop.c, coop.maker, coop.harvest, batch, 500, coop.credit, 0, 10 * CREDIT, delivery=Delivery.GIVE
    )
    escrow = fill_offer(coop.c, offer, coop.taker)
    coop.split(escrow, 200, 4 * CREDIT)
    outsider = boa.env.generate_address("m4-outsider")
    warp(best_before)
    supply = coop.harvest.total_supply(batch)
    coop.exchange.withdraw(escrow.as_tuple(), outsider, sender=coop.maker)
    names = [type(log).__name__ for log in coop.exchange.get_logs()]
    assert "EscrowLegHeld" in names and "EscrowComposted" not in names
    assert coop.credit.balanceOf(outsider) == 4 * CREDIT
    assert coop.harvest.balanceOf(outsider, batch) == 0
    assert coop.harvest.total_supply(batch) == supply
    assert coop.owed(escrow, coop.maker) == (300, 0)

    warp(best_before + 1)
    coop.exchange.withdraw(escrow.as_tuple(), outsider, sender=coop.maker)
    assert coop.harvest.total_supply(batch) == supply - 300
    assert coop.harvest.balanceOf(outsider, batch) == 0
    assert coop.owed(escrow, coop.maker) == (0, 0)
