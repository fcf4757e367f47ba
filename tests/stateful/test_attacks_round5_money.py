"""Money and food attacks, fifth round: routes the earlier rounds did not
try (tests/stateful/test_attacks_money_round4.py, test_attacks_pool.py,
test_attacks_harvest.py, tests/unit/exchange/test_exchange_attacks_money.py
and the exchange, pool and harvest machines), on a co-op made by the
factory (titanoboa).

Each test is written as the attack; its docstring names the attack and the
rule it tries to break (DESIGN.md: "money and food are never lost or
stolen"), and its assertions state the rule. "held:" marks an attack the
contracts resist, "defect:" one that succeeded before its fix (the test is
its regression test).
"""

from __future__ import annotations

from itertools import count

import boa
import pytest

from harvest_coop.core.constants import DAY, Delivery
from harvest_coop.core.offers import Escrow, Offer
from harvest_coop.core.params import AdmissionRules, CoopParams
from harvest_coop.testing.boa import (
    approve_exchange,
    block_time,
    create_coop,
    fill_offer,
    mint_credit,
    post_offer,
)

pytestmark = pytest.mark.usefixtures("rollback")  # each test in a titanoboa anchor (conftest)

SHELF = 30 * DAY
CREDIT = 10**18
MAX_FEE = 1_000  # NutrientExchange.MAX_FEE_BPS
_names = count()

# An ERC-20 whose `transfer` and `transferFrom` succeed and answer two words,
# `(true, amount)` (a token built on a framework that returns a status and a
# value): a caller that reads only the first word, as `safe_transfer` does,
# takes it for `true`.
_TOKEN_TWO_WORD_ANSWER = """
# pragma version ~=0.4.3
totalSupply: public(uint256)
balanceOf: public(HashMap[address, uint256])
allowance: public(HashMap[address, HashMap[address, uint256]])

@external
def _mint_for_testing(to: address, amount: uint256):
    self.balanceOf[to] += amount
    self.totalSupply += amount

@external
def approve(spender: address, amount: uint256) -> bool:
    self.allowance[msg.sender][spender] = amount
    return True

@external
def transfer(to: address, amount: uint256) -> (bool, uint256):
    self.balanceOf[msg.sender] -= amount
    self.balanceOf[to] += amount
    return True, amount

@external
def transferFrom(owner: address, to: address, amount: uint256) -> (bool, uint256):
    self.allowance[owner][msg.sender] -= amount
    self.balanceOf[owner] -= amount
    self.balanceOf[to] += amount
    return True, amount
"""


class Coop:
    """A factory co-op with three founders: a maker, a taker and a friend."""

    def __init__(self, stack) -> None:
        i = next(_names)
        self.maker, self.taker, self.friend = (boa.env.generate_address(f"m5-{i}-{k}") for k in range(3))
        self.c = create_coop(
            stack,
            self.maker,
            CoopParams(
                name=f"Money5 {i}",
                symbol=f"M5{i}",
                founders=[self.maker, self.taker, self.friend],
                admission=AdmissionRules(sponsors_needed=0),
            ),
        )
        self.exchange = self.c["NutrientExchange"]
        self.harvest = self.c["HarvestToken"]
        self.credit = self.c["CoopCredit"]
        self.pool = self.c["ResourcePool"]
        self.timelock = self.c["TimelockController"].address
        approve_exchange(self.c, self.maker, self.taker, self.friend)
        mint_credit(self.c, self.taker, 100 * CREDIT)

    def log(self, grower, grams: int = 1_000) -> int:
        now = block_time()
        return self.harvest.log_harvest("kale", grams, now, now + SHELF, "plot 5", sender=grower)

    def allow(self, token) -> None:
        with boa.env.prank(self.timelock):
            self.exchange.set_token_allowed(token.address, True)

    def owed(self, escrow: Escrow, party) -> tuple[int, int]:
        return tuple(self.exchange.owed(escrow.as_tuple(), party))


@pytest.fixture
def coop(stack):
    return Coop(stack)


# ------------------------------------------- a token's answer read two ways


def test_token_answering_two_words__withdrawal_pays_each_leg_once(coop):
    """defect (fixed): governance allows an ERC-20 whose transfers answer
    `(true, amount)`, two words. A fill reads only the first word (`true`)
    and takes the token in; a withdrawal read the whole answer, took 64
    bytes for a refusal and so either held a leg it had just paid (still
    owed: withdraw it again) or, for the last leg, sent it a second time.
    Either way a party drew the leg twice, out of the other escrows of the
    token. Rule: every escrow leg is paid exactly once; the exchange keeps
    what the other escrows hold."""
    token = boa.loads(_TOKEN_TWO_WORD_ANSWER, name="TokenTwoWordAnswer")
    coop.allow(token)
    for holder in (coop.maker, coop.friend):
        token._mint_for_testing(holder, 10**24)
        token.approve(coop.exchange.address, 2**255, sender=holder)
    # Another maker's escrow holds the same token: what a double payout takes.
    other = post_offer(
        coop.c, coop.friend, token, 0, 5 * 10**18, coop.credit, 0, CREDIT, delivery=Delivery.GIVE
    )
    fill_offer(coop.c, other, coop.taker)
    split, released = (
        fill_offer(
            coop.c,
            post_offer(
                coop.c, coop.maker, token, 0, 10**18, coop.credit, 0, 10 * CREDIT, delivery=Delivery.GIVE
            ),
            coop.taker,
        )
        for _ in range(2)
    )
    assert token.balanceOf(coop.exchange.address) == 7 * 10**18

    # Owed both legs of a split: the token's leg is paid, not held.
    coop.exchange.dispute(split.as_tuple(), sender=coop.taker)
    with boa.env.prank(coop.timelock):
        coop.exchange.resolve(split.as_tuple(), 6 * 10**17, 4 * CREDIT)
    coop.exchange.withdraw(split.as_tuple(), coop.taker, sender=coop.taker)
    assert token.balanceOf(coop.taker) == 6 * 10**17
    assert coop.owed(split, coop.taker) == (0, 0)
    with boa.reverts("exchange: already withdrawn"):
        coop.exchange.withdraw(split.as_tuple(), coop.taker, sender=coop.taker)

    # Owed only the token's leg (the last leg of the withdrawal): sent once.
    coop.exchange.confirm(released.as_tuple(), sender=coop.taker)
    coop.exchange.withdraw(released.as_tuple(), coop.taker, sender=coop.taker)
    assert token.balanceOf(coop.taker) == 6 * 10**17 + 10**18

    coop.exchange.withdraw(split.as_tuple(), coop.maker, sender=coop.maker)
    assert token.balanceOf(coop.maker) == 10**24 - 2 * 10**18 + 4 * 10**17
    assert token.balanceOf(coop.exchange.address) == 5 * 10**18  # the other escrow's, untouched


# ------------------------------------------- one nonce, two offers


def _post(
    coop: Coop, maker, give_token, give_id, give_amount, want_amount, nonce: int, partial: bool
) -> Offer:
    """`maker` posts an immediate offer of (`give_token`, `give_id`) for credit."""
    offer = Offer(
        maker=maker,
        give_token=give_token.address,
        give_id=give_id,
        give_amount=give_amount,
        want_token=coop.credit.address,
        want_id=0,
        want_amount=want_amount,
        expiry=block_time() + DAY,
        nonce=nonce,
        partial_fill=partial,
        max_fee_bps=MAX_FEE,
    )
    coop.exchange.post_offer(offer.as_tuple(), sender=maker)
    return offer


def test_all_or_nothing_and_partial_offers_on_one_nonce__the_whole_fill_ends_both(coop):
    """held: a maker re-prices a partially fillable offer of 600 g with an
    all-or-nothing one of 500 g on the same nonce (the nonce groups
    alternatives). A taker takes 200 g of the first, then all of the second,
    hoping to go on filling the first afterwards. Rule: an offer fills at
    most once; the all-or-nothing fill consumes the nonce, which ends every
    offer signed with it, so here the maker sells 700 g, never 1,100. (Fills
    of a partially fillable offer, even the one that completes it, leave
    the nonce open: taken whole first, the 600 g offer leaves the 500 g one
    fillable, 1,100 g in all, each at the maker's signed price. A maker who
    re-prices a partial offer cancels it first: docs/exchange.md.)"""
    batch = coop.log(coop.maker)
    first = _post(coop, coop.maker, coop.harvest, batch, 600, 6 * CREDIT, nonce=7, partial=True)
    second = _post(coop, coop.maker, coop.harvest, batch, 500, 6 * CREDIT, nonce=7, partial=False)
    coop.exchange.fill(first.as_tuple(), b"", 200, 200, sender=coop.taker)
    coop.exchange.fill(second.as_tuple(), b"", 500, 500, sender=coop.taker)
    assert coop.exchange.remaining(first.as_tuple()) == 0
    with boa.reverts("exchange: offer cancelled or filled"):
        coop.exchange.fill(first.as_tuple(), b"", 400, 1, sender=coop.taker)
    assert coop.harvest.balanceOf(coop.taker, batch) == 700
    assert coop.harvest.balanceOf(coop.maker, batch) == 300


# ------------------------------------------- produce moved to oneself


def test_batch_transfer_to_oneself_with_duplicate_ids__creates_no_grams(coop):
    """held: a member sends a batch to itself twice in one batch transfer
    (each entry its whole balance), hoping the second entry reads a balance
    the first already raised. Rule: a batch's supply only falls after it is
    logged; every entry is checked against the balance as it stands."""
    batch = coop.log(coop.maker, 100)
    coop.harvest.safeBatchTransferFrom(
        coop.maker, coop.maker, [batch, batch], [100, 100], b"", sender=coop.maker
    )
    assert coop.harvest.balanceOf(coop.maker, batch) == 100
    assert coop.harvest.total_supply(batch) == 100
    with boa.reverts("harvest: insufficient balance"):
        coop.harvest.safeBatchTransferFrom(
            coop.maker, coop.friend, [batch, batch], [100, 1], b"", sender=coop.maker
        )
    coop.harvest.safeBatchTransferFrom(
        coop.maker, coop.friend, [batch, batch], [60, 40], b"", sender=coop.maker
    )
    assert coop.harvest.balanceOf(coop.friend, batch) == 100
    assert coop.harvest.balanceOf(coop.maker, batch) == 0
    assert coop.harvest.total_supply(batch) == 100


# ------------------------------------------- credit at the top of uint256


def test_fee_on_credit_near_the_top_of_uint256__exact_never_wraps(coop):
    """held: a maker offers 2**240 credit (partially fillable) at the
    highest fee, and a taker fills it in two uneven pieces, hoping the fee's
    products (amount x basis points) wrap and a piece pays less fee, or the
    maker more than it signed for. Rule: the pieces' fees add up to the fee
    of one whole fill, each rounded down, and the maker pays no more than
    `max_fee_bps` of what it gave."""
    with boa.env.prank(coop.timelock):
        coop.exchange.set_fee(MAX_FEE)
    amount = 2**240
    mint_credit(coop.c, coop.maker, amount)
    batch = coop.log(coop.taker, 2_000)
    offer = Offer(
        maker=coop.maker,
        give_token=coop.credit.address,
        give_id=0,
        give_amount=amount,
        want_token=coop.harvest.address,
        want_id=batch,
        want_amount=1_000,
        expiry=block_time() + DAY,
        nonce=1,
        partial_fill=True,
        max_fee_bps=MAX_FEE,
    )
    coop.exchange.post_offer(offer.as_tuple(), sender=coop.maker)
    pool_before = coop.credit.balanceOf(coop.pool.address)
    piece = amount // 3 + 1
    coop.exchange.fill(offer.as_tuple(), b"", piece, piece, sender=coop.taker)
    coop.exchange.fill(offer.as_tuple(), b"", amount, 1, sender=coop.taker)
    fee = amount * MAX_FEE // 10_000
    assert coop.credit.balanceOf(coop.pool.address) - pool_before == fee
    assert coop.credit.balanceOf(coop.taker) == 100 * CREDIT + amount - fee
    assert coop.credit.balanceOf(coop.maker) == 0
