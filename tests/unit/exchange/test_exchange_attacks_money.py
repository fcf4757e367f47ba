"""Attacks on members' money and food through NutrientExchange (review:
money). Each test plays an attacker; a test that fails shows an exploit (the
rule it asserts is broken), a test that passes is an attack that held.

Not repeated here: what the other exchange tests already try (replay on
another chain or exchange, malleable and compact signatures, fee above the
signed maximum, dust front-running, refusing and blocklisted receivers,
reentrancy through a token, frozen and expiring harvest in escrow, retired
exchange, expelled or defederated parties)."""

import ape
import pytest
from exchange_helpers import DAY, HARVEST_ID, ZERO_ADDRESS, escrow_of

from harvest_coop.core.constants import Delivery
from harvest_coop.core.offers import sign_offer

MAX = 2**256 - 1

# The wider fixtures first, session-scoped before module-scoped (Ape's snapshot isolation).
pytestmark = pytest.mark.usefixtures(
    "deployer",
    "founders",
    "maker",
    "taker",
    "outsider",
    "federated_member",
    "timelock_stand_in",
    "pool",
    "exchange",
    "traders",
    "erc1155_token",
    "erc20_token",
    "exchange_membership",
    "arbiter",
    "coop_exchange",
)


# ------------------------------------------------------------------ the fee


def test_attack__pool_set_to_the_exchange__refused(coop_exchange, timelock_stand_in):
    """A proposal sets the exchange's fee pool to the exchange itself. It
    is a contract, declares ERC-1155 receiver support and may hold harvest
    (`is_coop_contract`), but it pays out only what escrows owe: every fee
    sent there would be stranded for good. `set_pool` refuses it."""
    before = coop_exchange.pool()
    with ape.reverts("exchange: pool is not another contract"):
        coop_exchange.set_pool(coop_exchange, sender=timelock_stand_in)
    assert coop_exchange.pool() == before


def test_attack__dust_fills_cannot_dodge_the_harvest_fee(
    exchange, traders, with_fee, make_offer, fill, pool, taker, erc1155_token, erc20_token
):
    """Maker and taker agree to trade 1,000 g through a partially fillable
    offer, and the taker fills it in pieces of 99 g, whose own fee would
    round down to 0 g (99 * 100 // 10,000). Each piece pays the fee on all
    filled so far less the fee on what was filled before it, so the pool
    gets the 10 g one whole fill pays."""
    offer = make_offer(give_amount=1_000, want_amount=10**18, partial_fill=True, max_fee_bps=with_fee)
    pool_harvest = erc1155_token.balanceOf(pool, HARVEST_ID)
    taker_harvest = erc1155_token.balanceOf(taker, HARVEST_ID)
    while exchange.remaining(offer.as_tuple()) != 0:
        fill(offer, amount=99, min_amount=1)
    assert erc1155_token.balanceOf(taker, HARVEST_ID) == taker_harvest + 1_000 - 10
    # Rule: the pool gets the fee of the trade (10 g), not 0.
    assert erc1155_token.balanceOf(pool, HARVEST_ID) - pool_harvest == 1_000 * with_fee // 10_000


def test_attack__dust_fills_cannot_dodge_the_fee_on_the_wanted_leg(
    exchange, traders, with_fee, make_offer, fill, pool, maker, erc1155_token, erc20_token
):
    """The same split the other way round: the maker gives credit for 1,000 g
    of harvest, and each 99-unit piece wants 99 g, whose own fee would round
    to 0 g. The pieces together pay the fee on the 1,000 g wanted."""
    offer = make_offer(
        give_token=erc20_token,
        give_id=0,
        give_amount=1_000,
        want_token=erc1155_token,
        want_id=HARVEST_ID,
        want_amount=1_000,
        partial_fill=True,
        max_fee_bps=with_fee,
    )
    pool_harvest = erc1155_token.balanceOf(pool, HARVEST_ID)
    maker_harvest = erc1155_token.balanceOf(maker, HARVEST_ID)
    pieces = 0
    while exchange.remaining(offer.as_tuple()) != 0:
        fill(offer, amount=99, min_amount=1)
        pieces += 1
    assert pieces == 11
    assert erc1155_token.balanceOf(pool, HARVEST_ID) - pool_harvest == 10
    assert erc1155_token.balanceOf(maker, HARVEST_ID) - maker_harvest == 990


# ------------------------------------------------------ replay across exchanges


@pytest.fixture
def second_exchange(
    project, deployer, exchange_membership, timelock_stand_in, erc1155_token, erc20_token, traders
):
    """Another exchange over the same membership and tokens (another co-op's,
    or a redeployed one), which every trader approved too."""
    other = project.NutrientExchange.deploy(
        exchange_membership, timelock_stand_in, erc1155_token, erc20_token, ZERO_ADDRESS, sender=deployer
    )
    for person in traders:
        erc1155_token.setApprovalForAll(other, True, sender=person)
        erc20_token.approve(other, MAX, sender=person)
    return other


def test_attack__escrow_record_replayed_on_another_exchange__unknown(
    exchange, second_exchange, open_escrow, maker, taker, outsider, chain
):
    """An escrow opened on one exchange: its record (same id, since the id is
    the record's hash) is confirmed, settled, disputed or withdrawn on
    another exchange that holds the same tokens. Held: escrows are per
    contract."""
    escrow = open_escrow()
    record = escrow.as_tuple()
    with ape.reverts("exchange: unknown escrow"):
        second_exchange.confirm(record, sender=taker)
    with ape.reverts("exchange: unknown escrow"):
        second_exchange.dispute(record, sender=maker)
    chain.pending_timestamp = escrow.deadline + 1
    with ape.reverts("exchange: unknown escrow"):
        second_exchange.settle(record, sender=outsider)
    with ape.reverts("exchange: unknown escrow"):
        second_exchange.withdraw(record, taker, sender=taker)
    assert exchange.escrow_status(escrow.escrow_id).state == 1  # still open where it lives


def test_attack__posted_offer_filled_on_another_exchange__not_posted(
    exchange, second_exchange, traders, make_offer, maker, taker
):
    """A maker posts an offer on one exchange; the attacker fills the same
    offer with an empty signature on another. Held: the offer hash (and
    `posted`) is bound to the exchange."""
    offer = make_offer()
    exchange.post_offer(offer.as_tuple(), sender=maker)
    with ape.reverts("exchange: offer not posted"):
        second_exchange.fill(offer.as_tuple(), b"", offer.give_amount, offer.give_amount, sender=taker)


def test_attack__other_signature_form_refills_a_filled_partial_offer__reverts(
    traders, make_offer, fill, sign
):
    """A partially fillable offer (its nonce is never consumed) is filled
    completely with the 65-byte signature; the attacker tries again with the
    EIP-2098 64-byte form of the same signature. Held: what was filled is
    kept per offer hash, not per signature."""
    offer = make_offer(partial_fill=True)
    signature = sign(offer)
    fill(offer, signature=signature)
    r, s, v = signature[:32], int.from_bytes(signature[32:64], "big"), signature[64]
    compact = r + (s | ((v - 27) << 255)).to_bytes(32, "big")
    with ape.reverts("exchange: nothing left to fill"):
        fill(offer, signature=compact)


def test_attack__wallet_owner_signature_moved_to_another_wallet__reverts(
    project,
    deployer,
    exchange,
    exchange_membership,
    erc1155_token,
    erc20_token,
    traders,
    make_offer,
    fill,
    sign,
    maker,
    taker,
):
    """One key owns two member smart wallets (ERC-1271) that both approved the
    exchange. An offer the owner signed for one wallet is replayed with the
    other wallet (or the owner's own address) as maker. Held: the maker is in
    the signed digest, so neither wallet's ERC-1271 check nor ECDSA accepts
    it."""
    wallets = []
    for _ in range(2):
        wallet = project.ExchangeWallet1271.deploy(maker, sender=deployer)
        exchange_membership.set_member(wallet, True, sender=deployer)
        erc1155_token._mint_for_testing(wallet, HARVEST_ID, 10_000, sender=deployer)
        wallet.execute(
            erc1155_token, erc1155_token.setApprovalForAll.encode_input(exchange, True), sender=maker
        )
        wallets.append(wallet)
    offer = make_offer(maker=wallets[0])
    signature = sign(offer, maker)
    for other_maker in (wallets[1], maker):
        with ape.reverts("exchange: invalid signature"):
            fill(make_offer(maker=other_maker), signature=signature)
    fill(offer, signature=signature)  # the signed one fills, once
    with ape.reverts("exchange: offer cancelled or filled"):
        fill(offer, signature=signature)
    assert erc1155_token.balanceOf(wallets[1], HARVEST_ID) == 10_000


# ------------------------------------------------------- escrow accounting


def test_attack__split_of_an_escrow_in_one_token_and_id__pays_exactly(
    exchange, traders, make_offer, fill, maker, taker, arbiter, timelock_stand_in, erc1155_token
):
    """Both legs in the same harvest batch (1,000 g for 300 g); the arbiter
    splits; each party withdraws, then tries again. Held: each gets exactly
    its share of each leg, the exchange ends with nothing and a second
    withdrawal is refused."""
    exchange.set_arbiter(arbiter, sender=timelock_stand_in)
    offer = make_offer(
        want_token=erc1155_token,
        want_id=HARVEST_ID,
        want_amount=300,
        delivery=Delivery.GIVE,
        delivery_window=DAY,
    )
    escrow = escrow_of(exchange, fill(offer))
    assert erc1155_token.balanceOf(exchange, HARVEST_ID) == 1_300
    exchange.dispute(escrow.as_tuple(), sender=taker)
    exchange.resolve(escrow.as_tuple(), 400, 100, sender=arbiter)
    before = {p: erc1155_token.balanceOf(p, HARVEST_ID) for p in (maker, taker)}
    for party in (taker, maker):
        exchange.withdraw(escrow.as_tuple(), party, sender=party)
    assert erc1155_token.balanceOf(maker, HARVEST_ID) == before[maker] + 600 + 100
    assert erc1155_token.balanceOf(taker, HARVEST_ID) == before[taker] + 400 + 200
    assert erc1155_token.balanceOf(exchange, HARVEST_ID) == 0
    for party in (taker, maker):
        with ape.reverts("exchange: unknown escrow"):
            exchange.withdraw(escrow.as_tuple(), party, sender=party)


def test_attack__expired_batch_in_two_escrows__each_withdrawal_composts_only_its_own(
    coop_exchange, coop_harvest, coop_credit, make_offer, maker, taker, timelock_stand_in, outsider, chain
):
    """One batch sits in two escrows (one settles to the taker, one is
    refunded to the maker) and expires. The first withdrawal composts: does
    it compost only its own leg, or could it eat the other escrow's produce
    (stranding the other party's credit or harvest)? Held: each withdrawal
    composts exactly its leg; the credit legs pay in full; the exchange ends
    empty."""
    now = chain.pending_timestamp
    batch = (
        coop_harvest.log_harvest("leek", 3_000, now - 60, now + 2 * DAY, "plot 2", sender=maker)
        .decode_logs(coop_harvest.HarvestLogged)[0]
        .id
    )
    coop_harvest.setApprovalForAll(coop_exchange, True, sender=maker)
    coop_credit.mint(taker, 10 * 10**18, sender=timelock_stand_in)
    coop_credit.approve(coop_exchange, MAX, sender=taker)
    escrows = []
    for nonce, grams in ((1, 1_000), (2, 700)):
        offer = make_offer(
            give_token=coop_harvest,
            give_id=batch,
            give_amount=grams,
            want_token=coop_credit,
            want_amount=grams * 10**15,
            delivery=Delivery.GIVE,
            delivery_window=DAY,
            nonce=nonce,
        )
        signature = sign_offer(maker, offer, chain.chain_id, coop_exchange)
        escrows.append(
            escrow_of(
                coop_exchange, coop_exchange.fill(offer.as_tuple(), signature, grams, grams, sender=taker)
            )
        )
    released, refunded = escrows
    coop_exchange.dispute(refunded.as_tuple(), sender=taker)
    coop_exchange.resolve(refunded.as_tuple(), 0, 0, sender=timelock_stand_in)
    chain.pending_timestamp = coop_harvest.batch(batch).best_before + 1
    coop_exchange.settle(released.as_tuple(), sender=outsider)

    supply = coop_harvest.total_supply(batch)
    credit = {p: coop_credit.balanceOf(p) for p in (maker, taker)}
    coop_exchange.withdraw(released.as_tuple(), taker, sender=taker)
    assert coop_harvest.total_supply(batch) == supply - 1_000
    assert coop_harvest.balanceOf(coop_exchange, batch) == 700  # the other escrow's produce is untouched
    coop_exchange.withdraw(refunded.as_tuple(), maker, sender=maker)
    coop_exchange.withdraw(released.as_tuple(), maker, sender=maker)
    coop_exchange.withdraw(refunded.as_tuple(), taker, sender=taker)
    assert coop_harvest.total_supply(batch) == supply - 1_700
    assert coop_credit.balanceOf(maker) == credit[maker] + 10**18
    assert coop_credit.balanceOf(taker) == credit[taker] + 7 * 10**17
    assert coop_harvest.balanceOf(coop_exchange, batch) == 0
    assert coop_credit.balanceOf(coop_exchange) == 0


# ------------------------------------------- reentrancy through a receiver hook

RECEIVER_ACCEPTS, RECEIVER_REENTERS = 0, 3


@pytest.fixture
def hook_wallet(project, deployer, exchange, exchange_membership, erc20_token, erc1155_token):
    """A member's contract wallet whose ERC-1155 hook the attacker scripts;
    it holds credit and harvest and approved the exchange for both."""
    wallet = project.ERC1155ReceiverMock.deploy(RECEIVER_ACCEPTS, sender=deployer)
    exchange_membership.set_member(wallet, True, sender=deployer)
    erc20_token._mint_for_testing(wallet, 100 * 10**18, sender=deployer)
    erc1155_token._mint_for_testing(wallet, HARVEST_ID, 10_000, sender=deployer)
    wallet.execute(erc20_token, erc20_token.approve.encode_input(exchange, MAX), sender=deployer)
    wallet.execute(
        erc1155_token, erc1155_token.setApprovalForAll.encode_input(exchange, True), sender=deployer
    )
    return wallet


def test_attack__taker_hook_reenters_fill_during_a_swap__locked(
    exchange, traders, hook_wallet, make_offer, sign, deployer, erc1155_token
):
    """The taker is a contract wallet; while the maker's harvest arrives (the
    swap's give leg, before the taker has paid), its hook fills a second
    offer of the same maker, hoping to act on a half-done fill. Held: the
    call back hits the lock and the whole fill reverts; nothing moves."""
    first, second = make_offer(nonce=11), make_offer(nonce=12)
    reenter = exchange.fill.encode_input(
        second.as_tuple(), sign(second), second.give_amount, second.give_amount
    )
    hook_wallet.set_reentry(exchange, reenter, sender=deployer)
    hook_wallet.set_mode(RECEIVER_REENTERS, sender=deployer)
    call = exchange.fill.encode_input(first.as_tuple(), sign(first), first.give_amount, first.give_amount)
    with ape.reverts():
        hook_wallet.execute(exchange, call, sender=deployer)
    assert exchange.remaining(first.as_tuple()) == first.give_amount
    assert exchange.remaining(second.as_tuple()) == second.give_amount
    hook_wallet.set_mode(RECEIVER_ACCEPTS, sender=deployer)
    hook_wallet.execute(exchange, call, sender=deployer)  # outside the hook it fills
    assert erc1155_token.balanceOf(hook_wallet, HARVEST_ID) == 10_000 + first.give_amount


def test_attack__party_hook_reenters_withdraw_of_a_split__paid_once(
    exchange,
    traders,
    hook_wallet,
    make_offer,
    sign,
    deployer,
    maker,
    timelock_stand_in,
    erc20_token,
    erc1155_token,
):
    """The taker of a split escrow is a contract wallet owed harvest and
    credit. While the harvest arrives, its hook calls `withdraw` again to be
    paid twice. Held: locked, the hook's call reverts, so the harvest the
    hook refused is held (still owed) and only the credit is paid, once;
    done plainly the next withdrawal pays the harvest once, and the
    exchange ends empty after the maker's."""
    offer = make_offer(delivery=Delivery.GIVE, delivery_window=DAY, nonce=13)
    call = exchange.fill.encode_input(offer.as_tuple(), sign(offer), offer.give_amount, offer.give_amount)
    escrow = escrow_of(exchange, hook_wallet.execute(exchange, call, sender=deployer))
    hook_wallet.execute(exchange, exchange.dispute.encode_input(escrow.as_tuple()), sender=deployer)
    exchange.resolve(escrow.as_tuple(), 600, escrow.want_amount // 2, sender=timelock_stand_in)

    withdraw = exchange.withdraw.encode_input(escrow.as_tuple(), hook_wallet)
    hook_wallet.set_reentry(exchange, withdraw, sender=deployer)
    hook_wallet.set_mode(RECEIVER_REENTERS, sender=deployer)
    before = (erc20_token.balanceOf(hook_wallet), erc1155_token.balanceOf(hook_wallet, HARVEST_ID))
    receipt = hook_wallet.execute(exchange, withdraw, sender=deployer)
    held = receipt.decode_logs(exchange.EscrowLegHeld)
    assert [(e.party, e.amount) for e in held] == [(hook_wallet.address, 600)]
    assert erc1155_token.balanceOf(hook_wallet, HARVEST_ID) == before[1]
    assert exchange.owed(escrow.as_tuple(), hook_wallet) == (600, 0)
    hook_wallet.set_mode(RECEIVER_ACCEPTS, sender=deployer)
    hook_wallet.execute(exchange, withdraw, sender=deployer)
    with ape.reverts("exchange: already withdrawn"):
        hook_wallet.execute(exchange, withdraw, sender=deployer)
    assert erc20_token.balanceOf(hook_wallet) == before[0] + escrow.want_amount - escrow.want_amount // 2
    assert erc1155_token.balanceOf(hook_wallet, HARVEST_ID) == before[1] + 600
    exchange.withdraw(escrow.as_tuple(), maker, sender=maker)
    assert erc20_token.balanceOf(exchange) == 0
    assert erc1155_token.balanceOf(exchange, HARVEST_ID) == 0
