"""The cast of NutrientExchange's unit tests (Ape, in-process chain).

Roles come from tests/unit/conftest.py (anvil's mnemonic: 0 deploys and keeps
no role, 1-5 are founders, 6 is an outsider, 9 stands in for the timelock);
this file adds the exchange's roles:

- `maker`: a member who signs offers (founder 1),
- `taker`: a member who fills them (founder 2),
- `arbiter`: the arbiter governance elected (founder 3),
- `federated_member`: a member of a federated co-op only (account 7),
- `pool`: the community pool receiving the fee (an ERC-1155 receiver
  contract the harvest token lets hold harvest, as `set_pool` requires),
- `timelock_stand_in`: the co-op's timelock. Ape's in-process chain cannot impersonate
  a contract, so a plain account stands in for the TimelockController, as in
  the other unit tests; the exchange only checks `msg.sender`.

Membership is `MockMembership` (the exchange only reads
`are_network_members` / `is_network_member` / `TIMELOCK`); the tokens are the
test tokens in contracts/test/. `test_real_tokens.py` runs on the real
Membership and HarvestToken.

Factory fixtures return functions: `make_offer(**terms)` builds an `Offer`,
`sign(offer, signer=maker)` signs it, `fill(offer, ...)` fills it and
`open_escrow(**terms)` opens a delivery escrow and returns its record.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from exchange_helpers import BALANCE, DAY, GIVE_AMOUNT, HARVEST_ID, WANT_AMOUNT, escrow_of  # noqa: E402

from harvest_coop.core.constants import ZERO_ADDRESS, Delivery  # noqa: E402
from harvest_coop.core.offers import Escrow, Offer, sign_offer  # noqa: E402


@pytest.fixture(scope="session")
def maker(founders):
    return founders[0]


@pytest.fixture(scope="session")
def taker(founders):
    return founders[1]


@pytest.fixture(scope="session")
def arbiter(founders):
    return founders[2]


@pytest.fixture(scope="session")
def federated_member(accounts):
    return accounts[7]


@pytest.fixture(scope="session")
def pool(project, deployer, erc1155_token):
    """The community pool: a contract that accepts ERC-1155, which the
    harvest token lets hold harvest."""
    contract = project.ERC1155ReceiverMock.deploy(0, sender=deployer)
    erc1155_token._set_coop_contract_for_testing(contract, True, sender=deployer)
    return contract


@pytest.fixture(scope="session")
def exchange_membership(project, deployer, founders, federated_member, timelock_stand_in):
    membership = project.MockMembership.deploy(timelock_stand_in, sender=deployer)
    for founder_ in founders:
        membership.set_member(founder_, True, sender=deployer)
    membership.set_network_member(federated_member, True, sender=deployer)
    return membership


@pytest.fixture(scope="session")
def erc20_token(project, deployer):
    """An ERC-20 like CoopCredit (snekmate's erc20)."""
    return project.TokenERC20.deploy("Credit", "CRD", 18, sender=deployer)


@pytest.fixture(scope="session")
def erc1155_token(project, deployer):
    """An ERC-1155 like HarvestToken (snekmate's erc1155, no co-op rules)."""
    return project.TokenERC1155.deploy(sender=deployer)


@pytest.fixture(scope="session")
def exchange(project, deployer, exchange_membership, timelock_stand_in, erc1155_token, erc20_token):
    return project.NutrientExchange.deploy(
        exchange_membership, timelock_stand_in, erc1155_token, erc20_token, ZERO_ADDRESS, sender=deployer
    )


@pytest.fixture(scope="session")
def traders(exchange, erc20_token, erc1155_token, founders, federated_member, deployer):
    """Every founder and the federated member hold harvest and credit and
    approved the exchange for both."""
    people = [*founders, federated_member]
    for person in people:
        erc1155_token._mint_for_testing(person, HARVEST_ID, BALANCE, sender=deployer)
        erc20_token._mint_for_testing(person, BALANCE, sender=deployer)
        erc1155_token.setApprovalForAll(exchange, True, sender=person)
        erc20_token.approve(exchange, 2**256 - 1, sender=person)
    return people


@pytest.fixture
def next_timestamp(chain) -> Callable[[], int]:
    """The timestamp the next transaction will have."""
    return lambda: chain.pending_timestamp


@pytest.fixture
def make_offer(maker, erc1155_token, erc20_token, chain) -> Callable[..., Offer]:
    """An offer of `maker`: 1,000 g of harvest for 5 credit, immediate swap,
    all-or-nothing, valid for a day, nonce 1, no fee accepted; any field can
    be overridden."""

    def _make(**terms: Any) -> Offer:
        fields = {
            "maker": maker.address,
            "give_token": erc1155_token.address,
            "give_id": HARVEST_ID,
            "give_amount": GIVE_AMOUNT,
            "want_token": erc20_token.address,
            "want_id": 0,
            "want_amount": WANT_AMOUNT,
            "delivery": Delivery.NONE,
            "delivery_window": 0,
            "expiry": chain.pending_timestamp + DAY,
            "nonce": 1,
            "partial_fill": False,
            "max_fee_bps": 0,
        }
        for key, value in terms.items():
            fields[key] = getattr(value, "address", value)
        return Offer(**fields)

    return _make


@pytest.fixture
def sign(exchange, maker, chain) -> Callable[..., bytes]:
    """Sign `offer` (EIP-712) with `signer` (the maker by default)."""

    def _sign(offer: Offer, signer: Any = None) -> bytes:
        return sign_offer(signer or maker, offer, chain.chain_id, exchange)

    return _sign


@pytest.fixture
def fill(exchange, taker, sign) -> Callable[..., Any]:
    """Fill `offer` (signed by the maker unless `signature` is given) and
    return the receipt. `amount` defaults to the whole offer, the taker's
    `min_amount` to `amount` (all it asked for, or nothing)."""

    def _fill(
        offer: Offer,
        amount: int | None = None,
        sender: Any = None,
        signature: bytes | None = None,
        min_amount: int | None = None,
    ):
        sig = sign(offer) if signature is None else signature
        amount = offer.give_amount if amount is None else amount
        minimum = amount if min_amount is None else min_amount
        return exchange.fill(offer.as_tuple(), sig, amount, minimum, sender=sender or taker)

    return _fill


@pytest.fixture
def open_escrow(traders, make_offer, fill, exchange) -> Callable[..., Escrow]:
    """Open a delivery escrow (by default the maker delivers 1,000 g within a
    day; the taker confirms) and return its record."""

    def _open(amount: int | None = None, sender: Any = None, **terms: Any) -> Escrow:
        terms.setdefault("delivery", Delivery.GIVE)
        terms.setdefault("delivery_window", DAY)
        offer = make_offer(**terms)
        return escrow_of(exchange, fill(offer, amount=amount, sender=sender))

    return _open


@pytest.fixture
def balances(erc20_token, erc1155_token, exchange) -> Callable[..., dict[str, int]]:
    """Credit and harvest balances of some accounts (and of the exchange)."""

    def _balances(*who: Any) -> dict[str, tuple[int, int]]:
        out = {}
        for person in (*who, exchange):
            out[str(person.address)] = (
                int(erc20_token.balanceOf(person)),
                int(erc1155_token.balanceOf(person, HARVEST_ID)),
            )
        return out

    return _balances


# An exchange on the co-op's real HarvestToken and CoopCredit (over the bare
# Membership), for the tests of the rules they enforce through it; one per module.
@pytest.fixture(scope="module")
def coop_harvest(project, deployer, bare_membership, timelock_stand_in):
    return project.HarvestToken.deploy(bare_membership, timelock_stand_in, sender=deployer)


@pytest.fixture(scope="module")
def coop_credit(project, deployer, timelock_stand_in):
    return project.CoopCredit.deploy("Coop Credit", "CRD", timelock_stand_in, sender=deployer)


@pytest.fixture(scope="module")
def coop_exchange(project, deployer, bare_membership, timelock_stand_in, coop_harvest, coop_credit):
    contract = project.NutrientExchange.deploy(
        bare_membership, timelock_stand_in, coop_harvest, coop_credit, ZERO_ADDRESS, sender=deployer
    )
    coop_harvest.set_coop_contract(contract, True, sender=timelock_stand_in)
    return contract


@pytest.fixture
def with_fee(exchange, timelock_stand_in, pool):
    """A 1 % fee paid to the session's pool."""
    exchange.set_pool(pool, sender=timelock_stand_in)
    exchange.set_fee(100, sender=timelock_stand_in)
    return 100
