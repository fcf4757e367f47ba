"""Attacks on federation (Federation, Membership's federated list and the
contracts that ask `is_network_member`) from an attacker's side, on co-ops
made by the factory (titanoboa).

Each test is written as the attack; its docstring names the attack and the
rule it tries to break (DESIGN.md), and its assertions state the rule. A
held attack is a regression test ("held: ..."). Attacks already tried
elsewhere are not repeated here: the chain A-B-C and the former federated
holder (test_attacks_harvest.py), hostile or unlisted peers and a failing
notification (tests/unit/federation/), random propose / accept / end
sequences with harvest moves (test_federation_machine.py).
"""

from __future__ import annotations

from contextlib import contextmanager
from itertools import count

import boa
import pytest
from eth_utils import to_canonical_address

from harvest_coop.core.constants import Delivery
from harvest_coop.core.offers import Escrow, Offer
from harvest_coop.core.params import DAY, AdmissionRules, CoopParams
from harvest_coop.testing.boa import (
    approve_exchange,
    block_time,
    create_coop,
    end_federation,
    federate,
    fill_offer,
    mint_credit,
    post_offer,
)

pytestmark = pytest.mark.usefixtures("rollback")  # each test in a titanoboa anchor (conftest)

SHELF = 30 * DAY
NONE, PROPOSED, ACTIVE = 0, 1, 2
_names = count()


def _coop(stack, prefix: str, n_founders: int = 1):
    """A factory co-op with `n_founders` founders (governance admissions
    only); returns (contracts, founders)."""
    i = next(_names)
    founders = [boa.env.generate_address(f"fa-{prefix}-{i}-{k}") for k in range(n_founders)]
    coop = create_coop(
        stack,
        founders[0],
        CoopParams(
            name=f"FedAtk {prefix} {i}",
            symbol=f"F{i}",
            founders=founders,
            admission=AdmissionRules(sponsors_needed=0),
        ),
    )
    return coop, founders


def _log(coop, grower, grams: int = 1_000) -> int:
    now = block_time()
    return coop["HarvestToken"].log_harvest("kale", grams, now, now + SHELF, "plot 7", sender=grower)


def _timelock(coop):
    return boa.env.prank(coop["TimelockController"].address)


def _propose(coop, other) -> None:
    with _timelock(coop):
        coop["Federation"].propose_federation(other["Federation"].address)


def _accept(coop, other) -> None:
    with _timelock(coop):
        coop["Federation"].accept_federation(other["Federation"].address)


def _status(coop, other) -> int:
    return coop["Federation"].federation_status(other["Federation"].address)


# ------------------------------------------------- escrows and offers open at the end


def test_escrow_open_when_the_federation_ends__the_now_outside_taker_cannot_take_the_produce_out(stack):
    """held: an escrow outlives the federation that allowed it. A's member
    sells A's produce for A's credit to B's member on A's exchange, with a
    delivery escrow; A ends the federation while the escrow is open; the
    taker confirms and tries to withdraw the produce to itself and to an
    outsider. Rule: outsiders never hold produce. The leg is not lost: the
    taker can direct it to a member of A's network (withdraw's receiver)."""
    a, (a_f, a_g) = _coop(stack, "esc-a", 2)
    b, (b_f,) = _coop(stack, "esc-b")
    outsider = boa.env.generate_address("esc-outsider")
    federate(a, b)
    harvest, credit = a["HarvestToken"], a["CoopCredit"]
    batch = _log(a, a_f)
    mint_credit(a, b_f, 1_000)
    approve_exchange(a, a_f, b_f)
    offer = post_offer(a, a_f, harvest.address, batch, 400, credit.address, 0, 100, delivery=Delivery.GIVE)
    escrow = fill_offer(a, offer, b_f)
    assert escrow is not None and harvest.balanceOf(a["NutrientExchange"].address, batch) == 400

    end_federation(a, b)
    assert not a["Membership"].is_network_member(b_f)
    exchange = a["NutrientExchange"]
    exchange.confirm(escrow.as_tuple(), sender=b_f)
    with boa.reverts("harvest: receiver is not in the co-op network"):
        exchange.withdraw(escrow.as_tuple(), b_f, sender=b_f)
    with boa.reverts("harvest: receiver is not in the co-op network"):
        exchange.withdraw(escrow.as_tuple(), outsider, sender=b_f)
    # The maker is paid in credit (not produce): unaffected.
    exchange.withdraw(escrow.as_tuple(), a_f, sender=a_f)
    assert credit.balanceOf(a_f) == 100
    # The produce reaches a member of A's network only.
    exchange.withdraw(escrow.as_tuple(), a_g, sender=b_f)
    assert harvest.balanceOf(a_g, batch) == 400
    assert harvest.balanceOf(b_f, batch) == 0 and harvest.balanceOf(outsider, batch) == 0


def test_escrow_refunded_after_the_end__the_now_outside_maker_cannot_take_its_produce_back(stack):
    """held: B's member (federated) sold A's produce it held on A's exchange
    to A's member; A ends the federation while the escrow is open; the
    delivery is disputed and the arbiter refunds. Rule: outsiders never hold
    produce, not even their own former produce coming back from an escrow;
    it can only go to a member of A's network."""
    a, (a_f,) = _coop(stack, "ref-a")
    b, (b_f,) = _coop(stack, "ref-b")
    federate(a, b)
    harvest, exchange = a["HarvestToken"], a["NutrientExchange"]
    batch, offer = _holding_with_an_offer(a, a_f, b_f, 300, give=300, want=50, delivery=Delivery.GIVE)
    escrow = fill_offer(a, offer, a_f)
    assert escrow is not None

    end_federation(a, b)
    exchange.dispute(escrow.as_tuple(), sender=a_f)
    with _timelock(a):  # the arbiter until governance elects one
        exchange.resolve(escrow.as_tuple(), 0, 0)  # refund both legs
    with boa.reverts("harvest: receiver is not in the co-op network"):
        exchange.withdraw(escrow.as_tuple(), b_f, sender=b_f)
    exchange.withdraw(escrow.as_tuple(), a_f, sender=a_f)  # credit back
    exchange.withdraw(escrow.as_tuple(), a_f, sender=b_f)  # produce to an A member
    assert harvest.balanceOf(b_f, batch) == 0
    assert harvest.balanceOf(a_f, batch) == 1_000


def test_offer_posted_by_a_federated_maker__cannot_be_filled_after_the_end(stack):
    """held: B's member posts (and also signs) an offer of A's produce on
    A's exchange while federated; A ends the federation. Rule: after the end
    no new cross-co-op move happens: A's member cannot fill the posted
    offer (the produce would leave a now outside holder), and B's member can
    neither post nor take A's offers any more."""
    a, (a_f,) = _coop(stack, "off-a")
    b, (b_f,) = _coop(stack, "off-b")
    federate(a, b)
    harvest, credit, exchange = a["HarvestToken"], a["CoopCredit"], a["NutrientExchange"]
    batch, by_b = _holding_with_an_offer(a, a_f, b_f, 300)
    mint_credit(a, b_f, 1_000)
    by_a = post_offer(a, a_f, harvest.address, batch, 100, credit.address, 0, 10)

    end_federation(a, b)
    with boa.reverts("exchange: not a network member"):
        exchange.fill(by_b.as_tuple(), b"", 100, 100, sender=a_f)
    with boa.reverts("exchange: not a network member"):
        exchange.fill(by_a.as_tuple(), b"", 100, 100, sender=b_f)
    with boa.reverts("exchange: not a network member"):
        post_offer(a, b_f, harvest.address, batch, 10, credit.address, 0, 1)
    assert harvest.balanceOf(b_f, batch) == 300


def _holding_with_an_offer(
    coop, grower, holder, grams: int, give: int = 100, want: int = 10, delivery: int = 0
) -> tuple[int, Offer]:
    """`holder` holds `grams` of a fresh batch of `coop`'s (from `grower`) and
    has posted an offer of `give` g of it for `want` credit on `coop`'s
    exchange, which `grower` (holding 1,000 credit) could fill."""
    harvest, credit = coop["HarvestToken"], coop["CoopCredit"]
    batch = _log(coop, grower)
    harvest.safeTransferFrom(grower, holder, batch, grams, b"", sender=grower)
    mint_credit(coop, grower, 1_000)
    approve_exchange(coop, grower, holder)
    return batch, post_offer(
        coop, holder, harvest.address, batch, give, credit.address, 0, want, delivery=delivery
    )


def _assert_shut_out_of(coop, account, member, other, batch: int, offer: Offer) -> None:
    """`account` is out of `coop`'s network: it cannot receive `coop`'s
    produce from `member`, send it to `other`, or have its offer filled;
    it still redeems and composts 100 g each of what it holds."""
    harvest = coop["HarvestToken"]
    with boa.reverts("harvest: receiver is not in the co-op network"):
        harvest.safeTransferFrom(member, account, batch, 1, b"", sender=member)
    with boa.reverts("harvest: sender may only redeem or compost"):
        harvest.safeTransferFrom(account, other, batch, 1, b"", sender=account)
    with boa.reverts("exchange: not a network member"):
        coop["NutrientExchange"].fill(offer.as_tuple(), b"", 100, 100, sender=member)
    harvest.redeem(batch, 100, sender=account)
    harvest.compost(batch, 100, sender=account)


def test_member_expelled_by_its_own_coop_while_federated__is_out_of_the_other_coops_network_at_once(stack):
    """held: B's member holds A's produce and has an offer posted on A's
    exchange; B's governance expels it (while A and B stay federated).
    Rule: A's network is B's members now, not who was once one: the expelled
    account can no longer receive, send or trade A's produce; it can still
    redeem or compost what it holds."""
    a, (a_f,) = _coop(stack, "exp-a")
    b, (b_f, b_x) = _coop(stack, "exp-b", 2)
    federate(a, b)
    harvest = a["HarvestToken"]
    batch, offer = _holding_with_an_offer(a, a_f, b_x, 300)

    with _timelock(b):
        b["Membership"].expel(b_x)
    assert a["Membership"].is_network_member(b_f) and not a["Membership"].is_network_member(b_x)
    _assert_shut_out_of(a, b_x, a_f, b_f, batch, offer)
    assert harvest.balanceOf(b_x, batch) == 100


def test_chain_a_b_c__c_member_cannot_trade_a_produce_through_a_exchange(stack):
    """held: A federates with B, B with C. C's member tries to take, on A's
    exchange, an offer of A's produce by B's member, and to post one of its
    own. Rule: A's network is A plus the co-ops A federated with (the
    harvest-only version of this attack is in test_attacks_harvest.py)."""
    a, (a_f,) = _coop(stack, "abc-a")
    b, (b_f,) = _coop(stack, "abc-b")
    c, (c_f,) = _coop(stack, "abc-c")
    federate(a, b)
    federate(b, c)
    harvest, credit, exchange = a["HarvestToken"], a["CoopCredit"], a["NutrientExchange"]
    batch = _log(a, a_f)
    harvest.safeTransferFrom(a_f, b_f, batch, 300, b"", sender=a_f)
    mint_credit(a, c_f, 1_000)
    approve_exchange(a, b_f, c_f)
    offer = post_offer(a, b_f, harvest.address, batch, 100, credit.address, 0, 10)
    with boa.reverts("exchange: not a network member"):
        exchange.fill(offer.as_tuple(), b"", 100, 100, sender=c_f)
    with boa.reverts("exchange: not a network member"):
        post_offer(a, c_f, credit.address, 0, 10, harvest.address, batch, 100)
    assert harvest.balanceOf(c_f, batch) == 0


# ------------------------------------------------------- a hub with 16 federations


SPOKES = 16


@pytest.fixture(scope="module")
def city(stack):
    """A hub co-op federated with 16 spokes (the most `MAX_FEDERATED`
    allows; the hub proposed, each spoke accepted), one more co-op that is
    federated with nobody, and a lone co-op for comparison."""
    hub, hub_founders = _coop(stack, "hub", 2)
    spokes = [_coop(stack, f"spoke{i}") for i in range(SPOKES)]
    for spoke, _ in spokes:
        federate(hub, spoke)
    stranger, stranger_founders = _coop(stack, "stranger")
    lone, lone_founders = _coop(stack, "lone", 2)
    return {
        "hub": (hub, hub_founders),
        "spokes": spokes,
        "stranger": (stranger, stranger_founders),
        "lone": (lone, lone_founders),
    }


@contextmanager
def _cold(sender, to):
    """Inside, calls pay access costs as the first call of a transaction
    does: every account and slot cold but the sender, the target and the
    precompiles. (titanoboa keeps one record of warm accounts and slots
    across a test's calls; it is swapped for a fresh one here and put back
    afterwards, so the test's anchor still finds its checkpoints. Unlike
    benchmarks/boa_gas.py, storage's original values are not locked, so a
    write to a slot changed earlier in the test is priced as a repeated
    write: up to 2,800 gas less than in a transaction of its own.)"""
    accounts = boa.env.evm.vm.state._account_db
    saved = accounts._journal_accessed_state
    accounts._reset_access_counters()
    state = boa.env.evm.vm.state
    for address in (sender, to):
        state.mark_address_warm(to_canonical_address(address))
    for i in range(1, 0x12):
        state.mark_address_warm(i.to_bytes(20, "big"))
    try:
        yield
    finally:
        accounts._journal_accessed_state = saved


def _gas(contract, fn: str, *args, sender) -> int:
    """Execution gas of one call as the first call of a transaction."""
    with _cold(sender, contract.address):
        getattr(contract, fn)(*args, sender=sender)
    return contract._computation.get_gas_used()


def test_full_hub__strangers_proposals_take_no_slot_and_a_refused_acceptance_changes_nothing(city):
    """held: filling a co-op's 16 federation slots from outside. A stranger
    co-op proposes to the full hub (and withdraws and proposes again, as
    often as it likes): no slot of the hub's list is taken by a proposal.
    The hub accepting a seventeenth federates nothing and stands as the
    hub's own proposal (round 6: reverting let a third co-op sink every
    call bundled with an acceptance by filling the last slot first); once
    the hub ends one federation it can accept. Rule: only a
    co-op's own governance fills its list (it proposed or accepted each
    entry), and a stranger cannot make the hub's list full or keep it so."""
    hub, _ = city["hub"]
    stranger, _ = city["stranger"]
    spoke0, _ = city["spokes"][0]
    membership = hub["Membership"]
    assert membership.federated(SPOKES - 1) != "0x" + "00" * 20
    for _ in range(3):
        _propose(stranger, hub)
        end_federation(stranger, hub)
    _propose(stranger, hub)
    assert _status(hub, stranger) == NONE and _status(stranger, hub) == PROPOSED
    listed = [membership.federated(i) for i in range(SPOKES)]
    _accept(hub, stranger)
    assert _status(hub, stranger) == PROPOSED and _status(stranger, hub) == PROPOSED
    assert [membership.federated(i) for i in range(SPOKES)] == listed
    assert not membership.is_network_member(city["stranger"][1][0])
    # A spoke cannot end anyone else's federation with the hub, nor re-add one.
    with boa.reverts("federation: already proposed or federated"):
        _propose(spoke0, hub)
    end_federation(spoke0, hub)
    _accept(hub, stranger)
    assert _status(hub, stranger) == ACTIVE and _status(stranger, hub) == ACTIVE
    assert membership.is_network_member(city["stranger"][1][0])
    assert not membership.is_network_member(city["spokes"][0][1][0])


def test_full_hub__ended_with_the_least_gas_the_ending_accepts__the_hub_is_still_told(city):
    """held: making the ending one-sided. A spoke's executor sends the
    least gas with which `end_federation` does not revert, to a hub whose
    list is full (its `federation_ended` must look through all 16 entries,
    every slot cold). Rule: a federation is active on both sides or on
    neither: the hub is notified (its list drops the spoke) whenever the
    ending succeeds."""
    hub, _ = city["hub"]
    spoke, (spoke_f,) = city["spokes"][0]
    timelock = spoke["TimelockController"].address
    federation = spoke["Federation"]

    def ends_with(gas: int) -> bool:
        with boa.env.anchor(), _cold(timelock, federation.address):
            try:
                federation.end_federation(hub["Federation"].address, sender=timelock, gas=gas)
            except Exception:
                return False
            # Whenever the ending went through, the hub was told.
            assert _status(hub, spoke) == NONE and _status(spoke, hub) == NONE
            assert not hub["Membership"].is_network_member(spoke_f)
            return True

    low, high = 21_000, 400_000
    assert ends_with(high) and not ends_with(low)
    while high - low > 1:
        mid = (low + high) // 2
        low, high = (low, mid) if ends_with(mid) else (mid, high)
    assert ends_with(high)
    # What the notification itself costs the full hub, every slot cold: far
    # below its budget even with the repeated-write discount of every one of
    # its (at most four) writes added back.
    used = _gas(hub["Federation"], "federation_ended", sender=federation.address)
    assert used + 4 * 2_800 < hub["Federation"].NOTIFY_GAS() // 2
    print(f"least gas end_federation accepts: {high}; the full hub's federation_ended: {used}")


def _costs(coop, founders, far_member) -> dict[str, int]:
    """Execution gas (every slot cold) of the hot paths in `coop`: a
    transfer between two of its members, one to `far_member` (a member of
    the last co-op on its list, or None), a donation to its pool, an
    immediate swap on its exchange and a withdrawal of produce out of an
    escrow."""
    first, second = founders
    harvest, credit, exchange, pool = (
        coop["HarvestToken"],
        coop["CoopCredit"],
        coop["NutrientExchange"],
        coop["ResourcePool"],
    )
    batch = _log(coop, first, 10_000)
    mint_credit(coop, second, 10_000)
    approve_exchange(coop, first, second)
    harvest.setApprovalForAll(pool.address, True, sender=first)
    costs = {
        "transfer_in_coop": _gas(harvest, "safeTransferFrom", first, second, batch, 10, b"", sender=first)
    }
    if far_member is not None:
        costs["transfer_to_last_federated"] = _gas(
            harvest, "safeTransferFrom", first, far_member, batch, 10, b"", sender=first
        )
    costs["pool_donate"] = _gas(pool, "donate", harvest.address, batch, 10, sender=first)
    swap = post_offer(coop, first, harvest.address, batch, 10, credit.address, 0, 1)
    costs["swap_fill"] = _gas(exchange, "fill", swap.as_tuple(), b"", 10, 10, sender=second)
    delivered = post_offer(
        coop, first, harvest.address, batch, 10, credit.address, 0, 1, delivery=Delivery.GIVE
    )
    costs["escrow_fill"] = _gas(exchange, "fill", delivered.as_tuple(), b"", 10, 10, sender=second)
    opened = [log for log in exchange.get_logs() if type(log).__name__ == "EscrowOpened"]
    escrow = Escrow.from_value(tuple(opened[0].escrow))
    exchange.confirm(escrow.as_tuple(), sender=second)
    costs["escrow_withdraw"] = _gas(exchange, "withdraw", escrow.as_tuple(), second, sender=second)
    return costs


def test_full_hub__hot_paths_gas__moves_into_and_out_of_coop_contracts_cost_the_same_as_in_a_lone_coop(
    city,
):
    """The gas of hot paths with 16 federated co-ops, against a lone co-op.
    Attack asked: can anyone make every transfer loop over 16 external
    calls? Held: a move between two members of the co-op costs the same
    (one Membership call, its own register); only the hub's own governance
    adds entries, and an outsider's failing move loops at the outsider's
    own cost. Fixed (both found by this test): a move into a co-op contract
    (a donation, a delivery fill) asked each of the 16 registers whether
    the contract is a member (HarvestToken asked `are_network_members(owner,
    contract)` before the contract's registration): +115,393 gas each
    (against 90,139 / 134,785 in the lone co-op). When a co-op contract
    pulls produce into itself, HarvestToken now reads its registration
    first and asks Membership about the sender only: 82,349 / 126,995 in
    both co-ops (execution gas here). A withdrawal out of an escrow cost +115,393
    too (150,977 against 35,584), as the exchange paid out through
    `safeTransferFrom`; it now pays out through `send_from_coop` (its
    registration first), as the pool does: 27,610 in both co-ops. A
    transfer to a member of the sixteenth co-op still asks the registers in
    turn (158,045)."""
    hub, hub_founders = city["hub"]
    lone, lone_founders = city["lone"]
    far_spoke, (far_member,) = city["spokes"][-1]
    assert hub["Membership"].federated(SPOKES - 1) == far_spoke["Membership"].address
    at_hub = _costs(hub, hub_founders, far_member)
    alone = _costs(lone, lone_founders, None)
    print({k: (alone.get(k), v, v - alone.get(k, 0)) for k, v in at_hub.items()})
    assert at_hub["transfer_in_coop"] == alone["transfer_in_coop"]
    # An immediate swap moves produce from member to member: no register
    # more is asked.
    assert at_hub["swap_fill"] == alone["swap_fill"]
    # A federated co-op's register: a cold account (2,600) and slot (2,100),
    # this co-op's list entry (2,100) and the call (measured: 7,212).
    per_register = 7_500
    assert at_hub["transfer_to_last_federated"] - alone["transfer_in_coop"] < SPOKES * per_register
    # Into a co-op contract: its registration, then the sender's register.
    for path in ("pool_donate", "escrow_fill"):
        assert at_hub[path] == alone[path]
    # Paying out of an escrow to a member asks only the member's own
    # register, as the pool's claims do (`send_from_coop`).
    assert at_hub["escrow_withdraw"] == alone["escrow_withdraw"]


# ------------------------------------------------ expulsion across a federation


def test_expelled_by_a__still_a_member_of_federated_b__cannot_move_a_produce(stack):
    """Attack (exploited before the fix): Mallory is a member of A and of B
    (one account may belong to two co-ops), and A federates with B. Mallory
    hoards A's produce; A's governance expels her, HarvestToken's kill
    switch ("expelling members in Membership stops them moving tokens").
    Through the federation she was still a member of A's network: she kept
    receiving A's produce, passing it on and trading it on A's exchange.
    Rule: an account a co-op expelled is not in that co-op's network, even
    while a federated co-op counts it as a member (it can still redeem or
    compost what it holds); governance re-admitting it clears that."""
    a, (a_f,) = _coop(stack, "mal-a")
    b, (b_f,) = _coop(stack, "mal-b")
    mallory = boa.env.generate_address("mallory")
    with _timelock(a):
        a["Membership"].admit(mallory)
    with _timelock(b):
        b["Membership"].admit(mallory)
    federate(a, b)
    harvest, credit = a["HarvestToken"], a["CoopCredit"]
    batch, offer = _holding_with_an_offer(a, a_f, mallory, 500)

    with _timelock(a):
        a["Membership"].expel(mallory)
    assert b["Membership"].is_member(mallory)
    assert not a["Membership"].is_network_member(mallory)
    assert not a["Membership"].are_network_members(a_f, mallory)
    _assert_shut_out_of(a, mallory, a_f, b_f, batch, offer)
    with boa.reverts("exchange: not a network member"):
        post_offer(a, mallory, harvest.address, batch, 10, credit.address, 0, 1)
    assert harvest.balanceOf(mallory, batch) == 300
    # B's side is B's business: B's produce still moves to and from her.
    b_batch = _log(b, b_f)
    b["HarvestToken"].safeTransferFrom(b_f, mallory, b_batch, 10, b"", sender=b_f)
    # Governance can take her back; then she is in A's network again.
    with _timelock(a):
        a["Membership"].admit(mallory)
    harvest.safeTransferFrom(mallory, b_f, batch, 1, b"", sender=mallory)


def test_expelled_by_a__then_admitted_by_federated_b__cannot_come_back_into_a_network(stack):
    """Attack (exploited before the fix): A expels Mallory; a co-op B that
    A is federated with admits her afterwards (B's governance, or a small
    group of B that can pass admissions). Through the federation she was a
    member of A's network again, undoing A's expulsion. Rule: only A's own
    governance brings back an account A expelled."""
    a, (a_f,) = _coop(stack, "mal2-a")
    b, (b_f,) = _coop(stack, "mal2-b")
    mallory = boa.env.generate_address("mallory2")
    with _timelock(a):
        a["Membership"].admit(mallory)
    federate(a, b)
    with _timelock(a):
        a["Membership"].expel(mallory)
    with _timelock(b):
        b["Membership"].admit(mallory)
    harvest = a["HarvestToken"]
    batch = _log(a, a_f)
    assert not a["Membership"].is_network_member(mallory)
    with boa.reverts("harvest: receiver is not in the co-op network"):
        harvest.safeTransferFrom(a_f, mallory, batch, 1, b"", sender=a_f)
    assert harvest.balanceOf(mallory, batch) == 0


# ------------------------------------------------------ proposals and acceptance


def test_proposal_withdrawn_before_the_acceptance_runs__the_acceptance_lists_nothing(stack):
    """held: griefing an acceptance. X proposes to A; while A's acceptance
    waits in A's timelock, X withdraws (A's acceptance then stands as A's
    own proposal: nothing listed on either side), A withdraws it, X
    proposes again, and A's acceptance goes through; X then ends at once.
    Rule: a federation is active on both sides or on neither at every step,
    and nothing X does lists X in A without A's acceptance of a standing
    proposal."""
    a, (a_f,) = _coop(stack, "grief-a")
    x, (x_f,) = _coop(stack, "grief-x")
    _propose(x, a)
    end_federation(x, a)  # withdrawn while A's acceptance is queued
    _accept(a, x)
    assert _status(a, x) == PROPOSED and _status(x, a) == NONE
    assert a["Membership"].federated(0) == "0x" + "00" * 20
    assert not a["Membership"].is_network_member(x_f)
    end_federation(a, x)
    _propose(x, a)
    _accept(a, x)
    assert _status(a, x) == ACTIVE == _status(x, a)
    assert a["Membership"].is_network_member(x_f) and x["Membership"].is_network_member(a_f)
    end_federation(x, a)
    assert _status(a, x) == NONE == _status(x, a)
    assert not a["Membership"].is_network_member(x_f) and not x["Membership"].is_network_member(a_f)
    assert a["Membership"].federated(0) == "0x" + "00" * 20


def test_mutual_proposals__withdrawing_one_clears_both__documented(stack):
    """Observed, documented (`federation_ended`: "or withdrew its side"):
    A and B each proposed federation to the other; A withdraws its own
    proposal, and B's proposal to A is cleared with it (B is told and logs
    `FederationEnded`, was_active false), although B's governance did not
    withdraw it. Held: this only ever concerns a federation with A, which A
    could refuse anyway by never accepting; nothing is listed on either
    side, and B proposes again by its own governance if it still wants."""
    a, _ = _coop(stack, "mut-a")
    b, _ = _coop(stack, "mut-b")
    _propose(a, b)
    _propose(b, a)
    end_federation(a, b)
    # The ending's logs, A's and (child call) B's.
    ended = [log for log in a["Federation"].get_logs() if type(log).__name__ == "FederationEnded"]
    assert _status(a, b) == NONE and _status(b, a) == NONE
    assert sorted((e.ended_here, e.was_active, e.notified) for e in ended) == [
        (False, False, True),
        (True, False, True),
    ]
    assert a["Membership"].federated(0) == "0x" + "00" * 20 == b["Membership"].federated(0)
    _propose(b, a)
    _accept(a, b)
    assert _status(a, b) == ACTIVE == _status(b, a)


def test_federated_coop_s_governance__every_entry_point_of_the_other_side__refused_or_no_op(stack):
    """held: B's governance (its timelock, or its Federation through B's own
    calls) tries to change A's side of their federation without A: list
    another Membership in A, drop A's own entries, re-confirm, end A's
    federation with a third co-op C, accept on A's behalf. Rule: no co-op's
    governance harms another beyond what federation allows (B may only end
    its own federation with A)."""
    a, (a_f,) = _coop(stack, "entry-a")
    b, _ = _coop(stack, "entry-b")
    c, (c_f,) = _coop(stack, "entry-c")
    federate(a, b)
    federate(a, c)
    b_timelock = b["TimelockController"].address
    with boa.env.prank(b_timelock):
        with boa.reverts("membership: only the co-op's Federation contract"):
            a["Membership"].federate(b["Membership"].address)
        with boa.reverts("membership: only the co-op's Federation contract"):
            a["Membership"].defederate(c["Membership"].address)
        for call in (
            lambda: a["Federation"].end_federation(c["Federation"].address),
            lambda: a["Federation"].accept_federation(c["Federation"].address),
            lambda: a["Federation"].propose_federation(b["Federation"].address),
        ):
            with boa.reverts("federation: only the timelock (a passed proposal)"):
                call()
        with boa.reverts("federation: no federation proposed to the caller"):
            a["Federation"].confirm_federation()
        a["Federation"].federation_ended()  # from B's timelock: not a peer, nothing happens
    with boa.env.prank(b["Federation"].address):  # B's Federation itself
        with boa.reverts("federation: no federation proposed to the caller"):
            a["Federation"].confirm_federation()  # already active: no second listing
    # B proposing to C and accepting on C's behalf is impossible too.
    _propose(b, c)
    with boa.reverts("federation: only the timelock (a passed proposal)"), boa.env.prank(b_timelock):
        c["Federation"].accept_federation(b["Federation"].address)
    assert _status(a, b) == ACTIVE == _status(a, c)
    assert a["Membership"].is_network_member(c_f) and b["Membership"].is_network_member(a_f)
    assert not b["Membership"].is_network_member(c_f)
    # What B may do: end its own federation with A, which A cannot block.
    end_federation(b, a)
    assert _status(a, b) == NONE and _status(a, c) == ACTIVE


# ------------------------------------------- the other side's admissions


def test_federated_coop_admits_a_s_retired_pool_and_exchange__no_harvest_comes_in_again(stack):
    """A's governance retired its pool and its exchange in HarvestToken (the
    kill switch: "no harvest comes in", what they hold still pays out). B's
    governance (federated, not A's majority) admits A's retired pool and
    exchange as members of B, so A's Membership calls them network members.
    Rule: a retired co-op contract never receives harvest again, by any
    route (a direct send, the pool's own pull in `donate`, a batch
    transfer, another co-op contract's `send_from_coop`); only A's
    governance re-registers it. (DEFECT found by this test, fixed: the
    retired pool took A's harvest again; HarvestToken now refuses a retired
    co-op contract as a receiver whatever Membership says of it.)"""
    a, (grower, member) = _coop(stack, "retired", 2)
    b, _ = _coop(stack, "admitter")
    federate(a, b)
    harvest, pool, exchange = a["HarvestToken"], a["ResourcePool"], a["NutrientExchange"]
    with _timelock(a):
        harvest.set_coop_contract(pool.address, False)
        harvest.set_coop_contract(exchange.address, False)
    with _timelock(b):
        b["Membership"].admit(pool.address)
        b["Membership"].admit(exchange.address)
    assert a["Membership"].is_network_member(pool.address)
    batch = _log(a, grower)
    harvest.safeTransferFrom(grower, member, batch, 100, b"", sender=grower)
    with boa.reverts("harvest: receiver is a retired co-op contract"):
        harvest.safeTransferFrom(grower, pool.address, batch, 10, b"", sender=grower)
    with boa.reverts("harvest: receiver is a retired co-op contract"):
        harvest.safeBatchTransferFrom(grower, pool.address, [batch], [10], b"", sender=grower)
    harvest.setApprovalForAll(pool.address, True, sender=member)
    with boa.reverts("harvest: receiver is a retired co-op contract"):
        pool.donate(harvest.address, batch, 10, sender=member)
    with boa.reverts("harvest: receiver is a retired co-op contract"):
        harvest.safeTransferFrom(grower, exchange.address, batch, 10, b"", sender=grower)
    assert harvest.balanceOf(pool.address, batch) == 0
    assert harvest.balanceOf(exchange.address, batch) == 0
    # A's governance re-registers its pool: the pool takes harvest again.
    with _timelock(a):
        harvest.set_coop_contract(pool.address, True)
    pool.donate(harvest.address, batch, 10, sender=member)
    assert harvest.balanceOf(pool.address, batch) == 10
